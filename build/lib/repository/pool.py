"""The asyncpg connection pool, with JSON codecs for ``jsonb``."""

from __future__ import annotations

import json
from typing import Any

import asyncpg


def _encode_json(value: Any) -> str:
    # Metadata arrives already serialised (it was measured for its size limit); pass it on.
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


async def _init_connection(conn: asyncpg.Connection) -> None:
    for name in ("json", "jsonb"):
        await conn.set_type_codec(
            name, schema="pg_catalog", encoder=_encode_json, decoder=json.loads
        )


async def create_pool(
    dsn: str, *, min_size: int = 1, max_size: int = 10, connect_timeout: float = 10.0
) -> asyncpg.Pool:
    """Open a pool; raises ``OSError``/``asyncpg`` errors when the server is unreachable."""
    pool = await asyncpg.create_pool(
        dsn,
        min_size=min_size,
        max_size=max_size,
        init=_init_connection,
        timeout=connect_timeout,
        command_timeout=300,
    )
    assert pool is not None
    return pool
