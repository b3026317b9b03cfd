"""What the /add wizard does on input and clicks.

Every value is checked by the schema's own ``check_*`` rules as soon as it arrives; a
rejection stays in ``dialog_data`` as a problem (code + arguments, JSON only) and the step
is shown again with its reason. The final save goes through ``CreateUserService``.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiogram import Bot
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.manager.manager_middleware import BG_FACTORY_KEY
from aiogram_dialog.widgets.input import ManagedTextInput, MessageInput
from aiogram_dialog.widgets.kbd import Button
from pydantic_core import PydanticCustomError

from bot.db_failures import database_problem
from bot.i18n import Translator
from bot.links import parse_profile_link
from bot.problems import Problem
from bot.projects import usable_project
from bot.service import CreateUserService
from handlers.finished import mark_finished
from handlers.render import render_result
from handlers.wizard.states import TEXT_FIELDS, AddUser
from repository.errors import DATABASE_ERRORS
from repository.instagram import InstagramRepository
from repository.lookups import UserLookup
from repository.preferences import PreferencesRepository
from repository.schemas import InstagramUser, check_pk, check_text, check_url, check_username

log = logging.getLogger("igbot.wizard")

# dialog_data keys besides the user's fields.
EDITING = "editing"  # set once the summary was shown: steps then return to it
PROBLEM = "problem"  # {"code": ..., "args": {...}} (a Problem) or {"key": <message id>}
PROJECT_NAME = "project_name"
EXISTS = "exists"  # the stored row (JSON) when the pk is already in the project
CLASH = "clash"  # {"username", "pk"}: the username is already there under another pk
CLASH_OK = "clash_ok"  # the username the admin chose to add anyway
ADD_ANOTHER = "igbot:add_another"  # callback data of the button under a saved user

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
OPTIONAL_FIELDS = frozenset({"full_name", "profile_pic_url", "profile_chaining_secondary_label",
                             "social_context"})


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
    """The value to store for ``field`` (leading and trailing whitespace trimmed: a name
    of three spaces is no name); raises ``ValueError`` with the reason."""
    text = text.strip()
    if not text and field in OPTIONAL_FIELDS:
        raise PydanticCustomError("text_blank", "is only spaces")
    return str(CHECKS[field](text))


def problem_of(field: str, error: ValueError) -> dict[str, Any]:
    if isinstance(error, PydanticCustomError):
        return {"code": error.type, "args": {"field": field, **(error.context or {})}}
    if isinstance(error, NotAProfileLink):
        return {"key": "wizard-not-profile-link"}
    return {"code": "field_invalid", "args": {"field": field, "detail": str(error)}}


def _field_of(manager: DialogManager) -> str:
    return TEXT_FIELDS[manager.current_context().state]


def _clear_notes(manager: DialogManager) -> None:
    """Forget the last rejection and warning (a stale "already there" note is not shown:
    it names a pk or project the wizard no longer holds)."""
    data = manager.dialog_data
    data.pop(PROBLEM, None)
    data.pop(CLASH, None)


async def next_or_summary(manager: DialogManager) -> None:
    """The next step; after an edit from the summary, back to the summary."""
    _clear_notes(manager)
    data = manager.dialog_data
    if data.get(EDITING):
        await manager.switch_to(AddUser.summary)
    # ``is``: States are singletons, and ``==`` builds both full names each time.
    elif manager.current_context().state is AddUser.pk and data.get("username"):
        await manager.switch_to(AddUser.full_name)  # the username came with /add
    else:
        await manager.next()


def first_missing(data: dict[str, Any]) -> Any:
    """Where a wizard given ``data`` starts: the first required value it lacks."""
    if data.get("project_id") is None:
        return AddUser.project
    if not data.get("pk"):
        return AddUser.pk
    if not data.get("username"):
        return AddUser.username
    return AddUser.full_name


# --- starting -------------------------------------------------------------------------
async def on_start(start_data: Any, manager: DialogManager) -> None:
    """``start_data`` may pre-fill the project (the current one), the pk, the username."""
    manager.dialog_data.update(DEFAULTS)
    if isinstance(start_data, dict):
        for key in ("project_id", PROJECT_NAME, "pk", "username"):
            if start_data.get(key) is not None:
                manager.dialog_data[key] = start_data[key]


# --- early checks -----------------------------------------------------------------------
def _exists_note(pk: str, project_id: int, user: InstagramUser) -> dict[str, Any]:
    return {"pk": pk, "project_id": project_id, "user": user.model_dump(mode="json")}


async def _already_stored(manager: DialogManager) -> bool:
    """The pk is already in the chosen project: keep its row to show, before more typing."""
    data = manager.dialog_data
    if data.get("project_id") is None or not data.get("pk"):
        return False
    repo: InstagramRepository = manager.middleware_data["repo"]
    pk, project_id = str(data["pk"]), int(data["project_id"])
    user = await repo.get_user(pk, project_id)
    if user is None:
        return False
    data[EXISTS] = _exists_note(pk, project_id, user)
    return True


# Duplicate checks running in the background (kept referenced until done).
_CHECKS: set[asyncio.Task[None]] = set()


def check_duplicate_later(manager: DialogManager) -> None:
    """Look the pk up in the project while the wizard goes on to the next step; when it is
    already there, the window on screen is redrawn at once with the stored user.

    In the background so that a step never waits for the database: the admin sees the
    next question at once, and the answer to "is it there already?" a moment later,
    before typing anything more. (Save checks again, in one atomic statement.)
    """
    data = manager.dialog_data
    if data.get("project_id") is None or not data.get("pk"):
        return
    middleware = manager.middleware_data
    repo: InstagramRepository = middleware["repo"]
    chat, sender = middleware.get("event_chat"), middleware.get("event_from_user")
    if chat is None or sender is None:
        return
    pk, project_id = str(data["pk"]), int(data["project_id"])
    # Plain values only: a background manager is built when it is needed (rarely), not
    # on every pk step (it costs a few pydantic objects).
    bot, factory, stack_id = middleware["bot"], middleware[BG_FACTORY_KEY], \
        manager.current_stack().id

    async def check() -> None:
        try:
            user = await repo.get_user(pk, project_id)
        except DATABASE_ERRORS as exc:  # Save will say it plainly; nothing to add here
            log.warning("duplicate check failed: %s", type(exc).__name__)
            return
        if user is not None:  # the getters show it only while pk and project still match
            bg = factory.bg(bot, sender.id, chat.id, stack_id=stack_id)
            await bg.update({EXISTS: _exists_note(pk, project_id, user)})

    task = asyncio.create_task(check())
    _CHECKS.add(task)
    task.add_done_callback(_CHECKS.discard)


async def _username_clash(manager: DialogManager, username: str) -> bool:
    """The username is in the project under another pk, and not yet accepted as such."""
    data = manager.dialog_data
    if data.get("project_id") is None or data.get(CLASH_OK) == username:
        return False
    repo: InstagramRepository = manager.middleware_data["repo"]
    other = await UserLookup(repo.pool).by_username(username, int(data["project_id"]))
    if other is None or other.user_pk == str(data.get("pk")):
        return False
    data[CLASH] = {"username": username, "pk": other.user_pk}
    return True


# --- text steps -----------------------------------------------------------------------
async def on_text_valid(message: Message, widget: ManagedTextInput[str],
                        manager: DialogManager, value: str) -> None:
    field = _field_of(manager)
    _clear_notes(manager)
    try:
        if field == "username" and await _username_clash(manager, value):
            return  # the step shows the warning with "Add anyway"
    except DATABASE_ERRORS as exc:  # the same plain words as Save would give
        problem = database_problem(exc)
        manager.dialog_data[PROBLEM] = {"code": problem.code, "args": problem.args}
        return
    manager.dialog_data[field] = value
    if field == "pk":
        check_duplicate_later(manager)
    await next_or_summary(manager)


async def on_change_pk(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    """From the note that the pk is already in the project: type another one."""
    await manager.switch_to(AddUser.pk)


async def on_add_anyway(callback: CallbackQuery, button: Button,
                        manager: DialogManager) -> None:
    clash = manager.dialog_data.get(CLASH) or {}
    username = str(clash.get("username") or "")
    if not username:
        return
    manager.dialog_data["username"] = username
    manager.dialog_data[CLASH_OK] = username
    await next_or_summary(manager)


async def on_keep(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    """Leave the step's value as it is and move on."""
    await next_or_summary(manager)


