"""Message filters shared by the routers.

Coroutines on purpose: aiogram runs a plain-function filter (a magic ``F`` filter too)
in a worker thread, a thread hop for every message that reaches the router.
"""

from __future__ import annotations

import re
from typing import Any

from aiogram.types import Message

from bot.json_in_text import find_json
from bot.links import parse_profile_link
from bot.lookup import is_bare_lookup

# What aiogram's ``Command`` filter can match: ``/word`` or ``/word@bot`` first (it splits
# on whitespace, so leading spaces do not matter).
COMMAND = re.compile(r"\s*/[A-Za-z0-9_]+(@\w+)?(\s|$)")


def command_text(message: Message) -> str | None:
    """The text or caption, when its first word is a ``/command``."""
    text = message.text if message.text is not None else message.caption
    return text if text is not None and COMMAND.match(text) is not None else None


async def is_command(message: Message) -> bool:
    """A text or caption whose first word is a ``/command``."""
    return command_text(message) is not None


async def has_document(message: Message) -> bool:
    return message.document is not None


async def json_payload(message: Message) -> dict[str, Any] | bool:
    """A text (or caption) holding JSON, broken or not: alone, in a ``` code block, or
    after a short lead-in line."""
    text = message.text if message.text is not None else message.caption
    if text is None:
        return False
    payload = find_json(text)
    return {"payload": payload} if payload is not None else False


async def profile_link(message: Message) -> dict[str, Any] | bool:
    """A profile link or ``@handle`` alone (a bare word is not enough)."""
    if message.text is None:
        return False
    username = parse_profile_link(message.text, allow_bare=False)
    return {"username": username} if username else False


async def bare_lookup(message: Message) -> bool:
    """One word that may be a username or pk."""
    return message.text is not None and is_bare_lookup(message.text)
