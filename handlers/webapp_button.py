"""The "Open the list" button: opens the Mini App (``WEBAPP_URL``) from /list and /find.

Shown only when ``WEBAPP_URL`` is set, and only in private chats: Telegram refuses
``web_app`` buttons in groups.
"""

from __future__ import annotations

from typing import Any

from aiogram.types import Chat, InlineKeyboardButton, InlineKeyboardMarkup, WebAppInfo
from aiogram_dialog import DialogManager
from aiogram_dialog.api.internal import RawKeyboard
from aiogram_dialog.widgets.kbd import Keyboard

from bot.config import Settings
from bot.i18n import Translator


def open_list_button(settings: Settings | None, tr: Translator,
                     chat: Chat | None) -> InlineKeyboardButton | None:
    if settings is None or not settings.webapp_url or chat is None:
        return None
    # A chat drawn in the background may carry no type; a private chat's id is positive.
    if chat.type != "private" and (chat.type or chat.id < 0):
        return None
    return InlineKeyboardButton(text=tr("webapp-open"),
                                web_app=WebAppInfo(url=settings.webapp_url))


def with_open_list(markup: InlineKeyboardMarkup | None, settings: Settings, tr: Translator,
                   chat: Chat) -> InlineKeyboardMarkup | None:
    """``markup`` with the button as its last row (when it is shown)."""
    button = open_list_button(settings, tr, chat)
    if button is None:
        return markup
    rows = list(markup.inline_keyboard) if markup else []
    return InlineKeyboardMarkup(inline_keyboard=[*rows, [button]])


class OpenList(Keyboard):
    """The button as a dialog widget (no getter needed: it reads the settings)."""

    async def _render_keyboard(self, data: dict[str, Any],
                               manager: DialogManager) -> RawKeyboard:
        middleware = manager.middleware_data
        button = open_list_button(middleware.get("settings"), middleware["tr"],
                                  middleware.get("event_chat"))
        return [[button]] if button else []
