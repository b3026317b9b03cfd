"""Which open dialog is a form waiting for typed input.

Lists (the /list pager and its project picker) run in stacks of their own, so they are
never "open" for what the admin types; only a form on the default stack can be. Of the
forms, only some steps take plain text: a wizard's text steps, the import's pk and
new-project-name questions. Everything else the admin sends is handled as when nothing
is open.
"""

from __future__ import annotations

from aiogram.fsm.state import State
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.input import TextInput

from handlers.json_import.states import ImportUsers
from handlers.wizard.states import TEXT_FIELDS

TEXT_STATES: frozenset[State] = frozenset({*TEXT_FIELDS, ImportUsers.pk,
                                           ImportUsers.new_project})


def open_state(manager: DialogManager) -> State | None:
    """The state of the form on top of the admin's stack, if any."""
    if not manager.has_context():
        return None
    return manager.current_context().state


def takes_text(manager: DialogManager) -> bool:
    """A form is waiting for a typed answer right now: one of ours above, or any other
    dialog whose window on screen has a text input (the card's edit steps, say)."""
    state = open_state(manager)
    if state is None:
        return False
    if state in TEXT_STATES:
        return True
    try:
        window = manager.dialog().windows[state]  # type: ignore[attr-defined]
    except (AttributeError, KeyError):
        return False
    return _has_text_input(getattr(window, "on_message", None))


def _has_text_input(widget: object) -> bool:
    if isinstance(widget, TextInput):
        return True
    return any(_has_text_input(w) for w in getattr(widget, "inputs", ()))
