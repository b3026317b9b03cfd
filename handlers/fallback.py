"""What nothing else handled: unknown commands and stray messages."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import Message

from bot.i18n import Translator


def create_commands_router() -> Router:
    """Unknown ``/commands``; included before the dialogs so no dialog takes them as input."""
    router = Router(name="unknown-commands")

    @router.message(F.text.regexp(r"^/[A-Za-z0-9_]+(@\w+)?(\s|$)"))
    async def unknown_command(message: Message, tr: Translator) -> None:
        await message.answer(tr("unknown-command"))

    return router


def create_router() -> Router:
    """Anything else, after the dialogs: say what the bot understands."""
    router = Router(name="fallback")

    @router.message()
    async def not_understood(message: Message, tr: Translator) -> None:
        await message.answer(tr("not-understood"))

    return router
