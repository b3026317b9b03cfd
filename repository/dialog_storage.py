"""Dialog state in PostgreSQL: an aiogram ``BaseStorage`` on the asyncpg pool.

aiogram and aiogram-dialog keep each chat's FSM state and dialog stacks/contexts in the
storage; here they live in table ``igbot_dialog_state`` (migration 5), one row per key, so
a restart (deploy, crash, SIGKILL) loses no open form. Keys come from aiogram's
``DefaultKeyBuilder(with_destiny=True)``: aiogram-dialog keeps several records per chat
(``aiogd:stack:...``, ``aiogd:context:...``), told apart by their destiny.

A record with no state and no data is deleted, as aiogram-dialog clears what it closes by
writing ``{}``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import asyncpg
from aiogram.fsm.state import State
from aiogram.fsm.storage.base import (
    BaseStorage,
    DefaultKeyBuilder,
    KeyBuilder,
    StateType,
    StorageKey,
)

from repository.tables import DIALOG_STATE as TABLE

_SET_STATE = f"""
INSERT INTO {TABLE} (key, state) VALUES ($1, $2)
ON CONFLICT (key) DO UPDATE SET state = EXCLUDED.state, updated_at = now()
"""
_SET_DATA = f"""
INSERT INTO {TABLE} (key, data) VALUES ($1, $2::jsonb)
ON CONFLICT (key) DO UPDATE SET data = EXCLUDED.data, updated_at = now()
"""
# A record left with neither state nor data is gone: nothing to keep.
_DROP_EMPTY = f"DELETE FROM {TABLE} WHERE key = $1 AND state IS NULL AND data = '{{}}'::jsonb"


def _state_name(state: StateType) -> str | None:
    return state.state if isinstance(state, State) else state


class PostgresStorage(BaseStorage):
    """FSM storage in the igbot database; ``close()`` leaves the pool to its owner."""

    def __init__(self, pool: asyncpg.Pool, key_builder: KeyBuilder | None = None) -> None:
        self.pool = pool
        self.key_builder = key_builder or DefaultKeyBuilder(with_destiny=True)

    def _key(self, key: StorageKey) -> str:
        return self.key_builder.build(key)

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        name = _state_name(state)
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(_SET_STATE, self._key(key), name)
            if name is None:
                await conn.execute(_DROP_EMPTY, self._key(key))

    async def get_state(self, key: StorageKey) -> str | None:
        value = await self.pool.fetchval(
            f"SELECT state FROM {TABLE} WHERE key = $1", self._key(key))
        return str(value) if value is not None else None

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        if not isinstance(data, Mapping):  # as aiogram's own storages insist
            raise TypeError(f"data must be a dict, not {type(data).__name__}")
        encoded = json.dumps(dict(data), ensure_ascii=False)
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(_SET_DATA, self._key(key), encoded)
            if not data:
                await conn.execute(_DROP_EMPTY, self._key(key))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        value = await self.pool.fetchval(
            f"SELECT data FROM {TABLE} WHERE key = $1", self._key(key))
        if value is None:
            return {}
        loaded = json.loads(value) if isinstance(value, str) else value
        return dict(loaded)

    async def close(self) -> None:
        """Nothing of its own to close: the pool belongs to the database opener."""
