"""Paging a legacy table: TIMESTAMP (no time zone) columns and rows without created_at."""

from __future__ import annotations

import asyncpg

from repository.instagram import InstagramRepository
from repository.migrations import migrate
from repository.pool import create_pool

LEGACY = """
CREATE TABLE projects (id SERIAL PRIMARY KEY, name VARCHAR(255) NOT NULL,
                       is_active BOOLEAN DEFAULT true);
CREATE TABLE instagram_similar_users (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    search_username VARCHAR(255) NOT NULL, user_pk VARCHAR(255) NOT NULL,
    username VARCHAR(255) NOT NULL, full_name VARCHAR(255), project_id INTEGER,
    created_at TIMESTAMP, UNIQUE (search_username, user_pk));
INSERT INTO projects (name) VALUES ('legacy');
INSERT INTO instagram_similar_users (search_username, user_pk, username, project_id, created_at)
SELECT 'x_' || n, n::text, 'user' || n, 1,
       CASE WHEN n % 3 = 0 THEN NULL ELSE TIMESTAMP '2024-01-01' + n * INTERVAL '1 hour' END
FROM generate_series(1, 25) AS n;
"""


async def test_pages_cover_every_legacy_row_once(clean_dsn: str) -> None:
    conn = await asyncpg.connect(clean_dsn)
    await conn.execute(LEGACY)
    await migrate(conn)
    await conn.close()
    pool = await create_pool(clean_dsn)
    try:
        repo = InstagramRepository(pool)
        seen: list[str] = []
        page = await repo.list_users(1, limit=10)
        pages = [page]
        while page.next_cursor:
            page = await repo.list_users(1, limit=10, after=page.next_cursor)
            pages.append(page)
        for p in pages:
            seen.extend(u.user_pk for u in p.users)
        assert len(seen) == len(set(seen)) == 25
        assert seen[0] == "25"  # the newest dated row first
        assert set(seen[-8:]) == {str(n) for n in range(3, 25, 3)}  # undated rows last
        back = await repo.list_users(1, limit=10, before=pages[-1].prev_cursor)
        assert [u.user_pk for u in back.users] == seen[10:20]
        assert pages[0].total == 25
    finally:
        await pool.close()
