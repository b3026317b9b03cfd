"""Building the Bot and the Dispatcher.

Long-lived objects (settings, repositories, service, i18n) go into the Dispatcher's
workflow data, so handlers and dialog getters receive them by name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from aiogram import Bot, Dispatcher, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram_dialog import setup_dialogs

from bot.admin_names import AdminNames
from bot.config import Settings
from bot.dialog_ids import use_unique_ids
from bot.groups import GroupGate
from bot.i18n import I18n
from bot.middlewares import AdminGate, DatabaseDownAnswer, LocaleMiddleware
from bot.retry import RetryAfterMiddleware
from bot.service import CreateUserService
from repository.instagram import InstagramRepository
from repository.manage import ManageRepository
from repository.preferences import PreferencesRepository


@dataclass
class AppContext:
    """Everything a handler may need, built once per process."""

    settings: Settings
    repo: InstagramRepository
    prefs: PreferencesRepository
    service: CreateUserService
    i18n: I18n
    manage: ManageRepository | None = None  # made from repo's pool when not given


def create_bot(settings: Settings, session: BaseSession | None = None) -> Bot:
    if settings.bot_token is None:
        raise ValueError("BOT_TOKEN is not set")
    if session is None and settings.telegram_api_url:
        session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_url))
    bot = Bot(
        token=settings.bot_token.get_secret_value(),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML,
                                     link_preview_is_disabled=True),
    )
    bot.session.middleware(RetryAfterMiddleware())
    return bot


def create_dispatcher(
    app: AppContext,
    routers: Sequence[Router],
    *,
    storage: BaseStorage | None = None,
    events_isolation: BaseEventIsolation | None = None,
) -> Dispatcher:
    manage = app.manage or ManageRepository(app.repo.pool)
    dp = Dispatcher(
        storage=storage or MemoryStorage(),
        events_isolation=events_isolation,
        settings=app.settings,
        repo=app.repo,
        prefs=app.prefs,
        service=app.service,
        i18n=app.i18n,
        manage=manage,
    )
    # In groups, what is not meant for the bot goes no further (not even to a refusal);
    # then the admin gate: a refused update reaches nothing else.
    dp.update.outer_middleware(GroupGate(app.settings))
    dp.update.outer_middleware(AdminGate(app.settings, app.i18n))
    dp.update.outer_middleware(AdminNames(manage))
    locale = LocaleMiddleware(app.i18n)
    dp.update.outer_middleware(locale)
    dp.errors.outer_middleware(locale)
    dp.errors.outer_middleware(DatabaseDownAnswer())
    dp.include_routers(*routers)
    use_unique_ids()
    setup_dialogs(dp, events_isolation=events_isolation)
    return dp
