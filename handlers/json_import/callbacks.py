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

from bot.db_failures import database_problem
from bot.problems import Problem, problem_from_error
from bot.projects import usable_project
from handlers import widgets
from handlers.finished import mark_finished
from handlers.json_import.messages import import_job, sender_id, still_open_note
from handlers.json_import.pending import PENDING, Pending
from handlers.json_import.states import ImportUsers
from handlers.render import problem_html
from handlers.services import services
from repository.errors import DATABASE_ERRORS
from repository.schemas import TEXT_MAX


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
    app = services(manager)
    start = manager.start_data if isinstance(manager.start_data, dict) else {}
    pending = Pending([{"pk": pk, "username": str(start.get("username", ""))}], single=True)
    requester = sender_id(message)
    project = await app.current_project(requester)
    if project is None:
        widgets.clear_problem(manager)
        manager.dialog_data[PENDING] = pending.to_data()
        await manager.switch_to(ImportUsers.project)
        return
    await manager.done()
    await import_job(app, message.chat.id, requester).run(
        pending, project=project.id, footer=still_open_note(app.tr, manager))


async def on_pk_invalid(message: Message, widget: Any, manager: DialogManager,
                        error: ValueError) -> None:
    """Ask again, saying what was wrong (in the reader's language)."""
    widgets.set_problem(manager, problem_from_error("pk", error))


async def on_pk_not_text(message: Message, widget: MessageInput,
                         manager: DialogManager) -> None:
    widgets.set_problem(manager, Problem("pk_empty", {"field": "pk"}))


# --- the project step -------------------------------------------------------------------
async def on_project_chosen(callback: CallbackQuery, widget: Any, manager: DialogManager,
                            project_id: int) -> None:
    app = services(manager)
    tr = app.tr
    project = await usable_project(app.repo, project_id)
    if isinstance(project, Problem):
        await callback.answer(tr("import-project-gone"), show_alert=True)
        return  # the window is drawn again with the projects active now
    pending = pending_of(manager)
    await app.prefs.set_current_project(callback.from_user.id, project.id)
    await mark_finished(manager, "imported")
    await manager.done()
    if pending is None:  # nothing usable was stored; only the choice is kept
        return
    if len(pending.entries) > app.settings.import_batch_size:
        await callback.answer()  # a long import follows: stop the button's spinner now
    chosen = tr("import-project-chosen", name=escape(project.name), id=project.id)
    # With no dialog under it, the question's message becomes the answer; otherwise the
    # dialog below has just been drawn there, and the choice heads the result.
    header = chosen
    if not manager.has_context() and await _replace_window(app.bot, callback, chosen):
        header = ""
    await import_job(app, _chat_id(callback), callback.from_user.id).run(
        pending, project=project.id, header=header, footer=still_open_note(tr, manager))


async def on_cancel(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    app = services(manager)
    await mark_finished(manager, "cancelled")
    await manager.done()
    text = app.tr("import-cancelled")
    if manager.has_context() or not await _replace_window(app.bot, callback, text):
        await app.bot.send_message(_chat_id(callback), text)


# --- a project created right there (none to choose, or a new one wanted) ---------------
def read_project_name(text: str) -> str:
    """A project name is one line: runs of whitespace become one space, ends trimmed."""
    return " ".join(text.split())


async def on_new_project(callback: CallbackQuery, button: Button,
                         manager: DialogManager) -> None:
    widgets.clear_problem(manager)
    await manager.switch_to(ImportUsers.new_project)


async def on_back_to_projects(callback: CallbackQuery, button: Button,
                              manager: DialogManager) -> None:
    widgets.clear_problem(manager)
    await manager.switch_to(ImportUsers.project)


async def on_project_name(message: Message, widget: MessageInput,
                          manager: DialogManager) -> None:
    """Create the project, make it current, import what was kept into it."""
    app = services(manager)
    name = read_project_name(message.text or "")
    if not name:
        widgets.set_problem(manager, Problem("project_name_empty"))
        return
    if len(name) > TEXT_MAX:
        widgets.set_problem(manager, Problem("project_name_too_long",
                                             {"length": len(name), "limit": TEXT_MAX}))
        return
    requester = sender_id(message)
    try:
        project = await app.repo.create_project(name)
        await app.prefs.set_current_project(requester, project.id)
    except DATABASE_ERRORS as exc:
        await message.answer(app.tr("result-rejected",
                                    reason=problem_html(app.tr, database_problem(exc))))
        return  # the question stays: the name can be sent again
    pending = pending_of(manager)
    await mark_finished(manager, "imported")
    await manager.done()
    header = app.tr("import-project-created", name=escape(project.name), id=project.id)
    if pending is None:
        await app.bot.send_message(message.chat.id, header)
        return
    await import_job(app, message.chat.id, requester).run(
        pending, project=project.id, header=header, footer=still_open_note(app.tr, manager))


async def on_project_name_not_text(message: Message, widget: MessageInput,
                                   manager: DialogManager) -> None:
    widgets.set_problem(manager, Problem("project_name_empty"))
