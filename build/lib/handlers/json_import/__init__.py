"""JSON import: a pasted, forwarded or uploaded JSON profile or list, or a profile link.

``create_router()`` gives the plain handlers (include it before every dialog);
``create_dialog()`` the dialog that asks for a pk or a project. Both build new objects
on every call, since a router can be attached to one Dispatcher only.
"""

from __future__ import annotations

from handlers.json_import.dialog import create_dialog
from handlers.json_import.messages import create_router
from handlers.json_import.states import ImportUsers

__all__ = ["ImportUsers", "create_dialog", "create_router"]
