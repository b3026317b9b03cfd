"""``igbot migrate --dedupe`` keeps the row ``/list`` calls the oldest (issue 7 §6).

One rule in both places: a row without ``created_at`` is the oldest, then the lowest id.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import asyncpg
import pytest

from repository.instagram import InstagramRepository
from repository.migrations import migrate
from repository.pool import create_pool
from tests.test_migrations import T0, add_legacy_user, make_legacy


@pytest.fixture
async def conn(clean_dsn: str) -> AsyncIterator[asyncpg.Connection]:
    connection = await asyncpg.connect(clean_dsn)
    yield connection
    await connection.close()


async def oldest_on_the_list(dsn: str, project_id: int) -> list[str | None]:
    """The full names of a project's users as /list pages them, oldest first."""
    pool = await create_pool(dsn)
    try:
        page = await InstagramRepository(pool).list_users(project_id, limit=50)
    finally:
        await pool.close()
    return [u.full_name for u in reversed(page.users)]


async def test_an_undated_row_is_the_oldest_for_dedupe_and_for_the_list(
        conn: asyncpg.Connection, clean_dsn: str) -> None:
    await make_legacy(conn)
    await add_legacy_user(conn, "alpha", "500", "five", 1, created=T0, full_name="dated")
    await add_legacy_user(conn, "beta", "500", "five", 1, full_name="undated")
    await add_legacy_user(conn, "gamma", "500", "five", 1, created=T0 + timedelta(days=1),
                          full_name="newer")
    await conn.execute("UPDATE instagram_similar_users SET created_at = NULL"
                       " WHERE full_name = 'undated'")
    # Without the unique rule yet, /list shows all three: the undated one as the oldest.
    await conn.execute("CREATE TABLE igbot_schema_migrations (version INTEGER PRIMARY KEY,"
                       " name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
    await conn.execute("INSERT INTO igbot_schema_migrations (version, name) VALUES (1, 'b')")
    await conn.execute("ALTER TABLE instagram_similar_users ADD COLUMN IF NOT EXISTS"
                       " requester_telegram_id TEXT, ADD COLUMN IF NOT EXISTS metadata JSONB"
                       " NOT NULL DEFAULT '{}'")
    assert (await oldest_on_the_list(clean_dsn, 1))[0] == "undated"

    report = await migrate(conn, dedupe=True)
    assert report.archived_rows == 2
    kept = await conn.fetch("SELECT full_name FROM instagram_similar_users")
    assert [r["full_name"] for r in kept] == ["undated"]
    archived = await conn.fetch("SELECT full_name FROM instagram_similar_users_archive")
    assert sorted(r["full_name"] for r in archived) == ["dated", "newer"]


async def test_equal_dates_keep_the_lowest_id(conn: asyncpg.Connection) -> None:
    await make_legacy(conn)
    for search in ("a", "b", "c"):
        await add_legacy_user(conn, search, "900", "nine", 1, created=T0,
                              full_name=f"from {search}")
    await conn.execute("UPDATE instagram_similar_users SET created_at = NULL")
    lowest = await conn.fetchval("SELECT min(id::text) FROM instagram_similar_users")
    await migrate(conn, dedupe=True)
    kept = await conn.fetch("SELECT id::text FROM instagram_similar_users")
    assert [r["id"] for r in kept] == [lowest]
