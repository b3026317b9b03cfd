"""Find, cards, edit, move/copy, remove and undo, history: through the real Dispatcher."""

from __future__ import annotations

import json
import re
from typing import Any

import asyncpg
import pytest
from aiogram_dialog import DIALOG_EVENT_NAME

from bot.config import Settings
from handlers.manage import OpenCard
from repository.tables import USERS
from tests.conftest import ADMIN_ID, OTHER_ADMIN_ID, BotWorld
from tests.telegram import ChatUser, Reply

EDIT = "✏️ Edit"
MOVE = "📂 Move/Copy"
REMOVE = "🗑 Remove"
HISTORY = "🕘 History"
INSTAGRAM = "🔗 Open on Instagram"


async def add(world: BotWorld, pk: str, username: str, project_id: int, *,
              requester: int | None = ADMIN_ID, **fields: Any) -> str:
    result = await world.app.service.create_instagram_user(
        {"pk": pk, "username": username, "project_id": project_id, **fields},
        requester=str(requester) if requester is not None else None)
    assert result.created and result.user is not None
    return result.user.id


async def row(world: BotWorld, entry_id: str) -> dict[str, Any] | None:
    found = await world.app.repo.pool.fetchrow(
        f"SELECT * FROM {USERS} WHERE id = $1::uuid", entry_id)
    return dict(found) if found is not None else None


def only(reply: Reply) -> str:
    assert len(reply.sent) == 1, reply.texts
    return reply.sent[0].text


# --- find -------------------------------------------------------------------------------
async def test_find_by_prefix_lists_every_match_and_a_button_opens_the_card(
        world: BotWorld, admin: ChatUser, project_id: int) -> None:
    beta = (await world.app.repo.create_project("Beta")).id
    await admin.send("/help")  # the admin wrote to the bot: their name is known
    await add(world, "1", "acme.shop", project_id, full_name="Acme <Shop>")
    await add(world, "1", "acme.shop", beta)
    await add(world, "2", "acme_official", project_id, is_verified=True)
    await add(world, "3", "other", project_id)

    reply = await admin.send("/find acme")
    text = only(reply)
    assert text.startswith("🔎 @acme: 3 accounts")
    assert "@acme.shop — Acme <Shop>" in text  # escaped in HTML, shown as written
    assert "&lt;Shop&gt;" in reply.sent[0].html
    assert f"Acme (#{project_id})" in text and f"Beta (#{beta})" in text
    assert f"by User{ADMIN_ID} (id {ADMIN_ID})" in text
    assert "@other" not in text
    assert reply.sent[0].button_texts == ["1. @acme.shop · Acme", "2. @acme.shop · Beta",
                                          "3. @acme_official · Acme"]

    card = await admin.click(r"2\. @acme\.shop · Beta")
    shown = only(card)
    assert shown.startswith("@acme.shop — —")
    assert "pk: 1" in shown and f"Project: Beta (#{beta})" in shown
    assert re.search(r"Added \d{4}-\d\d-\d\d \d\d:\d\d UTC by User100 \(id 100\)", shown)
    assert card.sent[0].button_texts == [EDIT, MOVE, REMOVE, HISTORY, INSTAGRAM]
    link = card.sent[0].buttons[-1]
    assert link.url == "https://instagram.com/acme.shop"


async def test_added_by_follows_the_admins_latest_name(world: BotWorld,
                                                       project_id: int) -> None:
    await add(world, "1", "acme", project_id)
    admin = world.user(ADMIN_ID)
    assert "by User100 (id 100)" in only(await admin.send("/find acme"))
    admin.user = admin.user.model_copy(update={"first_name": "Alice", "last_name": "Smith"})
    assert "by Alice Smith (id 100)" in only(await admin.send("/find acme"))
    names = await world.app.repo.pool.fetch("SELECT * FROM igbot_admin_names")
    assert [(r["telegram_id"], r["full_name"]) for r in names] == [("100", "Alice Smith")]


