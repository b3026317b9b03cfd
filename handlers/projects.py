"""/project [ID]: the admin's current project; /projects and /newproject live in
``handlers.project_admin``.

Also the pieces /list shares: reading a project id argument and checking the project.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message, User

from bot.i18n import Translator
from bot.problems import Problem
from bot.projects import PROJECT_ID_MAX, usable_project
from repository.instagram import InstagramRepository
from repository.preferences import PreferencesRepository
from repository.schemas import Project

__all__ = ["PROJECT_ID_MAX", "clip", "find_active_project", "parse_project_id",
           "project_name", "project_text", "split_message"]

MESSAGE_LIMIT = 4096
# How much of a project's name a list line shows (a name may have 255 characters).
NAME_SHOWN = 64


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, with an ellipsis when cut (not escaped)."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)].rstrip() + "…"


def project_name(project: Project, limit: int = NAME_SHOWN) -> str:
    """The project's name for HTML: clipped, then escaped."""
    return escape(clip(project.name, limit))


def parse_project_id(arg: str) -> int | None:
    """``3`` or ``#3``; ``None`` unless a positive whole number."""
    text = arg.strip().removeprefix("#")
    if not text.isascii() or not text.isdigit():
        return None
    value = int(text)
    return value if value > 0 else None


async def find_active_project(
    tr: Translator, repo: InstagramRepository, arg: str, command: str, *,
    inactive_ok: bool = False,
) -> Project | str:
    """The active project the argument names (any project with ``inactive_ok``), or the
    message saying why not."""
    project_id = parse_project_id(arg)
    if project_id is None:
        return tr("projects-bad-id", value=escape(clip(arg.strip(), 40)), command=command)
    found = await usable_project(repo, project_id, inactive_ok=inactive_ok)
    return project_text(tr, found) if isinstance(found, Problem) else found


def project_text(tr: Translator, problem: Problem) -> str:
    """A project problem (``bot.projects``) in words, pointing at /projects."""
    project_id = problem.args["project_id"]
    if problem.code == "project_inactive":
        return tr("projects-inactive", project_id=project_id,
                  name=escape(clip(str(problem.args["name"]), NAME_SHOWN)))
    return tr("projects-not-found", project_id=project_id)


def split_message(lines: Iterable[str], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Lines joined into as few messages as fit Telegram's limit (no line is split)."""
    messages: list[str] = []
    current = ""
    for line in lines:
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit and current:
            messages.append(current)
            current = line
        else:
            current = candidate
    if current:
        messages.append(current)
    return messages


def create_router() -> Router:
    """/project; /projects and /newproject are in ``handlers.project_admin``."""
    router = Router(name="projects")

    @router.message(Command("project"))
    async def current_project(message: Message, command: CommandObject, tr: Translator,
                              repo: InstagramRepository, prefs: PreferencesRepository,
                              event_from_user: User) -> None:
        if not (command.args or "").strip():
            await message.answer(await _describe_current(tr, repo, prefs, event_from_user.id))
            return
        found = await find_active_project(tr, repo, command.args or "", "project")
        if isinstance(found, str):
            await message.answer(found)
            return
        await prefs.set_current_project(event_from_user.id, found.id)
        await message.answer(tr("projects-current-set", project_id=found.id,
                                name=project_name(found)))

    return router


async def _describe_current(tr: Translator, repo: InstagramRepository,
                            prefs: PreferencesRepository, telegram_id: int) -> str:
    project_id = await prefs.get_current_project(telegram_id)
    if project_id is None:
        return tr("projects-current-none")
    found = await usable_project(repo, project_id)
    if not isinstance(found, Problem):
        return tr("projects-current", project_id=project_id, name=project_name(found))
    if found.code == "project_inactive":
        return tr("projects-current-inactive", project_id=project_id,
                  name=escape(clip(str(found.args["name"]), NAME_SHOWN)))
    return tr("projects-current-gone", project_id=project_id)
