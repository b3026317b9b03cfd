"""The webhook's request handler: a body that is not a Telegram update gets 400.

aiogram's ``SimpleRequestHandler`` answers a malformed body with 500 and a traceback in
the log; a body that is not an update is the sender's mistake, not ours.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from aiogram import Bot
from aiogram.types import Update
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web
from pydantic import ValidationError

log = logging.getLogger("igbot.webhook")


class CheckedRequestHandler(SimpleRequestHandler):
    async def _handle_request_background(self, bot: Bot, request: web.Request) -> web.Response:
        body = await request.read()
        try:
            update = Update.model_validate(json.loads(body), context={"bot": bot})
        except (ValueError, ValidationError) as exc:  # JSONDecodeError is a ValueError
            reason = ("not JSON" if isinstance(exc, json.JSONDecodeError | UnicodeDecodeError)
                      else "not an update")
            log.warning("webhook: refused a %d-byte body (%s)", len(body), reason)
            return web.Response(status=400, text=f"Bad Request: the body is {reason}")
        task = asyncio.create_task(self._feed(bot, update))
        self._background_feed_update_tasks.add(task)
        task.add_done_callback(self._background_feed_update_tasks.discard)
        return web.json_response({}, dumps=bot.session.json_dumps)

    async def _feed(self, bot: Bot, update: Update) -> None:
        result: Any = await self.dispatcher.feed_update(bot, update, **self.data)
        from aiogram.methods import TelegramMethod

        if isinstance(result, TelegramMethod):
            await self.dispatcher.silent_call_request(bot=bot, result=result)
