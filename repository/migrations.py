"""Versioned schema migrations.

Each migration runs once, in its own transaction, recorded in ``igbot_schema_migrations``.
A session advisory lock makes two processes that start together take turns. The migrations
only add what is missing, so a database created by the original system (UUID ``id``,
VARCHAR(255) columns, ``UNIQUE(search_username, user_pk)``) keeps every row.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import asyncpg

from repository import migration_v6, migration_v8
from repository.tables import ARCHIVE, DIALOG_STATE, LIST_SORT_KEY, USERNAME_KEY, USERS

log = logging.getLogger(__name__)

_LOCK_KEY = 0x16B07  # any constant shared by every igbot process


class DuplicateRowsError(Exception):
    """Existing rows break ``(user_pk, project_id)`` uniqueness; ``--dedupe`` resolves it."""

    def __init__(self, groups: int, rows: int, user_pk: str, project_id: int | None,
                 example_count: int) -> None:
        self.groups = groups
        self.rows = rows
        self.user_pk = user_pk
        self.project_id = project_id
        self.example_count = example_count
        super().__init__(
            f"{groups} groups of rows share (user_pk, project_id); for example user_pk "
            f"{user_pk} in project {project_id} appears {example_count} times"
        )


@dataclass(frozen=True)
class MigrationReport:
    applied: list[str]
    archived_rows: int


_CREATE_PROJECTS = """
CREATE TABLE IF NOT EXISTS projects (
    id SERIAL PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    is_active BOOLEAN NOT NULL DEFAULT true,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
ALTER TABLE projects ADD COLUMN IF NOT EXISTS is_active BOOLEAN DEFAULT true;
"""

_CREATE_USERS = f"""
CREATE TABLE IF NOT EXISTS {USERS} (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
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
    scraped_at TIMESTAMPTZ DEFAULT now(),
    created_at TIMESTAMPTZ DEFAULT now(),
    updated_at TIMESTAMPTZ DEFAULT now(),
    requester_telegram_id TEXT,
    metadata JSONB NOT NULL DEFAULT '{{}}'::jsonb
);
-- An existing table gets whatever of our columns it lacks; nothing else changes.
ALTER TABLE {USERS}
    ADD COLUMN IF NOT EXISTS full_name VARCHAR(255),
    ADD COLUMN IF NOT EXISTS is_private BOOLEAN DEFAULT false,
    ADD COLUMN IF NOT EXISTS is_verified BOOLEAN DEFAULT false,
    ADD COLUMN IF NOT EXISTS profile_pic_url TEXT,
    ADD COLUMN IF NOT EXISTS profile_url TEXT,
    ADD COLUMN IF NOT EXISTS profile_chaining_secondary_label VARCHAR(255),
    ADD COLUMN IF NOT EXISTS social_context VARCHAR(255),
    ADD COLUMN IF NOT EXISTS project_id INTEGER,
    ADD COLUMN IF NOT EXISTS scraped_at TIMESTAMPTZ DEFAULT now(),
    ADD COLUMN IF NOT EXISTS created_at TIMESTAMPTZ DEFAULT now(),
    ADD COLUMN IF NOT EXISTS updated_at TIMESTAMPTZ DEFAULT now(),
    ADD COLUMN IF NOT EXISTS requester_telegram_id TEXT,
    ADD COLUMN IF NOT EXISTS metadata JSONB NOT NULL DEFAULT '{{}}'::jsonb;
"""

# A legacy table may have a UUID id without a default; new rows need one.
_ID_DEFAULT = f"""
DO $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = '{USERS}'
          AND column_name = 'id' AND data_type = 'uuid' AND column_default IS NULL
    ) THEN
        ALTER TABLE {USERS} ALTER COLUMN id SET DEFAULT gen_random_uuid();
    END IF;
END $$;
"""

_DUPLICATE_GROUPS = f"""
SELECT count(*) AS groups, coalesce(sum(n), 0) AS rows,
       (array_agg(user_pk ORDER BY n DESC, user_pk))[1] AS user_pk,
       (array_agg(project_id ORDER BY n DESC, user_pk))[1] AS project_id,
       max(n) AS example_count
FROM (
    SELECT user_pk, project_id, count(*) AS n FROM {USERS}
    WHERE project_id IS NOT NULL
    GROUP BY user_pk, project_id HAVING count(*) > 1
) d
"""

_ARCHIVE_DUPLICATES = f"""
CREATE TABLE IF NOT EXISTS {ARCHIVE} (LIKE {USERS});
ALTER TABLE {ARCHIVE} ADD COLUMN IF NOT EXISTS archived_at TIMESTAMPTZ NOT NULL DEFAULT now();
"""


# Keeps the oldest row of each group, by the rule /list sorts with: a row without
# created_at is the oldest, then the lowest id; the others move, whole, to the archive.
_MOVE_DUPLICATES = f"""
WITH ranked AS (
    SELECT ctid AS row_ctid, row_number() OVER (
        PARTITION BY user_pk, project_id
        ORDER BY {LIST_SORT_KEY} ASC, id ASC, ctid
    ) AS rank
    FROM {USERS} WHERE project_id IS NOT NULL
), moved AS (
    DELETE FROM {USERS} u USING ranked r
    WHERE u.ctid = r.row_ctid AND r.rank > 1
    RETURNING u.*
)
INSERT INTO {ARCHIVE} SELECT moved.*, now() FROM moved
"""

_UNIQUE_INDEX = f"""
CREATE UNIQUE INDEX IF NOT EXISTS {USERS}_user_pk_project_uidx
    ON {USERS} (user_pk, project_id);
