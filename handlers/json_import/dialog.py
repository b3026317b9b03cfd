"""The import dialog: asks for a pk (after a profile link or @handle) and for a project
(when the users name none and the admin has no current project), then imports.

Built by ``create_dialog()`` on every call: a Dialog is a Router and can be attached to
one Dispatcher only.
"""

from __future__ import annotations

from aiogram.enums import ContentType
from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.input import MessageInput, TextInput
from aiogram_dialog.widgets.kbd import Button, Row
from aiogram_dialog.widgets.text import Multi

from handlers.json_import import callbacks as cb
from handlers.json_import.getters import pk_getter, project_getter
from handlers.json_import.states import ImportUsers
from handlers.widgets import I18nFormat, ProblemLine, project_picker
from repository.rules import check_pk


def create_dialog() -> Dialog:
    return Dialog(
        Window(
            Multi(ProblemLine(), I18nFormat("import-ask-pk"), sep="\n\n"),
            TextInput(id="pk", type_factory=check_pk, on_success=cb.on_pk_entered,
                      on_error=cb.on_pk_invalid),
            MessageInput(cb.on_pk_not_text),
            Button(I18nFormat("import-btn-cancel"), id="cancel", on_click=cb.on_cancel),
            state=ImportUsers.pk,
            getter=pk_getter,
        ),
        Window(
            I18nFormat("import-ask-project", when="has_projects"),
            I18nFormat("import-no-projects", when="no_projects"),
            project_picker("import_project", cb.on_project_chosen),
            Button(I18nFormat("import-btn-new-project"), id="new_project",
                   on_click=cb.on_new_project),
            Button(I18nFormat("import-btn-cancel"), id="cancel", on_click=cb.on_cancel),
            state=ImportUsers.project,
            getter=project_getter,
        ),
        Window(
            Multi(ProblemLine(), I18nFormat("import-ask-new-project"), sep="\n\n"),
            MessageInput(cb.on_project_name, content_types=[ContentType.TEXT]),
            MessageInput(cb.on_project_name_not_text),
            Row(
                Button(I18nFormat("import-btn-back"), id="back",
                       on_click=cb.on_back_to_projects),
                Button(I18nFormat("import-btn-cancel"), id="cancel", on_click=cb.on_cancel),
            ),
            state=ImportUsers.new_project,
        ),
        name="json_import-dialog",
    )
