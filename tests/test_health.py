"""Liveness, readiness and the embedded server's data directory, with the real process."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from tests.botapi import serve_fake_api
from tests.conftest import ADMIN_ID
from tests.faults import FaultProxy
from tests.test_runner import bot_env, free_port, run_bot, start_bot


@pytest.fixture
async def proxy(clean_dsn: str) -> AsyncIterator[FaultProxy]:
    """The test's database behind a proxy that can take it away."""
    proxy = await FaultProxy(clean_dsn).start()
    yield proxy
    await proxy.close()


async def test_readyz_follows_the_database_in_polling_mode(
    proxy: FaultProxy, tmp_path: Path,
) -> None:
    port = free_port()
    async with serve_fake_api() as (api, api_url):
        proc = await start_bot(tmp_path, bot_env(
            tmp_path, BOT_TOKEN="42:TEST", ADMIN_IDS=str(ADMIN_ID), DATABASE_URL=proxy.dsn,
            TELEGRAM_API_URL=api_url, METRICS_PORT=str(port)))
        base = f"http://127.0.0.1:{port}"
        try:
            await api.wait_for_call("deleteWebhook")  # the health server listens before
            async with aiohttp.ClientSession() as http:
                async with http.get(f"{base}/readyz") as response:
                    assert (response.status, await response.text()) == (200, "ready")
                # The Docker image's HEALTHCHECK command, on this port and on a closed one.
                check = [sys.executable, "-m", "bot.healthcheck"]
                for metrics_port, expected in ((port, 0), (free_port(), 1)):
                    probe = await asyncio.create_subprocess_exec(
                        *check, env={**os.environ, "METRICS_PORT": str(metrics_port)},
                        stderr=asyncio.subprocess.DEVNULL)
                    assert await probe.wait() == expected
                proxy.refuse()  # the database goes away
                async with http.get(f"{base}/readyz") as response:
                    assert response.status == 503
                    assert "the database is not reachable" in await response.text()
                async with http.get(f"{base}/healthz") as response:
                    assert (response.status, await response.text()) == (200, "ok")
        finally:
            proc.send_signal(signal.SIGTERM)
            _, err = await asyncio.wait_for(proc.communicate(), timeout=60)
    assert proc.returncode == 0, err.decode()


async def test_a_postgresql_16_data_directory_is_refused_with_how_to_move_it(
    tmp_path: Path,
) -> None:
    pgdata = tmp_path / "data" / "pgdata"
    pgdata.mkdir(parents=True)
    (pgdata / "PG_VERSION").write_text("16\n")
    code, err = await run_bot(tmp_path, bot_env(tmp_path, BOT_TOKEN="42:TEST"))
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "PostgreSQL 16" in lines[0] and "pg_dump" in lines[0] and "DATA_DIR" in lines[0]
    assert (pgdata / "PG_VERSION").read_text() == "16\n"  # untouched
