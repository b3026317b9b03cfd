"""``InstagramRepository``: every SQL statement the application runs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import asyncpg
from asyncpg.pool import PoolConnectionProxy

from repository.listing import ListFilter, ListSort, list_page
from repository.listing import UsersPage as UsersPage  # re-exported
from repository.listing import decode_cursor as decode_cursor  # re-exported
from repository.migrations import LIST_SORT_KEY, USERS
from repository.projects import ProjectsRepository
from repository.schemas import (
    CreateInstagramUserEvent,
    InstagramUser,
    Project,
    ProjectStats,
    metadata_json,
)

_COLUMNS = (
    "id::text AS id, search_username, user_pk, username, full_name, is_private, is_verified,"
    " profile_pic_url, profile_url, profile_chaining_secondary_label, social_context,"
    " project_id, requester_telegram_id, metadata, scraped_at, created_at, updated_at"
)

_INSERT_COLUMNS = (
    "search_username, user_pk, username, full_name, is_private, is_verified, profile_pic_url,"
    " profile_url, profile_chaining_secondary_label, social_context, project_id,"
    " requester_telegram_id, metadata, scraped_at, created_at, updated_at"
)

# No conflict target: a row is skipped on any unique rule, ours or a legacy one; the
# caller then tells "already exists" from "legacy clash" by looking the pair up.
_INSERT_ONE = f"""
INSERT INTO {USERS} ({_INSERT_COLUMNS})
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, now(), now(), now())
ON CONFLICT DO NOTHING
RETURNING {_COLUMNS}
"""

# The same insert, made only when project $11 exists and is active; the one row returned
# holds the project's name and state (no row: no such project) and the inserted columns
# (all NULL when nothing was inserted). One statement, one round trip, for both checks.
_INSERT_ONE_IN_ACTIVE_PROJECT = f"""
WITH project AS (
    SELECT name, coalesce(is_active, false) AS is_active FROM projects WHERE id = $11
), inserted AS (
    INSERT INTO {USERS} ({_INSERT_COLUMNS})
    SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, now(), now(), now()
    FROM project WHERE project.is_active
    ON CONFLICT DO NOTHING
    RETURNING {_COLUMNS}
)
SELECT project.name AS project_name, project.is_active AS project_is_active, inserted.*
FROM project LEFT JOIN inserted ON true
"""

# The fields of a stored row, in InstagramUser's order. create_many_rows() gives rows as
# plain dicts with these keys, which are much cheaper to build and to print than models;
# InstagramUser(**row) is the model.
USER_FIELDS = (
    "id", "search_username", "user_pk", "username", "full_name", "is_private", "is_verified",
    "profile_pic_url", "profile_url", "profile_chaining_secondary_label", "social_context",
    "project_id", "requester_telegram_id", "metadata", "scraped_at", "created_at", "updated_at",
)
if tuple(InstagramUser.model_fields) != USER_FIELDS:  # printed rows follow this order
    raise RuntimeError("USER_FIELDS must list InstagramUser's fields, in order")

# A stored row as create_many_rows() reads it: an empty metadata comes back as NULL, so
# that most rows have no JSON to decode.
_ROW_COLUMNS = ", ".join(
    {"id": "id::text AS id", "metadata": "nullif(metadata, '{}'::jsonb) AS metadata"}.get(f, f)
    for f in USER_FIELDS
)

# create_many_rows() COPYs each batch into this staging table (much cheaper for the client
# than arrays to unnest, which asyncpg checks element by element), then inserts from it in
# input order. It lives for the session and is emptied at every commit.
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

# Legacy rows may have no created_at; they sort as the oldest. The list index in
# repository.migrations is built on this same expression.
_SORT_KEY = LIST_SORT_KEY

_SELECT_PAIRS = f"""
SELECT {_ROW_COLUMNS} FROM {USERS}
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

_SELECT_LEGACY_CLASH = f"""
SELECT {_COLUMNS} FROM {USERS}
WHERE search_username = $1 AND user_pk = $2
LIMIT 1
"""


class Outcome(StrEnum):
    CREATED = "created"
    ALREADY_EXISTS = "already_exists"
    # The legacy rule UNIQUE(search_username, user_pk) holds this username+pk in another
    # project; the row shown is the one in the way.
    LEGACY_CONFLICT = "legacy_conflict"
    # Only from create_single_user(..., active_project_only=True): nothing was written.
    PROJECT_NOT_FOUND = "project_not_found"
    PROJECT_INACTIVE = "project_inactive"


