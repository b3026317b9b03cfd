"""Cutting stored values short for display: the one clipping rule of the chat."""

from __future__ import annotations

from html import escape
from typing import Any

# Long values are cut for display only (a signed picture URL can run to 2,048 characters);
# what is stored is the whole value.
SHOWN_MAX = 300


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, with an ellipsis when cut (not escaped)."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)].rstrip() + "…"


def shown(value: Any, limit: int = SHOWN_MAX) -> str:
    """A stored value for HTML: text (nothing is empty), clipped, then escaped."""
    return escape(clip(str(value or ""), limit))
