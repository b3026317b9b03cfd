"""Running the bot: long polling or webhook, plus /healthz and /metrics.

Start-up problems (a missing or malformed setting, an unreachable database, a token
Telegram rejects) end the process with one line naming the setting, and exit code 2.
On SIGTERM or SIGINT the bot finishes the updates in flight, closes everything, exits 0.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AsyncExitStack
from functools import partial

import asyncpg
from aiogram import Bot, Dispatcher, Router
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramNetworkError,
    TelegramUnauthorizedError,
)
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from aiogram.fsm.storage.memory import MemoryStorage, SimpleEventIsolation
from aiogram.types import BotCommand, MenuButtonWebApp, WebAppInfo
from aiogram.utils.token import TokenValidationError, validate_token
from aiogram.webhook.aiohttp_server import setup_application
from aiogram_dialog import DIALOG_EVENT_NAME
from aiohttp import web

from bot.config import Settings, load_settings
from bot.database import DatabaseUnavailable, open_database
from bot.factory import AppContext, create_bot, create_dispatcher
from bot.i18n import LOCALES, I18n
from bot.logging_setup import setup_logging
from bot.metrics import Metrics
from bot.service import CreateUserService
from bot.webapp import add_webapp
from bot.webhook import CheckedRequestHandler
from repository.dialog_storage import PostgresStorage
from repository.errors import DATABASE_ERRORS
from repository.instagram import InstagramRepository
from repository.preferences import PreferencesRepository

log = logging.getLogger("igbot")

WEBHOOK_PATH = "/telegram/webhook"
COMMANDS = ("add", "list", "find", "undo", "history", "projects", "project", "newproject",
            "renameproject", "export", "stats", "cancel", "help")
RoutersFactory = Callable[[], Sequence[Router]]
# How long /readyz and the start-up check wait for the database or Redis to answer.
READY_TIMEOUT = 3.0


class StartupError(Exception):
    """A configuration problem; the message names the setting and how to fix it."""


async def set_commands(bot: Bot, i18n: I18n) -> None:
    """The command menu, in English (default) and Russian."""
    for locale in LOCALES:
        tr = i18n.get(locale)
        commands = [BotCommand(command=c, description=tr(f"command-{c}")) for c in COMMANDS]
        await bot.set_my_commands(commands, language_code=None if locale == "en" else locale)


async def set_menu_button(bot: Bot, settings: Settings, i18n: I18n) -> None:
    """With ``WEBAPP_URL``, the chat's menu button opens the Mini App. A refusal is
    logged, not fatal: the /list and /find buttons still open it."""
    if not settings.webapp_url:
        return
    button = MenuButtonWebApp(text=i18n.get(i18n.default_locale)("webapp-menu"),
                              web_app=WebAppInfo(url=settings.webapp_url))
    try:
        await bot.set_chat_menu_button(menu_button=button)
    except TelegramAPIError as exc:
        log.warning("Telegram refused the Mini App menu button for WEBAPP_URL=%s: %s",
                    settings.webapp_url, exc.message)


def build_storage(settings: Settings,
                  pool: asyncpg.Pool | None = None) -> tuple[BaseStorage, BaseEventIsolation]:
    """Dialog state in Redis with ``REDIS_URL``, else in the bot's PostgreSQL (``pool``)."""
    if settings.redis_url is None:
        # Open forms survive a restart: their state is in the database (migration 5).
        storage: BaseStorage = PostgresStorage(pool) if pool is not None else MemoryStorage()
        return storage, SimpleEventIsolation()
    from aiogram.fsm.storage.base import DefaultKeyBuilder
    from aiogram.fsm.storage.redis import RedisEventIsolation, RedisStorage

    # with_destiny: aiogram-dialog keeps several records per chat, and locks them through
    # the event isolation, which must build its keys the same way.
    key_builder = DefaultKeyBuilder(with_destiny=True)
    redis_storage = RedisStorage.from_url(settings.redis_url.get_secret_value(),
                                          key_builder=key_builder)
    return redis_storage, RedisEventIsolation(redis_storage.redis, key_builder=key_builder)


