"""Forged button presses (issue 7 §4): a project button whose data carries a 20-digit or
a non-numeric project id is answered "this button is not valid", and nothing changes."""

from __future__ import annotations

import itertools

import pytest
from aiogram.types import CallbackQuery

from tests.conftest import BotWorld
from tests.telegram import ChatUser

_ids = itertools.count(1)


async def press_forged(admin: ChatUser, forged_item: str) -> str | None:
    """Press the first project button of the latest picker with its item id replaced."""
    shown = admin.last_shown()
    button = next(b for b in shown.buttons if "(#" in b.text)
    data = str(button.callback_data)
    prefix, _, _ = data.rpartition(":")
    callback_id = f"forged{next(_ids)}"
    admin._callback_ids.add(callback_id)
    reply = await admin._feed(callback_query=CallbackQuery(
        id=callback_id, from_user=admin.user, chat_instance="ci", message=shown.message,
        data=f"{prefix}:{forged_item}"))
    assert reply.callback_answer is not None
    return reply.callback_answer.text


@pytest.mark.parametrize("command", ["/add", "/list"])
@pytest.mark.parametrize("forged", ["99999999999999999999", "12abc", "-1", "0", "１"])
async def test_a_forged_project_button_is_not_valid(
        world: BotWorld, admin: ChatUser, project_id: int, command: str,
        forged: str) -> None:
    await admin.send(command)
    text = await press_forged(admin, forged)
    assert text == ("This button is not valid. Use the buttons of the latest message, or "
                    "start again with /help.")
    assert await world.app.repo.count_users() == 0
    # The real button still works afterwards.
    reply = await admin.click(r"Acme \(#\d+\)")
    assert reply.texts
