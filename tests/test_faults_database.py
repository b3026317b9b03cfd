"""The database hanging, stopping and dying under the bot (issue 7 §1-§2, §7).

The bot talks to the real test PostgreSQL through ``tests.faults.FaultProxy``, which can
freeze (a server stopped with SIGSTOP: connections accepted, nothing answered), refuse
(a server that is down) or cut every connection (a killed server), and restore. Every
wait is bounded (timeouts of 1 s here), every action says plainly that the database is
down, what is reported created is in the table, and the bot recovers without a restart.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import pytest
from aiogram_dialog.test_tools.memory_storage import JsonMemoryStorage

from bot.config import Settings
from repository.pool import BoundedPool, create_pool
from tests.conftest import ADMIN_ID, OTHER_ADMIN_ID, BotWorld, make_world
from tests.faults import FaultProxy
from tests.test_bot_wizard import SAVE, to_summary

# Response times are asserted here: run after the parallel part, alone (Makefile).
pytestmark = pytest.mark.alone

TIMEOUT = 1.0
DOWN = "The database is not responding right now, so this could not be done"


@pytest.fixture
async def proxy(pool: asyncpg.Pool, clean_dsn: str) -> AsyncIterator[FaultProxy]:
    """A proxy to the migrated test database (``pool`` migrates it)."""
    proxy = await FaultProxy(clean_dsn).start()
    yield proxy
    await proxy.close()


@pytest.fixture
async def faulty_pool(proxy: FaultProxy) -> AsyncIterator[BoundedPool]:
    pool = await create_pool(proxy.dsn, max_size=6, connect_timeout=TIMEOUT,
                             command_timeout=TIMEOUT, acquire_timeout=TIMEOUT)
    yield pool
    proxy.restore()
    await pool.close_within(2)


@pytest.fixture
def faulty(faulty_pool: BoundedPool, settings: Settings) -> BotWorld:
    """The bot, its database behind the proxy."""
    return make_world(faulty_pool, settings, JsonMemoryStorage())


def users(count: int, project_id: int, start: int = 1) -> str:
    return json.dumps([{"pk": str(start + i), "username": f"user{start + i}",
                        "project_id": project_id} for i in range(count)])


async def stored_pks(pool: asyncpg.Pool) -> list[str]:
    return [r[0] for r in await pool.fetch(
        "SELECT user_pk FROM instagram_similar_users ORDER BY user_pk::numeric")]


# --- §2: a frozen server ------------------------------------------------------------------
async def test_a_frozen_database_gets_an_answer_within_the_timeouts(
        faulty: BotWorld, proxy: FaultProxy, pool: asyncpg.Pool, project_id: int) -> None:
    admin = faulty.user(ADMIN_ID)
    assert (await admin.send("/projects")).last.text  # a pooled connection is open
    proxy.freeze()
    started = time.monotonic()
    reply = await admin.send(json.dumps({"pk": "77", "username": "frozen",
                                         "project_id": project_id}))
    waited = time.monotonic() - started
    # The statement was sent: it may land once the server wakes, so the bot says it
    # does not know (never "nothing was saved"), and how to find out.
    assert reply.last.text.startswith("❌ Not saved: The database stopped answering while "
                                      "this was being saved, so it may or may not be stored.")
    assert waited < 8, waited  # command timeout, then a look-up that times out too
    other = faulty.user(OTHER_ADMIN_ID)
    started = time.monotonic()
    projects = await other.send("/projects")
    assert DOWN in projects.last.text
    assert time.monotonic() - started < 4
    help_reply = await other.send("/help")  # needs no database: answered at once
    assert "/add" in help_reply.last.text
    proxy.thaw()
    # Recovered without a restart; a re-send tells what is in the table.
    again = await admin.send(json.dumps({"pk": "77", "username": "frozen",
                                         "project_id": project_id}))
    assert again.last.text.startswith(("✅ Created.", "👤 Already exists in this project:"))
    assert await stored_pks(pool) == ["77"]


async def test_a_server_that_accepts_and_never_answers_times_out_on_connect(
        proxy: FaultProxy, clean_dsn: str) -> None:
    proxy.freeze()
    started = time.monotonic()
    with pytest.raises(TimeoutError):
        await create_pool(proxy.dsn, connect_timeout=TIMEOUT, command_timeout=TIMEOUT,
                          acquire_timeout=TIMEOUT)
    assert time.monotonic() - started < 4


ACTIONS = ["/list", "/add", "/projects", "/stats", "/project 1", "/newproject Beta",
           json.dumps({"pk": "5", "username": "no.project"}),
           json.dumps({"pk": "6", "username": "with.project", "project_id": 1})]


# Every action with the server down; a few with it frozen (each of those waits out the
# timeouts, which is what they show).
@pytest.mark.parametrize(("fault", "action"), [
    *[("down", a) for a in ACTIONS], *[("frozen", a) for a in ACTIONS[::3]]])
async def test_every_action_says_the_database_is_down(
        faulty: BotWorld, proxy: FaultProxy, project_id: int, action: str,
        fault: str) -> None:
    admin = faulty.user(ADMIN_ID)
    proxy.refuse() if fault == "down" else proxy.freeze()
    started = time.monotonic()
    reply = await admin.send(action)
    assert time.monotonic() - started < 8
    text = "\n".join(reply.texts)
    assert "Something went wrong" not in text
    assert "Error" not in text  # no exception class names
    assert any(words in text for words in (
        DOWN, "The database is not reachable right now. Nothing was saved",
        "The database is not responding. Nothing was saved",
        "may or may not be stored")), text


async def test_pressing_a_button_while_the_database_is_down(
        faulty: BotWorld, proxy: FaultProxy, project_id: int) -> None:
    admin = faulty.user(ADMIN_ID)
    await admin.send("/add")
    proxy.refuse()
    reply = await admin.click(r"Acme \(#\d+\)")
    assert reply.callback_answer is not None
    assert DOWN in str(reply.callback_answer.text)


# --- §1: a server killed just after a batch commits --------------------------------------
async def test_a_connection_lost_at_commit_reports_what_is_in_the_table(
        faulty: BotWorld, proxy: FaultProxy, pool: asyncpg.Pool, project_id: int) -> None:
    service = faulty.app.service
    proxy.cut_after(b"COMMIT;")  # the server commits; the client never hears of it
    results = await service.create_many(
        [{"pk": str(i), "username": f"u{i}"} for i in range(1, 301)],
        default_project=project_id, batch_size=100)
    assert proxy.cut_count >= 1
    created = [r.user.user_pk for r in results if r.created and r.user]
    assert created == [str(i) for i in range(1, 301)]  # all were committed, all said so
    assert "Nothing was saved" not in " ".join(r.error or "" for r in results)
    assert await stored_pks(pool) == created


async def test_a_connection_lost_before_commit_says_nothing_was_saved(
        faulty: BotWorld, proxy: FaultProxy, pool: asyncpg.Pool, project_id: int) -> None:
    service = faulty.app.service
    proxy.cut_after(b"igbot_create_many_staging")  # while the batch is being staged
    results = await service.create_many(
        [{"pk": str(i), "username": f"u{i}"} for i in range(1, 101)],
        default_project=project_id, batch_size=100)
    stored = await stored_pks(pool)
    for r in results:
        if r.created:
            assert r.user is not None and r.user.user_pk in stored
        else:
            assert r.error_code in ("database_unavailable", "database_timeout")
    assert len(stored) == sum(r.created for r in results)


# --- §7: stopping and restarting PostgreSQL during a chat import and the wizard -----------
async def test_chaos_during_a_chat_import(faulty: BotWorld, proxy: FaultProxy,
                                          pool: asyncpg.Pool, project_id: int,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    faulty.app.settings.import_batch_size = 500
    admin = faulty.user(ADMIN_ID)
    document = users(2000, project_id).encode()
    calls = 0
    original = faulty.app.repo.create_many_rows

    async def stop_at_the_second_batch(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == 2:
            proxy.cut_after(b"COMMIT;")  # killed as the batch commits...
        if calls == 3:
            proxy.refuse()  # ...down for the next batch...
            try:
                return await original(*args, **kwargs)
            finally:
                proxy.restore()  # ...and back for the last one
        return await original(*args, **kwargs)

    monkeypatch.setattr(faulty.app.repo, "create_many_rows", stop_at_the_second_batch)
    started = time.monotonic()
    reply = await admin.send_document("users.json", document)
    assert time.monotonic() - started < 30
    summary = reply.last.text
    counts = re.search(r"(\d+) created, (\d+) already there", summary)
    assert counts is not None, summary
    created = int(counts.group(1))
    stored = await stored_pks(pool)
    assert created == len(stored)  # every reported "created" row is in the table
    assert "Something went wrong" not in summary
    assert 0 < created < 2000
    assert "may or may not be stored" not in summary  # the lost commit was looked up
    monkeypatch.undo()
    # Recovered without a restart; a re-run completes it, writing nothing twice.
    again = (await admin.send_document("users.json", document)).last.text
    assert f"{2000 - created} created, {created} already there, 0 rejected" in again
    final = await stored_pks(pool)
    assert final == [str(i) for i in range(1, 2001)]


async def test_chaos_during_the_wizard(faulty: BotWorld, proxy: FaultProxy,
                                       pool: asyncpg.Pool, project_id: int) -> None:
    admin = faulty.user(ADMIN_ID)
    await to_summary(admin, pk="4242", username="chaos.shop")
    proxy.refuse()
    reply = await admin.click(SAVE)
    text = "\n".join(reply.texts) + str(reply.callback_answer and reply.callback_answer.text)
    assert "Something went wrong" not in text
    assert "not reachable" in text or "not responding" in text or "may or may not" in text
    assert await stored_pks(pool) == []
    proxy.restore()
    done = await admin.click(SAVE)  # the form waited, filled in, for another try
    assert done.last.text.startswith("✅ Created.")
    assert await stored_pks(pool) == ["4242"]
