"""``python -m bot`` as a real process, against a fake Bot API server on loopback.

The bot talks HTTP to ``TELEGRAM_API_URL`` exactly as it would to a self-hosted Bot API
server; only that server is ours.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from tests.botapi import FakeBotApi, serve_api
from tests.conftest import ADMIN_ID

HELP_UPDATE = {
    "update_id": 1,
    "message": {
        "message_id": 1, "date": 1700000000, "text": "/help",
        "chat": {"id": ADMIN_ID, "type": "private"},
        "from": {"id": ADMIN_ID, "is_bot": False, "first_name": "Admin",
                 "language_code": "en"},
        "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
    },
}


@pytest.fixture
async def fake_api() -> AsyncIterator[tuple[FakeBotApi, str]]:
    async with serve_api(FakeBotApi(updates=[HELP_UPDATE])) as served:
        yield served


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def bot_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in {"BOT_TOKEN", "ADMIN_IDS", "DATABASE_URL", "NEON_DATABASE_URL"}}
    env.update({"DATA_DIR": str(tmp_path / "data"), "LOG_LEVEL": "INFO"})
    env.update(overrides)
    return env


async def start_bot(tmp_path: Path, env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )


async def run_bot(tmp_path: Path, env: dict[str, str]) -> tuple[int, str]:
    proc = await start_bot(tmp_path, env)
    _, err = await asyncio.wait_for(proc.communicate(), timeout=60)
    assert proc.returncode is not None
    return proc.returncode, err.decode()


async def test_polls_answers_and_stops_cleanly_on_sigterm(
    fake_api: tuple[FakeBotApi, str], clean_dsn: str, tmp_path: Path,
) -> None:
    api, url = fake_api
    metrics_port = free_port()
    env = bot_env(tmp_path, BOT_TOKEN="42:TEST", ADMIN_IDS=str(ADMIN_ID),
                  DATABASE_URL=clean_dsn, TELEGRAM_API_URL=url,
                  METRICS_PORT=str(metrics_port))
    proc = await start_bot(tmp_path, env)
    try:
        await api.wait_for_call("sendMessage")
        async with aiohttp.ClientSession() as http:
            base = f"http://127.0.0.1:{metrics_port}"
            async with http.get(f"{base}/healthz") as health:
                assert (health.status, await health.text()) == (200, "ok")
            async with http.get(f"{base}/metrics") as metrics:
                body = await metrics.text()
        for name in ("igbot_users_created_total", "igbot_users_already_existed_total",
                     "igbot_validation_errors_total", "igbot_database_errors_total",
                     "igbot_create_duration_seconds_count"):
            assert f"{name} 0.0" in body
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(proc.communicate(), timeout=60)
    methods = [m for m, _ in api.calls]
    assert methods[0] == "getMe"
    commands = [f for m, f in api.calls if m == "setMyCommands"]
    assert {c.get("language_code") for c in commands} >= {"ru"}
    reply = next(f for m, f in api.calls if m == "sendMessage")
    assert "Adds Instagram accounts" in str(reply["text"])
    assert json.loads(str(commands[0]["commands"]))[0]["command"] == "add"
    assert proc.returncode == 0, err.decode()
    assert "Traceback" not in err.decode()
    assert "42:TEST" not in err.decode()  # the token never reaches the logs


async def test_rejected_token_is_one_line_and_exit_2(
    fake_api: tuple[FakeBotApi, str], clean_dsn: str, tmp_path: Path,
) -> None:
    api, url = fake_api
    api.authorized = False
    code, err = await run_bot(tmp_path, bot_env(
        tmp_path, BOT_TOKEN="42:WRONG", ADMIN_IDS="1", DATABASE_URL=clean_dsn,
        TELEGRAM_API_URL=url))
    assert code == 2
    assert "igbot: BOT_TOKEN was rejected by Telegram" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, "igbot: BOT_TOKEN is not set"),
        ({"BOT_TOKEN": "not-a-token"}, "igbot: BOT_TOKEN is malformed"),
        ({"BOT_TOKEN": "42:T", "ADMIN_IDS": "12,abc"}, "igbot: setting ADMIN_IDS is invalid"),
        ({"BOT_TOKEN": "42:T", "CREATE_CONCURRENCY": "0"},
         "igbot: setting CREATE_CONCURRENCY is invalid"),
        ({"BOT_TOKEN": "42:T", "DATABASE_URL": "postgresql://u:secret@127.0.0.1:1/x"},
         "igbot: cannot connect to DATABASE_URL"),
    ],
)
async def test_bad_settings_stop_with_one_line(
    tmp_path: Path, overrides: dict[str, str], expected: str,
) -> None:
    overrides.setdefault("DATABASE_URL", "postgresql://u@127.0.0.1:1/x")
    code, err = await run_bot(tmp_path, bot_env(tmp_path, **overrides))
    assert code == 2, err
    assert expected in err
    assert "Traceback" not in err
    assert "secret" not in err


async def test_webhook_mode_checks_the_secret(
    fake_api: tuple[FakeBotApi, str], clean_dsn: str, tmp_path: Path,
) -> None:
    api, url = fake_api
    api.updates = []  # updates arrive by webhook, not by polling
    port = free_port()
    env = bot_env(tmp_path, BOT_TOKEN="42:TEST", ADMIN_IDS=str(ADMIN_ID),
                  DATABASE_URL=clean_dsn, TELEGRAM_API_URL=url,
                  WEBHOOK_BASE_URL="https://bot.example.com", WEBHOOK_SECRET="s3cret-token",
                  WEBHOOK_PORT=str(port))
    proc = await start_bot(tmp_path, env)
    try:
        hook = f"http://127.0.0.1:{port}/telegram/webhook"
        await api.wait_for_call("setWebhook")  # the webhook server listens before this
        async with aiohttp.ClientSession() as http:
            async with http.post(hook, json=HELP_UPDATE, headers={
                    "X-Telegram-Bot-Api-Secret-Token": "wrong"}) as refused:
                assert refused.status == 401
            async with http.post(hook, json=HELP_UPDATE, headers={
                    "X-Telegram-Bot-Api-Secret-Token": "s3cret-token"}) as accepted:
                assert accepted.status == 200
        await api.wait_for_call("sendMessage")
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(proc.communicate(), timeout=60)
    webhook = next(f for m, f in api.calls if m == "setWebhook")
    assert webhook["url"] == "https://bot.example.com/telegram/webhook"
    assert webhook["secret_token"] == "s3cret-token"
    assert not any(m == "getUpdates" for m, _ in api.calls)
    assert proc.returncode == 0, err.decode()
    assert "s3cret-token" not in err.decode()
