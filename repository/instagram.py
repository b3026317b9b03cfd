"""``InstagramRepository``: projects and Instagram users over an asyncpg pool.

The set-based create lives in ``repository.bulk_create``, the list pages in
``repository.listing``; this class is the one door the service and the chat use.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import asyncpg
from asyncpg.pool import PoolConnectionProxy

from repository import bulk_create
from repository.bulk_create import WriteInterrupted
from repository.errors import CONNECTION_ERRORS, connection_failed
from repository.listing import ListFilter, ListSort, list_page
from repository.listing import UsersPage as UsersPage  # re-exported
from repository.listing import decode_cursor as decode_cursor  # re-exported
from repository.projects import ProjectsRepository
from repository.rows import SELECT_LEGACY_CLASH, USER_COLUMNS, StoredRow, user_model, user_of
from repository.rows import CreateOutcome as CreateOutcome  # re-exported
from repository.rows import Outcome as Outcome  # re-exported
from repository.schemas import (
    CreateInstagramUserEvent,
    InstagramUser,
    Project,
    ProjectStats,
    metadata_json,
)
from repository.tables import LIST_SORT_KEY, USERS

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
RETURNING {USER_COLUMNS}
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
    RETURNING {USER_COLUMNS}
)
SELECT project.name AS project_name, project.is_active AS project_is_active, inserted.*
FROM project LEFT JOIN inserted ON true
"""

# Legacy rows may have no created_at; they sort as the oldest. The list index in
# repository.migrations is built on this same expression.
_SORT_KEY = LIST_SORT_KEY


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
            return CreateOutcome(Outcome.CREATED, user_of(row))
        existing = await conn.fetchrow(
            f"SELECT {USER_COLUMNS} FROM {USERS} WHERE user_pk = $1 AND project_id = $2",
            event.pk, event.project_id,
        )
        if existing is not None:
            return CreateOutcome(Outcome.ALREADY_EXISTS, user_of(existing))
        clash = await conn.fetchrow(SELECT_LEGACY_CLASH, event.search_username, event.pk)
        return CreateOutcome(Outcome.LEGACY_CONFLICT, user_of(clash) if clash else None)

    async def create_many(
        self, events: Sequence[CreateInstagramUserEvent]
    ) -> list[CreateOutcome]:
        """``create_many_rows`` with each row as an ``InstagramUser``."""
        return [CreateOutcome(outcome, user_model(row) if row is not None else None)
                for outcome, row in await self.create_many_rows(events)]

    async def create_many_rows(
        self, events: Sequence[CreateInstagramUserEvent], *, look_first: bool = True,
    ) -> list[tuple[Outcome, StoredRow | None]]:
        """Set-based create, in input order; each stored row as a plain dict (``row_of``)
        or, for rows that already existed, often as its JSON (see ``bulk_create``).

        One INSERT (which alone decides what is created) takes the users not found, and a
        SELECT fetches whatever it skipped (already there, a concurrent create, a legacy
        clash). ``look_first`` first SELECTs the rows that already exist: that spares a
        re-import the INSERT's costly conflict handling, and costs a new import a lookup.
        Of a batch's copies of one key, the first is the one created.

        A connection failure before the INSERT commits raises as it is (nothing was
        written); from its COMMIT on, it raises ``WriteInterrupted``.
        """
        return await bulk_create.create_many_rows(self.pool, events, look_first=look_first)

    async def row_exists(self, row_id: str) -> bool:
        """Whether the row with this id is in the table (after an interrupted write)."""
        return bool(await self.pool.fetchval(
            f"SELECT EXISTS (SELECT 1 FROM {USERS} WHERE id = $1::uuid)", row_id))

    async def get_user(self, user_pk: str, project_id: int) -> InstagramUser | None:
        row = await self.pool.fetchrow(
            f"SELECT {USER_COLUMNS} FROM {USERS} WHERE user_pk = $1 AND project_id = $2",
            user_pk, project_id,
        )
        return user_of(row) if row else None

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
                f"SELECT {USER_COLUMNS} FROM {USERS} u WHERE project_id = $1"
                f" ORDER BY {_SORT_KEY} DESC, u.id DESC", project_id,
                prefetch=batch,
            )
            async for row in cursor:
                yield user_of(row)

    async def totals(self) -> dict[str, int]:
        row = await self.pool.fetchrow(
            f"SELECT (SELECT count(*) FROM {USERS}) AS users,"
            " (SELECT count(*) FROM projects WHERE is_active) AS active_projects,"
            " (SELECT count(*) FROM projects) AS projects"
        )
        assert row is not None
        return {k: int(v) for k, v in dict(row).items()}