async def test_find_by_pk_or_link_with_one_match_shows_the_card(
        world: BotWorld, admin: ChatUser, project_id: int) -> None:
    await add(world, "51234567890", "acme.shop", project_id, is_private=True)
    for query in ("51234567890", "https://www.instagram.com/acme.shop/", "@Acme.Shop"):
        text = only(await admin.send(f"/find {query}"))
        assert text.startswith("@acme.shop"), text
        assert "🔒 Private: yes · ☑️ Verified: no" in text


async def test_find_explains_bad_or_missing_queries(admin: ChatUser, project_id: int) -> None:
    assert "Send what to look for" in only(await admin.send("/find"))
    assert only(await admin.send("/find ac$me")).startswith(
        "“ac$me” is not a username, pk or profile link.")
    assert only(await admin.send("/find nobody")).startswith("Nothing found for @nobody.")


async def test_find_shows_one_page_and_counts_the_rest(
        world: BotWorld, admin: ChatUser, project_id: int) -> None:
    pool = world.app.repo.pool
    await pool.execute(
        f"INSERT INTO {USERS} (search_username, user_pk, username, project_id)"
        " SELECT 'manual_shop' || g, g::text, 'shop' || lpad(g::text, 3, '0'), $1"
        " FROM generate_series(1, 25) g", project_id)
    reply = await admin.send("/search shop")
    text = only(reply)
    assert text.startswith("🔎 @shop: 25 accounts")
    assert len(reply.sent[0].buttons) == 10
    assert "… and 15 more" in text


async def test_a_bare_username_or_pk_is_a_search_only_with_nothing_open(
        world: BotWorld, admin: ChatUser, project_id: int) -> None:
    await add(world, "777", "acme.shop", project_id)
    assert only(await admin.send("acme")).startswith("@acme.shop")
    assert only(await admin.send("777")).startswith("@acme.shop")
    # Other answer-like text with nothing open: a form that is gone (issue 9).
    assert only(await admin.send("two words")).startswith(
        "If you were filling in a form, it was closed")
    # With the wizard open, the same text is the wizard's answer.
    await admin.send("/add")
    await admin.click(rf"Acme \(#{project_id}\)")
    reply = await admin.send("777")
    assert "Send the username" in reply.last.text


async def test_open_card_callback_data_is_the_shared_contract(
        world: BotWorld, admin: ChatUser, project_id: int) -> None:
    """The /list pager's buttons send ``card:<row id>``; with its dialog open, the press
    opens the card (an open dialog must not swallow it)."""
    from aiogram.types import CallbackQuery

    entry_id = await add(world, "1", "acme", project_id)
    assert OpenCard(id=entry_id).pack() == f"card:{entry_id}"
    listing = await admin.send(f"/list {project_id}")
    press = CallbackQuery(id="cb-card", from_user=admin.user, chat_instance="ci",
                          message=listing.last.message, data=f"card:{entry_id}")
    admin._callback_ids.add("cb-card")
    reply = await admin._feed(callback_query=press)
    assert only(reply).startswith("@acme")
    assert reply.sent[0].button_texts == [EDIT, MOVE, REMOVE, HISTORY, INSTAGRAM]


async def test_find_in_russian(world: BotWorld, project_id: int) -> None:
    await add(world, "1", "acme.shop", project_id)
    await add(world, "2", "acme.two", project_id)
    russian = world.user(ADMIN_ID, language_code="ru")
    text = only(await russian.send("/find acme"))
    assert text.startswith("🔎 @acme: 2 аккаунта")
    card = only(await russian.click(r"1\. @acme\.shop · Acme"))
    assert "Добавлен" in card and "Закрытый: нет" in card


async def test_card_times_follow_timezone(world: BotWorld, admin: ChatUser,
                                          project_id: int) -> None:
    await add(world, "1", "acme", project_id)
    world.app.settings.timezone = "Europe/Moscow"
    text = only(await admin.send("/find acme"))
    assert re.search(r"Added \d{4}-\d\d-\d\d \d\d:\d\d MSK", text), text


def test_timezone_setting_is_checked() -> None:
    with pytest.raises(ValueError, match="not a time zone name"):
        Settings(timezone="Mars/Olympus", _env_file=None)  # type: ignore[call-arg]
    assert Settings(_env_file=None).timezone == "UTC"  # type: ignore[call-arg]


