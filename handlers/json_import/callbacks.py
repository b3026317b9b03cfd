"""Handlers of the import dialog: the pk answer, the project buttons and Cancel."""

from __future__ import annotations

from html import escape
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button
from pydantic_core import PydanticCustomError

from bot.db_failures import database_problem
from bot.problems import Problem
from bot.projects import usable_project
from handlers.finished import mark_finished
from handlers.json_import.messages import PENDING, Pending, Tools, sender_id, still_open_note
from handlers.json_import.states import ImportUsers
from repository.errors import DATABASE_ERRORS
from repository.schemas import TEXT_MAX

# dialog_data key of the last rejected pk answer: {"code": ..., "args": {...}}
ERROR = "error"


def pending_of(manager: DialogManager) -> Pending | None:
    """The users waiting in this dialog: set by the pk step, or given at start."""
    data = manager.dialog_data.get(PENDING)
    if data is None and isinstance(manager.start_data, dict):
        data = manager.start_data.get(PENDING)
    return Pending.from_data(data)


def _chat_id(callback: CallbackQuery) -> int:
    return callback.message.chat.id if callback.message else callback.from_user.id


async def _replace_window(bot: Bot, callback: CallbackQuery, text: str) -> bool:
    """Turn the closed dialog's message into ``text``; False when it cannot be edited."""
    if not isinstance(callback.message, Message):
        return False
    try:
        await bot.edit_message_text(text=text, chat_id=callback.message.chat.id,
                                    message_id=callback.message.message_id)
    except TelegramBadRequest:
        return False
    return True


# --- the pk step ------------------------------------------------------------------------
async def on_pk_entered(message: Message, widget: Any, manager: DialogManager,
                        pk: str) -> None:
    tools = Tools.of(manager)
    start = manager.start_data if isinstance(manager.start_data, dict) else {}
    pending = Pending([{"pk": pk, "username": str(start.get("username", ""))}], single=True)
    requester = sender_id(message)
    project = await tools.current_project(requester)
    if project is None:
        manager.dialog_data.pop(ERROR, None)
        manager.dialog_data[PENDING] = pending.to_data()
        await manager.switch_to(ImportUsers.project)
        return
    await manager.done()
    await tools.job(message.chat.id, requester).run(
        pending, project=project, footer=still_open_note(tools.tr, manager))


async def on_pk_invalid(message: Message, widget: Any, manager: DialogManager,
                        error: ValueError) -> None:
    """Ask again, saying what was wrong (rendered by the getter in the reader's language)."""
    if isinstance(error, PydanticCustomError):
        manager.dialog_data[ERROR] = {"code": error.type,
                                      "args": {"field": "pk", **(error.context or {})}}
    else:
        manager.dialog_data[ERROR] = {"code": "pk_format", "args": {"field": "pk"}}


async def on_pk_not_text(message: Message, widget: MessageInput,
                         manager: DialogManager) -> None:
    manager.dialog_data[ERROR] = {"code": "pk_empty", "args": {"field": "pk"}}


# --- the project step -------------------------------------------------------------------
async def on_project_chosen(callback: CallbackQuery, widget: Any, manager: DialogManager,
                            project_id: int) -> None:
    tools = Tools.of(manager)
    tr = tools.tr
    project = await usable_project(tools.repo, project_id)
    if isinstance(project, Problem):
        await callback.answer(tr("import-project-gone"), show_alert=True)
        return  # the window is drawn again with the projects active now
    pending = pending_of(manager)
    await tools.prefs.set_current_project(callback.from_user.id, project.id)
    await mark_finished(manager, "imported")
    await manager.done()
    if pending is None:  # nothing usable was stored; only the choice is kept
        return
    if len(pending.entries) > tools.settings.import_batch_size:
        await callback.answer()  # a long import follows: stop the button's spinner now
    chosen = tr("import-project-chosen", name=escape(project.name), id=project.id)
    # With no dialog under it, the question's message becomes the answer; otherwise the
    # dialog below has just been drawn there, and the choice heads the result.
    header = chosen
    if not manager.has_context() and await _replace_window(tools.bot, callback, chosen):
        header = ""
    await tools.job(_chat_id(callback), callback.from_user.id).run(
        pending, project=project.id, header=header, footer=still_open_note(tr, manager))


async def on_cancel(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    tools = Tools.of(manager)
    await mark_finished(manager, "cancelled")
    await manager.done()
    text = tools.tr("import-cancelled")
    if manager.has_context() or not await _replace_window(tools.bot, callback, text):
        await tools.bot.send_message(_chat_id(callback), text)


# --- a project created right there (none to choose, or a new one wanted) ---------------
NAME_ERROR = "name_error"


def read_project_name(text: str) -> str:
    """A project name is one line: runs of whitespace become one space, ends trimmed."""
    return " ".join(text.split())


async def on_new_project(callback: CallbackQuery, button: Button,
                         manager: DialogManager) -> None:
    manager.dialog_data.pop(NAME_ERROR, None)
    await manager.switch_to(ImportUsers.new_project)


async def on_back_to_projects(callback: CallbackQuery, button: Button,
                              manager: DialogManager) -> None:
    manager.dialog_data.pop(NAME_ERROR, None)
    await manager.switch_to(ImportUsers.project)


async def on_project_name(message: Message, widget: MessageInput,
                          manager: DialogManager) -> None:
    """Create the project, make it current, import what was kept into it."""
    tools = Tools.of(manager)
    name = read_project_name(message.text or "")
    if not name:
        manager.dialog_data[NAME_ERROR] = {"key": "import-new-project-empty"}
        return
    if len(name) > TEXT_MAX:
        manager.dialog_data[NAME_ERROR] = {"key": "import-new-project-too-long",
                                           "args": {"length": len(name), "limit": TEXT_MAX}}
        return
    requester = sender_id(message)
    try:
        project = await tools.repo.create_project(name)
        await tools.prefs.set_current_project(requester, project.id)
    except DATABASE_ERRORS as exc:
        problem = database_problem(exc)
        await message.answer(tools.tr("result-rejected",
                                      reason=escape(tools.tr.problem(problem))))
        return  # the question stays: the name can be sent again
    pending = pending_of(manager)
    await mark_finished(manager, "imported")
    await manager.done()
    header = tools.tr("import-project-created", name=escape(project.name), id=project.id)
    if pending is None:
        await tools.bot.send_message(message.chat.id, header)
        return
    await tools.job(message.chat.id, requester).run(
        pending, project=project.id, header=header, footer=still_open_note(tools.tr, manager))


async def on_project_name_not_text(message: Message, widget: MessageInput,
                                   manager: DialogManager) -> None:
    manager.dialog_data[NAME_ERROR] = {"key": "import-new-project-empty"}
