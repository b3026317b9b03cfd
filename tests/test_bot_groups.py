"""Group chats (issue 9, point 6): the bot reacts only to what is meant for it."""

from __future__ import annotations

import json

from aiogram.methods import SendMessage

from tests.conftest import ADMIN_ID, STRANGER_ID, BotWorld
from tests.telegram import ChatUser, Reply, Shown

GROUP = -100500


def in_group(world: BotWorld, user_id: int) -> ChatUser:
    return world.user(user_id, chat_id=GROUP, chat_type="group")


async def reply_to(user: ChatUser, shown: Shown, text: str) -> Reply:
    """``text`` sent as a reply to the bot's message ``shown``."""
    return await user._feed(message=user._message(text=text, reply_to_message=shown.message))


def sent_count(world: BotWorld) -> int:
    return sum(1 for m in world.telegram.requests if isinstance(m, SendMessage))


async def test_ordinary_group_talk_is_ignored(world: BotWorld, project_id: int) -> None:
    admin, stranger = in_group(world, ADMIN_ID), in_group(world, STRANGER_ID)
    for user, text in ((admin, "good morning"), (admin, "12345"), (admin, "@someone"),
                       (stranger, "hello all"), (stranger, '{"pk": "1"}'),
                       (admin, "/add@some_other_bot")):
        reply = await user.send(text)
        assert reply.sent == [], (text, reply.texts)
    assert sent_count(world) == 0


async def test_a_stranger_is_refused_only_when_addressing_the_bot(world: BotWorld) -> None:
    stranger = in_group(world, STRANGER_ID)
    reply = await stranger.send("/add@igbot_test_bot")
    assert reply.last.text.startswith("⛔ This bot is for its admins only.")
    reply = await stranger.send("/help")
    assert reply.last.text.startswith("⛔")


async def test_wizard_in_a_group_takes_only_replies(world: BotWorld, project_id: int) -> None:
    admin = in_group(world, ADMIN_ID)
    await world.app.prefs.set_current_project(ADMIN_ID, project_id)
    step = await admin.send("/add")
    assert "step 2 of 8" in step.last.text
    chatter = await admin.send("1111")  # ordinary chat line, not a reply: ignored
    assert chatter.sent == [] and chatter.edited == []
    reply = await reply_to(admin, step.last, "2222")
    assert "step 3 of 8" in reply.last.text
    reply = await reply_to(admin, reply.last, "group.user")
    assert "step 4 of 8" in reply.last.text
    saved = await admin.click(r"✅ Save now")
    assert saved.last.text.startswith("✅ Created.")
    user = await world.app.repo.get_user("2222", project_id)
    assert user is not None and user.username == "group.user"


async def test_json_and_documents_from_an_admin_are_imported(world: BotWorld,
                                                             project_id: int) -> None:
    admin = in_group(world, ADMIN_ID)
    reply = await admin.send(json.dumps({"pk": "31", "username": "g.one",
                                         "project_id": project_id}))
    assert reply.last.text.startswith("✅ Created.")
    reply = await admin.send_document("u.json", json.dumps(
        {"pk": "32", "username": "g.two", "project_id": project_id}).encode())
    assert reply.last.text.startswith("✅ Created.")
    assert await world.app.repo.count_users(project_id) == 2


async def test_private_chat_is_unchanged(admin: ChatUser, project_id: int) -> None:
    reply = await admin.send("good morning")
    assert reply.last.text.startswith("If you were filling in a form, it was closed")


async def test_help_says_how_groups_work(admin: ChatUser) -> None:
    reply = await admin.send("/help")
    assert "In a group" in reply.last.text and "privacy mode" in reply.last.text
