"""Finding, editing, moving, removing and restoring stored users; the audit trail.

Every write here runs in a transaction that first names its actor (and, where the
triggers cannot tell, its action) in transaction-local settings; the audit triggers of
``repository.migrations`` read them, so each change and its audit rows commit or roll back
together.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeAlias

import asyncpg
from asyncpg.pool import PoolConnectionProxy

from repository.migrations import (
    ADMIN_NAMES,
    AUDIT,
    IMPORTS,
    PROPOSALS,
    REMOVED,
    USERNAME_KEY,
    USERS,
)
from repository.rows import USER_FIELDS
from repository.schemas import InstagramUser

if TYPE_CHECKING:
    Conn: TypeAlias = PoolConnectionProxy[asyncpg.Record] | asyncpg.Connection

_U_COLUMNS = ", ".join("u.id::text AS id" if f == "id" else f"u.{f}" for f in USER_FIELDS)
_ENTRY = f"""
SELECT {_U_COLUMNS}, p.name AS project_name, coalesce(p.is_active, false) AS project_active,
       a.full_name AS requester_name
FROM {USERS} u
LEFT JOIN projects p ON p.id = u.project_id
LEFT JOIN {ADMIN_NAMES} a ON a.telegram_id = u.requester_telegram_id
"""
_KEY = "lower(u.username) COLLATE \"C\""
assert USERNAME_KEY == 'lower(username) COLLATE "C"'  # the index _FIND_PREFIX relies on

# Found accounts sort by username, then project. The range on the index's own expression
# is a plain index range scan (a LIKE with a parameter may not be, in a generic plan).
_FIND_PREFIX = f"""{_ENTRY}
WHERE {_KEY} >= $1 AND {_KEY} < $2
ORDER BY {_KEY}, u.project_id NULLS LAST
LIMIT $3
"""
# Counted up to a cap, in index order: the planner then walks the index for the first
# rows instead of building a bitmap of a broad prefix's every match.
_COUNT_PREFIX = f"""
SELECT count(*) FROM (
    SELECT 1 FROM {USERS} u WHERE {_KEY} >= $1 AND {_KEY} < $2
    ORDER BY {_KEY} LIMIT $3
) s
"""
_FIND_PK = f"{_ENTRY} WHERE u.user_pk = $1 ORDER BY u.project_id NULLS LAST LIMIT $2"

# The columns an edit may set (a move sets project_id or user_pk).
EDITABLE = frozenset({
    "user_pk", "username", "full_name", "is_private", "is_verified", "profile_pic_url",
    "profile_chaining_secondary_label", "social_context", "project_id",
})
# What an undo of an edit or move puts back: every column but the id.
_RESTORED_COLUMNS = [f for f in USER_FIELDS if f != "id"]

# How long an import can be undone as a whole.
IMPORT_UNDO_HOURS = 24
COUNT_CAP = 1000


@dataclass(frozen=True)
class Entry:
    """A stored user with what a card shows around it."""

    user: InstagramUser
    project_name: str | None
    project_active: bool
    requester_name: str | None


@dataclass(frozen=True)
class Found:
    entries: list[Entry]
    total: int  # how many match, counted up to COUNT_CAP
    capped: bool  # more than COUNT_CAP match


class Change(StrEnum):
    DONE = "done"
    NOT_FOUND = "not_found"  # the entry is gone (removed meanwhile)
    CLASH = "clash"  # (user_pk, project_id) is taken: ``other`` is the row there
    LEGACY_CLASH = "legacy_clash"  # a legacy unique rule refuses it
    NO_PROJECT = "no_project"  # the target project is missing or inactive
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class ChangeOutcome:
    change: Change
    entry: Entry | None = None
    other: Entry | None = None


@dataclass(frozen=True)
class Removal:
    removal_id: int
    user: InstagramUser
    project_name: str | None


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    actor: str
    actor_name: str | None
    action: str
    entity: str
    entry_id: str | None
    project_id: int | None
    project_name: str | None
    user_pk: str | None
    username: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    undone_at: datetime | None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "at": self.at.isoformat(), "actor": self.actor,
            "actor_name": self.actor_name, "action": self.action, "entity": self.entity,
            "entry_id": self.entry_id, "project_id": self.project_id,
            "user_pk": self.user_pk, "username": self.username, "before": self.before,
            "after": self.after,
            "undone_at": self.undone_at.isoformat() if self.undone_at else None,
        }


def parse_entry_id(text: str) -> str | None:
    """The canonical form of a row id, or None for anything that is not a UUID."""
    try:
        return str(uuid.UUID(text))
    except (ValueError, AttributeError, TypeError):
        return None


def prefix_bounds(prefix: str) -> tuple[str, str]:
    """[low, high) of the strings starting with ``prefix`` in byte (code point) order."""
    last = ord(prefix[-1])
    return prefix, prefix[:-1] + chr(last + 1 if last + 1 != 0xD800 else 0xE000)


def _entry(record: asyncpg.Record) -> Entry:
    user = InstagramUser(**{f: record[f] for f in USER_FIELDS})
    return Entry(user=user, project_name=record["project_name"],
                 project_active=bool(record["project_active"]),
                 requester_name=record["requester_name"])


def _audit(record: asyncpg.Record) -> AuditRow:
    return AuditRow(**dict(record))


async def act_as(conn: Conn, actor: str, action: str | None = None) -> None:
    """Name who (and why) for the audit triggers, for this transaction only: call it
    inside the transaction that makes the change (a project rename, say), else the
    trail names ``cli``."""
    await conn.execute("SELECT set_config('igbot.actor', $1, true),"
                       " set_config('igbot.action', $2, true)", actor, action or "")


class Refused(Exception):
    """Roll a transaction back and report ``outcome``."""

    def __init__(self, outcome: ChangeOutcome) -> None:
        super().__init__(outcome.change.value)
        self.outcome = outcome


class ManageRepository:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    # --- reading ------------------------------------------------------------------------
    async def get_entry(self, entry_id: str, conn: Conn | None = None) -> Entry | None:
        canonical = parse_entry_id(entry_id)
        if canonical is None:
            return None
        row = await (conn or self.pool).fetchrow(f"{_ENTRY} WHERE u.id = $1::uuid",
                                                 canonical)
        return _entry(row) if row else None

    async def find(self, *, pk: str | None = None, prefix: str | None = None,
                   limit: int = 10) -> Found:
        """Accounts whose pk is ``pk`` (first) and whose username starts with ``prefix``."""
        entries: list[Entry] = []
        total = 0
        capped = False
        async with self.pool.acquire() as conn:
            if pk is not None:
                rows = await conn.fetch(_FIND_PK, pk, COUNT_CAP + 1)
                entries += [_entry(r) for r in rows[:limit]]
                total += min(len(rows), COUNT_CAP)
                capped = len(rows) > COUNT_CAP
            if prefix:
                low, high = prefix_bounds(prefix)
                seen = {e.user.id for e in entries}
                rows = await conn.fetch(_FIND_PREFIX, low, high, limit + len(seen))
                fresh = [_entry(r) for r in rows if r["id"] not in seen]
                entries += fresh[:max(limit - len(entries), 0)]
                counted = int(await conn.fetchval(_COUNT_PREFIX, low, high, COUNT_CAP + 1))
                overlap = sum(1 for r in rows if r["id"] in seen)
                total += min(counted, COUNT_CAP) - overlap
                capped = capped or counted > COUNT_CAP
        return Found(entries=entries, total=max(total, len(entries)), capped=capped)

    # --- edits and moves ----------------------------------------------------------------
    async def update_fields(self, entry_id: str, changes: Mapping[str, Any], actor: str,
                            *, action: str | None = None) -> ChangeOutcome:
        """Set the given columns (``EDITABLE``), and ``updated_at``; a new username also
        renames the derived ``profile_url`` and ``search_username`` where they follow it.
        A taken ``(user_pk, project_id)`` or an inactive target project is refused."""
        unknown = set(changes) - EDITABLE
        if unknown:
            raise ValueError(f"not editable: {sorted(unknown)}")
        canonical = parse_entry_id(entry_id)
        if canonical is None:
            return ChangeOutcome(Change.NOT_FOUND)
        async with self.pool.acquire() as conn:
            try:
                async with conn.transaction():
                    return await self._update(conn, canonical, changes, actor, action)
            except Refused as refused:
                return refused.outcome

    async def _update(self, conn: Conn, entry_id: str, changes: Mapping[str, Any],
                      actor: str, action: str | None) -> ChangeOutcome:
        await act_as(conn, actor, action)
        current = await conn.fetchrow(
            f"SELECT user_pk, project_id FROM {USERS} WHERE id = $1::uuid FOR UPDATE",
            entry_id)
        if current is None:
            raise Refused(ChangeOutcome(Change.NOT_FOUND))
        if "project_id" in changes and changes["project_id"] != current["project_id"]:
            active = await conn.fetchval(
                "SELECT coalesce(is_active, false) FROM projects WHERE id = $1",
                changes["project_id"])
            if not active:
                raise Refused(ChangeOutcome(Change.NO_PROJECT))
        sets: list[str] = []
        args: list[Any] = [entry_id]
        for column, value in changes.items():
            args.append(value)
            n = len(args)
            if column == "username":
                sets += [
                    f"profile_url = CASE WHEN profile_url IS NULL OR profile_url = "
                    f"'https://instagram.com/' || username THEN 'https://instagram.com/' "
                    f"|| ${n}::text ELSE profile_url END",
                    f"search_username = CASE WHEN search_username = 'manual_' || username "
                    f"THEN 'manual_' || ${n}::text ELSE search_username END",
                ]
            sets.append(f"{column} = ${n}")
        sets.append("updated_at = now()")
        try:
            async with conn.transaction():  # a savepoint: a clash is reported, not raised
                status = await conn.execute(
                    f"UPDATE {USERS} SET {', '.join(sets)} WHERE id = $1::uuid", *args)
        except asyncpg.UniqueViolationError:
            other = await self._holder(conn, changes.get("user_pk", current["user_pk"]),
                                       changes.get("project_id", current["project_id"]),
                                       entry_id)
            raise Refused(ChangeOutcome(Change.CLASH if other else Change.LEGACY_CLASH,
                                        other=other)) from None
        if status.endswith(" 0"):
            raise Refused(ChangeOutcome(Change.NOT_FOUND))
        return ChangeOutcome(Change.DONE, entry=await self.get_entry(entry_id, conn))

    async def _holder(self, conn: Conn, user_pk: str, project_id: int | None,
                      entry_id: str) -> Entry | None:
        row = await conn.fetchrow(
            f"{_ENTRY} WHERE u.user_pk = $1 AND u.project_id = $2 AND u.id <> $3::uuid",
            user_pk, project_id, entry_id)
        return _entry(row) if row else None

    async def copy_to(self, entry_id: str, project_id: int, actor: str) -> ChangeOutcome:
        """A new row in another project with this one's values (the admin as requester)."""
        canonical = parse_entry_id(entry_id)
        if canonical is None:
            return ChangeOutcome(Change.NOT_FOUND)
        columns = [f for f in _RESTORED_COLUMNS
                   if f not in ("project_id", "requester_telegram_id", "created_at",
                                "updated_at")]
        listed = ", ".join(columns)
        async with self.pool.acquire() as conn, conn.transaction():
            await act_as(conn, actor, "copy")
            active = await conn.fetchval(
                "SELECT coalesce(is_active, false) FROM projects WHERE id = $1", project_id)
            if not active:
                return ChangeOutcome(Change.NO_PROJECT)
            source = await conn.fetchrow(f"SELECT user_pk FROM {USERS} WHERE id = $1::uuid",
                                         canonical)
            if source is None:
                return ChangeOutcome(Change.NOT_FOUND)
            new_id = await conn.fetchval(
                f"INSERT INTO {USERS} ({listed}, project_id, requester_telegram_id,"
                f" created_at, updated_at) SELECT {listed}, $2, $3, now(), now()"
                f" FROM {USERS} WHERE id = $1::uuid ON CONFLICT DO NOTHING"
                f" RETURNING id::text", canonical, project_id, actor)
            if new_id is None:
                other = await self._holder(conn, source["user_pk"], project_id, canonical)
                return ChangeOutcome(Change.CLASH if other else Change.LEGACY_CLASH,
                                     other=other)
            return ChangeOutcome(Change.DONE, entry=await self.get_entry(new_id, conn))

    # --- removing and restoring ---------------------------------------------------------
    async def remove(self, entry_id: str, actor: str, *,
                     action: str | None = None) -> Removal | None:
        """Move the row, whole, to the removed rows; None when it is already gone."""
        canonical = parse_entry_id(entry_id)
        if canonical is None:
            return None
        async with self.pool.acquire() as conn, conn.transaction():
            await act_as(conn, actor, action)
            return await self._remove(conn, canonical, actor)

    async def _remove(self, conn: Conn, entry_id: str, actor: str) -> Removal | None:
        row = await conn.fetchrow(
            f"""
            WITH gone AS (DELETE FROM {USERS} WHERE id = $1::uuid RETURNING *),
            kept AS (
                INSERT INTO {REMOVED} (entry_id, project_id, user_pk, username,
                                       removed_by, row_data)
                SELECT g.id::text, g.project_id, g.user_pk, g.username, $2, to_jsonb(g)
                FROM gone g
                RETURNING removal_id
            )
            SELECT kept.removal_id, p.name AS project_name, {", ".join(
                "g.id::text AS id" if f == "id" else f"g.{f}" for f in USER_FIELDS)}
            FROM kept, gone g LEFT JOIN projects p ON p.id = g.project_id
            """, entry_id, actor)
        if row is None:
            return None
        user = InstagramUser(**{f: row[f] for f in USER_FIELDS})
        return Removal(removal_id=row["removal_id"], user=user,
                       project_name=row["project_name"])

    async def restore(self, removal_id: int, actor: str, *,
                      action: str = "restore") -> ChangeOutcome:
        """Put a removed row back exactly (same id, created_at, requester...)."""
        async with self.pool.acquire() as conn:
            try:
                async with conn.transaction():
                    await act_as(conn, actor, action)
                    outcome = await self._restore(conn, removal_id)
                    # The removal is undone: /undo goes on to the change before it.
                    await conn.execute(
                        f"UPDATE {AUDIT} SET undone_at = now() WHERE id = ("
                        f" SELECT id FROM {AUDIT} WHERE entry_id = $1 AND action = 'remove'"
                        f" AND undone_at IS NULL ORDER BY id DESC LIMIT 1)",
                        outcome.entry.user.id if outcome.entry else "")
                    return outcome
            except Refused as refused:
                return refused.outcome

    async def _restore(self, conn: Conn, removal_id: int) -> ChangeOutcome:
        kept = await conn.fetchrow(
            f"SELECT row_data, user_pk, project_id, entry_id FROM {REMOVED}"
            f" WHERE removal_id = $1 AND restored_at IS NULL FOR UPDATE", removal_id)
        if kept is None:
            raise Refused(ChangeOutcome(Change.NOT_FOUND))
        restored = await conn.fetchval(
            f"INSERT INTO {USERS} SELECT (jsonb_populate_record(NULL::{USERS}, $1::jsonb)).*"
            f" ON CONFLICT DO NOTHING RETURNING id::text", kept["row_data"])
        if restored is None:
            other = await self._holder(conn, kept["user_pk"], kept["project_id"],
                                       kept["entry_id"])
            raise Refused(ChangeOutcome(Change.CLASH if other else Change.LEGACY_CLASH,
                                        other=other))
        await conn.execute(f"UPDATE {REMOVED} SET restored_at = now() WHERE removal_id = $1",
                           removal_id)
        return ChangeOutcome(Change.DONE, entry=await self.get_entry(restored, conn))

    async def removal(self, removal_id: int) -> tuple[str, str | None] | None:
        """(username, project name) of a removal, for the confirmation text."""
        row = await self.pool.fetchrow(
            f"SELECT r.username, p.name FROM {REMOVED} r LEFT JOIN projects p"
            f" ON p.id = r.project_id WHERE r.removal_id = $1", removal_id)
        return (row[0], row[1]) if row else None

    # --- imports ------------------------------------------------------------------------
    async def record_import(self, requester: str, entry_ids: Sequence[str]) -> int:
        """Remember which rows one import created; returns the import's id."""
        value = await self.pool.fetchval(
            f"INSERT INTO {IMPORTS} (requester, entry_ids) VALUES ($1, $2::uuid[])"
            " RETURNING id", requester, list(entry_ids))
        return int(value)

    async def import_size(self, import_id: int) -> tuple[int, bool] | None:
        """(rows it created, still undoable) of an import; None when unknown."""
        row = await self.pool.fetchrow(
            f"SELECT cardinality(entry_ids) AS n, undone_at IS NULL AND created_at >"
            f" now() - make_interval(hours => $2) AS open FROM {IMPORTS} WHERE id = $1",
            import_id, IMPORT_UNDO_HOURS)
        return (int(row["n"]), bool(row["open"])) if row else None

    async def undo_import(self, import_id: int, actor: str) -> int | None:
        """Remove, in one statement, every row the import created that is still there;
        the count, or None when the import is unknown, undone or older than 24 hours."""
        async with self.pool.acquire() as conn, conn.transaction():
            await act_as(conn, actor, "undo_import")
            ids = await conn.fetchval(
                f"UPDATE {IMPORTS} SET undone_at = now() WHERE id = $1 AND undone_at IS NULL"
                f" AND created_at > now() - make_interval(hours => $2) RETURNING entry_ids",
                import_id, IMPORT_UNDO_HOURS)
            if ids is None:
                return None
            count = await conn.fetchval(
                f"""
                WITH gone AS (DELETE FROM {USERS} WHERE id = ANY($1::uuid[]) RETURNING *),
                kept AS (
                    INSERT INTO {REMOVED} (entry_id, project_id, user_pk, username,
                                           removed_by, import_id, row_data)
                    SELECT g.id::text, g.project_id, g.user_pk, g.username, $2, $3,
                           to_jsonb(g)
                    FROM gone g RETURNING 1
                )
                SELECT count(*) FROM kept
                """, ids, actor, import_id)
            return int(count)

    # --- proposals: "update the stored entry with these values" ------------------------
    async def propose(self, entry_id: str, proposer: str, changes: Mapping[str, Any]) -> int:
        unknown = set(changes) - EDITABLE
        if unknown:
            raise ValueError(f"not editable: {sorted(unknown)}")
        value = await self.pool.fetchval(
            f"INSERT INTO {PROPOSALS} (entry_id, proposer, changes) VALUES ($1::uuid, $2, $3)"
            " RETURNING id", entry_id, proposer, dict(changes))
        return int(value)

    async def take_proposal(self, proposal_id: int) -> tuple[str, dict[str, Any]] | None:
        """(entry id, changes) of an unused proposal, marking it used."""
        row = await self.pool.fetchrow(
            f"UPDATE {PROPOSALS} SET used_at = now() WHERE id = $1 AND used_at IS NULL"
            " RETURNING entry_id::text, changes", proposal_id)
        return (row[0], dict(row[1])) if row else None

    # --- the audit trail ----------------------------------------------------------------
    _HISTORY = f"""
    SELECT h.id, h.at, h.actor, a.full_name AS actor_name, h.action, h.entity, h.entry_id,
           h.project_id, p.name AS project_name, h.user_pk, h.username, h.before, h.after,
           h.undone_at
    FROM {AUDIT} h
    LEFT JOIN {ADMIN_NAMES} a ON a.telegram_id = h.actor
    LEFT JOIN projects p ON p.id = h.project_id
    """

    async def history(self, *, user_pk: str | None = None, username: str | None = None,
                      project_id: int | None = None, limit: int = 20) -> list[AuditRow]:
        """Newest first: an account's changes (by pk or username), a project's, or all."""
        arg: str | int | None
        if user_pk is not None:
            where, arg = "h.user_pk = $1", user_pk
        elif username is not None:
            # The account under any of its names: the pks ever recorded with this name.
            where = f"h.user_pk IN (SELECT user_pk FROM {AUDIT} WHERE username = $1)"
            arg = username
        elif project_id is not None:
            where, arg = "h.project_id = $1", project_id
        else:
            where, arg = "$1::text IS NULL", None
        rows = await self.pool.fetch(
            f"{self._HISTORY} WHERE {where} ORDER BY h.id DESC LIMIT $2", arg, limit)
        return [_audit(r) for r in rows]

    async def last_change(self, actor: str) -> AuditRow | None:
        """The actor's own last change to a user that can still be undone."""
        row = await self.pool.fetchrow(
            f"{self._HISTORY} WHERE h.actor = $1 AND h.entity = 'user' AND h.undone_at IS NULL"
            " AND h.action IN ('create', 'edit', 'move', 'remove', 'copy')"
            " ORDER BY h.id DESC LIMIT 1", actor)
        return _audit(row) if row else None

    async def audit_row(self, audit_id: int) -> AuditRow | None:
        row = await self.pool.fetchrow(f"{self._HISTORY} WHERE h.id = $1", audit_id)
        return _audit(row) if row else None

    async def undo(self, audit_id: int, actor: str) -> ChangeOutcome:
        """Reverse one audited change of the actor's own: a create or copy is removed, an
        edit or move put back, a remove restored."""
        async with self.pool.acquire() as conn:
            try:
                async with conn.transaction():
                    return await self._undo(conn, audit_id, actor)
            except Refused as refused:
                return refused.outcome

    async def _undo(self, conn: Conn, audit_id: int, actor: str) -> ChangeOutcome:
        await act_as(conn, actor, "undo")
        row = await conn.fetchrow(
            f"UPDATE {AUDIT} SET undone_at = now() WHERE id = $1 AND actor = $2"
            " AND undone_at IS NULL RETURNING action, entry_id, before", audit_id, actor)
        if row is None or row["entry_id"] is None:
            raise Refused(ChangeOutcome(Change.NOT_FOUND))
        entry_id = row["entry_id"]
        if row["action"] in ("create", "copy"):
            entry = await self.get_entry(entry_id, conn)
            if entry is None or await self._remove(conn, entry_id, actor) is None:
                raise Refused(ChangeOutcome(Change.NOT_FOUND))
            return ChangeOutcome(Change.DONE, entry=entry)
        if row["action"] == "remove":
            removal_id = await conn.fetchval(
                f"SELECT removal_id FROM {REMOVED} WHERE entry_id = $1 AND restored_at IS NULL"
                " ORDER BY removal_id DESC LIMIT 1", entry_id)
            if removal_id is None:
                raise Refused(ChangeOutcome(Change.NOT_FOUND))
            return await self._restore(conn, removal_id)
        # An edit or a move: every column back as it was before.
        columns = ", ".join(_RESTORED_COLUMNS)
        values = ", ".join(f"r.{c}" for c in _RESTORED_COLUMNS)
        try:
            async with conn.transaction():
                status = await conn.execute(
                    f"UPDATE {USERS} u SET ({columns}) = ({values})"
                    f" FROM jsonb_populate_record(NULL::{USERS}, $2::jsonb) r"
                    f" WHERE u.id = $1::uuid", entry_id, row["before"])
        except asyncpg.UniqueViolationError:
            before = row["before"] or {}
            other = await self._holder(conn, str(before.get("user_pk")),
                                       before.get("project_id"), entry_id)
            raise Refused(ChangeOutcome(Change.CLASH if other else Change.LEGACY_CLASH,
                                        other=other)) from None
        if status.endswith(" 0"):
            raise Refused(ChangeOutcome(Change.NOT_FOUND))
        return ChangeOutcome(Change.DONE, entry=await self.get_entry(entry_id, conn))

    # --- admins' names ------------------------------------------------------------------
    async def remember_admin(self, telegram_id: int, full_name: str,
                             username: str | None) -> None:
        await self.pool.execute(
            f"INSERT INTO {ADMIN_NAMES} (telegram_id, full_name, username) VALUES ($1, $2, $3)"
            " ON CONFLICT (telegram_id) DO UPDATE SET full_name = EXCLUDED.full_name,"
            " username = EXCLUDED.username, seen_at = now()",
            str(telegram_id), full_name, username)

    async def admin_name(self, telegram_id: str) -> str | None:
        value = await self.pool.fetchval(
            f"SELECT full_name FROM {ADMIN_NAMES} WHERE telegram_id = $1", telegram_id)
        return str(value) if value is not None else None
