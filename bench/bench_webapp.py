"""The Mini App's page of users at 1M rows: flat with depth, beside the chat pager.

One PostgreSQL (``DATABASE_URL`` if set, which must be an **empty, throwaway** database,
else an embedded server in a temporary directory), migrated, with one project of N users
(default 1,000,000) made by ``generate_series`` (the audit trigger off for the load).
The real Mini App (``bot.webapp.add_webapp``) is served by aiohttp on 127.0.0.1, and the
bench asks it for pages of 50 over HTTP with signed ``initData``, as the page does while
scrolling, continuing from the rows at depth 0 (the first page), 50 (the first scroll),
1,000, 100,000 and 900,000. Beside each: the chat pager's own read of a page
(``repository.listing.list_page``, what /list runs) at the same depth, straight from
Python. The cursors at depth are found once with OFFSET, a setup step neither takes.

Prints medians of R runs taken in turns (milliseconds) and the ratio of each depth to
depth 50 (flat = ~1). Depth 0 also counts the matching rows (the page's total, asked
once per search), so it is shown but not the baseline.

Usage: ``.venv/bin/python bench/bench_webapp.py [--users N] [--runs R]``
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg
from aiohttp import web
from benchdb import database, empty_project
from pydantic import SecretStr

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.config import Settings
from bot.factory import AppContext, create_bot
from bot.i18n import I18n
from bot.service import CreateUserService
from bot.webapp import RateLimit, add_webapp
from repository.instagram import InstagramRepository
from repository.listing import ListFilter, ListSort, encode_cursor, list_page, page_query
from repository.pool import create_pool
from repository.preferences import PreferencesRepository
from repository.tables import USERS
from tests.webapp_support import auth_header, make_init_data

TOKEN = "42:BENCH"
ADMIN = 100
PAGE = 50
DEPTHS = (0, 50, 1_000, 100_000, 900_000)
BASE_DEPTH = 50
CASES: list[tuple[str, ListSort, ListFilter, str]] = [
    ("newest", ListSort.NEWEST, ListFilter(), ""),
    ("username", ListSort.USERNAME, ListFilter(), "&sort=username"),
    ("private, oldest", ListSort.OLDEST, ListFilter(private=True), "&sort=oldest&private=1"),
]


async def prepare(pool: asyncpg.Pool, users: int) -> int:
    async with pool.acquire() as conn:
        project_id = await empty_project(conn, "bench webapp")
        started = time.perf_counter()
        await conn.execute(f"ALTER TABLE {USERS} DISABLE TRIGGER igbot_audit_insert")
        await conn.execute(
            f"""
            INSERT INTO {USERS} (search_username, user_pk, username, full_name, is_private,
                is_verified, profile_pic_url, profile_url, project_id,
                requester_telegram_id, created_at)
            SELECT 'manual_u' || n, n::text, 'u' || md5(n::text), 'Person ' || n,
                   n % 5 = 0, n % 10 = 1, 'https://cdn.example/p/' || n || '.jpg',
                   'https://instagram.com/u' || n, $1,
                   CASE WHEN n % 10 < 3 THEN '100' ELSE '200' END,
                   now() - (n * 864000.0 / $2) * interval '1 second'
            FROM generate_series(1, $2) n
            """, project_id, users)
        await conn.execute(f"ALTER TABLE {USERS} ENABLE TRIGGER igbot_audit_insert")
        await conn.execute(f"VACUUM ANALYZE {USERS}")
        print(f"loaded {users:,} users in {time.perf_counter() - started:.1f} s")
    return project_id


async def cursor_at(pool: asyncpg.Pool, project_id: int, sort: ListSort, filt: ListFilter,
                    depth: int) -> str | None:
    """The cursor after ``depth`` rows (setup only: OFFSET); None for depth 0; "" when
    fewer than a full page lie beyond ``depth``."""
    if depth == 0:
        return None
    sql, args = page_query(project_id, limit=PAGE, sort=sort, filt=filt)
    head, _, _ = sql.rpartition(" LIMIT ")
    rows = await pool.fetch(f"{head} OFFSET {depth - 1} LIMIT {PAGE + 1}", *args[:-1])
    if len(rows) < PAGE + 1:
        return ""
    return encode_cursor(sort, rows[0]["sort_key"], rows[0]["id"])


async def api_page(http: aiohttp.ClientSession, url: str) -> float:
    started = time.perf_counter()
    async with http.get(url) as reply:
        body = await reply.json()
    elapsed = (time.perf_counter() - started) * 1000
    assert reply.status == 200 and len(body["rows"]) == PAGE, (url, body)
    return elapsed


async def chat_page(pool: asyncpg.Pool, project_id: int, sort: ListSort, filt: ListFilter,
                    cursor: str | None) -> float:
    started = time.perf_counter()
    page = await list_page(pool, project_id, limit=PAGE, sort=sort, filt=filt,
                           after=cursor, total=0 if cursor else None)
    elapsed = (time.perf_counter() - started) * 1000
    assert len(page.users) == PAGE
    return elapsed


async def serve(pool: asyncpg.Pool) -> tuple[web.AppRunner, str]:
    settings = Settings(bot_token=SecretStr(TOKEN), admin_ids=frozenset({ADMIN}),
                        _env_file=None)  # type: ignore[call-arg]
    repo = InstagramRepository(pool)
    i18n = I18n()
    context = AppContext(settings=settings, repo=repo, prefs=PreferencesRepository(pool),
                         service=CreateUserService(repo, i18n=i18n), i18n=i18n)
    app = web.Application()
    # No limit in the way of the measurement.
    add_webapp(app, context, create_bot(settings), limit=RateLimit(rate=1e6, burst=10**6))
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, f"http://127.0.0.1:{port}"


async def measure(pool: asyncpg.Pool, http: aiohttp.ClientSession, base: str,
                  project_id: int, case: tuple[str, ListSort, ListFilter, str],
                  runs: int) -> dict[int, tuple[float, float]]:
    """Median ms (API over HTTP, chat pager) per depth that the case reaches."""
    _, sort, filt, query = case
    found: dict[int, tuple[str, str | None]] = {}
    for depth in DEPTHS:
        cursor = await cursor_at(pool, project_id, sort, filt, depth)
        if cursor != "":
            url = f"{base}/api/users?project={project_id}&limit={PAGE}{query}"
            found[depth] = (url + (f"&cursor={cursor}" if cursor else ""), cursor)
    times: dict[int, tuple[list[float], list[float]]] = {d: ([], []) for d in found}
    for turn in range(runs + 3):  # three to warm the caches and prepared statements
        for depth, (url, cursor) in found.items():
            api = await api_page(http, url)
            chat = await chat_page(pool, project_id, sort, filt, cursor)
            if turn >= 3:
                times[depth][0].append(api)
                times[depth][1].append(chat)
    return {d: (statistics.median(a), statistics.median(c)) for d, (a, c) in times.items()}


def report(name: str, medians: dict[int, tuple[float, float]]) -> list[str]:
    base_api, base_chat = medians[BASE_DEPTH]
    lines = []
    for depth in DEPTHS:
        if depth not in medians:
            lines.append(f"{name:<18}{depth:>9,}{'(fewer rows match)':>30}")
            continue
        api, chat = medians[depth]
        lines.append(f"{name:<18}{depth:>9,}{api:>10.2f}{chat:>10.2f}{api / chat:>9.2f}"
                     f"{api / base_api:>10.2f}{chat / base_chat:>10.2f}")
    return lines


async def run(users: int, runs: int) -> None:
    with database() as (dsn, where):
        print(f"database: {where}")
        # The load and VACUUM take minutes on a busy machine: no statement timeout here.
        pool = await create_pool(dsn, max_size=4, command_timeout=3600)
        try:
            project_id = await prepare(pool, users)
            runner, base = await serve(pool)
            headers = auth_header(make_init_data(TOKEN, ADMIN))
            try:
                async with aiohttp.ClientSession(headers=headers) as http:
                    print(f"\npage of {PAGE}; medians of {runs} runs in turns, ms; "
                          f"ratios to depth {BASE_DEPTH} (flat = ~1)")
                    print("api: GET /api/users over HTTP (auth, JSON, names of who added); "
                          "chat: repository.listing.list_page (what /list runs)\n")
                    print(f"{'case':<18}{'depth':>9}{'api':>10}{'chat':>10}{'api/chat':>9}"
                          f"{'api/d50':>10}{'chat/d50':>10}")
                    worst = 0.0
                    for case in CASES:
                        medians = await measure(pool, http, base, project_id, case, runs)
                        print("\n".join(report(case[0], medians)))
                        deep = [medians[d][0] / medians[BASE_DEPTH][0]
                                for d in medians if d > BASE_DEPTH]
                        worst = max([worst, *deep])
                    print(f"\nworst API page at depth vs depth {BASE_DEPTH}: {worst:.2f}x "
                          "(flat = ~1; depth 0 includes the total's count)")
            finally:
                await runner.cleanup()
        finally:
            await pool.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--users", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=21)
    args: Any = parser.parse_args(argv)
    if args.users < 2 * PAGE or args.runs < 1:
        parser.error(f"--users must be at least {2 * PAGE}, --runs positive")
    asyncio.run(run(args.users, args.runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
