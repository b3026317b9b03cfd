"""A fake Telegram for bot tests: only the Bot API's HTTP is faked.

``FakeTelegram`` is an aiogram session that answers Bot API methods the way Telegram
would (messages get ids, edits change them, HTML must parse, texts are at most 4096
characters). ``ChatUser`` sends real ``Update``s through the real Dispatcher and reads
what the bot showed.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
from collections.abc import AsyncGenerator
from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.session.base import BaseSession
from aiogram.methods import (
    AnswerCallbackQuery,
    DeleteMessage,
    DeleteWebhook,
    EditMessageReplyMarkup,
    EditMessageText,
    GetFile,
    GetMe,
    SendChatAction,
    SendDocument,
    SendMessage,
    SetMyCommands,
    TelegramMethod,
)
from aiogram.types import (
    CallbackQuery,
    Chat,
    Document,
    File,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Message,
    MessageOriginHiddenUser,
    MessageOriginUser,
    Update,
    User,
)

BOT_USER = User(id=42, is_bot=True, first_name="igbot", username="igbot_test_bot")
_ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code",
                 "pre", "blockquote", "tg-spoiler", "span", "tg-emoji"}


class _TelegramHtml(HTMLParser):
    """Rejects what Telegram's HTML parser rejects: unknown tags, unbalanced tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _ALLOWED_TAGS:
            raise ValueError(f"unsupported start tag {tag!r}")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            raise ValueError(f"unmatched end tag {tag!r}")


class ApiError(Exception):
    """What Telegram answers instead of a result: turned into its JSON error body and
    raised by aiogram's own ``check_response``, so the bot sees the exception it would
    see in production (``TelegramBadRequest``, ``TelegramRetryAfter``, ...)."""

    def __init__(self, description: str, status: int = 400, *,
                 retry_after: int | None = None) -> None:
        super().__init__(description)
        self.description, self.status, self.retry_after = description, status, retry_after

    def body(self) -> str:
        error: dict[str, Any] = {"ok": False, "error_code": self.status,
                                 "description": self.description}
        if self.retry_after is not None:
            error["parameters"] = {"retry_after": self.retry_after}
        return json.dumps(error)


def check_html(text: str) -> None:
    if re.search(r"&(?!(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);)", text):
        raise ApiError("Bad Request: can't parse entities: bare &")
    parser = _TelegramHtml()
    try:
        parser.feed(text)
        parser.close()
    except ValueError as exc:
        raise ApiError(f"Bad Request: can't parse entities: {exc}") from exc
    if parser.stack:
        raise ApiError("Bad Request: can't parse entities: unclosed tag")


def visible_text(html: str) -> str:
    """What the user reads: tags stripped, entities decoded."""
    from html import unescape

    return unescape(re.sub(r"<[^>]+>", "", html))


@dataclass
class Shown:
    """A bot message as it currently looks in the chat."""

    message: Message

    @property
    def html(self) -> str:
        return self.message.text or ""

    @property
    def text(self) -> str:
        return visible_text(self.html)

    @property
    def buttons(self) -> list[InlineKeyboardButton]:
        markup = self.message.reply_markup
        if not isinstance(markup, InlineKeyboardMarkup):
            return []
        return [b for row in markup.inline_keyboard for b in row]

    @property
    def button_texts(self) -> list[str]:
        return [b.text for b in self.buttons]


