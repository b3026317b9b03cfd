"""The real bot process under faults (issue 7 §2, §4): a refused webhook, malformed
webhook bodies, and a database that freezes while the bot works and is stopped."""

from __future__ import annotations

import asyncio
import json
import signal
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import asyncpg
import pytest
from aiohttp import web

from tests.botapi import FakeBotApi, serve_api
from tests.conftest import ADMIN_ID
from tests.faults import FaultProxy
from tests.test_runner import (
    HELP_UPDATE,
    bot_env,
    free_port,
    run_bot,
    start_bot,
)

# Response times are asserted here: run after the parallel part, alone (Makefile).
pytestmark = pytest.mark.alone


class FaultyBotApi(FakeBotApi):
    """Refuses setWebhook as Telegram does for a non-HTTPS address; can freeze the
    database proxy when the bot picks up its first update."""

    def __init__(self) -> None:
        super().__init__(updates=[HELP_UPDATE])
        self.freeze_on_update: FaultProxy | None = None
        self.refuse_webhook = True

    async def handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if method == "setWebhook" and self.refuse_webhook:
            await self._record(method, {})
            return web.json_response({
                "ok": False, "error_code": 400,
                "description": "Bad Request: bad webhook: An HTTPS URL must be provided for "
                               "webhook"}, status=400)
        if method == "getUpdates" and self.updates and self.freeze_on_update is not None:
            self.freeze_on_update.freeze()
        return await super().handle(request)


@pytest.fixture
async def faulty_api() -> AsyncIterator[tuple[FaultyBotApi, str]]:
    async with serve_api(FaultyBotApi()) as served:
        yield served


async def test_a_refused_webhook_is_one_line_and_exit_2(
        faulty_api: tuple[FaultyBotApi, str], clean_dsn: str, tmp_path: Path) -> None:
    _, url = faulty_api
    code, err = await run_bot(tmp_path, bot_env(
        tmp_path, BOT_TOKEN="42:TEST", ADMIN_IDS=str(ADMIN_ID), DATABASE_URL=clean_dsn,
        TELEGRAM_API_URL=url, WEBHOOK_BASE_URL="http://bot.example.com",
        WEBHOOK_SECRET="s3cret", WEBHOOK_PORT=str(free_port())))
    assert code == 2, err
    assert "Traceback" not in err
    (line,) = [line for line in err.splitlines() if line.startswith("igbot:")]
    assert line.startswith("igbot: Telegram refused the webhook for "
                           "WEBHOOK_BASE_URL=http://bot.example.com: ")
    assert "An HTTPS URL must be provided for webhook" in line


BAD_BODIES = [
    (b"{not json", "not JSON"),
    (b"\xff\xfe\x00binary", "not JSON"),
    (b"[1, 2, 3]", "not an update"),
    (b'{"update_id": "twelve"}', "not an update"),
]


async def test_a_malformed_webhook_body_gets_400(
        faulty_api: tuple[FaultyBotApi, str], clean_dsn: str, tmp_path: Path) -> None:
    api, url = faulty_api
    api.updates = []
    api.refuse_webhook = False
    port = free_port()
    proc = await start_bot(tmp_path, bot_env(
        tmp_path, BOT_TOKEN="42:TEST", ADMIN_IDS=str(ADMIN_ID), DATABASE_URL=clean_dsn,
        TELEGRAM_API_URL=url, WEBHOOK_BASE_URL="https://bot.example.com",
        WEBHOOK_SECRET="s3cret", WEBHOOK_PORT=str(port)))
    try:
        hook = f"http://127.0.0.1:{port}/telegram/webhook"
        headers = {"X-Telegram-Bot-Api-Secret-Token": "s3cret"}
        await api.wait_for_call("setWebhook")  # the webhook server listens before this
        async with aiohttp.ClientSession() as http:
            for body, reason in BAD_BODIES:
                async with http.post(hook, data=body, headers=headers) as bad:
                    assert bad.status == 400
                    assert reason in await bad.text()
            async with http.post(hook, json=HELP_UPDATE, headers=headers) as good:
                assert good.status == 200
        await api.wait_for_call("sendMessage")
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(proc.communicate(), timeout=60)
    text = err.decode()
    assert proc.returncode == 0, text
    assert "Traceback" not in text
    for body, reason in BAD_BODIES:
        assert f"webhook: refused a {len(body)}-byte body ({reason})" in text


async def test_sigterm_stops_the_bot_in_time_while_the_database_is_frozen(
        faulty_api: tuple[FaultyBotApi, str], pool: asyncpg.Pool, clean_dsn: str,
        tmp_path: Path) -> None:
    api, url = faulty_api
    proxy = await FaultProxy(clean_dsn).start()
    project = await pool.fetchval(
        "INSERT INTO projects (name, is_active) VALUES ('Acme', true) RETURNING id")
    paste = json.loads(json.dumps(HELP_UPDATE))
    paste["message"]["text"] = json.dumps({"pk": "99", "username": "frozen.user",
                                           "project_id": project})
    del paste["message"]["entities"]
    api.updates = [paste]
    api.freeze_on_update = proxy
    proc = await start_bot(tmp_path, bot_env(
        tmp_path, BOT_TOKEN="42:TEST", ADMIN_IDS=str(ADMIN_ID), DATABASE_URL=proxy.dsn,
        TELEGRAM_API_URL=url, DB_CONNECT_TIMEOUT="1", DB_COMMAND_TIMEOUT="1",
        DB_ACQUIRE_TIMEOUT="1"))
    try:
        # Until the bot has taken the paste (confirmed with the next getUpdates; the
        # database froze when it was handed out).
        await api.wait_until(lambda: not api.updates, what="the paste taken")
        # The thing under test is a stop while the import waits on the frozen database:
        # give the handler a moment to reach it (nothing outside the process shows that).
        await asyncio.sleep(0.5)
        stopped = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(proc.communicate(), timeout=60)
        took = time.monotonic() - stopped
    finally:
        await proxy.close()
    text = err.decode()
    assert proc.returncode == 0, text
    assert took < 20, (took, text)  # the grace period, whatever the database does
    assert "Traceback" not in text, text[text.find("Traceback") - 600:][:3000]
    answers = [str(f["text"]) for m, f in api.calls if m == "sendMessage"]
    assert any("may or may not be stored" in a or "not responding" in a for a in answers), (
        answers)
