"""The create-user service: project checks, precedence, requester, metrics, failures."""

from __future__ import annotations

import asyncio
import logging
import re
import socket
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import pytest

from bot.service import CreateUserService
from repository.instagram import CreateOutcome, InstagramRepository
from repository.schemas import CreateInstagramUserEvent


def user(pk: str = "1234567890", username: str = "acme", **extra: Any) -> dict[str, Any]:
    return {"pk": pk, "username": username, **extra}


async def deactivate(pool: asyncpg.Pool, project_id: int) -> None:
    await pool.execute("UPDATE projects SET is_active = false WHERE id = $1", project_id)


def closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


@pytest.fixture
async def dead_service() -> AsyncIterator[CreateUserService]:
    """A service whose pool points at a port where no server listens."""
    dead = await asyncpg.create_pool(
        f"postgresql://postgres@127.0.0.1:{closed_port()}/igbot", min_size=0, max_size=2,
        timeout=5)
    assert dead is not None
    yield CreateUserService(InstagramRepository(dead))
    await dead.close()


# --- projects ------------------------------------------------------------------------------------
async def test_unknown_project_refused(service: CreateUserService,
                                       repo: InstagramRepository) -> None:
    result = await service.create_instagram_user(user(project_id=424242))
    assert (result.success, result.created, result.already_exists, result.user) == (
        False, False, False, None)
    assert result.error == ("Project 424242 does not exist; choose an existing, active "
                            "project.")
    assert result.error_code == "project_not_found"
    (many,) = await service.create_many([user()], default_project=424242)
    assert many.error == result.error
    assert await repo.count_users() == 0


async def test_inactive_project_refused(service: CreateUserService, repo: InstagramRepository,
                                        pool: asyncpg.Pool, project_id: int) -> None:
    await deactivate(pool, project_id)
    message = (f"Project {project_id} (Acme) is deactivated: it takes no new users (its list "
               "stays readable). Choose an active project, or activate it again from /projects.")
    single = await service.create_instagram_user(user(project_id=project_id))
    assert (single.success, single.error, single.error_code) == (
        False, message, "project_inactive")
    (many,) = await service.create_many([user()], default_project=project_id)
    assert (many.success, many.error) == (False, message)
    assert await repo.count_users() == 0


async def test_no_project_at_all(service: CreateUserService) -> None:
    result = await service.create_instagram_user(user())
    assert result.error == "No project given: the user names no project_id, and none was chosen."
    (many,) = await service.create_many([user()])
    assert many.error == "No project given: the user names no project_id, and none was chosen."


async def test_own_project_wins_over_default(service: CreateUserService,
                                             repo: InstagramRepository,
                                             project_id: int) -> None:
    other = (await repo.create_project("Other")).id
    own = await service.create_instagram_user(user("1", project_id=other),
                                              default_project=project_id)
    filled = await service.create_instagram_user(user("2"), default_project=project_id)
    null = await service.create_instagram_user(user("3", project_id=None),
                                               default_project=project_id)
    assert own.user is not None and own.user.project_id == other
    assert filled.user is not None and filled.user.project_id == project_id
    assert null.user is not None and null.user.project_id == project_id

    results = await service.create_many(
        [user("4", project_id=other), user("5"), user("6", project_id=None)],
        default_project=project_id)
    assert [r.user.project_id for r in results if r.user] == [other, project_id, project_id]
    assert await repo.count_users(other) == 2
    assert await repo.count_users(project_id) == 4


async def test_default_project_does_not_rescue_a_bad_own_project(
        service: CreateUserService, project_id: int) -> None:
    result = await service.create_instagram_user(user(project_id=0),
                                                 default_project=project_id)
    assert result.error == "project_id: must be a positive whole number, the id of a project."


# --- requester ----------------------------------------------------------------------------------
async def test_requester_recorded_and_wins_over_pasted(service: CreateUserService,
                                                       repo: InstagramRepository,
                                                       project_id: int) -> None:
    await service.create_instagram_user(user("1", project_id=project_id),
                                        requester="144022504")
    await service.create_instagram_user(
        user("2", project_id=project_id, requester_telegram_id="999"), requester="144022504")
    await service.create_instagram_user(
        user("3", project_id=project_id, requester_telegram_id="777"))
    await service.create_many([user("4", requester_telegram_id="999"), user("5")],
                              default_project=project_id, requester="55")
    stored = {pk: await repo.get_user(pk, project_id) for pk in "12345"}
    assert {pk: u.requester_telegram_id for pk, u in stored.items() if u} == {
        "1": "144022504", "2": "144022504", "3": "777", "4": "55", "5": "55"}


