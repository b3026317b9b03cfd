"""Data of the /list windows, and rendering a page of users as one HTML message.

``dialog_data`` (JSON only): ``project_id``; ``after``/``before``, the cursor the shown
page was loaded with; ``next``/``prev``, the cursors of the pages around it (written here,
read by the buttons); ``page``, the number of the page shown.
"""

from __future__ import annotations

from html import escape
from math import ceil
from typing import Any
from urllib.parse import quote

from aiogram.types import User
from aiogram_dialog import DialogManager

from bot.i18n import Translator
from handlers.projects import MESSAGE_LIMIT, clip, project_name, project_problem
from repository.instagram import InstagramRepository, UsersPage
from repository.preferences import PreferencesRepository
from repository.schemas import InstagramUser, Project

PAGE_SIZE = 10
BUTTON_NAME_SHOWN = 40
USERNAME_SHOWN = 40
# Longer usernames only come from legacy rows; they are shown, not linked.
USERNAME_LINKED = 64
# Full names are cut shorter and shorter (then links dropped) until the page fits.
_FITS = ((64, True), (40, True), (24, True), (0, True), (0, False))


async def pick_getter(dialog_manager: DialogManager, tr: Translator,
                      repo: InstagramRepository, prefs: PreferencesRepository,
                      **_: Any) -> dict[str, Any]:
    """``projects`` as ``project_picker`` wants them; the current project first, starred."""
    user: User | None = dialog_manager.middleware_data.get("event_from_user")
    current = await prefs.get_current_project(user.id) if user else None
    items: list[tuple[int, str]] = []
    for p in await repo.list_projects(active_only=True):
        # Button labels are plain text: clipped, not escaped.
        label = f"{clip(p.name, BUTTON_NAME_SHOWN)} (#{p.id})"
        if p.id == current:
            items.insert(0, (p.id, f"{tr('projects-current-mark')} {label}"))
        else:
            items.append((p.id, label))
    if not items:
        text = tr("list-no-projects")
    else:
        text = tr("list-pick-current" if items[0][0] == current else "list-pick")
    return {"text": text, "projects": items, "has_projects": bool(items)}


async def page_getter(dialog_manager: DialogManager, tr: Translator,
                      repo: InstagramRepository, **_: Any) -> dict[str, Any]:
    data = dialog_manager.dialog_data
    project_id = int(data["project_id"])
    project = await repo.get_project(project_id)
    problem = project_problem(tr, project_id, project)
    if problem is not None or project is None:
        data.update(next=None, prev=None)
        return {"text": problem, "has_next": False, "has_prev": False}
    page = await repo.list_users(project_id, limit=PAGE_SIZE, after=data.get("after"),
                                 before=data.get("before"))
    if not page.users and (data.get("after") or data.get("before")):
        # The rows around the cursor were deleted meanwhile: start over.
        data.update(after=None, before=None)
        page = await repo.list_users(project_id, limit=PAGE_SIZE)
    if page.prev_cursor is None:
        start = 0
    elif page.next_cursor is None:
        start = max(page.total - len(page.users), 0)
    else:
        start = (int(data.get("page", 1)) - 1) * PAGE_SIZE
    data.update(next=page.next_cursor, prev=page.prev_cursor, page=start // PAGE_SIZE + 1)
    return {
        "text": render_page(tr, project, page, start),
        "has_next": page.next_cursor is not None,
        "has_prev": page.prev_cursor is not None,
    }


def render_page(tr: Translator, project: Project, page: UsersPage, start: int) -> str:
    """The page as one message of at most 4096 characters, every stored value escaped."""
    header = tr("list-header", name=project_name(project), project_id=project.id,
                users=tr("projects-users", count=page.total))
    if not page.users:
        return f"{header}\n\n{tr('list-empty')}"
    pages = max(ceil(page.total / PAGE_SIZE), 1)
    header += "\n" + tr("list-page", page=min(start // PAGE_SIZE + 1, pages), pages=pages,
                        first=start + 1, last=start + len(page.users))
    footer = tr("list-legend")
    text = ""
    for name_shown, linked in _FITS:
        lines = [user_line(start + i, user, name_shown, linked)
                 for i, user in enumerate(page.users, start=1)]
        text = "\n\n".join([header, "\n".join(lines), footer])
        if len(text) <= MESSAGE_LIMIT:
            break
    return text


def user_line(number: int, user: InstagramUser, name_shown: int, linked: bool) -> str:
    """``N. @username — Full Name 🔒 ☑️``, the username linked to the profile."""
    username = escape(clip(user.username, USERNAME_SHOWN))
    handle = f"@{username}"
    if linked and len(user.username) <= USERNAME_LINKED:
        url = f"https://instagram.com/{quote(user.username, safe='._')}"
        handle = f'<a href="{escape(url, quote=True)}">{handle}</a>'
    line = f"{number}. {handle}"
    if user.full_name and name_shown:
        line += f" — {escape(clip(user.full_name, name_shown))}"
    marks = ("🔒" if user.is_private else "") + ("☑️" if user.is_verified else "")
    return f"{line} {marks}" if marks else line
