"""Rendering service results as chat messages (HTML, every user-given value escaped)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from bot.i18n import Translator
from bot.problems import Problem
from repository.schemas import CreateUserResult, InstagramUser

MAX_REASONS = 3


def problem_text(tr: Translator, result: CreateUserResult) -> str:
    """The result's error in the reader's language (escaped)."""
    if result.error_code:
        return escape(tr.problem(Problem(result.error_code, result.error_args or {})))
    return escape(result.error or "")


def user_card(tr: Translator, user: InstagramUser) -> str:
    yes, no = tr("yes"), tr("no")
    return tr(
        "user-card",
        username=escape(user.username),
        profile_url=escape(user.profile_url or f"https://instagram.com/{user.username}",
                           quote=True),
        pk=escape(user.user_pk),
        full_name=escape(user.full_name or "—"),
        private=yes if user.is_private else no,
        verified=yes if user.is_verified else no,
        project_id=user.project_id or 0,
        added=user.created_at.strftime("%Y-%m-%d %H:%M UTC") if user.created_at else "—",
        requester=escape(user.requester_telegram_id or "—"),
    )


def render_result(tr: Translator, result: CreateUserResult) -> str:
    """The reply to one create: created, already exists (with who and when), or why not."""
    if result.created and result.user is not None:
        return tr("result-created") + "\n\n" + user_card(tr, result.user)
    if result.already_exists and result.user is not None:
        return tr("result-exists") + "\n\n" + user_card(tr, result.user)
    return tr("result-rejected", reason=problem_text(tr, result))


def render_counts(tr: Translator, *, processed: int, total: int, created: int, existed: int,
                  rejected: int, first_rejected: Sequence[tuple[int, CreateUserResult]],
                  done: bool) -> str:
    """One message for a list: counts so far and the first reasons for rejections (from
    running counts: a big import keeps no result per user)."""
    lines = [tr("summary-done" if done else "summary-progress",
                processed=processed, total=total),
             tr("summary-counts", created=created, existed=existed, rejected=rejected)]
    for index, result in first_rejected[:MAX_REASONS]:
        lines.append(tr("summary-reason", index=index, reason=problem_text(tr, result)))
    if rejected > MAX_REASONS:
        lines.append(tr("summary-more", count=rejected - MAX_REASONS))
    return "\n".join(lines)
