"""Instagram profile links and ``@handles``: the username they name."""

from __future__ import annotations

import re

_HOSTS = {"instagram.com", "www.instagram.com", "m.instagram.com", "instagr.am",
          "www.instagr.am"}
_RESERVED = {"p", "reel", "reels", "tv", "stories", "_u", "explore", "accounts", "direct", "about",
             "legal", "privacy"}
_LINK_RE = re.compile(r"(?:https?://)?(?P<host>[^/\s?#]+)(?P<path>/[^\s]*)?", re.IGNORECASE)
_HANDLE_RE = re.compile(r"@?[A-Za-z0-9._]{1,30}")


def parse_profile_link(text: str, *, allow_bare: bool = True) -> str | None:
    """The username in a profile link or ``@handle``; None when the text is neither.

    A bare word counts only with ``allow_bare`` (in chat, only ``@handle`` and links do).
    The username is returned as written; validation happens in the schema.
    """
    text = text.strip()
    if not text or any(ch.isspace() for ch in text):
        return None
    match = _LINK_RE.fullmatch(text)
    if match and match["host"].lower() in _HOSTS:
        path = (match["path"] or "").split("?", 1)[0].split("#", 1)[0]
        segments = [s for s in path.split("/") if s]
        # stories/<user>/... and the app's deep link _u/<user> name the user second.
        if segments and segments[0].lower() in ("stories", "_u") and len(segments) > 1:
            return segments[1].lstrip("@")
        if not segments or segments[0].lower() in _RESERVED:
            return None
        return segments[0].lstrip("@")
    if text.startswith("@") or allow_bare:
        return text.lstrip("@") if _HANDLE_RE.fullmatch(text) and text.lstrip("@") else None
    return None
