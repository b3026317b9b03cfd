"""Error handlers: stale dialog buttons restart politely; anything else is logged."""

from __future__ import annotations

import logging
from contextlib import suppress
from typing import Any

from aiogram import Bot, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import ErrorEvent, Message
from aiogram_dialog import DialogManager
from aiogram_dialog.api.exceptions import OutdatedIntent, UnknownIntent, UnknownState

from bot.i18n import Translator
from handlers.finished import finished_outcome
from handlers.widgets import InvalidButton
from repository.errors import DATABASE_ERRORS

log = logging.getLogger("igbot.errors")


def create_router() -> Router:
    router = Router(name="errors")

    @router.errors(ExceptionTypeFilter(UnknownIntent, OutdatedIntent, UnknownState))
    async def stale_dialog(event: ErrorEvent, bot: Bot, tr: Translator,
                           dialog_manager: DialogManager, **data: Any) -> None:
        """A button of a form already finished (a double tap): answered quietly. A button
        of a window under the open one: the open form stays. Any other old button (from
        a state that was lost): start again politely."""
        log.info("stale dialog event: %s", type(event.exception).__name__)
        callback, message = event.update.callback_query, event.update.message
        if callback is None and message is None:
            return  # a background redraw of a form closed meanwhile: nothing to say
        if callback is not None:
            outcome = await finished_outcome(callback, {"bot": bot, **data})
            if outcome is not None:
                await callback.answer(tr(f"done-{outcome}"))
                return
            if isinstance(event.exception, OutdatedIntent):
                # The form on top is still open and waiting: keep it, drop the old keys.
                await callback.answer(tr("stale-button"))
                if isinstance(callback.message, Message):
                    with suppress(TelegramBadRequest):
                        await callback.message.edit_reply_markup(reply_markup=None)
                return
            await callback.answer(tr("stale-button"))
            if isinstance(callback.message, Message):
                message = callback.message
                with suppress(TelegramBadRequest):  # already gone or not editable
                    await message.edit_reply_markup(reply_markup=None)
        await dialog_manager.reset_stack(remove_keyboard=False)
        if message is not None:
            await bot.send_message(message.chat.id, tr("stale-restart"))

    @router.errors(ExceptionTypeFilter(InvalidButton))
    async def invalid_button(event: ErrorEvent, tr: Translator) -> None:
        """A forged or corrupted button press: say so; nothing was read or written."""
        log.warning("invalid button data on update %s", event.update.update_id)
        update = event.update
        if update.callback_query is not None:
            await update.callback_query.answer(tr("button-invalid"), show_alert=True)

    @router.errors(ExceptionTypeFilter(*DATABASE_ERRORS))
    async def database_down(event: ErrorEvent, tr: Translator) -> None:
        """The database failed or did not answer in time: say so plainly, one line in
        the log (no traceback: the cause is outside the bot)."""
        exc = event.exception
        log.error("database unavailable on update %s: %s", event.update.update_id,
                  type(exc).__name__)
        update = event.update
        if update.callback_query is not None:
            await update.callback_query.answer(tr("database-down"), show_alert=True)
        elif update.message is not None:
            await update.message.answer(tr("database-down"))

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
