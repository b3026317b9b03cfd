"""JSON import through the real Dispatcher: pasted, forwarded and uploaded JSON, profile
links and @handles, the pk and project questions. Only Telegram's HTTP is faked."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest
from aiogram.methods import EditMessageText, GetFile, SendMessage
from aiogram.types import Chat, MessageOriginChannel, MessageOriginChat

from tests.conftest import ADMIN_ID, BotWorld
from tests.telegram import ChatUser, Reply


def flat(pk: str = "1234567890", username: str = "acme.shop", **fields: Any) -> dict[str, Any]:
    return {"pk": pk, "username": username, **fields}


def paste(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def web_profile(pk: str = "51234567890", username: str = "acme.store") -> dict[str, Any]:
    """Instagram's web profile response (shape A): the user sits at data.user."""
    return {"data": {"user": {
        "id": pk, "username": username, "full_name": "Acme Store", "is_private": False,
        "is_verified": True, "profile_pic_url": "https://scontent.example/p.jpg",
        "biography": "we <3 shops & more", "fbid": "17841451234567890",
        "edge_followed_by": {"count": 1200},
    }}, "status": "ok"}


def get_file_requests(world: BotWorld) -> list[GetFile]:
    return [m for m in world.telegram.requests if isinstance(m, GetFile)]


def only_message(reply: Reply) -> str:
    """The one text message of a reply (a rejected-entries document may come beside it)."""
    texts = [shown for shown in reply.sent if shown.message.document is None]
    assert len(texts) == 1, reply.texts
    return texts[0].text


# --- one user ---------------------------------------------------------------------------
async def test_paste_one_flat_user_creates_it(world: BotWorld, admin: ChatUser,
                                              project_id: int) -> None:
    reply = await admin.send(paste(flat(
        full_name="Acme <Shop> & Co", project_id=project_id,
        requester_telegram_id="999")))  # the sender wins over a named requester

    text = only_message(reply)
    assert text.startswith("✅ Created.")
    assert "@acme.shop — Acme <Shop> & Co" in text  # escaped in HTML, shown as written
    assert "pk: 1234567890" in text
    assert f"Project: #{project_id}" in text
    assert "&lt;Shop&gt; &amp; Co" in reply.sent[0].html
    user = await world.app.repo.get_user("1234567890", project_id)
    assert user is not None
    assert user.requester_telegram_id == str(ADMIN_ID)
    assert user.full_name == "Acme <Shop> & Co"


async def test_paste_the_same_user_twice_already_exists(admin: ChatUser,
                                                        project_id: int) -> None:
    await admin.send(paste(flat(project_id=project_id)))
    reply = await admin.send(paste(flat(project_id=project_id, full_name="Changed")))
    text = only_message(reply)
    assert text.startswith("👤 Already exists in this project:")
    assert "@acme.shop" in text and f"by {ADMIN_ID}" in text


async def test_one_invalid_user_is_rejected_with_the_field(world: BotWorld, admin: ChatUser,
                                                           project_id: int) -> None:
    reply = await admin.send(paste(flat(pk="12ab", project_id=project_id)))
    assert only_message(reply) == "❌ Not saved: pk: must contain digits only, like 1234567890."
    assert await world.app.repo.count_users() == 0


async def test_profile_whose_ids_disagree_is_rejected(admin: ChatUser,
                                                      project_id: int) -> None:
    reply = await admin.send(paste({"user": {"pk": 5, "id": "6", "username": "twin",
                                             "project_id": project_id}}))
    assert only_message(reply).startswith(
        "❌ Not saved: The id fields of this profile disagree (id=6, pk=5)")


async def test_unknown_project_in_the_json_is_named(admin: ChatUser, project_id: int) -> None:
    reply = await admin.send(paste(flat(project_id=project_id + 50)))
    assert f"Project {project_id + 50} does not exist" in only_message(reply)


