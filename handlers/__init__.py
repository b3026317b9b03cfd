"""The Telegram side: one router per feature.

Order matters: command and import routers come before the dialogs, so a command or a
pasted JSON document is never swallowed as a dialog's text input; the catch-all
fallback comes last.

The command routers sit under one parent that only lets through messages that may be
commands: every router an update passes costs aiogram tens of microseconds, and every
wizard answer and pasted document would otherwise pass each of them.
"""

from __future__ import annotations

from typing import Any

from aiogram import Router

from handlers import (
    common,
    errors,
    export,
    fallback,
    json_import,
    listing,
    project_admin,
    projects,
    stats,
    wizard,
)
from handlers import manage as manage
from handlers.filters import is_command
from handlers.listing import text_bridge


async def _nothing(*_: Any) -> bool:
    return False


def messages_only(router: Router) -> Router:
    """Keeps every update but messages out of ``router`` at once: nothing in it handles
    them, and a button press would otherwise pass each of its routers on its way."""
    for update_type, observer in router.observers.items():
        if update_type == "message":
            continue
        taken = [r.name for r in router.chain_tail if r.observers[update_type].handlers]
        if taken:
            raise ValueError(f"{update_type} handlers in messages-only routers: {taken}")
        observer.filter(_nothing)
    return router


def commands_router() -> Router:
    """The feature routers that handle ``/commands`` only, then unknown commands."""
    router = Router(name="commands")
    router.message.filter(is_command)
    router.include_routers(
        common.create_router(),
        projects.create_router(),
        stats.create_router(),
        listing.create_router(),
        export.create_router(),
        project_admin.create_router(),
        wizard.create_router(),
        manage.create_commands_router(),
        fallback.create_commands_router(),
    )
    return messages_only(router)


def get_routers() -> list[Router]:
    """Fresh routers each call (a router can be attached to one Dispatcher only)."""
    return [
        commands_router(),
        messages_only(json_import.create_router()),
        # Typed text for a /list waiting for its text filter (lists have stacks of their
        # own, which typed messages never reach), unless a form on the default stack
        # takes it.
        messages_only(text_bridge.create_router()),
        wizard.create_callbacks_router(),
        # Card buttons (plain callback data) and inline search: before the dialogs, since
        # an open dialog takes every button press without an intent id of its own.
        manage.create_actions_router(),
        project_admin.create_callbacks_router(),  # project buttons: the same reason
        # A dialog handles only its own updates, so their order is free: those that take
        # typed answers come first, since every message passes each router before its own
        # (tens of microseconds apiece); the pager takes button presses only.
        wizard.create_dialog(),
        json_import.create_dialog(),
        listing.create_dialog(),
        project_admin.create_dialog(),
        manage.create_dialog(),
        # With nothing open, a bare username or pk is a search (not "not understood").
        messages_only(manage.create_bare_router()),
        fallback.create_router(),
        # Error handlers only: last, so that no message or button press passes through it
        # on its way to the others (errors are routed on their own, in this same order).
        errors.create_router(),
    ]