class FakeTelegram(BaseSession):
    """An aiogram session that plays Telegram's part, in memory."""

    def __init__(self) -> None:
        super().__init__()
        self.requests: list[TelegramMethod[Any]] = []
        # Messages each request created or changed: (chat id, message id), in order.
        self.touched: list[tuple[type, tuple[int, int]]] = []
        self.messages: dict[tuple[int, int], Message] = {}
        self.callback_answers: dict[str, AnswerCallbackQuery] = {}
        self.files: dict[str, bytes] = {}
        self.commands: dict[str | None, list[str]] = {}
        # Documents the bot sent: (chat id, file name, content, caption), in order.
        self.documents: list[tuple[int, str, bytes, str | None]] = []
        self._ids = itertools.count(1000)
        self._failures: list[tuple[type[TelegramMethod[Any]], ApiError]] = []

    async def close(self) -> None:
        pass

    async def stream_content(
        self, url: str, headers: dict[str, Any] | None = None, timeout: int = 30,
        chunk_size: int = 65536, raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        file_id = url.rsplit("/", 1)[-1]
        data = self.files[file_id]
        for start in range(0, len(data), chunk_size):
            yield data[start:start + chunk_size]

    def _resolve(self, bot: Bot, value: Any, name: str) -> Any:
        from aiogram.client.default import Default

        return bot.default[name] if isinstance(value, Default) else value

    def _check_text(self, bot: Bot, text: str, parse_mode: Any) -> None:
        html = self._resolve(bot, parse_mode, "parse_mode") == "HTML"
        if html:
            check_html(text)
        # Telegram counts the limit on the text after entity parsing.
        if len(visible_text(text) if html else text) > 4096:
            raise ApiError("Bad Request: message is too long")
        if not text.strip():
            raise ApiError("Bad Request: message text is empty")

    def fail_next(self, method: type[TelegramMethod[Any]], error: ApiError) -> None:
        """Answer the next call of ``method`` with ``error`` (flood control, a network
        hiccup on Telegram's side), then behave normally again."""
        self._failures.append((method, error))

    async def make_request(self, bot: Bot, method: TelegramMethod[Any],
                           timeout: int | None = None) -> Any:
        self.requests.append(method)
        try:
            for i, (kind, error) in enumerate(self._failures):
                if isinstance(method, kind):
                    del self._failures[i]
                    raise error
            return await self._answer(bot, method)
        except ApiError as error:
            self.check_response(bot, method, error.status, error.body())
            raise AssertionError("check_response accepted an error") from error

    async def _answer(self, bot: Bot, method: TelegramMethod[Any]) -> Any:
        if isinstance(method, SendMessage):
            self._check_text(bot, method.text, method.parse_mode)
            chat_id = int(method.chat_id)
            message = Message(
                message_id=next(self._ids), date=datetime.now(),
                chat=Chat(id=chat_id, type="private" if chat_id > 0 else "group"),
                from_user=BOT_USER, text=method.text,
                reply_markup=method.reply_markup
                if isinstance(method.reply_markup, InlineKeyboardMarkup) else None,
            ).as_(bot)
            self.messages[(chat_id, message.message_id)] = message
            self.touched.append((SendMessage, (chat_id, message.message_id)))
            return message
        if isinstance(method, SendDocument):
            file = method.document
            assert isinstance(file, InputFile), "the bot sends files it made"
            content = b"".join([chunk async for chunk in file.read(bot)])
            chat_id = int(method.chat_id)
            caption = method.caption if isinstance(method.caption, str) else None
            if caption is not None:
                self._check_text(bot, caption, method.parse_mode)
            self.documents.append((chat_id, file.filename or "", content, caption))
            message = Message(
                message_id=next(self._ids), date=datetime.now(),
                chat=Chat(id=chat_id, type="private" if chat_id > 0 else "group"),
                from_user=BOT_USER, caption=caption, document=Document(
                    file_id=f"sent{len(self.documents)}", file_unique_id="u",
                    file_name=file.filename, file_size=len(content)),
            ).as_(bot)
            self.messages[(chat_id, message.message_id)] = message
            self.touched.append((SendMessage, (chat_id, message.message_id)))
            return message
        if isinstance(method, EditMessageText):
            self._check_text(bot, method.text, method.parse_mode)
            key = (int(method.chat_id or 0), int(method.message_id or 0))
            old = self.messages[key]
            if old.text == method.text and old.reply_markup == method.reply_markup:
                raise ApiError("Bad Request: message is not modified: specified new message "
                               "content and reply markup are exactly the same as a current "
                               "content and reply markup of the message")
            new = old.model_copy(update={"text": method.text,
                                         "reply_markup": method.reply_markup})
            self.messages[key] = new
            self.touched.append((EditMessageText, key))
            return new
        if isinstance(method, EditMessageReplyMarkup):
            key = (int(method.chat_id or 0), int(method.message_id or 0))
            old = self.messages[key]
            new = old.model_copy(update={"reply_markup": method.reply_markup})
            self.messages[key] = new
            return new
        if isinstance(method, DeleteMessage):
            self.messages.pop((int(method.chat_id), method.message_id), None)
            return True
        if isinstance(method, AnswerCallbackQuery):
            if method.callback_query_id in self.callback_answers:  # as Telegram does
                raise ApiError("Bad Request: query is too old and response timeout "
                               "expired or query ID is invalid")
            self.callback_answers[method.callback_query_id] = method
            return True
        if isinstance(method, SetMyCommands):
            self.commands[method.language_code] = [c.command for c in method.commands]
            return True
        if isinstance(method, DeleteWebhook | SendChatAction):
            return True
        if isinstance(method, GetMe):
            return BOT_USER
        if isinstance(method, GetFile):
            return File(file_id=method.file_id, file_unique_id=method.file_id,
                        file_size=len(self.files.get(method.file_id, b"")),
                        file_path=f"documents/{method.file_id}")
        raise AssertionError(f"the fake Telegram does not know {type(method).__name__}")

    def bot_messages(self, chat_id: int) -> list[Shown]:
        return [Shown(m) for (c, _), m in sorted(self.messages.items()) if c == chat_id]


@dataclass
class Reply:
    """What one user action made the bot do."""

    sent: list[Shown] = field(default_factory=list)
    edited: list[Shown] = field(default_factory=list)
    callback_answer: AnswerCallbackQuery | None = None

    @property
    def texts(self) -> list[str]:
        return [s.text for s in self.sent + self.edited]

    @property
    def last(self) -> Shown:
        shown = self.sent + self.edited
        assert shown, "the bot showed nothing"
        return shown[-1]


def _housekeeping(task: asyncio.Task[Any]) -> bool:
    """Tasks that are not the update's work: the connection pool's own reconnection loop,
    and a test proxy's connection handling (tests/faults.py), which live on their own."""
    coro = task.get_coro()
    name = getattr(coro, "__qualname__", "")
    frame = getattr(coro, "cr_frame", None)
    module = frame.f_globals.get("__name__", "") if frame is not None else ""
    return name == "Pool._maintain_min_size" or module == "tests.faults" or (
        module.startswith("asyncio.") and name.startswith(("StreamReaderProtocol", "start_server")))


async def _background_done(earlier: set[asyncio.Task[Any]], timeout: float = 10.0) -> None:
    """Wait for the tasks started since ``earlier`` was taken (not for other chats')."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    me = asyncio.current_task()
    while True:
        await asyncio.sleep(0)  # callbacks scheduled with call_soon create their tasks
        started = [t for t in asyncio.all_tasks()
                   if t not in earlier and t is not me and not t.done()
                   and not _housekeeping(t)]
        if not started:
            return
        if loop.time() > deadline:
            raise AssertionError(f"background work still running: {started}")
        await asyncio.wait(started, timeout=deadline - loop.time())


class ChatUser:
    """A Telegram user in one chat with the bot, sending real updates."""

    _update_ids = itertools.count(1)
    _message_ids = itertools.count(1)

    def __init__(self, dp: Dispatcher, bot: Bot, telegram: FakeTelegram, user_id: int, *,
                 language_code: str | None = "en", chat_id: int | None = None,
                 chat_type: str = "private", wait_background: bool = True) -> None:
        self.dp, self.bot, self.telegram = dp, bot, telegram
        # Include what the bot does in background tasks the update started (aiogram-
        # dialog starts a list in its own stack that way) in the update's Reply.
        self.wait_background = wait_background
        self.user = User(id=user_id, is_bot=False, first_name=f"User{user_id}",
                         language_code=language_code)
        self.chat = Chat(id=chat_id if chat_id is not None else user_id, type=chat_type)
        self._callback_ids: set[str] = set()

    def _message(self, **fields: Any) -> Message:
        return Message(message_id=next(self._message_ids), date=datetime.now(),
                       chat=self.chat, from_user=self.user, **fields)

    async def _feed(self, **update: Any) -> Reply:
        """Feed one update; the Reply shows each touched message as it looks now."""
        before_requests = len(self.telegram.requests)
        before_touched = len(self.telegram.touched)
        earlier = asyncio.all_tasks() if self.wait_background else set()
        await self.dp.feed_update(self.bot, Update(update_id=next(self._update_ids), **update))
        if self.wait_background:
            await _background_done(earlier)
        reply = Reply()
        for kind, key in self.telegram.touched[before_touched:]:
            if key[0] != self.chat.id:
                continue  # another chat's traffic (chats may run concurrently)
            current = self.telegram.messages.get(key)
            if current is not None:
                (reply.sent if kind is SendMessage else reply.edited).append(Shown(current))
        for method in self.telegram.requests[before_requests:]:
            if (isinstance(method, AnswerCallbackQuery) and reply.callback_answer is None
                    and method.callback_query_id in self._callback_ids):
                reply.callback_answer = method  # the first answer is the one shown
        return reply

    async def send(self, text: str) -> Reply:
        return await self._feed(message=self._message(text=text))

    async def forward(self, text: str, *, hidden: bool = False) -> Reply:
        origin: MessageOriginUser | MessageOriginHiddenUser
        if hidden:
            origin = MessageOriginHiddenUser(date=datetime.now(), sender_user_name="Someone")
        else:
            origin = MessageOriginUser(
                date=datetime.now(),
                sender_user=User(id=777, is_bot=False, first_name="Scraper"))
        return await self._feed(message=self._message(text=text, forward_origin=origin))

    async def send_document(self, file_name: str, content: bytes, *,
                            mime_type: str | None = "application/json",
                            file_size: int | None = None, caption: str | None = None) -> Reply:
        file_id = f"file{next(self._message_ids)}"
        self.telegram.files[file_id] = content
        document = Document(file_id=file_id, file_unique_id=file_id, file_name=file_name,
                            mime_type=mime_type,
                            file_size=len(content) if file_size is None else file_size)
        return await self._feed(message=self._message(document=document, caption=caption))

    def last_shown(self) -> Shown:
        shown = self.telegram.bot_messages(self.chat.id)
        assert shown, "the bot has shown nothing in this chat"
        return shown[-1]

    async def click(self, pattern: str, shown: Shown | None = None, *,
                    as_seen: bool = False) -> Reply:
        """Press the button whose text fully matches ``pattern`` on a bot message.

        ``as_seen`` presses it on ``shown`` as it was then, even if the bot has since
        removed the keyboard (a slow client, or a removal that failed).
        """
        target = shown or self._latest_with_buttons()
        current = target.message if as_seen else self.telegram.messages.get(
            (self.chat.id, target.message.message_id), target.message)
        buttons = [b for b in Shown(current).buttons if re.fullmatch(pattern, b.text)]
        assert buttons, f"no button {pattern!r} in {Shown(current).button_texts}"
        self._callback_ids.add(callback_id := f"cb{next(self._update_ids)}")
        callback = CallbackQuery(
            id=callback_id, from_user=self.user, chat_instance="ci",
            message=current, data=buttons[0].callback_data,
        )
        return await self._feed(callback_query=callback)

    def _latest_with_buttons(self) -> Shown:
        for shown in reversed(self.telegram.bot_messages(self.chat.id)):
            if shown.buttons:
                return shown
        raise AssertionError("no bot message with buttons in this chat")
