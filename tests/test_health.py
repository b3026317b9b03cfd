"""Liveness, readiness and the embedded server's data directory, with the real process."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import aiohttp
import pytest

from tests.botapi import serve_fake_api
from tests.conftest import ADMIN_ID
from tests.test_runner import bot_env, free_port, run_bot, start_bot


class DatabaseProxy:
    """A TCP port in front of the test server's socket that can be cut off, as a
    database that goes away."""

    def __init__(self, unix_path: str) -> None:
        self.unix_path = unix_path
        self.links: list[asyncio.StreamWriter] = []
        self.server: asyncio.Server | None = None

    async def start(self) -> int:
        self.server = await asyncio.start_server(self._link, "127.0.0.1", 0)
        port: int = self.server.sockets[0].getsockname()[1]
        return port

    async def _link(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_unix_connection(self.unix_path)
        self.links += [writer, up_writer]

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            try:
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                dst.close()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))

    async def cut(self) -> None:
        assert self.server is not None
        self.server.close()
        for writer in self.links:
            writer.close()


@pytest.fixture
async def proxy(clean_dsn: str) -> AsyncIterator[tuple[DatabaseProxy, str]]:
    url = urlparse(clean_dsn)
    socket_dir = parse_qs(url.query)["host"][0]
    proxy = DatabaseProxy(f"{socket_dir}/.s.PGSQL.5432")
    port = await proxy.start()
    yield proxy, f"postgresql://postgres@127.0.0.1:{port}/postgres"
    await proxy.cut()


async def test_readyz_follows_the_database_in_polling_mode(
    proxy: tuple[DatabaseProxy, str], tmp_path: Path,
) -> None:
    db_proxy, dsn = proxy
    port = free_port()
    async with serve_fake_api() as (_, api_url):
        proc = await start_bot(tmp_path, bot_env(
            tmp_path, BOT_TOKEN="42:TEST", ADMIN_IDS=str(ADMIN_ID), DATABASE_URL=dsn,
            TELEGRAM_API_URL=api_url, METRICS_PORT=str(port)))
        base = f"http://127.0.0.1:{port}"
        try:
            async with aiohttp.ClientSession() as http:
                for _ in range(600):
                    try:
                        async with http.get(f"{base}/readyz") as response:
                            if response.status == 200:
                                assert await response.text() == "ready"
                                break
                    except aiohttp.ClientError:
                        await asyncio.sleep(0.1)
                else:
                    raise AssertionError("never ready")
                # The Docker image's HEALTHCHECK command, on this port and on a closed one.
                check = [sys.executable, "-m", "bot.healthcheck"]
                for metrics_port, expected in ((port, 0), (free_port(), 1)):
                    probe = await asyncio.create_subprocess_exec(
                        *check, env={**os.environ, "METRICS_PORT": str(metrics_port)},
                        stderr=asyncio.subprocess.DEVNULL)
                    assert await probe.wait() == expected
                await db_proxy.cut()
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
