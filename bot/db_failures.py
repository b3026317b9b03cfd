"""What a database failure means: to the user (a ``Problem`` in words), and, after an
interrupted write, what the database says once it answers again (``probe``)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from bot.problems import Problem
from repository.errors import DATABASE_ERRORS, connection_failed

# A look-up after an interrupted write waits at most this long (seconds).
PROBE_TIMEOUT = 3.0
# What probe() returns when the database gave no answer in time.
UNKNOWN = object()


def database_problem(exc: BaseException) -> Problem:
    """What a database failure means to the user, in words (never an exception's name)."""
    if isinstance(exc, TimeoutError):
        return Problem("database_timeout")
    if connection_failed(exc):
        return Problem("database_unavailable")
    return Problem("database_error", {"reason": str(getattr(exc, "sqlstate", None) or "?")})


async def probe(look: Callable[[], Awaitable[Any]]) -> Any:
    """``look()``'s answer, asked again every half second (a server restarting after a
    crash takes a moment) for up to PROBE_TIMEOUT seconds; ``UNKNOWN`` if none came."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + PROBE_TIMEOUT
    while True:
        left = deadline - loop.time()
        try:
            return await asyncio.wait_for(look(), max(left, 0.1))
        except DATABASE_ERRORS:
            if deadline - loop.time() <= 0.5:
                return UNKNOWN
            await asyncio.sleep(0.5)
