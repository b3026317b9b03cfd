"""/list, /projects, /newproject, /project and /stats through the real Dispatcher."""

from __future__ import annotations

from aiogram.methods import AnswerCallbackQuery

from bot.i18n import locales_dir
from tests.conftest import ADMIN_ID, BotWorld
from tests.telegram import ChatUser, Reply, Shown

NEXT = "Next ▶"
PREV = "◀ Previous"
FIRST = "⏮ First"
LAST = "Last ⏭"
OTHER = "📂 Other project"
CLOSE = "✖️ Close"
OPTIONS = ["🔎 Filters", "↕ Newest first", "10 per page"]


def nav(reply: Reply) -> list[str]:
    """The page's buttons but the numbered ones (which open a row's card)."""
    return [t for t in reply.last.button_texts if not t.isdigit()]


async def add_users(world: BotWorld, project_id: int, count: int, **fields: object) -> None:
    """``user01``..``userNN``, one create each, so each is newer than the one before."""
    for n in range(1, count + 1):
        result = await world.app.service.create_instagram_user(
            {"pk": str(1000 + n), "username": f"user{n:02d}", "full_name": f"User {n}",
             "project_id": project_id, **fields})
        assert result.created


async def deactivate(world: BotWorld, project_id: int) -> None:
    await world.app.repo.pool.execute(
        "UPDATE projects SET is_active = false WHERE id = $1", project_id)


def shown_users(reply: Reply) -> list[str]:
    return [word for word in reply.last.text.split() if word.startswith("@user")]


# --- /list -----------------------------------------------------------------------------
async def test_list_pages_forward_and_back(world: BotWorld, admin: ChatUser,
                                           project_id: int) -> None:
    await add_users(world, project_id, 25)

    first = await admin.send(f"/list {project_id}")
    assert len(first.sent) == 1
    assert f"Acme (#{project_id}): 25 users" in first.last.text
    assert "Page 1 of 3 (1–10)" in first.last.text
    assert shown_users(first) == [f"@user{n:02d}" for n in range(25, 15, -1)]
    assert nav(first) == [NEXT, LAST, *OPTIONS, OTHER, CLOSE]

    second = await admin.click(NEXT)
    assert not second.sent and second.edited  # the same message, edited
    assert second.last.message.message_id == first.last.message.message_id
    assert "Page 2 of 3 (11–20)" in second.last.text
    assert shown_users(second) == [f"@user{n:02d}" for n in range(15, 5, -1)]
    assert nav(second) == [FIRST, PREV, NEXT, LAST, *OPTIONS, OTHER, CLOSE]

    last = await admin.click(NEXT)
    assert "Page 3 of 3 (21–25)" in last.last.text
    assert shown_users(last) == [f"@user{n:02d}" for n in range(5, 0, -1)]
    assert nav(last) == [FIRST, PREV, *OPTIONS, OTHER, CLOSE]
    assert "25 users" in last.last.text

    back = await admin.click(PREV)
    assert shown_users(back) == [f"@user{n:02d}" for n in range(15, 5, -1)]
    assert "Page 2 of 3 (11–20)" in back.last.text

    start = await admin.click(PREV)
    assert shown_users(start) == [f"@user{n:02d}" for n in range(25, 15, -1)]
    assert nav(start) == [NEXT, LAST, *OPTIONS, OTHER, CLOSE]


async def test_list_new_rows_while_paging_keep_pages_stable(
        world: BotWorld, admin: ChatUser, project_id: int) -> None:
    await add_users(world, project_id, 12)
    await admin.send(f"/list {project_id}")
    await world.app.service.create_instagram_user(
        {"pk": "999", "username": "newcomer", "project_id": project_id})
    second = await admin.click(NEXT)
    # Keyset pages: the newcomer does not push user03 onto this page twice.
    assert shown_users(second) == ["@user02", "@user01"]
    assert "13 users" in second.last.text


