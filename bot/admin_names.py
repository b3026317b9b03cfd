"""Remembers each admin's name as Telegram gives it, for "Added by" on account cards.

Written when an admin's name is new to this process or has changed since, so an update
costs a dictionary lookup, not a database write.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, User

from repository.errors import DATABASE_ERRORS
from repository.manage import ManageRepository

log = logging.getLogger(__name__)

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class AdminNames(BaseMiddleware):
    """An outer update middleware, after the admin gate: only admins reach it."""

    def __init__(self, manage: ManageRepository) -> None:
        self.manage = manage
        self._known: dict[int, tuple[str, str | None]] = {}

    async def __call__(self, handler: Handler, event: TelegramObject,
                       data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        if user is not None and not user.is_bot:
            name = (user.full_name or "").strip() or str(user.id)
            seen = (name, user.username)
            if self._known.get(user.id) != seen:
                try:
                    await self.manage.remember_admin(user.id, name, user.username)
                    self._known[user.id] = seen
                except DATABASE_ERRORS as exc:  # a name is not worth failing the update
                    log.warning("could not remember admin %s's name: %s", user.id,
                                type(exc).__name__)
        return await handler(event, data)
