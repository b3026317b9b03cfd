"""The real ``igbot`` console script, run as a subprocess against the test database."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import socket
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from bot.cli import EXPORT_COLUMNS
from repository.instagram import InstagramRepository

_SCRIPT = Path(sys.executable).with_name("igbot")
IGBOT = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "bot.cli"]


@dataclass
class Run:
    code: int
    out: str
    err: str

    def results(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.out.splitlines()]


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """An empty working directory, so no .env is picked up."""
    return tmp_path


async def igbot(dsn: str, cwd: Path, *args: str, stdin: str | None = None) -> Run:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "NEON_DATABASE_URL", "TEST_DATABASE_URL")}
    env["DATABASE_URL"] = dsn
    env["LOG_LEVEL"] = "WARNING"
    proc = await asyncio.create_subprocess_exec(
        *IGBOT, *args, cwd=cwd, env=env,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(
        proc.communicate(stdin.encode() if stdin is not None else b""), 60)
    assert proc.returncode is not None
    run = Run(proc.returncode, out.decode(), err.decode())
    assert "Traceback" not in run.err, run.err
    return run


def write(path: Path, doc: Any) -> str:
    path.write_text(json.dumps(doc), encoding="utf-8")
    return str(path)


# --- projects -----------------------------------------------------------------------------------
async def test_projects_add_prints_the_id_alone_and_list(clean_dsn: str, workdir: Path) -> None:
    first = await igbot(clean_dsn, workdir, "projects", "add", "Acme")
    assert (first.code, first.out) == (0, "1\n")
    second = await igbot(clean_dsn, workdir, "projects", "add", "Second project")
    assert (second.code, second.out) == (0, "2\n")
    listing = await igbot(clean_dsn, workdir, "projects", "list")
    assert (listing.code, listing.out) == (0, "1\tAcme\t0\n2\tSecond project\t0\n")


# --- create-user ---------------------------------------------------------------------------------
async def test_create_user_object_then_already_exists(clean_dsn: str, workdir: Path,
                                                      project_id: int) -> None:
    project = project_id
    path = write(workdir / "user.json", {
        "pk": "1234567890", "username": "@Test_User", "full_name": "Test User",
        "is_verified": True, "project_id": project, "metadata": {"source": "manual"}})
    created = await igbot(clean_dsn, workdir, "create-user", path)
    assert created.code == 0, created.err
    (result,) = created.results()
    assert (result["success"], result["created"], result["already_exists"]) == (
        True, True, False)
    assert result["error"] is None and result["request_id"]
    user = result["user"]
    assert (user["user_pk"], user["username"], user["search_username"]) == (
        "1234567890", "test_user", "manual_test_user")
    assert (user["full_name"], user["is_verified"], user["is_private"]) == (
        "Test User", True, False)
    assert user["profile_url"] == "https://instagram.com/test_user"
    assert user["project_id"] == project and user["metadata"] == {"source": "manual"}
    assert user["created_at"] and user["id"]

    again = await igbot(clean_dsn, workdir, "create-user", path)
    assert again.code == 0
    (repeat,) = again.results()
    assert (repeat["success"], repeat["created"], repeat["already_exists"]) == (
        True, False, True)
    assert repeat["user"] == user
    assert repeat["request_id"] != result["request_id"]


async def test_create_user_list_from_stdin_with_project_and_requester(
        clean_dsn: str, workdir: Path, repo: InstagramRepository, project_id: int) -> None:
    acme = project_id
    other = (await repo.create_project("Other")).id
    doc = [
        {"pk": "1111111111", "username": "user_one"},
        {"pk": 2222222222, "username": "user_two", "is_verified": True,
         "project_id": other},
        {"pk": 12345678901234567890, "username": "user_three", "is_private": True},
        {"pk": "1111111111", "username": "user_one"},
    ]
    run = await igbot(clean_dsn, workdir, "create-user", "-", "--project", str(acme),
                      "--requester", "144022504", stdin=json.dumps(doc))
    assert run.code == 0, run.err
    results = run.results()
    assert [(r["created"], r["already_exists"]) for r in results] == [
        (True, False), (True, False), (True, False), (False, True)]
    assert [(r["user"]["user_pk"], r["user"]["project_id"]) for r in results] == [
        ("1111111111", acme), ("2222222222", other), ("12345678901234567890", acme),
        ("1111111111", acme)]
    assert results[3]["user"] == results[0]["user"]
    assert {r["user"]["requester_telegram_id"] for r in results} == {"144022504"}
    assert (await repo.count_users(acme), await repo.count_users(other)) == (2, 1)


async def test_create_user_instagram_profile_file(clean_dsn: str, workdir: Path,
                                                  project_id: int) -> None:
    project = project_id
    path = write(workdir / "profile.json", {"data": {"user": {
        "id": "51234567890", "username": "acme.shop", "full_name": None,
        "is_private": False, "is_verified": False, "profile_pic_url": "",
        "profile_pic_url_hd": "https://example.com/hd.jpg", "fbid": "17841451234567890",
        "edge_related_profiles": {"edges": [{"node": {"id": "1", "username": "x"}}]},
    }}, "status": "ok"})
    run = await igbot(clean_dsn, workdir, "create-user", path, "--project", str(project))
    assert run.code == 0, run.err
    (result,) = run.results()
    user = result["user"]
    assert (user["user_pk"], user["full_name"], user["profile_pic_url"]) == (
        "51234567890", "", "https://example.com/hd.jpg")
    assert user["metadata"]["instagram"]["fbid"] == "17841451234567890"


async def test_rejected_input_exits_1_and_keeps_order(
        clean_dsn: str, workdir: Path, repo: InstagramRepository, project_id: int) -> None:
    project = project_id
    doc = [{"pk": "1", "username": "one"}, {"pk": "007", "username": "bond"},
           {"pk": 1.2e10, "username": "float"}, {"pk": "3", "username": "three"}]
    run = await igbot(clean_dsn, workdir, "create-user", "-", "--project", str(project),
                      stdin=json.dumps(doc))
    assert run.code == 1
    results = run.results()
    assert [r["success"] for r in results] == [True, False, False, True]
    assert [r["error"] for r in results] == [
        None, "pk: must not start with 0.",
        'pk: must be a whole number written with digits, not a decimal number (write it like '
        '"1234567890").', None]
    assert [r["error_code"] for r in results] == [None, "pk_leading_zero", "pk_type", None]
    assert run.err.strip().splitlines()[-1] == (
        "igbot: 2 of 4 users rejected; first: pk: must not start with 0.")
    assert await repo.count_users(project) == 2


@pytest.mark.parametrize(("stdin", "code", "message"), [
    ('{"pk": "1",\n "username": ', "json_syntax",
     "This is not valid JSON: Expecting value at line 2, column 14. Fix it there and send "
     "it again."),
    ('{"pk": "1", "pk": "2", "username": "a"}', "json_duplicate_key",
     'The JSON gives the key "pk" twice in one object, so its meaning is ambiguous. Keep '
     "one of them."),
    ('{"status": "fail", "message": "Not eligible for chaining."}', "ig_error",
     "Instagram returned an error instead of a profile: Not eligible for chaining."),
], ids=["broken", "duplicate-key", "envelope"])
async def test_unreadable_documents_exit_1(clean_dsn: str, workdir: Path, stdin: str,
                                           code: str, message: str) -> None:
    run = await igbot(clean_dsn, workdir, "create-user", "-", "--project", "1", stdin=stdin)
    assert run.code == 1
    (result,) = run.results()
    assert (result["success"], result["error_code"], result["error"]) == (False, code, message)
    assert run.err.strip() == f"igbot: {message}"


async def test_unknown_and_missing_project_exit_1(clean_dsn: str, workdir: Path,
                                                  project_id: int) -> None:
    doc = json.dumps({"pk": "5", "username": "five"})
    unknown, missing = await asyncio.gather(
        igbot(clean_dsn, workdir, "create-user", "-", "--project", "99", stdin=doc),
        igbot(clean_dsn, workdir, "create-user", "-", stdin=doc))
    assert unknown.code == 1
    assert unknown.results()[0]["error"] == (
        "Project 99 does not exist; choose an existing, active project.")
    assert missing.code == 1
    assert missing.results()[0]["error"] == (
        "No project given: the user names no project_id, and none was chosen.")


async def test_wrong_usage_exits_2(clean_dsn: str, workdir: Path) -> None:
    cases = [
        ("frobnicate",),
        ("create-user",),
        ("create-user", "-", "--bogus"),
        ("create-user", "-", "--project", "abc"),
        ("create-user", "-", "--project", "0"),
        ("list", "x"),
    ]
    runs = await asyncio.gather(*(igbot(clean_dsn, workdir, *args) for args in cases))
    for args, run in zip(cases, runs, strict=True):
        assert run.code == 2, (args, run)
        assert run.out == "", args
        assert "igbot: error: " in run.err, (args, run.err)
    assert "invalid choice: 'frobnicate'" in runs[0].err
    assert "the following arguments are required: file" in runs[1].err
    assert "unrecognized arguments: --bogus" in runs[2].err
    assert "argument --project: 'abc' is not a positive whole number" in runs[3].err


async def test_missing_file(clean_dsn: str, workdir: Path) -> None:
    run = await igbot(clean_dsn, workdir, "create-user", str(workdir / "nope.json"))
    assert run.code == 1  # input that cannot be read is rejected input, not wrong usage
    assert run.err.strip() == f"igbot: cannot read {workdir / 'nope.json'}: no such file"
    assert run.out == ""


# --- list and export ------------------------------------------------------------------------------
async def test_list_and_export(clean_dsn: str, workdir: Path, project_id: int) -> None:
    project = project_id
    doc = [
        {"pk": "1", "username": "first", "full_name": "First, Inc.", "is_private": True},
        {"pk": "2", "username": "second", "is_verified": True,
         "metadata": {"note": "line\nbreak", "n": 1}},
    ]
    created = await igbot(clean_dsn, workdir, "create-user", "-", "--project", str(project),
                          "--requester", "42", stdin=json.dumps(doc))
    assert created.code == 0, created.err
    # One statement stores both rows with the same created_at; the newer id breaks the tie.
    newest_first = [r["user"]["user_pk"] for r in sorted(
        created.results(), key=lambda r: r["user"]["id"], reverse=True)]

    listing, export = await asyncio.gather(igbot(clean_dsn, workdir, "list", str(project)),
                                           igbot(clean_dsn, workdir, "export", str(project)))
    assert listing.code == 0
    lines = {"1": "1\tfirst\tP-\tFirst, Inc.", "2": "2\tsecond\t-V\t"}
    assert listing.out == "".join(lines[pk] + "\n" for pk in newest_first)
    assert listing.err.strip() == "2 of 2 users"

    assert export.code == 0
    rows = list(csv.reader(io.StringIO(export.out)))
    assert rows[0] == list(EXPORT_COLUMNS)
    records = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert [r["user_pk"] for r in records] == newest_first
    first, second = sorted(records, key=lambda r: r["user_pk"])
    assert (first["username"], first["full_name"], first["search_username"]) == (
        "first", "First, Inc.", "manual_first")
    assert first["profile_url"] == "https://instagram.com/first"
    assert (first["project_id"], first["requester_telegram_id"]) == (str(project), "42")
    assert json.loads(second["metadata"]) == {"note": "line\nbreak", "n": 1}
    assert json.loads(first["metadata"]) == {}
    assert (first["is_private"], first["is_verified"]) == ("true", "false")

    for run in await asyncio.gather(igbot(clean_dsn, workdir, "list", "99"),
                                    igbot(clean_dsn, workdir, "export", "99")):
        assert run.code == 1
        assert run.err.strip() == "igbot: project 99 does not exist (see igbot projects list)"


# --- migrate ------------------------------------------------------------------------------------
async def test_migrate_reports_duplicates_then_dedupes(clean_dsn: str, workdir: Path) -> None:
    conn = await asyncpg.connect(clean_dsn)
    try:
        await conn.execute(
            "CREATE TABLE projects (id SERIAL PRIMARY KEY, name VARCHAR(255) NOT NULL,"
            " is_active BOOLEAN DEFAULT true);"
            "INSERT INTO projects (name) VALUES ('Legacy');"
            "CREATE TABLE instagram_similar_users (id UUID PRIMARY KEY"
            " DEFAULT gen_random_uuid(), search_username VARCHAR(255) NOT NULL,"
            " user_pk VARCHAR(255) NOT NULL, username VARCHAR(255) NOT NULL,"
            " project_id INTEGER, created_at TIMESTAMPTZ DEFAULT now(),"
            " UNIQUE(search_username, user_pk));"
            "INSERT INTO instagram_similar_users (search_username, user_pk, username,"
            " project_id, created_at) VALUES ('a', '77', 'x', 1, now() - interval '1 day'),"
            " ('b', '77', 'x', 1, now())")
        refused = await igbot(clean_dsn, workdir, "migrate")
        assert refused.code == 1
        assert refused.err.strip() == (
            "igbot: cannot add the unique rule (user_pk, project_id): 1 groups of rows share "
            "(user_pk, project_id); for example user_pk 77 in project 1 appears 2 times. Run "
            "'igbot migrate --dedupe' to keep the oldest row of each group and move the "
            "others into instagram_similar_users_archive (nothing is deleted).")
        deduped = await igbot(clean_dsn, workdir, "migrate", "--dedupe")
        assert deduped.code == 0, deduped.err
        assert deduped.out.splitlines()[-1] == (
            "archived 1 duplicate rows into instagram_similar_users_archive")
        assert await conn.fetchval("SELECT search_username FROM instagram_similar_users") == "a"
        assert await conn.fetchval(
            "SELECT search_username FROM instagram_similar_users_archive") == "b"
        again = await igbot(clean_dsn, workdir, "migrate")
        assert (again.code, again.out) == (0, "migrations applied: none\n")
    finally:
        await conn.close()


# --- the database unreachable -----------------------------------------------------------------
async def test_dead_database_is_one_line_exit_1(workdir: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    dsn = f"postgresql://igbot:s3cret-pass@127.0.0.1:{port}/igbot"
    path = write(workdir / "user.json", {"pk": "1", "username": "a", "project_id": 1})
    cases = (("projects", "list"), ("create-user", path))
    runs = await asyncio.gather(*(igbot(dsn, workdir, *args) for args in cases))
    for args, run in zip(cases, runs, strict=True):
        assert run.code == 1, (args, run)
        assert run.out == ""
        assert run.err == (
            "igbot: cannot connect to DATABASE_URL (ConnectionRefusedError); check that the "
            "server is running and DATABASE_URL is right\n")
        assert "s3cret" not in run.err