async def redis_problem(storage: BaseStorage) -> str | None:
    """Why the Redis behind ``storage`` is unusable, or None (also None without Redis)."""
    redis = getattr(storage, "redis", None)
    if redis is None:
        return None
    from redis.exceptions import RedisError  # lazy: only with REDIS_URL

    try:
        async with asyncio.timeout(READY_TIMEOUT):
            await redis.ping()
    except (OSError, TimeoutError, RedisError) as exc:
        return f"Redis is not reachable ({type(exc).__name__})"
    return None


async def database_problem(repo: InstagramRepository) -> str | None:
    """Why the database is unusable, or None."""
    try:
        async with asyncio.timeout(READY_TIMEOUT):
            await repo.ping()
    except DATABASE_ERRORS as exc:
        return f"the database is not reachable ({type(exc).__name__})"
    return None


ReadinessCheck = Callable[[], Awaitable[str | None]]


def health_app(metrics: Metrics, checks: Sequence[ReadinessCheck] = ()) -> web.Application:
    """``/healthz``: the process runs; ``/readyz``: it can serve (database, Redis), else 503
    with the reasons; ``/metrics``: Prometheus."""

    async def healthz(_: web.Request) -> web.Response:
        return web.Response(text="ok")

    async def readyz(_: web.Request) -> web.Response:
        problems = [p for p in await asyncio.gather(*(check() for check in checks)) if p]
        if problems:
            return web.Response(status=503, text="; ".join(problems))
        return web.Response(text="ready")

    async def prometheus(_: web.Request) -> web.Response:
        return web.Response(body=metrics.exposition(),
                            headers={"Content-Type": metrics.content_type})

    app = web.Application()
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", prometheus)
    return app


async def _check_token(bot: Bot, settings: Settings) -> None:
    try:
        me = await bot.get_me()
    except TelegramUnauthorizedError as exc:
        raise StartupError(
            "BOT_TOKEN was rejected by Telegram (Unauthorized); copy the token again from "
            "@BotFather") from exc
    except (TelegramNetworkError, OSError) as exc:
        where = settings.telegram_api_url or "api.telegram.org"
        raise StartupError(
            f"cannot reach the Telegram Bot API at {where} ({type(exc).__name__}); check "
            "the network or TELEGRAM_API_URL") from exc
    log.info("running as @%s", me.username)


async def _serve(app: web.Application, host: str, port: int, stack: AsyncExitStack) -> None:
    runner = web.AppRunner(app)
    await runner.setup()
    stack.push_async_callback(runner.cleanup)
    try:
        await web.TCPSite(runner, host, port).start()
    except OSError as exc:
        raise StartupError(f"cannot listen on {host}:{port} ({exc.strerror})") from exc
    log.info("serving HTTP on %s:%s", host, port)


async def _wait_for_signal() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()


async def _finish_in_flight(grace_seconds: float = 20.0) -> None:
    """Let handlers still running (e.g. a long import) finish before closing the pool."""
    current = asyncio.current_task()
    pending = [t for t in asyncio.all_tasks() if t is not current and not t.done()]
    if pending:
        log.info("waiting for %d tasks in flight", len(pending))
        await asyncio.wait(pending, timeout=grace_seconds)


