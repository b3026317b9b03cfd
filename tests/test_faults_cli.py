"""The ``igbot`` CLI under faults and hostile input (issue 7 §1, §3, §4).

The real console script as a subprocess; its database behind ``tests.faults.FaultProxy``
where the database must fail.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest

from tests.faults import FaultProxy
from tests.test_cli import IGBOT, Run, igbot

# Response times are asserted here: run after the parallel part, alone (Makefile).
pytestmark = pytest.mark.alone


@pytest.fixture
async def proxy(pool: asyncpg.Pool, clean_dsn: str) -> AsyncIterator[FaultProxy]:
    proxy = await FaultProxy(clean_dsn).start()
    yield proxy
    await proxy.close()


async def igbot_env(dsn: str, cwd: Path, *args: str, **env: str) -> Run:
    """``igbot`` with extra settings in its environment; never a traceback."""
    full = {k: v for k, v in os.environ.items()
            if k not in ("DATABASE_URL", "NEON_DATABASE_URL", "TEST_DATABASE_URL")}
    full.update(DATABASE_URL=dsn, LOG_LEVEL="WARNING", **env)
    proc = await asyncio.create_subprocess_exec(
        *IGBOT, *args, cwd=cwd, env=full, stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), 120)
    assert proc.returncode is not None
    run = Run(proc.returncode, out.decode(), err.decode())
    assert "Traceback" not in run.err, run.err
    return run


async def stored(pool: asyncpg.Pool) -> set[str]:
    return {r[0] for r in await pool.fetch("SELECT user_pk FROM instagram_similar_users")}


async def test_a_database_killed_mid_import_reports_what_is_in_the_table(
        proxy: FaultProxy, pool: asyncpg.Pool, project_id: int, tmp_path: Path) -> None:
    count = 20_000
    path = tmp_path / "users.json"
    path.write_text(json.dumps([{"pk": str(i), "username": f"u{i}"}
                                for i in range(1, count + 1)]))
    # The second batch's COMMIT reaches the server, the answer never comes back, and the
    # server is down for longer than the look-up after it waits, then back.
    proxy.cut_after(b"COMMIT;", skip=1, down_for=5.0)
    run = await igbot_env(proxy.dsn, tmp_path, "create-user", str(path),
                          "--project", str(project_id), DB_COMMAND_TIMEOUT="2",
                          DB_CONNECT_TIMEOUT="2", DB_ACQUIRE_TIMEOUT="2")
    assert proxy.cut_count >= 1
    assert run.code == 1
    results = run.results()
    assert len(results) == count
    created = {r["user"]["user_pk"] for r in results if r["success"] and r["created"]}
    in_table = await stored(pool)
    codes: dict[str | None, set[str]] = {}
    for i, r in enumerate(results, start=1):
        codes.setdefault(r["error_code"], set()).add(str(i))
    unknown = codes.get("database_unknown", set())
    not_saved = codes.get("database_unavailable", set()) | codes.get("database_timeout", set())
    assert not_saved  # the third batch found the server down
    assert set(codes) <= {None, "database_unknown", "database_unavailable",
                          "database_timeout"}
    # What is reported created is in the table; what is reported "nothing was saved" is
    # not; only what is reported unknown may be either.
    assert created <= in_table
    assert not_saved.isdisjoint(in_table)
    assert in_table - created <= unknown
    assert all("Nothing was saved" in results[int(i) - 1]["error"] for i in not_saved)
    assert run.err.count("igbot:") == 1  # one summary line, the log aside
    # Back up, a re-run completes it, writing nothing twice.
    proxy.restore()
    again = await igbot_env(proxy.dsn, tmp_path, "create-user", str(path),
                            "--project", str(project_id))
    assert again.code == 0, again.err
    results = again.results()
    assert sum(r["created"] for r in results) == count - len(in_table)
    assert sum(r["already_exists"] for r in results) == len(in_table)
    assert await pool.fetchval("SELECT count(*) FROM instagram_similar_users") == count


async def test_the_database_gone_for_good_is_one_line(
        proxy: FaultProxy, project_id: int, tmp_path: Path) -> None:
    path = tmp_path / "users.json"
    path.write_text(json.dumps([{"pk": str(i), "username": f"u{i}"} for i in range(1, 11)]))
    proxy.cut_after(b"COMMIT;", down_for=60)
    run = await igbot_env(proxy.dsn, tmp_path, "create-user", str(path),
                          "--project", str(project_id), DB_COMMAND_TIMEOUT="1",
                          DB_CONNECT_TIMEOUT="1", DB_ACQUIRE_TIMEOUT="1")
    assert run.code == 1
    results = run.results()
    # The lost commit could not be looked up: unknown, never "nothing was saved".
    assert {r["error_code"] for r in results} == {"database_unknown"}
    assert "may or may not be stored" in results[0]["error"]
    assert run.err.count("igbot:") == 1


async def test_a_long_instagram_error_is_cut_short(clean_dsn: str, tmp_path: Path) -> None:
    path = tmp_path / "error.json"
    path.write_text(json.dumps({"status": "fail", "message": "Please wait " * 500}))
    run = await igbot(clean_dsn, tmp_path, "create-user", str(path), "--project", "1")
    assert run.code == 1
    (line,) = run.err.strip().splitlines()
    assert line.startswith("igbot: Instagram returned an error instead of a profile: "
                           "Please wait Please wait")
    assert line.endswith("…")
    assert "{???}" not in run.out + run.err
    assert len(line) < 400


async def test_entries_past_the_cap_are_refused_whole(
        clean_dsn: str, project_id: int, tmp_path: Path) -> None:
    path = tmp_path / "many.json"
    path.write_text(json.dumps([{"pk": str(i), "username": f"u{i}"} for i in range(1, 12)]))
    run = await igbot_env(clean_dsn, tmp_path, "create-user", str(path), "--project",
                          str(project_id), MAX_DOCUMENT_ENTRIES="10")
    assert run.code == 1
    assert run.err.strip() == ("igbot: The document holds 11 entries; at most 10 are "
                               "accepted at once. Split it into smaller documents.")
    (result,) = run.results()
    assert result["error_code"] == "too_many_entries"


async def test_a_list_of_no_objects_is_refused_at_once(
        clean_dsn: str, project_id: int, tmp_path: Path) -> None:
    path = tmp_path / "ones.json"
    path.write_text("[" + ",".join(["1"] * 90_000) + "]")
    run = await igbot(clean_dsn, tmp_path, "create-user", str(path), "--project",
                      str(project_id))
    assert run.code == 1
    assert run.err.strip().startswith("igbot: The list holds 90000 entries and none is a "
                                      "user object.")
    assert len(run.out.splitlines()) == 1  # one result for the document, not one each
