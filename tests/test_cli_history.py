"""``igbot history`` as a subprocess: the audit trail as JSON lines."""

from __future__ import annotations

import json
from pathlib import Path

from bot.service import CreateUserService
from repository.manage import ManageRepository
from tests.test_cli import igbot, workdir  # noqa: F401  (the fixture)


async def test_history_prints_json_lines(clean_dsn: str, workdir: Path,  # noqa: F811
                                         service: CreateUserService, project_id: int) -> None:
    created = await service.create_instagram_user(
        {"pk": "1", "username": "acme", "project_id": project_id}, requester="100")
    assert created.user is not None
    await service.create_instagram_user(
        {"pk": "2", "username": "other", "project_id": project_id})
    manage = ManageRepository(service.repo.pool)
    await manage.update_fields(created.user.id, {"full_name": "Acme"}, "100")

    everything = await igbot(clean_dsn, workdir, "history")
    assert everything.code == 0, everything.err
    lines = [json.loads(line) for line in everything.out.splitlines()]
    assert [(r["entity"], r["action"], r["actor"]) for r in lines] == [
        ("user", "edit", "100"), ("user", "create", "cli"), ("user", "create", "100"),
        ("project", "project_create", "cli")]
    assert lines[0]["before"]["full_name"] in (None, "")
    assert lines[0]["after"]["full_name"] == "Acme"
    assert lines[0]["entry_id"] == created.user.id

    one = await igbot(clean_dsn, workdir, "history", "--user", "@acme")
    assert [json.loads(x)["action"] for x in one.out.splitlines()] == ["edit", "create"]
    by_pk = await igbot(clean_dsn, workdir, "history", "--user", "2", "--limit", "5")
    assert [json.loads(x)["username"] for x in by_pk.out.splitlines()] == ["other"]
    project = await igbot(clean_dsn, workdir, "history", "--project", str(project_id),
                          "--limit", "2")
    assert len(project.out.splitlines()) == 2

    bad = await igbot(clean_dsn, workdir, "history", "--user", "a b$")
    assert bad.code == 1 and "is not a username, pk or profile link" in bad.err
    usage = await igbot(clean_dsn, workdir, "history", "--limit", "0")
    assert usage.code == 2
