"""The PostgreSQL dialog storage: what aiogram and aiogram-dialog write is read back, by
another pool too (as after a restart), and cleared records leave no rows."""

from __future__ import annotations

import asyncpg
from aiogram.fsm.storage.base import StorageKey

from handlers.wizard.states import AddUser
from repository.dialog_storage import TABLE, PostgresStorage
from repository.pool import create_pool

KEY = StorageKey(bot_id=42, chat_id=100, user_id=100)
STACK = StorageKey(bot_id=42, chat_id=100, user_id=100, destiny="aiogd:stack:")


async def rows(pool: asyncpg.Pool) -> int:
    return int(await pool.fetchval(f"SELECT count(*) FROM {TABLE}"))


async def test_state_and_data_survive_a_new_pool(pool: asyncpg.Pool, clean_dsn: str) -> None:
    storage = PostgresStorage(pool)
    await storage.set_state(KEY, AddUser.pk)
    await storage.set_data(KEY, {"pk": "123", "name": "Ünïcode «ok»", "n": [1, None]})
    await storage.set_data(STACK, {"intents": ["abc"], "last_message_id": 7})

    other = await create_pool(clean_dsn, max_size=2)
    try:
        again = PostgresStorage(other)
        assert await again.get_state(KEY) == "AddUser:pk"
        assert await again.get_data(KEY) == {"pk": "123", "name": "Ünïcode «ok»",
                                             "n": [1, None]}
        # Each destiny is its own record.
        assert await again.get_data(STACK) == {"intents": ["abc"], "last_message_id": 7}
        assert await again.get_state(STACK) is None
        assert await again.update_data(KEY, {"username": "acme"}) == {
            "pk": "123", "name": "Ünïcode «ok»", "n": [1, None], "username": "acme"}
    finally:
        await other.close()
    assert await storage.get_value(KEY, "username") == "acme"


async def test_cleared_records_are_deleted(pool: asyncpg.Pool) -> None:
    storage = PostgresStorage(pool)
    await storage.set_data(STACK, {"intents": ["abc"]})
    await storage.set_state(KEY, "AddUser:pk")
    await storage.set_data(KEY, {"pk": "1"})
    assert await rows(pool) == 2
    await storage.set_data(STACK, {})  # aiogram-dialog closing a stack
    assert await rows(pool) == 1
    await storage.set_data(KEY, {})
    assert await storage.get_state(KEY) == "AddUser:pk"  # the state alone is kept
    await storage.set_state(KEY, None)
    assert await rows(pool) == 0
    assert await storage.get_data(KEY) == {}
    assert await storage.get_state(KEY) is None
    await storage.close()  # leaves the pool open: it belongs to the bot
    assert await pool.fetchval("SELECT 1") == 1
