"""Forms that are finished, remembered so a second tap on their buttons is answered quietly.

A double tap on Save (or on a project button of an import question) reaches the bot as
two button presses; the second finds its dialog already closed. Each form records here,
as it closes, what it ended with ("saved", "imported", "cancelled"); the error handler for
closed dialogs looks the button's form up and answers "Already saved" instead of
"out of date". The record is per chat and user, in the dialog storage (PostgreSQL by
default), and keeps the last few forms only.
"""

from __future__ import annotations

from typing import Any

from aiogram.fsm.storage.base import BaseStorage, StorageKey
from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager
from aiogram_dialog.utils import remove_intent_id

DESTINY = "igbot:finished"
KEEP = 20
OUTCOMES = ("saved", "imported", "cancelled")


def _key(bot_id: int, chat_id: int, user_id: int) -> StorageKey:
    return StorageKey(bot_id=bot_id, chat_id=chat_id, user_id=user_id, destiny=DESTINY)


async def mark_finished(manager: DialogManager, outcome: str) -> None:
    """Remember that the form on top of ``manager``'s stack ended with ``outcome``."""
    assert outcome in OUTCOMES
    data = manager.middleware_data
    storage: BaseStorage = data["fsm_storage"]
    chat, user = data.get("event_chat"), data.get("event_from_user")
    if chat is None or user is None:
        return
    key = _key(data["bot"].id, chat.id, user.id)
    intent = manager.current_context().id
    stored = await storage.get_data(key)
    items = [item for item in stored.get("items", []) if item[0] != intent]
    items.append([intent, outcome])
    await storage.set_data(key, {"items": items[-KEEP:]})


async def finished_outcome(callback: CallbackQuery, data: dict[str, Any]) -> str | None:
    """How the form whose button was pressed ended, if it is one of the remembered."""
    if not callback.data or callback.message is None:
        return None
    intent, _ = remove_intent_id(callback.data)
    if intent is None:
        return None
    storage: BaseStorage = data["fsm_storage"]
    stored = await storage.get_data(_key(data["bot"].id, callback.message.chat.id,
                                         callback.from_user.id))
    for item_intent, outcome in stored.get("items", []):
        if item_intent == intent:
            return str(outcome)
    return None
