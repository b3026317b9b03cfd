"""One bad entry never poisons its batch (issue 7 §1).

Each poison kind — a lone surrogate in a text field, in an extra field (kept in
metadata), in metadata; a number too large for JSON storage — at the start, the middle
and the end of 5 and of 5,000 entries, through the real ``igbot`` CLI and through the
chat: exactly the good entries are stored, each bad one gets one reason naming its field,
the CLI exits 1 without a traceback. When PostgreSQL itself refuses a batch (a rule the
checks before it do not know), the batch is written in smaller pieces so that only the
guilty entry is refused.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from bot.service import CreateUserService
from repository.instagram import InstagramRepository
from tests.conftest import BotWorld
from tests.telegram import ChatUser
from tests.test_cli import igbot

# kind -> (the bad entry's extra fields, the expected error code, words of the reason)
POISONS: dict[str, tuple[dict[str, Any], str, str]] = {
    "surrogate-in-name": ({"full_name": "Bad \ud800 Name"}, "text_invalid",
                          "full name: contains a character that is not valid text"),
    "surrogate-in-extra": ({"biography": "bio \udc01"}, "metadata_text",
                           "metadata: the value at instagram.biography contains a "
                           "character that is not valid text"),
    "surrogate-in-metadata": ({"metadata": {"note": "x\ud83d"}}, "metadata_text",
                              "metadata: the value at note contains a character that is "
                              "not valid text"),
    "huge-number": ({"follower_count": "__HUGE__"}, "metadata_number",
                    "metadata: the value at instagram.follower_count is a number too large "
                    "for JSON storage"),
}


def document(kind: str, size: int, project_id: int) -> tuple[str, list[int]]:
    """``size`` users as JSON text, the poisoned ones at the start, middle and end."""
    bad_at = sorted({0, size // 2, size - 1})
    extra = POISONS[kind][0]
    users = []
    for i in range(size):
        user: dict[str, Any] = {"pk": str(10_000 + i), "username": f"user{i}",
                                "project_id": project_id}
        if i in bad_at:
            user.update(extra)
        users.append(user)
    # json.dumps writes a lone surrogate as the escape "\ud800", as a scraper would; a
    # number past the float range must be written by hand (json would write Infinity).
    text = json.dumps(users).replace('"__HUGE__"', "1e400")
    return text, bad_at


@pytest.mark.parametrize("size", [5, 5000])
@pytest.mark.parametrize("kind", list(POISONS))
async def test_cli_stores_every_good_entry_beside_the_poisoned(
        clean_dsn: str, tmp_path: Path, repo: InstagramRepository, project_id: int,
        kind: str, size: int) -> None:
    text, bad_at = document(kind, size, project_id)
    path = tmp_path / "users.json"
    path.write_text(text, encoding="utf-8")
    run = await igbot(clean_dsn, tmp_path, "create-user", str(path))  # no traceback
    assert run.code == 1
    results = run.results()
    assert len(results) == size
    _, code, reason = POISONS[kind]
    for i, result in enumerate(results):
        if i in bad_at:
            assert (result["success"], result["error_code"]) == (False, code), result
            assert reason in result["error"]
        else:
            assert result["created"], result
    assert f"igbot: {len(bad_at)} of {size} users rejected" in run.err
    assert await repo.count_users(project_id) == size - len(bad_at)
    stored = {r["pk"] for r in await repo.pool.fetch(
        "SELECT user_pk AS pk FROM instagram_similar_users")}
    assert stored == {str(10_000 + i) for i in range(size) if i not in bad_at}


@pytest.mark.parametrize("size", [5, 5000])
@pytest.mark.parametrize("kind", list(POISONS))
async def test_chat_stores_every_good_entry_beside_the_poisoned(
        world: BotWorld, admin: ChatUser, project_id: int, kind: str, size: int) -> None:
    text, bad_at = document(kind, size, project_id)
    reply = await admin.send_document("users.json", text.encode())
    summary = next(t for t in reversed(reply.texts) if " read: " in t)
    assert f"{size - len(bad_at)} created, 0 already there, 3 rejected" in summary
    _, _, reason = POISONS[kind]
    assert summary.count(reason) == len(bad_at), summary  # one reason per bad entry
    rejected = world.telegram.documents[-1][2].decode()  # the rejected-entries file
    assert rejected.count(reason) == len(bad_at), rejected
    assert "Something went wrong" not in summary
    assert await world.app.repo.count_users(project_id) == size - len(bad_at)


async def test_a_refusal_by_the_database_sinks_only_the_guilty_entry(
        service: CreateUserService, repo: InstagramRepository, pool: asyncpg.Pool,
        project_id: int) -> None:
    """A rule only PostgreSQL knows refuses one user of 1,000: the others are stored."""
    await pool.execute("ALTER TABLE instagram_similar_users ADD CONSTRAINT no_poison"
                       " CHECK (full_name <> 'poison')")
    users = [{"pk": str(500 + i), "username": f"u{i}",
              "full_name": "poison" if i == 637 else f"User {i}"} for i in range(1000)]
    results = await service.create_many(users, default_project=project_id)
    assert [i for i, r in enumerate(results) if not r.success] == [637]
    assert results[637].error_code == "database_error"
    assert results[637].error == "The database refused the request (23514). Nothing was saved."
    assert sum(r.created for r in results) == 999
    assert await repo.count_users(project_id) == 999
    assert await repo.get_user("1137", project_id) is None


async def test_a_lone_surrogate_in_a_single_paste_is_named(
        world: BotWorld, admin: ChatUser, project_id: int) -> None:
    reply = await admin.send(
        '{"pk": "1", "username": "acme", "full_name": "A\\ud800", "project_id": '
        + str(project_id) + "}")
    assert reply.last.text == ("❌ Not saved: full name: contains a character that is not "
                               "valid text (a lone UTF-16 surrogate such as \\ud800); "
                               "remove it.")
    assert await world.app.repo.count_users() == 0
