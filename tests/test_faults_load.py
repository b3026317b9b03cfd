"""Bounded work for any accepted document (issue 7 §3).

A big import must not hold up other admins: while one admin's 50,000-user document (5 MB) is
parsed and created, another admin's ``/help`` is answered within half a second each time
(the 100,000-user case is in ``bench/bench_faults.py``). A document past the entries cap,
or a list with no user object in it, is refused whole, at once, with the count and limit.
"""

from __future__ import annotations

import asyncio
import json
import time

import pytest
from pydantic import SecretStr

from bot.config import Settings
from tests.conftest import ADMIN_ID, OTHER_ADMIN_ID, BotWorld
from tests.telegram import ChatUser

# Response times are asserted here: run after the parallel part, alone (Makefile).
pytestmark = pytest.mark.alone

ENTRIES = 50_000


async def test_another_admin_is_answered_at_once_during_a_big_import(
        world: BotWorld, project_id: int) -> None:
    world.app.settings.max_document_bytes = 8 * 1024 * 1024
    importer = world.user(ADMIN_ID)
    other = world.user(OTHER_ADMIN_ID)
    document = json.dumps([
        {"pk": str(10**9 + i), "username": f"user.{i}", "full_name": f"User {i}",
         "project_id": project_id, "biography": "x" * 40} for i in range(ENTRIES)]).encode()
    await other.send("/help")  # warm: the first reply compiles its translations
    job = asyncio.create_task(importer.send_document("users.json", document))
    waits: list[float] = []
    await asyncio.sleep(0)  # the import starts
    while not job.done():
        # The other admin's update "arrives" every 50 ms; the wait counts from then, so
        # time the event loop spent elsewhere (parsing, say) is counted too.
        arrives = time.monotonic() + 0.05
        await asyncio.sleep(0.05)
        reply = await other.send("/help")
        waits.append(time.monotonic() - arrives)
        assert "/add" in reply.last.text
    summary = (await job).last.text
    assert f"{ENTRIES} created, 0 already there, 0 rejected" in summary
    assert len(waits) >= 5, waits  # the import took a while: /help was asked throughout
    print(f"\n/help waits during the import: max {max(waits):.3f} s, {len(waits)} asked")
    # The promise is "never more than a second"; held here to half of it, for a margin.
    assert max(waits) < 0.5, sorted(waits)[-5:]


async def test_entries_past_the_cap_are_refused_with_the_count(
        world: BotWorld, admin: ChatUser, project_id: int) -> None:
    world.app.settings.max_document_entries = 1000
    started = time.monotonic()
    reply = await admin.send_document("many.json", json.dumps(
        [{"pk": str(i + 1), "username": f"u{i}"} for i in range(1001)]).encode())
    assert reply.last.text == ("❌ Nothing was imported: The document holds 1001 entries; at most "
                               "1000 are accepted at once. Split it into smaller documents.")
    assert time.monotonic() - started < 3  # at once: no work per entry
    assert await world.app.repo.count_users() == 0


async def test_a_million_tiny_items_are_refused_at_once(
        world: BotWorld, admin: ChatUser) -> None:
    """2 MiB of ``[1,1,1,...]``: 1,048,575 items, refused in well under a second of work
    (it took 561 s and 2 GB before)."""
    document = ("[" + ",".join(["1"] * 1_048_575) + "]").encode()
    assert len(document) <= Settings(bot_token=SecretStr("42:T")).max_document_bytes
    started = time.monotonic()
    reply = await admin.send_document("ones.json", document)
    assert time.monotonic() - started < 3
    assert "holds 1048575 entries; at most 100000 are accepted" in reply.last.text
    ones = ("[" + ",".join(["1"] * 90_000) + "]").encode()
    reply = await admin.send_document("ones.json", ones)
    assert reply.last.text.startswith("❌ Nothing was imported: The list holds 90000 entries and "
                                      "none is a user object.")
