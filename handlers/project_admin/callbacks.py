"""The buttons of /projects and of a project's card."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery, InaccessibleMessage, Message
from aiogram_dialog import DialogManager, StartMode

from bot.export import ExportFormat
from bot.i18n import Translator
from bot.problems import Problem
from bot.projects import usable_project
from handlers.export import send_export
from handlers.listing.states import ListingSG
from handlers.project_admin.states import RenameProjectSG
from handlers.project_admin.views import (
    ProjectCb,
    answer_lines,
    card_buttons,
    card_text,
    project_buttons,
)
from handlers.projects import project_name, project_text
from handlers.services import AppServices, services
from repository.instagram import InstagramRepository
from repository.preferences import PreferencesRepository
from repository.projects import ProjectsRepository
from repository.schemas import Project


async def show_card(message: Message, tr: Translator, repo: InstagramRepository,
                    prefs: PreferencesRepository, user_id: int, project: Project,
                    *, edit: bool) -> None:
    current = await prefs.get_current_project(user_id) == project.id
    text = card_text(tr, project, await repo.count_users(project.id), current)
    markup = card_buttons(tr, project, current)
    if edit:
        await message.edit_text(text, reply_markup=markup)
    else:
        await message.answer(text, reply_markup=markup)


async def show_inactive(message: Message, tr: Translator, repo: InstagramRepository) -> None:
    """The inactive projects, with a button each (hidden behind one under /projects)."""
    inactive = [p for p in await repo.list_projects(active_only=False) if not p.is_active]
    if not inactive:
        await message.answer(tr("projects-inactive-none"))
        return
    lines = [tr("projects-inactive-title", count=len(inactive))]
    lines += [tr("projects-line", project_id=p.id, name=project_name(p),
                 users=tr("projects-users", count=p.user_count)) for p in inactive]
    await answer_lines(message, lines, project_buttons(tr, list(inactive)))


async def _set_active(callback: CallbackQuery, message: Message, project: Project,
                      active: bool, app: AppServices) -> None:
    changed = await ProjectsRepository(app.repo.pool).set_active(
        project.id, active, actor=str(callback.from_user.id))
    if changed is None:
        await callback.answer(app.tr("projects-not-found", project_id=project.id),
                              show_alert=True)
        return
    await callback.answer(app.tr("projects-activated" if changed.is_active
                                 else "projects-deactivated", project_id=changed.id))
    await show_card(message, app.tr, app.repo, app.prefs, callback.from_user.id, changed,
                    edit=True)


async def _act(callback: CallbackQuery, message: Message, action: str, project: Project,
               manager: DialogManager) -> None:
    """What a project card's button does, once the project is found."""
    app, user_id = services(manager), callback.from_user.id
    if action in ("off", "on"):
        await _set_active(callback, message, project, action == "on", app)
        return
    if action == "current" and not project.is_active:
        await callback.answer(app.tr("projects-current-refused", project_id=project.id),
                              show_alert=True)
        return
    if action == "current":
        await app.prefs.set_current_project(user_id, project.id)
        await callback.answer(app.tr("projects-current-done", project_id=project.id))
    else:
        await callback.answer()
    if action in ("open", "current"):
        await show_card(message, app.tr, app.repo, app.prefs, user_id, project,
                        edit=action == "current")
    elif action in ("rename", "users"):
        await manager.start(RenameProjectSG.name if action == "rename" else ListingSG.page,
                            data={"project_id": project.id}, mode=StartMode.RESET_STACK)
    else:  # export
        await send_export(message, app.tr, app.bot, app.repo, app.settings, project,
                          ExportFormat.CSV)


def create_callbacks_router() -> Router:
    router = Router(name="project-admin-buttons")

    @router.callback_query(ProjectCb.filter())
    async def on_project_button(callback: CallbackQuery, callback_data: ProjectCb,
                                tr: Translator, repo: InstagramRepository,
                                dialog_manager: DialogManager) -> None:
        message = callback.message
        if not callback_data.valid() or message is None or isinstance(
                message, InaccessibleMessage):
            await callback.answer(tr("projects-button-invalid"), show_alert=True)
            return
        action, project_id = callback_data.action, callback_data.id
        if action == "inactive":
            await callback.answer()
            await show_inactive(message, tr, repo)
            return
        project = await usable_project(repo, project_id, inactive_ok=True)
        if isinstance(project, Problem):
            await callback.answer(project_text(tr, project), show_alert=True)
            return
        await _act(callback, message, action, project, dialog_manager)

    @router.callback_query(_malformed)
    async def on_malformed(callback: CallbackQuery, tr: Translator) -> None:
        await callback.answer(tr("projects-button-invalid"), show_alert=True)

    return router


async def _malformed(callback: CallbackQuery) -> bool:
    """A ``prj:`` button whose data does not parse (forged, or from another version)."""
    return (callback.data or "").startswith(ProjectCb.__prefix__ + ":")
