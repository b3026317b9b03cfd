"""Managing projects in chat: /projects' buttons (a project's card: rename, deactivate,
activate, make current, its users, export) and /renameproject ID NAME.

``create_router()`` has the command (messages only, in the commands router);
``create_callbacks_router()`` the card's buttons; ``create_dialog()`` asks for a new name.
"""

from __future__ import annotations

from handlers.project_admin.callbacks import create_callbacks_router
from handlers.project_admin.commands import create_router
from handlers.project_admin.dialog import create_dialog

__all__ = ["create_callbacks_router", "create_dialog", "create_router"]
