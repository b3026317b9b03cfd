"""Data of the /list windows, and rendering a page of users as one HTML message.

What ``dialog_data`` holds is described in ``handlers.listing.view``.
"""

from __future__ import annotations

import re
import time
from html import escape, unescape
from math import ceil
from typing import Any

from aiogram_dialog import DialogManager

from bot.i18n import Translator
from handlers import render
from handlers.listing import view
from handlers.projects import MESSAGE_LIMIT, project_name
from handlers.render import profile_url
from handlers.services import services
from handlers.text import clip, shown
from handlers.widgets import project_label
from repository.instagram import InstagramRepository, UsersPage
from repository.listing import TEXT_FILTER_MAX
from repository.preferences import PreferencesRepository
from repository.schemas import InstagramUser, Project

PAGE_SIZE = 10
BUTTON_NAME_SHOWN = 40
TEXT_SHOWN = 40  # of the text filter, in the page's header and the filters window
USERNAME_SHOWN = 40
# Longer usernames only come from legacy rows; they are shown, not linked.
USERNAME_LINKED = 64
# Full names are cut shorter and shorter (then links dropped, then legacy usernames cut)
# until the page fits: (username shown, full name shown, linked).
_FITS = ((USERNAME_SHOWN, 64, True), (USERNAME_SHOWN, 40, True), (USERNAME_SHOWN, 24, True),
         (USERNAME_SHOWN, 0, True), (USERNAME_SHOWN, 0, False), (30, 0, False),
         (16, 0, False))
_TAG = re.compile(r"<[^>]+>")


async def pick_getter(dialog_manager: DialogManager, tr: Translator,
                      repo: InstagramRepository, prefs: PreferencesRepository,
                      **_: Any) -> dict[str, Any]:
    """``projects`` as ``project_picker`` wants them; the current project first, starred."""
    user = services(dialog_manager).user
    current = await prefs.get_current_project(user.id) if user else None
    items: list[tuple[int, str]] = []
    for p in await repo.list_projects(active_only=True):
        # Button labels are plain text: clipped, not escaped.
        label = project_label(tr, p, BUTTON_NAME_SHOWN, current=p.id == current)
        if p.id == current:
            items.insert(0, (p.id, label))
        else:
            items.append((p.id, label))
    current_first = bool(items) and items[0][0] == current
    return {"projects": items, "has_projects": bool(items), "no_projects": not items,
            "current_first": current_first, "other_first": bool(items) and not current_first}


async def page_getter(dialog_manager: DialogManager, tr: Translator,
                      repo: InstagramRepository, **_: Any) -> dict[str, Any]:
    data = dialog_manager.dialog_data
    project_id = int(data["project_id"])
    project = await repo.get_project(project_id)
    if project is None:
        data.update(next=None, prev=None)
        return {"text": tr("projects-not-found", project_id=project_id), "has_next": False,
                "has_prev": False, "cards": [], "shown": False, **_labels(tr, data)}
    user = services(dialog_manager).user
    size, sort = view.page_size(data), view.sort_of(data)
    filt = view.list_filter(data, user.id if user else None)
    mode, cursor = data.get("mode", "first"), data.get("cursor")
    total = view.cached_total(data, filt, time.monotonic())
    try:
        page = await repo.list_users(
            project_id, limit=size, sort=sort, filt=filt, last=mode == "last",
            after=cursor if mode == "after" else None,
            before=cursor if mode == "before" else None, total=total)
    except ValueError:  # a cursor of another sort or version: start over
        page = None
    if page is None or (not page.users and mode in ("after", "before")):
        # The rows around the cursor were removed meanwhile: start over.
        view.to_first(data)
        page = await repo.list_users(project_id, limit=size, sort=sort, filt=filt)
    view.keep_total(data, filt, page.total, time.monotonic())
    start, number = view.place(data, page, size)
    return {
        "text": render_page(tr, project, page, start, size, _settings_line(tr, data),
                            number=number),
        "has_next": page.next_cursor is not None,
        "has_prev": page.prev_cursor is not None,
        # Number buttons open each row's card (handled by the card feature).
        "cards": [(str(start + n), f"card:{u.id}") for n, u in enumerate(page.users, 1)],
        "shown": True,
        **_labels(tr, data),
    }


def _labels(tr: Translator, data: dict[str, Any]) -> dict[str, Any]:
    """What the settings buttons show: the sort, the page size, whether filtered."""
    filtered = view.filtered(data)
    return {"sort": view.sort_of(data).value, "size": view.page_size(data),
            "filtered": filtered, "unfiltered": not filtered}


def _settings_line(tr: Translator, data: dict[str, Any]) -> str:
    """What the page is filtered by (escaped), or empty."""
    parts = [tr(f"list-filter-{flag}") for flag in view.FLAGS if data.get(flag)]
    if data.get("text"):
        parts.append(tr("list-filter-text", text=shown(data["text"], TEXT_SHOWN)))
    return tr("list-filtered", filters=tr("list-filters-separator").join(parts)) if parts else ""


async def filters_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    data = dialog_manager.dialog_data
    return {"text": shown(data.get("text"), TEXT_SHOWN), "has_filters": view.filtered(data),
            **{flag: bool(data.get(flag)) for flag in view.FLAGS}}


async def text_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    return {"limit": TEXT_FILTER_MAX, "has_text": bool(dialog_manager.dialog_data.get("text"))}


def render_page(tr: Translator, project: Project, page: UsersPage, start: int,
                size: int = PAGE_SIZE, settings: str = "", *, number: int | None = None,
                ) -> str:
    """The page as one message of at most 4096 characters, every stored value escaped."""
    header = tr("list-header", name=project_name(project), project_id=project.id,
                users=tr("projects-users", count=page.total))
    if not project.is_active:
        header += "\n" + tr("list-inactive")
    if settings:
        header += "\n" + settings
    if not page.users:
        return f"{header}\n\n{tr('list-no-match' if settings else 'list-empty')}"
    pages = max(ceil(page.total / size), 1)
    shown = number if number is not None else start // size + 1
    header += "\n" + tr("list-page", page=min(shown, pages), pages=pages,
                        first=start + 1, last=start + len(page.users))
    footer = tr("list-legend")
    text = ""
    for username_shown, name_shown, linked in _FITS:
        lines = [user_line(tr, start + i, user, name_shown, linked, username_shown)
                 for i, user in enumerate(page.users, start=1)]
        text = "\n\n".join([header, "\n".join(lines), footer])
        if len(visible_text(text)) <= MESSAGE_LIMIT:
            break
    return text


def visible_text(html: str) -> str:
    """What Telegram counts against its limit: the text without tags, entities decoded."""
    return unescape(_TAG.sub("", html))


def user_line(tr: Translator, number: int, user: InstagramUser, name_shown: int,
              linked: bool, username_shown: int = USERNAME_SHOWN) -> str:
    """``N. @username — Full Name 🔒 ☑️``, the username linked to the profile."""
    username = escape(clip(user.username, username_shown))
    handle = f"@{username}"
    if linked and len(user.username) <= USERNAME_LINKED:
        handle = f'<a href="{escape(profile_url(user.username), quote=True)}">{handle}</a>'
    name = escape(clip(user.full_name, name_shown)) if user.full_name and name_shown else ""
    return render.user_line(tr, number, handle, name, user)
