"""The rename dialog: asks for a project's new name until one is free, or /cancel."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, Window
from aiogram_dialog.widgets.input import ManagedTextInput, TextInput
from aiogram_dialog.widgets.kbd import Button
from aiogram_dialog.widgets.text import Format

from bot.i18n import Translator
from handlers.listing.dialog import Tr
from handlers.project_admin.states import RenameProjectSG
from handlers.project_admin.views import rename
from handlers.projects import project_name
from repository.instagram import InstagramRepository
from repository.projects import ProjectsRepository
from repository.schemas import TEXT_MAX


async def on_start(start_data: Any, manager: DialogManager) -> None:
    manager.dialog_data["project_id"] = int(start_data["project_id"])


async def name_getter(dialog_manager: DialogManager, tr: Translator,
                      repo: InstagramRepository, **_: Any) -> dict[str, Any]:
    data = dialog_manager.dialog_data
    project_id = int(data["project_id"])
    project = await repo.get_project(project_id)
    if project is None:
        return {"text": tr("projects-not-found", project_id=project_id)}
    text = tr("projects-rename-ask", project_id=project_id,
              name=project_name(project, TEXT_MAX))
    if data.get("error"):
        text = f"{data['error']}\n\n{text}"
    return {"text": text}


async def on_name(message: Message, _: ManagedTextInput[str], manager: DialogManager,
                  name: str) -> None:
    tr: Translator = manager.middleware_data["tr"]
    repo: InstagramRepository = manager.middleware_data["repo"]
    sender = message.from_user.id if message.from_user else message.chat.id
    done, text = await rename(tr, ProjectsRepository(repo.pool),
                              int(manager.dialog_data["project_id"]), name, sender)
    if not done:
        manager.dialog_data["error"] = text if text.startswith("❌") else "❌ " + text
        return
    await manager.done()
    await message.answer(text)


async def on_cancel(callback: CallbackQuery, _: Button, manager: DialogManager) -> None:
    tr: Translator = manager.middleware_data["tr"]
    await manager.done()
    if callback.message is not None:
        await callback.message.answer(tr("cancelled"))


def create_dialog() -> Dialog:
    return Dialog(
        Window(
            Format("{text}"),
            TextInput(id="project_name", on_success=on_name),
            Button(Tr("projects-btn-cancel"), id="cancel", on_click=on_cancel),
            getter=name_getter,
            state=RenameProjectSG.name,
        ),
        on_start=on_start,
    )