async def test_list_links_and_marks(world: BotWorld, admin: ChatUser, project_id: int) -> None:
    await world.app.service.create_instagram_user(
        {"pk": "1", "username": "acme.shop", "full_name": "Acme Shop", "is_private": True,
         "is_verified": True, "project_id": project_id})
    await world.app.service.create_instagram_user(
        {"pk": "2", "username": "plain", "project_id": project_id})
    reply = await admin.send(f"/list {project_id}")
    html = reply.last.html
    assert '1. <a href="https://instagram.com/plain">@plain</a>\n' in html
    assert ('2. <a href="https://instagram.com/acme.shop">@acme.shop</a> — Acme Shop 🔒☑️'
            in html)
    assert "🔒 private · ☑️ verified" in reply.last.text
    assert nav(reply) == [*OPTIONS, OTHER, CLOSE]  # one page: no paging buttons


async def test_list_escapes_hostile_values(world: BotWorld, admin: ChatUser) -> None:
    project = await world.app.repo.create_project("<i>R&D")
    await world.app.service.create_instagram_user(
        {"pk": "1", "username": "hostile", "full_name": "<b>&", "project_id": project.id})
    reply = await admin.send(f"/list {project.id}")  # the fake Telegram validates the HTML
    assert "&lt;b&gt;&amp;" in reply.last.html
    assert "@hostile — <b>&" in reply.last.text
    assert f"<i>R&D (#{project.id})" in reply.last.text


async def test_list_page_fits_one_message_with_long_names(
        world: BotWorld, admin: ChatUser) -> None:
    project = await world.app.repo.create_project("&" * 255)
    for n in range(12):
        result = await world.app.service.create_instagram_user(
            {"pk": str(100 + n), "username": f"{'x' * 27}_{n:02d}",
             "full_name": "<&>" * 85, "project_id": project.id})
        assert result.created, result.error
    reply = await admin.send(f"/list {project.id}")
    assert len(reply.last.text) <= 4096  # Telegram counts the text after parsing
    assert reply.last.text.count("@xxx") == 10
    assert "<&><&>" in reply.last.text  # names are shortened, not dropped
    assert nav(reply) == [NEXT, LAST, *OPTIONS, OTHER, CLOSE]


async def test_list_project_without_users(admin: ChatUser, project_id: int) -> None:
    reply = await admin.send(f"/list {project_id}")
    assert f"Acme (#{project_id}): 0 users" in reply.last.text
    assert "No users in this project yet" in reply.last.text
    assert reply.last.button_texts == [*OPTIONS, OTHER, CLOSE]


async def test_list_without_project_offers_buttons(world: BotWorld, admin: ChatUser,
                                                   project_id: int) -> None:
    beta = await world.app.repo.create_project("Beta")
    gone = await world.app.repo.create_project("Gone")
    await deactivate(world, gone.id)
    await add_users(world, beta.id, 3)

    reply = await admin.send("/list")
    assert reply.last.text == "Whose users? Choose a project:"
    assert reply.last.button_texts == [f"Acme (#{project_id})", f"Beta (#{beta.id})", CLOSE]

    page = await admin.click(r"Beta \(#\d+\)")
    assert f"Beta (#{beta.id}): 3 users" in page.last.text
    assert shown_users(page) == ["@user03", "@user02", "@user01"]

    picker = await admin.click(OTHER)
    assert picker.last.button_texts == [f"Acme (#{project_id})", f"Beta (#{beta.id})",
                                        CLOSE]
    acme = await admin.click(r"Acme \(#\d+\)")
    assert "Acme" in acme.last.text and "0 users" in acme.last.text


async def test_list_without_project_puts_current_first(world: BotWorld, admin: ChatUser,
                                                       project_id: int) -> None:
    beta = await world.app.repo.create_project("Beta")
    await world.app.prefs.set_current_project(ADMIN_ID, beta.id)
    reply = await admin.send("/list")
    assert "⭐ is your current one" in reply.last.text
    assert reply.last.button_texts == [f"⭐ Beta (#{beta.id})", f"Acme (#{project_id})",
                                       CLOSE]
    page = await admin.click(r"⭐ Beta.*")
    assert f"Beta (#{beta.id}): 0 users" in page.last.text


