"""Rendering service results as chat messages (HTML, every user-given value escaped)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC
from html import escape
from urllib.parse import quote

from bot.i18n import Translator
from bot.problems import Problem, shown
from repository.schemas import CreateUserResult, InstagramUser

MAX_REASONS = 3


def compose(*parts: str) -> str:
    """The non-empty parts as paragraphs of one message."""
    return "\n\n".join(part for part in parts if part)


def problem_html(tr: Translator, problem: Problem) -> str:
    """A problem in the reader's language, user-given parts cut short, HTML-escaped."""
    return escape(tr.problem(shown(problem)))


def result_problem(result: CreateUserResult) -> Problem | None:
    """Why a create failed, as a problem (``None``: it did not, or no code is known)."""
    if result.success or not result.error_code:
        return None
    return Problem(result.error_code, result.error_args or {})


def problem_text(tr: Translator, result: CreateUserResult) -> str:
    """The result's error in the reader's language (escaped)."""
    problem = result_problem(result)
    return problem_html(tr, problem) if problem is not None else escape(result.error or "")


def user_card(tr: Translator, user: InstagramUser) -> str:
    yes, no, none = tr("yes"), tr("no"), tr("value-none")
    added = (user.created_at if user.created_at is None or user.created_at.tzinfo
             else user.created_at.replace(tzinfo=UTC))
    return tr(
        "user-card",
        username=escape(user.username),
        profile_url=escape(user.profile_url or f"https://instagram.com/{user.username}",
                           quote=True),
        pk=escape(user.user_pk),
        full_name=escape(user.full_name) if user.full_name else none,
        private=yes if user.is_private else no,
        verified=yes if user.is_verified else no,
        project_id=user.project_id or 0,
        added=added.astimezone(UTC).strftime(tr("datetime-format")) if added else none,
        requester=escape(user.requester_telegram_id) if user.requester_telegram_id else none,
    )


def profile_url(username: str) -> str:
    return f"https://instagram.com/{quote(username, safe='._')}"


def user_line(tr: Translator, number: int, handle: str, name: str,
              user: InstagramUser) -> str:
    """``N. @username — Full Name 🔒☑️`` from the (escaped) handle and name."""
    line = tr("user-numbered", number=number,
              user=tr("user-and-name", user=handle, name=name) if name else handle)
    marks = tr("user-marks", private=bool(user.is_private), verified=bool(user.is_verified))
    return f"{line} {marks}" if marks else line


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
