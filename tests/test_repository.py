"""``InstagramRepository`` against a real PostgreSQL: creates, batches, pages, projects."""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg
import pytest

from bot.service import CreateUserService
from repository.instagram import InstagramRepository, Outcome, UsersPage
from repository.schemas import CreateInstagramUserEvent


def ev(pk: str, username: str, project_id: int, **extra: Any) -> CreateInstagramUserEvent:
    return CreateInstagramUserEvent.model_validate(
        {"pk": pk, "username": username, "project_id": project_id, **extra})


# --- create_single_user -------------------------------------------------------------------------
async def test_create_single_user_then_already_exists(repo: InstagramRepository,
                                                      project_id: int) -> None:
    first = await repo.create_single_user(ev(
        "1234567890", "acme.shop", project_id, full_name="Acme", is_verified=True,
        profile_pic_url="https://example.com/a.jpg", social_context="Followed by x",
        profile_chaining_secondary_label="Acme", requester_telegram_id="144022504",
        metadata={"source": "manual"}))
    assert first.outcome is Outcome.CREATED
    row = first.user
    assert row is not None
    assert (row.user_pk, row.username, row.search_username, row.profile_url) == (
        "1234567890", "acme.shop", "manual_acme.shop", "https://instagram.com/acme.shop")
    assert (row.full_name, row.is_private, row.is_verified) == ("Acme", False, True)
    assert row.social_context == "Followed by x"
    assert row.profile_chaining_secondary_label == "Acme"
    assert row.requester_telegram_id == "144022504"
    assert row.metadata == {"source": "manual"}
    assert row.project_id == project_id
    assert row.created_at is not None and row.scraped_at is not None

    # Same pk, another username and name: the stored row comes back unchanged.
    again = await repo.create_single_user(ev("1234567890", "renamed", project_id,
                                             full_name="Other"))
    assert again.outcome is Outcome.ALREADY_EXISTS
    assert again.user == row
    assert await repo.count_users(project_id) == 1
    assert await repo.get_user("1234567890", project_id) == row


async def test_same_pk_in_two_projects_is_two_rows(repo: InstagramRepository,
                                                   project_id: int) -> None:
    other = (await repo.create_project("Other")).id
    a = await repo.create_single_user(ev("42", "acme", project_id))
    b = await repo.create_single_user(ev("42", "acme", other))
    assert (a.outcome, b.outcome) == (Outcome.CREATED, Outcome.CREATED)
    assert a.user is not None and b.user is not None and a.user.id != b.user.id
    assert await repo.count_users() == 2


# --- create_many --------------------------------------------------------------------------------
async def test_create_many_keeps_input_order(repo: InstagramRepository,
                                             project_id: int) -> None:
    events = [ev(str(pk), f"user{pk}", project_id) for pk in (30, 10, 20, 50, 40)]
    outcomes = await repo.create_many(events)
    assert [o.outcome for o in outcomes] == [Outcome.CREATED] * 5
    assert [o.user.user_pk for o in outcomes if o.user] == ["30", "10", "20", "50", "40"]
    assert await repo.count_users(project_id) == 5
    assert await repo.create_many([]) == []


async def test_create_many_duplicates_within_batch(repo: InstagramRepository,
                                                   project_id: int) -> None:
    outcomes = await repo.create_many([
        ev("7", "seven", project_id, full_name="First"),
        ev("8", "eight", project_id),
        ev("7", "seven_renamed", project_id, full_name="Second"),
        ev("7", "seven", project_id),
    ])
    assert [o.outcome for o in outcomes] == [
        Outcome.CREATED, Outcome.CREATED, Outcome.ALREADY_EXISTS, Outcome.ALREADY_EXISTS]
    first = outcomes[0].user
    assert first is not None and first.full_name == "First"
    assert outcomes[2].user == first and outcomes[3].user == first
    assert await repo.count_users(project_id) == 2


