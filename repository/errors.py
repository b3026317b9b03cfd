"""What a database call may raise, sorted by what it means for the caller.

The connection failing (the outcome of a write may then be unknown), or the database
refusing the data itself (the other entries of a batch can still be written).
"""

from __future__ import annotations

import asyncio

import asyncpg

# Anything the database (or the way to it) may raise: callers catch this and tell the
# user the database is not working, in words.
DATABASE_ERRORS: tuple[type[Exception], ...] = (
    OSError, asyncio.TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError)

# Errors that mean the connection, not the data, failed: after one of them the outcome of
# a write may be unknown. (QueryCanceledError: a statement cancelled by its timeout.)
# (asyncpg's DataError, a client-side refusal of a value, is an InterfaceError too: see
# connection_failed().)
CONNECTION_ERRORS: tuple[type[BaseException], ...] = (
    OSError, TimeoutError, asyncpg.InterfaceError, asyncpg.PostgresConnectionError,
    asyncpg.CannotConnectNowError, asyncpg.OperatorInterventionError,
)
# Refusals of the values themselves, by the driver (before sending) or by the server.
CLIENT_DATA_ERRORS: tuple[type[BaseException], ...] = (
    asyncpg.DataError, UnicodeError, OverflowError,
)

# What a batch write may raise: the database failing, or refusing the data.
WRITE_ERRORS = DATABASE_ERRORS + CLIENT_DATA_ERRORS


def connection_failed(exc: BaseException) -> bool:
    """True when ``exc`` is the connection failing, not a refusal of the data."""
    return isinstance(exc, CONNECTION_ERRORS) and not isinstance(exc, CLIENT_DATA_ERRORS)


def refused_by_data(exc: BaseException) -> bool:
    """A refusal of the data itself (not of the connection): retrying the other entries
    of the batch without the guilty one can succeed."""
    return isinstance(exc, CLIENT_DATA_ERRORS) or (
        isinstance(exc, asyncpg.PostgresError) and not connection_failed(exc))
