"""Start-up time: process start -> first ``getUpdates`` (polling) and -> 200 on ``/readyz``
(webhook), against a fake Bot API on loopback and one PostgreSQL (embedded, started once).

Measured beside a floor in the same run: a bare aiogram bot (one router, one handler,
``start_polling``) started the same way, to its first ``getUpdates``. Then the import
time of the bot, of ``igbot create-user``'s modules and of the libraries, from
``python -X importtime`` (cumulative microseconds per top-level package).

    .venv/bin/python bench/bench_startup.py [--runs 5]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from repository.embedded import EmbeddedPostgres  # noqa: E402
from tests.botapi import FakeBotApi, serve_fake_api  # noqa: E402

FLOOR_BOT = """
import asyncio, os
from aiogram import Bot, Dispatcher, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import Message

router = Router()

@router.message()
async def echo(message: Message) -> None:
    await message.answer("ok")

async def main() -> None:
    session = AiohttpSession(api=TelegramAPIServer.from_base(os.environ["TELEGRAM_API_URL"]))
    bot = Bot(os.environ["BOT_TOKEN"], session=session)
    dp = Dispatcher()
    dp.include_router(router)
    await dp.start_polling(bot, handle_signals=True)

asyncio.run(main())
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def env_for(api_url: str, dsn: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(BOT_TOKEN="42:BENCH", ADMIN_IDS="1", DATABASE_URL=dsn,
               TELEGRAM_API_URL=api_url, LOG_LEVEL="WARNING", **extra)
    return env


async def until_get_updates(api: FakeBotApi, since: int) -> None:
    async with api.changed:
        await asyncio.wait_for(api.changed.wait_for(
            lambda: any(m == "getUpdates" for m, _ in api.calls[since:])), 120)


async def until_ready(port: int) -> None:
    import aiohttp

    async with aiohttp.ClientSession() as http:
        while True:
            try:
                async with http.get(f"http://127.0.0.1:{port}/readyz") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.005)


async def timed_start(args: list[str], env: dict[str, str], ready: object) -> float:
    start = time.perf_counter()
    proc = await asyncio.create_subprocess_exec(
        *args, env=env, cwd=tempfile.gettempdir(),
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
    try:
        await ready  # type: ignore[misc]
        return time.perf_counter() - start
    finally:
        proc.terminate()
        await proc.wait()


async def measure(runs: int, dsn: str) -> dict[str, list[float]]:
    times: dict[str, list[float]] = defaultdict(list)
    async with serve_fake_api() as (api, url):
        for _ in range(runs):
            times["floor: bare aiogram -> getUpdates"].append(await timed_start(
                [sys.executable, "-c", FLOOR_BOT], env_for(url, dsn),
                until_get_updates(api, len(api.calls))))
            times["igbot polling -> getUpdates"].append(await timed_start(
                [sys.executable, "-m", "bot"], env_for(url, dsn),
                until_get_updates(api, len(api.calls))))
            port = free_port()
            times["igbot webhook -> /readyz 200"].append(await timed_start(
                [sys.executable, "-m", "bot"],
                env_for(url, dsn, WEBHOOK_BASE_URL="https://bench.example.com",
                        WEBHOOK_SECRET="bench", WEBHOOK_PORT=str(port)),
                until_ready(port)))
    return times


def import_times(code: str) -> dict[str, int]:
    """Import microseconds spent in each top-level package's own modules (self time, so
    the figures add up to the total) while ``code`` runs."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", code], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    totals: dict[str, int] = defaultdict(int)
    for line in done.stderr.splitlines():
        parts = [part.strip() for part in line.removeprefix("import time:").split("|")]
        if not line.startswith("import time:") or not parts[0].isdigit():
            continue
        totals[parts[2].split(".")[0]] += int(parts[0])
    return totals


def print_imports(title: str, code: str, runs: int) -> None:
    samples = [import_times(code) for _ in range(runs)]
    names = {n for s in samples for n in s}
    median = {n: statistics.median(s.get(n, 0) for s in samples) for n in names}
    total = sum(median.values())
    print(f"\n{title}: {total / 1000:.0f} ms of imports (median of {runs})")
    for name, micros in sorted(median.items(), key=lambda kv: -kv[1])[:8]:
        print(f"  {name:<22} {micros / 1000:7.1f} ms")
    print(f"  aiogram imported: {'aiogram' in names}")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory(prefix="igbot-bench-startup-") as tmp:
        os.chmod(tmp, 0o755)
        server = await asyncio.to_thread(EmbeddedPostgres, Path(tmp))
        try:
            times = await measure(runs, server.dsn)
        finally:
            await asyncio.to_thread(server.stop)
    floor = statistics.median(times["floor: bare aiogram -> getUpdates"])
    print(f"start-up, median of {runs} (wall clock from process start):")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"  {name:<38} {median * 1000:7.0f} ms   x{median / floor:.2f} of the floor")
    print_imports("python -m bot (bot.runner + handlers)",
                  "import bot.runner, handlers; handlers.get_routers()", runs)
    print_imports("igbot create-user (bot.cli, bot.shapes, bot.service)",
                  "import bot.cli, bot.shapes, bot.service, bot.database", runs)


if __name__ == "__main__":
    asyncio.run(main())