async def test_list_picker_refuses_a_project_deactivated_meanwhile(
        world: BotWorld, admin: ChatUser, project_id: int) -> None:
    await admin.send("/list")
    await deactivate(world, project_id)
    before = len(world.telegram.requests)
    reply = await admin.click(r"Acme.*")
    # The first answer is the one Telegram shows (aiogram-dialog's empty one comes after).
    answers = [m for m in world.telegram.requests[before:]
               if isinstance(m, AnswerCallbackQuery)]
    assert answers[0].text == "That project is no longer available; choose another."
    assert answers[0].show_alert
    assert reply.last.button_texts == [CLOSE]  # the picker again, without that project
    assert "There are no active projects yet" in reply.last.text


async def test_list_without_any_active_project(admin: ChatUser) -> None:
    reply = await admin.send("/list")
    assert "There are no active projects yet" in reply.last.text
    assert reply.last.button_texts == [CLOSE]


async def test_list_bad_arguments(world: BotWorld, admin: ChatUser, project_id: int) -> None:
    reply = await admin.send("/list abc")
    assert reply.last.text == ("“abc” is not a project id: give the number, like /list 3. "
                               "/projects lists them.")
    reply = await admin.send("/list <b>")
    assert "“<b>” is not a project id" in reply.last.text
    reply = await admin.send("/list -3")
    assert "“-3” is not a project id" in reply.last.text
    reply = await admin.send("/list 999")
    assert reply.last.text == "Project #999 does not exist. /projects lists the active ones."
    reply = await admin.send("/list 99999999999")
    assert reply.last.text.startswith("Project #99999999999 does not exist.")
    await deactivate(world, project_id)
    reply = await admin.send(f"/list {project_id}")  # an inactive project stays readable
    assert reply.last.text.splitlines()[:2] == [
        f"Acme (#{project_id}): 0 users",
        "⏸ Inactive project: it takes no new users; its list stays readable."]


async def test_list_accepts_hash_id(admin: ChatUser, project_id: int) -> None:
    reply = await admin.send(f"/list #{project_id}")
    assert f"Acme (#{project_id})" in reply.last.text


async def test_list_shows_deactivation_while_paging(world: BotWorld, admin: ChatUser,
                                                    project_id: int) -> None:
    await add_users(world, project_id, 11)
    await admin.send(f"/list {project_id}")
    await deactivate(world, project_id)
    reply = await admin.click(NEXT)
    assert "⏸ Inactive project" in reply.last.text
    assert shown_users(reply) == ["@user01"]  # still readable


async def test_lists_are_independent_and_close(world: BotWorld, admin: ChatUser,
                                               project_id: int) -> None:
    await add_users(world, project_id, 11)
    await admin.send("/list")
    # Within the same second (aiogram-dialog's own ids clashed here once in 100).
    second = await admin.send(f"/list {project_id}")
    assert f"Acme (#{project_id})" in second.last.text
    # A list is something to look at: the first one still works beside the second.
    first, _ = world.telegram.bot_messages(admin.chat.id)
    picked = await admin.click(r"Acme.*", first)
    assert "Page 1 of 2" in picked.last.text
    assert picked.last.message.message_id == first.message.message_id
    await admin.click(CLOSE, second.last)
    closed = Shown(world.telegram.messages[(admin.chat.id, second.last.message.message_id)])
    assert closed.buttons == []  # the page stays to read, without buttons
    assert f"Acme (#{project_id})" in closed.text
    still = await admin.click(NEXT, picked.last)
    assert "Page 2 of 2" in still.last.text


