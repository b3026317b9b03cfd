"""The Mini App's read routes: the session, the projects, a page of a project's users.

A page is ``repository.listing``'s, the chat pager's own: keyset (never OFFSET), the same
filters and sorts, so page 5,000 costs what page 1 costs. Writes are in ``actions``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from aiohttp import web
from multidict import MultiMapping

from bot.webapp.context import WEBAPP, BadInput, admin_of, answer, tr_of
from bot.webapp.texts import page_texts
from repository.listing import TEXT_FILTER_MAX, ListFilter, ListSort, list_page
from repository.schemas import InstagramUser
from repository.selection import admin_names, project_choices

PAGE_DEFAULT = 50
PAGE_MAX = 100
ID_MAX = 2**31 - 1  # projects.id is an integer
_TRUE = frozenset({"1", "true", "yes", "on"})


async def session(request: web.Request) -> web.Response:
    ctx = request.app[WEBAPP]
    admin, tr = admin_of(request), tr_of(request)
    return answer({"user": {"id": admin.id, "name": admin.name}, "lang": tr.locale,
                   "texts": page_texts(ctx.i18n, tr)})


async def projects(request: web.Request) -> web.Response:
    ctx = request.app[WEBAPP]
    choices = await project_choices(ctx.repo.pool)
    current = await ctx.prefs.get_current_project(admin_of(request).id)
    return answer({"projects": [{"id": p.id, "name": p.name, "active": p.is_active}
                                for p in choices],
                   "current": current if any(p.id == current for p in choices) else None})


def project_id_of(value: Any) -> int:
    """A project id from a query value or a JSON number; ``BadInput`` otherwise."""
    if isinstance(value, bool) or value is None:
        raise BadInput("webapp-error-bad-project", value=str(value)[:40])
    text = str(value).strip()
    if not text.isdigit() or not 0 < int(text) <= ID_MAX:
        raise BadInput("webapp-error-bad-project", value=text[:40])
    return int(text)


def _limit(query: MultiMapping[str]) -> int:
    text = query.get("limit", "").strip()
    if not text:
        return PAGE_DEFAULT
    if not text.isdigit() or not 1 <= int(text) <= PAGE_MAX:
        raise BadInput("webapp-error-bad-limit", max=PAGE_MAX)
    return int(text)


def _sort(query: MultiMapping[str]) -> ListSort:
    text = query.get("sort", "").strip() or ListSort.NEWEST.value
    try:
        return ListSort(text)
    except ValueError:
        raise BadInput("webapp-error-bad-sort", value=text[:40]) from None


def _filter(query: MultiMapping[str], admin_id: int) -> ListFilter:
    # As the chat's text filter: runs of spaces made one; a leading @ is the handle's.
    text = " ".join(query.get("q", "").split()).removeprefix("@").strip()
    if len(text) > TEXT_FILTER_MAX:
        raise BadInput("webapp-error-text-too-long", max=TEXT_FILTER_MAX)

    def flag(name: str) -> bool:
        return query.get(name, "").strip().lower() in _TRUE

    return ListFilter(private=flag("private"), verified=flag("verified"),
                      requester=str(admin_id) if flag("mine") else None,
                      recent=flag("recent"), text=text or None)


def _row(user: InstagramUser, names: dict[str, str]) -> dict[str, Any]:
    pic = user.profile_pic_url
    url = user.profile_url
    by = user.requester_telegram_id
    return {
        "id": user.id, "pk": user.user_pk, "username": user.username,
        "full_name": user.full_name, "private": bool(user.is_private),
        "verified": bool(user.is_verified),
        # Only web addresses reach the page's <img src> and <a href>.
        "pic": pic if pic and pic.startswith("https://") else None,
        "url": url if url and url.startswith(("https://", "http://"))
        else "https://instagram.com/" + quote(user.username, safe="._"),
        "added_at": user.created_at.isoformat() if user.created_at else None,
        "added_by": names.get(by, by) if by else None,
    }


async def users(request: web.Request) -> web.Response:
    ctx = request.app[WEBAPP]
    query = request.query
    project_id = project_id_of(query.get("project", ""))
    limit, sort = _limit(query), _sort(query)
    filt = _filter(query, admin_of(request).id)
    cursor = query.get("cursor", "").strip() or None
    try:
        # With a cursor the page knows the total already: 0 skips counting.
        page = await list_page(ctx.repo.pool, project_id, limit=limit, sort=sort,
                               filt=filt, after=cursor, total=0 if cursor else None)
    except ValueError:
        raise BadInput("webapp-error-bad-cursor") from None
    # Only an empty first page may be a project that does not exist (saves a query on
    # every other page).
    if not page.users and cursor is None and await ctx.repo.get_project(project_id) is None:
        raise BadInput("webapp-error-no-project", project_id=project_id)
    names = await admin_names(ctx.repo.pool, [u.requester_telegram_id
                                              for u in page.users if u.requester_telegram_id])
    body: dict[str, Any] = {"rows": [_row(u, names) for u in page.users],
                            "next": page.next_cursor}
    if cursor is None:
        body["total"] = page.total
    return answer(body)
