"""States of the edit dialog (stored with dialog contexts: keep the names stable)."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup


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


# The wizard's field (its checks and messages) each text step edits, and its column.
TEXT_STEPS: dict[State, tuple[str, str]] = {
    EditUser.pk: ("pk", "user_pk"),
    EditUser.username: ("username", "username"),
    EditUser.full_name: ("full_name", "full_name"),
    EditUser.profile_pic_url: ("profile_pic_url", "profile_pic_url"),
    EditUser.secondary_label: ("profile_chaining_secondary_label",
                               "profile_chaining_secondary_label"),
    EditUser.social_context: ("social_context", "social_context"),
}
