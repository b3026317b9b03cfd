"""Sizes for people: 2.0 MB, 512 KB, 900 bytes (never a raw count of bytes past 1 KB)."""

from __future__ import annotations

from typing import Any

# Problems whose ``size``/``limit`` arguments are byte counts.
SIZE_PROBLEMS = frozenset({"json_too_large", "metadata_size"})

_UNITS = {"en": ("bytes", "KB", "MB"), "ru": ("байт", "КБ", "МБ")}


def human_size(size: int, locale: str = "en") -> str:
    byte, kb, mb = _UNITS.get(locale, _UNITS["en"])
    if size < 1024:
        return f"{size} {byte}"
    if size < 1024 * 1024:
        value, unit = size / 1024, kb
    else:
        value, unit = size / (1024 * 1024), mb
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    if locale == "ru":
        text = text.replace(".", ",")
    return f"{text} {unit}"


def size_and_limit(size: int, limit: int, locale: str = "en") -> tuple[str, str]:
    """Both in KB/MB; when they would read the same ("2 MB; at most 2 MB"), the size
    also gets its exact count of bytes."""
    shown, most = human_size(size, locale), human_size(limit, locale)
    if shown == most and size != limit:
        shown = f"{shown} ({size} {_UNITS.get(locale, _UNITS['en'])[0]})"
    return shown, most


def sized_args(code: str, args: dict[str, Any], locale: str) -> dict[str, Any]:
    """``args`` with byte counts written in KB/MB, for the problems that carry sizes."""
    if code not in SIZE_PROBLEMS:
        return args
    size, limit = args.get("size"), args.get("limit")
    if isinstance(size, int) and isinstance(limit, int):
        shown, most = size_and_limit(size, limit, locale)
        return {**args, "size": shown, "limit": most}
    return args
