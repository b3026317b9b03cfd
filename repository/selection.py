"""What the Mini App reads besides a page of the list: the project picker, the names of
the admins who added rows, and chosen rows for an export.

Pages themselves come from ``repository.listing`` and changes go through
``repository.manage``, exactly as in the chat.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence

import asyncpg

from repository.rows import USER_COLUMNS as COLUMNS
from repository.schemas import InstagramUser, Project
from repository.tables import ADMIN_NAMES, LIST_SORT_KEY, USERS

# Most rows one request may name (a selection on the page).
MAX_SELECTED = 1000


async def project_choices(pool: asyncpg.Pool) -> list[Project]:
    """Every project, active ones first, then by id; no user counts (those cost a scan of
    each project, and the picker does not show them)."""
    rows = await pool.fetch(
        "SELECT id, name, coalesce(is_active, false) AS is_active FROM projects"
        " ORDER BY coalesce(is_active, false) DESC, id")
    return [Project.model_validate(dict(r)) for r in rows]


async def admin_names(pool: asyncpg.Pool, telegram_ids: Sequence[str]) -> dict[str, str]:
    """The names Telegram last gave for these admin ids (those the bot has seen)."""
    if not telegram_ids:
        return {}
    rows = await pool.fetch(
        f"SELECT telegram_id, full_name FROM {ADMIN_NAMES} WHERE telegram_id = ANY($1::text[])",
        list(set(telegram_ids)))
    return {r["telegram_id"]: r["full_name"] for r in rows}


async def iter_selected(pool: asyncpg.Pool, project_id: int, entry_ids: Sequence[str],
                        batch: int = 1000) -> AsyncIterator[InstagramUser]:
    """The named rows of one project (ids of other projects or gone rows are skipped),
    newest first, as the whole project's export orders them."""
    async with pool.acquire() as conn, conn.transaction():
        cursor = conn.cursor(
            f"SELECT {COLUMNS} FROM {USERS} u WHERE project_id = $1"
            f" AND u.id = ANY($2::uuid[]) ORDER BY {LIST_SORT_KEY} DESC, u.id DESC",
            project_id, list(entry_ids), prefetch=batch)
        async for row in cursor:
            yield InstagramUser(**dict(row))
