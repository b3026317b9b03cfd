"""Set-based create of many users: COPY into a staging table, one INSERT, and the rows
that were already there read back (often as JSON the server writes).

A connection failure from the INSERT's COMMIT on raises ``WriteInterrupted``, which says
what is known of each user, so the caller can report it truthfully.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeAlias

import asyncpg
from asyncpg.pool import PoolConnectionProxy

from repository.errors import CONNECTION_ERRORS, connection_failed
from repository.rows import (
    ROW_COLUMNS,
    SELECT_LEGACY_CLASH,
    USER_FIELDS,
    Outcome,
    Row,
    StoredRow,
    row_of,
)
from repository.schemas import CreateInstagramUserEvent, metadata_json
from repository.tables import USERS

_INSERT_COLUMNS = (
    "search_username, user_pk, username, full_name, is_private, is_verified, profile_pic_url,"
    " profile_url, profile_chaining_secondary_label, social_context, project_id,"
    " requester_telegram_id, metadata, scraped_at, created_at, updated_at"
)

# Each batch is COPYed into this staging table (much cheaper for the client than arrays
# to unnest, which asyncpg checks element by element), then inserted from it in input
# order. It lives for the session and is emptied at every commit.
_STAGING = "igbot_create_many_staging"
_STAGING_COLUMNS = (
    "ord", "search_username", "user_pk", "username", "full_name", "is_private", "is_verified",
    "profile_pic_url", "profile_url", "profile_chaining_secondary_label", "social_context",
    "project_id", "requester_telegram_id", "metadata",
)
_CREATE_STAGING = f"""
CREATE TEMP TABLE IF NOT EXISTS {_STAGING} (
    ord int, search_username text, user_pk text, username text, full_name text,
    is_private bool, is_verified bool, profile_pic_url text, profile_url text,
    profile_chaining_secondary_label text, social_context text, project_id int,
    requester_telegram_id text, metadata text
) ON COMMIT DELETE ROWS
"""

# Returns only what Python cannot know: the key, the new id and the metadata as jsonb
# stored it (NULL when empty). The rest of each created row is the event itself, staged as
# is (search_username and profile_url included), so it is what was stored; the timestamps,
# the same now() for every row of the statement, are read once (_SELECT_STAMPS).
_INSERT_MANY = f"""
INSERT INTO {USERS} ({_INSERT_COLUMNS})
SELECT search_username, user_pk, username, full_name, is_private, is_verified,
       profile_pic_url, profile_url, profile_chaining_secondary_label, social_context,
       project_id, requester_telegram_id, metadata::jsonb, now(), now(), now()
FROM {_STAGING}
ORDER BY ord
ON CONFLICT DO NOTHING
RETURNING user_pk, project_id, id::text AS id, nullif(metadata, '{{}}'::jsonb) AS metadata
"""

_SELECT_STAMPS = f"SELECT scraped_at, created_at, updated_at FROM {USERS} WHERE id = $1"

_SELECT_PAIRS = f"""
SELECT {ROW_COLUMNS} FROM {USERS}
WHERE (user_pk, project_id) IN (
    SELECT * FROM unnest($1::text[], $2::int[])
)
"""


def _stamp_json(column: str) -> str:
    """SQL: a timestamp column's JSON text exactly as pydantic writes the value asyncpg
    returns: ISO 8601, microseconds only when not zero, UTC as 'Z' for timestamptz (a
    legacy TIMESTAMP column has no zone)."""
    fmt = """'YYYY-MM-DD"T"HH24:MI:SS.US'"""
    return (f"CASE WHEN pg_typeof(u.{column}) = 'timestamptz'::regtype"
            f" THEN replace(to_char(u.{column} AT TIME ZONE 'UTC', {fmt}), '.000000', '')"
            f" || 'Z' ELSE replace(to_char(u.{column}, {fmt}), '.000000', '') END")


_ROW_JSON_FIELDS = ", ".join(
    {"id": "u.id::text AS id", "metadata": "'{}'::json AS metadata",
     "scraped_at": f"{_stamp_json('scraped_at')} AS scraped_at",
     "created_at": f"{_stamp_json('created_at')} AS created_at",
     "updated_at": f"{_stamp_json('updated_at')} AS updated_at"}.get(f, f"u.{f}")
    for f in USER_FIELDS
)

# The stored rows of the given keys, each as the UTF-8 JSON that pydantic writes for it
# (InstagramUser.model_dump_json(), byte for byte: PostgreSQL escapes strings as pydantic
# does), made by the server: the client neither decodes the columns nor encodes the JSON,
# which is most of a re-import's work. Rows this cannot write exactly (a non-empty
# metadata: jsonb writes numbers and spaces its own way; a NULL or infinite timestamp)
# come back NULL and are read column by column (_SELECT_PAIRS).
_SELECT_JSON = f"""
SELECT u.user_pk, u.project_id,
       CASE WHEN u.metadata = '{{}}'::jsonb AND isfinite(u.scraped_at)
                 AND isfinite(u.created_at) AND isfinite(u.updated_at)
            THEN convert_to((SELECT row_to_json(r)::text FROM (SELECT {_ROW_JSON_FIELDS}) r),
                            'UTF8')
       END AS user_json
