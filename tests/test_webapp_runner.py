"""``python -m bot`` serves the Mini App: on WEBAPP_PORT in polling mode, on the webhook's
port in webhook mode; with WEBAPP_URL it sets the menu button to open it."""

from __future__ import annotations

import asyncio
import json
import signal
from pathlib import Path

import aiohttp

from tests.botapi import FakeBotApi, serve_api
from tests.conftest import ADMIN_ID
from tests.test_runner import bot_env, free_port, start_bot
from tests.webapp_support import TOKEN, auth_header, make_init_data

URL = "https://bot.example.com/app/"


async def session_when_up(base: str) -> tuple[int, dict[str, object]]:
    """``/api/session`` as the admin, once the server listens."""
    headers = auth_header(make_init_data(TOKEN, ADMIN_ID))
    async with aiohttp.ClientSession() as http:
        for _ in range(600):
            try:
                async with http.get(f"{base}/api/session", headers=headers) as reply:
                    return reply.status, await reply.json()
            except aiohttp.ClientConnectionError:
                await asyncio.sleep(0.1)
    raise AssertionError(f"nothing listens at {base}")


async def test_polling_serves_the_mini_app_on_its_port_and_sets_the_menu_button(
        clean_dsn: str, tmp_path: Path) -> None:
    port = free_port()
    async with serve_api(FakeBotApi()) as (api, url):
        proc = await start_bot(tmp_path, bot_env(
            tmp_path, BOT_TOKEN=TOKEN, ADMIN_IDS=str(ADMIN_ID), DATABASE_URL=clean_dsn,
            TELEGRAM_API_URL=url, WEBAPP_URL=URL, WEBAPP_PORT=str(port)))
        try:
            status, body = await session_when_up(f"http://127.0.0.1:{port}")
        finally:
            proc.send_signal(signal.SIGTERM)
            _, err = await asyncio.wait_for(proc.communicate(), timeout=60)
    assert status == 200 and body["user"] == {"id": ADMIN_ID, "name": "Ann"}
    [menu] = [f for m, f in api.calls if m == "setChatMenuButton"]
    assert json.loads(str(menu["menu_button"])) == {
        "type": "web_app", "text": "Lists", "web_app": {"url": URL}}
    assert proc.returncode == 0, err.decode()
    assert TOKEN not in err.decode()


async def test_webhook_mode_serves_the_mini_app_beside_the_webhook(
        clean_dsn: str, tmp_path: Path) -> None:
    port = free_port()
    api = FakeBotApi()
    api.updates = []
    async with serve_api(api) as (_, url):
        proc = await start_bot(tmp_path, bot_env(
            tmp_path, BOT_TOKEN=TOKEN, ADMIN_IDS=str(ADMIN_ID), DATABASE_URL=clean_dsn,
            TELEGRAM_API_URL=url, WEBHOOK_BASE_URL="https://bot.example.com",
            WEBHOOK_SECRET="s3cret", WEBHOOK_PORT=str(port)))
        try:
            status, body = await session_when_up(f"http://127.0.0.1:{port}")
        finally:
            proc.send_signal(signal.SIGTERM)
            _, err = await asyncio.wait_for(proc.communicate(), timeout=60)
    assert status == 200 and body["lang"] == "en"
    assert not any(m == "setChatMenuButton" for m, _ in api.calls)  # no WEBAPP_URL
    assert proc.returncode == 0, err.decode()
