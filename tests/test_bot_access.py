"""Access control, /start, /help, /cancel and unknown commands through the real Dispatcher."""

from __future__ import annotations

import logging
from datetime import datetime

import pytest
from aiogram.methods import GetFile, SendMessage
from aiogram.types import CallbackQuery, Message, Update

from repository.instagram import InstagramRepository
from tests.conftest import ADMIN_ID, STRANGER_ID, BotWorld
from tests.telegram import BOT_USER, ApiError, ChatUser


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


USER_JSON = '{"pk": "1234567890", "username": "acme.shop", "project_id": %d}'


@pytest.mark.parametrize("chat_type", ["private", "group"])
async def test_stranger_refused_for_every_kind_of_update(
    world: BotWorld, project_id: int, repo: InstagramRepository, chat_type: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    chat_id = STRANGER_ID if chat_type == "private" else -1001
    stranger = world.user(STRANGER_ID, chat_id=chat_id, chat_type=chat_type)
    refusal = f"Your Telegram id is {STRANGER_ID}"
    caplog.set_level(logging.WARNING, logger="igbot.access")

    replies = [
        await stranger.send("/add"),
        await stranger.send("hello"),
        await stranger.send(USER_JSON % project_id),
        await stranger.forward(USER_JSON % project_id),
        await stranger.send_document("users.json", (USER_JSON % project_id).encode()),
    ]
    if chat_type == "group":
        # In a group only what addresses the bot is refused; the rest of the group's talk
        # (a stranger's JSON or file included) is left alone (issue 9).
        replies, ignored = replies[:1], replies[1:]
        assert all(r.sent == [] for r in ignored)
    for reply in replies:
        assert [s.text for s in reply.sent] == [reply.last.text]
        assert refusal in reply.last.text

    bot_message = Message(message_id=5, date=datetime.now(), chat=stranger.chat,
                          from_user=BOT_USER, text="old menu")
    callback = CallbackQuery(id="cb-stranger", from_user=stranger.user, chat_instance="x",
                             message=bot_message, data="aiogd:anything")
    await world.dp.feed_update(world.bot, Update(update_id=9999, callback_query=callback))
    answer = world.telegram.callback_answers["cb-stranger"]
    assert answer.show_alert and refusal + ";" in (answer.text or "")

    assert await repo.count_users() == 0  # nothing was written
    assert not any(isinstance(m, GetFile) for m in world.telegram.requests)  # nor downloaded
    refused = [r for r in caplog.records if "refused" in r.getMessage()]
    assert len(refused) == (6 if chat_type == "private" else 2)
    assert all(str(STRANGER_ID) in r.getMessage() for r in refused)


async def test_refusal_in_russian(world: BotWorld) -> None:
    stranger = world.user(STRANGER_ID, language_code="ru")
    reply = await stranger.send("/start")
    assert f"Ваш id в Telegram: {STRANGER_ID}" in reply.last.text


async def test_empty_admin_list_refuses_everybody(world: BotWorld) -> None:
    world.app.settings.admin_ids = frozenset()
    reply = await world.user(ADMIN_ID).send("/help")
    assert "This bot is for its admins only" in reply.last.text


async def test_flood_control_is_retried(world: BotWorld, admin: ChatUser) -> None:
    """Telegram says "retry after 1s" once: the reply still arrives, after the wait (the
    shortest Telegram asks for: aiogram reads ``retry_after: 0`` as no flood control)."""
    world.telegram.fail_next(SendMessage, ApiError(
        "Too Many Requests: retry after 1", 429, retry_after=1))
    reply = await admin.send("/help")
    sent = [m for m in world.telegram.requests if isinstance(m, SendMessage)]
    assert len(sent) == 2  # the refused one and its retry
    assert "Adds Instagram accounts" in reply.last.text
