"""Dialog pieces shared by several dialogs: the active-project picker."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.kbd import ScrollingGroup, Select
from aiogram_dialog.widgets.kbd.select import OnItemClick
from aiogram_dialog.widgets.text import Format

from bot.projects import PROJECT_ID_MAX
from repository.instagram import InstagramRepository

PROJECTS_PER_PAGE = 8


class InvalidButton(ValueError):
    """A button press whose data no button of ours carries (forged or corrupted)."""


def button_project_id(data: str) -> int:
    """A project id from a button's data: digits, within PostgreSQL's integer."""
    if not (data.isascii() and data.isdigit()) or len(data) > 10 or not (
            0 < int(data) <= PROJECT_ID_MAX):
        raise InvalidButton(data[:40])
    return int(data)


async def active_projects_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    """``projects``: (id, label) pairs of active projects (button text: plain, no HTML)."""
    repo: InstagramRepository = dialog_manager.middleware_data["repo"]
    projects = await repo.list_projects(active_only=True)
    return {
        "projects": [(p.id, f"{p.name[:48]} (#{p.id})") for p in projects],
        "has_projects": bool(projects),
    }


def project_picker(widget_id: str, on_click: OnItemClick[Any, int]) -> ScrollingGroup:
    """Buttons of active projects (from ``active_projects_getter``), paged."""
    return ScrollingGroup(
        Select(
            Format("{item[1]}"),
            id=f"{widget_id}_select",
            item_id_getter=lambda item: item[0],
            items="projects",
            type_factory=button_project_id,
            on_click=on_click,
        ),
        id=widget_id,
        width=1,
        height=PROJECTS_PER_PAGE,
        hide_on_single_page=True,
    )
