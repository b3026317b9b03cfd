"""The Telegram Mini App: a page under ``/app/`` and a JSON API under ``/api/``, served by
the bot's own aiohttp server (the webhook's, or in polling mode the metrics server or
``WEBAPP_PORT``).

``add_webapp`` adds both to an application. The page is another face of the chat's
operations: it reads pages through ``repository.listing`` and changes rows through
``repository.manage`` as the admin, never a second implementation.
"""

from __future__ import annotations

from pathlib import Path

from aiogram import Bot
from aiohttp import web

from bot.factory import AppContext
from bot.webapp import actions, api
from bot.webapp.context import WEBAPP, WebApp, guard
from bot.webapp.ratelimit import RateLimit
from bot.webapp.static import STATIC_DIR, security_headers, static_app
from repository.manage import ManageRepository

__all__ = ["RateLimit", "add_webapp"]

APP_PREFIX = "/app/"
API_PREFIX = "/api/"


def api_app(ctx: WebApp) -> web.Application:
    app = web.Application(middlewares=[security_headers, guard])
    app[WEBAPP] = ctx
    app.router.add_get("/session", api.session)
    app.router.add_get("/projects", api.projects)
    app.router.add_get("/users", api.users)
    app.router.add_post("/remove", actions.remove)
    app.router.add_post("/undo", actions.undo)
    app.router.add_post("/move", actions.move)
    app.router.add_post("/export", actions.export)
    return app


def add_webapp(app: web.Application, context: AppContext, bot: Bot, *,
               limit: RateLimit | None = None, static_dir: Path = STATIC_DIR) -> None:
    """Serve the Mini App from ``app``: ``/app/`` (the page) and ``/api/`` (its API)."""
    ctx = WebApp(bot=bot, settings=context.settings, repo=context.repo, prefs=context.prefs,
                 manage=context.manage or ManageRepository(context.repo.pool),
                 i18n=context.i18n, limit=limit or RateLimit())

    async def to_page(_: web.Request) -> web.Response:
        raise web.HTTPPermanentRedirect(APP_PREFIX)

    app.router.add_get(APP_PREFIX.rstrip("/"), to_page)
    app.add_subapp(APP_PREFIX, static_app(static_dir))
    app.add_subapp(API_PREFIX, api_app(ctx))
