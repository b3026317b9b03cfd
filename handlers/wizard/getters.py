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
from bot.problems import Problem
from handlers.render import user_card
from handlers.widgets import active_projects_getter
from handlers.wizard.callbacks import CLASH, EDITING, EXISTS, FLAGS, PROBLEM, PROJECT_NAME
from handlers.wizard.states import STEPS, TEXT_FIELDS, AddUser
from repository.preferences import PreferencesRepository
from repository.schemas import InstagramUser

# Long values are cut for display only (a signed picture URL can run to 2,048 characters);
# what is stored is the whole value.
SHOWN_MAX = 300
# Each step's number, from 1 (one dict lookup: comparing States builds their names).
STEP_NUMBERS = {state: number for number, state in enumerate(STEPS, start=1)}


def shown(value: Any, limit: int = SHOWN_MAX) -> str:
    text = str(value or "")
    if len(text) > limit:
        text = text[:limit - 1] + "…"
    return escape(text)


def problem_text(tr: Translator, problem: dict[str, Any] | None) -> str:
    """The reason for the last rejection, in the reader's language (escaped)."""
    if not problem:
        return ""
    if "key" in problem:
        return escape(tr(str(problem["key"])))
    return escape(tr.problem(Problem(str(problem["code"]), dict(problem.get("args") or {}))))


def project_label(data: dict[str, Any]) -> str:
    if data.get("project_id") is None:
        return ""
    return f"{shown(data.get(PROJECT_NAME))} (#{data['project_id']})"


async def common_getter(dialog_manager: DialogManager, tr: Translator,
                        **_: Any) -> dict[str, Any]:
    """For every window: step number, the chosen project and the last rejection."""
    data = dialog_manager.dialog_data
    state = dialog_manager.current_context().state
    return {
        "step": STEP_NUMBERS.get(state, len(STEPS)),
        "steps": len(STEPS),
        "project": project_label(data),
        "error": problem_text(tr, data.get(PROBLEM)),
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
                          event_from_user: User, tr: Translator,
                          **kwargs: Any) -> dict[str, Any]:
    """Active projects for the picker; the one in use (chosen or current) is marked."""
    result = await active_projects_getter(dialog_manager, **kwargs)
    chosen = dialog_manager.dialog_data.get("project_id")
    if chosen is None:
        chosen = await prefs.get_current_project(event_from_user.id)
    mark = tr("projects-current-mark")
    result["projects"] = [(pid, f"{mark} {label}" if pid == chosen else label)
                          for pid, label in result["projects"]]
    result["no_projects"] = not result["has_projects"]
    return result


async def text_step_getter(dialog_manager: DialogManager, tr: Translator,
                           **_: Any) -> dict[str, Any]:
    """The value the current step already holds (after Back), to show it; the stored
    user when the pk is already in the project; the username clash."""
    data = dialog_manager.dialog_data
    state = dialog_manager.current_context().state
    current = shown(data.get(TEXT_FIELDS[state]))
    result: dict[str, Any] = {"current": current, "no_current": not current,
                              "pk_help": state is AddUser.pk, "clash": ""}
    clash = data.get(CLASH)
    if clash:
        result["clash"] = tr("wizard-clash", username=escape(str(clash["username"])),
                             pk=escape(str(clash["pk"])))
    return result


async def flags_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    return {flag: bool(dialog_manager.dialog_data.get(flag)) for flag in FLAGS}


async def summary_getter(dialog_manager: DialogManager, tr: Translator,
                         **_: Any) -> dict[str, Any]:
    data = dialog_manager.dialog_data
    # From now on every step returns here (aiogram-dialog's example/wizard.py).
    data[EDITING] = True
    empty = tr("wizard-empty")
    yes, no = tr("yes"), tr("no")
    return {
        "s_project": project_label(data) or empty,
        "s_pk": shown(data.get("pk")) or empty,
        "s_username": shown(data.get("username")) or empty,
        "s_full_name": shown(data.get("full_name")) or empty,
        "s_private": yes if data.get("is_private") else no,
        "s_verified": yes if data.get("is_verified") else no,
        "s_profile_pic_url": shown(data.get("profile_pic_url")) or empty,
        "s_secondary_label": shown(data.get("profile_chaining_secondary_label")) or empty,
        "s_social_context": shown(data.get("social_context")) or empty,
    }