# --- lists ------------------------------------------------------------------------------
async def test_paste_a_list_gives_one_summary(world: BotWorld, admin: ChatUser,
                                              project_id: int) -> None:
    await world.app.service.create_instagram_user(flat(pk="300", username="old.one",
                                                       project_id=project_id))
    users = [
        flat(pk="100", username="fresh.one", project_id=project_id),
        flat(pk="2b", username="broken.pk", project_id=project_id),
        flat(pk="300", username="old.one", project_id=project_id),
        flat(pk="400", username="bad..dots", project_id=project_id),
        "not an object",
    ]
    reply = await admin.send(paste(users))

    text = only_message(reply)
    assert not reply.edited
    assert text.startswith("🎉 5 read: 1 created, 1 already there, 3 rejected.\n"
                           "✅ Created: @fresh.one\n")
    # Rejections name the user, by username, else pk, else the entry's number.
    assert "• @broken.pk: pk: must contain digits only" in text
    assert "• @bad..dots: username: must not contain two dots in a row." in text
    assert "• entry 5: Entry 5 is not a JSON object." in text
    assert "📎 Every rejected entry and its reason: the attached file." in text
    (chat, name, content, caption) = world.telegram.documents[-1]
    assert (chat, name, caption) == (admin.chat.id, "rejected.csv",
                                     "Rejected entries and why (CSV).")
    rows = content.decode("utf-8-sig").splitlines()
    assert rows[0] == "entry,username,pk,reason"
    assert rows[1] == '2,broken.pk,2b,"pk: must contain digits only, like 1234567890."'
    assert rows[2] == "4,bad..dots,400,username: must not contain two dots in a row."
    assert rows[3] == "5,,,Entry 5 is not a JSON object."
    assert len(rows) == 4
    assert await world.app.repo.count_users(project_id) == 2
    fresh = await world.app.repo.get_user("100", project_id)
    assert fresh is not None and fresh.requester_telegram_id == str(ADMIN_ID)


async def test_long_list_edits_one_summary_as_batches_finish(
        world: BotWorld, admin: ChatUser, project_id: int) -> None:
    world.app.settings.import_batch_size = 2
    world.app.settings.import_progress_seconds = 0
    users = [flat(pk=str(500 + n), username=f"user{n}", project_id=project_id)
             for n in range(5)]
    before = len(world.telegram.requests)
    reply = await admin.send(paste(users))

    requests = world.telegram.requests[before:]
    # One message sent, then edited in place as batches finish.
    assert len([m for m in requests if isinstance(m, SendMessage)]) == 1
    assert len(reply.sent) == 1
    summary_id = reply.sent[0].message.message_id
    assert "🎉 5 read: 5 created" in reply.sent[0].text
    edits = [m for m in requests if isinstance(m, EditMessageText)]
    assert {e.message_id for e in edits} == {summary_id}
    progress = [e.text or "" for e in edits]
    assert "2 of 5 users processed" in progress[0]
    assert "4 of 5 users processed" in progress[1]
    assert "🎉 5 read: 5 created" in progress[-1]
    assert len(progress) == 3
    final = world.telegram.messages[(admin.chat.id, summary_id)].text or ""
    assert "🎉 5 read: 5 created, 0 already there, 0 rejected." in final
    assert world.telegram.documents == []  # nothing rejected: no file
    assert await world.app.repo.count_users(project_id) == 5


# --- forwards and documents -------------------------------------------------------------
@pytest.mark.parametrize("hidden", [False, True], ids=["user-origin", "hidden-user-origin"])
async def test_forwarded_json_is_imported(world: BotWorld, admin: ChatUser, project_id: int,
                                          hidden: bool) -> None:
    reply = await admin.forward(paste(flat(project_id=project_id)), hidden=hidden)
    assert only_message(reply).startswith("✅ Created.")
    user = await world.app.repo.get_user("1234567890", project_id)
    assert user is not None and user.requester_telegram_id == str(ADMIN_ID)  # not 777


@pytest.mark.parametrize("origin", ["channel", "chat"])
async def test_forward_from_a_channel_or_chat_caption(world: BotWorld, admin: ChatUser,
                                                      project_id: int, origin: str) -> None:
    source = Chat(id=-100123, type="channel" if origin == "channel" else "supergroup",
                  title="Scrapes")
    forward_origin = (MessageOriginChannel(date=datetime.now(), chat=source, message_id=7)
                      if origin == "channel"
                      else MessageOriginChat(date=datetime.now(), sender_chat=source))
    message = admin._message(caption=paste([flat(project_id=project_id)]),
                             forward_origin=forward_origin)
    reply = await admin._feed(message=message)
    assert "1 read: 1 created" in only_message(reply)


