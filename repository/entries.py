"""A stored user as a card shows it (``Entry``), and what every change shares: naming
the actor for the audit triggers, refusing inside a transaction, finding who holds a key.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeAlias

import asyncpg
from asyncpg.pool import PoolConnectionProxy

from repository.rows import USER_FIELDS
from repository.schemas import InstagramUser
from repository.tables import ADMIN_NAMES, USERS

if TYPE_CHECKING:
    Conn: TypeAlias = PoolConnectionProxy[asyncpg.Record] | asyncpg.Connection

_U_COLUMNS = ", ".join("u.id::text AS id" if f == "id" else f"u.{f}" for f in USER_FIELDS)
ENTRY = f"""
SELECT {_U_COLUMNS}, p.name AS project_name, a.full_name AS requester_name
FROM {USERS} u
LEFT JOIN projects p ON p.id = u.project_id
LEFT JOIN {ADMIN_NAMES} a ON a.telegram_id = u.requester_telegram_id
"""

# The columns an edit may set (a move sets project_id or user_pk).
EDITABLE = frozenset({
    "user_pk", "username", "full_name", "is_private", "is_verified", "profile_pic_url",
    "profile_chaining_secondary_label", "social_context", "project_id",
})
# What an undo of an edit or move puts back: every column but the id.
RESTORED_COLUMNS = [f for f in USER_FIELDS if f != "id"]


@dataclass(frozen=True)
class Entry:
    """A stored user with what a card shows around it."""

    user: InstagramUser
    project_name: str | None
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


def entry_of(record: asyncpg.Record) -> Entry:
    user = InstagramUser(**{f: record[f] for f in USER_FIELDS})
    return Entry(user=user, project_name=record["project_name"],
                 requester_name=record["requester_name"])


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


def clash(other: Entry | None) -> ChangeOutcome:
    """A refused key: held by ``other``, or by a legacy unique rule when nobody here."""
    return ChangeOutcome(Change.CLASH if other else Change.LEGACY_CLASH, other=other)


async def get_entry(conn: Conn | asyncpg.Pool, entry_id: str) -> Entry | None:
    canonical = parse_entry_id(entry_id)
    if canonical is None:
        return None
    row = await conn.fetchrow(f"{ENTRY} WHERE u.id = $1::uuid", canonical)
    return entry_of(row) if row else None


async def holder(conn: Conn, user_pk: str, project_id: int | None,
                 entry_id: str) -> Entry | None:
    """The entry other than ``entry_id`` that holds ``(user_pk, project_id)``."""
    row = await conn.fetchrow(
        f"{ENTRY} WHERE u.user_pk = $1 AND u.project_id = $2 AND u.id <> $3::uuid",
        user_pk, project_id, entry_id)
    return entry_of(row) if row else None


def update_sets(changes: Mapping[str, Any]) -> tuple[list[str], list[Any]]:
    """SET clauses for ``changes`` (``$1`` is the entry id) and their arguments; a new
    username also renames the derived ``profile_url`` and ``search_username`` where they
    follow it."""
    sets: list[str] = []
    args: list[Any] = []
    for column, value in changes.items():
        args.append(value)
        n = len(args) + 1
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
    return sets, args


async def active_project(conn: Conn, project_id: int) -> bool:
    return bool(await conn.fetchval(
        "SELECT coalesce(is_active, false) FROM projects WHERE id = $1", project_id))
