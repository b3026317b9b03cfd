"""States of the /add wizard, in the order it asks them.

Keep the class and state names stable: they are stored with the dialog context.
"""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup


class AddUser(StatesGroup):
    project = State()
    pk = State()
    username = State()
    full_name = State()
    flags = State()
    profile_pic_url = State()
    secondary_label = State()
    social_context = State()
    summary = State()


# The numbered steps (the summary is not one).
STEPS: tuple[State, ...] = (
    AddUser.project, AddUser.pk, AddUser.username, AddUser.full_name, AddUser.flags,
    AddUser.profile_pic_url, AddUser.secondary_label, AddUser.social_context,
)

# The user field (a key of ``CreateInstagramUserEvent``) each text step asks for, by the
# step's name: the edit dialog's text steps have the same names.
STEP_FIELDS: dict[str, str] = {
    "pk": "pk",
    "username": "username",
    "full_name": "full_name",
    "profile_pic_url": "profile_pic_url",
    "secondary_label": "profile_chaining_secondary_label",
    "social_context": "social_context",
}
TEXT_FIELDS: dict[State, str] = {getattr(AddUser, step): field
                                 for step, field in STEP_FIELDS.items()}
