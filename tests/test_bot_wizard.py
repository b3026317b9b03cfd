"""The /add wizard through the real Dispatcher and PostgreSQL; only Telegram is faked."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from aiogram.types import Contact

from bot.service import CreateUserService
from repository.instagram import InstagramRepository
from tests.conftest import ADMIN_ID, OTHER_ADMIN_ID, BotWorld
from tests.telegram import ChatUser, Reply, Shown

SKIP = r"Skip ⏭"
NEXT = r"Next ▶️"
BACK = r"◀️ Back"
CANCEL = r"✖️ Cancel"
SAVE = r"✅ Save"
NAV = ["◀️ Back", "✖️ Cancel"]
SAVE_NOW = "✅ Save now"
CHANGE_PROJECT = "📁 Change project"
PK_HELP = ("ℹ️ The pk is the account's permanent numeric id (a username can change, the pk "
           "never does): the \"pk\" or \"id\" field of the profile's JSON from a scraper "
           "or Instagram's API.")


async def start(admin: ChatUser, project: str = "Acme") -> Reply:
    await admin.send("/add")
    return await admin.click(rf"(⭐ )?{project} \(#\d+\)")


async def to_summary(admin: ChatUser, *, pk: str = "1234567890", username: str = "acme.shop",
                     full_name: str | None = None, private: bool = False,
                     verified: bool = False, pic: str | None = None,
                     label: str | None = None, context: str | None = None) -> Reply:
    """Answer every step (None presses Skip) and return the summary."""
    await start(admin)
    await admin.send(pk)
    await admin.send(username)
    await (admin.send(full_name) if full_name is not None else admin.click(SKIP))
    if private:
        await admin.click(r".* Private")
    if verified:
        await admin.click(r".* Verified")
    await admin.click(NEXT)
    await (admin.send(pic) if pic is not None else admin.click(SKIP))
    await (admin.send(label) if label is not None else admin.click(SKIP))
    return await (admin.send(context) if context is not None else admin.click(SKIP))


# --- the happy path --------------------------------------------------------------------
async def test_happy_path_creates_the_row(admin: ChatUser, project_id: int,
                                          repo: InstagramRepository) -> None:
    reply = await admin.send("/add")
    assert reply.last.text.startswith("➕ New Instagram user — step 1 of 8")
    assert reply.last.button_texts == [f"Acme (#{project_id})", "✖️ Cancel"]

    reply = await admin.click(r"Acme .*")
    assert reply.last.text == (
        "➕ New Instagram user — step 2 of 8\n"
        f"Project: Acme (#{project_id})\n\n"
        "Send the account's numeric id (pk), like 1234567890.\n\n" + PK_HELP
    )
    assert reply.last.button_texts == [CHANGE_PROJECT, *NAV]

    reply = await admin.send("1234567890")
    assert "step 3 of 8" in reply.last.text and "Send the username" in reply.last.text
    reply = await admin.send("Acme.Shop")
    assert "step 4 of 8" in reply.last.text and "Send the full name" in reply.last.text
    assert reply.last.button_texts == ["Skip ⏭", SAVE_NOW, *NAV]
    reply = await admin.send("Acme & Co <Shop>")
    assert "step 5 of 8" in reply.last.text
    assert reply.last.button_texts == ["⬜ Private", "⬜ Verified", "Next ▶️", SAVE_NOW, *NAV]
    await admin.click(r".* Private")
    reply = await admin.click(r".* Verified")
    assert reply.last.button_texts[:2] == ["✅ Private", "✅ Verified"]
    reply = await admin.click(NEXT)
    assert "step 6 of 8" in reply.last.text and "profile picture URL" in reply.last.text
    reply = await admin.send("https://cdn.example.com/p.jpg?a=1&b=2")
    assert "step 7 of 8" in reply.last.text and "secondary label" in reply.last.text
    reply = await admin.send("Shop")
    assert "step 8 of 8" in reply.last.text and "social context" in reply.last.text
    reply = await admin.send("Followed by <b>bob</b> & 2 others")

    summary = reply.last
    assert summary.text == (
        "📋 New Instagram user — check before saving\n\n"
        f"Project: Acme (#{project_id})\n"
        "pk: 1234567890\n"
        "Username: @acme.shop\n"
        "Full name: Acme & Co <Shop>\n"
        "Private: yes\n"
        "Verified: yes\n"
        "Profile picture: https://cdn.example.com/p.jpg?a=1&b=2\n"
        "Secondary label: Shop\n"
        "Social context: Followed by <b>bob</b> & 2 others\n\n"
        "Press Save to add the user, or ✏️ to change a field."
    )
    assert "&lt;b&gt;bob&lt;/b&gt;" in summary.html  # shown as typed, not as markup
    assert summary.button_texts == [
        "✏️ Project", "✏️ pk", "✏️ Username", "✏️ Full name", "✏️ Private, verified",
        "✏️ Picture URL", "✏️ Secondary label", "✏️ Social context", "✅ Save", *NAV,
    ]

    reply = await admin.click(SAVE)
    result = reply.last
    assert result.message.message_id == summary.message.message_id  # the summary became it
    assert result.text.startswith("✅ Created.")
    assert "@acme.shop — Acme & Co <Shop>" in result.text
    assert "pk: 1234567890" in result.text
    assert "Private: yes, verified: yes" in result.text
    assert f"by {ADMIN_ID}" in result.text
    assert result.button_texts == ["➕ Add another"]

    user = await repo.get_user("1234567890", project_id)
    assert user is not None
    assert (user.username, user.full_name, user.is_private, user.is_verified) == (
        "acme.shop", "Acme & Co <Shop>", True, True)
    assert user.profile_pic_url == "https://cdn.example.com/p.jpg?a=1&b=2"
    assert user.profile_chaining_secondary_label == "Shop"
    assert user.social_context == "Followed by <b>bob</b> & 2 others"
    assert user.profile_url == "https://instagram.com/acme.shop"
    assert user.search_username == "manual_acme.shop"
    assert user.requester_telegram_id == str(ADMIN_ID)

    # The wizard is over: text is no longer taken as its input.
    reply = await admin.send("hello")  # with nothing open, a bare word is a search
    assert reply.last.text.startswith("Nothing found for @hello.")


# --- validation re-asks with the reason ----------------------------------------------
@pytest.mark.parametrize(("text", "reason"), [
    ("12a", "pk: must contain digits only, like 1234567890."),
    ("0123", "pk: must not start with 0."),
    ("1" * 21, "pk: has 21 digits; at most 20 are allowed."),
])
async def test_bad_pk_is_asked_again_with_the_reason(admin: ChatUser, project_id: int,
                                                     text: str, reason: str) -> None:
    await start(admin)
    reply = await admin.send(text)
    assert reply.last.text == (
        "➕ New Instagram user — step 2 of 8\n"
        f"Project: Acme (#{project_id})\n\n"
        f"❌ {reason}\n\n"
        "Send the account's numeric id (pk), like 1234567890.\n\n" + PK_HELP
    )
    reply = await admin.send("42")
    assert "step 3 of 8" in reply.last.text and "❌" not in reply.last.text


@pytest.mark.parametrize(("text", "reason"), [
    ("acme shop", 'username: may contain only letters a-z, digits, "." and "_" (found " ").'),
    ("acme-shop", 'username: may contain only letters a-z, digits, "." and "_" (found "-").'),
    (".acme", "username: must not start or end with a dot."),
    ("acme..shop", "username: must not contain two dots in a row."),
    ("a" * 31, "username: has 31 characters; at most 30 are allowed."),
    ("https://www.instagram.com/p/C0ffee/",
     "This link does not lead to a profile. Send a profile link like "
     "https://instagram.com/acme.shop, an @handle, or the username."),
])
async def test_bad_username_is_asked_again_with_the_reason(admin: ChatUser, project_id: int,
                                                           text: str, reason: str) -> None:
    await start(admin)
    await admin.send("42")
    reply = await admin.send(text)
    assert "step 3 of 8" in reply.last.text
    assert f"❌ {reason}\n\nSend the username" in reply.last.text


@pytest.mark.parametrize("text", [
    "https://www.instagram.com/Acme.Shop/?hl=en",
    "instagram.com/acme.shop",
    "@acme.shop",
    "  ACME.shop ",
])
async def test_profile_link_or_handle_is_taken_as_the_username(
        admin: ChatUser, project_id: int, repo: InstagramRepository, text: str) -> None:
    summary = await to_summary(admin, pk="77", username=text)
    assert "Username: @acme.shop\n" in summary.last.text
    await admin.click(SAVE)
    user = await repo.get_user("77", project_id)
    assert user is not None and user.username == "acme.shop"


async def test_too_long_full_name_is_asked_again(admin: ChatUser, project_id: int) -> None:
    await start(admin)
    await admin.send("42")
    await admin.send("acme")
    reply = await admin.send("x" * 256)
    assert "step 4 of 8" in reply.last.text
    assert ("❌ full name: has 256 characters; at most 255 are allowed. Shorten it."
            in reply.last.text)
    reply = await admin.send("x" * 255)
    assert "step 5 of 8" in reply.last.text


@pytest.mark.parametrize("text", ["ftp://cdn.example.com/p.jpg", "cdn.example.com/p.jpg",
                                  "https://"])
async def test_bad_picture_url_is_asked_again(admin: ChatUser, project_id: int,
                                              text: str) -> None:
    await start(admin)
    await admin.send("42")
    await admin.send("acme")
    await admin.click(SKIP)
    await admin.click(NEXT)
    reply = await admin.send(text)
    assert "step 6 of 8" in reply.last.text
    assert ("❌ profile picture URL: must be empty or a link starting with http:// or "
            "https://." in reply.last.text)


async def test_buttons_only_steps_say_so(admin: ChatUser, project_id: int) -> None:
    await admin.send("/add")
    reply = await admin.send("Acme")
    assert "step 1 of 8" in reply.last.text
    assert "❌ Please use the buttons under this message." in reply.last.text
    await admin.click(r"Acme .*")
    await admin.send("42")
    await admin.send("acme")
    await admin.click(SKIP)
    reply = await admin.send("yes")
    assert "step 5 of 8" in reply.last.text
    assert "❌ Please use the buttons under this message." in reply.last.text


async def test_non_text_on_a_text_step_asks_for_text(admin: ChatUser, project_id: int) -> None:
    await start(admin)
    # ChatUser has no helper for contacts; feed one through its message builder.
    contact = Contact(phone_number="+100", first_name="Someone")
    reply = await admin._feed(message=admin._message(contact=contact))
    assert "step 2 of 8" in reply.last.text
    assert "❌ Please send the value as a text message, or use the buttons." in reply.last.text


# --- optional steps and toggles --------------------------------------------------------
async def test_optional_steps_can_be_skipped(admin: ChatUser, project_id: int,
                                            repo: InstagramRepository) -> None:
    summary = await to_summary(admin, pk="5", username="bare")
    text = summary.last.text
    for line in ("Full name: —", "Private: no", "Verified: no", "Profile picture: —",
                 "Secondary label: —", "Social context: —"):
        assert line in text
    reply = await admin.click(SAVE)
    assert reply.last.text.startswith("✅ Created.")
    assert "@bare — —" in reply.last.text
    user = await repo.get_user("5", project_id)
    assert user is not None
    assert (user.full_name, user.profile_pic_url, user.profile_chaining_secondary_label,
            user.social_context, user.is_private, user.is_verified) == (
        "", "", "", "", False, False)


async def test_toggles_switch_on_and_off(admin: ChatUser, project_id: int,
                                         repo: InstagramRepository) -> None:
    await start(admin)
    await admin.send("9")
    await admin.send("toggler")
    reply = await admin.click(SKIP)
    assert reply.last.button_texts[:2] == ["⬜ Private", "⬜ Verified"]
    reply = await admin.click(r".* Private")
    assert reply.last.button_texts[:2] == ["✅ Private", "⬜ Verified"]
    reply = await admin.click(r".* Verified")
    assert reply.last.button_texts[:2] == ["✅ Private", "✅ Verified"]
    reply = await admin.click(r".* Private")
    assert reply.last.button_texts[:2] == ["⬜ Private", "✅ Verified"]
    await admin.click(NEXT)
    await admin.click(SKIP)
    await admin.click(SKIP)
    reply = await admin.click(SKIP)
    assert "Private: no\nVerified: yes" in reply.last.text
    await admin.click(SAVE)
    user = await repo.get_user("9", project_id)
    assert user is not None and (user.is_private, user.is_verified) == (False, True)


# --- the summary ---------------------------------------------------------------------
async def test_longest_values_fit_and_are_stored_whole(admin: ChatUser, project_id: int,
                                                       repo: InstagramRepository) -> None:
    url = "https://cdn.example.com/" + "a" * (2048 - len("https://cdn.example.com/"))
    text = "<" * 255  # every character grows when escaped
    summary = await to_summary(admin, pk="9" * 20, username="a" * 30, full_name=text,
                               pic=url, label="x" * 255, context="y" * 255)
    assert "Profile picture: https://cdn.example.com/aaa" in summary.last.text
    assert url not in summary.last.text  # shortened for display only
    assert f"Full name: {text}\n" in summary.last.text
    reply = await admin.click(SAVE)
    assert reply.last.text.startswith("✅ Created.")
    user = await repo.get_user("9" * 20, project_id)
    assert user is not None
    assert (user.profile_pic_url, user.full_name) == (url, text)


async def test_edit_from_summary_returns_to_summary(admin: ChatUser, project_id: int,
                                                    repo: InstagramRepository) -> None:
    await to_summary(admin, pk="31", username="first.name", full_name="First")

    reply = await admin.click(r"✏️ Username")
    assert "step 3 of 8" in reply.last.text
    assert "Now: first.name" in reply.last.text
    reply = await admin.send("bad name")
    assert "❌ username:" in reply.last.text and "step 3 of 8" in reply.last.text
    reply = await admin.send("@second.name")
    assert reply.last.text.startswith("📋 New Instagram user — check before saving")
    assert "Username: @second.name\n" in reply.last.text
    assert "❌" not in reply.last.text

    reply = await admin.click(r"✏️ Private, verified")
    assert "step 5 of 8" in reply.last.text
    await admin.click(r".* Verified")
    reply = await admin.click(NEXT)
    assert "Verified: yes" in reply.last.text and "📋" in reply.last.text

    # Back from an edit leaves the field as it was.
    await admin.click(r"✏️ Full name")
    reply = await admin.click(BACK)
    assert "📋" in reply.last.text and "Full name: First\n" in reply.last.text

    # A field with a value offers Keep and Clear, not Skip: Skip never clears a value.
    await admin.click(r"✏️ Secondary label")
    await admin.send("Label")
    reply = await admin.click(r"✏️ Secondary label")
    assert reply.last.button_texts == ["Keep ✔️", "Clear 🗑", SAVE_NOW, *NAV]
    reply = await admin.click(r"Keep.*")
    assert "Secondary label: Label" in reply.last.text
    await admin.click(r"✏️ Secondary label")
    reply = await admin.click(r"Clear.*")
    assert "Secondary label: —" in reply.last.text

    reply = await admin.click(SAVE)
    assert "@second.name — First" in reply.last.text
    user = await repo.get_user("31", project_id)
    assert user is not None
    assert (user.username, user.full_name, user.is_verified) == ("second.name", "First", True)
    assert user.profile_chaining_secondary_label == ""


async def test_edit_project_from_summary(admin: ChatUser, project_id: int, world: BotWorld,
                                         repo: InstagramRepository) -> None:
    other = await repo.create_project("Beta & Sons")
    await to_summary(admin, pk="8", username="mover")
    reply = await admin.click(r"✏️ Project")
    assert reply.last.button_texts[0] == f"⭐ Acme (#{project_id})"
    reply = await admin.click(r"Beta .*")
    assert f"Project: Beta & Sons (#{other.id})" in reply.last.text
    await admin.click(SAVE)
    assert await repo.get_user("8", other.id) is not None
    assert await repo.get_user("8", project_id) is None
    assert await world.app.prefs.get_current_project(ADMIN_ID) == other.id


# --- Back and Cancel ----------------------------------------------------------------------
async def test_back_walks_to_earlier_steps_keeping_values(admin: ChatUser,
                                                          project_id: int) -> None:
    await start(admin)
    await admin.send("123")
    reply = await admin.send("acme")
    assert "step 4 of 8" in reply.last.text
    reply = await admin.click(BACK)
    assert "step 3 of 8" in reply.last.text and "Now: acme" in reply.last.text
    reply = await admin.click(BACK)
    assert "step 2 of 8" in reply.last.text and "Now: 123" in reply.last.text
    reply = await admin.click(BACK)
    assert "step 1 of 8" in reply.last.text
    assert reply.last.button_texts == [f"⭐ Acme (#{project_id})", *NAV]
    # The project chosen again, the wizard goes on to the first field it still lacks.
    reply = await admin.click(r".*Acme .*")
    assert "step 4 of 8" in reply.last.text
    # Back from the summary goes to the last step.
    await admin.click(SKIP)
    await admin.click(NEXT)
    await admin.click(SKIP)
    await admin.click(SKIP)
    await admin.click(SKIP)
    reply = await admin.click(BACK)
    assert "step 8 of 8" in reply.last.text


@pytest.mark.parametrize("steps", [0, 1, 4, 8])
async def test_cancel_on_any_step_saves_nothing(admin: ChatUser, project_id: int,
                                                repo: InstagramRepository,
                                                steps: int) -> None:
    await admin.send("/add")
    answers: list[Callable[[], Awaitable[Reply]]] = [
        lambda: admin.click(r"Acme .*"), lambda: admin.send("55"),
        lambda: admin.send("quitter"), lambda: admin.click(SKIP),
        lambda: admin.click(NEXT), lambda: admin.click(SKIP),
        lambda: admin.click(SKIP), lambda: admin.click(SKIP),
    ]
    for answer in answers[:steps]:
        await answer()
    reply = await admin.click(CANCEL)
    assert reply.last.text == "✖️ Cancelled. Nothing was saved."
    assert reply.last.buttons == []
    assert await repo.count_users(project_id) == 0
    reply = await admin.send("56")  # with nothing open, a bare pk is a search
    assert reply.last.text.startswith("Nothing found for 56.")


async def test_add_again_keeps_the_unfinished_user_and_says_so(admin: ChatUser,
                                                                 project_id: int) -> None:
    await start(admin)
    await admin.send("123")
    old_step = admin.last_shown()
    reply = await admin.send("/add")
    assert reply.sent[0].text == ("You have an unfinished user (pk 123). Here it is again: "
                                  "carry on, or press Cancel on it to discard it.")
    assert "step 3 of 8" in reply.last.text and "Send the username" in reply.last.text
    # The old copy lost its buttons: only one prompt reads as waiting.
    assert not world_message(admin, old_step).buttons
    reply = await admin.send("acme")
    assert "step 4 of 8" in reply.last.text
    summary = await admin.click(SAVE_NOW)
    assert summary.last.text.startswith("✅ Created.")
    assert "pk: 123" in summary.last.text


def world_message(admin: ChatUser, shown: Shown) -> Shown:
    """``shown`` as it looks in the chat now."""
    return Shown(admin.telegram.messages[(admin.chat.id, shown.message.message_id)])


# --- results ---------------------------------------------------------------------------
async def test_duplicate_says_already_exists_with_when_and_who(
        admin: ChatUser, project_id: int, repo: InstagramRepository,
        service: CreateUserService) -> None:
    first = await service.create_instagram_user(
        {"pk": "1000", "username": "original", "full_name": "The Original",
         "project_id": project_id}, requester=str(OTHER_ADMIN_ID))
    assert first.created and first.user is not None and first.user.created_at is not None
    await start(admin)
    # Found as soon as the pk is known, before any more typing: the next step, shown at
    # once, is redrawn with the stored user when the look-up answers.
    reply = await admin.send("1000")  # returns once the look-up's redraw is done too
    shown = world_message(admin, reply.last)
    assert "step 3 of 8" in shown.text
    assert "👤 This pk is already in this project:\n@original — The Original" in shown.text
    added = first.user.created_at.strftime("%Y-%m-%d %H:%M UTC")
    assert f"Added: {added} by {OTHER_ADMIN_ID}" in shown.text
    assert "Press “Change pk” to enter another one, or Cancel." in shown.text
    reply = await admin.click(r"✏️ Change pk")
    assert "step 2 of 8" in reply.last.text
    assert "👤 Already in this project:\n@original" in reply.last.text
    assert "Send another pk, or press Cancel." in reply.last.text
    reply = await admin.send("1001")
    assert "step 3 of 8" in reply.last.text
    assert "already" not in world_message(admin, reply.last).text.lower()
    await admin.click(CANCEL)
    user = await repo.get_user("1000", project_id)
    assert user is not None and user.username == "original"
    assert await repo.count_users(project_id) == 1


async def test_project_gone_inactive_keeps_the_summary_with_the_reason(
        admin: ChatUser, project_id: int, repo: InstagramRepository) -> None:
    await to_summary(admin, pk="66", username="late")
    await repo.pool.execute("UPDATE projects SET is_active = false WHERE id = $1", project_id)
    reply = await admin.click(SAVE)
    assert reply.last.text.startswith("📋 New Instagram user")
    assert (f"❌ Project {project_id} (Acme) is deactivated: it takes no new users (its list "
            "stays readable). Choose an active project, or activate it again from /projects."
            in reply.last.text)
    assert "✅ Save" in reply.last.button_texts
    assert await repo.get_user("66", project_id) is None


# --- projects -------------------------------------------------------------------------
async def test_chosen_project_becomes_current(admin: ChatUser, world: BotWorld,
                                              repo: InstagramRepository) -> None:
    first = await repo.create_project("First")
    second = await repo.create_project("Second")
    assert await world.app.prefs.get_current_project(ADMIN_ID) is None
    reply = await admin.send("/add")
    assert reply.last.button_texts[:2] == [f"First (#{first.id})", f"Second (#{second.id})"]
    await admin.click(r"Second .*")
    assert await world.app.prefs.get_current_project(ADMIN_ID) == second.id
    await admin.click(CANCEL)
    # Next time the wizard starts at the current project, which can still be changed.
    reply = await admin.send("/add")
    assert f"step 2 of 8\nProject: Second (#{second.id})" in reply.last.text
    reply = await admin.click(CHANGE_PROJECT)
    assert reply.last.button_texts == [f"First (#{first.id})", f"⭐ Second (#{second.id})",
                                       *NAV]
    reply = await admin.click(BACK)
    assert f"step 2 of 8\nProject: Second (#{second.id})" in reply.last.text
    await admin.click(CHANGE_PROJECT)
    reply = await admin.click(r"First .*")
    assert f"step 2 of 8\nProject: First (#{first.id})" in reply.last.text


async def test_no_active_projects_points_to_newproject(admin: ChatUser,
                                                      repo: InstagramRepository) -> None:
    reply = await admin.send("/add")
    assert reply.last.text == (
        "There are no active projects yet, so there is nowhere to add a user. "
        "Create one with /newproject NAME, then send /add again.")
    assert reply.last.buttons == []
    project = await repo.create_project("Dormant")
    await repo.pool.execute("UPDATE projects SET is_active = false WHERE id = $1", project.id)
    reply = await admin.send("/add")
    assert "/newproject" in reply.last.text


# --- Russian -----------------------------------------------------------------------------
async def test_russian_user_sees_russian_wizard(world: BotWorld, project_id: int,
                                                repo: InstagramRepository) -> None:
    admin_ru = world.user(language_code="ru")
    reply = await admin_ru.send("/add")
    assert reply.last.text.startswith("➕ Новый пользователь Instagram — шаг 1 из 8")
    assert reply.last.button_texts == [f"Acme (#{project_id})", "✖️ Отмена"]
    await admin_ru.click(r"Acme .*")
    reply = await admin_ru.send("12a")
    assert "❌ pk: допускаются только цифры, например 1234567890." in reply.last.text
    assert "Отправьте числовой id аккаунта (pk)" in reply.last.text
    assert reply.last.button_texts == ["📁 Сменить проект", "◀️ Назад", "✖️ Отмена"]
    await admin_ru.send("12")
    reply = await admin_ru.send("acme")
    assert reply.last.button_texts == ["Пропустить ⏭", "✅ Сохранить сейчас", "◀️ Назад",
                                       "✖️ Отмена"]
    reply = await admin_ru.send("x" * 256)
    assert "❌ полное имя: 256 символов; допускается не больше 255." in reply.last.text
    reply = await admin_ru.click(r"Пропустить.*")
    assert reply.last.button_texts[:3] == ["⬜ Закрытый", "⬜ Подтверждённый", "Далее ▶️"]
    await admin_ru.click(r"Далее.*")
    await admin_ru.click(r"Пропустить.*")
    await admin_ru.click(r"Пропустить.*")
    reply = await admin_ru.click(r"Пропустить.*")
    assert reply.last.text.startswith("📋 Новый пользователь Instagram — проверьте")
    assert "Закрытый: нет" in reply.last.text
    reply = await admin_ru.click(r"✅ Сохранить")
    assert reply.last.text.startswith("✅ Создан.")
    assert await repo.get_user("12", project_id) is not None


async def test_russian_cancel(world: BotWorld, project_id: int) -> None:
    admin_ru = world.user(language_code="ru")
    await admin_ru.send("/add")
    reply = await admin_ru.click(r"✖️ Отмена")
    assert reply.last.text == "✖️ Отменено. Ничего не сохранено."
