"""/start, /help and /cancel."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.filters import Command, CommandStart
from aiogram.types import Message
from aiogram_dialog import DialogManager

from bot.i18n import Translator


def create_router() -> Router:
    router = Router(name="common")

    @router.message(CommandStart())
    @router.message(Command("help"))
    async def show_help(message: Message, tr: Translator, bot: Bot) -> None:
        me = await bot.me()
        await message.answer(tr("help-text", bot=me.username or "bot"))

    @router.message(Command("cancel"))
    async def cancel(message: Message, tr: Translator, dialog_manager: DialogManager) -> None:
        if dialog_manager.has_context():
            await dialog_manager.reset_stack()
            await message.answer(tr("cancelled"))
        else:
            await message.answer(tr("nothing-to-cancel"))

    return router
