"""/projects, /newproject NAME and /project [ID]: the projects and the admin's current one.

Also the pieces /list shares: reading a project id argument and checking the project.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message, User

from bot.i18n import Translator
from repository.instagram import InstagramRepository
from repository.preferences import PreferencesRepository
from repository.schemas import TEXT_MAX, Project

MESSAGE_LIMIT = 4096
# Project ids are PostgreSQL INTEGER (SERIAL).
PROJECT_ID_MAX = 2**31 - 1
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
    tr: Translator, repo: InstagramRepository, arg: str, command: str,
) -> Project | str:
    """The active project the argument names, or the message saying why not."""
    project_id = parse_project_id(arg)
    if project_id is None:
        return tr("projects-bad-id", value=escape(clip(arg.strip(), 40)), command=command)
    project = await repo.get_project(project_id) if project_id <= PROJECT_ID_MAX else None
    problem = project_problem(tr, project_id, project)
    if problem is not None or project is None:
        return problem or ""
    return project


def project_problem(tr: Translator, project_id: int, project: Project | None) -> str | None:
    """Why the project cannot be used (missing or inactive), or ``None``."""
    if project is None:
        return tr("projects-not-found", project_id=project_id)
    if not project.is_active:
        return tr("projects-inactive", project_id=project_id, name=project_name(project))
    return None


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
    router = Router(name="projects")

    @router.message(Command("projects"))
    async def list_projects(message: Message, tr: Translator, repo: InstagramRepository,
                            prefs: PreferencesRepository, event_from_user: User) -> None:
        projects = await repo.list_projects(active_only=True)
        if not projects:
            await message.answer(tr("projects-none"))
            return
        current = await prefs.get_current_project(event_from_user.id)
        mark = tr("projects-current-mark")
        lines = [tr("projects-title", count=len(projects))]
        for p in projects:
            line = tr("projects-line", project_id=p.id, name=project_name(p),
                      users=tr("projects-users", count=p.user_count))
            lines.append(f"{line} {mark}" if p.id == current else line)
        lines.append("")
        if any(p.id == current for p in projects):
            lines.append(tr("projects-current-legend"))
        lines.append(tr("projects-footer"))
        for text in split_message(lines):
            await message.answer(text)

    @router.message(Command("newproject"))
    async def new_project(message: Message, command: CommandObject, tr: Translator,
                          repo: InstagramRepository) -> None:
        # A project name is one line: runs of whitespace (newlines too) become one space.
        name = " ".join((command.args or "").split())
        if not name:
            await message.answer(tr("projects-new-usage"))
            return
        if len(name) > TEXT_MAX:
            await message.answer(tr("projects-new-too-long", length=len(name), limit=TEXT_MAX))
            return
        sender = message.from_user.id if message.from_user else message.chat.id
        project = await repo.create_project(name, actor=str(sender))  # named in the audit
        await message.answer(tr("projects-created", project_id=project.id,
                                name=project_name(project, TEXT_MAX)))

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
    project = await repo.get_project(project_id)
    if project is None:
        return tr("projects-current-gone", project_id=project_id)
    if not project.is_active:
        return tr("projects-current-inactive", project_id=project_id,
                  name=project_name(project))
    return tr("projects-current", project_id=project_id, name=project_name(project))
