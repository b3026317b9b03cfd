"""/export, /projects' buttons, /renameproject and /newproject through the real Dispatcher."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

from bot.export import EXPORT_COLUMNS
from tests.conftest import ADMIN_ID, BotWorld
from tests.telegram import ChatUser

TODAY = datetime.now(UTC).date().isoformat()


async def add(world: BotWorld, project_id: int, pk: str, username: str,
              full_name: str | None = None) -> None:
    result = await world.app.service.create_instagram_user(
        {"pk": pk, "username": username, "full_name": full_name, "project_id": project_id},
        requester=str(ADMIN_ID))
    assert result.created, result.error


# --- /export ---------------------------------------------------------------------------
async def test_export_sends_csv_and_json_lines(world: BotWorld, admin: ChatUser) -> None:
    project = await world.app.repo.create_project("Acme Summer / 2026")
    await add(world, project.id, "1", "first", "=HYPERLINK(\"http://evil.example\",\"x\")")
    await add(world, project.id, "2", "second", "Second & Co")

    reply = await admin.send(f"/export {project.id}")
    chat, name, content, caption = world.telegram.documents[-1]
    assert chat == admin.chat.id
    assert name == f"Acme_Summer_2026_{TODAY}.csv"
    assert caption is not None and "Acme Summer / 2026" in caption and "2 users" in caption
    assert reply.sent  # the document message is in the chat
    rows = list(csv.reader(io.StringIO(content.decode(), newline="")))
    assert rows[0] == list(EXPORT_COLUMNS)
    by_pk = {r[1]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert by_pk["1"]["full_name"] == "'=HYPERLINK(\"http://evil.example\",\"x\")"
    assert by_pk["2"]["full_name"] == "Second & Co"
    assert [r[1] for r in rows[1:]] == ["2", "1"]  # newest first, as igbot export

    await admin.send(f"/export json #{project.id}")
    _, name, content, _ = world.telegram.documents[-1]
    assert name == f"Acme_Summer_2026_{TODAY}.jsonl"
    objects = [json.loads(line) for line in content.decode().splitlines()]
    assert [o["user_pk"] for o in objects] == ["2", "1"]
    assert objects[1]["full_name"] == "=HYPERLINK(\"http://evil.example\",\"x\")"
    assert list(objects[0]) == list(EXPORT_COLUMNS)


async def test_export_current_project_inactive_and_errors(world: BotWorld, admin: ChatUser,
                                                          project_id: int) -> None:
    reply = await admin.send("/export")
    assert reply.last.text == ("You have no current project. Give one: /export ID "
                               "(or choose one with /project ID).")
    await world.app.prefs.set_current_project(ADMIN_ID, project_id)
    await add(world, project_id, "7", "seven")
    await world.app.repo.pool.execute("UPDATE projects SET is_active = false")
    await admin.send("/export")  # an inactive project's list stays readable
    _, name, content, caption = world.telegram.documents[-1]
    assert name == f"Acme_{TODAY}.csv" and b"seven" in content
    assert caption is not None and "1 user," in caption

    assert (await admin.send("/export 999")).last.text.startswith("Project #999 does not exist")
    assert "“abc” is not a project id" in (await admin.send("/export abc")).last.text
    assert (await admin.send("/export 1 2")).last.text.startswith("Export a project's users")
    assert len(world.telegram.documents) == 1


async def test_export_in_russian(world: BotWorld, project_id: int) -> None:
    admin_ru = world.user(language_code="ru")
    await add(world, project_id, "1", "one")
    await add(world, project_id, "2", "two")
    await admin_ru.send(f"/export {project_id}")
    caption = world.telegram.documents[-1][3]
    assert caption is not None and "2 пользователя" in caption
    reply = await admin_ru.send("/export")
    assert reply.last.text.startswith("Текущий проект не выбран.")


# --- /newproject ------------------------------------------------------------------------
async def test_newproject_becomes_current_and_refuses_duplicates(
        world: BotWorld, admin: ChatUser) -> None:
    reply = await admin.send("/newproject Acme")
    project = (await world.app.repo.list_projects())[0]
    assert reply.last.text == (f"✅ Project #{project.id} Acme created; it is now your "
                               "current project.")
    assert await world.app.prefs.get_current_project(ADMIN_ID) == project.id

    reply = await admin.send("/newproject   aCME  ")
    assert reply.last.text == (
        f"❌ Project #{project.id} is already called Acme (names are compared ignoring "
        f"case). Choose another name, or use that project: /project {project.id}")
    assert len(await world.app.repo.list_projects(active_only=False)) == 1


# --- /projects buttons --------------------------------------------------------------------
async def test_projects_card_deactivate_activate_and_current(
        world: BotWorld, admin: ChatUser, project_id: int) -> None:
    beta = await world.app.repo.create_project("Beta")
    await add(world, beta.id, "1", "one")
    listing = await admin.send("/projects")
    assert listing.last.button_texts == [f"⚙ Acme (#{project_id})", f"⚙ Beta (#{beta.id})"]

    card = await admin.click(r"⚙ Beta.*")
    assert card.last.text.splitlines() == [f"#{beta.id} Beta — 1 user",
                                           "✅ Active: takes new users."]
    assert card.last.button_texts == ["✏️ Rename", "⏸ Deactivate", "⭐ Make current",
                                      "📋 Users", "📤 Export CSV"]

    current = await admin.click("⭐ Make current")
    assert current.callback_answer is not None
    assert current.callback_answer.text == f"Project #{beta.id} is now your current project."
    assert await world.app.prefs.get_current_project(ADMIN_ID) == beta.id
    assert "⭐ Your current project." in current.last.text
    assert "⭐ Make current" not in current.last.button_texts

    off = await admin.click("⏸ Deactivate")
    assert off.callback_answer is not None
    assert off.callback_answer.text == (f"Project #{beta.id} is deactivated: it takes no new "
                                        "users.")
    assert not (await world.app.repo.get_project(beta.id)).is_active  # type: ignore[union-attr]
    assert "⏸ Inactive: takes no new users; its list stays readable" in off.last.text
    assert off.last.button_texts[1] == "▶️ Activate"

    # Hidden from pickers and from /projects' list, behind one button.
    listing = await admin.send("/projects")
    assert "Beta" not in listing.last.text
    assert listing.last.button_texts == [f"⚙ Acme (#{project_id})", "⏸ Inactive projects (1)"]
    picker = await admin.send("/list")
    assert picker.last.button_texts == [f"Acme (#{project_id})", "✖️ Close"]
    # New users are refused with the reason; the list stays readable.
    refused = await admin.send(json.dumps({"pk": "9", "username": "late",
                                           "project_id": beta.id}))
    assert "is deactivated: it takes no new users" in refused.last.text
    readable = await admin.send(f"/list {beta.id}")
    assert "@one" in readable.last.text

    inactive = await admin.click(r"⏸ Inactive projects \(1\)", listing.last)
    assert f"#{beta.id} Beta — 1 user" in inactive.last.text
    await admin.click(r"⚙ Beta.*")
    on = await admin.click("▶️ Activate")
    assert on.callback_answer is not None
    assert on.callback_answer.text == f"Project #{beta.id} is active again."
    assert (await world.app.repo.get_project(beta.id)).is_active  # type: ignore[union-attr]


async def test_projects_card_rename_by_dialog_and_command(
        world: BotWorld, admin: ChatUser, project_id: int) -> None:
    beta = await world.app.repo.create_project("Beta")
    await admin.send("/projects")
    await admin.click(r"⚙ Acme.*")
    ask = await admin.click("✏️ Rename")
    assert ask.last.text == f"Send the new name for project #{project_id} Acme, or /cancel."
    taken = await admin.send("BETA")
    assert taken.last.text.startswith(f"❌ Project #{beta.id} is already called Beta")
    done = await admin.send("  Acme   <Summer> ")
    assert done.last.text == f"✅ Project #{project_id} is now called Acme <Summer>."
    assert (await world.app.repo.get_project(project_id)).name == "Acme <Summer>"  # type: ignore[union-attr]

    reply = await admin.send(f"/renameproject {beta.id} Beta Two")
    assert reply.last.text == f"✅ Project #{beta.id} is now called Beta Two."
    reply = await admin.send(f"/renameproject {beta.id} acme <summer>")
    assert reply.last.text.startswith(f"❌ Project #{project_id} is already called")
    assert (await admin.send("/renameproject")).last.text.startswith("Rename a project:")
    assert (await admin.send("/renameproject 999 X")).last.text.startswith(
        "Project #999 does not exist")
    assert "“x” is not a project id" in (await admin.send("/renameproject x Y")).last.text
    ask = await admin.send(f"/renameproject {beta.id}")
    assert ask.last.text.startswith(f"Send the new name for project #{beta.id}")
    cancelled = await admin.send("/cancel")
    assert cancelled.last.text.startswith("Cancelled.")
    assert (await world.app.repo.get_project(beta.id)).name == "Beta Two"  # type: ignore[union-attr]


async def test_projects_card_users_and_export(world: BotWorld, admin: ChatUser,
                                              project_id: int) -> None:
    await add(world, project_id, "1", "one")
    await admin.send("/projects")
    await admin.click(r"⚙ Acme.*")
    export = await admin.click("📤 Export CSV")
    assert world.telegram.documents[-1][1] == f"Acme_{TODAY}.csv"
    assert export.sent
    users = await admin.click("📋 Users", world.telegram.bot_messages(admin.chat.id)[-2])
    assert "@one" in users.last.text


async def test_forged_project_button_is_refused(world: BotWorld, admin: ChatUser,
                                                project_id: int) -> None:
    await admin.send("/projects")
    shown = admin.last_shown()
    for data in ("prj:open:99999999999999999999", "prj:drop:1", "prj:open:x"):
        button = shown.buttons[0].model_copy(update={"callback_data": data})
        forged = shown.message.model_copy(update={"reply_markup": shown.message.reply_markup
                                                  .model_copy(update={"inline_keyboard":  # type: ignore[union-attr]
                                                                      [[button]]})})
        world.telegram.messages[(admin.chat.id, shown.message.message_id)] = forged
        reply = await admin.click(r"⚙ Acme.*")
        assert reply.callback_answer is not None, data
        assert reply.callback_answer.text in (
            "This button is not valid. Send /projects again.",
            "This button is from an old message."), data
    assert (await world.app.repo.get_project(project_id)).is_active  # type: ignore[union-attr]


async def test_projects_buttons_in_russian(world: BotWorld, project_id: int) -> None:
    admin_ru = world.user(language_code="ru")
    await admin_ru.send("/projects")
    card = await admin_ru.click(r"⚙ Acme.*")
    assert card.last.button_texts == ["✏️ Переименовать", "⏸ Отключить", "⭐ Сделать текущим",
                                      "📋 Пользователи", "📤 Выгрузить CSV"]
    off = await admin_ru.click("⏸ Отключить")
    assert off.callback_answer is not None
    assert off.callback_answer.text == (f"Проект #{project_id} отключён: новых пользователей "
                                        "не принимает.")


async def test_hostile_project_name_is_escaped_everywhere(world: BotWorld,
                                                          admin: ChatUser) -> None:
    project = await world.app.repo.create_project("<b>R&D</b> ../x")
    await add(world, project.id, "1", "one")
    await admin.send(f"/export {project.id}")  # the fake Telegram parses the caption's HTML
    _, name, _, caption = world.telegram.documents[-1]
    assert name == f"b_R_D_b_.._x_{TODAY}.csv"
    assert caption is not None and "&lt;b&gt;R&amp;D&lt;/b&gt;" in caption
    await admin.send("/projects")
    card = await admin.click(r"⚙ .*")
    assert card.last.text.startswith(f"#{project.id} <b>R&D</b> ../x — 1 user")
    await admin.click("✏️ Rename")
    renamed = await admin.send("<i>new</i> & co")
    assert renamed.last.text == f"✅ Project #{project.id} is now called <i>new</i> & co."


async def test_strangers_get_nothing(world: BotWorld, admin: ChatUser, stranger: ChatUser,
                                     project_id: int) -> None:
    await add(world, project_id, "1", "one")
    reply = await stranger.send(f"/export {project_id}")
    assert "This bot is for its admins only" in reply.last.text
    await stranger.send(f"/renameproject {project_id} Mine")
    assert world.telegram.documents == []
    await admin.send("/projects")
    shown = admin.last_shown()
    stranger_view = stranger.telegram.messages[(admin.chat.id, shown.message.message_id)]
    stranger.chat = admin.chat  # a button of the admin's message, pressed by a stranger
    pressed = await stranger.click(r"⚙ Acme.*", type(shown)(stranger_view))
    assert pressed.callback_answer is not None
    assert (pressed.callback_answer.text or "").startswith("⛔ This bot is for its admins only")
    project = await world.app.repo.get_project(project_id)
    assert project is not None and project.name == "Acme" and project.is_active


async def test_export_larger_than_telegram_takes_is_refused(
        world: BotWorld, admin: ChatUser, project_id: int) -> None:
    world.app.settings.max_upload_bytes = 1024 * 1024  # 1 MB, not 50
    await world.app.repo.pool.execute(
        """
        INSERT INTO instagram_similar_users (search_username, user_pk, username, full_name,
            project_id)
        SELECT 'manual_u' || n, n::text, 'u' || n, repeat('x', 200), $1
        FROM generate_series(1, 5000) n
        """, project_id)
    reply = await admin.send(f"/export {project_id}")
    assert reply.last.text == (
        f"The export of project #{project_id} is larger than the 1 MB Telegram lets a bot "
        f"send. Export it on the server instead: igbot export {project_id} > users.csv")
    assert world.telegram.documents == []


async def test_project_changes_are_audited_with_the_admin(world: BotWorld, admin: ChatUser,
                                                          project_id: int) -> None:
    await admin.send("/newproject Beta")
    await admin.send(f"/renameproject {project_id} Acme Two")
    await admin.send("/projects")
    await admin.click(r"⚙ Acme Two.*")
    await admin.click("⏸ Deactivate")
    await admin.click("▶️ Activate")
    await admin.click("✏️ Rename")
    await admin.send("Acme Three")
    rows = await world.app.repo.pool.fetch(
        "SELECT actor, action, after->>'name' AS name FROM igbot_audit"
        " WHERE entity = 'project' AND actor <> 'cli' ORDER BY id")
    assert [tuple(r) for r in rows] == [
        (str(ADMIN_ID), "project_create", "Beta"),
        (str(ADMIN_ID), "project_rename", "Acme Two"),
        (str(ADMIN_ID), "project_deactivate", "Acme Two"),
        (str(ADMIN_ID), "project_activate", "Acme Two"),
        (str(ADMIN_ID), "project_rename", "Acme Three"),
    ]
