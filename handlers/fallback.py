"""What nothing else handled: unknown commands and stray messages."""

from __future__ import annotations

from aiogram import Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.types import Message

from bot.i18n import Translator
from handlers.filters import is_command

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
        if message.text is None:
            raise SkipHandler  # a document or photo captioned "/...": still a document
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
