"""States of the edit dialog (stored with dialog contexts: keep the names stable)."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup

from handlers.wizard.states import STEP_FIELDS


class EditUser(StatesGroup):
    menu = State()  # the card, a button per field
    pk = State()
    username = State()
    full_name = State()
    profile_pic_url = State()
    secondary_label = State()
    social_context = State()
    move = State()  # pick the project to move or copy to
    move_how = State()  # move or copy?


# Columns named otherwise than their field.
_COLUMNS = {"pk": "user_pk"}
# The wizard's field (its checks and messages) each text step edits, and its column.
TEXT_STEPS: dict[State, tuple[str, str]] = {
    getattr(EditUser, step): (field, _COLUMNS.get(field, field))
    for step, field in STEP_FIELDS.items()}