# --- remove and undo --------------------------------------------------------------------
async def test_remove_asks_then_undo_restores_the_row_exactly(
        world: BotWorld, admin: ChatUser, project_id: int) -> None:
    entry_id = await add(world, "1", "acme.shop", project_id, full_name="Acme",
                         metadata={"bio": "x"})
    original = await row(world, entry_id)
    await admin.send("/user acme.shop")
    ask = await admin.click(REMOVE)
    assert ask.last.text == f"Remove @acme.shop from Acme (#{project_id})?"
    assert ask.last.button_texts == ["🗑 Yes, remove", "✖️ Keep"]
    kept = await admin.click("✖️ Keep")
    assert kept.last.text.startswith("@acme.shop — Acme")
    await admin.click(REMOVE)
    removed = await admin.click("🗑 Yes, remove")
    assert removed.last.text.startswith(f"🗑 Removed @acme.shop from Acme (#{project_id}).")
    assert removed.last.button_texts == ["↩️ Undo"]
    assert await row(world, entry_id) is None
    assert await world.app.repo.pool.fetchval("SELECT count(*) FROM igbot_removed_users") == 1

    undone = await admin.click("↩️ Undo")
    assert undone.last.text.startswith("↩️ Restored.")
    assert await row(world, entry_id) == original
    again = await admin.click("↩️ Undo", removed.last, as_seen=True)
    assert "already undone" in again.last.text


async def test_delete_command_and_a_removed_account_can_be_added_again(
        world: BotWorld, admin: ChatUser, project_id: int) -> None:
    await add(world, "1", "acme", project_id)
    assert "Say which account to remove" in only(await admin.send("/delete"))
    ask = await admin.send("/delete acme")
    assert only(ask) == f"Remove @acme from Acme (#{project_id})?"
    await admin.click("🗑 Yes, remove")
    again = await admin.send(json.dumps({"pk": "1", "username": "acme",
                                         "project_id": project_id}))
    assert only(again).startswith("✅ Created.")


async def test_undo_command_undoes_my_last_change_with_confirmation(
        world: BotWorld, admin: ChatUser, project_id: int) -> None:
    other = world.user(OTHER_ADMIN_ID)
    assert only(await admin.send("/undo")) == "You have no change to undo."
    entry_id = await add(world, "1", "acme", project_id)
    await add(world, "2", "theirs", project_id, requester=OTHER_ADMIN_ID)
    ask = await admin.send("/undo")
    assert only(ask) == f"Undo your last change? You added @acme to Acme (#{project_id})."
    assert await admin.click("✖️ Keep") and await row(world, entry_id) is not None
    await admin.send("/undo")
    done = await admin.click("↩️ Undo it")
    assert done.last.text.startswith("↩️ Undone: you had added @acme")
    assert await row(world, entry_id) is None
    assert only(await admin.send("/undo")) == "You have no change to undo."
    assert "theirs" in only(await other.send("/undo"))


# --- edit, move, copy -------------------------------------------------------------------
async def test_edit_a_field_with_the_wizards_checks(world: BotWorld, admin: ChatUser,
                                                    project_id: int) -> None:
    entry_id = await add(world, "1", "acme", project_id, full_name="Old")
    before = await row(world, entry_id)
    assert before is not None
    await admin.send("/find acme")
    menu = await admin.click(EDIT)
    assert "Choose what to change" in menu.last.text
    await admin.click("✏️ Full name")
    refused = await admin.send("x" * 300)
    assert "has 300 characters; at most 255" in refused.last.text
    saved = await admin.send("New <name>")
    assert saved.last.text.startswith("✅ Saved.")
    assert "@acme — New <name>" in saved.last.text
    after = await row(world, entry_id)
    assert after is not None and after["full_name"] == "New <name>"
    assert after["updated_at"] > before["updated_at"]
    assert after["created_at"] == before["created_at"]

    await admin.click("✏️ Username")
    bad = await admin.send("acme..shop")
    assert "two dots" in bad.last.text
    await admin.send("https://instagram.com/acme.new")
    after = await row(world, entry_id)
    assert after is not None and after["username"] == "acme.new"
    assert after["profile_url"] == "https://instagram.com/acme.new"

    toggled = await admin.click("⬜ Private")
    assert "🔒 Private: yes" in toggled.last.text
    done = await admin.click("✅ Done")
    assert done.last.button_texts == [EDIT, MOVE, REMOVE, HISTORY, INSTAGRAM]
    audited = await world.app.repo.pool.fetch(
        "SELECT actor, action FROM igbot_audit WHERE entry_id = $1 ORDER BY id", entry_id)
    assert [tuple(r) for r in audited] == [(str(ADMIN_ID), "create")] + [
        (str(ADMIN_ID), "edit")] * 3


