"""/renameproject ID NAME (without a name: asks for it)."""

from __future__ import annotations

from html import escape

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message
from aiogram_dialog import DialogManager, StartMode

from bot.i18n import Translator
from handlers.project_admin.states import RenameProjectSG
from handlers.project_admin.views import rename
from handlers.projects import PROJECT_ID_MAX, clip, parse_project_id
from repository.instagram import InstagramRepository
from repository.projects import ProjectsRepository


def create_router() -> Router:
    router = Router(name="project-admin-commands")

    @router.message(Command("renameproject"))
    async def rename_project(message: Message, command: CommandObject, tr: Translator,
                             repo: InstagramRepository, dialog_manager: DialogManager) -> None:
        words = (command.args or "").split(maxsplit=1)
        if not words:
            await message.answer(tr("projects-rename-usage"))
            return
        project_id = parse_project_id(words[0])
        if project_id is None:
            await message.answer(tr("projects-bad-id", value=escape(clip(words[0], 40)),
                                    command="renameproject"))
            return
        if project_id > PROJECT_ID_MAX or await repo.get_project(project_id) is None:
            await message.answer(tr("projects-not-found", project_id=project_id))
            return
        if len(words) == 1:
            await dialog_manager.start(RenameProjectSG.name, data={"project_id": project_id},
                                       mode=StartMode.RESET_STACK)
            return
        _, text = await rename(tr, ProjectsRepository(repo.pool), project_id, words[1])
        await message.answer(text)

    return router
