"""The /list pager's settings in ``dialog_data``: sort, page size, filters, position.

``dialog_data`` (JSON only): ``project_id``; ``size``; ``sort``; the filters ``private``,
``verified``, ``mine``, ``recent`` (bools) and ``text``; ``mode`` (first, after, before,
last) with ``cursor``, how the shown page was loaded; ``from_end``, the page's
number counted from the last page when it was reached from there; ``next``/``prev``, the cursors of
the pages around it (written by the getter, read by the buttons); ``page``, its number.
"""

from __future__ import annotations

from math import ceil
from typing import Any

from repository.instagram import UsersPage
from repository.listing import TEXT_FILTER_MAX, ListFilter, ListSort

PAGE_SIZES = (10, 25, 50)
# The admin's FSM data key naming the list (its stack) the next typed text is for.
TEXT_WAITING = "list_text_waiting"
FLAGS = ("private", "verified", "mine", "recent")
SORTS = tuple(ListSort)


def start_data(data: dict[str, Any], project_id: int) -> None:
    """A project's first page, with default settings."""
    data.clear()
    data.update(project_id=project_id, size=PAGE_SIZES[0], sort=ListSort.NEWEST.value,
                text=None, mode="first", cursor=None, page=1, next=None, prev=None,
                **{flag: False for flag in FLAGS})


def place(data: dict[str, Any], page: UsersPage, size: int) -> tuple[int, int]:
    """Where a loaded page stands: (its first row's index from 0, its number); notes
    the number and the cursors around it in ``data``."""
    pages = max(ceil(page.total / size), 1)
    from_end = int(data.get("from_end") or 0)
    if page.prev_cursor is None:
        start, number, from_end = 0, 1, 0
    elif page.next_cursor is None:
        start = max(page.total - len(page.users), 0)
        number = pages if from_end else start // size + 1
    elif from_end:  # counted back from a full last page
        start = max(page.total - from_end * size, 0)
        number = max(pages - from_end + 1, 1)
    else:
        number = int(data.get("page", 1))
        start = (number - 1) * size
    data.update(next=page.next_cursor, prev=page.prev_cursor, page=number,
                from_end=from_end or None)
    return start, number


def to_first(data: dict[str, Any]) -> None:
    data.update(mode="first", cursor=None, page=1, from_end=None)


def page_size(data: dict[str, Any]) -> int:
    size = int(data.get("size") or PAGE_SIZES[0])
    return size if size in PAGE_SIZES else PAGE_SIZES[0]


def sort_of(data: dict[str, Any]) -> ListSort:
    try:
        return ListSort(data.get("sort") or ListSort.NEWEST.value)
    except ValueError:
        return ListSort.NEWEST


def list_filter(data: dict[str, Any], admin_id: int | None) -> ListFilter:
    text = (data.get("text") or "")[:TEXT_FILTER_MAX] or None
    return ListFilter(
        private=bool(data.get("private")), verified=bool(data.get("verified")),
        requester=str(admin_id) if data.get("mine") and admin_id is not None else None,
        recent=bool(data.get("recent")), text=text)


def filtered(data: dict[str, Any]) -> bool:
    return any(data.get(flag) for flag in FLAGS) or bool(data.get("text"))


def cycle(values: tuple[Any, ...], current: Any) -> Any:
    return values[(values.index(current) + 1) % len(values)] if current in values else values[0]


# Counting a filter's rows is the one part of a page that grows with the list (about
# 0.25 s at a million rows, 1.5 s with a text filter, which reads every row's names);
# a big count, or any count with a text filter, is reused while paging, for a while.
COUNT_REUSED_FROM = 20_000
COUNT_REUSED_FOR = 30.0  # seconds


def _filter_key(filt: ListFilter) -> list[Any]:
    return [filt.private, filt.verified, filt.requester, filt.recent, filt.text]


def cached_total(data: dict[str, Any], filt: ListFilter, now: float) -> int | None:
    """The count kept by ``keep_total`` for these filters, while it may still be used
    (small counts without a text filter are cheap and always fresh)."""
    kept = data.get("total_kept")
    if not isinstance(kept, list) or len(kept) != 3 or data.get("mode") == "first":
        return None
    key, total, at = kept
    if key != _filter_key(filt) or not 0 <= now - float(at) < COUNT_REUSED_FOR:
        return None
    return int(total)


def keep_total(data: dict[str, Any], filt: ListFilter, total: int, now: float) -> None:
    if total < COUNT_REUSED_FROM and not filt.text:
        data.pop("total_kept", None)
    elif cached_total(data, filt, now) != total:
        data["total_kept"] = [_filter_key(filt), total, now]
