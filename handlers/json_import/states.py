"""States of the import dialog: the pk question (after a link or @handle) and the project
question (when the pasted users name no project and the admin has no current project).

Keep the names stable: stored dialog stacks refer to them (``ImportUsers:pk``).
"""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup


class ImportUsers(StatesGroup):
    pk = State()
    project = State()
    new_project = State()  # no project to choose: the name of one to create
