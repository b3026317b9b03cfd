"""The /list dialog: pick a project (when none was given), then page through its users."""

from __future__ import annotations

from aiogram_dialog import Dialog, DialogManager, Window
from aiogram_dialog.widgets.kbd import Button, Row, SwitchTo
from aiogram_dialog.widgets.text import Format, Text

from handlers.listing.callbacks import on_next, on_prev, on_project_picked, on_start
from handlers.listing.getters import page_getter, pick_getter
from handlers.listing.states import ListingSG
from handlers.widgets import project_picker


class Tr(Text):
    """A fixed message in the reader's language."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key

    async def _render_text(self, data: dict[str, object], manager: DialogManager) -> str:
        return str(manager.middleware_data["tr"](self.key))


def create_dialog() -> Dialog:
    """A fresh dialog (a router can belong to one Dispatcher only)."""
    return Dialog(
        Window(
            Format("{text}"),
            project_picker("list_pick", on_project_picked),
            getter=pick_getter,
            state=ListingSG.pick,
        ),
        Window(
            Format("{text}"),
            Row(
                Button(Tr("list-prev"), id="prev", on_click=on_prev, when="has_prev"),
                Button(Tr("list-next"), id="next", on_click=on_next, when="has_next"),
            ),
            SwitchTo(Tr("list-other-project"), id="other", state=ListingSG.pick),
            getter=page_getter,
            state=ListingSG.page,
        ),
        on_start=on_start,
    )
