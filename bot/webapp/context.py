"""What the Mini App's routes share, and the request guard in front of ``/api/``.

Every API request: the ``Authorization: tma <initData>`` check (401), the per-user rate
limit (429), then the route; bad input is a 400 with a translated message that says what
is wrong, a database that does not answer a 503. Each answer is JSON, never cached, and
never names the caller's initData or the token in a log line.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from aiogram import Bot
from aiohttp import web
from aiohttp.typedefs import Handler

from bot.config import Settings
from bot.i18n import I18n, Translator
from bot.webapp.auth import Admin, Refused, authenticate
from bot.webapp.ratelimit import RateLimit
from bot.webapp.static import SECURITY_HEADERS
from repository.errors import DATABASE_ERRORS
from repository.instagram import InstagramRepository
from repository.manage import ManageRepository
from repository.preferences import PreferencesRepository

log = logging.getLogger("igbot.webapp")


@dataclass
class WebApp:
    bot: Bot
    settings: Settings
    repo: InstagramRepository
    prefs: PreferencesRepository
    manage: ManageRepository
    i18n: I18n
    limit: RateLimit


WEBAPP = web.AppKey("webapp", WebApp)
ADMIN = web.RequestKey("admin", Admin)
TR = web.RequestKey("tr", Translator)
NO_STORE = {"Cache-Control": "no-store", **SECURITY_HEADERS}


class BadInput(Exception):
    """A 400: ``key`` (locales ``webapp-error-*``) with its arguments."""

    def __init__(self, key: str, **args: Any) -> None:
        super().__init__(key)
        self.key = key
        self.args_ = args


def answer(data: Any, status: int = 200) -> web.Response:
    return web.json_response(data, status=status, headers=NO_STORE)


def error(text: str, status: int) -> web.Response:
    return answer({"error": text}, status)


def admin_of(request: web.Request) -> Admin:
    return request[ADMIN]


def tr_of(request: web.Request) -> Translator:
    return request[TR]


@web.middleware
async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    ctx = request.app[WEBAPP]
    default = ctx.i18n.get(ctx.i18n.default_locale)
    token = ctx.bot.token
    try:
        admin = authenticate(token, request.headers.get("Authorization"),
                             ctx.settings.admin_ids)
    except Refused as refused:
        log.warning("mini app: refused %s %s (%s, user %s)", request.method, request.path,
                    refused.key.removeprefix("webapp-error-"), refused.user_id or "unknown")
        args = {"user_id": refused.user_id} if refused.user_id is not None else {}
        return error(default(refused.key, **args), 401)
    tr = ctx.i18n.for_language(admin.language_code)
    if not ctx.limit.allow(admin.id):
        log.warning("mini app: user %s is over the rate limit", admin.id)
        return error(tr("webapp-error-rate-limit"), 429)
    request[ADMIN] = admin
    request[TR] = tr
    try:
        return await handler(request)
    except BadInput as bad:
        return error(tr(bad.key, **bad.args_), 400)
    except DATABASE_ERRORS as exc:
        log.error("mini app: the database did not answer %s %s (%s)", request.method,
                  request.path, type(exc).__name__)
        return error(tr("webapp-error-database"), 503)
