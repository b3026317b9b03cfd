"""What the /list dialog's buttons do."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.kbd import Button

from bot.i18n import Translator
from handlers.listing.states import ListingSG
from repository.instagram import InstagramRepository


async def on_start(start_data: Any, manager: DialogManager) -> None:
    """``start_data`` may name the project (``{"project_id": N}``), else the picker shows."""
    if isinstance(start_data, dict) and "project_id" in start_data:
        show_project(manager, int(start_data["project_id"]))


def show_project(manager: DialogManager, project_id: int) -> None:
    """Point the dialog at the first page of a project."""
    manager.dialog_data.clear()
    manager.dialog_data.update(project_id=project_id, page=1, after=None, before=None,
                               next=None, prev=None)


async def on_project_picked(callback: CallbackQuery, _: Any, manager: DialogManager,
                            project_id: int) -> None:
    repo: InstagramRepository = manager.middleware_data["repo"]
    project = await repo.get_project(project_id)
    if project is None or not project.is_active:
        tr: Translator = manager.middleware_data["tr"]
        await callback.answer(tr("list-project-unavailable"), show_alert=True)
        return  # the picker is shown again, without that project
    show_project(manager, project_id)
    await manager.switch_to(ListingSG.page)


async def on_next(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    data = manager.dialog_data
    if data.get("next"):
        data.update(after=data["next"], before=None, page=int(data.get("page", 1)) + 1)


async def on_prev(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    data = manager.dialog_data
    if data.get("prev"):
        data.update(before=data["prev"], after=None,
                    page=max(int(data.get("page", 1)) - 1, 1))
