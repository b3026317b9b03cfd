"""Open forms survive a restart: ``python -m bot`` as a real process, stopped with SIGTERM
and killed with SIGKILL between two answers, against a fake Bot API server on loopback.

Dialog state lives in the bot's PostgreSQL by default (no REDIS_URL): after each restart
the wizard carries on at the same step with the earlier answers, and the pk question
asked after a link still takes the pk.
"""

from __future__ import annotations

import asyncio
import json
import signal
from collections.abc import AsyncIterator
from contextlib import suppress
from itertools import count
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from aiohttp import web

from repository.migrations import migrate
from tests.botapi import serve_api
from tests.conftest import ADMIN_ID, OTHER_ADMIN_ID
from tests.telegram import visible_text
from tests.test_runner import bot_env, start_bot

WIZARD_ADMIN = ADMIN_ID
LINK_ADMIN = OTHER_ADMIN_ID


class ChatBotApi:
    """A Bot API that keeps the bot's messages per chat, so buttons can be pressed."""

    def __init__(self) -> None:
        self.updates: list[dict[str, Any]] = []
        self.arrived = asyncio.Condition()
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self.changed = asyncio.Condition()
        self._wakers: set[asyncio.Task[None]] = set()
        self._ids = count(500)
        self._update_ids = count(1)
        self._message_ids = count(1)

    async def handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        form = {k: str(v) for k, v in (await request.post()).items()}
        result: Any = True
        if method == "getMe":
            result = {"id": 42, "is_bot": True, "first_name": "igbot",
                      "username": "igbot_bot"}
        elif method == "getUpdates":
            # As Telegram does: an update is given again until a later call confirms it
            # with ``offset`` (a killed process may have been given one it never saw).
            offset = int(form.get("offset") or 0)
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
            if not self.updates:
                async with self.arrived:
                    with suppress(TimeoutError):
                        await asyncio.wait_for(self.arrived.wait(), 0.3)
            result = self.updates[:1]
        elif method in ("sendMessage", "editMessageText", "editMessageReplyMarkup"):
            chat = int(form["chat_id"])
            message_id = (next(self._ids) if method == "sendMessage"
                          else int(form["message_id"]))
            message = self.messages.get((chat, message_id), {"text": ""})
            if "text" in form:
                message = {**message, "text": form["text"]}
            markup = json.loads(form["reply_markup"]) if form.get("reply_markup") else None
            message = {**message, "reply_markup": markup}
            self.messages[(chat, message_id)] = message
            result = {"message_id": message_id, "date": 1700000001,
                      "chat": {"id": chat, "type": "private"}, "text": message["text"],
                      **({"reply_markup": markup} if markup else {})}
            async with self.changed:
                self.changed.notify_all()
        return web.json_response({"ok": True, "result": result})

    # --- what an admin does ---------------------------------------------------------
    def _put(self, update: dict[str, Any]) -> None:
        self.updates.append(update)

        async def wake() -> None:
            async with self.arrived:
                self.arrived.notify_all()

        task = asyncio.get_running_loop().create_task(wake())
        self._wakers.add(task)
        task.add_done_callback(self._wakers.discard)

    def _user(self, user_id: int) -> dict[str, Any]:
        return {"id": user_id, "is_bot": False, "first_name": "Admin", "language_code": "en"}

    def send(self, user_id: int, text: str) -> None:
        message: dict[str, Any] = {
            "message_id": next(self._message_ids), "date": 1700000000, "text": text,
            "chat": {"id": user_id, "type": "private"}, "from": self._user(user_id)}
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0,
                                    "length": len(text.split()[0])}]
        self._put({"update_id": next(self._update_ids), "message": message})

    def click(self, user_id: int, label: str) -> None:
        """Press the button ``label`` on the chat's newest message that has it."""
        for (chat, message_id), message in sorted(self.messages.items(), reverse=True):
            if chat != user_id or not message.get("reply_markup"):
                continue
            for row in message["reply_markup"]["inline_keyboard"]:
                for button in row:
                    if button["text"] == label:
                        self._put({
                            "update_id": next(self._update_ids),
                            "callback_query": {
                                "id": f"cb{message_id}{label}", "from": self._user(user_id),
                                "chat_instance": "1", "data": button["callback_data"],
                                "message": {"message_id": message_id, "date": 1700000001,
                                            "chat": {"id": chat, "type": "private"},
                                            "text": message["text"]}}})
                        return
        raise AssertionError(f"no button {label!r} in chat {user_id}")

    def newest(self, user_id: int) -> str:
        """What the admin reads in the chat's newest message (tags stripped)."""
        texts = [m["text"] for (c, _), m in sorted(self.messages.items()) if c == user_id]
        return visible_text(texts[-1]) if texts else ""

    async def wait_for(self, user_id: int, fragment: str, timeout: float = 60) -> str:
        """The chat's newest text, once it holds ``fragment``."""
        async def shown() -> str:
            async with self.changed:
                await self.changed.wait_for(lambda: fragment in self.newest(user_id))
            return self.newest(user_id)
        try:
            return await asyncio.wait_for(shown(), timeout)
        except TimeoutError:
            raise AssertionError(
                f"{fragment!r} never shown; chat {user_id} has {self.newest(user_id)!r}"
            ) from None


@pytest.fixture
async def chat_api() -> AsyncIterator[tuple[ChatBotApi, str]]:
    async with serve_api(ChatBotApi()) as served:
        yield served


