"""Clear words (issue 9, point 7), through the real Dispatcher."""

from __future__ import annotations

import json

from tests.conftest import ADMIN_ID, BotWorld
from tests.telegram import ChatUser, Reply


def only(reply: Reply) -> str:
    assert len(reply.sent) == 1, reply.texts
    return reply.sent[0].text


async def test_json_in_a_code_block_or_after_a_line_is_imported(world: BotWorld,
                                                               admin: ChatUser,
                                                               project_id: int) -> None:
    user = {"pk": "11", "username": "fenced", "project_id": project_id}
    reply = await admin.send(f"Here it is:\n```json\n{json.dumps(user)}\n```")
    assert only(reply).startswith("✅ Created.")
    other = {"pk": "12", "username": "lead.in", "project_id": project_id}
    reply = await admin.send(f"here it is: {json.dumps(other)}")
    assert only(reply).startswith("✅ Created.")
    assert await world.app.repo.count_users(project_id) == 2


async def test_curly_quotes_get_a_hint(admin: ChatUser) -> None:
    reply = await admin.send("{“pk”: “11”, “username”: “curly”}")
    text = only(reply)
    assert text.startswith("❌ Nothing was imported: This is not valid JSON")
    assert "curly quotes" in text and "Smart Punctuation" in text


async def test_unterminated_string_says_at_once(admin: ChatUser) -> None:
    reply = await admin.send('{"pk": "11, "username": "x"}')
    text = only(reply)
    assert "at at" not in text
    assert "at line 1, column" in text


async def test_pk_step_says_digits_only_for_words(world: BotWorld, admin: ChatUser,
                                                  project_id: int) -> None:
    await world.app.prefs.set_current_project(ADMIN_ID, project_id)
    await admin.send("/add")
    reply = await admin.send("Acme Shop official account")
    assert "❌ pk: must contain digits only, like 1234567890." in reply.last.text
    assert "digits; at most" not in reply.last.text


async def test_text_fields_are_trimmed(world: BotWorld, admin: ChatUser,
                                       project_id: int) -> None:
    await world.app.prefs.set_current_project(ADMIN_ID, project_id)
    await admin.send("/add")
    await admin.send("  321  ")
    await admin.send(" trimmed ")
    reply = await admin.send("   Acme   Shop   ")
    assert "step 5 of 8" in reply.last.text
    await admin.click(r"✅ Save now")
    user = await world.app.repo.get_user("321", project_id)
    assert user is not None and (user.username, user.full_name) == ("trimmed", "Acme   Shop")


async def test_no_command_line_hints_in_chat(admin: ChatUser) -> None:
    reply = await admin.send(json.dumps({"pk": "1", "username": "x", "project_id": 4242}))
    text = only(reply)
    assert "Project 4242 does not exist" in text
    assert "igbot" not in text and "--project" not in text


async def test_russian_plurals(world: BotWorld, project_id: int) -> None:
    admin_ru = world.user(language_code="ru")
    await world.app.prefs.set_current_project(admin_ru.user.id, project_id)
    await admin_ru.send("/add")
    reply = await admin_ru.send("1" * 22)
    assert "pk: 22 цифры; допускается не больше 20." in reply.last.text
    await admin_ru.send("42")
    reply = await admin_ru.send("a" * 31)
    assert "31 символ; допускается не больше 30." in reply.last.text
    users = [{"pk": str(70 + n), "username": f"ru{n}", "project_id": project_id}
             for n in range(2)] + [{"pk": "x", "username": "bad"}]
    await admin_ru.send("/cancel")
    reply = await admin_ru.send(json.dumps(users))
    assert ("🎉 Прочитано 3: создано 2, уже было 0, отклонён 1.\n✅ Созданы: @ru0, @ru1"
            in only(reply))


async def test_database_down_at_a_wizard_step_says_so_plainly(world: BotWorld,
                                                              admin: ChatUser,
                                                              project_id: int) -> None:
    await world.app.prefs.set_current_project(ADMIN_ID, project_id)
    await admin.send("/add")
    await admin.send("555")
    await world.app.repo.pool.close()  # the database goes away
    reply = await admin.send("down.user")
    text = reply.last.text
    assert "step 3 of 8" in text  # the step stays, with the reason
    assert "❌ The database is not reachable right now" in text
    assert "Nothing was saved" in text
    assert "Something went wrong" not in text
