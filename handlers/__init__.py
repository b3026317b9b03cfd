"""The Telegram side: one router per feature.

Order matters: command and import routers come before the dialogs, so a command or a
pasted JSON document is never swallowed as a wizard's text input.
"""

from __future__ import annotations

from aiogram import Router

from handlers import common, errors, fallback


def get_routers() -> list[Router]:
    return [
        errors.create_router(),
        common.create_router(),
        fallback.create_commands_router(),
        fallback.create_router(),
    ]
