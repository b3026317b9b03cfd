"""``igbot projects rename|activate|deactivate``, unique names, the legacy duplicate-name
report, and ``igbot export`` (CSV with formulas neutralised, JSON lines), through the real
console script."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from pathlib import Path

import asyncpg
import pytest

from bot.export import EXPORT_COLUMNS
from tests.test_cli import igbot


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """An empty working directory, so no .env is picked up."""
    return tmp_path


HOSTILE = {
    "=HYPERLINK(\"http://evil.example\",\"click\")": "'=HYPERLINK(\"http://evil.example\",\"click\")",
    "+1+2": "'+1+2",
    "-2+3": "'-2+3",
    "@SUM(A1)": "'@SUM(A1)",
    "\tTab": "'\tTab",
    "\rCR": "'\rCR",
    "Plain = fine": "Plain = fine",
}


async def test_projects_rename_deactivate_activate(clean_dsn: str, workdir: Path) -> None:
    assert (await igbot(clean_dsn, workdir, "projects", "add", "Acme")).out == "1\n"
    assert (await igbot(clean_dsn, workdir, "projects", "add", "Beta")).out == "2\n"

    renamed = await igbot(clean_dsn, workdir, "projects", "rename", "1", "  Acme   Summer ")
    assert (renamed.code, renamed.out) == (0, "project #1 is now called 'Acme Summer'\n")

    off = await igbot(clean_dsn, workdir, "projects", "deactivate", "1")
    assert off.code == 0
    assert off.out == ("project #1 'Acme Summer' is inactive: it takes no new users; its "
                       "list stays readable\n")
    listed = await igbot(clean_dsn, workdir, "projects", "list")
    assert listed.out == "2\tBeta\t0\n"
    every = await igbot(clean_dsn, workdir, "projects", "list", "--all")
    assert every.out == "1\tAcme Summer\t0\tinactive\n2\tBeta\t0\tactive\n"

    # A deactivated project refuses new users, with the reason.
    refused = await igbot(clean_dsn, workdir, "create-user", "-", "--project", "1",
                          stdin='{"pk": "5", "username": "late"}')
    assert refused.code == 1
    assert refused.results()[0]["error"] == (
        "Project 1 (Acme Summer) is deactivated: it takes no new users (its list stays "
        "readable). Choose an active project, or activate it again from /projects.")
    # Its list stays readable.
    assert (await igbot(clean_dsn, workdir, "list", "1")).code == 0

    on = await igbot(clean_dsn, workdir, "projects", "activate", "1")
    assert on.out == "project #1 'Acme Summer' is active: it takes new users\n"
    created = await igbot(clean_dsn, workdir, "create-user", "-", "--project", "1",
                          stdin='{"pk": "5", "username": "late"}')
    assert created.code == 0 and created.results()[0]["created"]


async def test_projects_names_unique_ignoring_case(clean_dsn: str, workdir: Path) -> None:
    await igbot(clean_dsn, workdir, "projects", "add", "Acme")
    await igbot(clean_dsn, workdir, "projects", "add", "Beta")
    runs = await asyncio.gather(*(igbot(clean_dsn, workdir, "projects", *args) for args in (
        ("add", " ACME "), ("rename", "2", "acme"))))
    for run in runs:
        assert run.code == 1
        assert run.err.strip() == (
            "igbot: project #1 is already called 'Acme' (names are compared ignoring case "
            "and surrounding spaces); choose another name")
    # Renaming a project to its own name in another case is fine.
    assert (await igbot(clean_dsn, workdir, "projects", "rename", "1", "ACME")).code == 0
    listed = await igbot(clean_dsn, workdir, "projects", "list")
    assert listed.out == "1\tACME\t0\n2\tBeta\t0\n"


async def test_projects_bad_ids(clean_dsn: str, workdir: Path) -> None:
    runs = await asyncio.gather(*(igbot(clean_dsn, workdir, "projects", *args) for args in (
        ("rename", "9", "X"), ("activate", "9"), ("deactivate", "9"))))
    for run in runs:
        assert run.code == 1
        assert run.err.strip() == "igbot: project 9 does not exist (see igbot projects list --all)"
    usage, empty = await asyncio.gather(
        igbot(clean_dsn, workdir, "projects", "rename", "x", "Name"),
        igbot(clean_dsn, workdir, "projects", "rename", "1", "   "))
    assert usage.code == 2 and "'x' is not a positive whole number" in usage.err
    assert empty.code == 2 and "the project name is empty" in empty.err


async def test_migrate_keeps_legacy_duplicate_names_and_reports_them(
        clean_dsn: str, workdir: Path) -> None:
    conn = await asyncpg.connect(clean_dsn)
    try:
        await conn.execute(
            "CREATE TABLE projects (id SERIAL PRIMARY KEY, name VARCHAR(255) NOT NULL,"
            " is_active BOOLEAN DEFAULT true);"
            "INSERT INTO projects (name) VALUES ('Acme'), ('acme '), ('Beta'), ('ACME')")
        migrated = await igbot(clean_dsn, workdir, "migrate")
        assert migrated.code == 0, migrated.err
        assert migrated.out.splitlines()[1:] == [
            "2 projects have the name of an older project but for case; all are kept as they "
            "are (nothing renamed or dropped), and new names must be unique. Rename them:",
            "  #2 'acme ' (like #1 'Acme'): igbot projects rename 2 NEW_NAME",
            "  #4 'ACME' (like #1 'Acme'): igbot projects rename 4 NEW_NAME",
        ]
        names = [r["name"] for r in await conn.fetch("SELECT name FROM projects ORDER BY id")]
        assert names == ["Acme", "acme ", "Beta", "ACME"]  # nothing renamed or dropped
        # New names are held to the rule, against the kept duplicates too.
        again = await igbot(clean_dsn, workdir, "projects", "add", "aCmE")
        assert again.code == 1 and "project #1 is already called 'Acme'" in again.err
        beta = await igbot(clean_dsn, workdir, "projects", "rename", "2", "beta")
        assert beta.code == 1 and "project #3 is already called 'Beta'" in beta.err
        fixed = await igbot(clean_dsn, workdir, "projects", "rename", "4", "Acme Two")
        assert fixed.code == 0
        report = await igbot(clean_dsn, workdir, "migrate")
        assert "#4" not in report.out and "#2 'acme '" in report.out
        # Even a writer that bypasses igbot meets the index (all but the kept duplicates).
        try:
            await conn.execute("INSERT INTO projects (name) VALUES ('BETA')")
            raise AssertionError("the unique index let a duplicate name in")
        except asyncpg.UniqueViolationError:
            pass
    finally:
        await conn.close()


async def test_export_neutralises_formulas_csv_and_keeps_json_exact(
        clean_dsn: str, workdir: Path, project_id: int) -> None:
    doc = [{"pk": str(n), "username": f"user{n}", "full_name": name,
            "social_context": name if n == 1 else None}
           for n, name in enumerate(HOSTILE, start=1)]
    created = await igbot(clean_dsn, workdir, "create-user", "-", "--project",
                          str(project_id), "--requester", "-100", stdin=json.dumps(doc))
    assert created.code == 0, created.err

    export = await igbot(clean_dsn, workdir, "export", str(project_id))
    assert export.code == 0
    rows = list(csv.reader(io.StringIO(export.out, newline="")))
    assert rows[0] == list(EXPORT_COLUMNS)
    records = {r[1]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    for n, shown in enumerate(HOSTILE.values(), start=1):
        assert records[str(n)]["full_name"] == shown
        assert records[str(n)]["requester_telegram_id"] == "'-100"
    assert records["1"]["social_context"] == HOSTILE[next(iter(HOSTILE))]

    lines = await igbot(clean_dsn, workdir, "export", str(project_id), "--format", "json")
    assert lines.code == 0
    objects = [json.loads(line) for line in lines.out.splitlines()]
    assert [list(o) for o in objects] == [list(EXPORT_COLUMNS)] * len(HOSTILE)
    assert {o["user_pk"]: o["full_name"] for o in objects} == {
        str(n): name for n, name in enumerate(HOSTILE, start=1)}
    assert all(o["requester_telegram_id"] == "-100" for o in objects)
    assert [o["user_pk"] for o in objects] == [r[1] for r in rows[1:]]  # same order