async def stored(dsn: str, fragment: str, timeout: float = 30) -> None:
    """Wait until the dialog state in PostgreSQL holds ``fragment`` in a form that its
    stack lists (the bot saves the form, then the stack, just after answering; a kill
    before that would lose that one answer, as with any store)."""
    conn = await asyncpg.connect(dsn)
    try:
        for _ in range(int(timeout / 0.1)):
            if await conn.fetchval(
                    "SELECT count(*) FROM igbot_dialog_state form"
                    " JOIN igbot_dialog_state stack ON stack.key LIKE '%aiogd:stack:%'"
                    " AND stack.data -> 'intents' ? (form.data ->> '_intent_id')"
                    " WHERE form.data::text LIKE '%' || $1 || '%'", fragment):
                return
            await asyncio.sleep(0.1)
    finally:
        await conn.close()
    raise AssertionError(f"{fragment!r} never reached the dialog state")


async def stop(proc: asyncio.subprocess.Process, sig: signal.Signals) -> str:
    proc.send_signal(sig)
    _, err = await asyncio.wait_for(proc.communicate(), timeout=60)
    if sig == signal.SIGTERM:
        assert proc.returncode == 0, err.decode()
    else:
        assert proc.returncode == -signal.SIGKILL
    return err.decode()


async def test_forms_carry_on_after_sigterm_and_sigkill(
    chat_api: tuple[ChatBotApi, str], clean_dsn: str, tmp_path: Path,
) -> None:
    api, url = chat_api
    conn = await asyncpg.connect(clean_dsn)
    try:
        await migrate(conn)
        project_id = await conn.fetchval(
            "INSERT INTO projects (name) VALUES ('Acme') RETURNING id")
        # The link admin has a current project: the pk is the only question.
        await conn.execute("INSERT INTO igbot_admin_preferences (telegram_id,"
                           " current_project_id) VALUES ($1, $2)", LINK_ADMIN, project_id)
    finally:
        await conn.close()
    env = bot_env(tmp_path, BOT_TOKEN="42:TEST",
                  ADMIN_IDS=f"{WIZARD_ADMIN},{LINK_ADMIN}", DATABASE_URL=clean_dsn,
                  TELEGRAM_API_URL=url)

    # First run: the wizard gets its project and pk; the link admin is asked for a pk.
    proc = await start_bot(tmp_path, env)
    try:
        api.send(WIZARD_ADMIN, "/add")
        await api.wait_for(WIZARD_ADMIN, "step 1 of 8")
        api.click(WIZARD_ADMIN, f"Acme (#{project_id})")
        await api.wait_for(WIZARD_ADMIN, "step 2 of 8")
        api.send(WIZARD_ADMIN, "1234567890")
        await api.wait_for(WIZARD_ADMIN, "step 3 of 8")
        await stored(clean_dsn, "1234567890")
        api.send(LINK_ADMIN, "https://instagram.com/acme.store")
        await api.wait_for(LINK_ADMIN, "What is the pk of @acme.store?")
        await stored(clean_dsn, "acme.store")
    finally:
        err = await stop(proc, signal.SIGTERM)
    assert "Traceback" not in err

    # Second run, after SIGTERM: both forms carry on where they were.
    proc = await start_bot(tmp_path, env)
    try:
        api.send(WIZARD_ADMIN, "acme.shop")
        text = await api.wait_for(WIZARD_ADMIN, "step 4 of 8")
        assert f"Project: Acme (#{project_id})" in text
        api.send(LINK_ADMIN, "51234567890")
        text = await api.wait_for(LINK_ADMIN, "Created")
        assert "@acme.store" in text and "pk: 51234567890" in text
        api.send(WIZARD_ADMIN, "Acme Shop")
        await api.wait_for(WIZARD_ADMIN, "step 5 of 8")
        await stored(clean_dsn, "Acme Shop")
        api.send(LINK_ADMIN, "@second.shop")
        await api.wait_for(LINK_ADMIN, "What is the pk of @second.shop?")
        await stored(clean_dsn, "second.shop")
    finally:
        await stop(proc, signal.SIGKILL)

    # Third run, after SIGKILL: again.
    proc = await start_bot(tmp_path, env)
    err = ""
    try:
        api.click(WIZARD_ADMIN, "✅ Save now")
        text = await api.wait_for(WIZARD_ADMIN, "Created")
        assert "@acme.shop — Acme Shop" in text and "pk: 1234567890" in text
        api.send(LINK_ADMIN, "61234567890")
        # "Created", not "@second.shop": the pk question on screen already names it.
        text = await api.wait_for(LINK_ADMIN, "Created")
        assert "@second.shop" in text
    finally:
        err = await stop(proc, signal.SIGTERM)
    assert "Traceback" not in err

    conn = await asyncpg.connect(clean_dsn)
    try:
        rows = await conn.fetch(
            "SELECT user_pk, username, full_name, requester_telegram_id"
            " FROM instagram_similar_users WHERE project_id = $1 ORDER BY user_pk",
            project_id)
    finally:
        await conn.close()
    assert [tuple(r) for r in rows] == [
        ("1234567890", "acme.shop", "Acme Shop", str(WIZARD_ADMIN)),
        ("51234567890", "acme.store", "", str(LINK_ADMIN)),
        ("61234567890", "second.shop", "", str(LINK_ADMIN)),
    ]