async def test_edit_pk_respects_uniqueness(world: BotWorld, admin: ChatUser,
                                           project_id: int) -> None:
    await add(world, "1", "first", project_id)
    second = await add(world, "2", "second", project_id)
    await admin.send("/edit second")
    await admin.click("✏️ pk")
    clash = await admin.send("1")
    assert f"Acme (#{project_id}) already holds pk 1 (@first)" in clash.last.text
    stored = await row(world, second)
    assert stored is not None and stored["user_pk"] == "2"
    ok = await admin.send("3")
    assert ok.last.text.startswith("✅ Saved.")


async def test_move_and_copy_to_another_project(world: BotWorld, admin: ChatUser,
                                                project_id: int) -> None:
    beta = (await world.app.repo.create_project("Beta")).id
    gamma = (await world.app.repo.create_project("Gamma")).id
    await add(world, "1", "acme", gamma)
    entry_id = await add(world, "1", "acme", project_id)
    await admin.send("/find 1")
    await admin.click(r"1\. @acme · Acme")
    pick = await admin.click(MOVE)
    assert "Move or copy @acme to which project?" in pick.last.text
    assert f"Acme (#{project_id})" not in pick.last.button_texts
    await admin.click(rf"Gamma \(#{gamma}\)")
    clash = await admin.click("📦 Move")
    assert f"Gamma (#{gamma}) already holds pk 1" in clash.last.text
    await admin.click("◀️ Back")
    await admin.click(rf"Beta \(#{beta}\)")
    copied = await admin.click("📄 Copy")
    assert copied.last.text.startswith(f"✅ Copied to Beta (#{beta}).")
    assert await world.app.repo.get_user("1", beta) is not None
    assert await world.app.repo.get_user("1", project_id) is not None
    # Move it elsewhere: with every other project taken, the picker offers them anyway.
    await world.app.repo.pool.execute("DELETE FROM instagram_similar_users WHERE project_id = $1",
                                      gamma)
    await admin.click(MOVE)
    await admin.click(rf"Gamma \(#{gamma}\)")
    moved = await admin.click("📦 Move")
    assert moved.last.text.startswith(f"✅ Moved to Gamma (#{gamma}).")
    stored = await row(world, entry_id)
    assert stored is not None and stored["project_id"] == gamma


# --- history ----------------------------------------------------------------------------
async def test_history_of_an_account_and_of_the_current_project(
        world: BotWorld, admin: ChatUser, project_id: int) -> None:
    await admin.send("/help")
    entry_id = await add(world, "1", "acme", project_id)
    await admin.send("/edit acme")
    await admin.click("✏️ Full name")
    await admin.send("Acme Inc")
    await admin.click("✅ Done")
    assert entry_id
    text = only(await admin.send("/history acme"))
    lines = text.splitlines()
    assert lines[0] == "🕘 Changes of @acme"
    assert "User100 (id 100): changed full name of @acme in Acme" in lines[2]
    assert "User100 (id 100): added @acme to Acme" in lines[3]
    assert only(await admin.send("/history 999")) == "No changes recorded for 999."
    await admin.send(f"/project {project_id}")
    current = only(await admin.send("/history"))
    assert current.startswith(f"🕘 Last changes in Acme (#{project_id})")
    assert "added @acme" in current


