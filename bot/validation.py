"""Turning what an admin gave (a dict, or a Problem found while reading it) into
``CreateInstagramUserEvent``s, one at a time or a slice at a time."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError

from bot.problems import Problem, problems_from_validation
from repository.schemas import CreateInstagramUserEvent

# Validation hands the event loop back this often (entries), so that a batch's queries go
# out and come back while the next batch is validated.
YIELD_EVERY = 64

Failed = TypeVar("Failed")


def with_defaults(data: Mapping[str, Any], default_project: int | None,
                  requester: str | None) -> Mapping[str, Any]:
    """``data`` with the project filled in (if it names none) and the requester set."""
    fill_project = default_project is not None and data.get("project_id") is None
    if requester is not None or fill_project:
        data = dict(data)
        if requester is not None:
            data["requester_telegram_id"] = requester
        if fill_project:
            data["project_id"] = default_project
    return data


@cache
def _events_adapter() -> TypeAdapter[list[CreateInstagramUserEvent]]:
    # One call validates a whole slice of users: about a third cheaper than one call each.
    return TypeAdapter(list[CreateInstagramUserEvent])


def validate(data: Mapping[str, Any], *, default_project: int | None,
             requester: str | None) -> CreateInstagramUserEvent | Problem:
    """The event, or the first problem with it (field named).

    A user's own ``project_id`` wins over ``default_project``; ``requester`` (the
    sender) always wins, so a pasted document cannot name somebody else.
    """
    data = with_defaults(data, default_project, requester)
    try:
        return CreateInstagramUserEvent.model_validate(data)
    except ValidationError as exc:
        problems = problems_from_validation(exc)
    project_missing = data.get("project_id") is None
    for problem in problems:
        if not (project_missing and problem.args.get("field") == "project_id"):
            return problem
    return Problem("project_missing")


async def validate_chunk(
    chunk: Sequence[Mapping[str, Any] | Problem], default_project: int | None,
    requester: str | None, fail: Callable[[int, Problem], Failed],
) -> tuple[list[Failed | None], list[tuple[int, CreateInstagramUserEvent]]]:
    """Per entry of ``chunk``: ``fail(position, problem)`` for the rejected ones (the
    rest ``None``), and the valid events with their positions."""
    results: list[Failed | None] = [None] * len(chunk)
    valid: list[tuple[int, CreateInstagramUserEvent]] = []
    adapter = _events_adapter()
    for start in range(0, len(chunk), YIELD_EVERY):
        if start:
            await asyncio.sleep(0)  # the batch in the database moves on meanwhile
        slots: list[int] = []
        given: list[Mapping[str, Any]] = []
        data: list[Mapping[str, Any]] = []
        for i in range(start, min(start + YIELD_EVERY, len(chunk))):
            entry = chunk[i]
            if isinstance(entry, Problem):
                results[i] = fail(i, entry)
            else:
                slots.append(i)
                given.append(entry)
                data.append(with_defaults(entry, default_project, requester))
        try:
            valid.extend(zip(slots, adapter.validate_python(data), strict=True))
            continue
        except ValidationError:
            pass  # somebody in this slice is invalid: validate one by one
        for i, entry in zip(slots, given, strict=True):
            event = validate(entry, default_project=default_project, requester=requester)
            if isinstance(event, Problem):
                results[i] = fail(i, event)
            else:
                valid.append((i, event))
    return results, valid
