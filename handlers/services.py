"""One typed way for dialog callbacks and getters to reach the app's services.

aiogram hands handlers the Dispatcher's workflow data by parameter name; dialog
callbacks get only the ``DialogManager``, whose ``middleware_data`` is a plain dict.
``services(manager)`` reads it once per update into a typed bundle.
"""

from __future__ import annotations

from dataclasses import dataclass

from aiogram import Bot
from aiogram.fsm.context import FSMContext
from aiogram.types import Chat, User
from aiogram_dialog import DialogManager

from bot.config import Settings
from bot.i18n import Translator
from bot.projects import current_project
from bot.service import CreateUserService
from repository.instagram import InstagramRepository
from repository.manage import ManageRepository
from repository.preferences import PreferencesRepository
from repository.schemas import Project

_KEY = "igbot_services"


@dataclass(frozen=True)
class AppServices:
    """What the Dispatcher's workflow data and the update give a dialog."""

    bot: Bot
    tr: Translator
    settings: Settings
    service: CreateUserService
    repo: InstagramRepository
    prefs: PreferencesRepository
    manage: ManageRepository
    state: FSMContext | None  # none in aiogram-dialog's background updates
    user: User | None
    chat: Chat | None

    @property
    def fsm(self) -> FSMContext:
        """The admin's FSM context: every message and button press has one."""
        assert self.state is not None
        return self.state

    async def current_project(self, telegram_id: int) -> Project | None:
        """The admin's current project, if it is still there and active."""
        return await current_project(self.repo, self.prefs, telegram_id)


def services(manager: DialogManager) -> AppServices:
    """The app's services for this update (built once per update, then kept)."""
    data = manager.middleware_data
    found = data.get(_KEY)
    if isinstance(found, AppServices):
        return found
    made = AppServices(
        bot=data["bot"], tr=data["tr"], settings=data["settings"], service=data["service"],
        repo=data["repo"], prefs=data["prefs"], manage=data["manage"], state=data.get("state"),
        user=data.get("event_from_user"), chat=data.get("event_chat"))
    data[_KEY] = made
    return made
