"""Window data of the import dialog; every user-given value is HTML-escaped here."""

from __future__ import annotations

from html import escape
from typing import Any

from aiogram_dialog import DialogManager

from bot.i18n import Translator
from bot.problems import Problem
from handlers.json_import.callbacks import ERROR, NAME_ERROR, pending_of
from handlers.json_import.messages import problem_html
from handlers.widgets import active_projects_getter


def _error(tr: Translator, stored: Any) -> str:
    if not isinstance(stored, dict):
        return ""
    return "❌ " + problem_html(tr, Problem(str(stored["code"]), dict(stored.get("args") or {})))


async def pk_getter(dialog_manager: DialogManager, tr: Translator, **_: Any) -> dict[str, Any]:
    start = dialog_manager.start_data if isinstance(dialog_manager.start_data, dict) else {}
    return {
        "prompt": tr("import-ask-pk", username=escape(str(start.get("username", "")))),
        "error": _error(tr, dialog_manager.dialog_data.get(ERROR)),
        "cancel": tr("import-btn-cancel"),
    }


async def project_getter(dialog_manager: DialogManager, tr: Translator,
                         **_: Any) -> dict[str, Any]:
    data = await active_projects_getter(dialog_manager)
    pending = pending_of(dialog_manager)
    count = pending.without_project if pending is not None else 0
    prompt = (tr("import-ask-project", count=count) if data["has_projects"]
              else tr("import-no-projects"))
    return {**data, "prompt": prompt, "cancel": tr("import-btn-cancel"),
            "new_project": tr("import-btn-new-project")}


async def new_project_getter(dialog_manager: DialogManager, tr: Translator,
                             **_: Any) -> dict[str, Any]:
    stored = dialog_manager.dialog_data.get(NAME_ERROR)
    error = ""
    if isinstance(stored, dict):
        error = tr(str(stored["key"]), **dict(stored.get("args") or {}))
    return {"prompt": tr("import-ask-new-project"), "error": error,
            "back": tr("import-btn-back"), "cancel": tr("import-btn-cancel")}
