"""Managing what was added: find, open an account's card, edit, move/copy, remove and
undo, the change history.

``OpenCard`` is the callback data other features use to open a card (``card:<row id>``).
"""

from __future__ import annotations

from handlers.manage.actions import create_bare_router
from handlers.manage.actions import create_router as create_actions_router
from handlers.manage.commands import create_router as create_commands_router
from handlers.manage.data import OpenCard
from handlers.manage.edit import EditUser, create_dialog

__all__ = ["EditUser", "OpenCard", "create_actions_router", "create_bare_router",
           "create_commands_router", "create_dialog"]
