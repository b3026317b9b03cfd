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

# The user field each text step asks for (a key of ``CreateInstagramUserEvent``).
TEXT_FIELDS: dict[State, str] = {
    AddUser.pk: "pk",
    AddUser.username: "username",
    AddUser.full_name: "full_name",
    AddUser.profile_pic_url: "profile_pic_url",
    AddUser.secondary_label: "profile_chaining_secondary_label",
    AddUser.social_context: "social_context",
}
