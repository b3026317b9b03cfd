"""/list at scale: page 1 vs page 5,000 vs the last page, for each filter and sort.

One PostgreSQL (``DATABASE_URL`` if set, which must be an **empty, throwaway** database,
else an embedded server in a temporary directory), migrated, with one project of N users
(default 1,000,000) made by ``generate_series``: created over 10 days (so "the last 24 h"
holds about a tenth), 20% private, 10% verified, 30% added by admin 100, 10% with "shop"
in the full name.

For each case the bench times, as medians of R runs taken in turns, the statement that
reads one page of 10 (``repository.listing.page_query``, exactly what /list runs) for the
first page, page 5,000 (continuing from the key of row 49,990, as the Next button would;
the bench finds that key once with OFFSET, a setup step that /list never takes) and the
last page; then the ratios to page 1 (the target: within 1.5x). The count of matching
rows that /list shows in its header is timed on its own: it is the same for every page.

Usage: ``.venv/bin/python bench/bench_listing.py [--users N] [--runs R]``
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path

import asyncpg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchdb import database, empty_project

from repository.listing import (
    ListFilter,
    ListSort,
    count_users,
    encode_cursor,
    page_query,
)
from repository.tables import USERS

PAGE = 10
DEEP_PAGE = 5000
CASES: list[tuple[str, ListSort, ListFilter]] = [
    ("no filter", ListSort.NEWEST, ListFilter()),
    ("private", ListSort.NEWEST, ListFilter(private=True)),
    ("verified", ListSort.NEWEST, ListFilter(verified=True)),
    ("added by me", ListSort.NEWEST, ListFilter(requester="100")),
    ("last 24 h", ListSort.NEWEST, ListFilter(recent=True)),
    ("text 'shop'", ListSort.NEWEST, ListFilter(text="shop")),
    ("text, 11 matches", ListSort.NEWEST, ListFilter(text="person 77777")),
    ("no filter, oldest", ListSort.OLDEST, ListFilter()),
    ("no filter, username", ListSort.USERNAME, ListFilter()),
    ("private, username", ListSort.USERNAME, ListFilter(private=True)),
]


async def prepare(pool: asyncpg.Pool, users: int) -> int:
    async with pool.acquire() as conn:
        project_id = await empty_project(conn, "bench listing")
        started = time.perf_counter()
        # Row n: created n * (10 days / users) ago; flags and requesters spread evenly.
        await conn.execute(
            f"""
            INSERT INTO {USERS} (search_username, user_pk, username, full_name, is_private,
                is_verified, profile_url, project_id, requester_telegram_id, created_at)
            SELECT 'manual_u' || n, n::text, 'u' || md5(n::text),
                   CASE WHEN n % 10 = 3 THEN 'The Shop ' || n ELSE 'Person ' || n END,
                   n % 5 = 0, n % 10 = 1, 'https://instagram.com/u' || n, $1,
                   CASE WHEN n % 10 < 3 THEN '100' ELSE '200' END,
                   now() - (n * 864000.0 / $2) * interval '1 second'
            FROM generate_series(1, $2) n
            """, project_id, users)
        await conn.execute(f"VACUUM ANALYZE {USERS}")
        print(f"loaded {users:,} users in {time.perf_counter() - started:.1f} s")
    return project_id


async def deep_cursor(pool: asyncpg.Pool, project_id: int, sort: ListSort,
                      filt: ListFilter) -> str | None:
    """The cursor the Next button holds on page 4,999 (setup only: OFFSET)."""
    sql, args = page_query(project_id, limit=PAGE, sort=sort, filt=filt)
    head, _, _ = sql.rpartition(" LIMIT ")
    row = await pool.fetchrow(f"{head} OFFSET {(DEEP_PAGE - 1) * PAGE - 1} LIMIT 1",
                              *args[:-1])
    return encode_cursor(sort, row["sort_key"], row["id"]) if row else None


async def server_side(pool: asyncpg.Pool, sql: str, args: list[object],
                      runs: int) -> tuple[float, int]:
    """PostgreSQL's own execution time (median, ms) and the buffers the page touched."""
    times: list[float] = []
    blocks = 0
    for _ in range(runs):
        raw = await pool.fetchval(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}", *args)
        result = json.loads(raw)[0]
        times.append(float(result["Execution Time"]))
        plan = result["Plan"]
        blocks = int(plan.get("Shared Hit Blocks", 0)) + int(plan.get("Shared Read Blocks", 0))
    return statistics.median(times), blocks


