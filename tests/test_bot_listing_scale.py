"""/list at scale through the real Dispatcher: First/Last, page sizes, sorts, filters, the
text filter, and the numbered buttons that open a row's card."""

from __future__ import annotations

import asyncpg

from tests.conftest import ADMIN_ID, OTHER_ADMIN_ID, BotWorld
from tests.telegram import ChatUser, Reply

FIRST, PREV, NEXT, LAST = "⏮ First", "◀ Previous", "Next ▶", "Last ⏭"


async def seed(pool: asyncpg.Pool, project_id: int, count: int, *,
               username: str = "user", full_name: str = "Person") -> None:
    """``user001``.., each a minute older than the one before; every 3rd private, every
    4th verified, every 5th added by the other admin, the oldest 10 two days old."""
    await pool.execute(
        """
        INSERT INTO instagram_similar_users (search_username, user_pk, username, full_name,
            is_private, is_verified, project_id, requester_telegram_id, created_at)
        SELECT 'manual_' || $3 || lpad(n::text, 3, '0'), (1000 + n)::text,
               $3 || lpad(n::text, 3, '0'), $4 || ' ' || n, n % 3 = 0, n % 4 = 0, $1,
               CASE WHEN n % 5 = 0 THEN $5 ELSE $6 END,
               CASE WHEN n <= 10 THEN now() - interval '2 days' - (n || ' minutes')::interval
                    ELSE now() - ((1000 - n) || ' minutes')::interval END
        FROM generate_series(1, $2) n
        """, project_id, count, username, full_name, str(OTHER_ADMIN_ID), str(ADMIN_ID))


def users(reply: Reply) -> list[str]:
    return [w for w in reply.last.text.split() if w.startswith("@")]


def numbers(reply: Reply) -> list[str]:
    return [t for t in reply.last.button_texts if t.isdigit()]


async def test_first_last_and_card_buttons(world: BotWorld, admin: ChatUser,
                                           project_id: int) -> None:
    await seed(world.app.repo.pool, project_id, 35)
    first = await admin.send(f"/list {project_id}")
    assert "Page 1 of 4 (1–10)" in first.last.text
    assert users(first)[0] == "@user035"
    assert numbers(first) == [str(n) for n in range(1, 11)]

    # Each number opens its row's card: callback data card:<row uuid>, in display order.
    ids = {r["username"]: r["id"] for r in await world.app.repo.pool.fetch(
        "SELECT username, id::text AS id FROM instagram_similar_users")}
    datas = [b.callback_data for b in first.last.buttons if b.text.isdigit()]
    assert datas == [f"card:{ids[u[1:]]}" for u in users(first)]
    assert all(len((d or "").encode()) <= 64 for d in datas)

    last = await admin.click(LAST)
    assert "Page 4 of 4 (26–35)" in last.last.text
    assert users(last) == [f"@user{n:03d}" for n in range(1, 11)]  # the two-day-old ones
    assert numbers(last) == [str(n) for n in range(26, 36)]
    assert NEXT not in last.last.button_texts and LAST not in last.last.button_texts

    back = await admin.click(PREV)
    assert "Page 3 of 4 (16–25)" in back.last.text
    assert users(back) == [f"@user{n:03d}" for n in range(20, 10, -1)]

    again = await admin.click(FIRST)
    assert users(again) == users(first)
    assert FIRST not in again.last.button_texts and PREV not in again.last.button_texts


async def test_page_sizes_fit_one_message(world: BotWorld, admin: ChatUser) -> None:
    project = await world.app.repo.create_project("&" * 200)
    # Long legacy-style usernames and names full of characters that HTML escapes.
    await seed(world.app.repo.pool, project.id, 120, username="x" * 60 + "_",
               full_name="<&>" * 80)
    await admin.send(f"/list {project.id}")
    sizes = await admin.click("10 per page")
    assert "25 per page" in sizes.last.button_texts
    assert "Page 1 of 5 (1–25)" in sizes.last.text
    assert len(numbers(sizes)) == 25
    fifty = await admin.click("25 per page")
    assert "Page 1 of 3 (1–50)" in fifty.last.text
    assert len(numbers(fifty)) == 50
    assert len(fifty.last.text) <= 4096  # the fake Telegram refuses more, too
    assert fifty.last.text.count("@xxx") == 50
    last = await admin.click(LAST)
    assert "Page 3 of 3 (71–120)" in last.last.text
    before = await admin.click(PREV)  # numbered from the end once reached from there
    assert "Page 2 of 3 (21–70)" in before.last.text
    assert numbers(before)[0] == "21"
    back = await admin.click("50 per page")
    assert "Page 1 of 12 (1–10)" in back.last.text


async def test_sorts(world: BotWorld, admin: ChatUser, project_id: int) -> None:
    for pk, username in (("1", "zed"), ("2", "alpha"), ("3", "mike")):
        await world.app.service.create_instagram_user(
            {"pk": pk, "username": username, "project_id": project_id})
    newest = await admin.send(f"/list {project_id}")
    assert users(newest) == ["@mike", "@alpha", "@zed"]
    oldest = await admin.click("↕ Newest first")
    assert users(oldest) == ["@zed", "@alpha", "@mike"]
    by_name = await admin.click("↕ Oldest first")
    assert users(by_name) == ["@alpha", "@mike", "@zed"]
    assert "↕ By username" in by_name.last.button_texts
    again = await admin.click("↕ By username")
    assert users(again) == ["@mike", "@alpha", "@zed"]


