"""Placeholder: replaced by the feature's own package."""

from __future__ import annotations

from aiogram import Router


def create_router() -> Router:
    return Router(name="json_import-commands")


def create_dialog() -> Router:
    return Router(name="json_import-dialog")
