"""``Problem``: a user-facing error as a stable code plus arguments.

The service and parsers raise or return problems; the chat and the CLI render them with
the locale files, so the same rejection reads the same in English and Russian.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError


@dataclass(frozen=True)
class Problem:
    code: str
    args: dict[str, Any] = field(default_factory=dict)


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


def problems_from_validation(error: ValidationError) -> list[Problem]:
    """One problem per failed field, each naming the field."""
    problems = []
    for item in error.errors(include_url=False):
        field_name = ".".join(str(part) for part in item["loc"]) or "value"
        ctx = {k: v for k, v in (item.get("ctx") or {}).items() if k != "error"}
        code = item["type"]
        if code in _PYDANTIC_CODES:
            code = _PYDANTIC_CODES[code]
        elif code not in KNOWN_FIELD_CODES:
            ctx = {"detail": item["msg"]}
            code = "field_invalid"
        problems.append(Problem(code, {"field": field_name, **ctx}))
    return problems


# Codes raised by repository.schemas validators; each has a message in locales/.
KNOWN_FIELD_CODES = frozenset({
    "pk_type", "pk_format", "pk_empty", "pk_length", "pk_leading_zero",
    "username_type", "username_empty", "username_length", "username_chars",
    "username_dot_edge", "username_dots",
    "text_type", "text_length", "text_nul", "bool_type", "url_format",
    "project_type", "project_range", "requester_type", "metadata_type", "metadata_size",
})
