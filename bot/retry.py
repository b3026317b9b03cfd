"""Retrying Bot API calls that hit Telegram's flood control: the bot's one policy.

aiogram has no built-in retry for ``TelegramRetryAfter``; its session middlewares exist
for exactly this. The wait is bounded so a handler never hangs for minutes: a call is
tried at most ``attempts`` times, each wait is at most ``max_wait`` seconds (a longer one
is not waited at all), so one call waits at most ``(attempts - 1) * max_wait`` seconds
(60 by default). Past that the error reaches the caller, which must not wait again (the
import summary, say, is then sent as a new message, itself through this policy).
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramRetryAfter

if TYPE_CHECKING:
    from aiogram import Bot
    from aiogram.methods import Response, TelegramMethod

log = logging.getLogger("igbot.telegram")


class RetryAfterMiddleware(BaseRequestMiddleware):
    def __init__(self, attempts: int = 3, max_wait: float = 30.0) -> None:
        self.attempts = attempts
        self.max_wait = max_wait

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[Any],
        bot: Bot,
        method: TelegramMethod[Any],
    ) -> Response[Any]:
        for attempt in range(1, self.attempts + 1):
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as exc:
                if attempt == self.attempts or exc.retry_after > self.max_wait:
                    raise
                log.warning("flood control on %s: retrying in %ss", type(method).__name__,
                            exc.retry_after)
                await asyncio.sleep(exc.retry_after)
        raise AssertionError("unreachable")
