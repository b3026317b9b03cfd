"""Fewer taps for the common case, and buttons that can be tapped twice (issue 9, 4 and 5).

Through the real Dispatcher and PostgreSQL; only Telegram is faked.
"""

from __future__ import annotations

import asyncio

from bot.service import CreateUserService
from repository.instagram import InstagramRepository
from tests.conftest import ADMIN_ID, OTHER_ADMIN_ID, BotWorld
from tests.telegram import ChatUser, Reply, Shown

SAVE_NOW = r"✅ Save now"
SAVE = r"✅ Save"
NAV = ["◀️ Back", "✖️ Cancel"]


class CountingAdmin:
    """An admin whose every message and tap is counted as one action."""

    def __init__(self, user: ChatUser) -> None:
        self.user = user
        self.actions = 0

    async def send(self, text: str) -> Reply:
        self.actions += 1
        return await self.user.send(text)

    async def click(self, pattern: str) -> Reply:
        self.actions += 1
        return await self.user.click(pattern)


async def make_current(world: BotWorld, project_id: int) -> None:
    await world.app.prefs.set_current_project(ADMIN_ID, project_id)


async def test_minimal_add_takes_four_actions(admin: ChatUser, world: BotWorld,
                                              project_id: int,
                                              repo: InstagramRepository) -> None:
    """Measured on the old wizard: 10 actions (/add, project, pk, username, Skip, Next,
    Skip, Skip, Skip, Save)."""
    await make_current(world, project_id)
    counted = CountingAdmin(admin)
    reply = await counted.send("/add")
    assert f"step 2 of 8\nProject: Acme (#{project_id})" in reply.last.text
    await counted.send("1234567890")
    reply = await counted.send("acme.shop")
    assert "✅ Save now" in reply.last.button_texts
    reply = await counted.click(SAVE_NOW)
    assert reply.last.text.startswith("✅ Created.")
    assert counted.actions == 4
    user = await repo.get_user("1234567890", project_id)
    assert user is not None and user.username == "acme.shop"
    assert user.full_name == "" and user.requester_telegram_id == str(ADMIN_ID)


async def test_add_with_a_handle_prefills_the_username(admin: ChatUser, world: BotWorld,
                                                       project_id: int,
                                                       repo: InstagramRepository) -> None:
    await make_current(world, project_id)
    counted = CountingAdmin(admin)
    reply = await counted.send("/add https://www.instagram.com/Acme.Shop/")
    assert "step 2 of 8" in reply.last.text and "numeric id (pk)" in reply.last.text
    reply = await counted.send("555")
    assert "step 4 of 8" in reply.last.text  # the username was given
    reply = await counted.click(SAVE_NOW)
    assert reply.last.text.startswith("✅ Created.")
    assert counted.actions == 3
    user = await repo.get_user("555", project_id)
    assert user is not None and user.username == "acme.shop"


async def test_add_with_a_pk_prefills_the_pk(admin: ChatUser, project_id: int) -> None:
    """No current project yet: the project is asked first, then the username."""
    reply = await admin.send("/add 777")
    assert "step 1 of 8" in reply.last.text
    reply = await admin.click(r"Acme .*")
    assert "step 3 of 8" in reply.last.text and "Send the username" in reply.last.text


async def test_add_with_something_else_says_what_it_takes(admin: ChatUser,
                                                          project_id: int) -> None:
    reply = await admin.send("/add Acme Shop")
    assert reply.last.text == (
        "/add takes a profile link, an @handle or a pk (digits), like /add @acme.shop; "
        "“Acme Shop” is none of these.")
    reply = await admin.send("/add 0123")
    assert reply.last.text == "❌ pk: must not start with 0."


async def test_stored_handle_answers_with_its_card_at_once(
        admin: ChatUser, world: BotWorld, project_id: int,
        service: CreateUserService) -> None:
    await service.create_instagram_user(
        {"pk": "42", "username": "acme.shop", "full_name": "Acme",
         "project_id": project_id}, requester=str(OTHER_ADMIN_ID))
    await make_current(world, project_id)
    for command in ("/add @Acme.Shop", "/add 42"):
        reply = await admin.send(command)
        assert reply.last.text.startswith("👤 Already exists in this project:")
        assert "@acme.shop — Acme" in reply.last.text and "pk: 42" in reply.last.text
        assert f"by {OTHER_ADMIN_ID}" in reply.last.text
    # Nothing was opened: plain text is not taken as a wizard answer.
    assert not admin.last_shown().buttons


