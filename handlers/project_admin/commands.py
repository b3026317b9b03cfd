"""/projects (with a button a project), /newproject NAME, and /renameproject ID NAME
(without a name: asks for it)."""

from __future__ import annotations

from html import escape

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message, User
from aiogram_dialog import DialogManager, StartMode

from bot.i18n import Translator
from bot.problems import Problem
from bot.projects import usable_project
from handlers.project_admin.states import RenameProjectSG
from handlers.project_admin.views import button, project_buttons, rename, taken_text
from handlers.projects import clip, parse_project_id, project_name, project_text, split_message
from repository.instagram import InstagramRepository
from repository.preferences import PreferencesRepository
from repository.projects import ProjectNameTaken, ProjectsRepository
from repository.schemas import TEXT_MAX


def create_router() -> Router:
    router = Router(name="project-admin-commands")

    @router.message(Command("projects"))
    async def list_projects(message: Message, tr: Translator, repo: InstagramRepository,
                            prefs: PreferencesRepository, event_from_user: User) -> None:
        every = await repo.list_projects(active_only=False)
        projects = [p for p in every if p.is_active]
        # Inactive projects are hidden here, behind one button that lists them.
        extra = [button(tr("projects-btn-inactive", count=len(every) - len(projects)),
                              "inactive")] if len(every) > len(projects) else []
        if not projects:
            await message.answer(tr("projects-none"),
                                 reply_markup=project_buttons([], extra=extra))
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
        lines.append(tr("projects-buttons-hint"))
        texts = split_message(lines)
        for text in texts[:-1]:
            await message.answer(text)
        await message.answer(texts[-1], reply_markup=project_buttons(
            list(projects), extra=extra))

    @router.message(Command("newproject"))
    async def new_project(message: Message, command: CommandObject, tr: Translator,
                          repo: InstagramRepository, prefs: PreferencesRepository,
                          event_from_user: User) -> None:
        # A project name is one line: runs of whitespace (newlines too) become one space.
        name = " ".join((command.args or "").split())
        if not name:
            await message.answer(tr("projects-new-usage"))
            return
        if len(name) > TEXT_MAX:
            await message.answer(tr("projects-new-too-long", length=len(name), limit=TEXT_MAX))
            return
        try:  # the admin is named in the audit trail
            project = await ProjectsRepository(repo.pool).create(
                name, actor=str(event_from_user.id))
        except ProjectNameTaken as exc:
            await message.answer(taken_text(tr, exc))
            return
        await prefs.set_current_project(event_from_user.id, project.id)
        await message.answer(tr("projects-created-current", project_id=project.id,
                                name=project_name(project, TEXT_MAX)))

    @router.message(Command("renameproject"))
    async def rename_project(message: Message, command: CommandObject, tr: Translator,
                             repo: InstagramRepository, dialog_manager: DialogManager,
                             event_from_user: User) -> None:
        words = (command.args or "").split(maxsplit=1)
        if not words:
            await message.answer(tr("projects-rename-usage"))
            return
        project_id = parse_project_id(words[0])
        if project_id is None:
            await message.answer(tr("projects-bad-id", value=escape(clip(words[0], 40)),
                                    command="renameproject"))
            return
        found = await usable_project(repo, project_id, inactive_ok=True)
        if isinstance(found, Problem):
            await message.answer(project_text(tr, found))
            return
        if len(words) == 1:
            await dialog_manager.start(RenameProjectSG.name, data={"project_id": project_id},
                                       mode=StartMode.RESET_STACK)
            return
        _, text = await rename(tr, ProjectsRepository(repo.pool), project_id, words[1],
                               event_from_user.id)
        await message.answer(text)

    return router
