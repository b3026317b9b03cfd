"""States of the rename dialog (names are stored with dialog contexts: keep them stable)."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup


class RenameProjectSG(StatesGroup):
    name = State()  # waiting for the project's new name
