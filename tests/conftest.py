"""Shared fixtures: one real PostgreSQL per test session, a clean schema per test.

``DATABASE_URL`` (or ``TEST_DATABASE_URL``) points the tests at an existing server;
otherwise an embedded server (pgserver) starts in a temporary directory.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import pytest

from bot.service import CreateUserService
from repository.embedded import EmbeddedPostgres
from repository.instagram import InstagramRepository
from repository.migrations import migrate
from repository.pool import create_pool


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