async def test_create_many_mixed_existing_and_new(repo: InstagramRepository,
                                                  project_id: int) -> None:
    other = (await repo.create_project("Other")).id
    old = await repo.create_single_user(ev("100", "old", project_id, full_name="Old"))
    outcomes = await repo.create_many([
        ev("101", "new_one", project_id),
        ev("100", "old", project_id, full_name="Changed"),
        ev("100", "old", other),
        ev("102", "new_two", project_id),
    ])
    assert [o.outcome for o in outcomes] == [
        Outcome.CREATED, Outcome.ALREADY_EXISTS, Outcome.CREATED, Outcome.CREATED]
    assert outcomes[1].user == old.user
    assert outcomes[1].user is not None and outcomes[1].user.full_name == "Old"
    assert outcomes[2].user is not None and outcomes[2].user.project_id == other
    assert await repo.count_users(project_id) == 3
    assert await repo.count_users(other) == 1


async def test_create_many_stores_every_field(repo: InstagramRepository,
                                              project_id: int) -> None:
    (outcome,) = await repo.create_many([ev(
        "55", "@Five.Five", project_id, full_name="Пять", is_private=True,
        profile_pic_url="https://example.com/5.jpg", social_context="ctx",
        profile_chaining_secondary_label="label", requester_telegram_id="-100",
        metadata={"k": ["v", 1, None]})])
    stored = await repo.get_user("55", project_id)
    assert stored is not None and stored == outcome.user
    assert (stored.username, stored.search_username, stored.profile_url) == (
        "five.five", "manual_five.five", "https://instagram.com/five.five")
    assert (stored.full_name, stored.is_private, stored.is_verified) == ("Пять", True, False)
    assert (stored.profile_pic_url, stored.social_context,
            stored.profile_chaining_secondary_label) == (
        "https://example.com/5.jpg", "ctx", "label")
    assert stored.requester_telegram_id == "-100"
    assert stored.metadata == {"k": ["v", 1, None]}


async def test_concurrent_batches_create_each_row_once(repo: InstagramRepository,
                                                       project_id: int) -> None:
    batch = [ev(str(pk), f"u{pk}", project_id) for pk in range(1, 41)]
    runs = await asyncio.gather(*(repo.create_many(batch) for _ in range(6)))
    for i in range(40):
        outcomes = [run[i].outcome for run in runs]
        assert outcomes.count(Outcome.CREATED) == 1, (i, outcomes)
        assert outcomes.count(Outcome.ALREADY_EXISTS) == 5
        assert len({run[i].user.id for run in runs if run[i].user}) == 1
    assert await repo.count_users(project_id) == 40


# --- list_users: keyset paging --------------------------------------------------------------
def pks(page: UsersPage) -> list[str]:
    return [u.user_pk for u in page.users]


async def test_list_users_pages_newest_first_forward_and_back(
        repo: InstagramRepository, project_id: int) -> None:
    other = (await repo.create_project("Other")).id
    for pk in range(1, 26):  # one statement each: 25 distinct creation times
        await repo.create_single_user(ev(str(pk), f"user{pk}", project_id))
    await repo.create_single_user(ev("999", "elsewhere", other))
    newest_first = [str(pk) for pk in range(25, 0, -1)]

    first = await repo.list_users(project_id, limit=10)
    assert pks(first) == newest_first[:10]
    assert first.total == 25
    assert first.prev_cursor is None and first.next_cursor is not None

    second = await repo.list_users(project_id, limit=10, after=first.next_cursor)
    assert pks(second) == newest_first[10:20]
    assert second.total == 25
    assert second.prev_cursor is not None and second.next_cursor is not None

    third = await repo.list_users(project_id, limit=10, after=second.next_cursor)
    assert pks(third) == newest_first[20:]
    assert third.next_cursor is None and third.prev_cursor is not None

    back_to_second = await repo.list_users(project_id, limit=10, before=third.prev_cursor)
    assert pks(back_to_second) == pks(second)
    assert back_to_second.prev_cursor is not None and back_to_second.next_cursor is not None

    back_to_first = await repo.list_users(project_id, limit=10,
                                          before=back_to_second.prev_cursor)
    assert pks(back_to_first) == pks(first)
    assert back_to_first.prev_cursor is None and back_to_first.next_cursor is not None

    assert (await repo.list_users(other, limit=10)).total == 1


