"""Find, edit, move, copy, remove, restore, undo and the audit trail, on real PostgreSQL."""

from __future__ import annotations

import asyncpg
import pytest

from bot.service import CreateUserService
from repository.instagram import InstagramRepository
from repository.manage import Change, ManageRepository, prefix_bounds
from repository.tables import USERS


@pytest.fixture
def manage(pool: asyncpg.Pool) -> ManageRepository:
    return ManageRepository(pool)


async def add(service: CreateUserService, pk: str, username: str, project: int,
              requester: str | None = "100", **fields: object) -> str:
    result = await service.create_instagram_user(
        {"pk": pk, "username": username, "project_id": project, **fields},
        requester=requester)
    assert result.created and result.user is not None
    return result.user.id


async def audit_rows(pool: asyncpg.Pool) -> list[asyncpg.Record]:
    return await pool.fetch("SELECT * FROM igbot_audit WHERE entity = 'user' ORDER BY id")


async def test_find_by_prefix_and_pk(service: CreateUserService, manage: ManageRepository,
                                     repo: InstagramRepository, project_id: int) -> None:
    other = (await repo.create_project("Beta")).id
    await add(service, "1", "acme.shop", project_id)
    await add(service, "2", "acme_official", project_id)
    await add(service, "1", "acme.shop", other)
    await add(service, "3", "acmf", project_id)
    await add(service, "4", "bacme", project_id)

    found = await manage.find(prefix="acme")
    assert [(e.user.username, e.project_name) for e in found.entries] == [
        ("acme.shop", "Acme"), ("acme.shop", "Beta"), ("acme_official", "Acme")]
    assert (found.total, found.capped) == (3, False)

    limited = await manage.find(prefix="acme", limit=1)
    assert len(limited.entries) == 1 and limited.total == 3

    by_pk = await manage.find(pk="1", prefix="1")
    assert sorted(e.project_name or "" for e in by_pk.entries) == ["Acme", "Beta"]
    assert by_pk.total == 2
    assert (await manage.find(prefix="zzz")).entries == []


def test_prefix_bounds() -> None:
    assert prefix_bounds("acme") == ("acme", "acmf")
    assert prefix_bounds("a_") == ("a_", "a`")


async def test_find_uses_the_username_index(pool: asyncpg.Pool,
                                            service: CreateUserService,
                                            project_id: int) -> None:
    async with pool.acquire() as conn:
        # Enough rows that a sequential scan would be the planner's choice without an index.
        await conn.execute(
            f"INSERT INTO {USERS} (search_username, user_pk, username, project_id)"
            " SELECT 'manual_u' || g, g::text, 'u' || g, $1 FROM generate_series(1, 20000) g",
            project_id)
        await conn.execute(f"ANALYZE {USERS}")
        low, high = prefix_bounds("u1234")
        from repository.manage import _FIND_PK, _FIND_PREFIX

        plan = "\n".join(r[0] for r in await conn.fetch(
            f"EXPLAIN {_FIND_PREFIX}", low, high, 11))
        assert "Index Scan using instagram_similar_users_username_prefix_idx" in plan, plan
        # A generic plan (what a prepared statement settles on) keeps the index too.
        await conn.execute("SET plan_cache_mode = force_generic_plan")
        stmt = await conn.prepare(f"EXPLAIN {_FIND_PREFIX}")
        generic = "\n".join(r[0] for r in await stmt.fetch(low, high, 11))
        assert "username_prefix_idx" in generic, generic
        pk_plan = "\n".join(r[0] for r in await conn.fetch(f"EXPLAIN {_FIND_PK}", "1234", 11))
        assert "Index Scan" in pk_plan and "user_pk_project_uidx" in pk_plan, pk_plan


async def test_create_is_audited_with_its_requester_or_cli(
        pool: asyncpg.Pool, service: CreateUserService, project_id: int) -> None:
    await add(service, "1", "one", project_id, requester="555")
    await add(service, "2", "two", project_id, requester=None)
    results = await service.create_many(
        [{"pk": "3", "username": "three"}, {"pk": "4", "username": "four"}],
        default_project=project_id, requester="777")
    assert all(r.created for r in results)
    rows = await audit_rows(pool)
    assert [(r["actor"], r["action"], r["user_pk"]) for r in rows] == [
        ("555", "create", "1"), ("cli", "create", "2"), ("777", "create", "3"),
        ("777", "create", "4")]
    assert rows[0]["before"] is None
    assert rows[0]["after"]["username"] == "one"


