"""What the /add wizard does on input and clicks.

Every value is checked by the schema's own ``check_*`` rules as soon as it arrives
(``handlers.wizard.checks``); a rejection stays in ``dialog_data`` as a problem and the
step is shown again with its reason. The final save goes through ``CreateUserService``.
"""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.input import ManagedTextInput
from aiogram_dialog.widgets.kbd import Button

from bot.db_failures import database_problem
from bot.i18n import Translator
from bot.problems import Problem, problem_from_error
from bot.projects import usable_project
from handlers import widgets
from handlers.finished import mark_finished
from handlers.render import render_result, result_problem
from handlers.services import services
from handlers.wizard.duplicates import (
    CLASH,
    CLASH_OK,
    already_stored,
    check_duplicate_later,
    username_clash,
)
from handlers.wizard.states import TEXT_FIELDS, AddUser
from repository.errors import DATABASE_ERRORS

# dialog_data keys besides the user's fields (and the last problem, ``widgets.PROBLEM``).
EDITING = "editing"  # set once the summary was shown: steps then return to it
PROJECT_NAME = "project_name"
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


def _field_of(manager: DialogManager) -> str:
    return TEXT_FIELDS[manager.current_context().state]


def _clear_notes(manager: DialogManager) -> None:
    """Forget the last rejection and warning (a stale "already there" note is not shown:
    it names a pk or project the wizard no longer holds)."""
    widgets.clear_problem(manager)
    manager.dialog_data.pop(CLASH, None)


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


# --- text steps -----------------------------------------------------------------------
async def on_text_valid(message: Message, widget: ManagedTextInput[str],
                        manager: DialogManager, value: str) -> None:
    field = _field_of(manager)
    _clear_notes(manager)
    try:
        if field == "username" and await username_clash(manager, value):
            return  # the step shows the warning with "Add anyway"
    except DATABASE_ERRORS as exc:  # the same plain words as Save would give
        widgets.set_problem(manager, database_problem(exc))
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
    widgets.set_problem(manager, problem_from_error(_field_of(manager), error))


async def on_skip(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    """Move on; a value the field already holds stays (Clear empties it)."""
    await next_or_summary(manager)


# --- project --------------------------------------------------------------------------
async def on_project_selected(callback: CallbackQuery, widget: Any, manager: DialogManager,
                              project_id: int) -> None:
    app = services(manager)
    project = await usable_project(app.repo, project_id)
    if isinstance(project, Problem):
        widgets.set_problem(manager, project)
        return
    await app.prefs.set_current_project(callback.from_user.id, project.id)
    manager.dialog_data["project_id"] = project.id
    manager.dialog_data[PROJECT_NAME] = project.name
    manager.dialog_data.pop(CLASH_OK, None)  # accepted for another project
    if await already_stored(manager):
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
    widgets.clear_problem(manager)


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
        await services(manager).bot.send_message(callback.from_user.id, text,
                                                 reply_markup=markup)


async def on_cancel(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await _close_with(callback, manager, services(manager).tr("wizard-cancelled"), "cancelled")


async def on_confirm(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    app = services(manager)
    data = {name: manager.dialog_data.get(name, default) for name, default in DEFAULTS.items()}
    result = await app.service.create_instagram_user(data, requester=str(callback.from_user.id))
    if not result.success:
        # Nothing saved (the project went inactive, the database is down...): say why and
        # keep the summary, so the admin can change something or try again.
        widgets.set_problem(manager, result_problem(result) or Problem("internal_error"))
        return
    await _close_with(callback, manager, render_result(app.tr, result), "saved",
                      add_another_keyboard(app.tr))
