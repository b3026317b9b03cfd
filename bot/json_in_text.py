"""Finding the JSON document in a chat message.

Admins paste JSON as it comes: alone, inside a ``` code block, or after a line of text
("here it is: {...}"). Phones also turn straight quotes into curly ones, which is no
longer JSON: that gets its own hint.
"""

from __future__ import annotations

import re

from bot.jsonload import looks_like_json

# A ``` code block (with an optional language tag such as ``json``).
_FENCE = re.compile(r"```[A-Za-z0-9_-]*[ \t]*\n?(.*?)```", re.DOTALL)
# Text before a JSON document in one message ("here it is: {...}") is at most this long.
LEAD_MAX = 300
CURLY_QUOTES = ("\u201c", "\u201d", "\u2018", "\u2019", "\u00ab", "\u00bb")


def find_json(text: str) -> str | None:
    """The JSON document in a message: the whole text, the inside of a ``` code block, or
    what follows a short lead-in ("here it is: {...}"); None when there is none."""
    if looks_like_json(text):
        return text
    fenced = _FENCE.search(text)
    if fenced is not None and looks_like_json(fenced.group(1)):
        return fenced.group(1)
    if not text.rstrip().endswith(("}", "]")):
        return None
    starts = [i for i in (text.find("{"), text.find("[")) if i != -1]
    if not starts or min(starts) > LEAD_MAX:
        return None
    return text[min(starts):]


def has_curly_quotes(text: str) -> bool:
    """Typographic quotes where JSON needs straight ones (smart punctuation)."""
    return any(q in text for q in CURLY_QUOTES)