async def test_edit_sets_updated_at_renames_links_and_is_audited(
        pool: asyncpg.Pool, service: CreateUserService, manage: ManageRepository,
        project_id: int) -> None:
    entry_id = await add(service, "1", "old.name", project_id)
    before = await manage.get_entry(entry_id)
    assert before is not None
    outcome = await manage.update_fields(entry_id, {"username": "new.name",
                                                    "full_name": "New"}, "100")
    assert outcome.change is Change.DONE and outcome.entry is not None
    user = outcome.entry.user
    assert (user.username, user.full_name) == ("new.name", "New")
    assert user.profile_url == "https://instagram.com/new.name"
    assert user.search_username == "manual_new.name"
    assert user.updated_at is not None and before.user.updated_at is not None
    assert user.updated_at > before.user.updated_at
    assert user.created_at == before.user.created_at
    last = (await audit_rows(pool))[-1]
    assert (last["actor"], last["action"]) == ("100", "edit")
    assert last["before"]["username"] == "old.name"
    assert last["after"]["username"] == "new.name"


async def test_move_respects_uniqueness(service: CreateUserService, manage: ManageRepository,
                                        repo: InstagramRepository, project_id: int) -> None:
    other = (await repo.create_project("Beta")).id
    first = await add(service, "1", "acme", project_id)
    await add(service, "1", "acme", other)
    clash = await manage.update_fields(first, {"project_id": other}, "100")
    assert clash.change is Change.CLASH and clash.other is not None
    assert clash.other.project_name == "Beta"
    stays = await manage.get_entry(first)
    assert stays is not None and stays.user.project_id == project_id
    second = await add(service, "2", "second", project_id)
    pk_clash = await manage.update_fields(second, {"user_pk": "1"}, "100")
    assert pk_clash.change is Change.CLASH
    moved = await manage.update_fields(second, {"project_id": other}, "100")
    assert moved.change is Change.DONE and moved.entry is not None
    assert moved.entry.user.project_id == other
    await repo.pool.execute("UPDATE projects SET is_active = false WHERE id = $1", project_id)
    assert (await manage.update_fields(second, {"project_id": project_id}, "100")).change \
        is Change.NO_PROJECT


async def test_copy_makes_a_new_row(service: CreateUserService, manage: ManageRepository,
                                    repo: InstagramRepository, project_id: int) -> None:
    other = (await repo.create_project("Beta")).id
    entry_id = await add(service, "1", "acme", project_id, full_name="Acme")
    copied = await manage.copy_to(entry_id, other, "101")
    assert copied.change is Change.DONE and copied.entry is not None
    assert copied.entry.user.id != entry_id
    assert (copied.entry.user.project_id, copied.entry.user.full_name,
            copied.entry.user.requester_telegram_id) == (other, "Acme", "101")
    again = await manage.copy_to(entry_id, other, "101")
    assert again.change is Change.CLASH


async def test_remove_then_restore_gives_back_the_same_row(
        pool: asyncpg.Pool, service: CreateUserService, manage: ManageRepository,
        project_id: int) -> None:
    entry_id = await add(service, "1", "acme", project_id, full_name="Acme",
                         metadata={"bio": "hi", "n": [1, 2]})
    original = await pool.fetchrow(f"SELECT * FROM {USERS} WHERE id = $1::uuid", entry_id)
    removal = await manage.remove(entry_id, "100")
    assert removal is not None and removal.user.username == "acme"
    assert await pool.fetchval(f"SELECT count(*) FROM {USERS}") == 0
    assert await pool.fetchval("SELECT count(*) FROM igbot_removed_users") == 1
    assert await manage.remove(entry_id, "100") is None  # already gone
    restored = await manage.restore(removal.removal_id, "100")
    assert restored.change is Change.DONE
    again = await pool.fetchrow(f"SELECT * FROM {USERS} WHERE id = $1::uuid", entry_id)
    assert dict(again) == dict(original)
    actions = [(r["actor"], r["action"]) for r in await audit_rows(pool)]
    assert actions == [("100", "create"), ("100", "remove"), ("100", "restore")]
    # The removal counts as undone: /undo goes on to the change before it.
    last = await manage.last_change("100")
    assert last is not None and last.action == "create"
    assert (await manage.restore(removal.removal_id, "100")).change is Change.NOT_FOUND


async def test_a_removed_account_can_be_added_again_and_then_not_restored(
        service: CreateUserService, manage: ManageRepository, project_id: int) -> None:
    entry_id = await add(service, "1", "acme", project_id)
    removal = await manage.remove(entry_id, "100")
    assert removal is not None
    await add(service, "1", "acme", project_id)
    clash = await manage.restore(removal.removal_id, "100")
    assert clash.change is Change.CLASH


