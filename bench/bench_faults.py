"""Benchmark: bounded memory and responsiveness under big or hostile input (issue 7 §3).

Prints, each against a baseline measured in the same run (medians of ``--runs``):

* idle RSS: a bare interpreter, the libraries one by one, the bot's whole import graph
  (where the bot's idle memory goes);
* the CLI's peak RSS (``ru_maxrss``) for ``igbot projects list`` (the baseline), a
  100,000-user file, a 10 MB ``[1,1,...]`` file and a 12 MB ``[{},{},...]`` file;
* another admin's ``/help`` reply time in the chat, idle (the baseline) and during a
  100,000-user import (the real Dispatcher and PostgreSQL; only Telegram's HTTP faked).

Usage: ``.venv/bin/python bench/bench_faults.py [--users N] [--runs R]``
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PYTHON = sys.executable
IGBOT = str(Path(PYTHON).with_name("igbot"))

RSS_PROBE = """
import sys
for name in filter(None, sys.argv[1].split(",")):
    __import__(name)
if "bot.i18n" in sys.argv[1]:
    from bot.i18n import I18n
    for lang in ("en", "ru"):
        I18n().get(lang)("help")
status = open("/proc/self/status").read()
print(int(status.split("VmRSS:")[1].split()[0]) // 1024)
"""

PEAK_PROBE = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
"""


def idle_rss(modules: str) -> int:
    out = subprocess.run([PYTHON, "-c", RSS_PROBE, modules], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    return int(out.stdout)


def peak_rss(args: list[str], env: dict[str, str]) -> int:
    out = subprocess.run([PYTHON, "-c", PEAK_PROBE, *args], capture_output=True, text=True,
                         env=env, check=True)
    return int(out.stdout)


def median(values: list[float]) -> float:
    return statistics.median(values)


async def chat_latency(dsn: str, users: int) -> tuple[float, float, float, float]:
    """(idle median, idle max, during-import median, during-import max) /help seconds."""
    from aiogram_dialog.test_tools.memory_storage import JsonMemoryStorage
    from pydantic import SecretStr

    from bot.config import Settings
    from bot.factory import AppContext, create_bot, create_dispatcher
    from bot.i18n import I18n
    from bot.service import CreateUserService
    from handlers import get_routers
    from repository.instagram import InstagramRepository
    from repository.migrations import migrate
    from repository.pool import create_pool
    from repository.preferences import PreferencesRepository
    from tests.telegram import ChatUser, FakeTelegram

    pool = await create_pool(dsn, max_size=8)
    async with pool.acquire() as conn:
        await conn.execute("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;")
        await migrate(conn)  # type: ignore[arg-type]
    settings = Settings(bot_token=SecretStr("42:TEST"), admin_ids=frozenset({1, 2}),
                        max_document_bytes=20 * 1024 * 1024,
                        _env_file=None)  # type: ignore[call-arg]
    repo = InstagramRepository(pool)
    project = (await repo.create_project("Bench")).id
    i18n = I18n()
    app = AppContext(settings=settings, repo=repo, prefs=PreferencesRepository(pool),
                     service=CreateUserService(repo, i18n=i18n), i18n=i18n)
    telegram = FakeTelegram()
    bot = create_bot(settings, session=telegram)
    dp = create_dispatcher(app, get_routers(), storage=JsonMemoryStorage())
    importer = ChatUser(dp, bot, telegram, 1)
    other = ChatUser(dp, bot, telegram, 2)

    async def ask(waits: list[float]) -> None:
        arrives = time.monotonic() + 0.05
        await asyncio.sleep(0.05)
        await other.send("/help")
        waits.append(time.monotonic() - arrives)

    await other.send("/help")  # warm: the first reply compiles its translations
    idle: list[float] = []
    for _ in range(40):
        await ask(idle)
    document = json.dumps([
        {"pk": str(10**9 + i), "username": f"user.{i}", "full_name": f"User {i}",
         "project_id": project, "biography": "x" * 40} for i in range(users)]).encode()
    job = asyncio.create_task(importer.send_document("users.json", document))
    busy: list[float] = []
    await asyncio.sleep(0)
    while not job.done():
        await ask(busy)
    summary = (await job).last.text
    assert f"created {users}" in summary, summary
    await pool.close()
    return median(idle), max(idle), median(busy), max(busy)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    print("== idle RSS (MiB) ==")
    graph = [("(bare interpreter)", ""), ("asyncio", "asyncio"), ("pydantic", "pydantic"),
             ("asyncpg", "asyncpg"), ("aiohttp", "aiohttp"), ("fluent.runtime",
                                                              "fluent.runtime"),
             ("aiogram", "aiogram"), ("aiogram_dialog", "aiogram,aiogram_dialog"),
             ("the bot (runner, handlers, both locales)", "bot.runner,handlers,bot.i18n")]
    bare = 0
    for label, modules in graph:
        value = median([idle_rss(modules) for _ in range(args.runs)])
        bare = bare or int(value)
        print(f"  {label:45s} {value:6.0f}   (+{value - bare:.0f} over bare)")

    from repository.embedded import EmbeddedPostgres

    with tempfile.TemporaryDirectory(prefix="igbot-bench-faults-") as tmp:
        os.chmod(tmp, 0o755)
        dsn = os.environ.get("DATABASE_URL")
        server = None
        if not dsn:
            server = EmbeddedPostgres(Path(tmp) / "pg")
            dsn = server.dsn
        try:
            work = Path(tmp)
            env = {**os.environ, "DATABASE_URL": dsn, "LOG_LEVEL": "ERROR"}
            subprocess.run([IGBOT, "migrate"], env=env, check=True, capture_output=True)
            subprocess.run([IGBOT, "projects", "add", "Bench"], env=env, check=True,
                           capture_output=True)
            users = work / "users.json"
            users.write_text(json.dumps([{"pk": str(10**9 + i), "username": f"u.{i}",
                                          "full_name": f"User {i}"}
                                         for i in range(args.users)]))
            ones = work / "ones.json"
            ones.write_bytes(b"[" + b",".join([b"1"] * 5_000_000) + b"]")
            empties = work / "empties.json"
            empties.write_bytes(b"[" + b",".join([b"{}"] * 4_000_000) + b"]")
            cases = [("igbot projects list (baseline)", ["projects", "list"]),
                     (f"create-user, {args.users:,} users", ["create-user", str(users),
                                                             "--project", "1"]),
                     ("create-user, 10 MB of [1,1,...]", ["create-user", str(ones),
                                                          "--project", "1"]),
                     ("create-user, 12 MB of [{},{},...]", ["create-user", str(empties),
                                                            "--project", "1"])]
            print("\n== CLI peak RSS (MiB) ==")
            baseline = 0.0
            for label, cli in cases:
                peaks = []
                for _ in range(args.runs):
                    peaks.append(peak_rss([IGBOT, *cli], env))
                    if "users" in label:  # the next run creates them again
                        subprocess.run([PYTHON, "-c", (
                            "import asyncio, asyncpg, sys\n"
                            "async def m():\n"
                            "    c = await asyncpg.connect(sys.argv[1])\n"
                            "    await c.execute('TRUNCATE instagram_similar_users')\n"
                            "asyncio.run(m())"), dsn], check=True)
                value = median(peaks)
                baseline = baseline or value
                size = {"users": users, "[1,1": ones, "[{}": empties}
                mb = next((p.stat().st_size / 2**20 for k, p in size.items() if k in label),
                          0.0)
                print(f"  {label:40s} {value:6.0f}   x{value / baseline:.2f} of baseline"
                      + (f"   ({mb:.1f} MB input)" if mb else ""))

            print(f"\n== chat: another admin's /help during a {args.users:,}-user import ==")
            results = [asyncio.run(chat_latency(dsn, args.users)) for _ in range(args.runs)]
            idle_med = median([r[0] for r in results])
            idle_max = median([r[1] for r in results])
            busy_med = median([r[2] for r in results])
            busy_max = median([r[3] for r in results])
            print(f"  idle (baseline): median {idle_med * 1000:.0f} ms, "
                  f"max {idle_max * 1000:.0f} ms")
            print(f"  during import:   median {busy_med * 1000:.0f} ms, max "
                  f"{busy_max * 1000:.0f} ms   (max x{busy_max / max(idle_max, 1e-3):.1f} of "
                  "idle max; promise: under 1000 ms)")
        finally:
            if server is not None:
                server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
