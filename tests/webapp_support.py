"""Test support for the Mini App: signed ``initData`` and a real server on loopback.

``make_init_data(token, user_id)`` signs ``initData`` as Telegram does (HMAC-SHA256 with
a key made from the bot token), so the server's real check accepts it.

``webapp_server(pool)`` starts ``bot.webapp.add_webapp`` on a real aiohttp server on
127.0.0.1 (a free port), backed by the test PostgreSQL, with a Bot whose HTTP goes to the
fake Bot API of ``tests/botapi.py`` (which also keeps the documents the bot sends)::

    async with webapp_server(pool) as web:
        async with web.client(ADMIN_ID) as http:           # aiohttp session, auth header
            async with http.get(web.url("/api/session")) as r: ...
        web.base_url                                        # http://127.0.0.1:PORT
        web.init_data(ADMIN_ID)                             # for the browser's stand-in
        web.api.documents                                   # [(chat_id, filename, bytes)]

The ``webapp`` fixture is the same server for one test (import it into a test module).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp
import asyncpg
import pytest
from aiogram import Bot
from aiohttp import web
from pydantic import SecretStr

from bot.config import Settings
from bot.factory import AppContext, create_bot
from bot.i18n import I18n
from bot.service import CreateUserService
from bot.webapp import RateLimit, add_webapp
from bot.webapp.static import STATIC_DIR
from repository.instagram import InstagramRepository
from repository.manage import ManageRepository
from repository.preferences import PreferencesRepository
from tests.botapi import FakeBotApi, serve_api, serve_app
from tests.conftest import ADMIN_ID, OTHER_ADMIN_ID, STRANGER_ID

__all__ = ["ADMIN_ID", "OTHER_ADMIN_ID", "STRANGER_ID", "TOKEN", "WebAppServer",
           "auth_header", "make_init_data", "webapp", "webapp_server"]

TOKEN = "42:TEST"  # the token of tests/conftest.py's settings


def make_init_data(token: str, user_id: int, *, auth_date: int | None = None,
                   first_name: str = "Ann", language_code: str = "en",
                   last_name: str | None = None) -> str:
    """``Telegram.WebApp.initData`` for ``user_id``, signed with ``token``."""
    user: dict[str, Any] = {"id": user_id, "first_name": first_name,
                            "language_code": language_code}
    if last_name:
        user["last_name"] = last_name
    fields = {
        "query_id": "AAHtest",
        "user": json.dumps(user, separators=(",", ":"), ensure_ascii=False),
        "auth_date": str(int(time.time()) if auth_date is None else auth_date),
    }
    check = "\n".join(f"{k}={v}" for k, v in sorted(fields.items()))
    secret = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    fields["hash"] = hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()
    return urlencode(fields)


def auth_header(init_data: str) -> dict[str, str]:
    return {"Authorization": f"tma {init_data}"}


class DocumentKeepingApi(FakeBotApi):
    """The chat-keeping fake Bot API, also keeping each sent document's bytes."""

    def __init__(self) -> None:
        super().__init__()
        self.documents: list[tuple[int, str, bytes, str]] = []  # chat, name, data, caption
        self.menu_buttons: list[dict[str, Any]] = []

    async def handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if method == "sendDocument":
            form = await request.post()
            upload = form["document"]
            if isinstance(upload, str):  # aiogram sends "attach://<field>"
                upload = form[upload.removeprefix("attach://")]
            assert isinstance(upload, web.FileField)
            self.documents.append((int(str(form["chat_id"])), upload.filename,
                                   upload.file.read(), str(form.get("caption", ""))))
            async with self.changed:
                self.calls.append((method, {"chat_id": str(form["chat_id"])}))
                self.changed.notify_all()
            return web.json_response({"ok": True, "result": {
                "message_id": 1, "date": 1700000000, "chat": {
                    "id": int(str(form["chat_id"])), "type": "private"},
                "document": {"file_id": "f", "file_unique_id": "u"}}})
        return await super().handle(request)


@dataclass
class WebAppServer:
    base_url: str
    api: DocumentKeepingApi
    bot: Bot
    context: AppContext
    token: str = TOKEN

    def url(self, path: str) -> str:
        return self.base_url + path

    def init_data(self, user_id: int = ADMIN_ID, **kwargs: Any) -> str:
        return make_init_data(self.token, user_id, **kwargs)

    @asynccontextmanager
    async def client(self, user_id: int | None = ADMIN_ID,
                     **kwargs: Any) -> AsyncIterator[aiohttp.ClientSession]:
        """An HTTP session whose requests carry ``user_id``'s initData (None: none)."""
        headers = auth_header(self.init_data(user_id, **kwargs)) if user_id else {}
        async with aiohttp.ClientSession(headers=headers) as http:
            yield http


def webapp_settings(api_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "bot_token": SecretStr(TOKEN), "admin_ids": frozenset({ADMIN_ID, OTHER_ADMIN_ID}),
        "telegram_api_url": api_url, **overrides}
    return Settings(**values, _env_file=None)  # type: ignore[call-arg]


@asynccontextmanager
async def webapp_server(pool: asyncpg.Pool, *, limit: RateLimit | None = None,
                        static_dir: Path = STATIC_DIR,
                        **settings: Any) -> AsyncIterator[WebAppServer]:
    """The Mini App served on 127.0.0.1 (a free port) against ``pool``'s database."""
    async with serve_api(DocumentKeepingApi()) as (api, api_url):
        config = webapp_settings(api_url, **settings)
        repo = InstagramRepository(pool)
        i18n = I18n(config.default_locale)
        context = AppContext(settings=config, repo=repo, prefs=PreferencesRepository(pool),
                             service=CreateUserService(repo, i18n=i18n), i18n=i18n,
                             manage=ManageRepository(pool))
        bot = create_bot(config)
        app = web.Application()
        add_webapp(app, context, bot, limit=limit, static_dir=static_dir)
        try:
            async with serve_app(app) as base_url:
                yield WebAppServer(base_url=base_url, api=api, bot=bot, context=context)
        finally:
            await bot.session.close()


@pytest.fixture
async def webapp(pool: asyncpg.Pool) -> AsyncIterator[WebAppServer]:
    async with webapp_server(pool) as server:
        yield server
