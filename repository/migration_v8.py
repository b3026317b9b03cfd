"""Migration 8: project names unique regardless of case; indexes for /list's sorts and
filters.

Project names: a unique index on ``lower(btrim(name))``. A legacy database may already
hold projects whose names differ only by case; nothing is renamed or dropped: the index
leaves out the younger project of each such pair (by id, listed in the index's
predicate), so every other project, and every project created or renamed later, is held
to the rule (the application checks the left-out ones too). The pairs are logged, and
``igbot migrate`` lists them with the command that fixes each.

Listing: keyset pages sorted by username, and the "added by me" filter, each walk an
index in order, so any page costs the same at any depth. A text filter uses trigram
indexes when the server has ``pg_trgm`` (optional: without it the filter still works).
"""

from __future__ import annotations

import logging

import asyncpg

from repository.projects import NAME_KEY
from repository.tables import LIST_SORT_KEY, USERS

log = logging.getLogger(__name__)


_YOUNGER_DUPLICATES = f"""
SELECT id, name FROM (
    SELECT id, name, row_number() OVER (PARTITION BY {NAME_KEY} ORDER BY id) AS n
    FROM projects WHERE name IS NOT NULL
) ranked WHERE n > 1 ORDER BY id
"""

_LIST_INDEXES = f"""
CREATE INDEX IF NOT EXISTS {USERS}_project_username_idx
    ON {USERS} (project_id, username, id);
CREATE INDEX IF NOT EXISTS {USERS}_project_requester_newest_idx
    ON {USERS} (project_id, requester_telegram_id, ({LIST_SORT_KEY}) DESC, id DESC);
"""

_TRIGRAM_INDEXES = f"""
CREATE INDEX IF NOT EXISTS {USERS}_username_trgm_idx
    ON {USERS} USING gin (lower(username) gin_trgm_ops);
CREATE INDEX IF NOT EXISTS {USERS}_full_name_trgm_idx
    ON {USERS} USING gin (lower(full_name) gin_trgm_ops);
"""


async def apply(conn: asyncpg.Connection) -> int:
    younger = await conn.fetch(_YOUNGER_DUPLICATES)
    predicate = ""
    if younger:
        ids = ",".join(str(int(r["id"])) for r in younger)
        predicate = f" WHERE id <> ALL ('{{{ids}}}'::int[])"
        log.warning(
            "%d projects have the name of an older project but for case (for example #%d "
            "%r); all are kept as they are, and the rule holds for every other name. "
            "Rename them: igbot projects rename ID NAME (igbot migrate lists them)",
            len(younger), younger[0]["id"], younger[0]["name"])
    await conn.execute(
        f"CREATE UNIQUE INDEX IF NOT EXISTS projects_name_ci_uidx ON projects ({NAME_KEY})"
        + predicate)
    await conn.execute(_LIST_INDEXES)
    await _trigram_indexes(conn)
    return 0


async def _trigram_indexes(conn: asyncpg.Connection) -> None:
    available = await conn.fetchval(
        "SELECT true FROM pg_available_extensions WHERE name = 'pg_trgm'")
    if not available:
        log.info("pg_trgm is not available: /list's text filter works without its index")
        return
    try:
        async with conn.transaction():  # a savepoint: a refusal leaves the rest applied
            await conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            await conn.execute(_TRIGRAM_INDEXES)
    except asyncpg.PostgresError as exc:
        log.warning("could not use pg_trgm (%s): /list's text filter works without its "
                    "index", exc.sqlstate)