async def on_clear(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    """Empty an optional field (the only way to: Skip never clears a value)."""
    manager.dialog_data[_field_of(manager)] = ""
    await next_or_summary(manager)


async def on_change_project(callback: CallbackQuery, button: Button,
                            manager: DialogManager) -> None:
    _clear_notes(manager)
    await manager.switch_to(AddUser.project)


async def on_text_invalid(message: Message, widget: ManagedTextInput[str],
                          manager: DialogManager, error: ValueError) -> None:
    manager.dialog_data[PROBLEM] = problem_of(_field_of(manager), error)


async def on_not_text(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    manager.dialog_data[PROBLEM] = {"key": "wizard-send-text"}


async def on_use_buttons(message: Message, widget: MessageInput,
                         manager: DialogManager) -> None:
    manager.dialog_data[PROBLEM] = {"key": "wizard-use-buttons"}


async def on_skip(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    """Move on; a value the field already holds stays (Clear empties it)."""
    await next_or_summary(manager)


# --- project --------------------------------------------------------------------------
async def on_project_selected(callback: CallbackQuery, widget: Any, manager: DialogManager,
                              project_id: int) -> None:
    repo: InstagramRepository = manager.middleware_data["repo"]
    prefs: PreferencesRepository = manager.middleware_data["prefs"]
    project = await usable_project(repo, project_id)
    if isinstance(project, Problem):
        manager.dialog_data[PROBLEM] = {"code": project.code, "args": project.args}
        return
    await prefs.set_current_project(callback.from_user.id, project.id)
    manager.dialog_data["project_id"] = project.id
    manager.dialog_data[PROJECT_NAME] = project.name
    manager.dialog_data.pop(CLASH_OK, None)  # accepted for another project
    if await _already_stored(manager):
        await manager.switch_to(AddUser.pk)
        return
    if manager.dialog_data.get(EDITING):
        await next_or_summary(manager)
    else:
        _clear_notes(manager)
        await manager.switch_to(first_missing(manager.dialog_data))


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
    _clear_notes(manager)
    state = manager.current_context().state
    if manager.dialog_data.get(EDITING) and state is not AddUser.summary:
        await manager.switch_to(AddUser.summary)
    elif state is AddUser.project:  # "change project" from the pk step: back there
        await manager.switch_to(AddUser.pk)
    elif state is AddUser.pk and manager.dialog_data.get("project_id") is not None:
        await manager.switch_to(AddUser.project)
    else:
        await manager.back()


async def on_edit(callback: CallbackQuery, button: Any, manager: DialogManager) -> None:
    _clear_notes(manager)


def add_another_keyboard(tr: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(
        text=tr("wizard-btn-add-another"), callback_data=ADD_ANOTHER)]])


async def _close_with(callback: CallbackQuery, manager: DialogManager, text: str,
                      outcome: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """End the wizard and turn its message into ``text`` (``markup`` its only buttons)."""
    await mark_finished(manager, outcome)
    await manager.done(show_mode=ShowMode.NO_UPDATE)
    if isinstance(callback.message, Message):
        await callback.message.edit_text(text, reply_markup=markup)
    else:  # too old to edit: say it in a new message
        bot: Bot = manager.middleware_data["bot"]
        await bot.send_message(callback.from_user.id, text, reply_markup=markup)


async def on_cancel(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    tr: Translator = manager.middleware_data["tr"]
    await _close_with(callback, manager, tr("wizard-cancelled"), "cancelled")


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
    await _close_with(callback, manager, render_result(tr, result), "saved",
                      add_another_keyboard(tr))
