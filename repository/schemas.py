"""Pydantic schemas of the data: what a create request carries, what is stored, what comes
back. The rules of each value are in ``repository.rules``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from repository.rules import (
    TEXT_MAX,
    check_flag,
    check_metadata,
    check_pk,
    check_project_id,
    check_requester,
    check_text,
    check_url,
    check_username,
    metadata_json,
)

# Kept importable from here: the limit and the serialisation callers know the schemas by.
__all__ = ["TEXT_MAX", "CreateInstagramUserEvent", "CreateUserResult", "InstagramUser",
           "Project", "ProjectStats", "metadata_json"]


class CreateInstagramUserEvent(BaseModel):
    """One user to create: the original's event, validated."""

    model_config = ConfigDict(frozen=True)

    pk: str
    username: str
    full_name: str = ""
    is_private: bool = False
    is_verified: bool = False
    profile_pic_url: str = ""
    profile_chaining_secondary_label: str = ""
    social_context: str = ""
    project_id: int
    requester_telegram_id: str | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)

    _pk = field_validator("pk", mode="plain")(check_pk)
    _username = field_validator("username", mode="plain")(check_username)
    _text = field_validator(
        "full_name", "profile_chaining_secondary_label", "social_context", mode="plain"
    )(check_text)
    _flags = field_validator("is_private", "is_verified", mode="plain")(check_flag)
    _url = field_validator("profile_pic_url", mode="plain")(check_url)
    _project = field_validator("project_id", mode="plain")(check_project_id)

    _requester = field_validator("requester_telegram_id", mode="plain")(check_requester)
    _metadata = field_validator("metadata", mode="plain")(check_metadata)

    @property
    def search_username(self) -> str:
        return f"manual_{self.username}"

    @property
    def profile_url(self) -> str:
        return f"https://instagram.com/{self.username}"


class InstagramUser(BaseModel):
    """A stored row of ``instagram_similar_users``."""

    id: str
    search_username: str
    user_pk: str
    username: str
    full_name: str | None = None
    is_private: bool | None = False
    is_verified: bool | None = False
    profile_pic_url: str | None = None
    profile_url: str | None = None
    profile_chaining_secondary_label: str | None = None
    social_context: str | None = None
    project_id: int | None = None
    requester_telegram_id: str | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)
    scraped_at: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


class Project(BaseModel):
    id: int
    name: str
    is_active: bool = True


class ProjectStats(Project):
    user_count: int = 0


class CreateUserResult(BaseModel):
    """Outcome of one create: the original's result plus the request id.

    ``error_code`` and ``error_args`` let a caller re-render ``error`` in another language.
    """

    success: bool
    created: bool = False
    already_exists: bool = False
    user: InstagramUser | None = None
    error: str | None = None
    error_code: str | None = None
    error_args: dict[str, Any] | None = None
    request_id: str
