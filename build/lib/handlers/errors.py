"""Error handlers: stale dialog buttons restart politely; anything else is logged."""

from __future__ import annotations

import logging
from contextlib import suppress

from aiogram import Bot, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import ErrorEvent, Message
from aiogram_dialog import DialogManager
from aiogram_dialog.api.exceptions import OutdatedIntent, UnknownIntent, UnknownState

from bot.i18n import Translator

log = logging.getLogger("igbot.errors")


def create_router() -> Router:
    router = Router(name="errors")

    @router.errors(ExceptionTypeFilter(UnknownIntent, OutdatedIntent, UnknownState))
    async def stale_dialog(event: ErrorEvent, bot: Bot, tr: Translator,
                           dialog_manager: DialogManager) -> None:
        """A button from an old message or from before a restart: start again politely."""
        log.info("stale dialog event: %s", type(event.exception).__name__)
        callback, message = event.update.callback_query, event.update.message
        if callback is not None:
            await callback.answer(tr("stale-button"))
            if isinstance(callback.message, Message):
                message = callback.message
                with suppress(TelegramBadRequest):  # already gone or not editable
                    await message.edit_reply_markup(reply_markup=None)
        await dialog_manager.reset_stack(remove_keyboard=False)
        if message is not None:
            await bot.send_message(message.chat.id, tr("stale-restart"))

    @router.errors()
    async def unexpected(event: ErrorEvent, tr: Translator) -> None:
        log.exception("unhandled error on update %s", event.update.update_id,
                      exc_info=event.exception)
        update = event.update
        if update.callback_query is not None:
            await update.callback_query.answer(tr("internal-error"), show_alert=True)
        elif update.message is not None:
            await update.message.answer(tr("internal-error"))

    return router
