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
from aiogram_dialog.widgets.text import Format, Multi

from handlers.json_import import callbacks as cb
from handlers.json_import.getters import new_project_getter, pk_getter, project_getter
from handlers.json_import.states import ImportUsers
from handlers.widgets import project_picker
from repository.schemas import check_pk


def create_dialog() -> Dialog:
    return Dialog(
        Window(
            Multi(Format("{error}", when="error"), Format("{prompt}"), sep="\n\n"),
            TextInput(id="pk", type_factory=check_pk, on_success=cb.on_pk_entered,
                      on_error=cb.on_pk_invalid),
            MessageInput(cb.on_pk_not_text),
            Button(Format("{cancel}"), id="cancel", on_click=cb.on_cancel),
            state=ImportUsers.pk,
            getter=pk_getter,
        ),
        Window(
            Format("{prompt}"),
            project_picker("import_project", cb.on_project_chosen),
            Button(Format("{new_project}"), id="new_project", on_click=cb.on_new_project),
            Button(Format("{cancel}"), id="cancel", on_click=cb.on_cancel),
            state=ImportUsers.project,
            getter=project_getter,
        ),
        Window(
            Multi(Format("{error}", when="error"), Format("{prompt}"), sep="\n\n"),
            MessageInput(cb.on_project_name, content_types=[ContentType.TEXT]),
            MessageInput(cb.on_project_name_not_text),
            Row(
                Button(Format("{back}"), id="back", on_click=cb.on_back_to_projects),
                Button(Format("{cancel}"), id="cancel", on_click=cb.on_cancel),
            ),
            state=ImportUsers.new_project,
            getter=new_project_getter,
        ),
        name="json_import-dialog",
    )
