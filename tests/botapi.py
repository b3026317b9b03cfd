"""A fake Telegram Bot API server on loopback, for tests that run the real bot process.

It keeps the messages the bot sends and edits (text and inline keyboard), so a test can
read the chat as an admin sees it and press its buttons; updates are delivered by
``getUpdates`` (polling) or posted by the test to the bot's webhook.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

import aiohttp
from aiohttp import web

from tests.telegram import visible_text

BOT_USER = {"id": 42, "is_bot": True, "first_name": "igbot", "username": "igbot_bot"}
# The methods after which the bot has answered something the admin can see.
ANSWERS = {"sendMessage", "editMessageText", "sendDocument", "editMessageReplyMarkup"}


@dataclass
class ChatMessage:
    message_id: int
    chat_id: int
    text: str
    buttons: list[dict[str, Any]] = field(default_factory=list)

    def button(self, pattern: str) -> dict[str, Any]:
        for button in self.buttons:
            if re.fullmatch(pattern, button["text"]):
                return button
        raise AssertionError(f"no button {pattern!r} in {[b['text'] for b in self.buttons]}")


class FakeBotApi:
    """Answers the Bot API methods the bot uses; ``calls`` lists them in order.

    ``updates`` are handed out by ``getUpdates`` as Telegram does: one is given again until
    a later call confirms it with ``offset`` (a killed process may never have seen it).
    With ``authorized`` false every method answers 401, as for a revoked token.
    """

    # How long an empty getUpdates waits for an update (Telegram's long polling); short,
    # so that stopping the server never waits long for a held request.
    POLL_WAIT = 0.5

    def __init__(self, updates: list[dict[str, Any]] | None = None) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.messages: dict[int, ChatMessage] = {}
        self.updates: list[dict[str, Any]] = list(updates or [])
        self.authorized = True
        self.changed = asyncio.Condition()
        self._arrived = asyncio.Event()
        self._ids = itertools.count(100)

    async def handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        form = {k: v for k, v in (await request.post()).items() if isinstance(v, str)}
        if not self.authorized:
            await self._record(method, form)
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        result = await self._answer(method, form)
        await self._record(method, form)
        return web.json_response({"ok": True, "result": result})

    async def _record(self, method: str, form: dict[str, Any]) -> None:
        async with self.changed:
            self.calls.append((method, form))
            self.changed.notify_all()

    def push(self, update: dict[str, Any]) -> None:
        """Queue an update for the next getUpdates (and wake a waiting one)."""
        self.updates.append(update)
        self._arrived.set()

    async def _answer(self, method: str, form: dict[str, str]) -> Any:
        if method == "getMe":
            return BOT_USER
        if method == "getUpdates":
            offset = int(form.get("offset") or 0)
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
            if not self.updates:
                self._arrived.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._arrived.wait(), self.POLL_WAIT)
            return self.updates[:1]
        if method == "sendMessage":
            message = ChatMessage(next(self._ids), int(form["chat_id"]), form["text"],
                                  _buttons(form))
            self.messages[message.message_id] = message
            return self._as_telegram(message)
        if method in ("editMessageText", "editMessageReplyMarkup"):
            message = self.messages[int(form["message_id"])]
            message.text = form.get("text", message.text)
            message.buttons = _buttons(form)
            return self._as_telegram(message)
        if method == "deleteMessage":
            self.messages.pop(int(form["message_id"]), None)
        return True

    @staticmethod
    def _as_telegram(message: ChatMessage) -> dict[str, Any]:
        return {"message_id": message.message_id, "date": 1700000000, "text": message.text,
                "chat": {"id": message.chat_id, "type": "private"}, "from": BOT_USER}

    def chat(self, chat_id: int) -> list[ChatMessage]:
        return [m for m in self.messages.values() if m.chat_id == chat_id]

    def last(self, chat_id: int) -> ChatMessage:
        return self.chat(chat_id)[-1]

    def called(self, method: str) -> list[dict[str, Any]]:
        """The forms of every call of ``method`` so far."""
        return [form for name, form in self.calls if name == method]

    async def wait_until(self, condition: Callable[[], object], timeout: float = 60,
                         what: str = "") -> None:
        """Return once ``condition()`` holds, checked after each call the bot makes."""
        async with self.changed:
            try:
                await asyncio.wait_for(self.changed.wait_for(condition), timeout)
            except TimeoutError:
                raise AssertionError(f"not within {timeout}s: {what or condition}; calls: "
                                     f"{[m for m, _ in self.calls][-20:]}") from None

    async def wait_for_call(self, method: str, timeout: float = 60) -> dict[str, Any]:
        """The form of the first call of ``method``, once the bot has made it."""
        await self.wait_until(lambda: self.called(method), timeout, f"a {method} call")
        return self.called(method)[0]

    async def wait_for_answers(self, since: int, count: int = 1, timeout: float = 20) -> None:
        """Until ``count`` visible answers arrived after call number ``since``, then a
        quiet moment with no call (a dialog may send and then edit; a separate process
        gives no other sign that it is done)."""
        await self.wait_until(
            lambda: sum(m in ANSWERS for m, _ in self.calls[since:]) >= count, timeout)
        async with self.changed:
            with contextlib.suppress(TimeoutError):
                while True:
                    await asyncio.wait_for(self.changed.wait(), 0.3)

    async def wait_for_text(self, chat_id: int, fragment: str, timeout: float = 60) -> str:
        """What the chat's newest message reads (tags stripped), once it holds
        ``fragment``."""
        def newest() -> str:
            return visible_text(self.last(chat_id).text) if self.chat(chat_id) else ""

        try:
            await self.wait_until(lambda: fragment in newest(), timeout)
        except AssertionError:
            raise AssertionError(f"{fragment!r} never shown; chat {chat_id} reads "
                                 f"{newest()!r}") from None
        return newest()


def _buttons(form: dict[str, str]) -> list[dict[str, Any]]:
    markup = json.loads(form.get("reply_markup") or "{}")
    return [b for row in markup.get("inline_keyboard", []) for b in row]


ApiT = TypeVar("ApiT", bound="HandlesRequests")


class HandlesRequests(Protocol):
    async def handle(self, request: web.Request) -> web.Response: ...


@asynccontextmanager
async def serve_api(api: ApiT, *, client_max_size: int = 1024**2
                    ) -> AsyncIterator[tuple[ApiT, str]]:
    """Serve any fake Bot API object's ``handle`` on loopback; yields it and its base URL
    (for ``TELEGRAM_API_URL``)."""
    app = web.Application(client_max_size=client_max_size)
    app.router.add_post("/bot{token}/{method}", api.handle)
    async with serve_app(app) as base_url:
        yield api, base_url


@asynccontextmanager
async def serve_app(app: web.Application) -> AsyncIterator[str]:
    """Serve ``app`` on a free loopback port; yields its base URL."""
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


def serve_fake_api() -> AbstractAsyncContextManager[tuple[FakeBotApi, str]]:
    """The chat-keeping fake server and its base URL."""
    return serve_api(FakeBotApi())


class AdminClient:
    """One admin writing to the bot: builds updates and posts them to a webhook."""

    _update_ids = itertools.count(1)

    def __init__(self, api: FakeBotApi, user_id: int, secret: str, *,
                 language: str = "en") -> None:
        self.api = api
        self.user_id = user_id
        self.secret = secret
        self.language = language
        self._message_ids = itertools.count(1)

    @property
    def user(self) -> dict[str, Any]:
        return {"id": self.user_id, "is_bot": False, "first_name": "Admin",
                "language_code": self.language}

    def text_update(self, text: str) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": next(self._message_ids), "date": 1700000000, "text": text,
            "chat": {"id": self.user_id, "type": "private"}, "from": self.user,
        }
        if text.startswith("/"):
            length = len(text.split()[0])
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return {"update_id": next(self._update_ids), "message": message}

    def click_update(self, pattern: str) -> dict[str, Any]:
        shown = [m for m in self.api.chat(self.user_id) if m.buttons]
        if not shown:
            raise AssertionError("no message with buttons in the chat")
        message = shown[-1]
        button = message.button(pattern)
        return {"update_id": next(self._update_ids), "callback_query": {
            "id": str(next(self._update_ids)), "from": self.user,
            "chat_instance": "1", "data": button["callback_data"],
            "message": self.api._as_telegram(message),
        }}

    async def post(self, webhook_url: str, update: dict[str, Any]) -> None:
        async with aiohttp.ClientSession() as http, http.post(
                webhook_url, json=update,
                headers={"X-Telegram-Bot-Api-Secret-Token": self.secret}) as response:
            assert response.status == 200, await response.text()

    async def send(self, webhook_url: str, update: dict[str, Any]) -> ChatMessage:
        """Post one update and wait for the bot's visible answer; the chat's last message."""
        since = len(self.api.calls)
        await self.post(webhook_url, update)
        await self.api.wait_for_answers(since)
        return self.api.last(self.user_id)
