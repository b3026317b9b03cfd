"""Plain handlers of the JSON import.

A pasted or forwarded JSON text, or a ``.json`` document, is read by ``bot.shapes`` (any
shape it accepts) and created by an ``ImportJob`` (``handlers.json_import.job``). These
handlers live in a router that is included before every dialog (``handlers/__init__.py``),
so an open dialog never swallows JSON; a bare profile link or ``@handle`` is taken only
when no dialog is open, because a dialog step may be asking for a username.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import suppress
from html import escape

from aiogram import Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.state import State
from aiogram.types import Message, ReplyParameters
from aiogram_dialog import DialogManager, ShowMode
from pydantic_core import PydanticCustomError

from bot.heap import collector_paused
from bot.i18n import Translator
from bot.json_in_text import has_curly_quotes
from bot.problems import ProblemError, problem_from_error
from bot.shapes import read_users
from bot.sizes import size_and_limit
from handlers.filters import has_document, json_payload, profile_link
from handlers.finished import mark_finished
from handlers.forms import open_state, takes_text
from handlers.json_import.job import ImportJob
from handlers.json_import.pending import PENDING, Pending
from handlers.json_import.states import ImportUsers
from handlers.render import compose, problem_html
from handlers.services import AppServices, services
from handlers.text import clip
from repository.rules import check_username

log = logging.getLogger("igbot.import")

# Documents are accepted by name or by MIME type; anything else is refused unread.
JSON_SUFFIX = ".json"
ACCEPTED_MIME_TYPES = frozenset({"application/json", "text/plain"})
# How much of a document's name a reply shows.
NAME_SHOWN = 200
# A broken text this long was probably cut by Telegram's 4096-character limit.
SPLIT_TEXT_CHARS = 4000


async def replace_question(manager: DialogManager, *states: State) -> None:
    """End the import questions of these kinds on top of the admin's stack: a newer one
    of the same kind replaces them (it comes as a new message; the old one loses its
    buttons)."""
    if open_state(manager) not in states:
        return
    shown = manager.current_stack().last_message_id
    while open_state(manager) in states:
        await mark_finished(manager, "cancelled")
        await manager.done(show_mode=ShowMode.NO_UPDATE)
    manager.show_mode = ShowMode.SEND
    app = services(manager)
    if shown is not None and app.chat is not None:
        with suppress(TelegramBadRequest):  # already gone or too old to edit
            await app.bot.edit_message_reply_markup(chat_id=app.chat.id, message_id=shown,
                                                    reply_markup=None)


def still_open_note(tr: Translator, manager: DialogManager) -> str:
    """Said after an import when a dialog (the wizard, say) still waits for an answer."""
    return tr("import-still-open") if manager.has_context() else ""


def sender_id(message: Message) -> int:
    return message.from_user.id if message.from_user else message.chat.id


def import_job(app: AppServices, chat_id: int, requester: int) -> ImportJob:
    return ImportJob(app.bot, chat_id, requester, app.tr, app.service,
                     app.settings.import_batch_size, app.settings.import_progress_seconds)


async def import_or_ask(message: Message, pending: Pending, manager: DialogManager) -> None:
    """Create now with the right project, or ask for the project first.

    The project is the user's own ``project_id``, else the admin's current (active)
    project, else the admin picks one with buttons: the import dialog, started on top of
    any open dialog, which carries on where it was once the import is done.
    """
    app = services(manager)
    requester = sender_id(message)
    project: int | None = None
    if pending.without_project:
        current = await app.current_project(requester)
        project = current.id if current is not None else None
        if project is None:
            # One question per paste: an earlier import question is replaced (its message
            # loses its buttons), never stacked under this one.
            await replace_question(manager, ImportUsers.project, ImportUsers.new_project)
            await manager.start(ImportUsers.project, data={PENDING: pending.to_data()})
            return
    header = (app.tr("import-current-project", id=project)
              if project is not None and not pending.single else "")
    await import_job(app, message.chat.id, requester).run(
        pending, project=project, header=header, footer=still_open_note(app.tr, manager))


async def import_document(message: Message, raw: str | bytes, manager: DialogManager) -> None:
    app = services(manager)
    tr = app.tr
    try:
        # In a worker thread: a big document must not hold up other admins' updates.
        with collector_paused():
            extracted = await asyncio.to_thread(
                read_users, raw, max_bytes=app.settings.max_document_bytes,
                max_entries=app.settings.max_document_entries)
    except ProblemError as exc:
        text = tr("import-rejected", reason=problem_html(tr, exc.problem))
        if (exc.problem.code == "json_syntax" and isinstance(raw, str)
                and len(raw) >= SPLIT_TEXT_CHARS):
            text = compose(text, tr("import-split-hint"))
        if exc.problem.code == "json_syntax" and has_curly_quotes(
                raw if isinstance(raw, str) else raw.decode("utf-8", "replace")):
            text = compose(text, tr("import-curly-quotes-hint"))
        await reply(message, compose(text, still_open_note(tr, manager)))
        return
    pending = Pending(extracted.entries, extracted.single, reply_to=message.message_id)
    await import_or_ask(message, pending, manager)


async def reply(message: Message, text: str) -> None:
    await message.answer(text, reply_parameters=ReplyParameters(
        message_id=message.message_id, allow_sending_without_reply=True))


def origin_kind(message: Message) -> str:
    """``direct``, or the kind of a forward's origin: user, hidden_user, chat, channel."""
    origin = message.forward_origin
    return "direct" if origin is None else str(origin.type)


