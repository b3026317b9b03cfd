"""Plain handlers of the JSON import, and the import itself.

A pasted or forwarded JSON text, or a ``.json`` document, is read by ``bot.shapes`` (any
shape it accepts) and created by the service: one user gets the wizard's reply, a list
one summary message, edited as batches finish. These handlers live in a router that is
included before every dialog (``handlers/__init__.py``), so an open dialog never swallows
JSON; a bare profile link or ``@handle`` is taken only when no dialog is open, because a
dialog step may be asking for a username.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from html import escape
from typing import Any

from aiogram import Bot, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.exceptions import TelegramBadRequest, TelegramRetryAfter
from aiogram.fsm.state import State
from aiogram.types import BufferedInputFile, InlineKeyboardMarkup, Message, ReplyParameters
from aiogram_dialog import DialogManager, ShowMode
from pydantic_core import PydanticCustomError

from bot.config import Settings
from bot.heap import big_work_frozen, collector_paused
from bot.i18n import Translator
from bot.json_in_text import find_json, has_curly_quotes
from bot.links import parse_profile_link
from bot.problems import Problem, ProblemError
from bot.projects import current_project as usable_current_project
from bot.service import CreateUserService
from bot.shapes import read_users
from bot.sizes import size_and_limit
from handlers.finished import mark_finished
from handlers.forms import open_state, takes_text
from handlers.import_report import rejected_csv, render_import_summary
from handlers.json_import.states import ImportUsers
from handlers.manage.offers import offer_update, undo_import_markup
from handlers.render import render_result
from repository.instagram import InstagramRepository
from repository.preferences import PreferencesRepository
from repository.schemas import CreateUserResult, check_username

log = logging.getLogger("igbot.import")

# Documents are accepted by name or by MIME type; anything else is refused unread.
JSON_SUFFIX = ".json"
ACCEPTED_MIME_TYPES = frozenset({"application/json", "text/plain"})
# User-given text inside a rejection reason (a key, an error message) is cut for display.
REASON_ARG_MAX = 200
# A broken text this long was probably cut by Telegram's 4096-character limit.
SPLIT_TEXT_CHARS = 4000
# Where the import dialog keeps ``Pending.to_data()``: its start data or dialog data.
PENDING = "pending"


# --- what waits for an answer -----------------------------------------------------------
@dataclass(frozen=True)
class Pending:
    """Users read from one document, waiting to be created.

    Stored in a dialog's start or dialog data as ``to_data()``: plain JSON, so any FSM
    storage (Redis included) keeps it.
    """

    entries: list[dict[str, Any] | Problem]
    single: bool
    reply_to: int | None = None

    @property
    def without_project(self) -> int:
        """How many users name no project of their own."""
        return sum(1 for e in self.entries
                   if isinstance(e, dict) and e.get("project_id") is None)

    def to_data(self) -> dict[str, Any]:
        return {
            "entries": [{"problem": {"code": e.code, "args": e.args}}
                        if isinstance(e, Problem) else {"user": e} for e in self.entries],
            "single": self.single,
            "reply_to": self.reply_to,
        }

    @classmethod
    def from_data(cls, data: Any) -> Pending | None:
        if not isinstance(data, Mapping) or not isinstance(data.get("entries"), list):
            return None
        entries: list[dict[str, Any] | Problem] = []
        for item in data["entries"]:
            if "problem" in item:
                problem = item["problem"]
                entries.append(Problem(str(problem["code"]), dict(problem.get("args") or {})))
            else:
                entries.append(dict(item["user"]))
        reply_to = data.get("reply_to")
        return cls(entries, bool(data.get("single")),
                   reply_to if isinstance(reply_to, int) else None)


# --- rendering helpers ------------------------------------------------------------------
def _clip_args(args: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v[:REASON_ARG_MAX - 1] + "…" if isinstance(v, str) and len(v) > REASON_ARG_MAX
            else v for k, v in args.items()}


def problem_html(tr: Translator, problem: Problem) -> str:
    """A problem in the reader's language, user-given parts cut short, HTML-escaped."""
    return escape(tr.problem(Problem(problem.code, _clip_args(problem.args))))