# --- /projects, /newproject, /project -------------------------------------------------
async def test_projects_with_counts(world: BotWorld, admin: ChatUser, project_id: int) -> None:
    beta = await world.app.repo.create_project("Beta")
    gone = await world.app.repo.create_project("Gone")
    await deactivate(world, gone.id)
    await add_users(world, project_id, 2)
    await add_users(world, beta.id, 1)
    await world.app.prefs.set_current_project(ADMIN_ID, beta.id)

    reply = await admin.send("/projects")
    lines = reply.last.text.splitlines()
    assert lines[0] == "Active projects (2):"
    assert lines[1] == f"#{project_id} Acme — 2 users"
    assert lines[2] == f"#{beta.id} Beta — 1 user ⭐"
    assert "Gone" not in reply.last.text
    assert "⭐ your current project." in lines
    assert "Set your current project: /project ID" in reply.last.text


async def test_projects_none(admin: ChatUser) -> None:
    reply = await admin.send("/projects")
    assert reply.last.text == "There are no active projects yet. Create one: /newproject NAME"


async def test_projects_many_split_into_messages(world: BotWorld, admin: ChatUser) -> None:
    for n in range(60):
        await world.app.repo.create_project(f"{n:02d} " + "&" * 200)
    reply = await admin.send("/projects")
    assert len(reply.sent) >= 2
    assert all(len(s.html) <= 4096 for s in reply.sent)
    text = "\n".join(s.text for s in reply.sent)
    assert all(f"{n:02d} &&&" in text for n in range(60))


async def test_newproject_creates_a_row(world: BotWorld, admin: ChatUser) -> None:
    reply = await admin.send("/newproject  Spring   <launch> & co ")
    projects = await world.app.repo.list_projects()
    assert [(p.name, p.is_active) for p in projects] == [("Spring <launch> & co", True)]
    new_id = projects[0].id
    assert reply.last.text == (f"✅ Project #{new_id} Spring <launch> & co created; it is "
                               "now your current project.")
    assert "&lt;launch&gt; &amp; co" in reply.last.html


async def test_newproject_bad_names(world: BotWorld, admin: ChatUser) -> None:
    reply = await admin.send("/newproject")
    assert reply.last.text == "Give the new project a name: /newproject NAME"
    reply = await admin.send("/newproject    ")
    assert reply.last.text == "Give the new project a name: /newproject NAME"
    reply = await admin.send("/newproject " + "x" * 256)
    assert reply.last.text == ("The name has 256 characters; at most 255 are allowed. "
                               "Send a shorter name.")
    assert await world.app.repo.list_projects(active_only=False) == []
    reply = await admin.send("/newproject " + "y" * 255)
    assert "created" in reply.last.text
    assert len(await world.app.repo.list_projects()) == 1


async def test_project_sets_the_current_project(world: BotWorld, admin: ChatUser,
                                                project_id: int) -> None:
    reply = await admin.send("/project")
    assert reply.last.text == ("You have no current project. Choose one: /project ID "
                               "(see /projects).")

    reply = await admin.send(f"/project {project_id}")
    assert reply.last.text.startswith(f"✅ Current project: #{project_id} Acme.")
    assert await world.app.prefs.get_current_project(ADMIN_ID) == project_id

    reply = await admin.send("/project")
    assert reply.last.text.startswith(f"Your current project: #{project_id} Acme.")

    await deactivate(world, project_id)
    reply = await admin.send("/project")
    assert reply.last.text.startswith(f"Your current project #{project_id} (Acme) is not "
                                      "active any more.")


async def test_project_bad_ids_leave_the_current_project(world: BotWorld, admin: ChatUser,
                                                         project_id: int) -> None:
    await world.app.prefs.set_current_project(ADMIN_ID, project_id)
    gone = await world.app.repo.create_project("Gone")
    await deactivate(world, gone.id)

    reply = await admin.send("/project abc")
    assert reply.last.text == ("“abc” is not a project id: give the number, like /project 3. "
                               "/projects lists them.")
    reply = await admin.send("/project 0")
    assert "“0” is not a project id" in reply.last.text
    reply = await admin.send("/project 999")
    assert reply.last.text == "Project #999 does not exist. /projects lists the active ones."
    reply = await admin.send(f"/project {gone.id}")
    assert reply.last.text == (f"Project #{gone.id} (Gone) is not active. "
                               "/projects lists the active ones.")
    assert await world.app.prefs.get_current_project(ADMIN_ID) == project_id


