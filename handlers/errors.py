"""Error handlers: stale dialog buttons restart politely; anything else is logged."""

from __future__ import annotations

import logging

from aiogram import Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import ErrorEvent
from aiogram_dialog import DialogManager
from aiogram_dialog.api.exceptions import OutdatedIntent, UnknownIntent, UnknownState

from bot.i18n import Translator

log = logging.getLogger("igbot.errors")


def create_router() -> Router:
    router = Router(name="errors")

    @router.errors(ExceptionTypeFilter(UnknownIntent, OutdatedIntent, UnknownState))
    async def stale_dialog(event: ErrorEvent, tr: Translator,
                           dialog_manager: DialogManager) -> None:
        """A button from an old message or from before a restart."""
        log.info("stale dialog event: %s", type(event.exception).__name__)
        update = event.update
        if update.callback_query is not None:
            await update.callback_query.answer(tr("stale-button"))
            message = update.callback_query.message
            if message is not None and hasattr(message, "edit_reply_markup"):
                try:
                    await message.edit_reply_markup(reply_markup=None)
                except TelegramBadRequest:
                    pass  # already gone or not editable: nothing to tidy
        if update.callback_query is not None or update.message is not None:
            bot = event.update.bot
            chat = (update.callback_query.message.chat if update.callback_query
                    and update.callback_query.message else
                    update.message.chat if update.message else None)
            if bot is not None and chat is not None:
                await bot.send_message(chat.id, tr("stale-restart"))
        await dialog_manager.reset_stack(remove_keyboard=False)

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
