"""The rules of each value a user gives: ``check_*`` functions, used by the schemas'
validators and by the chat's forms.

Validation rules follow ``shared/reference/instagram-json-shapes.md`` section 3. Every
rejection is a ``PydanticCustomError`` whose type is a stable code (``pk_format``,
``username_chars``...) and whose message is only the id of its text in ``locales/``
(``problem-pk-format``): the words live there alone, in every language.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic_core import PydanticCustomError

TEXT_MAX = 255
# Signed CDN links run past 255 characters; the column is TEXT.
URL_MAX = 2048
PK_MAX_DIGITS = 20
USERNAME_MAX = 30
METADATA_MAX_BYTES = 256 * 1024
REQUESTER_MAX = 64

_PK_RE = re.compile(r"[1-9][0-9]{0,19}")
_USERNAME_CHARS_RE = re.compile(r"[a-z0-9._]+")
# Case-insensitive scheme only (the rest has no letters): much faster than re.IGNORECASE.
# json.dumps writes NUL as \u0000; an escaped backslash before "u0000" is not one.
_NUL_ESCAPE_RE = re.compile(r"(?<!\\)(?:\\\\)*\\u0000")
_URL_RE = re.compile(r"(?i:https?)://[^\s/$.?#]\S*")
# A lone UTF-16 surrogate: valid in a JSON string ("\ud800"), not text PostgreSQL (or
# UTF-8) can hold.
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
PATH_MAX = 120


def message_id(code: str) -> str:
    """The locale message of a rejection code: ``pk_format`` -> ``problem-pk-format``."""
    return "problem-" + code.replace("_", "-")


def rejection(code: str, **ctx: Any) -> PydanticCustomError:
    """A value refused by one of our rules: the code, its arguments, no English words."""
    return PydanticCustomError(code, message_id(code), ctx or None)


def is_rejection(code: str, message: str) -> bool:
    """True for an error made by ``rejection`` (pydantic's own errors carry English)."""
    return message == message_id(code)


def _json_kind(value: Any) -> str:
    """The JSON name of a value's type, as a user would know it (never a Python name)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, float):
        return "decimal"
    if isinstance(value, list | tuple):
        return "list"
    if isinstance(value, dict):
        return "object"
    return "other"


def _ascii_digits(text: str) -> bool:
    # str.isdigit() also accepts "٣", "１" and "³", which int() or PostgreSQL reject.
    return text.isascii() and text.isdigit()


def has_surrogate(text: str) -> bool:
    """True when ``text`` holds a lone surrogate, which cannot be encoded as UTF-8."""
    return not text.isascii() and _SURROGATE_RE.search(text) is not None


def _check_storable(text: str) -> None:
    # PostgreSQL text cannot hold NUL or a lone surrogate; say so instead of failing in
    # the database (or in the driver's encoder, for the whole batch).
    if "\x00" in text:
        raise rejection("text_nul")
    if has_surrogate(text):
        raise rejection("text_invalid")


def _path_text(path: str) -> str:
    """A metadata path fit to show: surrogates escaped, cut short."""
    shown = path.encode("utf-8", "backslashreplace").decode("utf-8") if has_surrogate(
        path) else path
    return shown if len(shown) <= PATH_MAX else shown[:PATH_MAX - 1] + "…"


def _metadata_fault(value: Any) -> tuple[str, str] | None:
    """The first place in metadata PostgreSQL's jsonb cannot store: ``(kind, path)``,
    kind ``number`` (an infinite or NaN float: ``1e400`` reads as infinity) or ``text``
    (a lone surrogate in a key or a string). Iterative: no recursion."""
    stack: list[tuple[Any, str]] = [(value, "")]
    while stack:
        node, path = stack.pop()
        if isinstance(node, float):
            if node != node or node in (float("inf"), float("-inf")):
                return "number", path
        elif isinstance(node, str):
            if has_surrogate(node):
                return "text", path
        elif isinstance(node, dict):
            children: list[tuple[Any, str]] = []
            for key, child in node.items():
                key_text = str(key)
                child_path = f"{path}.{key_text}" if path else key_text
                if has_surrogate(key_text):
                    return "text", child_path
                children.append((child, child_path))
            stack.extend(reversed(children))
        elif isinstance(node, list | tuple):
            stack.extend(reversed([(c, f"{path}[{i}]") for i, c in enumerate(node)]))
    return None


def check_pk(value: Any) -> str:
    """A user pk: decimal digits, no leading zero, at most 20; JSON integers are taken exactly."""
    if value is None:
        raise rejection("pk_empty")
    if isinstance(value, bool | float):
        raise rejection("pk_type", kind=_json_kind(value))
    if isinstance(value, int):
        text = str(value) if value > 0 else ""
        if not text:
            raise rejection("pk_format")
    elif isinstance(value, str):
        text = value.strip()
    else:
        raise rejection("pk_type", kind=_json_kind(value))
    if not text:
        raise rejection("pk_empty")
    if not _ascii_digits(text):  # "Acme Shop official account" is not "26 digits"
        raise rejection("pk_format")
    if len(text) > PK_MAX_DIGITS:
        raise rejection("pk_length", length=len(text), limit=PK_MAX_DIGITS)
    if not _PK_RE.fullmatch(text):
        if _ascii_digits(text):
            raise rejection("pk_leading_zero")
        raise rejection("pk_format")
    return text


def check_username(value: Any) -> str:
    """Trim, drop a leading ``@``, lower-case, then apply Instagram's username rule."""
    if not isinstance(value, str):
        raise rejection("username_type")
    if has_surrogate(value):
        raise rejection("text_invalid")
    name = value.strip().lstrip("@").lower()
    if not name:
        raise rejection("username_empty")
    if len(name) > USERNAME_MAX:
        raise rejection("username_length", length=len(name), limit=USERNAME_MAX)
    if not _USERNAME_CHARS_RE.fullmatch(name):
        bad = next(ch for ch in name if not _USERNAME_CHARS_RE.fullmatch(ch))
        raise rejection("username_chars", char=bad)
    if name.startswith(".") or name.endswith("."):
        raise rejection("username_dot_edge")
    if ".." in name:
        raise rejection("username_dots")
    return name


def _bounded_text(value: Any, limit: int, *, strip: bool = False) -> str:
    """Text no longer than ``limit``, storable; null becomes ''. Never cut."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise rejection("text_type")
    text = value.strip() if strip else value
    if len(text) > limit:
        raise rejection("text_length", length=len(text), limit=limit)
    _check_storable(text)
    return text


def check_text(value: Any) -> str:
    """Optional free text: null becomes '', longer than the column is rejected, never cut."""
    return _bounded_text(value, TEXT_MAX)


def check_flag(value: Any) -> bool:
    """Real JSON booleans only; null means false."""
    if value is None:
        return False
    if not isinstance(value, bool):
        raise rejection("bool_type")
    return value


def check_url(value: Any) -> str:
    text = _bounded_text(value, URL_MAX, strip=True)
    if text and not _URL_RE.fullmatch(text):
        raise rejection("url_format")
    return text


def check_project_id(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise rejection("project_type")
    if isinstance(value, str):
        if not _ascii_digits(value.strip()):
            raise rejection("project_type")
        value = int(value.strip())
    assert isinstance(value, int)
    if value <= 0 or value > 2**31 - 1:
        raise rejection("project_range")
    return value


def check_requester(value: Any) -> str | None:
    """A Telegram user id (digits, maybe negative for a chat), or None."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise rejection("requester_type")
    text = str(value).strip()
    if len(text) > REQUESTER_MAX or not _ascii_digits(text.removeprefix("-")):
        raise rejection("requester_type")
    return text


def check_metadata(value: Any) -> dict[str, Any]:
    """A JSON object PostgreSQL's jsonb can store, at most ``METADATA_MAX_BYTES``."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise rejection("metadata_type")
    text = _metadata_text(value)
    if text is None or has_surrogate(text):
        fault = _metadata_fault(value)
        if fault is not None:
            kind, path = fault
            if kind == "number":
                raise rejection("metadata_number", path=_path_text(path))
            raise rejection("metadata_text", path=_path_text(path))
        raise rejection("metadata_type")
    size = len(text.encode("utf-8")) if len(text) * 4 > METADATA_MAX_BYTES else len(text)
    if size > METADATA_MAX_BYTES:
        raise rejection("metadata_size", size=size, limit=METADATA_MAX_BYTES)
    if _NUL_ESCAPE_RE.search(text):
        raise rejection("text_nul")
    return value


def _metadata_text(value: dict[str, Any]) -> str | None:
    """``metadata_json``, or None when it holds a number JSON cannot write (infinity,
    NaN: PostgreSQL's jsonb refuses them)."""
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except ValueError:
        return None
    except TypeError as exc:
        raise rejection("metadata_type") from exc


def metadata_json(value: dict[str, Any]) -> str:
    """The one serialisation of metadata, used for the size check and for storage."""
    text = _metadata_text(value)
    if text is None:
        fault = _metadata_fault(value) or ("", "?")
        raise rejection("metadata_number", path=_path_text(fault[1]))
    return text
