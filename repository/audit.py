"""The audit trail: reading it, and undoing one audited change of an admin's own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

import asyncpg

from repository.entries import (
    RESTORED_COLUMNS,
    Change,
    ChangeOutcome,
    Refused,
    act_as,
    clash,
    get_entry,
    holder,
)
from repository.removals import remove_row, restore_row
from repository.tables import ADMIN_NAMES, AUDIT, REMOVED, USERS

if TYPE_CHECKING:
    from repository.entries import Conn

HISTORY = f"""
SELECT h.id, h.at, h.actor, a.full_name AS actor_name, h.action, h.entity, h.entry_id,
       h.project_id, p.name AS project_name, h.user_pk, h.username, h.before, h.after,
       h.undone_at
FROM {AUDIT} h
LEFT JOIN {ADMIN_NAMES} a ON a.telegram_id = h.actor
LEFT JOIN projects p ON p.id = h.project_id
"""


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


def audit_of(record: asyncpg.Record) -> AuditRow:
    return AuditRow(**dict(record))


def history_filter(user_pk: str | None, username: str | None,
                   project_id: int | None) -> tuple[str, str | int | None]:
    """The WHERE clause (and its one argument) of an account's, a project's or all
    changes."""
    if user_pk is not None:
        return "h.user_pk = $1", user_pk
    if username is not None:
        # The account under any of its names: the pks ever recorded with this name.
        return f"h.user_pk IN (SELECT user_pk FROM {AUDIT} WHERE username = $1)", username
    if project_id is not None:
        return "h.project_id = $1", project_id
    return "$1::text IS NULL", None


async def undo_change(conn: Conn, audit_id: int, actor: str) -> ChangeOutcome:
    """Reverse one audited change of the actor's own: a create or copy is removed, an
    edit or move put back, a remove restored. Raises ``Refused``."""
    await act_as(conn, actor, "undo")
    row = await conn.fetchrow(
        f"UPDATE {AUDIT} SET undone_at = now() WHERE id = $1 AND actor = $2"
        " AND undone_at IS NULL RETURNING action, entry_id, before", audit_id, actor)
    if row is None or row["entry_id"] is None:
        raise Refused(ChangeOutcome(Change.NOT_FOUND))
    entry_id = row["entry_id"]
    if row["action"] in ("create", "copy"):
        entry = await get_entry(conn, entry_id)
        if entry is None or await remove_row(conn, entry_id, actor) is None:
            raise Refused(ChangeOutcome(Change.NOT_FOUND))
        return ChangeOutcome(Change.DONE, entry=entry)
    if row["action"] == "remove":
        removal_id = await conn.fetchval(
            f"SELECT removal_id FROM {REMOVED} WHERE entry_id = $1 AND restored_at IS NULL"
            " ORDER BY removal_id DESC LIMIT 1", entry_id)
        if removal_id is None:
            raise Refused(ChangeOutcome(Change.NOT_FOUND))
        return await restore_row(conn, removal_id)
    return await _put_back(conn, entry_id, row["before"])


async def _put_back(conn: Conn, entry_id: str,
                    before: dict[str, Any] | None) -> ChangeOutcome:
    """An edit or a move undone: every column back as it was before."""
    columns = ", ".join(RESTORED_COLUMNS)
    values = ", ".join(f"r.{c}" for c in RESTORED_COLUMNS)
    try:
        async with conn.transaction():
            status = await conn.execute(
                f"UPDATE {USERS} u SET ({columns}) = ({values})"
                f" FROM jsonb_populate_record(NULL::{USERS}, $2::jsonb) r"
                f" WHERE u.id = $1::uuid", entry_id, before)
    except asyncpg.UniqueViolationError:
        before = before or {}
        other = await holder(conn, str(before.get("user_pk")), before.get("project_id"),
                             entry_id)
        raise Refused(clash(other)) from None
    if status.endswith(" 0"):
        raise Refused(ChangeOutcome(Change.NOT_FOUND))
    return ChangeOutcome(Change.DONE, entry=await get_entry(conn, entry_id))
