"""Logging to stderr as text or one JSON object per line."""

from __future__ import annotations

import json
import logging
import sys


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class OneLineLibraryErrors(logging.Filter):
    """Keeps the database driver's and asyncio's own reports to one line: a connection
    the driver fails to restore during an outage is logged with its traceback (asyncpg's
    "Failed to restore the pool connection floor"); the cause, outside the bot, is
    enough. Also aiogram's report of an update that failed because the database did not answer
    (the dialog library then fails again reading its state from that same database).
    """

    PREFIXES = ("asyncpg", "asyncio")

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and (record.name.startswith(self.PREFIXES) or (
                record.name == "aiogram.event" and database_caused(record.exc_info[1]))):
            exc = record.exc_info[1]
            if exc is not None:
                record.msg = f"{record.getMessage()} ({type(exc).__name__}: {exc})"
                record.args = None
            record.exc_info = None
            record.exc_text = None
        return True


def database_caused(exc: BaseException | None) -> bool:
    """Whether ``exc`` or an exception it arose from is the database failing to answer."""
    import asyncpg  # already loaded by the bot; only needed when something failed

    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, OSError | TimeoutError | asyncpg.PostgresError
                      | asyncpg.InterfaceError):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def setup_logging(level: str = "INFO", fmt: str = "text") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(OneLineLibraryErrors())
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # aiogram logs every update at INFO; that is noise (and may carry user text).
    logging.getLogger("aiogram.event").setLevel(logging.WARNING)
