"""Editing one stored account (started from its card, /edit, or Move/Copy)."""

from __future__ import annotations

from handlers.manage.edit.dialog import create_dialog
from handlers.manage.edit.states import EditUser

__all__ = ["EditUser", "create_dialog"]
