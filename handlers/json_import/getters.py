"""Window data of the import dialog (plain values; user-given text HTML-escaped here)."""

from __future__ import annotations

from html import escape
from typing import Any

from aiogram_dialog import DialogManager

from handlers.json_import.callbacks import pending_of
from handlers.widgets import active_projects_getter


async def pk_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    start = dialog_manager.start_data if isinstance(dialog_manager.start_data, dict) else {}
    return {"username": escape(str(start.get("username", "")))}


async def project_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    data = await active_projects_getter(dialog_manager)
    pending = pending_of(dialog_manager)
    count = pending.without_project if pending is not None else 0
    return {**data, "count": count, "no_projects": not data["has_projects"]}