async def test_undo_own_last_changes(pool: asyncpg.Pool, service: CreateUserService,
                                     manage: ManageRepository, project_id: int) -> None:
    entry_id = await add(service, "1", "acme", project_id, requester="100")
    await manage.update_fields(entry_id, {"full_name": "Changed"}, "100")
    await add(service, "2", "other", project_id, requester="101")  # somebody else's

    last = await manage.last_change("100")
    assert last is not None and last.action == "edit"
    undone = await manage.undo(last.id, "100")
    assert undone.change is Change.DONE and undone.entry is not None
    assert undone.entry.user.full_name in (None, "")

    removal = await manage.remove(entry_id, "100")
    assert removal is not None
    last = await manage.last_change("100")
    assert last is not None and last.action == "remove"
    assert (await manage.undo(last.id, "100")).change is Change.DONE
    assert await manage.get_entry(entry_id) is not None

    # Next back: the create (the restore came from an undo, which is not undone itself).
    last = await manage.last_change("100")
    assert last is not None and last.action == "create"
    assert (await manage.undo(last.id, "100")).change is Change.DONE
    assert await manage.get_entry(entry_id) is None
    assert await manage.last_change("100") is None
    # Another admin's change is not mine to undo.
    theirs = await manage.last_change("101")
    assert theirs is not None
    assert (await manage.undo(theirs.id, "100")).change is Change.NOT_FOUND


async def test_undo_import_in_one_statement(pool: asyncpg.Pool, service: CreateUserService,
                                            manage: ManageRepository, project_id: int) -> None:
    await add(service, "9", "before", project_id)
    results = await service.create_many(
        [{"pk": str(n), "username": f"user{n}"} for n in range(1, 6)],
        default_project=project_id, requester="100")
    import_id = await manage.record_import(
        "100", [r.user.id for r in results if r.created and r.user])
    assert await manage.import_size(import_id) == (5, True)
    assert await manage.undo_import(import_id, "100") == 5
    assert await pool.fetchval(f"SELECT count(*) FROM {USERS}") == 1
    assert await manage.undo_import(import_id, "100") is None
    assert await manage.import_size(import_id) == (5, False)
    rows = await pool.fetch(
        "SELECT actor, action FROM igbot_audit WHERE action = 'undo_import'")
    assert len(rows) == 5
    old = await manage.record_import("100", [])
    await pool.execute("UPDATE igbot_imports SET created_at = now() - interval '25 hours'"
                       " WHERE id = $1", old)
    assert await manage.undo_import(old, "100") is None


async def test_change_and_audit_row_commit_or_roll_back_together(
        pool: asyncpg.Pool, service: CreateUserService, manage: ManageRepository,
        project_id: int) -> None:
    entry_id = await add(service, "1", "acme", project_id)
    audited = len(await audit_rows(pool))
    # Rolled back: neither the change nor its audit row stays.
    async with pool.acquire() as conn:
        with pytest.raises(RuntimeError):
            async with conn.transaction():
                await conn.execute(f"UPDATE {USERS} SET full_name = 'X' WHERE id = $1::uuid",
                                   entry_id)
                assert await conn.fetchval("SELECT count(*) FROM igbot_audit"
                                           " WHERE entity = 'user'") == audited + 1
                raise RuntimeError("abort")
    assert len(await audit_rows(pool)) == audited
    entry = await manage.get_entry(entry_id)
    assert entry is not None and entry.user.full_name != "X"
    # An audit row that cannot be written stops the change too.
    await pool.execute("ALTER TABLE igbot_audit ADD CONSTRAINT no_more CHECK (false) NOT VALID")
    with pytest.raises(asyncpg.CheckViolationError):
        await manage.update_fields(entry_id, {"full_name": "Y"}, "100")
    entry = await manage.get_entry(entry_id)
    assert entry is not None and entry.user.full_name != "Y"
    await pool.execute("ALTER TABLE igbot_audit DROP CONSTRAINT no_more")
    # Committed: both are there.
    await manage.update_fields(entry_id, {"full_name": "Z"}, "100")
    rows = await audit_rows(pool)
    assert len(rows) == audited + 1 and rows[-1]["after"]["full_name"] == "Z"


async def test_project_changes_are_audited(pool: asyncpg.Pool,
                                           repo: InstagramRepository) -> None:
    project = await repo.create_project("Acme", actor="100")
    await pool.execute("UPDATE projects SET name = 'Acme 2' WHERE id = $1", project.id)
    await pool.execute("UPDATE projects SET is_active = false WHERE id = $1", project.id)
    rows = await pool.fetch("SELECT actor, action FROM igbot_audit WHERE entity = 'project'"
                            " ORDER BY id")
    assert [tuple(r) for r in rows] == [("100", "project_create"), ("cli", "project_rename"),
                                        ("cli", "project_deactivate")]


async def test_history_by_pk_username_and_project(
        service: CreateUserService, manage: ManageRepository, repo: InstagramRepository,
        project_id: int) -> None:
    entry_id = await add(service, "1", "acme", project_id)
    await add(service, "2", "beta", project_id)
    await manage.update_fields(entry_id, {"username": "acme.new"}, "100")
    await manage.remember_admin(100, "Alice Admin", "alice")
    by_pk = await manage.history(user_pk="1")
    assert [h.action for h in by_pk] == ["edit", "create"]
    assert by_pk[0].actor_name == "Alice Admin"
    by_old_name = await manage.history(username="acme")
    assert [h.action for h in by_old_name] == ["edit", "create"]
    assert len(await manage.history(project_id=project_id)) >= 3
    assert len(await manage.history(limit=2)) == 2
