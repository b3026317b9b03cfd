"""A page of a project's users: sorted, filtered, by keyset (never OFFSET).

Each sort walks an index in its order (migrations 3 and 8), and a page continues from the
key of the row before it, so page 5,000 costs what page 1 costs. ``last`` reads the same
order backwards from the end. A cursor names its sort, so a cursor of one sort is never
read as another's.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

import asyncpg

from repository.rows import USER_COLUMNS as COLUMNS
from repository.schemas import InstagramUser
from repository.tables import LIST_SORT_KEY, USERS

TEXT_FILTER_MAX = 64


class ListSort(StrEnum):
    NEWEST = "newest"
    OLDEST = "oldest"
    USERNAME = "username"

    @property
    def key(self) -> str:
        return "username" if self is ListSort.USERNAME else LIST_SORT_KEY

    @property
    def descending(self) -> bool:
        return self is ListSort.NEWEST


@dataclass(frozen=True)
class ListFilter:
    """Rows shown: all flags off and no text means every row of the project."""

    private: bool = False
    verified: bool = False
    requester: str | None = None  # "added by me": the admin's Telegram id
    recent: bool = False  # added in the last 24 hours
    text: str | None = None  # part of the username or of the full name, any case


@dataclass(frozen=True)
class UsersPage:
    users: list[InstagramUser]
    total: int
    next_cursor: str | None
    prev_cursor: str | None


def encode_cursor(sort: ListSort, value: Any, row_id: str) -> str:
    shown = value.isoformat() if isinstance(value, datetime) else value
    raw = json.dumps([sort.value, shown, row_id])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, sort: ListSort = ListSort.NEWEST) -> tuple[Any, str]:
    """The sort value and row id in a cursor; ``ValueError`` if malformed or of another
    sort."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        decoded = json.loads(base64.urlsafe_b64decode(padded))
        if len(decoded) == 2:  # a cursor from before sorts existed: newest first
            decoded = [ListSort.NEWEST.value, *decoded]
        name, value, row_id = decoded
        if name != sort.value:
            raise ValueError("a cursor of another sort")
        if sort is not ListSort.USERNAME:
            value = datetime.fromisoformat(value)
        elif not isinstance(value, str):
            raise ValueError("not a username")
        return value, str(row_id)
    except Exception as exc:
        raise ValueError("malformed page cursor") from exc


def like_pattern(text: str) -> str:
    """``%text%`` for LIKE, lower case, its own ``%``, ``_`` and ``\\`` taken literally."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _where(project_id: int, filt: ListFilter) -> tuple[list[str], list[Any]]:
    clauses = ["project_id = $1"]
    args: list[Any] = [project_id]
    if filt.private:
        clauses.append("is_private IS TRUE")
    if filt.verified:
        clauses.append("is_verified IS TRUE")
    if filt.requester is not None:
        args.append(filt.requester)
        clauses.append(f"requester_telegram_id = ${len(args)}")
    if filt.recent:
        clauses.append(f"{LIST_SORT_KEY} >= now() - interval '24 hours'")
    if filt.text:
        args.append(like_pattern(filt.text))
        n = len(args)
        clauses.append(f"(lower(username) LIKE ${n} OR lower(full_name) LIKE ${n})")
    return clauses, args


async def count_users(pool: asyncpg.Pool, project_id: int, filt: ListFilter) -> int:
    clauses, args = _where(project_id, filt)
    value = await pool.fetchval(
        f"SELECT count(*) FROM {USERS} WHERE {' AND '.join(clauses)}", *args)
    return int(value)


def page_query(
    project_id: int, *, limit: int, sort: ListSort = ListSort.NEWEST,
    filt: ListFilter = ListFilter(), after: str | None = None, before: str | None = None,
    last: bool = False,
) -> tuple[str, list[Any]]:
    """The statement that reads a page (``limit + 1`` rows, in the direction read) and its
    arguments. Raises ``ValueError`` for a malformed cursor."""
    clauses, args = _where(project_id, filt)
    backwards = before is not None or last
    descending = sort.descending != backwards
    order = "DESC" if descending else "ASC"
    cursor = after if after is not None else before
    if cursor is not None:
        value, row_id = decode_cursor(cursor, sort)
        args += [value, row_id]
        sign = "<" if descending else ">"
        clauses.append(f"({sort.key}, id) {sign} (${len(args) - 1}, ${len(args)}::uuid)")
    args.append(limit + 1)
    # "u.id": a bare "id" in ORDER BY would be the output column, id::text, which no
    # index holds (PostgreSQL would then sort the rows of every page).
    sql = (f"SELECT {COLUMNS}, {sort.key} AS sort_key FROM {USERS} u"
           f" WHERE {' AND '.join(clauses)}"
           f" ORDER BY {sort.key} {order}, u.id {order} LIMIT ${len(args)}")
    return sql, args


async def fetch_rows(
    pool: asyncpg.Pool, project_id: int, *, limit: int, sort: ListSort = ListSort.NEWEST,
    filt: ListFilter = ListFilter(), after: str | None = None, before: str | None = None,
    last: bool = False,
) -> tuple[list[asyncpg.Record], bool]:
    """The page's rows in display order, and whether more lie beyond it in the direction
    it was read (after the page going forward; before it for ``before`` and ``last``)."""
    sql, args = page_query(project_id, limit=limit, sort=sort, filt=filt, after=after,
                           before=before, last=last)
    rows = await pool.fetch(sql, *args)
    more = len(rows) > limit
    rows = rows[:limit]
    if before is not None or last:
        rows.reverse()
    return rows, more


async def list_page(
    pool: asyncpg.Pool, project_id: int, *, limit: int = 10,
    sort: ListSort = ListSort.NEWEST, filt: ListFilter = ListFilter(),
    after: str | None = None, before: str | None = None, last: bool = False,
    total: int | None = None,
) -> UsersPage:
    """One page: the first (no cursor), the one after or before a cursor, or the last.
    ``total``, when the caller knows it, saves counting the matching rows (the one part of
    a page that grows with the project). Raises ``ValueError`` for a malformed cursor."""
    rows, more = await fetch_rows(pool, project_id, limit=limit, sort=sort, filt=filt,
                                  after=after, before=before, last=last)
    if before is not None or last:
        has_prev, has_next = more, not last
    else:
        has_prev, has_next = after is not None, more
    return UsersPage(
        users=[InstagramUser(**{k: v for k, v in r.items() if k != "sort_key"})
               for r in rows],
        total=total if total is not None else await count_users(pool, project_id, filt),
        next_cursor=encode_cursor(sort, rows[-1]["sort_key"], rows[-1]["id"])
        if rows and has_next else None,
        prev_cursor=encode_cursor(sort, rows[0]["sort_key"], rows[0]["id"])
        if rows and has_prev else None,
    )
