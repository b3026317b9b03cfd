"""/export [project] [json]: a project's list as a document (CSV, or JSON lines).

The rows go page by page into a temporary file, which is uploaded from disk in chunks, so
a project of any size is sent in bounded memory. The columns and the writer are those of
``igbot export`` (``bot.export``). Inactive projects export too: their list stays readable.
"""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape

from aiogram import Bot, Router
from aiogram.enums import ChatAction
from aiogram.filters import Command, CommandObject
from aiogram.types import FSInputFile, Message, User

from bot.config import Settings
from bot.export import ExportFormat, ExportTooBig, export_file, export_filename, upload_limit
from bot.i18n import Translator
from bot.problems import Problem
from bot.projects import usable_project
from handlers.projects import parse_project_id, project_name, project_text
from handlers.text import clip
from repository.instagram import InstagramRepository
from repository.preferences import PreferencesRepository
from repository.schemas import Project

_FORMATS = {"csv": ExportFormat.CSV, "json": ExportFormat.JSON, "jsonl": ExportFormat.JSON}


def create_router() -> Router:
    router = Router(name="export")

    @router.message(Command("export"))
    async def export(message: Message, command: CommandObject, tr: Translator, bot: Bot,
                     repo: InstagramRepository, prefs: PreferencesRepository,
                     settings: Settings, event_from_user: User) -> None:
        fmt = ExportFormat.CSV
        project_arg: str | None = None
        for word in (command.args or "").split():
            if word.lower() in _FORMATS:
                fmt = _FORMATS[word.lower()]
            elif project_arg is None:
                project_arg = word
            else:
                await message.answer(tr("export-usage"))
                return
        if project_arg is None:
            project_id = await prefs.get_current_project(event_from_user.id)
            if project_id is None:
                await message.answer(tr("export-no-current"))
                return
        else:
            parsed = parse_project_id(project_arg)
            if parsed is None:
                await message.answer(tr("projects-bad-id", value=escape(clip(project_arg, 40)),
                                        command="export"))
                return
            project_id = parsed
        project = await usable_project(repo, project_id, inactive_ok=True)
        if isinstance(project, Problem):
            await message.answer(project_text(tr, project))
            return
        await send_export(message, tr, bot, repo, settings, project, fmt)

    return router


async def send_export(message: Message, tr: Translator, bot: Bot, repo: InstagramRepository,
                      settings: Settings, project: Project, fmt: ExportFormat) -> None:
    """Writes the project's export to a temporary file and sends it to ``message``'s chat."""
    await bot.send_chat_action(message.chat.id, ChatAction.UPLOAD_DOCUMENT)
    filename = export_filename(project, fmt, datetime.now(UTC).date())
    limit = upload_limit(settings)
    try:
        async with export_file(repo, project.id, fmt, limit) as (path, tally):
            await message.answer_document(
                FSInputFile(path, filename=filename),
                caption=tr("export-caption", name=project_name(project),
                           project_id=project.id,
                           users=tr("projects-users", count=tally.rows),
                           format=fmt.extension.upper()))
    except ExportTooBig:
        await message.answer(tr("export-too-big", project_id=project.id,
                                limit_mb=limit // (1024 * 1024)))
