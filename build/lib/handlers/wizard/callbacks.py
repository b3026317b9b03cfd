"""What the /add wizard does on input and clicks.

Every value is checked by the schema's own ``check_*`` rules as soon as it arrives; a
rejection stays in ``dialog_data`` as a problem (code + arguments, JSON only) and the step
is shown again with its reason. The final save goes through ``CreateUserService``.
"""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.input import ManagedTextInput, MessageInput
from aiogram_dialog.widgets.kbd import Button
from pydantic_core import PydanticCustomError

from bot.i18n import Translator
from bot.service import CreateUserService
from bot.shapes import parse_profile_link
from handlers.render import render_result
from handlers.wizard.states import TEXT_FIELDS, AddUser
from repository.instagram import InstagramRepository
from repository.preferences import PreferencesRepository
from repository.schemas import check_pk, check_text, check_url, check_username

# dialog_data keys besides the user's fields.
EDITING = "editing"  # set once the summary was shown: steps then return to it
PROBLEM = "problem"  # {"code": ..., "args": {...}} (a Problem) or {"key": <message id>}
PROJECT_NAME = "project_name"

# The user's fields the wizard collects, with their values before anything is given.
DEFAULTS: dict[str, Any] = {
    "project_id": None,
    "pk": "",
    "username": "",
    "full_name": "",
    "is_private": False,
    "is_verified": False,
    "profile_pic_url": "",
    "profile_chaining_secondary_label": "",
    "social_context": "",
}
FLAGS = ("is_private", "is_verified")


class NotAProfileLink(ValueError):
    """An Instagram link that names no profile (a post, a reel...)."""


def read_username(text: str) -> str:
    """A username, ``@handle`` or profile link -> the username, by the schema's rule."""
    name = parse_profile_link(text)
    lowered = text.lower()
    if name is None and ("instagram.com/" in lowered or "instagr.am/" in lowered):
        raise NotAProfileLink(text)
    return check_username(name if name is not None else text)


# The check for each text field: the schema's rules, nothing of our own.
CHECKS = {
    "pk": check_pk,
    "username": read_username,
    "full_name": check_text,
    "profile_pic_url": check_url,
    "profile_chaining_secondary_label": check_text,
    "social_context": check_text,
}


def check_field(field: str, text: str) -> str:
    """The value to store for ``field``; raises ``ValueError`` with the reason."""
    return str(CHECKS[field](text))


def problem_of(field: str, error: ValueError) -> dict[str, Any]:
    if isinstance(error, PydanticCustomError):
        return {"code": error.type, "args": {"field": field, **(error.context or {})}}
    if isinstance(error, NotAProfileLink):
        return {"key": "wizard-not-profile-link"}
    return {"code": "field_invalid", "args": {"field": field, "detail": str(error)}}


def _field_of(manager: DialogManager) -> str:
    return TEXT_FIELDS[manager.current_context().state]


async def next_or_summary(manager: DialogManager) -> None:
    """The next step; after an edit from the summary, back to the summary."""
    manager.dialog_data.pop(PROBLEM, None)
    if manager.dialog_data.get(EDITING):
        await manager.switch_to(AddUser.summary)
    else:
        await manager.next()


# --- starting -------------------------------------------------------------------------
async def on_start(start_data: Any, manager: DialogManager) -> None:
    manager.dialog_data.update(DEFAULTS)


# --- text steps -----------------------------------------------------------------------
async def on_text_valid(message: Message, widget: ManagedTextInput[str],
                        manager: DialogManager, value: str) -> None:
    manager.dialog_data[_field_of(manager)] = value
    await next_or_summary(manager)


async def on_text_invalid(message: Message, widget: ManagedTextInput[str],
                          manager: DialogManager, error: ValueError) -> None:
    manager.dialog_data[PROBLEM] = problem_of(_field_of(manager), error)


async def on_not_text(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    manager.dialog_data[PROBLEM] = {"key": "wizard-send-text"}


async def on_use_buttons(message: Message, widget: MessageInput,
                         manager: DialogManager) -> None:
    manager.dialog_data[PROBLEM] = {"key": "wizard-use-buttons"}


async def on_skip(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    manager.dialog_data[_field_of(manager)] = ""
    await next_or_summary(manager)


# --- project --------------------------------------------------------------------------
async def on_project_selected(callback: CallbackQuery, widget: Any, manager: DialogManager,
                              project_id: int) -> None:
    repo: InstagramRepository = manager.middleware_data["repo"]
    prefs: PreferencesRepository = manager.middleware_data["prefs"]
    project = await repo.get_project(project_id)
    if project is None:
        manager.dialog_data[PROBLEM] = {"code": "project_not_found",
                                        "args": {"project_id": project_id}}
        return
    if not project.is_active:
        manager.dialog_data[PROBLEM] = {"code": "project_inactive",
                                        "args": {"project_id": project_id,
                                                 "name": project.name}}
        return
    await prefs.set_current_project(callback.from_user.id, project.id)
    manager.dialog_data["project_id"] = project.id
    manager.dialog_data[PROJECT_NAME] = project.name
    await next_or_summary(manager)


# --- flags ----------------------------------------------------------------------------
async def on_toggle(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    flag = button.widget_id
    assert flag in FLAGS
    manager.dialog_data[flag] = not manager.dialog_data.get(flag, False)
    manager.dialog_data.pop(PROBLEM, None)


async def on_flags_done(callback: CallbackQuery, button: Button,
                        manager: DialogManager) -> None:
    await next_or_summary(manager)


# --- moving around --------------------------------------------------------------------
async def on_back(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    """The previous step; while editing from the summary, the summary (nothing changed)."""
    manager.dialog_data.pop(PROBLEM, None)
    if manager.dialog_data.get(EDITING) and manager.current_context().state != AddUser.summary:
        await manager.switch_to(AddUser.summary)
    else:
        await manager.back()


async def on_edit(callback: CallbackQuery, button: Any, manager: DialogManager) -> None:
    manager.dialog_data.pop(PROBLEM, None)


async def _close_with(callback: CallbackQuery, manager: DialogManager, text: str) -> None:
    """End the wizard and turn its message into ``text`` (no buttons left)."""
    await manager.done(show_mode=ShowMode.NO_UPDATE)
    if isinstance(callback.message, Message):
        await callback.message.edit_text(text)
    else:  # too old to edit: say it in a new message
        bot: Bot = manager.middleware_data["bot"]
        await bot.send_message(callback.from_user.id, text)


async def on_cancel(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    tr: Translator = manager.middleware_data["tr"]
    await _close_with(callback, manager, tr("wizard-cancelled"))


async def on_confirm(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    service: CreateUserService = manager.middleware_data["service"]
    tr: Translator = manager.middleware_data["tr"]
    data = {name: manager.dialog_data.get(name, default) for name, default in DEFAULTS.items()}
    result = await service.create_instagram_user(data, requester=str(callback.from_user.id))
    if not result.success:
        # Nothing saved (the project went inactive, the database is down...): say why and
        # keep the summary, so the admin can change something or try again.
        manager.dialog_data[PROBLEM] = (
            {"code": result.error_code, "args": result.error_args or {}}
            if result.error_code else {"key": "internal-error"})
        return
    await _close_with(callback, manager, render_result(tr, result))
