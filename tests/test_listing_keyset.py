"""Keyset pages of repository.listing on real PostgreSQL: every sort, both directions, the
last page, filters, ties in the sort key, and cursors that do not fit."""

from __future__ import annotations

import asyncpg
import pytest

from repository.instagram import InstagramRepository
from repository.listing import ListFilter, ListSort, UsersPage, like_pattern, page_query


async def seed(pool: asyncpg.Pool, project_id: int, count: int) -> None:
    """``count`` rows; created_at repeats (groups of 3 share one), so ties are common."""
    await pool.execute(
        """
        INSERT INTO instagram_similar_users (search_username, user_pk, username, full_name,
            is_private, is_verified, project_id, requester_telegram_id, created_at)
        SELECT 'manual_u' || n, n::text, 'u' || lpad(((n * 37) % 1000)::text, 3, '0') || '_' || n,
               CASE WHEN n % 5 = 0 THEN 'Shop 50% off_' || n ELSE 'Name ' || n END,
               n % 2 = 0, n % 3 = 0, $1, CASE WHEN n % 4 = 0 THEN '100' ELSE '200' END,
               now() - ((n / 3) * 2 || ' hours')::interval
        FROM generate_series(1, $2) n
        """, project_id, count)


def pks(page: UsersPage) -> list[str]:
    return [u.user_pk for u in page.users]


async def expected(pool: asyncpg.Pool, project_id: int, order: str, where: str = "true",
                   ) -> list[str]:
    rows = await pool.fetch(
        f"SELECT user_pk FROM instagram_similar_users WHERE project_id = $1 AND {where}"
        f" ORDER BY {order}", project_id)
    return [r["user_pk"] for r in rows]


ORDERS = {
    ListSort.NEWEST: "coalesce(created_at, 'epoch') DESC, id DESC",
    ListSort.OLDEST: "coalesce(created_at, 'epoch') ASC, id ASC",
    ListSort.USERNAME: "username ASC, id ASC",
}


@pytest.mark.parametrize("sort", list(ListSort))
async def test_every_sort_pages_forward_from_first_and_back_from_last(
        repo: InstagramRepository, pool: asyncpg.Pool, project_id: int, sort: ListSort) -> None:
    await seed(pool, project_id, 47)
    want = await expected(pool, project_id, ORDERS[sort])

    seen: list[str] = []
    page = await repo.list_users(project_id, limit=10, sort=sort)
    assert page.prev_cursor is None
    while True:
        assert page.total == 47
        seen += pks(page)
        if page.next_cursor is None:
            break
        page = await repo.list_users(project_id, limit=10, sort=sort, after=page.next_cursor)
    assert seen == want

    last = await repo.list_users(project_id, limit=10, sort=sort, last=True)
    assert pks(last) == want[-10:]
    assert last.next_cursor is None and last.prev_cursor is not None
    back: list[str] = pks(last)
    page = last
    while page.prev_cursor is not None:
        page = await repo.list_users(project_id, limit=10, sort=sort, before=page.prev_cursor)
        assert page.next_cursor is not None
        back = pks(page) + back
    assert back == want


async def test_filters(repo: InstagramRepository, pool: asyncpg.Pool, project_id: int) -> None:
    await seed(pool, project_id, 60)
    cases = [
        (ListFilter(private=True), "is_private"),
        (ListFilter(verified=True), "is_verified"),
        (ListFilter(private=True, verified=True), "is_private AND is_verified"),
        (ListFilter(requester="100"), "requester_telegram_id = '100'"),
        (ListFilter(recent=True), "created_at >= now() - interval '24 hours'"),
        (ListFilter(text="SHOP"), "full_name ILIKE '%shop%'"),
        (ListFilter(text="50% off_1"), "full_name LIKE 'Shop 50\\% off\\_1%'"),
        (ListFilter(text="u0"), "username LIKE 'u0%'"),
    ]
    for filt, where in cases:
        want = await expected(pool, project_id, ORDERS[ListSort.NEWEST], where)
        assert want, where  # each case matches someone...
        assert len(want) < 60, where  # ...and not everyone
        seen: list[str] = []
        page = await repo.list_users(project_id, limit=7, filt=filt)
        while True:
            assert page.total == len(want), where
            seen += pks(page)
            if page.next_cursor is None:
                break
            page = await repo.list_users(project_id, limit=7, filt=filt,
                                         after=page.next_cursor)
        assert seen == want, where
        last = await repo.list_users(project_id, limit=7, filt=filt, last=True)
        assert pks(last) == want[-7:], where


async def test_text_filter_takes_wildcards_literally() -> None:
    assert like_pattern("A_b%c\\") == "%a\\_b\\%c\\\\%"


async def test_cursor_of_another_sort_or_garbage_is_refused(
        repo: InstagramRepository, pool: asyncpg.Pool, project_id: int) -> None:
    await seed(pool, project_id, 15)
    newest = await repo.list_users(project_id, limit=10)
    assert newest.next_cursor is not None
    with pytest.raises(ValueError):
        await repo.list_users(project_id, limit=10, sort=ListSort.USERNAME,
                              after=newest.next_cursor)
    for bad in ("not-a-cursor", "W10", ""):
        with pytest.raises(ValueError):
            await repo.list_users(project_id, limit=10, after=bad or "=")


@pytest.mark.parametrize("sort", list(ListSort))
async def test_deep_pages_walk_an_index(repo: InstagramRepository, pool: asyncpg.Pool,
                                        project_id: int, sort: ListSort) -> None:
    """The statement of a page after a cursor, and of the last page, read an index in
    order: no sort of the project's rows, no OFFSET."""
    await seed(pool, project_id, 3000)
    await pool.execute("ANALYZE instagram_similar_users")
    page = await repo.list_users(project_id, limit=10, sort=sort)
    assert page.next_cursor is not None
    for kwargs in ({"after": page.next_cursor}, {"last": True},
                   {"after": page.next_cursor, "filt": ListFilter(requester="100")}):
        sql, args = page_query(project_id, limit=10, sort=sort, **kwargs)  # type: ignore[arg-type]
        async with pool.acquire() as conn:
            await conn.execute("SET enable_seqscan = off")  # small table: the index path
            plan = "\n".join(r[0] for r in await conn.fetch(f"EXPLAIN {sql}", *args))
        assert "Index Scan" in plan, plan
        assert "Sort" not in plan and "Offset" not in plan, plan
