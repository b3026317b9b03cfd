"""Who is calling the Mini App's API: the page's signed ``initData``, checked.

Telegram signs ``initData`` with a key made from the bot token; aiogram's
``safe_parse_webapp_init_data`` checks that signature. On top: it must be at most
``MAX_AGE`` old (a copied string stops working), carry a user, and that user must be in
``ADMIN_IDS``. The raw string is never logged: it is a bearer credential for a day.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from aiogram.utils.web_app import safe_parse_webapp_init_data

log = logging.getLogger("igbot.webapp")

SCHEME = "tma"  # "Authorization: tma <initData>", as Telegram's own examples use
MAX_AGE = timedelta(hours=24)
# A clock a little ahead of ours is not a forgery.
CLOCK_SKEW = timedelta(minutes=5)
# Longer than any real initData; a bigger header is refused before parsing it.
MAX_INIT_DATA = 8192


@dataclass(frozen=True)
class Admin:
    id: int
    name: str
    language_code: str | None


class Refused(Exception):
    """Not allowed in: ``key`` names the message (locales ``webapp-error-*``)."""

    def __init__(self, key: str, user_id: int | None = None) -> None:
        super().__init__(key)
        self.key = key
        self.user_id = user_id


def init_data_of(header: str | None) -> str:
    """The initData in an ``Authorization`` header; ``Refused`` when there is none."""
    scheme, _, value = (header or "").strip().partition(" ")
    value = value.strip()
    if scheme.lower() != SCHEME or not value or len(value) > MAX_INIT_DATA:
        raise Refused("webapp-error-unauthorized")
    return value


def authenticate(token: str, header: str | None, admin_ids: frozenset[int],
                 now: datetime | None = None) -> Admin:
    """The admin behind a request's ``Authorization`` header, or ``Refused``."""
    init_data = init_data_of(header)
    try:
        data = safe_parse_webapp_init_data(token, init_data)
    except ValueError:  # a bad signature, or signed fields that do not parse
        raise Refused("webapp-error-unauthorized") from None
    now = now or datetime.now(UTC)
    signed_at = data.auth_date if data.auth_date.tzinfo else data.auth_date.replace(tzinfo=UTC)
    if not (-CLOCK_SKEW <= now - signed_at <= MAX_AGE):
        raise Refused("webapp-error-stale", data.user.id if data.user else None)
    user = data.user
    if user is None:
        raise Refused("webapp-error-unauthorized")
    if user.id not in admin_ids:
        raise Refused("webapp-error-not-admin", user.id)
    name = " ".join(p for p in (user.first_name, user.last_name) if p).strip()
    return Admin(id=user.id, name=name or str(user.id), language_code=user.language_code)
