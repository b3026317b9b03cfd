"""Strict JSON reading: exact integers, no repeated keys, bounded size and nesting.

Python's ``json`` keeps integers exact (unlike JavaScript), so a numeric pk survives.
Floats are kept as floats so validation can reject them by name.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from bot.problems import ProblemError

MAX_DEPTH = 64
DEFAULT_MAX_BYTES = 256 * 1024 * 1024


def _no_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise ProblemError("json_duplicate_key", key=key)
            seen.add(key)
    return result


def _depth_exceeds(value: Any, limit: int) -> bool:
    """Iterative walk (no recursion) over containers only."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(node, dict):
            children: Iterable[Any] = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        for child in children:
            if isinstance(child, (dict, list)):  # a tuple: faster than dict | list
                stack.append((child, depth + 1))
    return False


def _not_json_constant(name: str) -> Any:
    # Python's json reads NaN and Infinity, but they are not JSON and PostgreSQL's jsonb
    # refuses them.
    raise ProblemError("json_constant", name=name)


def decode_text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ProblemError("json_encoding", position=exc.start) from exc


def load_json(text: str | bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Any:
    """Parse a JSON document or raise ``ProblemError`` that says what is wrong and where."""
    size = len(text) if isinstance(text, bytes) else len(text.encode("utf-8"))
    if size > max_bytes:
        raise ProblemError("json_too_large", size=size, limit=max_bytes)
    if isinstance(text, bytes):
        text = decode_text(text)
    if not text.strip():
        raise ProblemError("json_empty")
    try:
        value = json.loads(text, object_pairs_hook=_no_repeated_keys,
                           parse_constant=_not_json_constant)
    except json.JSONDecodeError as exc:
        # Some of json's messages end in "at" ("Unterminated string starting at"), and
        # ours goes on "at line ...": keep one.
        raise ProblemError("json_syntax", line=exc.lineno, column=exc.colno,
                           reason=exc.msg.removesuffix(" at")) from exc
    except RecursionError as exc:
        raise ProblemError("json_too_deep", limit=MAX_DEPTH) from exc
    except ValueError as exc:  # an integer with thousands of digits
        raise ProblemError("json_number") from exc
    if _depth_exceeds(value, MAX_DEPTH):
        raise ProblemError("json_too_deep", limit=MAX_DEPTH)
    return value


def looks_like_json(text: str) -> bool:
    stripped = text.lstrip()
    return stripped.startswith(("{", "["))
