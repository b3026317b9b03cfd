"""Benchmark: ``igbot create-user FILE`` against a minimal "floor" loader.

One PostgreSQL (``DATABASE_URL`` if set, else an embedded server in a temporary
directory), one project, one deterministic JSON list of N users in the original flat
event shape. Each run times, as whole processes (wall clock, interpreter start included):

* ``igbot create-user FILE`` on a clean table (every user created), then again on the
  same file (every user already exists);
* ``bench/floor_loader.py`` (``json.loads`` + COPY into a staging table + one
  ``INSERT ... SELECT ... ON CONFLICT DO NOTHING``), the same two ways.

Runs alternate which loader goes first. Medians, rows/s and floor/igbot ratios are printed
at the end (1.0 would mean igbot is as fast as the floor; the target is >= 0.5).

Usage: ``.venv/bin/python bench/bench_import.py [--users N] [--runs R]``
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
from benchdb import database

from repository.migrations import migrate
from repository.tables import USERS

ROOT = Path(__file__).resolve().parent.parent
PYTHON = Path(sys.executable)
IGBOT = PYTHON.parent / "igbot"
FLOOR = Path(__file__).resolve().parent / "floor_loader.py"
SEED = 20240601

FIRST_NAMES = ("Anna", "Maria", "Olga", "Ivan", "Dmitry", "Alex", "Sofia", "Elena", "Max",
               "Kate", "John", "Emma", "Liam", "Mia", "Noah", "Ava", "Lucas", "Chloe",
               "Анна", "Мария", "Дмитрий", "Екатерина", "Сергей", "Наталья")
LAST_NAMES = ("Smith", "Ivanova", "Petrov", "Garcia", "Müller", "Rossi", "Kim", "Nguyen",
              "Brown", "Sokolova", "Kuznetsov", "Novak", "Silva", "Popova", "Johnson",
              "Смирнова", "Иванов", "Попова", "Волков")
WORDS = ("beauty", "studio", "nails", "coffee", "shop", "fitness", "yoga", "travel", "art",
         "design", "photo", "style", "home", "decor", "kids", "food", "chef", "moscow",
         "spb", "official", "store", "brand", "lash", "brow", "hair", "spa", "club", "life")
TAGLINES = ("✨ beauty & care", "Coffee lover ☕", "Studio | Moscow", "Fitness coach 💪",
            "Handmade with love", "Official account", "Travel • Food • Life")


def make_user(rng: random.Random, index: int, project_id: int) -> dict[str, object]:
    """One user as the original's flat event: unique pk, plausible everything else."""
    pk = str(rng.randrange(10**9, 7 * 10**10) * 100_000 + index % 100_000)
    base = rng.choice(WORDS)
    sep = rng.choice((".", "_", ""))
    username = f"{base}{sep}{rng.choice(WORDS)}{rng.randrange(1, 10_000)}"[:30]
    if rng.random() < 0.2:
        full_name = rng.choice(TAGLINES)
    else:
        full_name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    pic_id = rng.randrange(10**17, 10**18)
    pic = (
        f"https://scontent-{rng.choice(('ams2', 'arn2', 'fra3', 'waw1'))}-1.cdninstagram.com"
        f"/v/t51.2885-19/{pic_id}_{rng.randrange(10**14, 10**15)}_{pk}_n.jpg"
        f"?stp=dst-jpg_s150x150&_nc_ht=scontent.cdninstagram.com&_nc_cat={rng.randrange(1, 110)}"
        f"&_nc_ohc={rng.getrandbits(64):016x}&edm=AOQ1c0wBAAAA&ccb=7-5"
        f"&oh=00_{rng.getrandbits(128):032x}&oe={rng.getrandbits(32):08X}&_nc_sid=8b3546"
    )
    roll = rng.random()
    if roll < 0.5:
        friend = f"{rng.choice(WORDS)}_{rng.randrange(100)}"
        social = f"Followed by {friend} + {rng.randrange(1, 90)} more"
    elif roll < 0.7:
        social = "Suggested for you"
    else:
        social = ""
    return {
        "pk": pk,
        "username": username,
        "full_name": full_name,
        "is_private": rng.random() < 0.3,
        "is_verified": rng.random() < 0.05,
        "profile_pic_url": pic,
        "social_context": social,
        "project_id": project_id,
    }


