"""``InstagramRepository``: every SQL statement the application runs."""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

import asyncpg

from repository.migrations import LIST_SORT_KEY, USERS
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

_INSERT_MANY = f"""
INSERT INTO {USERS} ({_INSERT_COLUMNS})
SELECT 'manual_' || u.username, u.user_pk, u.username, u.full_name, u.is_private,
       u.is_verified, u.profile_pic_url, 'https://instagram.com/' || u.username,
       u.label, u.social_context, u.project_id, u.requester, u.metadata::jsonb,
       now(), now(), now()
FROM unnest($1::text[], $2::text[], $3::text[], $4::bool[], $5::bool[], $6::text[],
            $7::text[], $8::text[], $9::int[], $10::text[], $11::text[])
     AS u(user_pk, username, full_name, is_private, is_verified, profile_pic_url,
          label, social_context, project_id, requester, metadata)
ON CONFLICT DO NOTHING
RETURNING {_COLUMNS}
"""

# Legacy rows may have no created_at; they sort as the oldest. The list index in
# repository.migrations is built on this same expression.
_SORT_KEY = LIST_SORT_KEY

_SELECT_PAIRS = f"""
SELECT {_COLUMNS} FROM {USERS}
WHERE (user_pk, project_id) IN (
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


@dataclass(frozen=True)
class CreateOutcome:
    outcome: Outcome
    user: InstagramUser | None


@dataclass(frozen=True)
class UsersPage:
    users: list[InstagramUser]
    total: int
    next_cursor: str | None
    prev_cursor: str | None


def _user(record: asyncpg.Record) -> InstagramUser:
    # Validation in pydantic-core is faster than model_construct's Python loop (hot on big
    # imports), and the typed columns always pass it.
    return InstagramUser(**record)


def _insert_columns(events: Sequence[CreateInstagramUserEvent]) -> list[list[Any]]:
    """The arrays ``_INSERT_MANY`` unnests, in its parameter order."""
    return [
        [e.pk for e in events], [e.username for e in events], [e.full_name for e in events],
        [e.is_private for e in events], [e.is_verified for e in events],
        [e.profile_pic_url for e in events],
        [e.profile_chaining_secondary_label for e in events],
        [e.social_context for e in events], [e.project_id for e in events],
        [e.requester_telegram_id for e in events],
        [metadata_json(e.metadata) if e.metadata else "{}" for e in events],
    ]


def _encode_cursor(row: asyncpg.Record) -> str:
    raw = json.dumps([row["sort_key"].isoformat(), row["id"]])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    """Inverse of the cursor encoding; raises ``ValueError`` for anything malformed."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        created, row_id = json.loads(base64.urlsafe_b64decode(padded))
        return datetime.fromisoformat(created), str(row_id)
    except Exception as exc:
        raise ValueError("malformed page cursor") from exc


