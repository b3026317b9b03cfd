"""What nothing else handled: unknown commands and stray messages."""

from __future__ import annotations

import re

from aiogram import Router
from aiogram.types import Message

from bot.i18n import Translator

COMMAND = re.compile(r"^/[A-Za-z0-9_]+(@\w+)?(\s|$)")


async def is_command(message: Message) -> bool:
    """A ``/command`` text. A coroutine on purpose: aiogram runs a plain-function filter
    (a magic ``F`` filter too) in a worker thread, a thread hop for every text message."""
    return message.text is not None and COMMAND.match(message.text) is not None


# What a form's answer looks like: one line, no longer than a text field.
ANSWER_MAX = 255


def looks_like_an_answer(message: Message) -> bool:
    """A short one-line text: a pk, a username, a name... what a form step asks for."""
    text = (message.text or "").strip()
    return bool(text) and "\n" not in text and len(text) <= ANSWER_MAX


def create_commands_router() -> Router:
    """Unknown ``/commands``; included before the dialogs so no dialog takes them as input."""
    router = Router(name="unknown-commands")

    @router.message(is_command)
    async def unknown_command(message: Message, tr: Translator) -> None:
        await message.answer(tr("unknown-command"))

    return router


def create_router() -> Router:
    """Anything else, after the dialogs: say what the bot understands."""
    router = Router(name="fallback")

    @router.message()
    async def not_understood(message: Message, tr: Translator) -> None:
        if looks_like_an_answer(message):
            # Most likely an answer to a form that is gone (closed, or from before the
            # state was lost): say so, rather than "I didn't understand that".
            await message.answer(tr("form-closed"))
            return
        await message.answer(tr("not-understood"))

    return router
