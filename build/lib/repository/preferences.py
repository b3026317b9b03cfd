"""Per-admin preferences: the current project, kept across restarts."""

from __future__ import annotations

import asyncpg


class PreferencesRepository:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def get_current_project(self, telegram_id: int) -> int | None:
        value = await self.pool.fetchval(
            "SELECT current_project_id FROM igbot_admin_preferences WHERE telegram_id = $1",
            telegram_id,
        )
        return int(value) if value is not None else None

    async def set_current_project(self, telegram_id: int, project_id: int | None) -> None:
        await self.pool.execute(
            "INSERT INTO igbot_admin_preferences (telegram_id, current_project_id)"
            " VALUES ($1, $2) ON CONFLICT (telegram_id) DO UPDATE"
            " SET current_project_id = EXCLUDED.current_project_id, updated_at = now()",
            telegram_id, project_id,
        )