FROM {USERS} u
WHERE (u.user_pk, u.project_id) IN (
    SELECT * FROM unnest($1::text[], $2::int[])
)
"""

_Key = tuple[str, int]
if TYPE_CHECKING:
    Connection: TypeAlias = PoolConnectionProxy[asyncpg.Record]


class WriteInterrupted(Exception):
    """The connection failed while ``create_many_rows`` was writing, once the INSERT had
    run: ``outcomes`` says what is known per event (None: unknown).

    ``committed`` is True when the INSERT is known to be committed, None when the
    connection failed during COMMIT itself: then the row ``probe_id`` is in the table
    exactly when the INSERT was committed (see ``InstagramRepository.row_exists``).
    """

    def __init__(self, cause: BaseException, events: Sequence[CreateInstagramUserEvent],
                 stored: dict[tuple[str, int], StoredRow], created: dict[tuple[str, int], Row],
                 committed: bool | None, probe_id: str | None) -> None:
        super().__init__(type(cause).__name__)
        self.cause = cause
        self.events = events
        self.stored = stored
        self.created = created
        self.committed = committed
        self.probe_id = probe_id

    def outcomes(self, committed: bool) -> list[tuple[Outcome, StoredRow] | None]:
        """Per event: already there, created (when ``committed``), or unknown."""
        result: list[tuple[Outcome, StoredRow] | None] = []
        created = dict(self.created) if committed else {}
        for e in self.events:
            key = (e.pk, e.project_id)
            if (row := self.stored.get(key)) is not None:
                result.append((Outcome.ALREADY_EXISTS, row))
            elif (new := created.pop(key, None)) is not None:
                self.stored[key] = new
                result.append((Outcome.CREATED, new))
            else:
                result.append(None)
        return result


@dataclass
class _Progress:
    """How far ``create_many_rows`` got: ``phase`` is "before" until its INSERT has run,
    "commit" while that commits, "after" once it has; ``inserted`` are its rows."""

    stored: dict[tuple[str, int], StoredRow] = field(default_factory=dict)
    inserted: dict[tuple[str, int], asyncpg.Record] = field(default_factory=dict)
    stamps: asyncpg.Record | None = None
    phase: str = "before"


def _staged(events: Sequence[CreateInstagramUserEvent]) -> list[tuple[Any, ...]]:
    """The rows COPYed into ``_STAGING``, in ``_STAGING_COLUMNS`` order."""
    return [
        (n, e.search_username, e.pk, e.username, e.full_name, e.is_private, e.is_verified,
         e.profile_pic_url, e.profile_url, e.profile_chaining_secondary_label,
         e.social_context, e.project_id, e.requester_telegram_id,
         metadata_json(e.metadata) if e.metadata else "{}")
        for n, e in enumerate(events)
    ]


def _created_row(e: CreateInstagramUserEvent, returned: asyncpg.Record,
                 stamps: asyncpg.Record) -> Row:
    """The row ``_INSERT_MANY`` stored for ``e``: what it sent plus what it returned."""
    _, _, row_id, metadata = returned
    scraped_at, created_at, updated_at = stamps
    return {
        "id": row_id, "search_username": e.search_username, "user_pk": e.pk,
        "username": e.username, "full_name": e.full_name, "is_private": e.is_private,
        "is_verified": e.is_verified, "profile_pic_url": e.profile_pic_url,
        "profile_url": e.profile_url,
        "profile_chaining_secondary_label": e.profile_chaining_secondary_label,
        "social_context": e.social_context, "project_id": e.project_id,
        "requester_telegram_id": e.requester_telegram_id,
        "metadata": {} if metadata is None else metadata,
        "scraped_at": scraped_at, "created_at": created_at, "updated_at": updated_at,
    }


async def create_many_rows(
    pool: asyncpg.Pool, events: Sequence[CreateInstagramUserEvent], *, look_first: bool,
) -> list[tuple[Outcome, StoredRow | None]]:
    """See ``InstagramRepository.create_many_rows``."""
    if not events:
        return []
    progress = _Progress()
    try:
        async with pool.acquire() as conn:
            return await _create_many_rows(conn, events, look_first, progress)
    except CONNECTION_ERRORS as exc:
        if progress.phase == "before" or not connection_failed(exc):
            raise
        assert progress.stamps is not None
        by_key = {(e.pk, e.project_id): e for e in events}
        rows = {key: _created_row(by_key[key], r, progress.stamps)
                for key, r in progress.inserted.items()}
        probe = next(iter(progress.inserted.values()))[2]
        raise WriteInterrupted(exc, events, progress.stored, rows,
                               True if progress.phase == "after" else None,
                               probe) from exc


async def _create_many_rows(
    conn: Connection, events: Sequence[CreateInstagramUserEvent], look_first: bool,
    progress: _Progress,
) -> list[tuple[Outcome, StoredRow | None]]:
    stored = progress.stored
    if look_first:
        stored.update(await _stored_rows(
            conn, [e.pk for e in events], [e.project_id for e in events]))
    fresh = [e for e in events if (e.pk, e.project_id) not in stored]
    created, stamps = await _insert(conn, fresh, progress) if fresh else ({}, None)
    missing = {(e.pk, e.project_id) for e in fresh}.difference(created)
    if missing:
        pks, projects = zip(*missing, strict=True)
        stored.update(await _stored_rows(conn, list(pks), list(projects)))
    outcomes: list[tuple[Outcome, StoredRow | None]] = []
    for e in events:
        key = (e.pk, e.project_id)
        row = stored.get(key)
        if row is not None:
            outcomes.append((Outcome.ALREADY_EXISTS, row))
        elif (returned := created.pop(key, None)) is not None:
            assert stamps is not None
            row = stored[key] = _created_row(e, returned, stamps)
            outcomes.append((Outcome.CREATED, row))
        else:
            clash = await conn.fetchrow(SELECT_LEGACY_CLASH, e.search_username, e.pk)
            outcomes.append((Outcome.LEGACY_CONFLICT,
                             row_of(clash) if clash is not None else None))
    return outcomes


async def _insert(
    conn: Connection, fresh: list[CreateInstagramUserEvent], progress: _Progress,
) -> tuple[dict[_Key, asyncpg.Record], asyncpg.Record | None]:
    """Stage and insert ``fresh``: the rows the INSERT returned, by key, and their stamps."""
    created: dict[_Key, asyncpg.Record] = {}
    stamps: asyncpg.Record | None = None
    async with conn.transaction():
        await conn.execute(_CREATE_STAGING)
        await conn.copy_records_to_table(_STAGING, records=_staged(fresh),
                                         columns=_STAGING_COLUMNS)
        inserted = await conn.fetch(_INSERT_MANY)
        # The same transaction: nobody can have changed or removed the row.
        stamps = await conn.fetchrow(_SELECT_STAMPS, inserted[0][2]) if inserted else None
        created = {(r[0], r[1]): r for r in inserted}
        if created:  # what a failure from here on may have written
            progress.inserted, progress.stamps = dict(created), stamps
            progress.phase = "commit"
    if created:
        progress.phase = "after"
    return created, stamps


async def _stored_rows(conn: Connection, pks: list[str],
                       projects: list[int]) -> dict[_Key, StoredRow]:
    stored: dict[_Key, StoredRow | None] = {
        (r[0], r[1]): r[2] for r in await conn.fetch(_SELECT_JSON, pks, projects)}
    odd = [key for key, row in stored.items() if row is None]
    if odd:
        odd_pks, odd_projects = zip(*odd, strict=True)
        for r in await conn.fetch(_SELECT_PAIRS, list(odd_pks), list(odd_projects)):
            stored[(r["user_pk"], r["project_id"])] = row_of(r)
    return {key: row for key, row in stored.items() if row is not None}