async def test_list_users_same_timestamp_still_pages_every_row_once(
        repo: InstagramRepository, project_id: int) -> None:
    # One statement: all 25 rows share created_at, so the id breaks the ties.
    await repo.create_many([ev(str(pk), f"user{pk}", project_id) for pk in range(1, 26)])
    seen: list[str] = []
    page = await repo.list_users(project_id, limit=10)
    pages = [page]
    while page.next_cursor:
        page = await repo.list_users(project_id, limit=10, after=page.next_cursor)
        pages.append(page)
    for p in pages:
        seen.extend(pks(p))
    assert len({u.created_at for p in pages for u in p.users}) == 1
    assert [len(p.users) for p in pages] == [10, 10, 5]
    assert sorted(seen, key=int) == [str(pk) for pk in range(1, 26)]
    back = await repo.list_users(project_id, limit=10, before=pages[2].prev_cursor)
    assert pks(back) == pks(pages[1])


async def test_list_users_empty_and_bad_cursor(repo: InstagramRepository,
                                               project_id: int) -> None:
    empty = await repo.list_users(project_id, limit=10)
    assert (empty.users, empty.total, empty.next_cursor, empty.prev_cursor) == (
        [], 0, None, None)
    with pytest.raises(ValueError, match="malformed page cursor"):
        await repo.list_users(project_id, after="not-a-cursor")


# --- projects ------------------------------------------------------------------------------------
async def test_projects_create_get_list_with_counts(repo: InstagramRepository,
                                                    pool: asyncpg.Pool) -> None:
    acme = await repo.create_project("Acme")
    beta = await repo.create_project("Beta")
    gone = await repo.create_project("Gone")
    assert (acme.name, acme.is_active) == ("Acme", True)
    assert acme.id < beta.id < gone.id
    assert await repo.get_project(acme.id) == acme
    assert await repo.get_project(gone.id + 100) is None
    await pool.execute("UPDATE projects SET is_active = false WHERE id = $1", gone.id)
    inactive = await repo.get_project(gone.id)
    assert inactive is not None and inactive.is_active is False

    await repo.create_many([ev(str(pk), f"u{pk}", acme.id) for pk in (1, 2, 3)])
    await repo.create_single_user(ev("9", "nine", gone.id))

    listed = await repo.list_projects()
    assert [(p.id, p.name, p.is_active, p.user_count) for p in listed] == [
        (acme.id, "Acme", True, 3), (beta.id, "Beta", True, 0)]
    everything = await repo.list_projects(active_only=False)
    assert [(p.name, p.user_count) for p in everything] == [
        ("Acme", 3), ("Beta", 0), ("Gone", 1)]
    found = await repo.get_projects([acme.id, gone.id, 12345])
    assert set(found) == {acme.id, gone.id}
    assert await repo.totals() == {"users": 4, "active_projects": 2, "projects": 3}


# --- 50 identical creates at once ---------------------------------------------------------------
async def test_fifty_concurrent_identical_creates(service: CreateUserService,
                                                  repo: InstagramRepository,
                                                  project_id: int) -> None:
    data = {"pk": "1234567890", "username": "race", "project_id": project_id}
    results = await asyncio.gather(*(service.create_instagram_user(data)
                                     for _ in range(50)))
    assert all(r.success for r in results)
    assert sum(r.created for r in results) == 1
    assert sum(r.already_exists for r in results) == 49
    assert len({r.user.id for r in results if r.user}) == 1
    assert len({r.request_id for r in results}) == 50
    assert await repo.count_users(project_id) == 1
    snap = service.metrics.snapshot()
    assert (snap.created, snap.already_existed, snap.database_errors) == (1, 49, 0)
