"""/list [project_id]: a project's users, one page at a time, in one message.

``create_router()`` has the /list command (included before every dialog, so an open
dialog never takes it as input); ``create_dialog()`` builds the pager dialog.

A list is something to look at, not a form: each starts in a stack of its own
(``StartMode.NEW_STACK``), so an open form stays as it was and what the admin types or
pastes is never taken by the list. Its buttons work by themselves; Close ends it.
"""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message
from aiogram_dialog import DialogManager, StartMode

from bot.i18n import Translator
from handlers.listing.dialog import create_dialog
from handlers.listing.states import ListingSG
from handlers.projects import find_active_project
from repository.instagram import InstagramRepository

__all__ = ["create_dialog", "create_router"]


def create_router() -> Router:
    router = Router(name="listing-commands")

    @router.message(Command("list"))
    async def list_users(message: Message, command: CommandObject, tr: Translator,
                         repo: InstagramRepository, dialog_manager: DialogManager) -> None:
        if not (command.args or "").strip():
            # A new stack is drawn from a background event of its own, where a database
            # failure could no longer be answered: find out here whether it answers.
            await repo.ping()
            await dialog_manager.start(ListingSG.pick, mode=StartMode.NEW_STACK)
            return
        # An inactive project's list stays readable.
        found = await find_active_project(tr, repo, command.args or "", "list",
                                          inactive_ok=True)
        if isinstance(found, str):
            await message.answer(found)
            return
        await dialog_manager.start(ListingSG.page, data={"project_id": found.id},
                                   mode=StartMode.NEW_STACK)

    return router