@dataclass(frozen=True)
class CreateOutcome:
    outcome: Outcome
    user: InstagramUser | None
    project: Project | None = None  # the inactive project, for PROJECT_INACTIVE


# Errors that mean the connection, not the data, failed: after one of them the outcome of
# a write may be unknown. (QueryCanceledError: a statement cancelled by its timeout.)
# (asyncpg's DataError, a client-side refusal of a value, is an InterfaceError too: see
# connection_failed().)
CONNECTION_ERRORS: tuple[type[BaseException], ...] = (
    OSError, TimeoutError, asyncpg.InterfaceError, asyncpg.PostgresConnectionError,
    asyncpg.CannotConnectNowError, asyncpg.OperatorInterventionError,
)
# Refusals of the values themselves, by the driver (before sending) or by the server.
CLIENT_DATA_ERRORS: tuple[type[BaseException], ...] = (
    asyncpg.DataError, UnicodeError, OverflowError,
)


def connection_failed(exc: BaseException) -> bool:
    """True when ``exc`` is the connection failing, not a refusal of the data."""
    return isinstance(exc, CONNECTION_ERRORS) and not isinstance(exc, CLIENT_DATA_ERRORS)


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


def _user(record: asyncpg.Record) -> InstagramUser:
    # Validation in pydantic-core is faster than model_construct's Python loop (hot on big
    # imports), and the typed columns always pass it.
    return InstagramUser(**record)


def _staged(events: Sequence[CreateInstagramUserEvent]) -> list[tuple[Any, ...]]:
    """The rows COPYed into ``_STAGING``, in ``_STAGING_COLUMNS`` order."""
    return [
        (n, e.search_username, e.pk, e.username, e.full_name, e.is_private, e.is_verified,
         e.profile_pic_url, e.profile_url, e.profile_chaining_secondary_label,
         e.social_context, e.project_id, e.requester_telegram_id,
         metadata_json(e.metadata) if e.metadata else "{}")
        for n, e in enumerate(events)
    ]


Row = dict[str, Any]
# A stored row as a dict (see _row), or as its JSON (see _SELECT_JSON).
StoredRow = Row | bytes
_Key = tuple[str, int]


def user_model(row: StoredRow) -> InstagramUser:
    if isinstance(row, bytes):
        return InstagramUser.model_validate_json(row)
    return InstagramUser(**row)


def _row(record: asyncpg.Record) -> Row:
    """A row read with ``_ROW_COLUMNS`` as a plain dict (see ``USER_FIELDS``)."""
    row = dict(zip(USER_FIELDS, record, strict=True))
    if row["metadata"] is None:
        row["metadata"] = {}
    return row


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


