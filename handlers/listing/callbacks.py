"""What the /list dialog's buttons do."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.input import ManagedTextInput
from aiogram_dialog.widgets.kbd import Button

from bot.i18n import Translator
from bot.problems import Problem
from bot.projects import usable_project
from handlers.listing import view
from handlers.listing.states import ListingSG
from repository.instagram import InstagramRepository
from repository.listing import TEXT_FILTER_MAX


async def on_start(start_data: Any, manager: DialogManager) -> None:
    """``start_data`` may name the project (``{"project_id": N}``), else the picker shows."""
    if isinstance(start_data, dict) and "project_id" in start_data:
        show_project(manager, int(start_data["project_id"]))


def show_project(manager: DialogManager, project_id: int) -> None:
    """Point the dialog at the first page of a project."""
    view.start_data(manager.dialog_data, project_id)


async def on_project_picked(callback: CallbackQuery, _: Any, manager: DialogManager,
                            project_id: int) -> None:
    repo: InstagramRepository = manager.middleware_data["repo"]
    if isinstance(await usable_project(repo, project_id), Problem):
        tr: Translator = manager.middleware_data["tr"]
        await callback.answer(tr("list-project-unavailable"), show_alert=True)
        return  # the picker is shown again, without that project
    show_project(manager, project_id)
    await manager.switch_to(ListingSG.page)


# --- paging -----------------------------------------------------------------------------
async def on_first(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    view.to_first(manager.dialog_data)


async def on_last(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    manager.dialog_data.update(mode="last", cursor=None, from_end=1)


# Pages reached from the first page are numbered from the start (``page``); those
# reached from the last, from the end (``from_end``: 1 is the last page).
async def on_next(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    data = manager.dialog_data
    if data.get("next"):
        data.update(mode="after", cursor=data["next"], page=int(data.get("page", 1)) + 1)
        if data.get("from_end"):
            data["from_end"] = max(int(data["from_end"]) - 1, 1)


async def on_prev(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    data = manager.dialog_data
    if data.get("prev"):
        data.update(mode="before", cursor=data["prev"],
                    page=max(int(data.get("page", 1)) - 1, 1))
        if data.get("from_end"):
            data["from_end"] = int(data["from_end"]) + 1


# --- settings: each change starts again from the first page -----------------------------
async def on_sort(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    data = manager.dialog_data
    data["sort"] = view.cycle(view.SORTS, view.sort_of(data)).value
    view.to_first(data)


async def on_size(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    data = manager.dialog_data
    data["size"] = view.cycle(view.PAGE_SIZES, view.page_size(data))
    view.to_first(data)


async def on_flag(_: CallbackQuery, button: Button, manager: DialogManager) -> None:
    flag = button.widget_id or ""
    if flag in view.FLAGS:
        manager.dialog_data[flag] = not manager.dialog_data.get(flag)
        view.to_first(manager.dialog_data)


async def on_clear(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    data = manager.dialog_data
    data.update(text=None, **{flag: False for flag in view.FLAGS})
    view.to_first(data)


async def on_clear_text(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    await manager.middleware_data["state"].update_data({"list_text_waiting": None})
    manager.dialog_data["text"] = None
    view.to_first(manager.dialog_data)
    await manager.switch_to(ListingSG.page)


def text_filter(value: str) -> str:
    text = " ".join(value.split())
    if not text or len(text) > TEXT_FILTER_MAX:
        raise ValueError(text)
    return text


async def on_text(_: Message, __: ManagedTextInput[str], manager: DialogManager,
                  text: str) -> None:
    manager.dialog_data.update(text=text, text_error=None)
    view.to_first(manager.dialog_data)
    await manager.switch_to(ListingSG.page)


async def on_text_error(_: Message, __: ManagedTextInput[str], manager: DialogManager,
                        error: ValueError) -> None:
    manager.dialog_data["text_error"] = True
