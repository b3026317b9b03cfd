"""Buttons from an old message or from before a lost state: answered politely, and the
open form is kept."""

from __future__ import annotations

from aiogram_dialog.test_tools.memory_storage import JsonMemoryStorage

from bot.factory import create_dispatcher
from handlers import get_routers
from tests.conftest import BotWorld
from tests.telegram import ChatUser


async def test_button_from_before_a_restart(world: BotWorld, project_id: int) -> None:
    admin = world.user()
    await admin.send("/add")
    old_menu = admin.last_shown()
    assert old_menu.buttons

    # A restart: the same chat, a new Dispatcher with empty dialog storage.
    restarted = create_dispatcher(world.app, get_routers(), storage=JsonMemoryStorage())
    admin_after = ChatUser(restarted, world.bot, world.telegram, admin.user.id)
    reply = await admin_after.click(r".*Acme.*", old_menu)

    assert reply.callback_answer is not None
    assert reply.callback_answer.text == "This button is from an old message."
    assert reply.sent[-1].text.startswith("That message is out of date")
    assert not world.telegram.messages[(admin.chat.id, old_menu.message.message_id)].reply_markup

    # The admin can start again at once.
    again = await admin_after.send("/add")
    assert "step 1 of 8" in again.last.text


async def test_button_of_a_window_no_longer_on_top(world: BotWorld, project_id: int) -> None:
    """The wizard waits under the import's project question; its old button is outdated."""
    admin = world.user()
    await admin.send("/add")
    wizard_menu = admin.last_shown()
    question = await admin.send('{"pk": "1234567890", "username": "acme.shop"}')
    assert any(b.startswith("Acme") for b in question.last.button_texts)

    reply = await admin.click(r".*Acme.*", wizard_menu, as_seen=True)
    assert reply.callback_answer is not None
    assert reply.callback_answer.text == "This button is from an old message."
    assert reply.sent == []  # no "start again": the open question is not thrown away
    assert await world.app.repo.count_users() == 0
    # The question on top still works.
    reply = await admin.click(r".*Acme.*", question.last)
    assert any("Created" in text for text in reply.texts)
    assert await world.app.repo.count_users() == 1