async def test_project_that_was_deleted(world: BotWorld, admin: ChatUser) -> None:
    await world.app.prefs.set_current_project(ADMIN_ID, 4242)
    reply = await admin.send("/project")
    assert reply.last.text.startswith("Your current project #4242 no longer exists.")


# --- /stats ----------------------------------------------------------------------------
async def test_stats_counters_and_totals(world: BotWorld, admin: ChatUser,
                                         project_id: int) -> None:
    reply = await admin.send("/stats")
    assert "Created: 0" in reply.last.text and "Users: 0" in reply.last.text

    await add_users(world, project_id, 2)
    again = await world.app.service.create_instagram_user(
        {"pk": "1001", "username": "user01", "project_id": project_id})
    assert again.already_exists
    bad = await world.app.service.create_instagram_user(
        {"pk": "x", "username": "bad", "project_id": project_id})
    assert not bad.success
    gone = await world.app.repo.create_project("Gone")
    await deactivate(world, gone.id)

    lines = (await admin.send("/stats")).last.text.splitlines()
    assert "✅ Created: 2" in lines
    assert "👤 Already existed: 1" in lines
    assert "❌ Validation errors: 1" in lines
    assert "❌ Database errors: 0" in lines
    assert any(line.startswith("⏱ Create calls: 4, on average ") for line in lines)
    assert "Users: 2" in lines
    assert "Active projects: 1 of 2" in lines


# --- Russian ---------------------------------------------------------------------------
async def test_russian_admin_reads_russian(world: BotWorld, project_id: int) -> None:
    admin_ru = world.user(language_code="ru")
    await add_users(world, project_id, 12)

    reply = await admin_ru.send(f"/list {project_id}")
    assert f"Acme (#{project_id}): 12 пользователей" in reply.last.text
    assert "Страница 1 из 2 (1–10)" in reply.last.text
    ru_options = ["🔎 Фильтры", "↕ Сначала новые", "10 на странице"]
    assert nav(reply) == ["Вперёд ▶", "В конец ⏭", *ru_options, "📂 Другой проект", "✖️ Закрыть"]
    reply = await admin_ru.click("Вперёд ▶")
    assert nav(reply) == ["⏮ В начало", "◀ Назад", *ru_options, "📂 Другой проект", "✖️ Закрыть"]

    reply = await admin_ru.send("/projects")
    assert f"#{project_id} Acme — 12 пользователей" in reply.last.text
    reply = await admin_ru.send("/list abc")
    assert "не id проекта" in reply.last.text
    reply = await admin_ru.send("/project")
    assert reply.last.text.startswith("Текущий проект не выбран.")
    reply = await admin_ru.send("/newproject")
    assert reply.last.text == "Укажите название нового проекта: /newproject НАЗВАНИЕ"
    reply = await admin_ru.send("/stats")
    assert "✅ Создано: 12" in reply.last.text


async def test_russian_plurals(world: BotWorld, project_id: int) -> None:
    admin_ru = world.user(language_code="ru")
    beta = await world.app.repo.create_project("Beta")
    await add_users(world, project_id, 1)
    await add_users(world, beta.id, 3)
    text = (await admin_ru.send("/projects")).last.text
    assert "Acme — 1 пользователь" in text
    assert "Beta — 3 пользователя" in text
    assert "⭐" not in text  # no current project, no legend for it


def test_locales_have_the_same_messages() -> None:
    from fluent.syntax import FluentParser, ast

    ids: dict[str, set[str]] = {}
    for lang in ("en", "ru"):
        resource = FluentParser().parse(
            (locales_dir() / lang / "listing.ftl").read_text(encoding="utf-8"))
        assert not [e for e in resource.body if isinstance(e, ast.Junk)], lang
        ids[lang] = {e.id.name for e in resource.body if isinstance(e, ast.Message)}
        assert all(i.startswith(("list-", "projects-", "stats-")) for i in ids[lang])
    assert ids["en"] == ids["ru"]
