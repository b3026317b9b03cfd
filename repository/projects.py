"""Projects: create, rename, activate and deactivate, with names unique regardless of case.

A name is trimmed and its runs of whitespace made one space. Two projects may not have
names equal but for case (``Acme`` and `` ACME``); a write that would break that raises
``ProjectNameTaken`` naming the project that has it. The check runs under a transaction
lock, and migration 8's unique index holds the rule for every other writer too (a legacy
database that already had such duplicates keeps them: see ``duplicate_names``).
"""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg
from asyncpg.pool import PoolConnectionProxy

from repository.schemas import Project

# The key of the uniqueness rule; migration 8's index is built on the same expression.
NAME_KEY = "lower(btrim(name))"
_LOCK_KEY = 0x16B08  # serialises project name writes between igbot processes

_COLUMNS = "id, name, coalesce(is_active, false) AS is_active"


def normalise_name(name: str) -> str:
    """``name`` trimmed, each run of whitespace (newlines too) made one space."""
    return " ".join(name.split())


class ProjectNameTaken(Exception):
    """Another project already has this name (case and surrounding spaces aside)."""

    def __init__(self, existing: Project) -> None:
        self.existing = existing
        super().__init__(f"project #{existing.id} is already called {existing.name!r}")


@dataclass(frozen=True)
class DuplicateName:
    """A project whose name equals an older project's, but for case (legacy data)."""

    project: Project
    older: Project


async def _set_actor(conn: PoolConnectionProxy[asyncpg.Record], actor: str | None) -> None:
    """Names who makes this transaction's changes, for the audit trail's triggers."""
    if actor is not None:
        await conn.execute("SELECT set_config('igbot.actor', $1, true)", actor)


def _project(row: asyncpg.Record) -> Project:
    return Project(id=row["id"], name=row["name"], is_active=row["is_active"])


class ProjectsRepository:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def create(self, name: str, *, actor: str | None = None) -> Project:
        """A new active project; raises ``ProjectNameTaken``. ``actor`` (a Telegram id) is
        who the audit trail names (migration 6's triggers; the CLI when ``None``)."""
        name = normalise_name(name)
        async with self.pool.acquire() as conn, conn.transaction():
            await _set_actor(conn, actor)
            await self._check_free(conn, name, None)
            row = await conn.fetchrow(
                f"INSERT INTO projects (name, is_active) VALUES ($1, true) RETURNING {_COLUMNS}",
                name)
        assert row is not None
        return _project(row)

    async def rename(self, project_id: int, name: str, *,
                     actor: str | None = None) -> Project | None:
        """The renamed project, ``None`` when there is none; raises ``ProjectNameTaken``."""
        name = normalise_name(name)
        async with self.pool.acquire() as conn, conn.transaction():
            await _set_actor(conn, actor)
            await self._check_free(conn, name, project_id)
            row = await conn.fetchrow(
                f"UPDATE projects SET name = $2 WHERE id = $1 RETURNING {_COLUMNS}",
                project_id, name)
        return _project(row) if row is not None else None

    async def set_active(self, project_id: int, active: bool, *,
                         actor: str | None = None) -> Project | None:
        async with self.pool.acquire() as conn, conn.transaction():
            await _set_actor(conn, actor)
            row = await conn.fetchrow(
                f"UPDATE projects SET is_active = $2 WHERE id = $1 RETURNING {_COLUMNS}",
                project_id, active)
        return _project(row) if row is not None else None

    async def duplicate_names(self) -> list[DuplicateName]:
        """Projects whose name equals an older one's but for case: only a legacy database
        can hold them (kept as they are, nothing renamed or dropped)."""
        rows = await self.pool.fetch("""
            SELECT p.id, p.name, coalesce(p.is_active, false) AS is_active,
                   o.id AS older_id, o.name AS older_name,
                   coalesce(o.is_active, false) AS older_is_active
            FROM projects p
            JOIN LATERAL (
                SELECT id, name, is_active FROM projects q
                WHERE lower(btrim(q.name)) = lower(btrim(p.name)) AND q.id < p.id
                ORDER BY q.id LIMIT 1
            ) o ON true
            ORDER BY p.id
        """)
        return [DuplicateName(_project(r), Project(
            id=r["older_id"], name=r["older_name"], is_active=r["older_is_active"]))
            for r in rows]

    @staticmethod
    async def _check_free(conn: PoolConnectionProxy[asyncpg.Record], name: str,
                          project_id: int | None) -> None:
        await conn.execute("SELECT pg_advisory_xact_lock($1)", _LOCK_KEY)
        row = await conn.fetchrow(
            f"SELECT {_COLUMNS} FROM projects WHERE {NAME_KEY} = lower(btrim($1))"
            " AND id IS DISTINCT FROM $2 ORDER BY id LIMIT 1", name, project_id)
        if row is not None:
            raise ProjectNameTaken(_project(row))
