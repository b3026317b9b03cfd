"""Nothing an admin sends is swallowed, no hidden or resurrected questions, forms are
never dropped silently (issue 9, points 1-3). Real Dispatcher and PostgreSQL."""

from __future__ import annotations

import json

from aiogram_dialog.test_tools.memory_storage import JsonMemoryStorage

from bot.factory import create_dispatcher
from handlers import get_routers
from tests.conftest import ADMIN_ID, BotWorld
from tests.telegram import ChatUser, Reply, Shown


def only(reply: Reply) -> str:
    assert len(reply.sent) == 1, reply.texts
    return reply.sent[0].text


def now(world: BotWorld, admin: ChatUser, shown: Shown) -> Shown:
    return Shown(world.telegram.messages[(admin.chat.id, shown.message.message_id)])


async def add_users(world: BotWorld, project_id: int, count: int) -> None:
    for n in range(count):
        await world.app.service.create_instagram_user(
            {"pk": str(5000 + n), "username": f"listed{n}", "project_id": project_id})


# --- 1. a list is not a form ----------------------------------------------------------
async def test_link_and_handle_with_a_list_open_ask_for_the_pk(world: BotWorld,
                                                              admin: ChatUser,
                                                              project_id: int) -> None:
    await add_users(world, project_id, 12)
    await world.app.prefs.set_current_project(ADMIN_ID, project_id)
    page = await admin.send(f"/list {project_id}")
    asked = await admin.send("https://instagram.com/acme.shop")
    assert "What is the pk of @acme.shop?" in only(asked)
    done = await admin.send("4242")
    assert only(done).startswith("✅ Created.")
    assert "still waiting" not in only(done)
    # The list still pages by itself.
    paged = await admin.click(r"Next ▶", page.last)
    assert "Page 2 of 2" in paged.last.text
    asked = await admin.send("@other.shop")
    assert "What is the pk of @other.shop?" in only(asked)


async def test_json_with_a_list_open_has_no_form_waiting_note(world: BotWorld,
                                                             admin: ChatUser,
                                                             project_id: int) -> None:
    await admin.send("/list")
    reply = await admin.send(json.dumps({"pk": "77", "username": "pasted",
                                         "project_id": project_id}))
    assert only(reply).startswith("✅ Created.")
    assert "form you opened earlier" not in only(reply)
    document = await admin.send_document("u.json", json.dumps(
        [{"pk": "78", "username": "doc", "project_id": project_id}]).encode())
    assert "form you opened earlier" not in only(document)
    forwarded = await admin.forward(json.dumps({"pk": "79", "username": "fwd",
                                                "project_id": project_id}))
    assert only(forwarded).startswith("✅ Created.")
    assert await world.app.repo.count_users(project_id) == 3


async def test_list_keeps_the_open_form(world: BotWorld, admin: ChatUser,
                                        project_id: int) -> None:
    """/list while the wizard has data: the wizard is not thrown away."""
    await world.app.prefs.set_current_project(ADMIN_ID, project_id)
    await admin.send("/add")
    await admin.send("123")
    listing = await admin.send("/list")
    assert listing.last.text.startswith("Whose users?")
    reply = await admin.send("kept.user")
    assert "step 4 of 8" in reply.last.text  # the username step took it
    await admin.click(r"✅ Save now")
    user = await world.app.repo.get_user("123", project_id)
    assert user is not None and user.username == "kept.user"


async def test_link_while_the_wizard_waits_for_buttons(world: BotWorld, admin: ChatUser,
                                                       project_id: int) -> None:
    """The flags step takes buttons only: a link is handled, the wizard carries on."""
    await world.app.prefs.set_current_project(ADMIN_ID, project_id)
    await admin.send("/add")
    await admin.send("1")
    await admin.send("in.wizard")
    await admin.click(r"Skip ⏭")  # now at the flags step
    asked = await admin.send("@linked")
    assert "What is the pk of @linked?" in asked.last.text
    done = await admin.send("2")
    assert any(t.startswith("✅ Created.") for t in done.texts)
    assert any("step 5 of 8" in t for t in done.texts)  # the wizard carries on
    await admin.click(r"✅ Save now")
    assert await world.app.repo.count_users(project_id) == 2


# --- 2. no hidden or resurrected questions ----------------------------------------------
async def test_paste_with_no_projects_creates_one_right_there(world: BotWorld,
                                                              admin: ChatUser) -> None:
    asked = await admin.send(json.dumps({"pk": "900", "username": "first.user"}))
    assert "There are no active projects yet. Press “New project”" in only(asked)
    assert asked.last.button_texts == ["➕ New project", "✖️ Cancel"]
    named = await admin.click(r"➕ New project")
    assert "Send the new project's name" in named.last.text
    reply = await admin.send("   ")
    assert "❌ The name is empty" in reply.last.text
    done = await admin.send("  Acme   Shops ")
    text = "\n".join(done.texts)
    assert "📁 Project Acme Shops (#" in text and "it is your current project" in text
    assert "✅ Created." in text
    projects = await world.app.repo.list_projects()
    assert [p.name for p in projects] == ["Acme Shops"]
    assert await world.app.prefs.get_current_project(ADMIN_ID) == projects[0].id
    assert await world.app.repo.get_user("900", projects[0].id) is not None
    # Nothing waits any more: a later message is not taken by a hidden question.
    later = await admin.send("Acme Shop official account")
    assert later.last.text.startswith("If you were filling in a form, it was closed")
    assert await world.app.repo.count_users() == 1


async def test_second_paste_replaces_the_project_question(world: BotWorld,
                                                          admin: ChatUser,
                                                          project_id: int) -> None:
    first = await admin.send(json.dumps({"pk": "901", "username": "one"}))
    second = await admin.send(json.dumps({"pk": "902", "username": "two"}))
    assert now(world, admin, first.last).buttons == []  # the first question is gone
    done = await admin.click(r"Acme .*", second.last)
    assert any("✅ Created." in t for t in done.texts)
    assert await world.app.repo.get_user("902", project_id) is not None
    assert await world.app.repo.get_user("901", project_id) is None
    # The first question's old button does nothing more, quietly.
    old = await admin.click(r"Acme .*", first.last, as_seen=True)
    assert old.callback_answer is not None and old.sent == []
    assert await world.app.repo.count_users() == 1


# --- 3. forms gone anyway ---------------------------------------------------------------
async def test_answer_to_a_lost_form_says_it_was_closed(world: BotWorld,
                                                        project_id: int) -> None:
    admin = world.user()
    await admin.send("/add")
    await admin.click(r"Acme .*")
    # The state is lost (memory storage and a restart): a new Dispatcher, empty storage.
    restarted = create_dispatcher(world.app, get_routers(), storage=JsonMemoryStorage())
    after = ChatUser(restarted, world.bot, world.telegram, admin.user.id)
    # A bare pk or username is a search (/find) when nothing is open; other answers:
    for answer in ("Acme Shop official account", "Followed by acme + 3 more"):
        reply = await after.send(answer)
        assert reply.last.text == (
            "If you were filling in a form, it was closed; send /add again. Without a "
            "form, send a JSON profile, a profile link or @handle; /help lists everything.")
    reply = await after.send("1234567890")
    assert reply.last.text.startswith("Nothing found for 1234567890.")
    reply = await after.send("line one\nline two")
    assert reply.last.text.startswith("I didn't understand that.")
