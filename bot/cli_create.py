"""``igbot create-user``: users from a JSON file or stdin, one result a JSON line.

Each line is exactly ``CreateUserResult.model_dump_json()``, but made from the service's
raw results (``StoredUser``) without building the models: a 100,000-user import prints
in a fraction of the time.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import sys
from collections.abc import Iterator, Sequence
from contextlib import aclosing, contextmanager
from pathlib import Path

from pydantic_core import to_json

from bot.batch_store import RawResult, StoredUser
from bot.config import Settings
from bot.database import Database
from bot.jsonload import DEFAULT_MAX_BYTES
from bot.problems import ProblemError, printable, safe_args, shown
from bot.service import CreateUserService, new_request_id
from bot.shapes import read_users
from repository.schemas import CreateUserResult

# Lines are made this many results at a time, handing the event loop back in between,
# so that the next batch's queries go out and come back meanwhile.
LINES_AT_ONCE = 64


class InputError(Exception):
    """Input that cannot be read: exit code 1, like any rejected input."""


def _line_frame(created: bool) -> tuple[bytes, bytes, bytes]:
    """The JSON of a success around its user and request id, taken from the model itself."""
    text = CreateUserResult(success=True, created=created, already_exists=not created,
                            request_id="\x00").model_dump_json().encode()
    head, rest = text.split(b'"user":null', 1)
    middle, tail = rest.split(b'"\\u0000"', 1)
    return head + b'"user":', middle, tail + b"\n"


_FRAMES = {True: _line_frame(True), False: _line_frame(False)}


def result_lines(batch: Sequence[RawResult]) -> bytes:
    """``as_result(r).model_dump_json()`` of each result, one a line, as UTF-8 JSON lines,
    without building the models (a stored row may already be JSON)."""
    frames = _FRAMES
    parts: list[bytes] = []
    add = parts.extend
    for raw in batch:
        if type(raw) is StoredUser:
            created, user, request_id = raw
            head, middle, tail = frames[created]
            add((head, user if type(user) is bytes else to_json(user), middle,
                 to_json(request_id), tail))
        else:
            add((raw.__pydantic_serializer__.to_json(raw), b"\n"))  # type: ignore[union-attr]
    return b"".join(parts)


def read_input(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    file = Path(path)
    if not file.is_file():
        raise InputError(f"cannot read {path}: no such file")
    try:
        return file.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from exc


def _print_results(results: Sequence[CreateUserResult]) -> None:
    out = sys.stdout
    out.writelines(r.model_dump_json() + "\n" for r in results)
    out.flush()


def _write_lines(lines: list[bytes]) -> None:
    """UTF-8 JSON lines to stdout, as bytes when it has a binary buffer."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(b"".join(lines).decode())
        return
    sys.stdout.flush()
    buffer.write(b"".join(lines))


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a one-shot import.

    A big import keeps hundreds of thousands of objects alive (parsed users, events, rows,
    results), and every collection re-scans them all: about 40% of the CPU time of a
    100,000-user import. Reference counting still frees everything that is not a cycle.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


async def create_users(db: Database, settings: Settings, args: argparse.Namespace,
                        data: bytes) -> int:
    service = CreateUserService(db.repo, concurrency=settings.create_concurrency)
    try:
        extracted = read_users(data, max_bytes=DEFAULT_MAX_BYTES,
                               max_entries=settings.max_document_entries)
    except ProblemError as exc:
        from bot.i18n import I18n  # Fluent is costly to load; only needed here

        # User-given parts (an Instagram error message...) cut short, as in the chat.
        message = I18n(settings.default_locale).get(settings.default_locale).problem(
            shown(exc.problem))
        print(f"igbot: {message}", file=sys.stderr)
        _print_results([CreateUserResult(
            success=False, error=message, error_code=exc.problem.code,
            error_args=safe_args(exc.problem.args), request_id=new_request_id())])
        return 1
    # Each batch is printed while the next one is in the database; the lines are exactly
    # CreateUserResult.model_dump_json(), made without building the models.
    total = failed = 0
    first_error: str | None = None
    async with aclosing(service.create_many_raw(
            extracted.entries, default_project=args.project,
            requester=args.requester)) as batches:
        async for batch in batches:
            lines: list[bytes] = []
            for start in range(0, len(batch), LINES_AT_ONCE):
                if start:
                    await asyncio.sleep(0)  # the next batch's queries move on meanwhile
                lines.append(result_lines(batch[start:start + LINES_AT_ONCE]))
            for raw in batch:
                if not isinstance(raw, StoredUser) and not raw.success:
                    failed += 1
                    first_error = first_error or raw.error
            total += len(batch)
            _write_lines(lines)
    sys.stdout.flush()
    if failed:
        print(f"igbot: {failed} of {total} users rejected; first: "
              f"{printable(first_error or '')}", file=sys.stderr)
        return 1
    return 0
