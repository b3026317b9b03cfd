"""The asyncpg connection pool, with JSON codecs for ``jsonb`` and bounded waits.

Every wait on the database is bounded: opening a connection (``connect_timeout``), each
statement (``command_timeout``) and taking a connection from the pool
(``acquire_timeout``, which asyncpg also applies to giving it back, so a connection whose
statement timed out on a frozen server cannot hold its caller forever). A wait that runs
out raises ``asyncio.TimeoutError``.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import asyncpg
from asyncpg.pool import PoolAcquireContext

log = logging.getLogger(__name__)

DEFAULT_CONNECT_TIMEOUT = 10.0
DEFAULT_COMMAND_TIMEOUT = 10.0
DEFAULT_ACQUIRE_TIMEOUT = 10.0


def _encode_json(value: Any) -> str:
    # Metadata arrives already serialised (it was measured for its size limit); pass it on.
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


async def _init_connection(conn: asyncpg.Connection) -> None:
    for name in ("json", "jsonb"):
        await conn.set_type_codec(
            name, schema="pg_catalog", encoder=_encode_json, decoder=json.loads
        )


class BoundedPool(asyncpg.Pool):
    """An asyncpg pool whose ``acquire()`` (and so ``fetch()``, ``execute()``... and the
    release after them) waits at most ``acquire_timeout`` unless told otherwise."""

    acquire_timeout: float | None = DEFAULT_ACQUIRE_TIMEOUT

    def acquire(self, *, timeout: float | None = None) -> PoolAcquireContext:
        return super().acquire(timeout=self.acquire_timeout if timeout is None else timeout)

    async def release(self, connection: Any, *, timeout: float | None = None) -> None:
        """Give a connection back; when the server does not answer the reset in time,
        asyncpg has already dropped the connection, so the caller (whose work is done,
        or failed for its own reason) is not told."""
        try:
            await super().release(connection, timeout=timeout)
        except (TimeoutError, OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
            log.warning("a database connection was dropped on release (%s)",
                        type(exc).__name__)

    async def close_within(self, seconds: float) -> None:
        """Close gracefully, or drop every connection when that takes longer (a frozen
        server never answers the goodbye)."""
        try:
            await asyncio.wait_for(self.close(), seconds)
        except (TimeoutError, OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
            log.warning("the database did not close in %.0f s (%s); connections dropped",
                        seconds, type(exc).__name__)
            self.terminate()


async def create_pool(
    dsn: str, *, min_size: int = 1, max_size: int = 10,
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
    command_timeout: float = DEFAULT_COMMAND_TIMEOUT,
    acquire_timeout: float = DEFAULT_ACQUIRE_TIMEOUT,
) -> BoundedPool:
    """Open a pool; raises ``OSError``/``asyncpg`` errors when the server is unreachable,
    ``asyncio.TimeoutError`` when it does not answer within ``connect_timeout``."""
    pool = BoundedPool(
        dsn,
        connection_class=asyncpg.Connection,
        record_class=asyncpg.Record,
        min_size=min_size,
        max_size=max_size,
        max_queries=50000,
        max_inactive_connection_lifetime=300.0,
        loop=None,
        connect=None,
        setup=None,
        init=_init_connection,
        reset=None,
        timeout=connect_timeout,
        command_timeout=command_timeout,
    )
    pool.acquire_timeout = acquire_timeout
    try:
        await asyncio.wait_for(pool, connect_timeout + acquire_timeout)
    except BaseException:
        pool.terminate()
        raise
    return pool
