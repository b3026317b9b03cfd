"""The edit dialog: an account's card with a button per field, each change saved at once;
Move/Copy picks another project. Built fresh by ``create_dialog()`` (a Dialog is a Router
and can belong to one Dispatcher only)."""

from __future__ import annotations

from aiogram.fsm.state import State
from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.input import MessageInput, TextInput
from aiogram_dialog.widgets.kbd import Button, Group, Row, SwitchTo
from aiogram_dialog.widgets.text import Format

from handlers.manage.edit import callbacks as cb
from handlers.manage.edit.getters import edit_getter
from handlers.manage.edit.states import TEXT_STEPS, EditUser
from handlers.widgets import I18nFormat, on_not_text, on_use_buttons, project_picker
from handlers.wizard.checks import checker


def _back() -> Button:
    return Button(I18nFormat("manage-btn-back"), id="back", on_click=cb.on_back)


def _menu() -> Window:
    fields = [("pk", EditUser.pk), ("username", EditUser.username),
              ("full-name", EditUser.full_name),
              ("profile-pic-url", EditUser.profile_pic_url),
              ("secondary-label", EditUser.secondary_label),
              ("social-context", EditUser.social_context)]
    return Window(
        Format("{text}"),
        Group(
            *(SwitchTo(I18nFormat(f"wizard-edit-{name}"), id=f"edit_{name.replace('-', '_')}",
                       state=state, on_click=cb.on_field, when="found")
              for name, state in fields),
            width=2,
        ),
        Row(
            Button(I18nFormat("wizard-btn-private"), id="is_private", on_click=cb.on_toggle,
                   when="found"),
            Button(I18nFormat("wizard-btn-verified"), id="is_verified", on_click=cb.on_toggle,
                   when="found"),
        ),
        SwitchTo(I18nFormat("manage-btn-move"), id="move", state=EditUser.move,
                 on_click=cb.on_field, when="found"),
        Button(I18nFormat("manage-btn-done"), id="done", on_click=cb.on_done),
        MessageInput(on_use_buttons),
        state=EditUser.menu,
        getter=edit_getter,
    )


def _text_step(state: State) -> Window:
    field, _ = TEXT_STEPS[state]
    return Window(
        Format("{text}"),
        TextInput(id=f"edit_{field}", type_factory=checker(field),
                  on_success=cb.on_text_valid, on_error=cb.on_text_invalid),
        MessageInput(on_not_text),
        Row(Button(I18nFormat("manage-btn-clear"), id="clear", on_click=cb.on_clear,
                   when="optional"),
            _back()),
        state=state,
        getter=edit_getter,
    )


def create_dialog() -> Dialog:
    return Dialog(
        _menu(),
        *(_text_step(state) for state in TEXT_STEPS),
        Window(
            Format("{text}"),
            project_picker("edit_move", cb.on_target),
            MessageInput(on_use_buttons),
            _back(),
            state=EditUser.move,
            getter=edit_getter,
        ),
        Window(
            Format("{text}"),
            Row(Button(I18nFormat("manage-btn-move-here"), id="move", on_click=cb.on_move),
                Button(I18nFormat("manage-btn-copy-here"), id="copy", on_click=cb.on_move)),
            SwitchTo(I18nFormat("manage-btn-back"), id="back_pick", state=EditUser.move),
            MessageInput(on_use_buttons),
            state=EditUser.move_how,
            getter=edit_getter,
        ),
        on_start=cb.on_start,
        name="manage-edit-dialog",
    )
