"""Error handlers: stale dialog buttons restart politely; anything else is logged."""

from __future__ import annotations

import logging
from contextlib import suppress
from typing import Any

from aiogram import Bot, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import CallbackQuery, ErrorEvent, Message, Update
from aiogram_dialog import DialogManager
from aiogram_dialog.api.exceptions import OutdatedIntent, UnknownIntent, UnknownState

from bot.i18n import Translator
from handlers.finished import finished_outcome
from handlers.widgets import InvalidButton
from repository.errors import DATABASE_ERRORS

log = logging.getLogger("igbot.errors")


async def _answered_quietly(callback: CallbackQuery, event: ErrorEvent, tr: Translator,
                            data: dict[str, Any]) -> bool:
    """Answer an old button; True when nothing more is to be done (a double tap, or a
    window under a form that stays open), False when the stack must start again."""
    outcome = await finished_outcome(callback, data)
    if outcome is not None:
        await callback.answer(tr(f"done-{outcome}"))
        return True
    await callback.answer(tr("stale-button"))
    if isinstance(callback.message, Message):
        with suppress(TelegramBadRequest):  # already gone or not editable
            await callback.message.edit_reply_markup(reply_markup=None)
    # OutdatedIntent: the form on top is still open and waiting: keep it.
    return isinstance(event.exception, OutdatedIntent)


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
            if await _answered_quietly(callback, event, tr, {"bot": bot, **data}):
                return
            if isinstance(callback.message, Message):
                message = callback.message
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
        log.error("database unavailable on update %s: %s", event.update.update_id,
                  type(event.exception).__name__)
        await _say(event.update, tr("database-down"))

    @router.errors()
    async def unexpected(event: ErrorEvent, tr: Translator) -> None:
        log.exception("unhandled error on update %s", event.update.update_id,
                      exc_info=event.exception)
        await _say(event.update, tr("internal-error"))

    return router


async def _say(update: Update, text: str) -> None:
    """``text`` as a button's alert, or as a reply to a message."""
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=True)
    elif update.message is not None:
        await update.message.answer(text)