async def serve(settings: Settings, routers: RoutersFactory) -> None:
    async with AsyncExitStack() as stack:
        try:
            db = await stack.enter_async_context(open_database(settings))
        except DatabaseUnavailable as exc:
            raise StartupError(str(exc)) from exc
        i18n = I18n(settings.default_locale)
        service = CreateUserService(db.repo, concurrency=settings.create_concurrency,
                                    i18n=i18n)
        app = AppContext(settings=settings, repo=db.repo, prefs=PreferencesRepository(db.pool),
                         service=service, i18n=i18n)
        bot = create_bot(settings)
        if not settings.admin_ids:
            log.warning("ADMIN_IDS is empty: everybody is refused (each is told their id)")
        stack.push_async_callback(bot.session.close)
        storage, isolation = build_storage(settings, db.pool)
        stack.push_async_callback(storage.close)
        problem = await redis_problem(storage)
        if problem:
            raise StartupError(f"{problem}; check REDIS_URL and that the server is running")
        checks: list[ReadinessCheck] = [
            partial(database_problem, db.repo), partial(redis_problem, storage)]
        dp: Dispatcher = create_dispatcher(app, routers(), storage=storage,
                                           events_isolation=isolation)
        await _check_token(bot, settings)
        await set_commands(bot, i18n)
        await set_menu_button(bot, settings, i18n)
        allowed = dp.resolve_used_update_types(skip_events={DIALOG_EVENT_NAME})
        # The Mini App rides on the server that is open anyway: the webhook's, the
        # metrics one; else, with WEBAPP_URL, one of its own.
        health = health_app(service.metrics, checks)
        add_webapp(health, app, bot)
        if settings.webhook_base_url:
            await _run_webhook(settings, bot, dp, health, allowed, stack)
        else:
            if settings.metrics_port:
                await _serve(health, settings.metrics_host, settings.metrics_port, stack)
            elif settings.webapp_url:
                webapp = web.Application()
                add_webapp(webapp, app, bot)
                await _serve(webapp, settings.webapp_host, settings.webapp_port, stack)
            await bot.delete_webhook(drop_pending_updates=False)
            log.info("🚀 polling for updates")
            await dp.start_polling(bot, allowed_updates=allowed, handle_signals=True,
                                   close_bot_session=False)
        await _finish_in_flight()
        log.info("🎉 stopped")


async def _run_webhook(settings: Settings, bot: Bot, dp: Dispatcher, app: web.Application,
                       allowed: list[str], stack: AsyncExitStack) -> None:
    if settings.webhook_secret is None:
        raise StartupError("WEBHOOK_SECRET is required with WEBHOOK_BASE_URL "
                           "(1-256 characters: A-Z, a-z, 0-9, _ and -)")
    secret = settings.webhook_secret.get_secret_value()
    CheckedRequestHandler(dispatcher=dp, bot=bot, secret_token=secret).register(
        app, path=WEBHOOK_PATH)
    setup_application(app, dp, bot=bot)
    await _serve(app, settings.webhook_host, settings.webhook_port, stack)
    url = settings.webhook_base_url.rstrip("/") + WEBHOOK_PATH  # type: ignore[union-attr]
    try:
        await bot.set_webhook(url, secret_token=secret, allowed_updates=allowed)
    except TelegramAPIError as exc:
        raise StartupError(f"Telegram refused the webhook for WEBHOOK_BASE_URL="
                           f"{settings.webhook_base_url}: {exc.message}; give a public "
                           "https:// address (ports 443, 80, 88 or 8443)") from exc
    log.info("🚀 webhook set")
    await _wait_for_signal()


def run(routers: RoutersFactory) -> int:
    settings = load_settings()
    if settings.bot_token is None or not settings.bot_token.get_secret_value().strip():
        print("igbot: BOT_TOKEN is not set; put the token from @BotFather into the "
              "environment or .env", file=sys.stderr)
        return 2
    try:
        validate_token(settings.bot_token.get_secret_value())
    except TokenValidationError:
        print("igbot: BOT_TOKEN is malformed; it looks like 123456789:AAE... (copy it from "
              "@BotFather)", file=sys.stderr)
        return 2
    setup_logging(settings.log_level, settings.log_format)
    try:
        asyncio.run(serve(settings, routers))
    except StartupError as exc:
        print(f"igbot: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        pass
    return 0
