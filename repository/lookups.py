"""Look-ups the chat needs before anything is written: a username already stored in a
project (under any pk)."""

from __future__ import annotations

import asyncpg

from repository.rows import USER_COLUMNS
from repository.schemas import InstagramUser
from repository.tables import USERS


class UserLookup:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def by_username(self, username: str, project_id: int) -> InstagramUser | None:
        """The oldest row of ``project_id`` with this username (case-insensitive)."""
        row = await self.pool.fetchrow(
            f"SELECT {USER_COLUMNS} FROM {USERS} WHERE project_id = $1"
            " AND lower(username) = lower($2) ORDER BY created_at NULLS LAST LIMIT 1",
            project_id, username,
        )
        return InstagramUser(**row) if row else None
