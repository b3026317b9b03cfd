"""Window data of the /add wizard.

Every user-given value is HTML-escaped here: the texts are Fluent messages rendered into
HTML, and neither Fluent nor the text widgets escape anything.
"""

from __future__ import annotations

from html import escape
from typing import Any

from aiogram.types import User
from aiogram_dialog import DialogManager

from bot.i18n import Translator
from handlers.render import user_card
from handlers.text import shown
from handlers.widgets import active_projects
from handlers.wizard.callbacks import EDITING, FLAGS, PROJECT_NAME
from handlers.wizard.duplicates import CLASH, EXISTS
from handlers.wizard.states import STEPS, TEXT_FIELDS, AddUser
from repository.preferences import PreferencesRepository
from repository.schemas import InstagramUser

# Each step's number, from 1 (one dict lookup: comparing States builds their names).
STEP_NUMBERS = {state: number for number, state in enumerate(STEPS, start=1)}


def project_label(tr: Translator, data: dict[str, Any]) -> str:
    if data.get("project_id") is None:
        return ""
    return tr("project-label", name=shown(data.get(PROJECT_NAME)),
              id=data["project_id"])


async def common_getter(dialog_manager: DialogManager, tr: Translator,
                        **_: Any) -> dict[str, Any]:
    """For every window: step number, the chosen project, what the steps may offer."""
    data = dialog_manager.dialog_data
    state = dialog_manager.current_context().state
    return {
        "step": STEP_NUMBERS.get(state, len(STEPS)),
        "steps": len(STEPS),
        "project": project_label(tr, data),
        # pk and username are all a user needs: the rest can be skipped at once.
        "can_save": bool(data.get("pk") and data.get("username")
                         and data.get("project_id") is not None),
        # The project step has Back when opened from a later step or the summary.
        "can_back": bool(data.get(EDITING) or data.get("project_id") is not None),
        **exists_notes(data, state, tr),
    }


_NO_NOTES = {"exists_card": "", "exists_later": ""}


def exists_notes(data: dict[str, Any], state: Any, tr: Translator) -> dict[str, str]:
    """The stored user when the wizard's pk is already in its project: ``exists_card`` on
    the pk step, ``exists_later`` (with a "Change pk" button) on the others."""
    note = data.get(EXISTS)
    if (not note or note.get("pk") != data.get("pk")
            or note.get("project_id") != data.get("project_id")):
        return _NO_NOTES
    card = user_card(tr, InstagramUser.model_validate(note["user"]))
    if state is AddUser.pk:
        return {"exists_card": card, "exists_later": ""}
    return {"exists_card": "", "exists_later": card}


async def projects_getter(dialog_manager: DialogManager, prefs: PreferencesRepository,
                          event_from_user: User, **_: Any) -> dict[str, Any]:
    """Active projects for the picker; the one in use (chosen or current) is marked."""
    chosen = dialog_manager.dialog_data.get("project_id")
    if chosen is None:
        chosen = await prefs.get_current_project(event_from_user.id)
    result = await active_projects(dialog_manager, chosen)
    result["no_projects"] = not result["has_projects"]
    return result


async def text_step_getter(dialog_manager: DialogManager, tr: Translator,
                           **_: Any) -> dict[str, Any]:
    """The value the current step already holds (after Back), to show it; the stored
    user when the pk is already in the project; the username clash."""
    data = dialog_manager.dialog_data
    state = dialog_manager.current_context().state
    current = shown(data.get(TEXT_FIELDS[state]))
    clash = data.get(CLASH) or {}
    return {"current": current, "no_current": not current, "pk_help": state is AddUser.pk,
            "clash": bool(clash), "clash_username": escape(str(clash.get("username", ""))),
            "clash_pk": escape(str(clash.get("pk", "")))}


async def flags_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    return {flag: bool(dialog_manager.dialog_data.get(flag)) for flag in FLAGS}


async def summary_getter(dialog_manager: DialogManager, tr: Translator,
                         **_: Any) -> dict[str, Any]:
    data = dialog_manager.dialog_data
    # From now on every step returns here (aiogram-dialog's example/wizard.py).
    data[EDITING] = True
    empty = tr("value-none")
    return {
        "s_project": project_label(tr, data) or empty,
        "s_pk": shown(data.get("pk")) or empty,
        "s_username": shown(data.get("username")) or empty,
        "s_full_name": shown(data.get("full_name")) or empty,
        "s_private": bool(data.get("is_private")),
        "s_verified": bool(data.get("is_verified")),
        "s_profile_pic_url": shown(data.get("profile_pic_url")) or empty,
        "s_secondary_label": shown(data.get("profile_chaining_secondary_label")) or empty,
        "s_social_context": shown(data.get("social_context")) or empty,
    }
