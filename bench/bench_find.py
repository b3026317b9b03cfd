"""Benchmark: /find at 1M rows (prefix search on usernames, exact pk), through the
bot's own ``ManageRepository.find``, against a primary-key lookup measured in the same run.

One PostgreSQL (``DATABASE_URL``, which must be an **empty, throwaway** database, or an
embedded server in a temporary directory), migrated; N users (default 1,000,000) in 20
projects, loaded by one ``INSERT ... SELECT generate_series`` with the audit triggers
switched off for the load (the audit trail is not what is measured), then ``ANALYZE``.
Usernames are two words and a number (``beauty_studio12345``), so prefixes match many,
some or one account.

Each query runs ``--runs`` times (default 200) after 20 warm-up runs; medians and p95 in
milliseconds are printed with the ratio to the baseline (one row by primary key, the
cheapest indexed read there is, with the same columns and joins as a card). The plan of
the prefix query is printed too, and at the end the same prefix search without its
index (a sequential scan) for comparison. The target: every /find under 10 ms.

Usage: ``.venv/bin/python bench/bench_find.py [--users N] [--runs R]``
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg
from benchdb import database

from repository.manage import _FIND_PREFIX, ManageRepository, prefix_bounds
from repository.migrations import migrate
from repository.pool import create_pool
from repository.tables import USERS

WORDS = ("beauty", "studio", "nails", "coffee", "shop", "fitness", "yoga", "travel", "art",
         "design", "photo", "style", "home", "decor", "kids", "food", "chef", "moscow",
         "spb", "official", "store", "brand", "lash", "brow", "hair", "spa", "club", "life")
PROJECTS = 20
WARMUP = 20


async def load(pool: asyncpg.Pool, users: int) -> float:
    words = "ARRAY[" + ", ".join(f"'{w}'" for w in WORDS) + "]"
    started = time.perf_counter()
    async with pool.acquire() as conn:
        await migrate(conn)
        if await conn.fetchval(f"SELECT count(*) FROM {USERS}"):
            raise SystemExit("the database already holds users; point DATABASE_URL at an "
                             "empty, throwaway database")
        await conn.execute(
            "INSERT INTO projects (name) SELECT 'project ' || g FROM generate_series(1, $1) g",
            PROJECTS)
        await conn.execute(f"ALTER TABLE {USERS} DISABLE TRIGGER igbot_audit_insert")
        await conn.execute(
            f"""
            INSERT INTO {USERS} (search_username, user_pk, username, full_name, project_id,
                                 requester_telegram_id)
            SELECT 'manual_' || name, (10000000000 + g)::text, name, 'User ' || g,
                   1 + g % $2, '100'
            FROM (
                SELECT g, ({words})[1 + g % {len(WORDS)}] || '_'
                          || ({words})[1 + (g / {len(WORDS)}) % {len(WORDS)}] || g AS name
                FROM generate_series(1, $1) g
            ) s
            """, users, PROJECTS)
        await conn.execute(f"ALTER TABLE {USERS} ENABLE TRIGGER igbot_audit_insert")
        await conn.execute(f"VACUUM ANALYZE {USERS}")
    return time.perf_counter() - started


async def timed(call: Callable[[], Awaitable[Any]], runs: int) -> list[float]:
    for _ in range(WARMUP):
        await call()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        await call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def p95(times: list[float]) -> float:
    return sorted(times)[max(int(len(times) * 0.95) - 1, 0)]


async def main_async(users: int, runs: int) -> None:
    with database("igbot-bench-find-") as (dsn, where):
        pool = await create_pool(dsn, max_size=2)
        try:
            print(f"database: {where}; loading {users:,} users in {PROJECTS} projects…")
            seconds = await load(pool, users)
            print(f"loaded in {seconds:.1f} s; load average {os.getloadavg()[0]:.2f}")
            manage = ManageRepository(pool)
            some_id = await pool.fetchval(f"SELECT id::text FROM {USERS} OFFSET $1 LIMIT 1",
                                          users // 2)
            middle = users // 2
            middle_name = await pool.fetchval(
                f"SELECT username FROM {USERS} WHERE user_pk = $1",
                str(10000000000 + middle))
            cases: list[tuple[str, Callable[[], Awaitable[Any]]]] = [
                ("baseline: one row by primary key (get_entry)",
                 lambda: manage.get_entry(some_id)),
                ("/find pk (exact)",
                 lambda: manage.find(pk=str(10000000000 + middle), prefix=None)),
                ("/find digits (pk + username prefix)",
                 lambda: manage.find(pk=str(10000000000 + middle),
                                     prefix=str(10000000000 + middle))),
                ("/find 'b'", lambda: manage.find(prefix="b")),
                ("/find 'beauty'", lambda: manage.find(prefix="beauty")),
                ("/find 'beauty_studio1'",
                 lambda: manage.find(prefix="beauty_studio1")),
                (f"/find '{middle_name}'",
                 lambda: manage.find(prefix=str(middle_name))),
                ("/find 'zzz'", lambda: manage.find(prefix="zzz")),
            ]
            counts = {
                name: (await call()) for name, call in cases[1:]
            }
            results: list[tuple[str, float, float]] = []
            for name, call in cases:
                times = await timed(call, runs)
                results.append((name, statistics.median(times), p95(times)))
            base = results[0][1]
            print(f"\n{runs} runs each after {WARMUP} warm-up runs; milliseconds")
            print(f"{'query':<48} {'median':>8} {'p95':>8} {'x base':>7}  found")
            for name, median, high in results:
                found = counts.get(name)
                shown = (f"{len(found.entries)} shown of {found.total}"
                         f"{'+' if found.capped else ''}") if found is not None else ""
                print(f"{name:<48} {median:8.3f} {high:8.3f} {median / base:7.2f}  {shown}")
            worst = max(r[1] for r in results[1:])
            print(f"\nslowest /find median: {worst:.3f} ms (target < 10 ms): "
                  f"{'OK' if worst < 10 else 'MISSED'}")
            low, high = prefix_bounds("beauty_studio1")
            plan = await pool.fetch(f"EXPLAIN (ANALYZE, COSTS OFF) {_FIND_PREFIX}",
                                    low, high, 11)
            print("\nplan of /find 'beauty_studio1':")
            for line in plan:
                print("   ", line[0])
            await pool.execute("DROP INDEX instagram_similar_users_username_prefix_idx")
            times = await timed(lambda: manage.find(prefix="beauty_studio1"), 5)
            print(f"\nwithout the index (sequential scan), /find 'beauty_studio1': median "
                  f"{statistics.median(times):.1f} ms = "
                  f"{statistics.median(times) / base:.0f}x base")
            print(f"load average at the end {os.getloadavg()[0]:.2f}")
        finally:
            await pool.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--users", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    asyncio.run(main_async(args.users, args.runs))


if __name__ == "__main__":
    main()
