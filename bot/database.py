"""Opening the database: the configured DSN, or an embedded server under ``DATA_DIR``."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import asyncpg

from bot.config import Settings
from repository.embedded import EmbeddedPostgres, OldDataDirectory
from repository.errors import DATABASE_ERRORS
from repository.instagram import InstagramRepository
from repository.migrations import MigrationReport, migrate
from repository.pool import create_pool

log = logging.getLogger(__name__)


class DatabaseUnavailable(Exception):
    """The database could not be reached or started; the message says which and why."""


@dataclass
class Database:
    pool: asyncpg.Pool
    repo: InstagramRepository
    migration: MigrationReport | None


# Migrations (a --dedupe of a big legacy table) may run long: their own connection waits
# this long per statement instead of DB_COMMAND_TIMEOUT.
MIGRATION_COMMAND_TIMEOUT = 3600.0
# A malformed DSN raises ValueError.
_CONNECT_ERRORS: tuple[type[BaseException], ...] = (*DATABASE_ERRORS, ValueError)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError):
        return "no answer within DB_CONNECT_TIMEOUT"
    return type(exc).__name__


async def _migrate(dsn: str, settings: Settings, dedupe: bool) -> MigrationReport:
    try:
        conn = await asyncpg.connect(dsn, timeout=settings.db_connect_timeout,
                                     command_timeout=MIGRATION_COMMAND_TIMEOUT)
    except _CONNECT_ERRORS as exc:
        raise DatabaseUnavailable(f"cannot connect to the database to migrate it "
                                  f"({_reason(exc)})") from exc
    try:
        return await migrate(conn, dedupe=dedupe)
    finally:
        try:
            await asyncio.wait_for(conn.close(), settings.db_command_timeout)
        except DATABASE_ERRORS:
            conn.terminate()


@asynccontextmanager
async def open_database(
    settings: Settings, *, run_migrations: bool = True, dedupe: bool = False,
    pool_size: int | None = None,
) -> AsyncIterator[Database]:
    """Pool + repository, migrated; the embedded server (if any) stops on exit."""
    embedded: EmbeddedPostgres | None = None
    if settings.database_url is not None:
        dsn = settings.database_url.get_secret_value()
        where = "DATABASE_URL"
    else:
        try:
            embedded = await asyncio.to_thread(EmbeddedPostgres, settings.data_dir)
        except OldDataDirectory as exc:
            raise DatabaseUnavailable(f"DATA_DIR: {exc}") from exc
        except Exception as exc:
            raise DatabaseUnavailable(
                f"could not start the embedded PostgreSQL in DATA_DIR={settings.data_dir} "
                f"({type(exc).__name__}: {exc}); set DATABASE_URL or choose another DATA_DIR"
            ) from exc
        dsn = embedded.dsn
        where = f"the embedded PostgreSQL in {settings.data_dir}"
    try:
        size = pool_size or max(settings.create_concurrency + 2, 4)
        try:
            pool = await create_pool(
                dsn, max_size=size, min_size=1, connect_timeout=settings.db_connect_timeout,
                command_timeout=settings.db_command_timeout,
                acquire_timeout=settings.db_acquire_timeout)
        except _CONNECT_ERRORS as exc:
            # The DSN may hold a password: name the setting, never print its value.
            raise DatabaseUnavailable(
                f"cannot connect to {where} ({_reason(exc)}); check that the server "
                "is running and DATABASE_URL is right"
            ) from exc
        try:
            report = None
            if run_migrations:
                report = await _migrate(dsn, settings, dedupe)
            yield Database(pool=pool, repo=InstagramRepository(pool), migration=report)
        finally:
            await pool.close_within(settings.db_command_timeout)
    finally:
        if embedded is not None:
            await asyncio.to_thread(embedded.stop)
