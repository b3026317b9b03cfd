"""The /add wizard: project -> pk -> username -> full name -> flags -> picture URL ->
secondary label -> social context -> summary (edit any field) -> save.

Built by ``create_dialog()`` on every call: a Dialog is a Router and can be attached to
one Dispatcher only.
"""

from __future__ import annotations

from typing import Any

from aiogram.fsm.state import State
from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.common import WhenCondition
from aiogram_dialog.widgets.input import MessageInput, TextInput
from aiogram_dialog.widgets.kbd import Button, Group, Row, SwitchTo
from aiogram_dialog.widgets.text import Multi, Text

from handlers.widgets import (
    I18nFormat,
    ProblemLine,
    on_not_text,
    on_use_buttons,
    project_picker,
)
from handlers.wizard import callbacks as cb
from handlers.wizard.checks import checker
from handlers.wizard.getters import (
    common_getter,
    flags_getter,
    projects_getter,
    summary_getter,
    text_step_getter,
)
from handlers.wizard.states import TEXT_FIELDS, AddUser


def _header() -> Text:
    return Multi(I18nFormat("wizard-title"), I18nFormat("wizard-project-line", when="project"))


def _nav(*, back: WhenCondition | bool = True) -> Row:
    buttons = []
    if back:
        buttons.append(Button(I18nFormat("wizard-btn-back"), id="back", on_click=cb.on_back,
                              when=None if back is True else back))
    buttons.append(Button(I18nFormat("wizard-btn-cancel"), id="cancel", on_click=cb.on_cancel))
    return Row(*buttons)


def _change_pk() -> Button:
    """Shown with the note that the pk is already in the project."""
    return Button(I18nFormat("wizard-btn-change-pk"), id="change_pk", on_click=cb.on_change_pk,
                  when="exists_later")


def _save_now() -> Button:
    """Offered once pk and username are known: the rest is optional."""
    return Button(I18nFormat("wizard-btn-save-now"), id="save_now", on_click=cb.on_confirm,
                  when="can_save")


def _text_step(state: State, ask: str, *, optional: bool) -> Window:
    field = TEXT_FIELDS[state]
    extra: list[Any] = []
    if state == AddUser.pk:
        extra.append(Button(I18nFormat("wizard-btn-change-project"), id="change_project",
                            on_click=cb.on_change_project, when="project"))
    if state == AddUser.username:
        extra.append(Button(I18nFormat("wizard-btn-add-anyway"), id="add_anyway",
                            on_click=cb.on_add_anyway, when="clash"))
    extra.append(_change_pk())
    keep = Button(I18nFormat("wizard-btn-keep"), id="keep", on_click=cb.on_keep, when="current")
    if optional:
        extra.append(Row(
            Button(I18nFormat("wizard-btn-skip"), id="skip", on_click=cb.on_skip,
                   when="no_current"),
            keep,
            Button(I18nFormat("wizard-btn-clear"), id="clear", on_click=cb.on_clear,
                   when="current"),
        ))
        extra.append(_save_now())
    else:
        extra.append(keep)
    return Window(
        Multi(
            _header(),
            ProblemLine(),
            I18nFormat("wizard-exists", when="exists_card"),
            I18nFormat("wizard-exists-later", when="exists_later"),
            I18nFormat("wizard-clash", when="clash"),
            I18nFormat(ask),
            I18nFormat("wizard-pk-help", when="pk_help"),
            I18nFormat("wizard-current", when="current"),
            sep="\n\n",
        ),
        TextInput(id=field, type_factory=checker(field), on_success=cb.on_text_valid,
                  on_error=cb.on_text_invalid),
        MessageInput(on_not_text),
        *extra,
        _nav(),
        state=state,
        getter=text_step_getter,
    )


def _project_step() -> Window:
    return Window(
        Multi(
            I18nFormat("wizard-title"),
            ProblemLine(),
            I18nFormat("wizard-ask-project", when="has_projects"),
            I18nFormat("wizard-no-projects", when="no_projects"),
            sep="\n\n",
        ),
        project_picker("project", cb.on_project_selected),
        MessageInput(on_use_buttons),
        _nav(back="can_back"),  # back only when opened from a later step
        state=AddUser.project,
        getter=projects_getter,
    )


def _flags_step() -> Window:
    return Window(
        Multi(_header(), ProblemLine(),
              I18nFormat("wizard-exists-later", when="exists_later"),
              I18nFormat("wizard-ask-flags"), sep="\n\n"),
        Row(
            Button(I18nFormat("wizard-btn-private"), id="is_private", on_click=cb.on_toggle),
            Button(I18nFormat("wizard-btn-verified"), id="is_verified", on_click=cb.on_toggle),
        ),
        Button(I18nFormat("wizard-btn-next"), id="next", on_click=cb.on_flags_done),
        _save_now(),
        _change_pk(),
        MessageInput(on_use_buttons),
        _nav(),
        state=AddUser.flags,
        getter=flags_getter,
    )


def _summary() -> Window:
    edits = [
        ("project", AddUser.project), ("pk", AddUser.pk), ("username", AddUser.username),
        ("full-name", AddUser.full_name), ("flags", AddUser.flags),
        ("profile-pic-url", AddUser.profile_pic_url),
        ("secondary-label", AddUser.secondary_label),
        ("social-context", AddUser.social_context),
    ]
    return Window(
        Multi(
            I18nFormat("wizard-summary-title"),
            ProblemLine(),
            I18nFormat("wizard-exists-later", when="exists_later"),
            I18nFormat("wizard-summary"),
            I18nFormat("wizard-summary-hint"),
            sep="\n\n",
        ),
        Group(
            *(SwitchTo(I18nFormat(f"wizard-edit-{name}"), id=f"edit_{name.replace('-', '_')}",
                       state=state, on_click=cb.on_edit)
              for name, state in edits),
            width=2,
        ),
        Button(I18nFormat("wizard-btn-save"), id="save", on_click=cb.on_confirm),
        _change_pk(),
        MessageInput(on_use_buttons),
        _nav(),
        state=AddUser.summary,
        getter=summary_getter,
    )


def create_dialog() -> Dialog:
    return Dialog(
        _project_step(),
        _text_step(AddUser.pk, "wizard-ask-pk", optional=False),
        _text_step(AddUser.username, "wizard-ask-username", optional=False),
        _text_step(AddUser.full_name, "wizard-ask-full-name", optional=True),
        _flags_step(),
        _text_step(AddUser.profile_pic_url, "wizard-ask-profile-pic-url", optional=True),
        _text_step(AddUser.secondary_label, "wizard-ask-secondary-label", optional=True),
        _text_step(AddUser.social_context, "wizard-ask-social-context", optional=True),
        _summary(),
        getter=common_getter,
        on_start=cb.on_start,
    )