"""

_LIST_INDEX = f"""
CREATE INDEX IF NOT EXISTS {USERS}_project_newest_idx
    ON {USERS} (project_id, ({LIST_SORT_KEY}) DESC, id DESC);
"""

_ADMIN_PREFERENCES = """
CREATE TABLE IF NOT EXISTS igbot_admin_preferences (
    telegram_id BIGINT PRIMARY KEY,
    current_project_id INTEGER,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
"""


async def _base_tables(conn: asyncpg.Connection, dedupe: bool) -> int:
    await conn.execute(_CREATE_PROJECTS)
    await conn.execute(_CREATE_USERS)
    await conn.execute(_ID_DEFAULT)
    return 0


async def _unique_user_per_project(conn: asyncpg.Connection, dedupe: bool) -> int:
    report = await conn.fetchrow(_DUPLICATE_GROUPS)
    archived = 0
    if report is not None and report["groups"]:
        if not dedupe:
            raise DuplicateRowsError(
                groups=report["groups"], rows=report["rows"], user_pk=report["user_pk"],
                project_id=report["project_id"], example_count=report["example_count"],
            )
        await conn.execute(_ARCHIVE_DUPLICATES)
        status = await conn.execute(_MOVE_DUPLICATES)
        archived = int(status.split()[-1])
        log.warning("archived %d duplicate rows into %s", archived, ARCHIVE)
    await conn.execute(_UNIQUE_INDEX)
    return archived


async def _list_index(conn: asyncpg.Connection, dedupe: bool) -> int:
    await conn.execute(_LIST_INDEX)
    return 0


async def _admin_preferences(conn: asyncpg.Connection, dedupe: bool) -> int:
    await conn.execute(_ADMIN_PREFERENCES)
    return 0


async def _project_names_and_list_indexes(conn: asyncpg.Connection, dedupe: bool) -> int:
    return await migration_v8.apply(conn)


_DIALOG_STATE = f"""
CREATE TABLE IF NOT EXISTS {DIALOG_STATE} (
    key TEXT PRIMARY KEY,
    state TEXT,
    data JSONB NOT NULL DEFAULT '{{}}'::jsonb,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
"""


async def _dialog_state(conn: asyncpg.Connection, dedupe: bool) -> int:
    await conn.execute(_DIALOG_STATE)
    return 0


# Prefix search on usernames (/find acme): a range scan of this index, in byte order; its
# order is the order found accounts are shown in, so the first page stops early. The
# column itself is included so that counting a broad prefix's matches is an index-only
# scan (PostgreSQL needs the column an expression reads to be in the index for that).
_USERNAME_INDEX = f"""
CREATE INDEX IF NOT EXISTS {USERS}_username_prefix_idx
    ON {USERS} (({USERNAME_KEY}), project_id) INCLUDE (username);
"""


async def _audit_and_removed(conn: asyncpg.Connection, dedupe: bool) -> int:
    return await migration_v6.apply(conn)


async def _username_index(conn: asyncpg.Connection, dedupe: bool) -> int:
    await conn.execute(_USERNAME_INDEX)
    return 0


Step = Callable[[asyncpg.Connection, bool], Awaitable[int]]

MIGRATIONS: list[tuple[int, str, Step]] = [
    (1, "base tables", _base_tables),
    (2, "unique (user_pk, project_id)", _unique_user_per_project),
    (3, "index for a project's newest users", _list_index),
    (4, "admin preferences", _admin_preferences),
    (5, "dialog state", _dialog_state),
    (6, "audit trail, removed rows, imports, admin names", _audit_and_removed),
    (7, "index for username prefix search", _username_index),
    (8, "unique project names; indexes for /list sorts and filters",
     _project_names_and_list_indexes),
]


async def migrate(conn: asyncpg.Connection, *, dedupe: bool = False) -> MigrationReport:
    """Apply what is missing. Raises ``DuplicateRowsError`` unless ``dedupe`` archives them."""
    applied: list[str] = []
    archived = 0
    await conn.execute("SELECT pg_advisory_lock($1)", _LOCK_KEY)
    try:
        await conn.execute(
            "CREATE TABLE IF NOT EXISTS igbot_schema_migrations ("
            " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
            " applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
        )
        done = {r["version"] for r in await conn.fetch(
            "SELECT version FROM igbot_schema_migrations")}
        for version, name, step in MIGRATIONS:
            if version in done:
                continue
            async with conn.transaction():
                archived += await step(conn, dedupe)
                await conn.execute(
                    "INSERT INTO igbot_schema_migrations (version, name) VALUES ($1, $2)",
                    version, name,
                )
            log.info("applied migration %d: %s", version, name)
            applied.append(name)
    finally:
        await conn.execute("SELECT pg_advisory_unlock($1)", _LOCK_KEY)
    return MigrationReport(applied=applied, archived_rows=archived)