def write_users(path: Path, n: int, project_id: int) -> list[str]:
    """Write the list (one object per line inside ``[...]``); returns the pks in order."""
    rng = random.Random(SEED)
    users = [make_user(rng, i, project_id) for i in range(n)]
    pks = [str(u["pk"]) for u in users]
    assert len(set(pks)) == n, "generated pks must be unique"
    body = ",\n".join(json.dumps(u, ensure_ascii=False) for u in users)
    path.write_text(f"[\n{body}\n]\n", encoding="utf-8")
    return pks


# --- the database ---------------------------------------------------------------------
async def prepare(dsn: str, external: bool) -> int:
    """Migrate, refuse a non-empty table on a real server, create the bench project."""
    conn = await asyncpg.connect(dsn)
    try:
        await migrate(conn)
        if external and await conn.fetchval(f"SELECT EXISTS (SELECT 1 FROM {USERS})"):
            raise SystemExit(f"bench: {USERS} is not empty; the bench truncates it, so "
                             "point DATABASE_URL at an empty, throwaway database")
        project_id = await conn.fetchval(
            "INSERT INTO projects (name, is_active) VALUES ('bench', true) RETURNING id")
        return int(project_id)
    finally:
        await conn.close()


async def sql(dsn: str, *statements: str) -> list[object]:
    conn = await asyncpg.connect(dsn)
    try:
        return [await conn.fetchval(s) for s in statements]
    finally:
        await conn.close()


def run_sql(dsn: str, *statements: str) -> list[object]:
    return asyncio.run(sql(dsn, *statements))


# --- the loaders ----------------------------------------------------------------------
@dataclass
class Timings:
    """Wall seconds, and the loader process's own CPU seconds (user + system)."""

    first: list[float] = field(default_factory=list)
    again: list[float] = field(default_factory=list)
    first_cpu: list[float] = field(default_factory=list)
    again_cpu: list[float] = field(default_factory=list)


def timed(cmd: list[str], env: dict[str, str], out: Path, err: Path) -> tuple[float, float]:
    """(wall, cpu) seconds of one run of ``cmd``; exits the bench unless it exits 0."""
    with out.open("wb") as stdout, err.open("wb") as stderr:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=stdout, stderr=stderr, env=env, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - started
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    if code != 0:
        tail = err.read_text(errors="replace")[-2000:]
        raise SystemExit(f"bench: {' '.join(cmd)} exited {code}\n{tail}")
    return elapsed, usage.ru_utime + usage.ru_stime


def check_igbot_output(out: Path, pks: list[str], created: bool) -> None:
    """N result lines, in input order, every one created (or every one already existing)."""
    lines = out.read_text(encoding="utf-8").splitlines()
    if len(lines) != len(pks):
        raise SystemExit(f"bench: igbot printed {len(lines)} lines for {len(pks)} users")
    for line, pk in zip(lines, pks, strict=True):
        result = json.loads(line)
        ok = result["success"] and result["created"] is created and (
            result["already_exists"] is not created) and result["user"]["user_pk"] == pk
        if not ok:
            raise SystemExit(f"bench: unexpected igbot result for pk {pk}: {line[:300]}")


def check_rows(dsn: str, n: int, printed: Path | None = None, expect: int | None = None) -> None:
    (count,) = run_sql(dsn, f"SELECT count(*) FROM {USERS}")
    if count != n:
        raise SystemExit(f"bench: the table holds {count} rows, expected {n}")
    if printed is not None and int(printed.read_text().strip()) != expect:
        raise SystemExit(f"bench: floor inserted {printed.read_text().strip()}, "
                         f"expected {expect}")


