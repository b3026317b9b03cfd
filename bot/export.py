"""A project's users as CSV or JSON lines: the one writer behind ``igbot export`` and the
chat's ``/export``.

Rows are read with a server-side cursor and written page by page, so a project of any
size is exported in bounded memory. CSV cells that a spreadsheet would run as a formula
(those starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return: anybody can
give their Instagram profile such a name) get a leading ``'``, the usual neutraliser.
JSON lines keep every value exactly: they are data for programs, not for spreadsheets.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
from collections.abc import AsyncGenerator, AsyncIterator, Sequence
from contextlib import aclosing, asynccontextmanager
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from bot.config import Settings
from repository.instagram import InstagramRepository
from repository.schemas import InstagramUser, Project
from repository.selection import iter_selected

EXPORT_COLUMNS = (
    "id", "user_pk", "username", "full_name", "is_private", "is_verified", "profile_pic_url",
    "profile_url", "profile_chaining_secondary_label", "social_context", "project_id",
    "search_username", "requester_telegram_id", "created_at", "metadata",
)
# Rows read from the database, and written out, at a time.
PAGE_ROWS = 1000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_UNSAFE_NAME = re.compile(r"[^\w.-]+")
NAME_IN_FILENAME = 60
# What Telegram's cloud Bot API lets a bot upload; a self-hosted server takes 2000 MB.
CLOUD_UPLOAD_LIMIT = 50 * 1024 * 1024
LOCAL_UPLOAD_LIMIT = 2000 * 1024 * 1024


class ExportFormat(StrEnum):
    CSV = "csv"
    JSON = "json"

    @property
    def extension(self) -> str:
        return "csv" if self is ExportFormat.CSV else "jsonl"


def upload_limit(settings: Settings) -> int:
    """The largest document the bot may send through its Bot API server (MAX_UPLOAD_BYTES
    when set)."""
    if settings.max_upload_bytes is not None:
        return settings.max_upload_bytes
    return LOCAL_UPLOAD_LIMIT if settings.telegram_api_url else CLOUD_UPLOAD_LIMIT


def safe_cell(text: str) -> str:
    """``text`` as a spreadsheet shows it, never run as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"  # as JSON and PostgreSQL write them
    if isinstance(value, str):
        return safe_cell(value)
    return str(value)


def _values(user: InstagramUser) -> dict[str, Any]:
    row: dict[str, Any] = user.model_dump(mode="json", include=set(EXPORT_COLUMNS))
    return row


def csv_row(user: InstagramUser) -> list[str]:
    row = _values(user)
    row["metadata"] = json.dumps(row["metadata"], ensure_ascii=False)
    return [_csv_value(row[c]) for c in EXPORT_COLUMNS]


def json_line(user: InstagramUser) -> str:
    row = _values(user)
    return json.dumps({c: row[c] for c in EXPORT_COLUMNS}, ensure_ascii=False)


@dataclass
class Tally:
    rows: int = 0


class ExportTooBig(Exception):
    """The export grew past the upload limit (in bytes)."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


async def export_chunks(repo: InstagramRepository, project_id: int,
                        fmt: ExportFormat = ExportFormat.CSV,
                        tally: Tally | None = None, *,
                        ids: Sequence[str] | None = None) -> AsyncGenerator[bytes, None]:
    """The export as UTF-8 bytes, one chunk per page of ``PAGE_ROWS`` users (CSV: the
    header first), newest users first. ``tally.rows`` counts the users written. With
    ``ids`` only those rows of the project (a selection in the Mini App)."""
    tally = tally if tally is not None else Tally()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if fmt is ExportFormat.CSV:
        writer.writerow(EXPORT_COLUMNS)
    users = (repo.iter_users(project_id, batch=PAGE_ROWS) if ids is None
             else iter_selected(repo.pool, project_id, ids, batch=PAGE_ROWS))
    async for user in users:
        if fmt is ExportFormat.CSV:
            writer.writerow(csv_row(user))
        else:
            buffer.write(json_line(user) + "\n")
        tally.rows += 1
        if tally.rows % PAGE_ROWS == 0:
            yield _drain(buffer)
    if buffer.tell():
        yield _drain(buffer)


def _drain(buffer: io.StringIO) -> bytes:
    data = buffer.getvalue().encode()
    buffer.seek(0)
    buffer.truncate()
    return data


def export_filename(project: Project, fmt: ExportFormat, day: date) -> str:
    """``<project name>_<YYYY-MM-DD>.<csv|jsonl>``, the name made safe for file systems."""
    name = _UNSAFE_NAME.sub("_", project.name).strip("._-")[:NAME_IN_FILENAME].strip("._-")
    return f"{name or f'project_{project.id}'}_{day.isoformat()}.{fmt.extension}"


@asynccontextmanager
async def export_file(repo: InstagramRepository, project_id: int, fmt: ExportFormat,
                      limit: int, *, ids: Sequence[str] | None = None
                      ) -> AsyncIterator[tuple[Path, Tally]]:
    """The export written to a temporary file, removed on exit; ``ExportTooBig`` as soon
    as it grows past ``limit`` bytes (nothing more is read)."""
    tally = Tally()
    with tempfile.TemporaryDirectory(prefix="igbot-export-") as tmp:
        path = Path(tmp) / "export"
        size = 0
        with path.open("wb") as out:
            async with aclosing(export_chunks(repo, project_id, fmt, tally,
                                              ids=ids)) as chunks:
                async for chunk in chunks:
                    out.write(chunk)
                    size += len(chunk)
                    if size > limit:
                        raise ExportTooBig(limit)
        yield path, tally