def _clip_result(result: CreateUserResult) -> CreateUserResult:
    if not result.error_args:
        return result
    return result.model_copy(update={"error_args": _clip_args(result.error_args)})


def compose(*parts: str) -> str:
    return "\n\n".join(part for part in parts if part)


# --- running an import ------------------------------------------------------------------
@dataclass
class ImportJob:
    """Creates pending users for one requester and reports in one chat."""

    bot: Bot
    chat_id: int
    requester: int
    tr: Translator
    service: CreateUserService
    # Users created per batch of a list; the summary message is edited after each batch,
    # at most once per ``progress_seconds`` (settings IMPORT_BATCH_SIZE and
    # IMPORT_PROGRESS_SECONDS).
    batch_size: int = 1000
    progress_seconds: float = 2.0
    entries: list[dict[str, Any] | Problem] = field(default_factory=list)

    async def send(self, text: str, reply_to: int | None = None,
                   markup: InlineKeyboardMarkup | None = None) -> Message:
        reply = (ReplyParameters(message_id=reply_to, allow_sending_without_reply=True)
                 if reply_to is not None else None)
        return await self.bot.send_message(self.chat_id, text, reply_parameters=reply,
                                           reply_markup=markup)

    async def edit(self, message: Message, text: str, *, final: bool,
                   markup: InlineKeyboardMarkup | None = None) -> None:
        """Edit the summary; a progress edit is skipped when Telegram objects, the final
        one is retried once after a flood wait and otherwise sent as a new message."""
        for _ in range(2):
            try:
                await self.bot.edit_message_text(text=text, chat_id=self.chat_id,
                                                 message_id=message.message_id,
                                                 reply_markup=markup)
                return
            except TelegramRetryAfter as exc:
                if not final:
                    return
                await asyncio.sleep(exc.retry_after)
            except TelegramBadRequest as exc:
                if "not modified" in exc.message:
                    return
                log.warning("could not edit the import summary: %s", exc.message)
                break
        if final:
            await self.send(text, markup=markup)

    def summary(self, results: list[CreateUserResult], total: int, *, done: bool) -> str:
        return render_import_summary(self.tr, self.entries, results, total, done=done,
                                     clip=REASON_ARG_MAX)

    async def send_rejected(self, results: list[CreateUserResult]) -> None:
        """Every rejected entry with its reason, as a CSV document."""
        if all(r.success for r in results):
            return
        data = rejected_csv(self.tr, self.entries, results)
        await self.bot.send_document(self.chat_id, BufferedInputFile(
            data, filename="rejected.csv"), caption=self.tr("import-rejected-caption"))

    async def run(self, pending: Pending, *, project: int | None, header: str = "",
                  footer: str = "") -> None:
        """Create the users; ``project`` goes to those that name none."""
        requester = str(self.requester)
        if pending.single and len(pending.entries) == 1:
            entry = pending.entries[0]
            offer = None
            if isinstance(entry, Problem):
                body = self.tr("result-rejected", reason=problem_html(self.tr, entry))
            else:
                result = await self.service.create_instagram_user(
                    entry, default_project=project, requester=requester)
                body = render_result(self.tr, _clip_result(result))
                offer = await offer_update(self.tr, self.service, entry, result, project,
                                           requester)
            await self.send(compose(header, body, offer.text if offer else "", footer),
                            pending.reply_to, offer.markup if offer else None)
            return
        total = len(pending.entries)
        self.entries = pending.entries
        batch_size = self.batch_size
        if total <= batch_size:
            results = await self.service.create_many(
                pending.entries, default_project=project, requester=requester,
                batch_size=batch_size)
            await self.send(compose(header, self.summary(results, total, done=True), footer),
                            pending.reply_to,
                            await undo_import_markup(self.tr, self.service, requester, results))
            await self.send_rejected(results)
            return
        summary = await self.send(compose(header, self.summary([], total, done=False)),
                                  pending.reply_to)
        last_edit = time.monotonic()

        async def on_batch(results: list[CreateUserResult]) -> None:
            nonlocal last_edit
            if len(results) >= total or time.monotonic() - last_edit < self.progress_seconds:
                return  # the final edit follows, or the last one was a moment ago
            await self.edit(summary, compose(header, self.summary(results, total, done=False)),
                            final=False)
            last_edit = time.monotonic()

        # What is alive now (the parsed users, the libraries) is kept out of the garbage
        # collector's scans while the import runs: a full scan would pause every update.
        with big_work_frozen():
            results = await self.service.create_many(
                pending.entries, default_project=project, requester=requester,
                batch_size=batch_size, on_batch=on_batch)
        await self.edit(summary, compose(header, self.summary(results, total, done=True),
                                         footer), final=True,
                        markup=await undo_import_markup(self.tr, self.service, requester,
                                                        results))
        await self.send_rejected(results)


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
    chat = manager.middleware_data.get("event_chat")
    if shown is not None and chat is not None:
        bot: Bot = manager.middleware_data["bot"]
        with suppress(TelegramBadRequest):  # already gone or too old to edit
            await bot.edit_message_reply_markup(chat_id=chat.id, message_id=shown,
                                                reply_markup=None)