async def test_json_document_is_imported(world: BotWorld, admin: ChatUser,
                                         project_id: int) -> None:
    content = paste([flat(project_id=project_id), flat(pk="77", username="second",
                                                       project_id=project_id)])
    reply = await admin.send_document("users.json", content.encode())
    assert "2 read: 2 created, 0 already there, 0 rejected." in only_message(reply)
    assert len(get_file_requests(world)) == 1


async def test_plain_text_document_is_accepted_by_mime(world: BotWorld, admin: ChatUser,
                                                       project_id: int) -> None:
    reply = await admin.send_document("profile.txt",
                                      paste(flat(project_id=project_id)).encode(),
                                      mime_type="text/plain")
    assert only_message(reply).startswith("✅ Created.")


async def test_too_big_document_is_refused_before_download(world: BotWorld, admin: ChatUser,
                                                           project_id: int) -> None:
    limit = world.app.settings.max_document_bytes
    reply = await admin.send_document("huge.json", b"[]", file_size=limit + 1)
    text = only_message(reply)
    assert limit == 2 * 1024 * 1024
    assert "is 2 MB (2097153 bytes); at most 2 MB is accepted" in text
    assert "huge.json" in text
    assert get_file_requests(world) == []


async def test_non_json_document_is_refused_before_download(world: BotWorld,
                                                            admin: ChatUser) -> None:
    reply = await admin.send_document("cat<1>.png", b"\x89PNG", mime_type="image/png")
    text = only_message(reply)
    assert "“cat<1>.png” (image/png) is not a JSON document" in text
    assert get_file_requests(world) == []


async def test_broken_json_document_says_where(admin: ChatUser) -> None:
    reply = await admin.send_document("p.json", b'{\n  "pk": "1",\n  "username": \n}')
    text = only_message(reply)
    assert "line 4, column 1" in text


# --- broken JSON and other rejections of the whole document ------------------------------
async def test_broken_json_text_gives_line_and_column(admin: ChatUser) -> None:
    reply = await admin.send('{"pk": "1",\n "username": "x",,}')
    text = only_message(reply)
    assert text.startswith("❌ Nothing was imported: This is not valid JSON:")
    assert "line 2, column 18" in text


async def test_instagram_error_envelope(admin: ChatUser) -> None:
    reply = await admin.send(paste({"status": "fail", "message": "<login_required> & co"}))
    assert "Instagram returned an error instead of a profile: <login_required> & co" \
        in only_message(reply)


async def test_very_long_reason_is_cut_to_fit(admin: ChatUser) -> None:
    key = "k" * 3000
    reply = await admin.send('{"' + key + '": 1, "' + key + '": 2}')
    text = only_message(reply)
    assert "gives the key" in text and len(text) < 1000


# --- project question -------------------------------------------------------------------
async def test_web_profile_without_project_asks_with_buttons(world: BotWorld, admin: ChatUser,
                                                             project_id: int) -> None:
    beta = (await world.app.repo.create_project("Beta & Sons")).id
    asked = await admin.send(paste(web_profile()))
    question = only_message(asked)
    assert question.startswith("📁 Which project should this user go to?")
    assert asked.last.button_texts[:2] == [f"Acme (#{project_id})", f"Beta & Sons (#{beta})"]
    assert await world.app.repo.count_users() == 0

    done = await admin.click(r"Beta & Sons \(#\d+\)")
    assert f"📁 Project Beta & Sons (#{beta}) is now your current project." in done.texts
    result = only_message(done)
    assert result.startswith("✅ Created.") and "@acme.store — Acme Store" in result
    assert f"Project: #{beta}" in result
    user = await world.app.repo.get_user("51234567890", beta)
    assert user is not None
    assert user.requester_telegram_id == str(ADMIN_ID)
    assert user.metadata["instagram"]["biography"] == "we <3 shops & more"
    assert await world.app.prefs.get_current_project(ADMIN_ID) == beta
    assert asked.last.message.message_id not in [  # the buttons are gone
        s.message.message_id for s in world.telegram.bot_messages(admin.chat.id) if s.buttons]

    # The choice is now the current project: no question the next time.
    again = await admin.send(paste([web_profile(pk="61", username="another")["data"]["user"]]))
    text = only_message(again)
    assert f"Users that name no project go to your current project #{beta}." in text
    assert "1 read: 1 created" in text
    assert await world.app.repo.get_user("61", beta) is not None


