"""Removing a stored user (the whole row kept in ``igbot_removed_users``) and putting it
back exactly; an import's rows removed in one statement."""

from __future__ import annotations

from typing import TYPE_CHECKING

from repository.entries import Change, ChangeOutcome, Refused, Removal, clash, get_entry, holder
from repository.rows import USER_FIELDS
from repository.schemas import InstagramUser
from repository.tables import IMPORTS, REMOVED, USERS

if TYPE_CHECKING:
    from repository.entries import Conn

# How long an import can be undone as a whole.
IMPORT_UNDO_HOURS = 24

_REMOVE = f"""
WITH gone AS (DELETE FROM {USERS} WHERE id = $1::uuid RETURNING *),
kept AS (
    INSERT INTO {REMOVED} (entry_id, project_id, user_pk, username, removed_by, row_data)
    SELECT g.id::text, g.project_id, g.user_pk, g.username, $2, to_jsonb(g)
    FROM gone g
    RETURNING removal_id
)
SELECT kept.removal_id, p.name AS project_name, {", ".join(
    "g.id::text AS id" if f == "id" else f"g.{f}" for f in USER_FIELDS)}
FROM kept, gone g LEFT JOIN projects p ON p.id = g.project_id
"""

_REMOVE_IMPORTED = f"""
WITH gone AS (DELETE FROM {USERS} WHERE id = ANY($1::uuid[]) RETURNING *),
kept AS (
    INSERT INTO {REMOVED} (entry_id, project_id, user_pk, username,
                           removed_by, import_id, row_data)
    SELECT g.id::text, g.project_id, g.user_pk, g.username, $2, $3, to_jsonb(g)
    FROM gone g RETURNING 1
)
SELECT count(*) FROM kept
"""


async def remove_row(conn: Conn, entry_id: str, actor: str) -> Removal | None:
    """Move the row, whole, to the removed rows; None when it is already gone."""
    row = await conn.fetchrow(_REMOVE, entry_id, actor)
    if row is None:
        return None
    user = InstagramUser(**{f: row[f] for f in USER_FIELDS})
    return Removal(removal_id=row["removal_id"], user=user,
                   project_name=row["project_name"])


async def restore_row(conn: Conn, removal_id: int) -> ChangeOutcome:
    """Put a removed row back exactly (same id, created_at, requester...)."""
    kept = await conn.fetchrow(
        f"SELECT row_data, user_pk, project_id, entry_id FROM {REMOVED}"
        f" WHERE removal_id = $1 AND restored_at IS NULL FOR UPDATE", removal_id)
    if kept is None:
        raise Refused(ChangeOutcome(Change.NOT_FOUND))
    restored = await conn.fetchval(
        f"INSERT INTO {USERS} SELECT (jsonb_populate_record(NULL::{USERS}, $1::jsonb)).*"
        f" ON CONFLICT DO NOTHING RETURNING id::text", kept["row_data"])
    if restored is None:
        raise Refused(clash(await holder(conn, kept["user_pk"], kept["project_id"],
                                         kept["entry_id"])))
    await conn.execute(f"UPDATE {REMOVED} SET restored_at = now() WHERE removal_id = $1",
                       removal_id)
    return ChangeOutcome(Change.DONE, entry=await get_entry(conn, restored))


async def remove_imported(conn: Conn, import_id: int, actor: str) -> int | None:
    """Remove every row the import created that is still there; the count, or None when
    the import is unknown, undone or older than ``IMPORT_UNDO_HOURS``."""
    ids = await conn.fetchval(
        f"UPDATE {IMPORTS} SET undone_at = now() WHERE id = $1 AND undone_at IS NULL"
        f" AND created_at > now() - make_interval(hours => $2) RETURNING entry_ids",
        import_id, IMPORT_UNDO_HOURS)
    if ids is None:
        return None
    return int(await conn.fetchval(_REMOVE_IMPORTED, ids, actor, import_id))