def still_open_note(tr: Translator, manager: DialogManager) -> str:
    """Said after an import when a dialog (the wizard, say) still waits for an answer."""
    return tr("import-still-open") if manager.has_context() else ""


@dataclass(frozen=True)
class Tools:
    """What the import needs from the Dispatcher's workflow data and the update."""

    bot: Bot
    tr: Translator
    settings: Settings
    service: CreateUserService
    repo: InstagramRepository
    prefs: PreferencesRepository

    @classmethod
    def of(cls, manager: DialogManager) -> Tools:
        data = manager.middleware_data
        return cls(bot=data["bot"], tr=data["tr"], settings=data["settings"],
                   service=data["service"], repo=data["repo"], prefs=data["prefs"])

    def job(self, chat_id: int, requester: int) -> ImportJob:
        return ImportJob(self.bot, chat_id, requester, self.tr, self.service,
                         self.settings.import_batch_size,
                         self.settings.import_progress_seconds)

    async def current_project(self, requester: int) -> int | None:
        """The admin's current project's id, if it is still there and active."""
        project = await usable_current_project(self.repo, self.prefs, requester)
        return project.id if project is not None else None


def sender_id(message: Message) -> int:
    return message.from_user.id if message.from_user else message.chat.id


async def import_or_ask(message: Message, pending: Pending, tools: Tools,
                        manager: DialogManager) -> None:
    """Create now with the right project, or ask for the project first.

    The project is the user's own ``project_id``, else the admin's current (active)
    project, else the admin picks one with buttons: the import dialog, started on top of
    any open dialog, which carries on where it was once the import is done.
    """
    requester = sender_id(message)
    project: int | None = None
    if pending.without_project:
        project = await tools.current_project(requester)
        if project is None:
            # One question per paste: an earlier import question is replaced (its message
            # loses its buttons), never stacked under this one.
            await replace_question(manager, ImportUsers.project, ImportUsers.new_project)
            await manager.start(ImportUsers.project, data={PENDING: pending.to_data()})
            return
    header = (tools.tr("import-current-project", id=project)
              if project is not None and not pending.single else "")
    await tools.job(message.chat.id, requester).run(
        pending, project=project, header=header, footer=still_open_note(tools.tr, manager))


