"""The re-import path writes existing rows as JSON in PostgreSQL: it must be exactly the
JSON pydantic writes for the same row (the create-user output may not depend on the path)."""

from __future__ import annotations

import asyncpg

from repository.instagram import InstagramRepository, Outcome
from repository.schemas import CreateInstagramUserEvent

TRICKY = [
    'quote " and backslash \\ and slash /',
    "emoji 🦄 and Кириллица and 中文",
    "control \x01\x1f and tab\tand newline\n",
    "<b>&amp;</b> html-ish",
    "",
]


async def test_existing_rows_as_json_match_pydantic(
        repo: InstagramRepository, pool: asyncpg.Pool, project_id: int) -> None:
    events = [
        CreateInstagramUserEvent(pk=str(1000 + i), username=f"user_{i}", full_name=text,
                                 social_context=text[::-1], profile_pic_url="",
                                 is_private=bool(i % 2), project_id=project_id)
        for i, text in enumerate(TRICKY)
    ]
    await repo.create_many(events)
    # One row with a timestamp whose microseconds are zero, one with a NULL timestamp.
    await pool.execute("UPDATE instagram_similar_users SET created_at = "
                       "'2024-01-02 03:04:05+00' WHERE user_pk = '1000'")
    await pool.execute("UPDATE instagram_similar_users SET scraped_at = NULL "
                       "WHERE user_pk = '1001'")

    again = await repo.create_many_rows(events)
    assert [outcome for outcome, _ in again] == [Outcome.ALREADY_EXISTS] * len(events)
    as_json = [row for _, row in again if isinstance(row, bytes)]
    assert len(as_json) >= len(events) - 1  # the NULL timestamp is read column by column
    for event, (_, row) in zip(events, again, strict=True):
        stored = await repo.get_user(event.pk, project_id)
        assert stored is not None
        if isinstance(row, bytes):
            assert row == stored.model_dump_json().encode()
        else:
            assert row is not None and row == stored.model_dump()
