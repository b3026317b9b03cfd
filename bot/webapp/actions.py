"""The Mini App's write routes: remove (and undo), move or copy, export a selection.

Each goes through ``repository.manage`` with the admin's Telegram id as the actor, as the
chat's card buttons do, so the audit trail and the undo are the chat's own. Every id is
checked before anything is written: a bad request changes nothing.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from html import escape
from typing import Any

from aiogram.exceptions import AiogramError
from aiogram.types import FSInputFile
from aiohttp import web

from bot.export import ExportFormat, ExportTooBig, export_file, export_filename, upload_limit
from bot.problems import Problem
from bot.projects import usable_project
from bot.webapp.api import project_id_of
from bot.webapp.context import WEBAPP, BadInput, admin_of, answer, tr_of
from repository.manage import Change, parse_entry_id
from repository.selection import MAX_SELECTED

log = logging.getLogger("igbot.webapp")


async def _body(request: web.Request) -> dict[str, Any]:
    try:
        body = json.loads(await request.read())
    except (ValueError, UnicodeDecodeError):
        raise BadInput("webapp-error-bad-body") from None
    if not isinstance(body, dict):
        raise BadInput("webapp-error-bad-body")
    return body


def _ids(value: Any) -> list[str]:
    """Row ids (UUIDs), 1 to MAX_SELECTED of them, each once, in the order given."""
    if not isinstance(value, list) or not 0 < len(value) <= MAX_SELECTED:
        raise BadInput("webapp-error-bad-ids", max=MAX_SELECTED)
    ids = [parse_entry_id(v) if isinstance(v, str) else None for v in value]
    if any(i is None for i in ids):
        raise BadInput("webapp-error-bad-ids", max=MAX_SELECTED)
    return list(dict.fromkeys(i for i in ids if i is not None))


async def remove(request: web.Request) -> web.Response:
    ctx = request.app[WEBAPP]
    ids = _ids((await _body(request)).get("ids"))
    actor = str(admin_of(request).id)
    undo: list[int] = []
    for entry_id in ids:
        removal = await ctx.manage.remove(entry_id, actor)
        if removal is not None:  # None: removed meanwhile (by the chat, say)
            undo.append(removal.removal_id)
    return answer({"removed": len(undo), "undo": undo})


async def undo(request: web.Request) -> web.Response:
    ctx = request.app[WEBAPP]
    value = (await _body(request)).get("undo")
    if (not isinstance(value, list) or not 0 < len(value) <= MAX_SELECTED
            or not all(isinstance(v, int) and not isinstance(v, bool) and v > 0
                       for v in value)):
        raise BadInput("webapp-error-bad-undo", max=MAX_SELECTED)
    actor = str(admin_of(request).id)
    restored = 0
    for removal_id in dict.fromkeys(value):
        outcome = await ctx.manage.restore(removal_id, actor)
        restored += outcome.change is Change.DONE
    return answer({"restored": restored})


async def move(request: web.Request) -> web.Response:
    ctx = request.app[WEBAPP]
    body = await _body(request)
    ids = _ids(body.get("ids"))
    target = project_id_of(body.get("to"))
    copy = body.get("copy", False)
    if not isinstance(copy, bool):
        raise BadInput("webapp-error-bad-body")
    if isinstance(await usable_project(ctx.repo, target), Problem):
        raise BadInput("webapp-error-inactive-project", project_id=target)
    actor = str(admin_of(request).id)
    done = 0
    clashes: list[dict[str, str]] = []
    for entry_id in ids:
        entry = await ctx.manage.get_entry(entry_id)
        if entry is None or (not copy and entry.user.project_id == target):
            continue  # gone meanwhile, or already there
        outcome = (await ctx.manage.copy_to(entry_id, target, actor) if copy
                   else await ctx.manage.update_fields(entry_id, {"project_id": target},
                                                       actor))
        if outcome.change is Change.DONE:
            done += 1
        elif outcome.change in (Change.CLASH, Change.LEGACY_CLASH):
            clashes.append({"id": entry_id, "username": entry.user.username})
        elif outcome.change is Change.NO_PROJECT:  # deactivated meanwhile
            raise BadInput("webapp-error-inactive-project", project_id=target)
    return answer({"done": done, "clashes": clashes})


async def export(request: web.Request) -> web.Response:
    ctx = request.app[WEBAPP]
    body = await _body(request)
    project = await usable_project(ctx.repo, project_id_of(body.get("project")),
                                   inactive_ok=True)
    if isinstance(project, Problem):
        raise BadInput("webapp-error-no-project", project_id=body.get("project"))
    ids = _ids(body["ids"]) if body.get("ids") is not None else None
    admin, tr = admin_of(request), tr_of(request)
    filename = export_filename(project, ExportFormat.CSV, datetime.now(UTC).date())
    limit = upload_limit(ctx.settings)
    try:
        async with export_file(ctx.repo, project.id, ExportFormat.CSV, limit,
                               ids=ids) as (path, tally):
            await ctx.bot.send_document(
                admin.id, FSInputFile(path, filename=filename),
                caption=tr("webapp-export-caption", name=escape(project.name),
                           project_id=project.id, rows=tally.rows))
    except ExportTooBig as exc:
        raise BadInput("webapp-error-too-big", limit_mb=exc.limit // 2**20) from None
    except AiogramError as exc:  # refused, unreachable, or an answer it cannot read
        log.warning("mini app: Telegram refused the export for user %s (%s)", admin.id,
                    type(exc).__name__)
        return answer({"error": tr("webapp-error-telegram")}, 502)
    return answer({"sent": True, "rows": tally.rows})
