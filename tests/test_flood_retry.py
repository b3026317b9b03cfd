"""One flood-retry policy: ``bot.retry`` decides, within its bound; nobody waits again.

Telegram's 429 ("retry after N") is produced by aiogram's own ``check_response`` from the
JSON Telegram sends, inside the fake Telegram session, so the bot's session middleware
and the import job meet it exactly as they would in production.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import pytest
from aiogram import Bot
from aiogram.methods import EditMessageText, TelegramMethod

from bot.retry import RetryAfterMiddleware
from tests.conftest import BotWorld
from tests.telegram import ChatUser

FINAL = "🎉 5 read: 5 created"


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every wait of a second or more anybody asks for, noted instead of waited."""
    asked: list[float] = []
    original = asyncio.sleep

    async def sleep(delay: float, result: Any = None) -> Any:
        if delay >= 1:
            asked.append(delay)
            delay = 0
        return await original(delay, result)

    monkeypatch.setattr(asyncio, "sleep", sleep)
    return asked


def flood(world: BotWorld, monkeypatch: pytest.MonkeyPatch, retry_after: int,
          refuse: Callable[[EditMessageText, int], bool]) -> list[str]:
    """Telegram answers 429 to the summary edits ``refuse`` picks (given the edit and how
    many edits of that text were tried before); returns every edit tried, by text."""
    original = world.telegram.make_request
    tried: list[str] = []

    async def make_request(bot: Bot, method: TelegramMethod[Any],
                           timeout: int | None = None) -> Any:
        if isinstance(method, EditMessageText):
            text = method.text or ""
            earlier = tried.count(text)
            tried.append(text)
            if refuse(method, earlier):
                bot.session.check_response(bot, method, 429, json.dumps({
                    "ok": False, "error_code": 429,
                    "description": f"Too Many Requests: retry after {retry_after}",
                    "parameters": {"retry_after": retry_after}}))
        return await original(bot, method, timeout)

    monkeypatch.setattr(world.telegram, "make_request", make_request)
    return tried


async def long_import(world: BotWorld, admin: ChatUser, project_id: int,
                      monkeypatch: pytest.MonkeyPatch) -> Any:
    world.app.settings.import_batch_size = 2
    world.app.settings.import_progress_seconds = 0
    users = [{"pk": str(700 + n), "username": f"flood{n}", "project_id": project_id}
             for n in range(5)]
    return await admin.send(json.dumps(users))


def finals(tried: list[str]) -> list[str]:
    return [text for text in tried if FINAL in text]


async def test_a_short_flood_wait_is_retried_by_the_session_alone(
        world: BotWorld, admin: ChatUser, project_id: int,
        monkeypatch: pytest.MonkeyPatch, sleeps: list[float]) -> None:
    tried = flood(world, monkeypatch, 2, lambda m, earlier: FINAL in (m.text or "")
                  and earlier < 2)
    reply = await long_import(world, admin, project_id, monkeypatch)
    # Refused twice, then edited in place: three tries in all, one message.
    assert len(finals(tried)) == 3
    assert sleeps == [2, 2]
    assert len(reply.sent) == 1
    summary = world.telegram.messages[(admin.chat.id, reply.sent[0].message.message_id)]
    assert FINAL in (summary.text or "")
    assert await world.app.repo.count_users(project_id) == 5


async def test_flood_past_the_retries_sends_the_summary_anew_without_waiting_again(
        world: BotWorld, admin: ChatUser, project_id: int,
        monkeypatch: pytest.MonkeyPatch, sleeps: list[float]) -> None:
    tried = flood(world, monkeypatch, 2, lambda m, earlier: FINAL in (m.text or ""))
    reply = await long_import(world, admin, project_id, monkeypatch)
    # The session's attempts and waits, and not one more: the job does not retry.
    attempts = RetryAfterMiddleware().attempts
    assert len(finals(tried)) == attempts
    assert sleeps == [2] * (attempts - 1)
    assert [FINAL in s.text for s in reply.sent] == [False, True]  # progress, then result
    assert await world.app.repo.count_users(project_id) == 5


async def test_a_wait_longer_than_the_bound_is_not_waited(
        world: BotWorld, admin: ChatUser, project_id: int,
        monkeypatch: pytest.MonkeyPatch, sleeps: list[float]) -> None:
    bound = RetryAfterMiddleware().max_wait
    tried = flood(world, monkeypatch, int(bound) + 15, lambda m, earlier: True)
    reply = await long_import(world, admin, project_id, monkeypatch)
    assert sleeps == []  # nobody waited the 45 s, nor any part of it
    assert len(finals(tried)) == 1
    assert FINAL in reply.sent[-1].text
    assert await world.app.repo.count_users(project_id) == 5
