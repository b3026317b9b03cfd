"""The rename dialog: asks for a project's new name until one is free, or /cancel."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, Window
from aiogram_dialog.widgets.input import ManagedTextInput, TextInput
from aiogram_dialog.widgets.kbd import Button
from aiogram_dialog.widgets.text import Multi

from handlers import widgets
from handlers.project_admin.states import RenameProjectSG
from handlers.project_admin.views import rename
from handlers.projects import project_name
from handlers.services import services
from handlers.widgets import I18nFormat, ProblemLine
from repository.projects import ProjectsRepository
from repository.schemas import TEXT_MAX


async def on_start(start_data: Any, manager: DialogManager) -> None:
    manager.dialog_data["project_id"] = int(start_data["project_id"])


async def name_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    project = await services(dialog_manager).repo.get_project(
        int(dialog_manager.dialog_data["project_id"]))
    return {"project_id": int(dialog_manager.dialog_data["project_id"]),
            "found": project is not None, "gone": project is None,
            "name": project_name(project, TEXT_MAX) if project is not None else ""}


async def on_name(message: Message, _: ManagedTextInput[str], manager: DialogManager,
                  name: str) -> None:
    app = services(manager)
    sender = message.from_user.id if message.from_user else message.chat.id
    done, text = await rename(app.tr, ProjectsRepository(app.repo.pool),
                              int(manager.dialog_data["project_id"]), name, sender)
    if not done:
        widgets.set_refused(manager, text)
        return
    await manager.done()
    await message.answer(text)


async def on_cancel(callback: CallbackQuery, _: Button, manager: DialogManager) -> None:
    await manager.done()
    if callback.message is not None:
        await callback.message.answer(services(manager).tr("cancelled"))


def create_dialog() -> Dialog:
    return Dialog(
        Window(
            I18nFormat("projects-not-found", when="gone"),
            Multi(ProblemLine(), I18nFormat("projects-rename-ask"), sep="\n\n", when="found"),
            TextInput(id="project_name", on_success=on_name),
            Button(I18nFormat("projects-btn-cancel"), id="cancel", on_click=on_cancel),
            getter=name_getter,
            state=RenameProjectSG.name,
        ),
        on_start=on_start,
    )
