"""The database every benchmark runs against: ``DATABASE_URL`` when set, else an embedded
PostgreSQL in a temporary directory, stopped and removed on exit."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import asyncpg

from repository.embedded import EmbeddedPostgres
from repository.migrations import migrate
from repository.tables import USERS


@contextmanager
def database(prefix: str = "igbot-bench-pg-") -> Iterator[tuple[str, str]]:
    """(dsn, where): DATABASE_URL, or an embedded server that stops on exit."""
    url = os.environ.get("DATABASE_URL")
    if url:
        yield url, "DATABASE_URL"
        return
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        os.chmod(tmp, 0o755)  # the server drops to an unprivileged user when we are root
        server = EmbeddedPostgres(Path(tmp))
        try:
            yield server.dsn, f"embedded PostgreSQL in {tmp}"
        finally:
            server.stop()


async def empty_project(conn: asyncpg.Connection, name: str) -> int:
    """Migrate, refuse a database that already holds users, and add project ``name``."""
    await migrate(conn)
    if await conn.fetchval(f"SELECT count(*) FROM {USERS}"):
        raise SystemExit("the database is not empty: give an empty, throwaway one")
    project_id: int = await conn.fetchval(
        "INSERT INTO projects (name) VALUES ($1) RETURNING id", name)
    return project_id
