"""Access control, /start, /help, /cancel and unknown commands through the real Dispatcher."""

from __future__ import annotations

from tests.conftest import STRANGER_ID, BotWorld
from tests.telegram import ChatUser


async def test_help_lists_commands(admin: ChatUser) -> None:
    reply = await admin.send("/start")
    assert "/add" in reply.last.text and "/list" in reply.last.text
    assert '"username": "acme.shop"' in reply.last.text


async def test_stranger_is_refused_with_their_id(stranger: ChatUser, world: BotWorld) -> None:
    reply = await stranger.send("/projects")
    assert len(reply.sent) == 1
    assert f"Your Telegram id is {STRANGER_ID}" in reply.last.text


async def test_russian_help(world: BotWorld) -> None:
    admin_ru = world.user(language_code="ru")
    reply = await admin_ru.send("/help")
    assert "Добавляет аккаунты Instagram" in reply.last.text


async def test_unknown_command_hints_help(admin: ChatUser) -> None:
    reply = await admin.send("/frobnicate")
    assert reply.last.text == "I don't know that command. Send /help to see the ones I know."


async def test_cancel_with_nothing_open(admin: ChatUser) -> None:
    reply = await admin.send("/cancel")
    assert reply.last.text.startswith("Nothing to cancel.")