# --- results, metrics and logs ----------------------------------------------------------------
async def test_metrics_follow_outcomes(service: CreateUserService, repo: InstagramRepository,
                                       project_id: int) -> None:
    snap = service.metrics.snapshot()
    assert (snap.created, snap.already_existed, snap.validation_errors,
            snap.database_errors, snap.creates) == (0, 0, 0, 0, 0)
    await service.create_instagram_user(user("1", project_id=project_id))
    await service.create_instagram_user(user("1", project_id=project_id))
    await service.create_instagram_user(user("01", project_id=project_id))
    await service.create_instagram_user(user("2", project_id=project_id + 1000))
    snap = service.metrics.snapshot()
    assert (snap.created, snap.already_existed, snap.validation_errors,
            snap.database_errors, snap.creates) == (1, 1, 2, 0, 4)
    assert snap.duration_seconds > 0

    await service.create_many([user("1"), user("3"), user("4"), user("x"), user("3")],
                              default_project=project_id)
    snap = service.metrics.snapshot()
    assert (snap.created, snap.already_existed, snap.validation_errors) == (3, 3, 3)
    exposition = service.metrics.exposition().decode()
    assert "igbot_users_created_total 3.0" in exposition
    assert "igbot_users_already_existed_total 3.0" in exposition
    assert "igbot_validation_errors_total 3.0" in exposition
    assert "igbot_database_errors_total 0.0" in exposition
    assert "igbot_create_duration_seconds_count" in exposition
    assert await repo.count_users(project_id) == 3


async def test_request_ids_and_emoji_log(service: CreateUserService, project_id: int,
                                         caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="igbot.create")
    first = await service.create_instagram_user(user(project_id=project_id))
    again = await service.create_instagram_user(user(project_id=project_id))
    bad = await service.create_instagram_user(user("0", project_id=project_id))
    assert re.fullmatch(r"[0-9a-f]{12}", first.request_id)
    assert len({first.request_id, again.request_id, bad.request_id}) == 3
    lines = caplog.messages
    for rid, marks in ((first.request_id, "🚀✅🎉"), (again.request_id, "🚀👤🎉"),
                       (bad.request_id, "🚀❌🎉")):
        mine = [line for line in lines if f"[{rid}]" in line]
        assert [line[0] for line in mine] == list(marks), mine
    many = await service.create_many([user("5"), user("6")], default_project=project_id)
    batch = many[0].request_id.rsplit("-", 1)[0]
    assert [r.request_id for r in many] == [f"{batch}-1", f"{batch}-2"]


async def test_accepts_a_validated_event(service: CreateUserService, project_id: int) -> None:
    event = CreateInstagramUserEvent.model_validate(user(project_id=project_id))
    result = await service.create_instagram_user(event, requester="12")
    assert result.created and result.user is not None
    assert result.user.requester_telegram_id == "12"


class SlowRepository(InstagramRepository):
    """The real repository, slowed down, counting creates that run at the same time
    (per instance: each test starts from zero)."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        super().__init__(pool)
        self.running = 0
        self.peak = 0

    async def create_single_user(self, event: CreateInstagramUserEvent,
                                 **options: Any) -> CreateOutcome:
        self.running += 1
        self.peak = max(self.peak, self.running)
        try:
            await asyncio.sleep(0.02)  # holds the slot, so that creates overlap
            return await super().create_single_user(event, **options)
        finally:
            self.running -= 1


async def test_concurrency_limit(pool: asyncpg.Pool, project_id: int) -> None:
    slow = SlowRepository(pool)
    service = CreateUserService(slow, concurrency=3)
    results = await asyncio.gather(*(
        service.create_instagram_user(user(str(pk), f"u{pk}", project_id=project_id))
        for pk in range(1, 21)))
    assert all(r.created for r in results)
    assert slow.peak == 3


# --- the database failing -----------------------------------------------------------------------
UNREACHABLE = "The database is not reachable right now. Nothing was saved; try again in a moment."


async def test_database_unreachable_single(dead_service: CreateUserService) -> None:
    result = await dead_service.create_instagram_user(user(project_id=1))
    assert (result.success, result.created, result.user) == (False, False, None)
    assert result.error_code == "database_unavailable"
    assert result.error == UNREACHABLE
    snap = dead_service.metrics.snapshot()
    assert (snap.database_errors, snap.validation_errors, snap.created) == (1, 0, 0)


async def test_database_unreachable_many(dead_service: CreateUserService) -> None:
    results = await dead_service.create_many([user("1"), user("01"), user("2")],
                                             default_project=1)
    assert [r.error_code for r in results] == [
        "database_unavailable", "pk_leading_zero", "database_unavailable"]
    assert results[0].error == UNREACHABLE
    assert dead_service.metrics.snapshot().database_errors == 1


async def test_closed_pool_is_unavailable(clean_dsn: str) -> None:
    closed = await asyncpg.create_pool(clean_dsn, min_size=1, max_size=1)
    assert closed is not None
    await closed.close()
    service = CreateUserService(InstagramRepository(closed))
    result = await service.create_instagram_user(user(project_id=1))
    assert result.error_code == "database_unavailable"
    assert result.error == UNREACHABLE


async def test_database_refusal_reported(service: CreateUserService, pool: asyncpg.Pool,
                                         project_id: int) -> None:
    await pool.execute("ALTER TABLE instagram_similar_users RENAME TO moved_away")
    result = await service.create_instagram_user(user(project_id=project_id))
    assert result.error_code == "database_error"
    assert result.error == "The database refused the request (42P01). Nothing was saved."
    (many,) = await service.create_many([user()], default_project=project_id)
    assert many.error == result.error
    assert service.metrics.snapshot().database_errors == 2


async def test_one_unstorable_entry_does_not_sink_the_batch(
        service: CreateUserService, repo: InstagramRepository, project_id: int) -> None:
    results = await service.create_many(
        [user("1", "good"), user("2", "bad", metadata={"note": "a\u0000b"})],
        default_project=project_id)
    assert results[0].created
    assert await repo.count_users(project_id) == 1