async def test_same_username_under_another_pk_warns(admin: ChatUser, world: BotWorld,
                                                    project_id: int,
                                                    service: CreateUserService,
                                                    repo: InstagramRepository) -> None:
    await service.create_instagram_user(
        {"pk": "51234567890", "username": "acme.shop", "project_id": project_id},
        requester=str(ADMIN_ID))
    await make_current(world, project_id)
    await admin.send("/add")
    await admin.send("999")
    reply = await admin.send("@acme.shop")
    assert "step 3 of 8" in reply.last.text
    assert ("⚠️ @acme.shop is already in this project with pk 51234567890. Press “Add "
            "anyway” to add this pk too, or send another username.") in reply.last.text
    assert reply.last.button_texts == ["➕ Add anyway", *NAV]
    reply = await admin.click(r"➕ Add anyway")
    assert "step 4 of 8" in reply.last.text and "⚠️" not in reply.last.text
    await admin.click(SAVE_NOW)
    assert await repo.count_users(project_id) == 2
    # Another username instead: no warning left.
    await admin.send("/add")
    await admin.send("1000")
    await admin.send("acme.shop")
    reply = await admin.send("acme.other")
    assert "step 4 of 8" in reply.last.text and "⚠️" not in reply.last.text


async def test_project_opened_from_the_summary_has_back(admin: ChatUser, world: BotWorld,
                                                       project_id: int) -> None:
    await make_current(world, project_id)
    await admin.send("/add")
    await admin.send("31")
    await admin.send("acme")
    for _ in range(1):
        await admin.click(r"Skip ⏭")
    await admin.click(r"Next ▶️")
    for _ in range(3):
        await admin.click(r"Skip ⏭")
    reply = await admin.click(r"✏️ Project")
    assert reply.last.button_texts[-2:] == NAV
    reply = await admin.click(r"◀️ Back")
    assert reply.last.text.startswith("📋 New Instagram user — check before saving")
    assert "pk: 31" in reply.last.text


async def test_add_another_starts_a_new_user(admin: ChatUser, world: BotWorld,
                                             project_id: int) -> None:
    await make_current(world, project_id)
    await admin.send("/add")
    await admin.send("1")
    await admin.send("first")
    saved = await admin.click(SAVE_NOW)
    reply = await admin.click(r"➕ Add another", saved.last)
    result = Shown(admin.telegram.messages[(admin.chat.id, saved.last.message.message_id)])
    assert result.text.startswith("✅ Created.")  # kept
    assert result.buttons == []
    assert f"step 2 of 8\nProject: Acme (#{project_id})" in reply.last.text
    assert "Now:" not in reply.last.text


# --- idempotent buttons ---------------------------------------------------------------
async def summary_of(admin: ChatUser, world: BotWorld, project_id: int, pk: str) -> Reply:
    await make_current(world, project_id)
    await admin.send("/add")
    await admin.send(pk)
    await admin.send("twice")
    await admin.click(r"Skip ⏭")
    await admin.click(r"Next ▶️")
    for _ in range(2):
        await admin.click(r"Skip ⏭")
    return await admin.click(r"Skip ⏭")


async def test_second_tap_on_save_answers_already_saved(admin: ChatUser, world: BotWorld,
                                                        project_id: int,
                                                        repo: InstagramRepository) -> None:
    summary = await summary_of(admin, world, project_id, "77")
    first = await admin.click(SAVE, summary.last, as_seen=True)
    assert first.last.text.startswith("✅ Created.")
    second = await admin.click(SAVE, summary.last, as_seen=True)
    assert second.callback_answer is not None
    assert second.callback_answer.text == "Already saved."
    assert second.sent == [] and second.edited == []  # no "out of date, start again"
    assert await repo.count_users(project_id) == 1


async def test_two_taps_at_once_make_one_row(admin: ChatUser, world: BotWorld,
                                             project_id: int,
                                             repo: InstagramRepository) -> None:
    summary = await summary_of(admin, world, project_id, "78")
    replies = await asyncio.gather(admin.click(SAVE, summary.last, as_seen=True),
                                   admin.click(SAVE, summary.last, as_seen=True))
    texts = [t for r in replies for t in r.texts]
    assert any(t.startswith("✅ Created.") for t in texts)
    assert not any("out of date" in t for t in texts)
    # Both taps were answered (each Reply sees both chats' traffic: read the session's).
    answers = sorted(str(a.text) for a in admin.telegram.callback_answers.values())
    assert "Already saved." in answers
    assert await repo.count_users(project_id) == 1


async def test_second_tap_on_an_import_project_button(admin: ChatUser, project_id: int,
                                                      repo: InstagramRepository) -> None:
    question = await admin.send('{"pk": "1234567890", "username": "acme.shop"}')
    first = await admin.click(r"Acme .*", question.last, as_seen=True)
    assert any("Created" in t for t in first.texts)
    second = await admin.click(r"Acme .*", question.last, as_seen=True)
    assert second.callback_answer is not None
    assert second.callback_answer.text == "Already imported."
    assert second.sent == []
    assert await repo.count_users(project_id) == 1


async def test_second_tap_on_cancel(admin: ChatUser, project_id: int) -> None:
    await admin.send("/add")
    menu = admin.last_shown()
    await admin.click(r"✖️ Cancel", menu, as_seen=True)
    again = await admin.click(r"✖️ Cancel", menu, as_seen=True)
    assert again.callback_answer is not None
    assert again.callback_answer.text == "Already cancelled."
    assert again.sent == []
