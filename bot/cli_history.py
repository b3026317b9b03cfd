"""``igbot history``: the audit trail as JSON lines, newest first."""

from __future__ import annotations

import argparse
import json
import sys

from bot.lookup import parse_lookup
from repository.manage import ManageRepository


def add_parser(sub: argparse._SubParsersAction,  # type: ignore[type-arg]
               positive_int: object) -> None:
    history = sub.add_parser("history", help="recorded changes as JSON lines, newest first")
    which = history.add_mutually_exclusive_group()
    which.add_argument("--user", metavar="USERNAME|PK|LINK",
                       help="one account's changes (a pk, a username or a profile link)")
    which.add_argument("--project", type=positive_int, help="one project's changes")
    history.add_argument("--limit", type=positive_int, default=100,
                         help="at most this many changes (default 100)")


async def print_history(manage: ManageRepository, args: argparse.Namespace) -> int:
    if args.user is not None:
        lookup = parse_lookup(args.user)
        if lookup is None:
            print(f"igbot: {args.user!r} is not a username, pk or profile link",
                  file=sys.stderr)
            return 1
        rows = (await manage.history(user_pk=lookup.pk, limit=args.limit)
                if lookup.pk is not None
                else await manage.history(username=lookup.prefix, limit=args.limit))
    else:
        rows = await manage.history(project_id=args.project, limit=args.limit)
    out = sys.stdout
    out.writelines(json.dumps(r.as_json(), ensure_ascii=False, default=str) + "\n"
                   for r in rows)
    out.flush()
    return 0