async def import_document(message: Message, raw: str | bytes, tools: Tools,
                          manager: DialogManager) -> None:
    tr = tools.tr
    try:
        # In a worker thread: a big document must not hold up other admins' updates.
        with collector_paused():
            extracted = await asyncio.to_thread(
                read_users, raw, max_bytes=tools.settings.max_document_bytes,
                max_entries=tools.settings.max_document_entries)
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
    await import_or_ask(message, pending, tools, manager)


async def reply(message: Message, text: str) -> None:
    await message.answer(text, reply_parameters=ReplyParameters(
        message_id=message.message_id, allow_sending_without_reply=True))


# --- filters ----------------------------------------------------------------------------
# Coroutines on purpose: aiogram runs a plain-function filter (a magic ``F`` filter too)
# in a worker thread, a thread hop for every message that reaches this router.
async def has_document(message: Message) -> bool:
    return message.document is not None


async def json_payload(message: Message) -> dict[str, Any] | bool:
    """A text (or caption) holding JSON, broken or not: alone, in a ``` code block, or
    after a short lead-in line."""
    text = message.text if message.text is not None else message.caption
    if text is None:
        return False
    payload = find_json(text)
    return {"payload": payload} if payload is not None else False


async def profile_link(message: Message) -> dict[str, Any] | bool:
    """A profile link or ``@handle`` alone (a bare word is not enough)."""
    if message.text is None:
        return False
    username = parse_profile_link(message.text, allow_bare=False)
    return {"username": username} if username else False


def origin_kind(message: Message) -> str:
    """``direct``, or the kind of a forward's origin: user, hidden_user, chat, channel."""
    origin = message.forward_origin
    return "direct" if origin is None else str(origin.type)


# --- handlers ---------------------------------------------------------------------------
async def on_json_text(message: Message, payload: str, dialog_manager: DialogManager) -> None:
    log.info("JSON text from %s (%s, %d characters)", sender_id(message),
             origin_kind(message), len(payload))
    await import_document(message, payload, Tools.of(dialog_manager), dialog_manager)


def _mime(value: str | None) -> str:
    return (value or "").split(";", 1)[0].strip().lower()


async def on_document(message: Message, dialog_manager: DialogManager) -> None:
    """A document: name/MIME and size are checked before anything is downloaded."""
    tools = Tools.of(dialog_manager)
    tr = tools.tr
    document = message.document
    assert document is not None
    file_name = document.file_name or ""
    mime = _mime(document.mime_type)
    name = escape(file_name[:REASON_ARG_MAX]) if file_name else tr("import-doc-unnamed")
    note = still_open_note(tr, dialog_manager)
    if not (file_name.lower().endswith(JSON_SUFFIX) or mime in ACCEPTED_MIME_TYPES):
        await reply(message, compose(tr(
            "import-doc-not-json", name=name,
            mime=escape(mime) if mime else tr("import-doc-unknown-type")), note))
        return
    limit = tools.settings.max_document_bytes
    if document.file_size is not None and document.file_size > limit:
        shown, most = size_and_limit(document.file_size, limit, tr.locale)
        await reply(message, compose(tr("import-doc-too-big", name=name,
                                        size=shown, limit=most), note))
        return
    log.info("JSON document from %s (%s, %s bytes)", sender_id(message),
             origin_kind(message), document.file_size)
    try:
        buffer = await tools.bot.download(document)
    except TelegramBadRequest as exc:
        if "too big" not in exc.message.lower():
            raise
        # Telegram's own download cap, for a document that did not give its size.
        shown, most = size_and_limit(document.file_size or limit + 1, limit, tr.locale)
        await reply(message, compose(tr("import-doc-too-big", name=name,
                                        size=shown, limit=most), note))
        return
    assert buffer is not None
    await import_document(message, buffer.read(), tools, dialog_manager)


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
        problem = Problem(err.type, {"field": "username", **(err.context or {})})
        await reply(message, tr("result-rejected", reason=problem_html(tr, problem)))
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
