"""The floor: the least work that can load a flat user list into ``instagram_similar_users``.

It parses the JSON with ``json.loads``, COPYs the rows into a temporary staging table and
runs one ``INSERT ... SELECT ... ON CONFLICT DO NOTHING``. No validation, no results per
user: it is what ``igbot create-user`` is measured against, not a way to import.

Usage: ``python bench/floor_loader.py FILE DSN``; prints the number of rows inserted.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import asyncpg

STAGING_COLUMNS = (
    "user_pk", "username", "full_name", "is_private", "is_verified", "profile_pic_url",
    "social_context", "project_id",
)

_CREATE_STAGING = """
CREATE TEMP TABLE staging (
    user_pk text, username text, full_name text, is_private bool, is_verified bool,
    profile_pic_url text, social_context text, project_id int
) ON COMMIT DROP
"""

_INSERT = """
INSERT INTO instagram_similar_users (
    search_username, user_pk, username, full_name, is_private, is_verified,
    profile_pic_url, profile_url, profile_chaining_secondary_label, social_context,
    project_id, metadata, scraped_at, created_at, updated_at)
SELECT 'manual_' || username, user_pk, username, full_name, is_private, is_verified,
       profile_pic_url, 'https://instagram.com/' || username, '', social_context,
       project_id, '{}'::jsonb, now(), now(), now()
FROM staging
ON CONFLICT DO NOTHING
"""


async def load(data: bytes, dsn: str) -> int:
    users = json.loads(data)
    records = [
        (u["pk"], u["username"], u["full_name"], u["is_private"], u["is_verified"],
         u["profile_pic_url"], u["social_context"], u["project_id"])
        for u in users
    ]
    conn = await asyncpg.connect(dsn)
    try:
        async with conn.transaction():
            await conn.execute(_CREATE_STAGING)
            await conn.copy_records_to_table("staging", records=records,
                                             columns=STAGING_COLUMNS)
            status = await conn.execute(_INSERT)
    finally:
        await conn.close()
    return int(status.split()[-1])


def main() -> int:
    if len(sys.argv) != 3:
        print("usage: floor_loader.py FILE DSN", file=sys.stderr)
        return 2
    print(asyncio.run(load(Path(sys.argv[1]).read_bytes(), sys.argv[2])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