async def test_long_list_after_the_project_question(world: BotWorld, admin: ChatUser,
                                                    project_id: int) -> None:
    world.app.settings.import_batch_size = 1
    world.app.settings.import_progress_seconds = 0
    users = [web_profile(pk=str(70 + n), username=f"chained{n}")["data"]["user"]
             for n in range(3)]
    asked = await admin.send(paste({"users": users, "status": "ok"}))
    assert only_message(asked).startswith("📁 Which project should these 3 users go to?")
    done = await admin.click(rf"Acme \(#{project_id}\)")
    assert done.callback_answer is not None and not done.callback_answer.text
    summary = world.telegram.bot_messages(admin.chat.id)[-1].text
    assert "🎉 3 read: 3 created" in summary
    assert await world.app.repo.count_users(project_id) == 3


async def test_current_project_is_used_without_asking(world: BotWorld, admin: ChatUser,
                                                      project_id: int) -> None:
    await world.app.prefs.set_current_project(ADMIN_ID, project_id)
    reply = await admin.send(paste(web_profile()))
    assert only_message(reply).startswith("✅ Created.")
    assert not reply.last.buttons
    assert await world.app.repo.get_user("51234567890", project_id) is not None


async def test_inactive_current_project_means_asking_again(world: BotWorld, admin: ChatUser,
                                                            project_id: int) -> None:
    old = (await world.app.repo.create_project("Old")).id
    await world.app.prefs.set_current_project(ADMIN_ID, old)
    await world.app.repo.pool.execute("UPDATE projects SET is_active = false WHERE id = $1",
                                      old)
    asked = await admin.send(paste(web_profile()))
    assert asked.last.button_texts[0] == f"Acme (#{project_id})"
    assert not any(text.startswith("Old") for text in asked.last.button_texts)
    await admin.click(rf"Acme \(#{project_id}\)")
    assert await world.app.prefs.get_current_project(ADMIN_ID) == project_id
    assert await world.app.repo.get_user("51234567890", project_id) is not None


async def test_project_question_with_no_active_projects(world: BotWorld,
                                                        admin: ChatUser) -> None:
    reply = await admin.send(paste(web_profile()))
    assert "There are no active projects" in only_message(reply)
    cancelled = await admin.click("✖️ Cancel")
    assert "Import cancelled; nothing was saved." in cancelled.texts


# --- profile links and @handles ---------------------------------------------------------
async def test_handle_asks_for_the_pk_until_it_is_valid(world: BotWorld, admin: ChatUser,
                                                        project_id: int) -> None:
    await world.app.prefs.set_current_project(ADMIN_ID, project_id)
    asked = await admin.send("@Acme.Shop")
    assert "What is the pk of @acme.shop?" in only_message(asked)

    again = await admin.send("12ab")
    text = only_message(again)
    assert text.startswith("❌ pk: must contain digits only")
    assert "What is the pk of @acme.shop?" in text

    zero = await admin.send("0123")
    assert only_message(zero).startswith("❌ pk: must not start with 0.")

    done = await admin.send(" 1234567890 ")
    result = only_message(done)
    assert result.startswith("✅ Created.") and "pk: 1234567890" in result
    user = await world.app.repo.get_user("1234567890", project_id)
    assert user is not None and user.username == "acme.shop"
    assert user.requester_telegram_id == str(ADMIN_ID)
    # The dialog is closed: the next text is not taken as a pk.
    after = await admin.send("555")  # with nothing open, a bare pk is a search
    assert only_message(after).startswith("Nothing found for 555.")


async def test_link_without_project_asks_pk_then_project(world: BotWorld, admin: ChatUser,
                                                         project_id: int) -> None:
    asked = await admin.send("https://www.instagram.com/natgeo/?hl=en")
    assert "What is the pk of @natgeo?" in only_message(asked)
    project_question = await admin.send("787132")
    assert only_message(project_question).startswith("📁 Which project should this user")
    done = await admin.click(rf"Acme \(#{project_id}\)")
    assert any(t.startswith("✅ Created.") for t in done.texts)
    assert await world.app.repo.get_user("787132", project_id) is not None
    assert await world.app.prefs.get_current_project(ADMIN_ID) == project_id


