"""Window data of the edit dialog: whole HTML texts, every stored value escaped."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager

from bot.config import Settings
from bot.i18n import Translator
from handlers import widgets
from handlers.manage.edit.callbacks import ENTRY, NOTICE, TARGET
from handlers.manage.edit.states import TEXT_STEPS, EditUser
from handlers.manage.render import card_text, project_label
from handlers.render import compose
from handlers.text import shown
from handlers.widgets import refusal_line
from handlers.wizard.checks import OPTIONAL_FIELDS
from repository.instagram import InstagramRepository
from repository.manage import ManageRepository

_ASK = {
    "pk": "wizard-ask-pk", "username": "wizard-ask-username",
    "full_name": "manage-edit-ask-full-name",
    "profile_pic_url": "manage-edit-ask-profile-pic-url",
    "profile_chaining_secondary_label": "manage-edit-ask-secondary-label",
    "social_context": "manage-edit-ask-social-context",
}


async def edit_getter(dialog_manager: DialogManager, tr: Translator, settings: Settings,
                      manage: ManageRepository, repo: InstagramRepository,
                      **_: Any) -> dict[str, Any]:
    data = dialog_manager.dialog_data
    entry = await manage.get_entry(str(data.get(ENTRY, "")))
    state = dialog_manager.current_context().state
    error = refusal_line(tr, data)
    if entry is None:
        return {"text": tr("manage-gone"), "found": False, "is_private": False,
                "is_verified": False, "optional": False, "projects": [],
                "has_projects": False}
    user = entry.user
    title = tr("manage-edit-title", username=shown(user.username, 64),
               project=project_label(tr, entry.project_name, user.project_id))
    result: dict[str, Any] = {"found": True, "is_private": bool(user.is_private),
                              "is_verified": bool(user.is_verified), "optional": False,
                              "projects": [], "has_projects": False}
    if state == EditUser.menu:
        notice = data.pop(NOTICE, "")
        result["text"] = compose(notice, error, card_text(tr, entry, settings.timezone),
                               tr("manage-edit-hint"))
    elif state in TEXT_STEPS:
        field, column = TEXT_STEPS[state]
        current = getattr(user, column) or ""
        result["optional"] = field in OPTIONAL_FIELDS and bool(current)
        result["text"] = compose(title, error, tr(_ASK[field]),
                               tr("wizard-current", current=shown(current)) if current else "")
    elif state == EditUser.move:
        projects = [p for p in await repo.list_projects(active_only=True)
                    if p.id != user.project_id]
        result["projects"] = [(p.id, widgets.project_label(tr, p, 40)) for p in projects]
        result["has_projects"] = bool(projects)
        ask = "manage-move-ask" if projects else "manage-move-none"
        result["text"] = compose(title, error, tr(ask, username=shown(user.username, 64)))
    else:  # move_how
        target = await repo.get_project(int(data.get(TARGET) or 0))
        result["text"] = compose(title, error, tr(
            "manage-move-choose", username=shown(user.username, 64),
            target=project_label(tr, target.name if target else None,
                                 target.id if target else None)))
    return result
