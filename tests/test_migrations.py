"""Migrations over a database the original system created: keep every row, add what is missing."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import pytest

from bot.service import CreateUserService
from repository.instagram import InstagramRepository
from repository.migrations import MIGRATIONS, DuplicateRowsError, migrate
from repository.pool import create_pool

LEGACY_PROJECTS = """
CREATE TABLE projects (
    id SERIAL PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    telegram_id BIGINT,
    telegram_username VARCHAR(255),
    bot_name VARCHAR(255),
    description TEXT,
    is_active BOOLEAN DEFAULT true,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    metadata JSONB,
    UNIQUE(telegram_id, bot_name)
)
"""

LEGACY_USERS = """
CREATE TABLE instagram_similar_users (
    id UUID PRIMARY KEY {id_default},
    search_username VARCHAR(255) NOT NULL,
    user_pk VARCHAR(255) NOT NULL,
    username VARCHAR(255) NOT NULL,
    full_name VARCHAR(255),
    is_private BOOLEAN DEFAULT false,
    is_verified BOOLEAN DEFAULT false,
    profile_pic_url TEXT,
    profile_url TEXT,
    profile_chaining_secondary_label VARCHAR(255),
    social_context VARCHAR(255),
    project_id INTEGER,
    scraped_at {ts} DEFAULT NOW(),
    created_at {ts} DEFAULT NOW(),
    updated_at {ts} DEFAULT NOW(),
    UNIQUE(search_username, user_pk)
)
"""

LEGACY_COLUMNS = (
    "id::text, search_username, user_pk, username, full_name, is_private, is_verified,"
    " profile_pic_url, profile_url, profile_chaining_secondary_label, social_context,"
    " project_id, created_at"
)

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


async def make_legacy(conn: asyncpg.Connection, *, ts: str = "TIMESTAMP WITH TIME ZONE",
                      id_default: bool = True) -> None:
    await conn.execute(LEGACY_PROJECTS)
    await conn.execute(LEGACY_USERS.format(
        ts=ts, id_default="DEFAULT gen_random_uuid()" if id_default else ""))
    await conn.execute(
        "INSERT INTO projects (name, telegram_id, telegram_username, bot_name, description,"
        " metadata) VALUES"
        " ('Neuro', 144022504, 'owner', 'neuro_blogger_bot', 'first', '{\"a\": 1}'),"
        " ('Second', 144022504, 'owner', 'other_bot', NULL, NULL)")


async def add_legacy_user(conn: asyncpg.Connection, search: str, pk: str, username: str,
                          project_id: int, created: datetime = T0, **extra: Any) -> None:
    await conn.execute(
        "INSERT INTO instagram_similar_users (id, search_username, user_pk, username,"
        " full_name, profile_url, project_id, created_at, social_context)"
        " VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7::timestamptz, $8)",
        search, pk, username, extra.get("full_name", username.title()),
        f"https://instagram.com/{username}", project_id, created,
        extra.get("social_context", ""),
    )


@pytest.fixture
async def conn(clean_dsn: str) -> AsyncIterator[asyncpg.Connection]:
    connection = await asyncpg.connect(clean_dsn)
    yield connection
    await connection.close()


@pytest.fixture
async def legacy_pool(clean_dsn: str) -> AsyncIterator[asyncpg.Pool]:
    pool = await create_pool(clean_dsn, max_size=4)
    yield pool
    await pool.close()


async def snapshot(conn: asyncpg.Connection) -> list[tuple[Any, ...]]:
    rows = await conn.fetch(f"SELECT {LEGACY_COLUMNS} FROM instagram_similar_users ORDER BY id")
    return [tuple(r) for r in rows]


# --- upgrade -------------------------------------------------------------------------------------
@pytest.mark.parametrize(("ts", "id_default"), [
    ("TIMESTAMP WITH TIME ZONE", True),
    ("TIMESTAMP", True),
    ("TIMESTAMP WITH TIME ZONE", False),
], ids=["timestamptz", "timestamp-without-tz", "uuid-without-default"])
async def test_legacy_database_upgraded_keeping_rows(
        conn: asyncpg.Connection, legacy_pool: asyncpg.Pool, ts: str,
        id_default: bool) -> None:
    await make_legacy(conn, ts=ts, id_default=id_default)
    await add_legacy_user(conn, "natgeo", "787132", "natgeo", 1, social_context="Nat Geo")
    await add_legacy_user(conn, "natgeo", "11830955", "natgeotravel", 1,
                          created=T0 + timedelta(minutes=1))
    await add_legacy_user(conn, "manual_acme", "1234567890", "acme", 2,
                          created=T0 + timedelta(minutes=2))
    await add_legacy_user(conn, "nasa", "787132", "natgeo", 2)  # same pk, other project
    before = await snapshot(conn)
    projects_before = [tuple(r) for r in await conn.fetch("SELECT * FROM projects ORDER BY id")]

    report = await migrate(conn)
    assert report.applied[:3] == ["base tables", "unique (user_pk, project_id)",
                                  "index for a project's newest users"]
    assert report.archived_rows == 0
    assert await snapshot(conn) == before
    projects_after = await conn.fetch(
        "SELECT id, name, telegram_id, telegram_username, bot_name, description, is_active,"
        " created_at, updated_at, metadata FROM projects ORDER BY id")
    assert [tuple(r) for r in projects_after] == projects_before
    added = await conn.fetch(
        "SELECT requester_telegram_id, metadata FROM instagram_similar_users")
    assert {(r["requester_telegram_id"], r["metadata"]) for r in added} == {(None, "{}")}

    repo = InstagramRepository(legacy_pool)
    service = CreateUserService(repo)
    assert [(p.id, p.name, p.user_count) for p in await repo.list_projects()] == [
        (1, "Neuro", 2), (2, "Second", 2)]
    new = await service.create_instagram_user(
        {"pk": "15230646745", "username": "new.one", "full_name": "Ж" * 255,
         "project_id": 1, "metadata": {"source": "manual"}}, requester="144022504")
    assert new.created, new.error
    assert new.user is not None and new.user.full_name == "Ж" * 255
    assert len(new.user.id) == 36
    again = await service.create_instagram_user(
        {"pk": "787132", "username": "natgeo", "project_id": 1})
    assert again.already_exists and again.user is not None
    assert again.user.social_context == "Nat Geo"
    batch = await service.create_many(
        [{"pk": "11830955", "username": "natgeotravel"}, {"pk": "2", "username": "two"}],
        default_project=1)
    assert [(r.created, r.already_exists) for r in batch] == [(False, True), (True, False)]

    page = await repo.list_users(1, limit=2)
    assert page.total == 4
    rest = await repo.list_users(1, limit=2, after=page.next_cursor)
    assert [u.user_pk for u in page.users] == ["2", "15230646745"]
    assert [u.user_pk for u in rest.users] == ["11830955", "787132"]  # legacy rows: oldest
    assert rest.next_cursor is None
    back = await repo.list_users(1, limit=2, before=rest.prev_cursor)
    assert [u.user_pk for u in back.users] == ["2", "15230646745"]


EARLIEST_USERS = """
CREATE TABLE instagram_similar_users (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    search_username VARCHAR(255) NOT NULL,
    user_pk VARCHAR(255) NOT NULL,
    username VARCHAR(255) NOT NULL,
    full_name VARCHAR(255),
    is_private BOOLEAN DEFAULT false,
    is_verified BOOLEAN DEFAULT false,
    profile_pic_url TEXT,
    profile_chaining_secondary_label VARCHAR(255),
    social_context VARCHAR(255),
    scraped_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT unique_search_user UNIQUE(search_username, user_pk)
)
"""


# The original's earliest table (its Neon createInstagramUsersTable) had neither
# project_id nor profile_url.
async def test_earliest_legacy_table_gets_missing_columns(conn: asyncpg.Connection,
                                                          legacy_pool: asyncpg.Pool) -> None:
    await conn.execute(LEGACY_PROJECTS)
    await conn.execute("INSERT INTO projects (name) VALUES ('Neuro')")
    await conn.execute(EARLIEST_USERS)
    await conn.execute(
        "INSERT INTO instagram_similar_users (search_username, user_pk, username)"
        " VALUES ('natgeo', '787132', 'natgeo')")
    await migrate(conn)
    assert await conn.fetchval("SELECT count(*) FROM instagram_similar_users") == 1
    service = CreateUserService(InstagramRepository(legacy_pool))
    result = await service.create_instagram_user(
        {"pk": "787132", "username": "natgeo", "project_id": 1})
    assert result.created, result.error
    assert result.user is not None
    assert result.user.profile_url == "https://instagram.com/natgeo"
    legacy = await conn.fetchrow(
        "SELECT username, project_id, profile_url FROM instagram_similar_users"
        " WHERE search_username = 'natgeo'")
    assert tuple(legacy) == ("natgeo", None, None)


async def test_legacy_null_is_active_means_inactive(conn: asyncpg.Connection,
                                                    legacy_pool: asyncpg.Pool) -> None:
    await make_legacy(conn)
    await conn.execute("UPDATE projects SET is_active = NULL WHERE id = 2")
    await migrate(conn)
    service = CreateUserService(InstagramRepository(legacy_pool))
    result = await service.create_instagram_user({"pk": "1", "username": "a", "project_id": 2})
    assert result.error == (
        "Project 2 (Second) is deactivated: it takes no new users (its list stays "
        "readable). Choose an active project, or activate it again from /projects.")


async def test_legacy_unique_clash_is_a_result(conn: asyncpg.Connection,
                                               legacy_pool: asyncpg.Pool) -> None:
    await make_legacy(conn)
    await add_legacy_user(conn, "manual_acme", "1234567890", "acme", 1)
    await migrate(conn)
    service = CreateUserService(InstagramRepository(legacy_pool))
    message = ("The old unique rule (search_username, user_pk) already holds acme "
               "(pk 1234567890) in project 1; this database cannot store it again in another "
               "project.")

    single = await service.create_instagram_user(
        {"pk": "1234567890", "username": "acme", "project_id": 2})
    assert (single.success, single.created, single.already_exists) == (False, False, False)
    assert single.error_code == "legacy_conflict"
    assert single.error == message

    many = await service.create_many(
        [{"pk": "1234567890", "username": "acme"}, {"pk": "5", "username": "five"}],
        default_project=2)
    assert [r.error_code for r in many] == ["legacy_conflict", None]
    assert many[0].error == message and many[1].created
    # Another username for the same pk has no clash with the legacy rule.
    other = await service.create_instagram_user(
        {"pk": "1234567890", "username": "acme.renamed", "project_id": 2})
    assert other.created
    count = await conn.fetchval("SELECT count(*) FROM instagram_similar_users")
    assert count == 3


# --- duplicates ----------------------------------------------------------------------------------
async def add_duplicates(conn: asyncpg.Connection) -> None:
    await make_legacy(conn)
    # Same (user_pk, project_id) under different search_username: allowed by the legacy rule.
    await add_legacy_user(conn, "alpha", "500", "five", 1, created=T0 + timedelta(hours=2),
                          full_name="newest")
    await add_legacy_user(conn, "beta", "500", "five", 1, created=T0, full_name="oldest")
    await add_legacy_user(conn, "gamma", "500", "five", 1, created=T0 + timedelta(hours=1),
                          full_name="middle")
    await add_legacy_user(conn, "alpha", "600", "six", 2, created=T0 + timedelta(hours=1),
                          full_name="later")
    await add_legacy_user(conn, "beta", "600", "six", 2, created=T0, full_name="first")
    await add_legacy_user(conn, "alpha", "700", "seven", 1)


async def test_duplicates_stop_the_migration(conn: asyncpg.Connection) -> None:
    await add_duplicates(conn)
    with pytest.raises(DuplicateRowsError) as caught:
        await migrate(conn)
    error = caught.value
    assert (error.groups, error.rows, error.user_pk, error.project_id,
            error.example_count) == (2, 5, "500", 1, 3)
    assert str(error) == ("2 groups of rows share (user_pk, project_id); for example user_pk "
                          "500 in project 1 appears 3 times")
    assert await conn.fetchval("SELECT count(*) FROM instagram_similar_users") == 6
    assert await conn.fetchval("SELECT to_regclass('instagram_similar_users_archive')") is None
    # Still refused on a second try, and nothing moved.
    with pytest.raises(DuplicateRowsError):
        await migrate(conn)
    assert await conn.fetchval("SELECT count(*) FROM instagram_similar_users") == 6


async def test_dedupe_keeps_oldest_and_archives_the_rest(conn: asyncpg.Connection) -> None:
    await add_duplicates(conn)
    everything = await snapshot(conn)
    report = await migrate(conn, dedupe=True)
    assert report.archived_rows == 3
    kept = await conn.fetch(
        "SELECT user_pk, project_id, full_name FROM instagram_similar_users ORDER BY user_pk")
    assert [tuple(r) for r in kept] == [("500", 1, "oldest"), ("600", 2, "first"),
                                        ("700", 1, "Seven")]
    archived = await conn.fetch(
        f"SELECT {LEGACY_COLUMNS}, archived_at FROM instagram_similar_users_archive")
    assert sorted(r["full_name"] for r in archived) == ["later", "middle", "newest"]
    assert all(r["archived_at"] is not None for r in archived)
    # Nothing deleted: the archive holds the moved rows whole.
    assert sorted(await snapshot(conn) + [tuple(r)[:-1] for r in archived]) == sorted(everything)
    # The unique rule is in place now.
    with pytest.raises(asyncpg.UniqueViolationError):
        await add_legacy_user(conn, "delta", "500", "five", 1)


# --- idempotence and concurrency ----------------------------------------------------------------
async def test_migrate_twice_is_a_no_op(conn: asyncpg.Connection) -> None:
    first = await migrate(conn)
    assert len(first.applied) == len(MIGRATIONS)
    tables = await conn.fetch(
        "SELECT table_name, column_name, data_type FROM information_schema.columns"
        " WHERE table_schema = 'public' ORDER BY 1, 2")
    second = await migrate(conn)
    assert (second.applied, second.archived_rows) == ([], 0)
    assert await conn.fetch(
        "SELECT table_name, column_name, data_type FROM information_schema.columns"
        " WHERE table_schema = 'public' ORDER BY 1, 2") == tables
    versions = await conn.fetch("SELECT version FROM igbot_schema_migrations ORDER BY 1")
    assert [r["version"] for r in versions] == [v for v, _, _ in MIGRATIONS]


async def test_concurrent_migrations_both_succeed(clean_dsn: str) -> None:
    conns = [await asyncpg.connect(clean_dsn) for _ in range(2)]
    try:
        reports = await asyncio.gather(*(migrate(c) for c in conns))
        applied = [name for r in reports for name in r.applied]
        assert sorted(applied) == sorted(name for _, name, _ in MIGRATIONS)
        assert await conns[0].fetchval("SELECT count(*) FROM igbot_schema_migrations") == len(
            MIGRATIONS)
        # The lock was released: a third run goes through at once.
        assert (await asyncio.wait_for(migrate(conns[1]), 5)).applied == []
    finally:
        for c in conns:
            await c.close()
