"""``Problem``: a user-facing error as a stable code plus arguments.

The service and parsers raise or return problems; the chat and the CLI render them with
the locale files, so the same rejection reads the same in English and Russian.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from repository.rules import is_rejection


@dataclass(frozen=True)
class Problem:
    code: str
    args: dict[str, Any] = field(default_factory=dict)

    def to_data(self) -> dict[str, Any]:
        """Plain JSON (for dialog data, which any FSM storage must keep)."""
        return {"code": self.code, "args": dict(self.args)}

    @classmethod
    def from_data(cls, data: Any) -> Problem | None:
        """The problem ``to_data`` gave, or ``None`` for anything else (nothing stored)."""
        if not isinstance(data, Mapping) or not isinstance(data.get("code"), str):
            return None
        args = data.get("args")
        return cls(data["code"], dict(args) if isinstance(args, Mapping) else {})


class ProblemError(Exception):
    """Raised where the input as a whole is rejected (broken JSON, error envelope...)."""

    def __init__(self, code: str, **args: Any) -> None:
        self.problem = Problem(code, args)
        super().__init__(code, args)


# Pydantic's own error types we can meet, mapped to our message codes.
_PYDANTIC_CODES = {
    "missing": "field_missing",
    "dict_type": "field_object",
    "model_type": "field_object",
}


def problem_from_error(field_name: str, error: ValueError) -> Problem:
    """A rejected value of ``field_name`` (a ``check_*`` rule's error, or any other
    ``ValueError``) as a problem naming the field."""
    if isinstance(error, PydanticCustomError) and is_rejection(error.type, error.message()):
        return Problem(error.type, {"field": field_name, **(error.context or {})})
    return Problem("field_invalid", {"field": field_name, "detail": str(error)})


def problems_from_validation(error: ValidationError) -> list[Problem]:
    """One problem per failed field, each naming the field."""
    problems = []
    for item in error.errors(include_url=False):
        field_name = ".".join(str(part) for part in item["loc"]) or "value"
        ctx = {k: v for k, v in (item.get("ctx") or {}).items() if k != "error"}
        code = item["type"]
        if code in _PYDANTIC_CODES:
            code = _PYDANTIC_CODES[code]
        elif not is_rejection(code, item["msg"]):  # pydantic's own: its English words
            ctx = {"detail": item["msg"]}
            code = "field_invalid"
        problems.append(Problem(code, {"field": field_name, **ctx}))
    return problems


# User-given text inside a rejection (a key, an error message) is cut to this for display:
# Fluent refuses placeables over 1,000 characters, and a reason should stay one line.
ARG_MAX = 200


def printable(text: str) -> str:
    """``text`` with lone surrogates (valid in JSON, not in UTF-8) written as ``\\udxxx``,
    so that it can be printed, sent and stored."""
    if text.isascii():
        return text
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def safe_args(args: dict[str, Any], limit: int | None = None) -> dict[str, Any]:
    """A problem's arguments fit to render: printable, and cut to ``limit`` characters."""
    safe: dict[str, Any] = {}
    for key, value in args.items():
        if isinstance(value, str):
            value = printable(value)
            if limit is not None and len(value) > limit:
                value = value[:limit - 1] + "…"
        safe[key] = value
    return safe


def shown(problem: Problem, limit: int | None = ARG_MAX) -> Problem:
    """``problem`` with its arguments made safe to render (see ``safe_args``)."""
    if not any(isinstance(v, str) for v in problem.args.values()):
        return problem
    return Problem(problem.code, safe_args(problem.args, limit))
