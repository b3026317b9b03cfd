"""Placeholder: replaced by the feature's own module."""

from __future__ import annotations

from aiogram import Router


def create_router() -> Router:
    return Router(name="stats")
