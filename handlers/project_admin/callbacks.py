"""The buttons of /projects and of a project's card."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.types import CallbackQuery, InaccessibleMessage, Message, User
from aiogram_dialog import DialogManager, StartMode

from bot.config import Settings
from bot.export import ExportFormat
from bot.i18n import Translator
from bot.problems import Problem
from bot.projects import usable_project
from handlers.export import send_export
from handlers.listing.states import ListingSG
from handlers.project_admin.states import RenameProjectSG
from handlers.project_admin.views import ProjectCb, card_buttons, card_text, project_buttons
from handlers.projects import project_name, project_text, split_message
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


def create_callbacks_router() -> Router:
    router = Router(name="project-admin-buttons")

    @router.callback_query(ProjectCb.filter())
    async def on_project_button(callback: CallbackQuery, callback_data: ProjectCb,
                                tr: Translator, bot: Bot, repo: InstagramRepository,
                                prefs: PreferencesRepository, settings: Settings,
                                event_from_user: User, dialog_manager: DialogManager) -> None:
        message = callback.message
        if not callback_data.valid() or message is None or isinstance(
                message, InaccessibleMessage):
            await callback.answer(tr("projects-button-invalid"), show_alert=True)
            return
        action, project_id = callback_data.action, callback_data.id
        if action == "inactive":
            inactive = [p for p in await repo.list_projects(active_only=False)
                        if not p.is_active]
            await callback.answer()
            if not inactive:
                await message.answer(tr("projects-inactive-none"))
                return
            lines = [tr("projects-inactive-title", count=len(inactive))]
            lines += [tr("projects-line", project_id=p.id, name=project_name(p),
                         users=tr("projects-users", count=p.user_count)) for p in inactive]
            texts = split_message(lines)
            for text in texts[:-1]:
                await message.answer(text)
            await message.answer(texts[-1], reply_markup=project_buttons(list(inactive)))
            return
        project = await usable_project(repo, project_id, inactive_ok=True)
        if isinstance(project, Problem):
            await callback.answer(project_text(tr, project), show_alert=True)
            return
        projects = ProjectsRepository(repo.pool)
        if action == "open":
            await callback.answer()
            await show_card(message, tr, repo, prefs, event_from_user.id, project, edit=False)
        elif action in ("off", "on"):
            changed = await projects.set_active(project.id, action == "on",
                                                actor=str(event_from_user.id))
            if changed is None:
                await callback.answer(tr("projects-not-found", project_id=project_id),
                                      show_alert=True)
                return
            await callback.answer(tr("projects-activated" if changed.is_active
                                     else "projects-deactivated", project_id=changed.id))
            await show_card(message, tr, repo, prefs, event_from_user.id, changed, edit=True)
        elif action == "current":
            if not project.is_active:
                await callback.answer(tr("projects-current-refused", project_id=project.id),
                                      show_alert=True)
                return
            await prefs.set_current_project(event_from_user.id, project.id)
            await callback.answer(tr("projects-current-done", project_id=project.id))
            await show_card(message, tr, repo, prefs, event_from_user.id, project, edit=True)
        elif action == "rename":
            await callback.answer()
            await dialog_manager.start(RenameProjectSG.name, data={"project_id": project.id},
                                       mode=StartMode.RESET_STACK)
        elif action == "users":
            await callback.answer()
            await dialog_manager.start(ListingSG.page, data={"project_id": project.id},
                                       mode=StartMode.RESET_STACK)
        else:  # export
            await callback.answer()
            await send_export(message, tr, bot, repo, settings, project, ExportFormat.CSV)

    @router.callback_query(_malformed)
    async def on_malformed(callback: CallbackQuery, tr: Translator) -> None:
        await callback.answer(tr("projects-button-invalid"), show_alert=True)

    return router


async def _malformed(callback: CallbackQuery) -> bool:
    """A ``prj:`` button whose data does not parse (forged, or from another version)."""
    return (callback.data or "").startswith(ProjectCb.__prefix__ + ":")