class InstagramRepository:
    """Projects and Instagram users over an asyncpg pool."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def ping(self) -> None:
        await self.pool.fetchval("SELECT 1")

    # --- projects -------------------------------------------------------------------
    async def create_project(self, name: str) -> Project:
        row = await self.pool.fetchrow(
            "INSERT INTO projects (name, is_active) VALUES ($1, true) "
            "RETURNING id, name, is_active", name,
        )
        assert row is not None
        return Project.model_validate(dict(row))

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
    async def create_single_user(self, event: CreateInstagramUserEvent) -> CreateOutcome:
        """Insert unless ``(user_pk, project_id)`` exists; one statement decides which."""
        async with self.pool.acquire() as conn:
            row = await conn.fetchrow(
                _INSERT_ONE, event.search_username, event.pk, event.username,
                event.full_name, event.is_private, event.is_verified, event.profile_pic_url,
                event.profile_url, event.profile_chaining_secondary_label,
                event.social_context, event.project_id, event.requester_telegram_id,
                metadata_json(event.metadata),
            )
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
        """Set-based create, in input order: one SELECT finds the rows that already exist,
        one INSERT (which alone decides what is created) takes the rest, and one more
        SELECT fetches whatever that INSERT skipped (a concurrent create, a legacy clash).
        Looking first spares a re-import the INSERT's costly conflict handling.
        """
        if not events:
            return []
        async with self.pool.acquire() as conn:
            rows = await conn.fetch(_SELECT_PAIRS, [e.pk for e in events],
                                    [e.project_id for e in events])
            stored = {(r["user_pk"], r["project_id"]): r for r in rows}
            fresh = [e for e in events if (e.pk, e.project_id) not in stored]
            inserted = await conn.fetch(_INSERT_MANY, *_insert_columns(fresh)) if fresh else []
            created = {(r["user_pk"], r["project_id"]): r for r in inserted}
            stored.update(created)
            missing = {(e.pk, e.project_id) for e in fresh} - stored.keys()
            if missing:
                pks, projects = zip(*missing, strict=True)
                rows = await conn.fetch(_SELECT_PAIRS, list(pks), list(projects))
                stored.update(((r["user_pk"], r["project_id"]), r) for r in rows)
            outcomes: list[CreateOutcome] = []
            for e in events:
                key = (e.pk, e.project_id)
                row = stored.get(key)
                if row is None:
                    clash = await conn.fetchrow(
                        _SELECT_LEGACY_CLASH, e.search_username, e.pk)
                    outcomes.append(CreateOutcome(
                        Outcome.LEGACY_CONFLICT, _user(clash) if clash else None))
                elif created.pop(key, None) is not None:
                    # The first of the batch's copies of a key is the one that was created.
                    outcomes.append(CreateOutcome(Outcome.CREATED, _user(row)))
                else:
                    outcomes.append(CreateOutcome(Outcome.ALREADY_EXISTS, _user(row)))
            return outcomes

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
    ) -> UsersPage:
        """A page of a project's users, newest first, by keyset.

        ``after`` continues past a page's last row (next page); ``before`` returns the
        rows just ahead of a page's first row (previous page). Raises ``ValueError`` for a
        malformed cursor.
        """
        select = f"SELECT {_COLUMNS}, {_SORT_KEY} AS sort_key FROM {USERS} WHERE project_id = $1"
        if after is not None or before is not None:
            # A cursor holds the sort key as the column gave it, so it keeps the column's
            # type (legacy tables use TIMESTAMP without time zone).
            sort_key, row_id = decode_cursor(after or before or "")
            sign, order = ("<", "DESC") if after is not None else (">", "ASC")
            rows = await self.pool.fetch(
                f"{select} AND ({_SORT_KEY}, id) {sign} ($2, $3::uuid)"
                f" ORDER BY {_SORT_KEY} {order}, id {order} LIMIT $4",
                project_id, sort_key, row_id, limit + 1,
            )
        else:
            rows = await self.pool.fetch(
                f"{select} ORDER BY {_SORT_KEY} DESC, id DESC LIMIT $2", project_id, limit + 1)
        more = len(rows) > limit
        rows = rows[:limit]
        if before is not None:
            rows.reverse()
        has_next = more if before is None else True
        has_prev = more if before is not None else after is not None
        return UsersPage(
            users=[_user(r) for r in rows],
            total=await self.count_users(project_id),
            next_cursor=_encode_cursor(rows[-1]) if rows and has_next else None,
            prev_cursor=_encode_cursor(rows[0]) if rows and has_prev else None,
        )

    async def iter_users(self, project_id: int, batch: int = 1000) -> Any:
        """All of a project's users, newest first, in batches (for export)."""
        async with self.pool.acquire() as conn, conn.transaction():
            cursor = conn.cursor(
                f"SELECT {_COLUMNS} FROM {USERS} WHERE project_id = $1"
                f" ORDER BY {_SORT_KEY} DESC, id DESC", project_id,
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

