"""What an admin typed to find an account: a username (or its start), a pk, or a link."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.links import parse_profile_link
from repository.schemas import PK_MAX_DIGITS, USERNAME_MAX

_USERNAME_START = re.compile(r"[a-z0-9._]+")
_PK = re.compile(r"[1-9][0-9]*")
# A bare message counts as a search only when it looks like one word of a username or pk.
_BARE = re.compile(r"@?[A-Za-z0-9._]{1,30}")


@dataclass(frozen=True)
class Lookup:
    """Search by ``pk`` (exact) and/or usernames starting with ``prefix``."""

    pk: str | None
    prefix: str | None
    shown: str  # what was searched for, as the admin would recognise it

    @property
    def username(self) -> str | None:
        """The username when the text named one (not a pk alone)."""
        return self.prefix if self.pk is None else None


def parse_lookup(text: str) -> Lookup | None:
    """The search ``text`` asks for; None when it is no username, pk or profile link."""
    text = text.strip()
    if not text:
        return None
    name = parse_profile_link(text)
    if name is None:
        return None
    name = name.lower()
    if _PK.fullmatch(name) and len(name) <= PK_MAX_DIGITS:
        # Usernames may be digits too: search both.
        return Lookup(pk=name, prefix=name if len(name) <= USERNAME_MAX else None,
                      shown=name)
    if len(name) > USERNAME_MAX or not _USERNAME_START.fullmatch(name):
        return None
    return Lookup(pk=None, prefix=name, shown=f"@{name}")


def is_bare_lookup(text: str) -> bool:
    """One word that could be a username or a pk (what a bare message may be)."""
    return _BARE.fullmatch(text.strip()) is not None
