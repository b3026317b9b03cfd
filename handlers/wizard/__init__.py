"""The /add wizard: an admin adds one Instagram user step by step."""

from __future__ import annotations

from html import escape
from typing import Any

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message, User
from aiogram_dialog import DialogManager, ShowMode, StartMode
from pydantic_core import PydanticCustomError

from bot.i18n import Translator
from bot.links import parse_profile_link
from bot.projects import current_project
from handlers.render import user_card
from handlers.wizard.callbacks import ADD_ANOTHER, PROJECT_NAME, first_missing
from handlers.wizard.dialog import create_dialog
from handlers.wizard.getters import problem_text
from handlers.wizard.states import AddUser
from repository.instagram import InstagramRepository
from repository.lookups import UserLookup
from repository.preferences import PreferencesRepository
from repository.schemas import InstagramUser, check_pk, check_username

__all__ = ["AddUser", "create_callbacks_router", "create_dialog", "create_router"]


def _unfinished(manager: DialogManager) -> dict[str, Any] | None:
    """The wizard's data, when a wizard with something typed in is open."""
    if not manager.has_context():
        return None
    context = manager.current_context()
    if context.state.group is not AddUser:
        return None
    data = context.dialog_data
    return data if data.get("pk") or data.get("username") else None


def _what(tr: Translator, data: dict[str, Any]) -> str:
    pk, username = escape(str(data.get("pk") or "")), escape(str(data.get("username") or ""))
    if pk and username:
        return tr("wizard-unfinished-what-both", pk=pk, username=username)
    if pk:
        return tr("wizard-unfinished-what-pk", pk=pk)
    return tr("wizard-unfinished-what-username", username=username)


def read_add_argument(text: str) -> dict[str, str]:
    """``/add`` argument -> pre-filled fields; ``ValueError`` when it is neither a pk nor
    a profile link or @handle."""
    text = text.strip()
    if text.isascii() and text.isdigit():
        return {"pk": check_pk(text)}
    username = parse_profile_link(text, allow_bare=True)
    if username is None:
        raise ValueError(text)
    return {"username": check_username(username)}


async def _stored(repo: InstagramRepository, prefill: dict[str, str],
                  project_id: int) -> InstagramUser | None:
    if "pk" in prefill:
        return await repo.get_user(prefill["pk"], project_id)
    return await UserLookup(repo.pool).by_username(prefill["username"], project_id)


async def start_wizard(message: Message, user: User, manager: DialogManager,
                       repo: InstagramRepository, prefs: PreferencesRepository,
                       tr: Translator, argument: str = "",
                       show_mode: ShowMode | None = None) -> None:
    """Start /add: at the current project, pre-filled from ``argument``; an unfinished
    wizard is shown again instead of being thrown away."""
    unfinished = _unfinished(manager)
    if unfinished is not None:
        await message.answer(tr("wizard-unfinished", what=_what(tr, unfinished)))
        await manager.show(ShowMode.SEND)
        return
    prefill: dict[str, str] = {}
    if argument.strip():
        try:
            prefill = read_add_argument(argument)
        except PydanticCustomError as err:
            field = "pk" if argument.strip().isdigit() else "username"
            await message.answer("❌ " + problem_text(
                tr, {"code": err.type, "args": {"field": field, **(err.context or {})}}))
            return
        except ValueError:
            await message.answer(tr("wizard-add-usage", value=escape(argument.strip()[:64])))
            return
    if manager.has_context():  # an import question: replaced by this /add, and said so
        await manager.reset_stack()
        await message.answer(tr("wizard-question-closed"))
    if not await repo.list_projects(active_only=True):
        await message.answer(tr("wizard-no-projects"))
        return
    start: dict[str, Any] = dict(prefill)
    current = await current_project(repo, prefs, user.id)
    if current is not None:
        start["project_id"], start[PROJECT_NAME] = current.id, current.name
        if prefill:
            stored = await _stored(repo, prefill, current.id)
            if stored is not None:  # nothing to ask: show what is there
                await message.answer(tr("result-exists") + "\n\n" + user_card(tr, stored))
                return
    await manager.start(first_missing(start), data=start, mode=StartMode.RESET_STACK,
                        show_mode=show_mode)


def create_router() -> Router:
    """The /add command; the dialog itself comes from ``create_dialog()``."""
    router = Router(name="wizard-commands")

    @router.message(Command("add"))
    async def add(message: Message, command: CommandObject, dialog_manager: DialogManager,
                  repo: InstagramRepository, prefs: PreferencesRepository,
                  tr: Translator, event_from_user: User) -> None:
        await start_wizard(message, event_from_user, dialog_manager, repo, prefs, tr,
                           command.args or "")

    return router


def create_callbacks_router() -> Router:
    """"Add another" under a saved user: a new /add, the saved message keeps its text."""
    router = Router(name="wizard-again")

    async def is_add_another(callback: CallbackQuery) -> bool:
        # A coroutine: aiogram runs a magic ``F`` filter in a worker thread.
        return callback.data == ADD_ANOTHER

    @router.callback_query(is_add_another)
    async def add_another(callback: CallbackQuery, dialog_manager: DialogManager,
                          repo: InstagramRepository, prefs: PreferencesRepository,
                          tr: Translator) -> None:
        await callback.answer()
        if not isinstance(callback.message, Message):
            return
        await callback.message.edit_reply_markup(reply_markup=None)
        await start_wizard(callback.message, callback.from_user, dialog_manager, repo, prefs,
                           tr, show_mode=ShowMode.SEND)

    return router