async def test_filters(world: BotWorld, admin: ChatUser, project_id: int) -> None:
    await seed(world.app.repo.pool, project_id, 30)
    await admin.send(f"/list {project_id}")
    panel = await admin.click("🔎 Filters")
    assert panel.last.text == "Show only users who are:"
    toggled = await admin.click("▫️ 🔒 private")
    assert "✅ 🔒 private" in toggled.last.button_texts
    page = await admin.click("◀ Back to the list")
    assert "Filtered: 🔒 private" in page.last.text
    assert "10 users" in page.last.text  # 3, 6, ... 30
    assert users(page) == [f"@user{n:03d}" for n in (30, 27, 24, 21, 18, 15, 12, 3, 6, 9)]
    assert "🔎 Filters ✅" in page.last.button_texts

    await admin.click("🔎 Filters ✅")
    await admin.click("▫️ ☑️ verified")
    page = await admin.click("◀ Back to the list")
    assert users(page) == ["@user024", "@user012"]
    assert "Filtered: 🔒 private · ☑️ verified" in page.last.text

    await admin.click("🔎 Filters ✅")
    await admin.click("✖ Clear all filters")
    await admin.click("▫️ 👤 added by me")
    page = await admin.click("◀ Back to the list")
    assert "24 users" in page.last.text
    assert "@user030" not in users(page) and "@user029" in users(page)

    await admin.click("🔎 Filters ✅")
    await admin.click("✅ 👤 added by me")
    await admin.click("▫️ 🕐 added in the last 24 h")
    page = await admin.click("◀ Back to the list")
    assert "20 users" in page.last.text
    last = await admin.click(LAST)
    assert users(last)[-1] == "@user011"


async def test_text_filter(world: BotWorld, admin: ChatUser, project_id: int) -> None:
    await seed(world.app.repo.pool, project_id, 12)
    for pk, username, name in (("1", "acme.shop", "Acme"), ("2", "other", "ACME 50% Off"),
                               ("3", "plain", "100_percent")):
        created = await world.app.service.create_instagram_user(
            {"pk": pk, "username": username, "full_name": name, "project_id": project_id})
        assert created.created, created.error
    await admin.send(f"/list {project_id}")
    await admin.click("🔎 Filters")
    ask = await admin.click("🔤 Text in the username or full name…")
    assert ask.last.text.startswith("Send part of a username or full name")
    page = await admin.send("aCmE")
    assert sorted(users(page)) == ["@acme.shop", "@other"]
    assert "Filtered: 🔤 “aCmE” in the username or full name" in page.last.text
    await admin.click("🔎 Filters ✅")
    await admin.click("🔤 Text in the username or full name…")
    assert users(await admin.send("50%")) == ["@other"]
    await admin.click("🔎 Filters ✅")
    await admin.click("🔤 Text in the username or full name…")
    assert users(await admin.send("0_p")) == ["@plain"]  # _ is a character, not a wildcard
    await admin.click("🔎 Filters ✅")
    await admin.click("🔤 Text in the username or full name…")
    bad = await admin.send("x" * 65)
    assert bad.last.text.startswith("❌ That is empty or longer than 64 characters.")
    nothing = await admin.send("<nobody>")
    assert "No users match these filters." in nothing.last.text
    assert "“<nobody>”" in nothing.last.text
    await admin.click("🔎 Filters ✅")
    await admin.click("🔤 Text in the username or full name…")
    cleared = await admin.click("✖ Clear the text filter")
    assert "15 users" in cleared.last.text and "Filtered" not in cleared.last.text


async def test_russian_labels(world: BotWorld, project_id: int) -> None:
    admin_ru = world.user(language_code="ru")
    await seed(world.app.repo.pool, project_id, 12)
    page = await admin_ru.send(f"/list {project_id}")
    assert "В конец ⏭" in page.last.button_texts
    assert {"🔎 Фильтры", "↕ Сначала новые", "10 на странице"} <= set(page.last.button_texts)
    panel = await admin_ru.click("🔎 Фильтры")
    assert panel.last.text == "Показывать только пользователей:"
    await admin_ru.click("▫️ 🔒 закрытых")
    page = await admin_ru.click("◀ Назад к списку")
    assert "Фильтр: 🔒 закрытых" in page.last.text
    assert "4 пользователя" in page.last.text


async def test_big_counts_are_reused_while_paging(world: BotWorld, admin: ChatUser,
                                                  project_id: int) -> None:
    await seed(world.app.repo.pool, project_id, 0)
    await world.app.repo.pool.execute(
        """
        INSERT INTO instagram_similar_users (search_username, user_pk, username, project_id)
        SELECT 'manual_u' || n, n::text, 'u' || n, $1 FROM generate_series(1, 20000) n
        """, project_id)
    first = await admin.send(f"/list {project_id}")
    assert "20000 users" in first.last.text
    await world.app.service.create_instagram_user(
        {"pk": "99999", "username": "late", "project_id": project_id})
    second = await admin.click(NEXT)
    assert "20000 users" in second.last.text  # counted a moment ago: not again
    assert "Page 2 of 2000 (11–20)" in second.last.text
    again = await admin.click(FIRST)  # the first page always counts
    assert "20001 users" in again.last.text
    assert users(again)[0] == "@late"


async def test_text_question_left_with_back_no_longer_takes_typed_text(
        world: BotWorld, admin: ChatUser, project_id: int) -> None:
    await seed(world.app.repo.pool, project_id, 3)
    await admin.send(f"/list {project_id}")
    await admin.click("🔎 Filters")
    await admin.click("🔤 Text in the username or full name…")
    await admin.click("◀ Back to the list")
    typed = await admin.send("user001")
    # A bare username with no form open is a search, not the list's filter.
    assert "Filtered" not in typed.last.text
    assert "user001" in typed.last.text