# --- import: update offer and undo ------------------------------------------------------
async def test_pasting_a_stored_profile_offers_to_update_it(
        world: BotWorld, admin: ChatUser, project_id: int) -> None:
    entry_id = await add(world, "1", "acme", project_id, full_name="Old", is_verified=False)
    paste = await admin.send(json.dumps({"pk": "1", "username": "acme", "full_name": "New",
                                         "is_verified": True, "project_id": project_id}))
    text = only(paste)
    assert text.startswith("👤 Already exists")
    assert "• full name: Old → New" in text and "• is_verified: no → yes" in text
    assert paste.sent[0].button_texts == ["🔄 Update the stored entry with these values"]
    updated = await admin.click("🔄 Update the stored entry with these values")
    assert updated.last.text.startswith("✅ Updated.")
    stored = await row(world, entry_id)
    assert stored is not None and (stored["full_name"], stored["is_verified"]) == ("New", True)
    used = await admin.click("🔄 Update the stored entry with these values", paste.sent[0],
                             as_seen=True)
    assert "applied already" in used.last.text
    # The same values again: nothing to offer.
    same = await admin.send(json.dumps({"pk": "1", "username": "acme", "full_name": "New",
                                        "project_id": project_id}))
    assert same.sent[0].buttons == []


async def test_undo_this_import(world: BotWorld, admin: ChatUser, project_id: int) -> None:
    await add(world, "9", "kept", project_id)
    users = [{"pk": str(n), "username": f"user{n}", "project_id": project_id}
             for n in range(1, 4)] + [{"pk": "9", "username": "kept", "project_id": project_id}]
    summary = await admin.send(json.dumps(users))
    assert summary.last.button_texts == ["↩️ Undo this import"]
    ask = await admin.click("↩️ Undo this import")
    assert ask.last.text.startswith("Remove the 3 users this import added?")
    done = await admin.click("↩️ Yes, remove 3")
    assert done.last.text == "↩️ Import undone: 3 users removed."
    assert await world.app.repo.count_users(project_id) == 1
    late = await admin.click("↩️ Undo this import", summary.last, as_seen=True)
    assert "can no longer be undone" in late.last.text


# --- inline mode ------------------------------------------------------------------------
def test_inline_queries_are_among_the_update_types(world: BotWorld) -> None:
    used = world.dp.resolve_used_update_types(skip_events={DIALOG_EVENT_NAME})
    assert "inline_query" in used and "callback_query" in used


async def test_inline_search_for_admins_only(world: BotWorld, project_id: int,
                                             pool: asyncpg.Pool) -> None:
    from datetime import datetime

    from aiogram.methods import AnswerInlineQuery
    from aiogram.types import InlineQuery, Update, User

    await add(world, "1", "acme.shop", project_id, full_name="Acme")
    answers: list[AnswerInlineQuery] = []
    original = world.telegram.make_request

    async def make_request(bot: Any, method: Any, timeout: int | None = None) -> Any:
        if isinstance(method, AnswerInlineQuery):
            answers.append(method)
            return True
        return await original(bot, method, timeout)

    world.telegram.make_request = make_request  # type: ignore[method-assign]

    async def ask(user_id: int, text: str) -> None:
        query = InlineQuery(id=f"q{user_id}{text}", query=text, offset="",
                            from_user=User(id=user_id, is_bot=False, first_name="X"))
        await world.dp.feed_update(world.bot, Update(update_id=int(datetime.now().timestamp()),
                                                     inline_query=query))

    await ask(ADMIN_ID, "acme")
    assert len(answers) == 1
    answer = answers[0]
    assert answer.is_personal and answer.cache_time == 10
    assert [r.title for r in answer.results] == ["@acme.shop — Acme"]  # type: ignore[union-attr]
    assert "pk 1" in answer.results[0].description  # type: ignore[union-attr, operator]
    await ask(666, "acme")  # not an admin: no answer at all
    assert len(answers) == 1


