"""``igbot projects add|list|rename|activate|deactivate`` and the duplicate-name report of
``igbot migrate``."""

from __future__ import annotations

import argparse
import sys

from bot.database import Database
from repository.projects import ProjectNameTaken, ProjectsRepository


def _fail(message: str) -> int:
    print(f"igbot: {message}", file=sys.stderr)
    return 1


def _taken(exc: ProjectNameTaken) -> int:
    return _fail(f"project #{exc.existing.id} is already called {exc.existing.name!r} "
                 "(names are compared ignoring case and surrounding spaces); choose another "
                 "name")


async def projects_command(db: Database, args: argparse.Namespace) -> int:
    projects = ProjectsRepository(db.repo.pool)
    verb = args.projects_command
    if verb == "add":
        try:
            project = await projects.create(args.name)
        except ProjectNameTaken as exc:
            return _taken(exc)
        print(project.id)
        return 0
    if verb == "list":
        for p in await db.repo.list_projects(active_only=not args.all):
            state = ("\tactive" if p.is_active else "\tinactive") if args.all else ""
            print(f"{p.id}\t{p.name}\t{p.user_count}{state}")
        return 0
    if verb == "rename":
        try:
            renamed = await projects.rename(args.project_id, args.name)
        except ProjectNameTaken as exc:
            return _taken(exc)
        if renamed is None:
            return _missing(args.project_id)
        print(f"project #{renamed.id} is now called {renamed.name!r}")
        return 0
    active = verb == "activate"
    changed = await projects.set_active(args.project_id, active)
    if changed is None:
        return _missing(args.project_id)
    print(f"project #{changed.id} {changed.name!r} is "
          + ("active: it takes new users" if active
             else "inactive: it takes no new users; its list stays readable"))
    return 0


def _missing(project_id: int) -> int:
    return _fail(f"project {project_id} does not exist (see igbot projects list --all)")


async def print_duplicate_names(db: Database) -> None:
    """What ``igbot migrate`` says about legacy projects whose names clash but for case."""
    duplicates = await ProjectsRepository(db.repo.pool).duplicate_names()
    if not duplicates:
        return
    print(f"{len(duplicates)} projects have the name of an older project but for case; "
          "all are kept as they are (nothing renamed or dropped), and new names must be "
          "unique. Rename them:")
    for d in duplicates:
        print(f"  #{d.project.id} {d.project.name!r} (like #{d.older.id} {d.older.name!r}):"
              f" igbot projects rename {d.project.id} NEW_NAME")
