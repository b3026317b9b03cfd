"""Per-update middlewares: the admin gate and the user's language."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.types import TelegramObject, Update, User

from bot.config import Settings
from bot.i18n import I18n
from bot.logging_setup import database_caused

log = logging.getLogger("igbot.access")

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class LocaleMiddleware(BaseMiddleware):
    """Puts ``tr`` (a Translator for the sender's language) into the handler data."""

    def __init__(self, i18n: I18n) -> None:
        self.i18n = i18n

    async def __call__(self, handler: Handler, event: TelegramObject,
                       data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        data["tr"] = self.i18n.for_language(user.language_code if user else None)
        return await handler(event, data)


class AdminGate(BaseMiddleware):
    """Drops every update from anybody not in ``ADMIN_IDS``, with one short refusal.

    Registered as an outer middleware on ``dp.update``, so nothing behind it (dialogs,
    handlers, the database) sees the update.
    """

    def __init__(self, settings: Settings, i18n: I18n) -> None:
        self.settings = settings
        self.i18n = i18n

    async def __call__(self, handler: Handler, event: TelegramObject,
                       data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        if user is not None and user.id in self.settings.admin_ids:
            return await handler(event, data)
        assert isinstance(event, Update)
        log.warning("refused %s update from user %s", event.event_type,
                    user.id if user else "unknown")
        if user is not None and not user.is_bot:
            await self._refuse(data["bot"], event, user)
        return None

    async def _refuse(self, bot: Bot, update: Update, user: User) -> None:
        tr = self.i18n.for_language(user.language_code)
        if update.callback_query is not None:
            # Alerts are plain text: no HTML there.
            await bot.answer_callback_query(update.callback_query.id, show_alert=True,
                                            text=tr("access-denied-alert", user_id=user.id))
        elif update.message is not None:
            await bot.send_message(update.message.chat.id,
                                   tr("access-denied", user_id=user.id),
                                   reply_to_message_id=update.message.message_id)


class DatabaseDownAnswer(BaseMiddleware):
    """An update that failed because the database did not answer gets the plain "the
    database is not responding" reply here, before the dialog library's own error
    handling, which would read its state from that same database and fail again (dialog
    state lives in PostgreSQL). Other errors go on to the error handlers."""

    async def __call__(self, handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
                       event: TelegramObject, data: dict[str, Any]) -> Any:
        exception = getattr(event, "exception", None)
        update = getattr(event, "update", None)
        if not isinstance(update, Update) or not database_caused(exception):
            return await handler(event, data)
        logging.getLogger("igbot.errors").error(
            "database unavailable on update %s: %s", update.update_id,
            type(exception).__name__)
        text = data["tr"]("database-down") if "tr" in data else None
        if text is None:
            return None
        if update.callback_query is not None:
            await update.callback_query.answer(text, show_alert=True)
        elif update.message is not None:
            await update.message.answer(text)
        return None