# --- handlers ---------------------------------------------------------------------------
async def on_json_text(message: Message, payload: str, dialog_manager: DialogManager) -> None:
    log.info("JSON text from %s (%s, %d characters)", sender_id(message),
             origin_kind(message), len(payload))
    await import_document(message, payload, dialog_manager)


def _mime(value: str | None) -> str:
    return (value or "").split(";", 1)[0].strip().lower()


async def on_document(message: Message, dialog_manager: DialogManager) -> None:
    """A document: name/MIME and size are checked before anything is downloaded."""
    app = services(dialog_manager)
    tr = app.tr
    document = message.document
    assert document is not None
    file_name = document.file_name or ""
    mime = _mime(document.mime_type)
    name = escape(clip(file_name, NAME_SHOWN)) if file_name else tr("import-doc-unnamed")
    note = still_open_note(tr, dialog_manager)
    if not (file_name.lower().endswith(JSON_SUFFIX) or mime in ACCEPTED_MIME_TYPES):
        await reply(message, compose(tr(
            "import-doc-not-json", name=name,
            mime=escape(mime) if mime else tr("import-doc-unknown-type")), note))
        return
    limit = app.settings.max_document_bytes
    if document.file_size is not None and document.file_size > limit:
        shown, most = size_and_limit(document.file_size, limit, tr.locale)
        await reply(message, compose(tr("import-doc-too-big", name=name,
                                        size=shown, limit=most), note))
        return
    log.info("JSON document from %s (%s, %s bytes)", sender_id(message),
             origin_kind(message), document.file_size)
    try:
        buffer = await app.bot.download(document)
    except TelegramBadRequest as exc:
        if "too big" not in exc.message.lower():
            raise
        # Telegram's own download cap, for a document that did not give its size.
        shown, most = size_and_limit(document.file_size or limit + 1, limit, tr.locale)
        await reply(message, compose(tr("import-doc-too-big", name=name,
                                        size=shown, limit=most), note))
        return
    assert buffer is not None
    await import_document(message, buffer.read(), dialog_manager)


async def on_profile_link(message: Message, username: str, tr: Translator,
                          dialog_manager: DialogManager) -> None:
    """A link gives only a username: check it, then ask for the pk.

    A form step waiting for typed input (the wizard's username, say) takes it instead; an
    earlier pk question is replaced by this one.
    """
    if takes_text(dialog_manager) and open_state(dialog_manager) != ImportUsers.pk:
        raise SkipHandler  # on to the open form
    try:
        checked = check_username(username)
    except PydanticCustomError as err:
        await reply(message, tr("result-rejected", reason=problem_html(
            tr, problem_from_error("username", err))))
        return
    await replace_question(dialog_manager, ImportUsers.pk)
    await dialog_manager.start(ImportUsers.pk, data={"username": checked})


def create_router() -> Router:
    """The import's plain handlers; include it before every dialog."""
    router = Router(name="json_import")
    router.message.register(on_document, has_document)
    router.message.register(on_json_text, json_payload)
    router.message.register(on_profile_link, profile_link)
    return router
