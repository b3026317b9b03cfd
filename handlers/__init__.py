"""The Telegram side: one router per feature.

Order matters: command and import routers come before the dialogs, so a command or a
pasted JSON document is never swallowed as a dialog's text input; the catch-all
fallback comes last.
"""

from __future__ import annotations

from aiogram import Router

from handlers import common, errors, fallback, json_import, listing, projects, stats, wizard


def get_routers() -> list[Router]:
    """Fresh routers each call (a router can be attached to one Dispatcher only)."""
    return [
        errors.create_router(),
        common.create_router(),
        projects.create_router(),
        stats.create_router(),
        listing.create_router(),
        wizard.create_router(),
        json_import.create_router(),
        fallback.create_commands_router(),
        listing.create_dialog(),
        wizard.create_dialog(),
        json_import.create_dialog(),
        fallback.create_router(),
    ]
