"""The /list text filter, typed while the list waits for it.

Lists run in stacks of their own (they are never forms), and aiogram-dialog gives typed
messages only to the default stack. So when a list asks for its text filter, it notes its
stack in the admin's FSM data; the next plain text (when no form on the default stack
takes typed text) is handed to that list through a background manager.
"""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.kbd import Button

from handlers.filters import is_command
from handlers.forms import takes_text
from handlers.listing import view
from handlers.listing.callbacks import text_filter, text_filter_problem
from handlers.listing.states import ListingSG
from handlers.services import services
from handlers.widgets import PROBLEM, clear_problem

WAITING = view.TEXT_WAITING


async def on_ask_text(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    """The list's "Text…" button: remember which list the next typed text is for."""
    clear_problem(manager)
    await services(manager).fsm.update_data(
        {WAITING: {"stack": manager.current_context().stack_id}})


async def on_leave_text(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    """Back from the text question: typed text is no longer the list's."""
    await services(manager).fsm.update_data({WAITING: None})


async def _waiting_list(message: Message, state: FSMContext) -> dict[str, Any] | bool:
    if message.text is None or await is_command(message):
        return False
    waiting = (await state.get_data()).get(WAITING)
    return {"waiting": waiting} if waiting else False


def create_router() -> Router:
    router = Router(name="list-text")

    @router.message(F.text, _waiting_list)
    async def hand_to_list(message: Message, state: FSMContext,
                           dialog_manager: DialogManager, waiting: dict[str, str]) -> None:
        if takes_text(dialog_manager):
            raise SkipHandler  # a form on the default stack is asking: the text is its
        await state.update_data({WAITING: None})
        # The list's stack; its top is the list, waiting at its text step.
        background = dialog_manager.bg(stack_id=waiting["stack"])
        try:
            text = text_filter(message.text or "")
        except ValueError:
            await background.update({PROBLEM: text_filter_problem().to_data()})
            await state.update_data({WAITING: waiting})  # still waiting for a good one
            return
        patch: dict[str, Any] = {"text": text, PROBLEM: None}
        view.to_first(patch)
        await background.update(patch)
        await background.switch_to(ListingSG.page)

    return router
