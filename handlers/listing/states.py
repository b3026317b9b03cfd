"""States of the /list dialog (names are stored with dialog contexts: keep them stable)."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup


class ListingSG(StatesGroup):
    pick = State()  # no project given: buttons of the active projects
    page = State()  # one page of a project's users
    filters = State()  # which users the pages show
    text = State()  # waiting for the text filter