async def timed(pool: asyncpg.Pool, sql: str, args: list[object]) -> float:
    started = time.perf_counter()
    rows = await pool.fetch(sql, *args)
    elapsed = time.perf_counter() - started
    assert rows, "a page came back empty"
    return elapsed * 1000


async def run(users: int, runs: int) -> None:
    with database() as (dsn, where):
        print(f"database: {where}")
        # One connection: its prepared statements are reused, as in the bot's pool.
        pool = await asyncpg.create_pool(dsn, min_size=1, max_size=1)
        try:
            project_id = await prepare(pool, users)
            print(f"\npage of {PAGE}; medians of {runs} runs, milliseconds\n")
            print("wall: the page's round trip from Python (asyncpg); server: PostgreSQL's "
                  "execution time (EXPLAIN ANALYZE); blocks: buffers the page touched\n")
            print(f"{'case':<22}{'matching':>10}{'count':>9}{'page 1':>9}"
                  f"{'p 5000':>9}{'last':>9}{'5000/1':>8}{'last/1':>8}  within 1.5x")
            worst = 0.0
            server_rows: list[str] = []
            for name, sort, filt in CASES:
                cursor = await deep_cursor(pool, project_id, sort, filt)
                statements = {"first": page_query(project_id, limit=PAGE, sort=sort, filt=filt),
                              "last": page_query(project_id, limit=PAGE, sort=sort, filt=filt,
                                                 last=True)}
                if cursor is not None:
                    statements["deep"] = page_query(project_id, limit=PAGE, sort=sort,
                                                    filt=filt, after=cursor)
                times: dict[str, list[float]] = {k: [] for k in statements}
                for _ in range(3):  # warm the caches (and asyncpg's prepared statements)
                    for sql, args in statements.values():
                        await timed(pool, sql, args)
                for _ in range(runs):
                    for key, (sql, args) in statements.items():
                        times[key].append(await timed(pool, sql, args))
                counts = []
                matching = 0
                for _ in range(max(runs // 3, 1)):
                    started = time.perf_counter()
                    matching = await count_users(pool, project_id, filt)
                    counts.append((time.perf_counter() - started) * 1000)
                first, last = statistics.median(times["first"]), statistics.median(times["last"])
                deep = statistics.median(times["deep"]) if "deep" in times else float("nan")
                ratios = [deep / first, last / first]
                ok = all(r <= 1.5 for r in ratios if r == r)
                worst = max([worst, *[r for r in ratios if r == r]])
                print(f"{name:<22}{matching:>10,}{statistics.median(counts):>9.2f}"
                      f"{first:>9.3f}{deep:>9.3f}{last:>9.3f}{ratios[0]:>8.2f}{ratios[1]:>8.2f}"
                      f"  {'yes' if ok else 'NO'}")
                server = {k: await server_side(pool, sql, args, runs)
                          for k, (sql, args) in statements.items()}
                s1, b1 = server["first"]
                sd, bd = server.get("deep", (float("nan"), 0))
                sl, bl = server["last"]
                server_rows.append(
                    f"{name:<22}{s1:>9.3f}{sd:>9.3f}{sl:>9.3f}{sd / s1:>8.2f}{sl / s1:>8.2f}"
                    f"{b1:>9}{bd:>9}{bl:>9}")
            print(f"\nwall: worst ratio to page 1: {worst:.2f} (target: at most 1.5)")
            print(f"\nserver side, medians of {runs} runs (ms), and blocks touched\n")
            print(f"{'case':<22}{'page 1':>9}{'p 5000':>9}{'last':>9}{'5000/1':>8}"
                  f"{'last/1':>8}{'blk 1':>9}{'blk 5000':>9}{'blk last':>9}")
            print("\n".join(server_rows))
        finally:
            await pool.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--users", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    if args.users < DEEP_PAGE * PAGE or args.runs < 1:
        parser.error(f"--users must be at least {DEEP_PAGE * PAGE:,}, --runs positive")
    asyncio.run(run(args.users, args.runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
