"""Finding, editing, moving, removing and restoring stored users; the audit trail.

Every write here runs in a transaction that first names its actor (and, where the
triggers cannot tell, its action) in transaction-local settings; the audit triggers of
``repository.migrations`` read them, so each change and its audit rows commit or roll back
together. The pieces live in ``repository.entries`` (what a card shows, what every change
shares), ``repository.removals`` and ``repository.audit``; this class is their one door.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import asyncpg

from repository import audit, removals
from repository.audit import HISTORY, AuditRow, audit_of
from repository.entries import EDITABLE as EDITABLE
from repository.entries import (
    ENTRY,
    Change,
    ChangeOutcome,
    Entry,
    Found,
    Refused,
    Removal,
    act_as,
    active_project,
    clash,
    entry_of,
    get_entry,
    holder,
    parse_entry_id,
    prefix_bounds,
    update_sets,
)
from repository.entries import RESTORED_COLUMNS as _RESTORED_COLUMNS
from repository.removals import IMPORT_UNDO_HOURS as IMPORT_UNDO_HOURS
from repository.tables import ADMIN_NAMES, AUDIT, IMPORTS, PROPOSALS, REMOVED, USERNAME_KEY, USERS

if TYPE_CHECKING:
    from repository.entries import Conn

__all__ = ["AuditRow", "Change", "ChangeOutcome", "Entry", "Found", "ManageRepository",
           "Removal", "act_as", "parse_entry_id", "prefix_bounds"]

_KEY = "lower(u.username) COLLATE \"C\""
assert USERNAME_KEY == 'lower(username) COLLATE "C"'  # the index _FIND_PREFIX relies on

# Found accounts sort by username, then project. The range on the index's own expression
# is a plain index range scan (a LIKE with a parameter may not be, in a generic plan).
_FIND_PREFIX = f"""{ENTRY}
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
_FIND_PK = f"{ENTRY} WHERE u.user_pk = $1 ORDER BY u.project_id NULLS LAST LIMIT $2"

COUNT_CAP = 1000


class ManageRepository:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    # --- reading ------------------------------------------------------------------------
    async def get_entry(self, entry_id: str, conn: Conn | None = None) -> Entry | None:
        return await get_entry(conn or self.pool, entry_id)

    async def find(self, *, pk: str | None = None, prefix: str | None = None,
                   limit: int = 10) -> Found:
        """Accounts whose pk is ``pk`` (first) and whose username starts with ``prefix``."""
        entries: list[Entry] = []
        total = 0
        capped = False
        async with self.pool.acquire() as conn:
            if pk is not None:
                rows = await conn.fetch(_FIND_PK, pk, COUNT_CAP + 1)
                entries += [entry_of(r) for r in rows[:limit]]
                total += min(len(rows), COUNT_CAP)
                capped = len(rows) > COUNT_CAP
            if prefix:
                low, high = prefix_bounds(prefix)
                seen = {e.user.id for e in entries}
                rows = await conn.fetch(_FIND_PREFIX, low, high, limit + len(seen))
                fresh = [entry_of(r) for r in rows if r["id"] not in seen]
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
        moved = "project_id" in changes and changes["project_id"] != current["project_id"]
        if moved and not await active_project(conn, changes["project_id"]):
            raise Refused(ChangeOutcome(Change.NO_PROJECT))
        sets, args = update_sets(changes)
        try:
            async with conn.transaction():  # a savepoint: a clash is reported, not raised
                status = await conn.execute(
                    f"UPDATE {USERS} SET {', '.join(sets)} WHERE id = $1::uuid",
                    entry_id, *args)
        except asyncpg.UniqueViolationError:
            raise Refused(clash(await holder(
                conn, changes.get("user_pk", current["user_pk"]),
                changes.get("project_id", current["project_id"]), entry_id))) from None
        if status.endswith(" 0"):
            raise Refused(ChangeOutcome(Change.NOT_FOUND))
        return ChangeOutcome(Change.DONE, entry=await get_entry(conn, entry_id))

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
            if not await active_project(conn, project_id):
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
                return clash(await holder(conn, source["user_pk"], project_id, canonical))
            return ChangeOutcome(Change.DONE, entry=await get_entry(conn, new_id))

    # --- removing and restoring ---------------------------------------------------------
    async def remove(self, entry_id: str, actor: str, *,
                     action: str | None = None) -> Removal | None:
        """Move the row, whole, to the removed rows; None when it is already gone."""
        canonical = parse_entry_id(entry_id)
        if canonical is None:
            return None
        async with self.pool.acquire() as conn, conn.transaction():
            await act_as(conn, actor, action)
            return await removals.remove_row(conn, canonical, actor)

    async def restore(self, removal_id: int, actor: str, *,
                      action: str = "restore") -> ChangeOutcome:
        """Put a removed row back exactly (same id, created_at, requester...)."""
        async with self.pool.acquire() as conn:
            try:
                async with conn.transaction():
                    await act_as(conn, actor, action)
                    outcome = await removals.restore_row(conn, removal_id)
                    # The removal is undone: /undo goes on to the change before it.
                    await conn.execute(
                        f"UPDATE {AUDIT} SET undone_at = now() WHERE id = ("
                        f" SELECT id FROM {AUDIT} WHERE entry_id = $1 AND action = 'remove'"
                        f" AND undone_at IS NULL ORDER BY id DESC LIMIT 1)",
                        outcome.entry.user.id if outcome.entry else "")
                    return outcome
            except Refused as refused:
                return refused.outcome

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
            return await removals.remove_imported(conn, import_id, actor)

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
    async def history(self, *, user_pk: str | None = None, username: str | None = None,
                      project_id: int | None = None, limit: int = 20) -> list[AuditRow]:
        """Newest first: an account's changes (by pk or username), a project's, or all."""
        where, arg = audit.history_filter(user_pk, username, project_id)
        rows = await self.pool.fetch(
            f"{HISTORY} WHERE {where} ORDER BY h.id DESC LIMIT $2", arg, limit)
        return [audit_of(r) for r in rows]

    async def last_change(self, actor: str) -> AuditRow | None:
        """The actor's own last change to a user that can still be undone."""
        row = await self.pool.fetchrow(
            f"{HISTORY} WHERE h.actor = $1 AND h.entity = 'user' AND h.undone_at IS NULL"
            " AND h.action IN ('create', 'edit', 'move', 'remove', 'copy')"
            " ORDER BY h.id DESC LIMIT 1", actor)
        return audit_of(row) if row else None

    async def audit_row(self, audit_id: int) -> AuditRow | None:
        row = await self.pool.fetchrow(f"{HISTORY} WHERE h.id = $1", audit_id)
        return audit_of(row) if row else None

    async def undo(self, audit_id: int, actor: str) -> ChangeOutcome:
        """Reverse one audited change of the actor's own: a create or copy is removed, an
        edit or move put back, a remove restored."""
        async with self.pool.acquire() as conn:
            try:
                async with conn.transaction():
                    return await audit.undo_change(conn, audit_id, actor)
            except Refused as refused:
                return refused.outcome

    # --- admins' names ------------------------------------------------------------------
    async def remember_admin(self, telegram_id: int, full_name: str,
                             username: str | None) -> None:
        await self.pool.execute(
            f"INSERT INTO {ADMIN_NAMES} (telegram_id, full_name, username) VALUES ($1, $2, $3)"
            " ON CONFLICT (telegram_id) DO UPDATE SET full_name = EXCLUDED.full_name,"
            " username = EXCLUDED.username, seen_at = now()",
            str(telegram_id), full_name, username)
