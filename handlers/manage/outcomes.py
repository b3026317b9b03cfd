"""Why a change was refused, in the reader's language (HTML)."""

from __future__ import annotations

from html import escape

from bot.i18n import Translator
from handlers.manage.render import project_label
from handlers.text import clip
from repository.manage import Change, ChangeOutcome


def outcome_problem(tr: Translator, outcome: ChangeOutcome) -> str:
    if outcome.change is Change.CLASH and outcome.other is not None:
        other = outcome.other
        return tr("manage-clash", pk=escape(other.user.user_pk),
                  username=escape(clip(other.user.username, 64)),
                  project=project_label(tr, other.project_name, other.user.project_id))
    if outcome.change in (Change.CLASH, Change.LEGACY_CLASH):
        return tr("manage-legacy-clash")
    if outcome.change is Change.NO_PROJECT:
        return tr("manage-project-unavailable")
    if outcome.change is Change.NOT_FOUND:
        return tr("manage-gone")
    return ""
