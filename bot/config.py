"""Settings from the environment and ``.env`` (pydantic-settings)."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    bot_token: SecretStr | None = None
    database_url: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("DATABASE_URL", "NEON_DATABASE_URL")
    )
    data_dir: Path = Path("./.data")
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    telegram_api_url: str | None = None
    redis_url: SecretStr | None = None
    webhook_base_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_host: str = "127.0.0.1"
    webhook_port: int = Field(default=8080, ge=1, le=65535)
    default_locale: Literal["en", "ru"] = "en"
    create_concurrency: int = Field(default=5, ge=1, le=100)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    log_format: Literal["text", "json"] = "text"
    metrics_host: str = "127.0.0.1"
    metrics_port: int | None = Field(default=None, ge=1, le=65535)
    # Largest .json document the bot downloads (Telegram's own cap is 20 MB).
    max_document_bytes: int = Field(default=2 * 1024 * 1024, ge=1024, le=20 * 1024 * 1024)
    # Most users one document, paste or CLI file may hold (the reply says so).
    max_document_entries: int = Field(default=100_000, ge=1, le=10_000_000)
    # Seconds the database may take: to open a connection, to answer one statement, to
    # hand out a pooled connection. Past them the user is told it is not responding.
    db_connect_timeout: float = Field(default=10.0, gt=0, le=600)
    db_command_timeout: float = Field(default=10.0, gt=0, le=3600)
    db_acquire_timeout: float = Field(default=10.0, gt=0, le=600)
    # How times are shown to admins (an IANA name like Europe/Moscow).
    timezone: str = "UTC"
    # A pasted list or document is created this many users at a time; its summary message
    # is edited after each batch, at most once per IMPORT_PROGRESS_SECONDS (Telegram's
    # flood limits; the final edit is always made).
    import_batch_size: int = Field(default=1000, ge=1, le=100_000)
    import_progress_seconds: float = Field(default=2.0, ge=0, le=3600)
    # Largest /export document the bot uploads. Unset: what the Bot API takes (50 MB from
    # Telegram's cloud, 2000 MB from a self-hosted server, TELEGRAM_API_URL).
    max_upload_bytes: int | None = Field(default=None, ge=1024, le=2000 * 1024 * 1024)
    # The Mini App's public HTTPS address (…/app/ on this bot's server): /list, /find and
    # the menu button offer it. In polling mode it is served on METRICS_PORT when set,
    # else on WEBAPP_HOST:WEBAPP_PORT; in webhook mode on the webhook's port.
    webapp_url: str | None = None
    webapp_host: str = "127.0.0.1"
    webapp_port: int = Field(default=8080, ge=1, le=65535)

    @field_validator("webapp_url")
    @classmethod
    def _https(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"https://[^\s/]+(/\S*)?", value.strip()):
            raise ValueError("must be a public https:// address, like "
                             "https://bot.example.com/app/ (Telegram opens only HTTPS)")
        return value.strip() if value is not None else None

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        name = value.strip() or "UTC"
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not a time zone name; use one like UTC or "
                             "Europe/Moscow") from None
        return name

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _parse_admins(cls, value: object) -> object:
        if isinstance(value, str):
            ids = set()
            for part in value.replace(";", ",").split(","):
                part = part.strip()
                if not part:
                    continue
                if not part.lstrip("-").isdigit():
                    raise ValueError(
                        f"{part!r} is not a Telegram user id; "
                        "use comma-separated numbers like 12345,67890"
                    )
                ids.add(int(part))
            return frozenset(ids)
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _secret_chars(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}",
                                                  value.get_secret_value()):
            raise ValueError("must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("telegram_api_url", "webhook_base_url", "metrics_port", "webapp_url",
                     "max_upload_bytes", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value


def load_settings() -> Settings:
    """Settings, or exit 2 with one line naming the bad setting."""
    try:
        return Settings()
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        name = str(first["loc"][0]).upper() if first["loc"] else "settings"
        print(f"igbot: setting {name} is invalid: {first['msg']}", file=sys.stderr)
        raise SystemExit(2) from None
