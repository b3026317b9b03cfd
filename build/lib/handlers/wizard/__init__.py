"""The /add wizard: an admin adds one Instagram user step by step."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message
from aiogram_dialog import DialogManager, StartMode

from bot.i18n import Translator
from handlers.wizard.dialog import create_dialog
from handlers.wizard.states import AddUser
from repository.instagram import InstagramRepository

__all__ = ["AddUser", "create_dialog", "create_router"]


def create_router() -> Router:
    """The /add command; the dialog itself comes from ``create_dialog()``."""
    router = Router(name="wizard-commands")

    @router.message(Command("add"))
    async def start_wizard(message: Message, dialog_manager: DialogManager,
                           repo: InstagramRepository, tr: Translator) -> None:
        if not await repo.list_projects(active_only=True):
            if dialog_manager.has_context():
                await dialog_manager.reset_stack()  # /add always ends what was open
            await message.answer(tr("wizard-no-projects"))
            return
        await dialog_manager.start(AddUser.project, mode=StartMode.RESET_STACK)

    return router