class InstagramRepository:
    """Projects and Instagram users over an asyncpg pool."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def ping(self) -> None:
        await self.pool.fetchval("SELECT 1")

    # --- projects -------------------------------------------------------------------
    async def create_project(self, name: str, *, actor: str | None = None) -> Project:
        """A new active project; ``actor`` (a Telegram id) is who the audit trail names.
        Raises ``ProjectNameTaken`` (see repository.projects)."""
        return await ProjectsRepository(self.pool).create(name, actor=actor)

    async def get_project(self, project_id: int) -> Project | None:
        row = await self.pool.fetchrow(
            "SELECT id, name, coalesce(is_active, false) AS is_active FROM projects "
            "WHERE id = $1", project_id,
        )
        return Project.model_validate(dict(row)) if row else None

    async def get_projects(self, project_ids: Sequence[int]) -> dict[int, Project]:
        rows = await self.pool.fetch(
            "SELECT id, name, coalesce(is_active, false) AS is_active FROM projects "
            "WHERE id = ANY($1::int[])", list(project_ids),
        )
        return {r["id"]: Project.model_validate(dict(r)) for r in rows}

    async def list_projects(self, *, active_only: bool = True) -> list[ProjectStats]:
        rows = await self.pool.fetch(
            f"""
            SELECT p.id, p.name, coalesce(p.is_active, false) AS is_active,
                   (SELECT count(*) FROM {USERS} u WHERE u.project_id = p.id) AS user_count
            FROM projects p
            WHERE NOT $1::bool OR p.is_active
            ORDER BY p.id
            """,
            active_only,
        )
        return [ProjectStats.model_validate(dict(r)) for r in rows]

    # --- users ----------------------------------------------------------------------
    async def create_single_user(
        self, event: CreateInstagramUserEvent, *, active_project_only: bool = False,
    ) -> CreateOutcome:
        """Insert unless ``(user_pk, project_id)`` exists; one statement decides which.

        With ``active_project_only`` that same statement first checks the project: when it
        is missing or inactive nothing is written (``PROJECT_NOT_FOUND``/``_INACTIVE``).
        """
        args = (
            event.search_username, event.pk, event.username, event.full_name,
            event.is_private, event.is_verified, event.profile_pic_url, event.profile_url,
            event.profile_chaining_secondary_label, event.social_context, event.project_id,
            event.requester_telegram_id, metadata_json(event.metadata),
        )
        async with self.pool.acquire() as conn:
            try:
                return await self._create_single(conn, event, args, active_project_only)
            except CONNECTION_ERRORS as exc:
                if not connection_failed(exc):
                    raise
                # The INSERT may have been sent: whether it was written is unknown here.
                raise WriteInterrupted(exc, [event], {}, {}, None, None) from exc

    async def _create_single(
        self, conn: PoolConnectionProxy[asyncpg.Record], event: CreateInstagramUserEvent,
        args: tuple[Any, ...], active_project_only: bool,
    ) -> CreateOutcome:
        if active_project_only:
            found = await conn.fetchrow(_INSERT_ONE_IN_ACTIVE_PROJECT, *args)
            if found is None:
                return CreateOutcome(Outcome.PROJECT_NOT_FOUND, None)
            if not found["project_is_active"]:
                return CreateOutcome(Outcome.PROJECT_INACTIVE, None, Project(
                    id=event.project_id, name=found["project_name"], is_active=False))
            # The user's columns, or NULLs when nothing was inserted. (The project's
            # two columns are extra fields, which InstagramUser ignores.)
            row = found if found["id"] is not None else None
        else:
            row = await conn.fetchrow(_INSERT_ONE, *args)
        if row is not None:
            return CreateOutcome(Outcome.CREATED, _user(row))
        existing = await conn.fetchrow(
            f"SELECT {_COLUMNS} FROM {USERS} WHERE user_pk = $1 AND project_id = $2",
            event.pk, event.project_id,
        )
        if existing is not None:
            return CreateOutcome(Outcome.ALREADY_EXISTS, _user(existing))
        clash = await conn.fetchrow(_SELECT_LEGACY_CLASH, event.search_username, event.pk)
        return CreateOutcome(Outcome.LEGACY_CONFLICT, _user(clash) if clash else None)

    async def create_many(
        self, events: Sequence[CreateInstagramUserEvent]
    ) -> list[CreateOutcome]:
        """``create_many_rows`` with each row as an ``InstagramUser``."""
        return [CreateOutcome(outcome, user_model(row) if row is not None else None)
                for outcome, row in await self.create_many_rows(events)]

    async def create_many_rows(
        self, events: Sequence[CreateInstagramUserEvent], *, look_first: bool = True,
    ) -> list[tuple[Outcome, StoredRow | None]]:
        """Set-based create, in input order; each stored row as a plain dict (``_row``)
        or, for rows that already existed, often as its JSON (``_SELECT_JSON``).

        One INSERT (which alone decides what is created) takes the users not found, and a
        SELECT fetches whatever it skipped (already there, a concurrent create, a legacy
        clash). ``look_first`` first SELECTs the rows that already exist: that spares a
        re-import the INSERT's costly conflict handling, and costs a new import a lookup.
        Of a batch's copies of one key, the first is the one created.

        A connection failure before the INSERT commits raises as it is (nothing was
        written); from its COMMIT on, it raises ``WriteInterrupted``.
        """
        if not events:
            return []
        progress = _Progress()
        try:
            return await self._create_many_rows(events, look_first, progress)
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

    async def row_exists(self, row_id: str) -> bool:
        """Whether the row with this id is in the table (after an interrupted write)."""
        return bool(await self.pool.fetchval(
            f"SELECT EXISTS (SELECT 1 FROM {USERS} WHERE id = $1::uuid)", row_id))

    async def _create_many_rows(
        self, events: Sequence[CreateInstagramUserEvent], look_first: bool,
        progress: _Progress,
    ) -> list[tuple[Outcome, StoredRow | None]]:
        async with self.pool.acquire() as conn:
            stored = progress.stored
            if look_first:
                stored.update(await self._stored_rows(
                    conn, [e.pk for e in events], [e.project_id for e in events]))
            fresh = [e for e in events if (e.pk, e.project_id) not in stored]
            created: dict[_Key, asyncpg.Record] = {}
            stamps: asyncpg.Record | None = None
            if fresh:
                async with conn.transaction():
                    await conn.execute(_CREATE_STAGING)
                    await conn.copy_records_to_table(_STAGING, records=_staged(fresh),
                                                     columns=_STAGING_COLUMNS)
                    inserted = await conn.fetch(_INSERT_MANY)
                    # The same transaction: nobody can have changed or removed the row.
                    stamps = await conn.fetchrow(_SELECT_STAMPS, inserted[0][2]) if (
                        inserted) else None
                    created = {(r[0], r[1]): r for r in inserted}
                    if created:  # what a failure from here on may have written
                        progress.inserted, progress.stamps = dict(created), stamps
                        progress.phase = "commit"
                if created:
                    progress.phase = "after"
            missing = {(e.pk, e.project_id) for e in fresh}.difference(created)
            if missing:
                pks, projects = zip(*missing, strict=True)
                stored.update(await self._stored_rows(conn, list(pks), list(projects)))
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
                    clash = await conn.fetchrow(
                        _SELECT_LEGACY_CLASH, e.search_username, e.pk)
                    outcomes.append((Outcome.LEGACY_CONFLICT,
                                     _row(clash) if clash is not None else None))
            return outcomes

    @staticmethod
    async def _stored_rows(conn: PoolConnectionProxy[asyncpg.Record], pks: list[str],
                           projects: list[int]) -> dict[_Key, StoredRow]:
        stored: dict[_Key, StoredRow | None] = {
            (r[0], r[1]): r[2] for r in await conn.fetch(_SELECT_JSON, pks, projects)}
        odd = [key for key, row in stored.items() if row is None]
        if odd:
            odd_pks, odd_projects = zip(*odd, strict=True)
            for r in await conn.fetch(_SELECT_PAIRS, list(odd_pks), list(odd_projects)):
                stored[(r["user_pk"], r["project_id"])] = _row(r)
        return {key: row for key, row in stored.items() if row is not None}

    async def get_user(self, user_pk: str, project_id: int) -> InstagramUser | None:
        row = await self.pool.fetchrow(
            f"SELECT {_COLUMNS} FROM {USERS} WHERE user_pk = $1 AND project_id = $2",
            user_pk, project_id,
        )
        return _user(row) if row else None

    async def count_users(self, project_id: int | None = None) -> int:
        if project_id is None:
            value = await self.pool.fetchval(f"SELECT count(*) FROM {USERS}")
        else:
            value = await self.pool.fetchval(
                f"SELECT count(*) FROM {USERS} WHERE project_id = $1", project_id)
        return int(value)

    async def list_users(
        self,
        project_id: int,
        *,
        limit: int = 10,
        after: str | None = None,
        before: str | None = None,
        last: bool = False,
        sort: ListSort = ListSort.NEWEST,
        filt: ListFilter | None = None,
        total: int | None = None,
    ) -> UsersPage:
        """A page of a project's users by keyset (see ``repository.listing``).

        ``after`` continues past a page's last row (next page); ``before`` returns the
        rows just ahead of a page's first row (previous page); ``last`` the final page;
        ``total`` a count the caller already has. Raises ``ValueError`` for a malformed
        cursor.
        """
        return await list_page(self.pool, project_id, limit=limit, sort=sort,
                               filt=filt or ListFilter(), total=total,
                               after=after, before=before, last=last)

    async def iter_users(self, project_id: int, batch: int = 1000) -> Any:
        """All of a project's users, newest first, in batches (for export)."""
        async with self.pool.acquire() as conn, conn.transaction():
            cursor = conn.cursor(
                # "u.id", not the output column id::text: the order the list index holds.
                f"SELECT {_COLUMNS} FROM {USERS} u WHERE project_id = $1"
                f" ORDER BY {_SORT_KEY} DESC, u.id DESC", project_id,
                prefetch=batch,
            )
            async for row in cursor:
                yield _user(row)

    async def totals(self) -> dict[str, int]:
        row = await self.pool.fetchrow(
            f"SELECT (SELECT count(*) FROM {USERS}) AS users,"
            " (SELECT count(*) FROM projects WHERE is_active) AS active_projects,"
            " (SELECT count(*) FROM projects) AS projects"
        )
        assert row is not None
        return {k: int(v) for k, v in dict(row).items()}