def measure(name: str, dsn: str, file: Path, pks: list[str], tmp: Path,
            env: dict[str, str], timings: Timings) -> None:
    n = len(pks)
    out, err = tmp / f"{name}.out", tmp / f"{name}.err"
    if name == "igbot":
        cmd = [str(IGBOT), "create-user", str(file)]
    else:
        cmd = [str(PYTHON), str(FLOOR), str(file), dsn]
    run_sql(dsn, f"TRUNCATE {USERS}", "CHECKPOINT")
    wall, cpu = timed(cmd, env, out, err)
    timings.first.append(wall)
    timings.first_cpu.append(cpu)
    if name == "igbot":
        check_igbot_output(out, pks, created=True)
        check_rows(dsn, n)
    else:
        check_rows(dsn, n, out, n)
    run_sql(dsn, "CHECKPOINT")
    wall, cpu = timed(cmd, env, out, err)
    timings.again.append(wall)
    timings.again_cpu.append(cpu)
    if name == "igbot":
        check_igbot_output(out, pks, created=False)
        check_rows(dsn, n)
    else:
        check_rows(dsn, n, out, 0)


# --- the report -----------------------------------------------------------------------
def report(n: int, runs: int, size: int, where: str, load: tuple[str, str],
           igbot: Timings, floor: Timings) -> None:
    med = statistics.median

    def row(label: str, ig: list[float], fl: list[float], ig_cpu: list[float],
            fl_cpu: list[float]) -> str:
        mi, mf = med(ig), med(fl)
        return (f"{label:<13} {mi:>8.2f} {n / mi:>9,.0f} {med(ig_cpu):>6.2f}   "
                f"{mf:>8.2f} {n / mf:>9,.0f} {med(fl_cpu):>6.2f}   {mf / mi:>6.2f}")

    print()
    print(f"N={n:,} users, {runs} runs each, file {size / 1e6:.1f} MB, {where}")
    print(f"load average (1 min) at start {load[0]}, at end {load[1]}")
    print("each run, wall s (cpu s of the loader process):")
    for label, t, c in (("igbot first", igbot.first, igbot.first_cpu),
                        ("igbot again", igbot.again, igbot.again_cpu),
                        ("floor first", floor.first, floor.first_cpu),
                        ("floor again", floor.again, floor.again_cpu)):
        cells = (f"{x:6.2f} ({y:5.2f})" for x, y in zip(t, c, strict=True))
        print(f"  {label:<12} " + "  ".join(cells))
    print()
    print(f"{'medians':<13} {'igbot':^25}   {'floor':^25}   {'ratio':>11}")
    print(f"{'':<13} {'wall s':>8} {'rows/s':>9} {'cpu s':>6}   {'wall s':>8} {'rows/s':>9} "
          f"{'cpu s':>6}   {'floor/igbot':>6}")
    print(row("first import", igbot.first, floor.first, igbot.first_cpu, floor.first_cpu))
    print(row("re-import", igbot.again, floor.again, igbot.again_cpu, floor.again_cpu))
    print("ratio = floor wall time / igbot wall time (target >= 0.50); cpu s = the loader "
          "process only, not the server")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--users", type=int, default=100_000, help="users in the file")
    parser.add_argument("--runs", type=int, default=3, help="runs of each loader")
    args = parser.parse_args()
    if args.users < 1 or args.runs < 1:
        parser.error("--users and --runs must be positive")
    external = bool(os.environ.get("DATABASE_URL"))
    start_load = f"{os.getloadavg()[0]:.2f}"
    with database() as (dsn, where), tempfile.TemporaryDirectory(prefix="igbot-bench-") as t:
        tmp = Path(t)
        project_id = asyncio.run(prepare(dsn, external))
        file = tmp / "users.json"
        pks = write_users(file, args.users, project_id)
        env = {**os.environ, "DATABASE_URL": dsn, "LOG_LEVEL": "INFO", "LOG_FORMAT": "text"}
        igbot, floor = Timings(), Timings()
        for run in range(args.runs):
            order = ("igbot", "floor") if run % 2 == 0 else ("floor", "igbot")
            for name in order:
                measure(name, dsn, file, pks, tmp, env, igbot if name == "igbot" else floor)
            print(f"run {run + 1}/{args.runs}: igbot {igbot.first[-1]:.2f}s / "
                  f"{igbot.again[-1]:.2f}s, floor {floor.first[-1]:.2f}s / "
                  f"{floor.again[-1]:.2f}s", file=sys.stderr)
        run_sql(dsn, f"TRUNCATE {USERS}", f"DELETE FROM projects WHERE id = {project_id}")
        load = (start_load, f"{os.getloadavg()[0]:.2f}")
        report(args.users, args.runs, file.stat().st_size, where, load, igbot, floor)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
