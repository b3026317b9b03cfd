"""The check of each field a form asks for: the schema's own rules, nothing of our own.

Shared by the /add wizard and the edit dialog, so a value is refused for the same reason
in both.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.links import parse_profile_link
from repository.rules import check_pk, check_text, check_url, check_username, rejection

# Fields that may be left empty (Skip, Clear).
OPTIONAL_FIELDS = frozenset({"full_name", "profile_pic_url", "profile_chaining_secondary_label",
                             "social_context"})


def read_username(text: str) -> str:
    """A username, ``@handle`` or profile link -> the username, by the schema's rule."""
    name = parse_profile_link(text)
    lowered = text.lower()
    if name is None and ("instagram.com/" in lowered or "instagr.am/" in lowered):
        raise rejection("not_profile_link")  # a post, a reel...
    return check_username(name if name is not None else text)


CHECKS: dict[str, Callable[[Any], str]] = {
    "pk": check_pk,
    "username": read_username,
    "full_name": check_text,
    "profile_pic_url": check_url,
    "profile_chaining_secondary_label": check_text,
    "social_context": check_text,
}


def check_field(field: str, text: str) -> str:
    """The value to store for ``field`` (leading and trailing whitespace trimmed: a name
    of three spaces is no name); raises ``ValueError`` with the reason."""
    text = text.strip()
    if not text and field in OPTIONAL_FIELDS:
        raise rejection("text_blank")
    return str(CHECKS[field](text))


def checker(field: str) -> Callable[[str], str]:
    """``check_field`` for one field: a ``TextInput``'s ``type_factory``."""
    def check(text: str) -> str:
        return check_field(field, text)
    return check