async def test_pk_question_can_be_cancelled(world: BotWorld, admin: ChatUser) -> None:
    await admin.send("@someone")
    cancelled = await admin.click("✖️ Cancel")
    assert "Import cancelled; nothing was saved." in cancelled.texts
    after = await admin.send("12345")  # with nothing open, a bare pk is a search
    assert only_message(after).startswith("Nothing found for 12345.")
    assert await world.app.repo.count_users() == 0


async def test_bad_handle_is_rejected_with_the_reason(admin: ChatUser) -> None:
    reply = await admin.send("@bad..name")
    assert only_message(reply) == ("❌ Not saved: username: must not contain two dots "
                                   "in a row.")
    assert not reply.last.buttons


async def test_a_second_handle_replaces_the_pk_question(world: BotWorld, admin: ChatUser,
                                                        project_id: int) -> None:
    await world.app.prefs.set_current_project(ADMIN_ID, project_id)
    first = await admin.send("@first")
    reply = await admin.send("@second")
    assert "What is the pk of @second?" in only_message(reply)
    old = world.telegram.messages[(admin.chat.id, first.last.message.message_id)]
    assert old.reply_markup is None  # the replaced question no longer reads as waiting
    done = await admin.send("777")
    assert "@second" in only_message(done)
    user = await world.app.repo.get_user("777", project_id)
    assert user is not None and user.username == "second"
    # Only one question was open: nothing asks about @first any more.
    after = await admin.send("888")
    assert "What is the pk" not in only_message(after)
    assert await world.app.repo.count_users() == 1


# --- an open dialog does not swallow JSON ----------------------------------------------
async def test_json_pasted_while_the_wizard_is_open_is_imported(
        world: BotWorld, admin: ChatUser, project_id: int) -> None:
    opened = await admin.send("/add")
    assert opened.last.text.startswith("➕ New Instagram user — step 1 of 8")

    reply = await admin.send(paste(flat(project_id=project_id)))
    text = only_message(reply)
    assert text.startswith("✅ Created.")
    assert "The form you opened earlier is still waiting for your answer above" in text
    assert await world.app.repo.get_user("1234567890", project_id) is not None


async def test_project_question_on_top_of_an_open_dialog(world: BotWorld, admin: ChatUser,
                                                         project_id: int) -> None:
    await admin.send("@waiting.user")  # the pk question stays open underneath
    asked = await admin.send(paste([web_profile()["data"]["user"]]))
    assert only_message(asked).startswith("📁 Which project should this user go to?")
    assert asked.last.button_texts[0] == f"Acme (#{project_id})"
    done = await admin.click(rf"Acme \(#{project_id}\)")
    assert any("1 read: 1 created" in t for t in done.texts)
    # The pk question is back and still answers.
    finished = await admin.send("424242")
    assert only_message(finished).startswith("✅ Created.")
    assert await world.app.repo.get_user("424242", project_id) is not None


async def test_document_while_a_dialog_is_open_is_answered(world: BotWorld,
                                                           admin: ChatUser) -> None:
    await admin.send("@waiting.user")
    reply = await admin.send_document("notes.pdf", b"%PDF", mime_type="application/pdf")
    text = only_message(reply)
    assert "is not a JSON document" in text
    assert "still waiting for your answer" in text


# --- Russian ----------------------------------------------------------------------------
async def test_russian_admin_reads_russian(world: BotWorld, project_id: int) -> None:
    admin_ru = world.user(language_code="ru")
    broken = await admin_ru.send('{"pk": }')
    assert "строке 1, столбце 8" in only_message(broken)

    asked = await admin_ru.send("@acme.shop")
    assert "Какой pk у @acme.shop?" in only_message(asked)
    project = await admin_ru.send("1234567890")
    assert only_message(project).startswith("📁 В какой проект добавить этого пользователя?")
    assert "✖️ Отмена" in project.last.button_texts
    done = await admin_ru.click(rf"Acme \(#{project_id}\)")
    assert f"📁 Проект Acme (#{project_id}) теперь ваш текущий." in done.texts
    assert any(t.startswith("✅ Создан.") for t in done.texts)
