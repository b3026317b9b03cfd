"""``igbot``: the bot's jobs from the command line.

Exit codes: 0 when every user was created or already existed; 1 when any input was
rejected or the database failed; 2 for wrong usage or settings.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from typing import NoReturn

from bot import cli_history
from bot.cli_create import InputError, create_users, gc_paused, read_input
from bot.cli_projects import print_duplicate_names, projects_command
from bot.config import Settings, load_settings
from bot.database import Database, DatabaseUnavailable, open_database
from bot.export import EXPORT_COLUMNS, ExportFormat, export_chunks
from bot.logging_setup import setup_logging
from bot.problems import Problem
from bot.projects import usable_project
from repository.errors import DATABASE_ERRORS
from repository.manage import ManageRepository
from repository.migrations import DuplicateRowsError
from repository.schemas import TEXT_MAX

__all__ = ["EXPORT_COLUMNS", "build_parser", "main"]


class UsageError(Exception):
    """Wrong command-line usage: exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"igbot: error: {message}\n")


def _positive_int(text: str) -> int:
    if not text.isdigit() or int(text) <= 0 or int(text) > 2**31 - 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number")
    return int(text)


def _telegram_id(text: str) -> str:
    if not text.lstrip("-").isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not a Telegram user id (digits)")
    return text


def _project_name(text: str) -> str:
    name = text.strip()
    if not name:
        raise argparse.ArgumentTypeError("the project name is empty")
    if len(name) > TEXT_MAX:
        raise argparse.ArgumentTypeError(
            f"the project name has {len(name)} characters; at most {TEXT_MAX} are allowed")
    return name


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="igbot", description="Instagram users bot: the same jobs without "
                     "Telegram. Settings come from the environment and .env.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    sub.add_parser("run", help="run the Telegram bot (same as python -m bot)")
    migrate = sub.add_parser("migrate", help="apply database migrations")
    migrate.add_argument("--dedupe", action="store_true",
                         help="archive duplicate (user_pk, project_id) rows, keeping the oldest")
    projects = sub.add_parser("projects", help="manage projects")
    projects_sub = projects.add_subparsers(dest="projects_command", required=True,
                                           parser_class=_Parser)
    add = projects_sub.add_parser("add", help="create a project; prints its id")
    add.add_argument("name", type=_project_name)
    plist = projects_sub.add_parser("list", help="list active projects with their user counts")
    plist.add_argument("--all", action="store_true",
                       help="inactive projects too (a fourth column says active/inactive)")
    rename = projects_sub.add_parser("rename", help="rename a project")
    rename.add_argument("project_id", type=_positive_int)
    rename.add_argument("name", type=_project_name)
    for verb, text in (("activate", "let a project take new users again"),
                       ("deactivate", "stop a project taking new users (its list stays)")):
        toggle = projects_sub.add_parser(verb, help=text)
        toggle.add_argument("project_id", type=_positive_int)
    create = sub.add_parser("create-user", help="create users from a JSON file (- for stdin)")
    create.add_argument("file", help="a JSON file: one user object, a list, or an "
                        "Instagram response; - reads standard input")
    create.add_argument("--project", type=_positive_int,
                        help="project for users that name none")
    create.add_argument("--requester", type=_telegram_id,
                        help="Telegram id recorded as requester_telegram_id")
    listing = sub.add_parser("list", help="list a project's users, newest first")
    listing.add_argument("project_id", type=_positive_int)
    listing.add_argument("--limit", type=_positive_int, default=50)
    export = sub.add_parser("export", help="a project's users as CSV (or JSON lines) on stdout")
    export.add_argument("project_id", type=_positive_int)
    export.add_argument("--format", choices=[f.value for f in ExportFormat],
                        default=ExportFormat.CSV.value,
                        help="csv (default; formula-like cells get a leading ') or json "
                        "(one JSON object a line, values exact)")
    cli_history.add_parser(sub, _positive_int)
    return parser


async def _run_command(args: argparse.Namespace, settings: Settings) -> int:
    data = read_input(args.file) if args.command == "create-user" else b""
    async with open_database(settings, dedupe=getattr(args, "dedupe", False)) as db:
        if args.command == "migrate":
            report = db.migration
            applied = ", ".join(report.applied) if report and report.applied else "none"
            print(f"migrations applied: {applied}")
            if report and report.archived_rows:
                print(f"archived {report.archived_rows} duplicate rows into "
                      "instagram_similar_users_archive")
            await print_duplicate_names(db)
            return 0
        if args.command == "projects":
            return await projects_command(db, args)
        if args.command == "create-user":
            with gc_paused():
                return await create_users(db, settings, args, data)
        if args.command == "list":
            return await _list(db, args.project_id, args.limit)
        if args.command == "export":
            return await _export(db, args.project_id, ExportFormat(args.format))
        if args.command == "history":
            return await cli_history.print_history(ManageRepository(db.pool), args)
    raise UsageError(f"unknown command {args.command}")


async def _project_exists(db: Database, project_id: int) -> bool:
    """Whether the project is there (an inactive one's list stays readable); says so if not."""
    found = await usable_project(db.repo, project_id, inactive_ok=True)
    if isinstance(found, Problem):
        print(f"igbot: project {project_id} does not exist (see igbot projects list)",
              file=sys.stderr)
        return False
    return True


async def _list(db: Database, project_id: int, limit: int) -> int:
    if not await _project_exists(db, project_id):
        return 1
    page = await db.repo.list_users(project_id, limit=limit)
    for u in page.users:
        marks = ("P" if u.is_private else "-") + ("V" if u.is_verified else "-")
        print(f"{u.user_pk}\t{u.username}\t{marks}\t{u.full_name or ''}")
    print(f"{len(page.users)} of {page.total} users", file=sys.stderr)
    return 0


async def _export(db: Database, project_id: int, fmt: ExportFormat) -> int:
    if not await _project_exists(db, project_id):
        return 1
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    async for chunk in export_chunks(db.repo, project_id, fmt):
        if buffer is None:
            sys.stdout.write(chunk.decode())
        else:
            buffer.write(chunk)
    sys.stdout.flush()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = load_settings()
    setup_logging(settings.log_level, settings.log_format)
    if args.command == "run":
        from bot.__main__ import main as run_bot

        return run_bot()
    try:
        return asyncio.run(_run_command(args, settings))
    except UsageError as exc:
        print(f"igbot: {exc}", file=sys.stderr)
        return 2
    except (DatabaseUnavailable, InputError) as exc:
        print(f"igbot: {exc}", file=sys.stderr)
        return 1
    except DuplicateRowsError as exc:
        print(f"igbot: cannot add the unique rule (user_pk, project_id): {exc}. Run "
              "'igbot migrate --dedupe' to keep the oldest row of each group and move the "
              "others into instagram_similar_users_archive (nothing is deleted).",
              file=sys.stderr)
        return 1
    except DATABASE_ERRORS as exc:
        # The database went away mid-command (what was printed before stands): one line.
        reason = ("it did not answer in time" if isinstance(exc, TimeoutError)
                  else f"the connection failed: {type(exc).__name__}")
        print(f"igbot: the database stopped working ({reason}); run the command again "
              "once it is back", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