# --- stale buttons, other languages, strangers ------------------------------------------
async def test_buttons_of_an_account_removed_meanwhile(world: BotWorld, admin: ChatUser,
                                                       project_id: int) -> None:
    entry_id = await add(world, "1", "acme", project_id)
    await add(world, "2", "acme2", project_id)
    listed = await admin.send("/find acme")
    await admin.send("/edit acme2")  # an open edit dialog for the other account
    await world.app.repo.pool.execute(f"DELETE FROM {USERS} WHERE id = $1::uuid", entry_id)
    stale = await admin.click(r"1\. @acme · Acme", listed.sent[0])
    assert stale.callback_answer is not None and stale.callback_answer.show_alert
    assert "no longer in the list" in (stale.callback_answer.text or "")
    assert not stale.sent


async def test_edit_dialog_of_an_account_removed_meanwhile(world: BotWorld, admin: ChatUser,
                                                           project_id: int) -> None:
    entry_id = await add(world, "1", "acme", project_id)
    await admin.send("/edit acme")
    await admin.click("✏️ Full name")
    await world.app.repo.pool.execute(f"DELETE FROM {USERS} WHERE id = $1::uuid", entry_id)
    reply = await admin.send("New name")
    assert reply.last.text.startswith("This account is no longer in the list")
    assert reply.last.button_texts == ["✅ Done"]
    closed = await admin.click("✅ Done")
    assert closed.last.text.startswith("This account is no longer in the list")


async def test_remove_and_undo_in_russian(world: BotWorld, project_id: int) -> None:
    await add(world, "1", "acme", project_id)
    russian = world.user(ADMIN_ID, language_code="ru")
    ask = await russian.send("/delete acme")
    assert only(ask) == f"Удалить @acme из Acme (#{project_id})?"
    removed = await russian.click("🗑 Да, удалить")
    assert removed.last.text.startswith(f"🗑 @acme удалён из Acme (#{project_id}).")
    assert (await russian.click("↩️ Отменить")).last.text.startswith("↩️ Восстановлено.")
    assert only(await russian.send("/undo")).startswith("Отменить ваше последнее изменение? "
                                                        "Вы добавили @acme")


async def test_strangers_cannot_press_card_buttons(world: BotWorld, admin: ChatUser,
                                                   stranger: ChatUser,
                                                   project_id: int) -> None:
    entry_id = await add(world, "1", "acme", project_id)
    card = await admin.send("/find acme")
    await admin.click(REMOVE)
    ask = admin.last_shown()
    stranger.chat = admin.chat  # the same buttons, pressed by somebody else
    refused = await stranger.click("🗑 Yes, remove", ask)
    assert refused.callback_answer is not None and "admins only" in (
        refused.callback_answer.text or "")
    assert await row(world, entry_id) is not None
    assert card.sent


async def test_a_project_made_in_chat_is_audited_as_its_admin(world: BotWorld,
                                                              admin: ChatUser) -> None:
    await admin.send("/newproject Summer <sale>")
    rows = await world.app.repo.pool.fetch(
        "SELECT actor, action, after FROM igbot_audit WHERE entity = 'project'")
    assert [(r["actor"], r["action"], r["after"]["name"]) for r in rows] == [
        (str(ADMIN_ID), "project_create", "Summer <sale>")]
    text = only(await admin.send("/history"))
    assert "User100 (id 100): created project Summer <sale>" in text


async def test_card_shows_every_field_escaped_with_the_whole_picture_link(
        world: BotWorld, admin: ChatUser, project_id: int) -> None:
    url = "https://cdn.example.com/p.jpg?a=1&b=" + "x" * 1500
    await add(world, "1", "acme", project_id, full_name="<b>Bold</b> & Co",
              profile_pic_url=url, profile_chaining_secondary_label="Shop <3",
              social_context="Followed by \"bob\" & 2 others")
    reply = await admin.send("/user acme")
    text, html = only(reply), reply.sent[0].html
    assert "@acme — <b>Bold</b> & Co" in text
    assert "Label: Shop <3" in text and 'Social context: Followed by "bob" & 2 others' in text
    assert "Picture: link" in text
    assert f'<a href="{url.replace("&", "&amp;")}">link</a>' in html
