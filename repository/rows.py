"""A stored Instagram user as the repository reads it, and what a create did with it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import asyncpg

from repository.schemas import InstagramUser, Project
from repository.tables import USERS

# A user row's columns as InstagramUser reads them.
USER_COLUMNS = (
    "id::text AS id, search_username, user_pk, username, full_name, is_private, is_verified,"
    " profile_pic_url, profile_url, profile_chaining_secondary_label, social_context,"
    " project_id, requester_telegram_id, metadata, scraped_at, created_at, updated_at"
)

# The fields of a stored row, in InstagramUser's order. create_many_rows() gives rows as
# plain dicts with these keys, which are much cheaper to build and to print than models;
# InstagramUser(**row) is the model.
USER_FIELDS = (
    "id", "search_username", "user_pk", "username", "full_name", "is_private", "is_verified",
    "profile_pic_url", "profile_url", "profile_chaining_secondary_label", "social_context",
    "project_id", "requester_telegram_id", "metadata", "scraped_at", "created_at", "updated_at",
)
if tuple(InstagramUser.model_fields) != USER_FIELDS:  # printed rows follow this order
    raise RuntimeError("USER_FIELDS must list InstagramUser's fields, in order")

# A stored row as create_many_rows() reads it: an empty metadata comes back as NULL, so
# that most rows have no JSON to decode.
ROW_COLUMNS = ", ".join(
    {"id": "id::text AS id", "metadata": "nullif(metadata, '{}'::jsonb) AS metadata"}.get(f, f)
    for f in USER_FIELDS
)

# The row in the way of a legacy rule UNIQUE(search_username, user_pk).
SELECT_LEGACY_CLASH = f"""
SELECT {USER_COLUMNS} FROM {USERS}
WHERE search_username = $1 AND user_pk = $2
LIMIT 1
"""

Row = dict[str, Any]
# A stored row as a dict (see row_of), or as its JSON (see repository.bulk_create).
StoredRow = Row | bytes


class Outcome(StrEnum):
    CREATED = "created"
    ALREADY_EXISTS = "already_exists"
    # The legacy rule UNIQUE(search_username, user_pk) holds this username+pk in another
    # project; the row shown is the one in the way.
    LEGACY_CONFLICT = "legacy_conflict"
    # Only from create_single_user(..., active_project_only=True): nothing was written.
    PROJECT_NOT_FOUND = "project_not_found"
    PROJECT_INACTIVE = "project_inactive"


@dataclass(frozen=True)
class CreateOutcome:
    outcome: Outcome
    user: InstagramUser | None
    project: Project | None = None  # the inactive project, for PROJECT_INACTIVE


def user_of(record: asyncpg.Record) -> InstagramUser:
    # Validation in pydantic-core is faster than model_construct's Python loop (hot on big
    # imports), and the typed columns always pass it.
    return InstagramUser(**record)


def user_model(row: StoredRow) -> InstagramUser:
    if isinstance(row, bytes):
        return InstagramUser.model_validate_json(row)
    return InstagramUser(**row)


def row_of(record: asyncpg.Record) -> Row:
    """A row read with ``ROW_COLUMNS`` as a plain dict (see ``USER_FIELDS``)."""
    row = dict(zip(USER_FIELDS, record, strict=True))
    if row["metadata"] is None:
        row["metadata"] = {}
    return row
