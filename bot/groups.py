"""Group chats: the bot reacts only to what is meant for it.

In a group (or supergroup) an update passes on only when it is
  * a command addressed to this bot (``/add`` or ``/add@this_bot``, not ``/add@other_bot``),
  * a reply to one of the bot's own messages (a wizard step in a group takes only that),
  * a document or a JSON text from an admin (anybody else's are not for the bot),
  * a press of one of the bot's buttons.
Everything else (the group's ordinary conversation) is ignored without a word, so a
non-admin is refused only when they addressed the bot. Private chats are not affected.
Telegram's privacy mode applies on top: with it on, a bot sees only commands and replies
to itself in the first place.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.types import Message, TelegramObject, Update

from bot.config import Settings
from bot.json_in_text import find_json

GROUP_TYPES = frozenset({"group", "supergroup"})

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


async def is_for_the_bot(message: Message, bot: Bot, admin_ids: frozenset[int]) -> bool:
    text = message.text if message.text is not None else message.caption
    if text is not None and text.startswith("/"):
        command = text.split(maxsplit=1)[0]
        _, _, addressee = command.partition("@")
        if not addressee:
            return True
        me = await bot.me()
        return addressee.lower() == (me.username or "").lower()
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot.id:
        return True
    sender = message.from_user.id if message.from_user else None
    if sender not in admin_ids:
        return False
    return message.document is not None or (text is not None and find_json(text) is not None)


class GroupGate(BaseMiddleware):
    """An outer ``dp.update`` middleware, before the admin gate (see the module text)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def __call__(self, handler: Handler, event: TelegramObject,
                       data: dict[str, Any]) -> Any:
        if isinstance(event, Update) and event.message is not None:
            message = event.message
            if message.chat.type in GROUP_TYPES and not await is_for_the_bot(
                    message, data["bot"], self.settings.admin_ids):
                return None
        return await handler(event, data)
