"""The /list dialog: pick a project (when none was given), then page through its users,
sorted and filtered as the admin chooses."""

from __future__ import annotations

from typing import Any

from aiogram.types import InlineKeyboardButton
from aiogram_dialog import Dialog, DialogManager, Window
from aiogram_dialog.api.entities.new_message import MarkupVariant
from aiogram_dialog.api.internal import RawKeyboard
from aiogram_dialog.widgets.input import TextInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Keyboard, Row, SwitchTo
from aiogram_dialog.widgets.markup.inline_keyboard import InlineKeyboardFactory
from aiogram_dialog.widgets.text import Format, Text

from handlers.listing import callbacks as cb
from handlers.listing import text_bridge
from handlers.listing.getters import filters_getter, page_getter, pick_getter, text_getter
from handlers.listing.states import ListingSG
from handlers.webapp_button import OpenList
from handlers.widgets import project_picker

CARDS_PER_ROW = 5
FOREIGN_PREFIXES = ("card:",)


class Tr(Text):
    """A fixed message in the reader's language."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key

    async def _render_text(self, data: dict[str, object], manager: DialogManager) -> str:
        return str(manager.middleware_data["tr"](self.key))


class CardButtons(Keyboard):
    """Buttons ``1``..``N`` under a page, each with its row's own callback data
    (``card:<row id>``), which the card feature handles outside this dialog."""

    async def _render_keyboard(self, data: dict[str, Any], manager: DialogManager,
                               ) -> RawKeyboard:
        cards = data.get("cards", [])
        keyboard: RawKeyboard = []
        for i in range(0, len(cards), CARDS_PER_ROW):
            keyboard.append([InlineKeyboardButton(text=text, callback_data=callback_data)
                             for text, callback_data in cards[i:i + CARDS_PER_ROW]])
        return keyboard


class KeepOwnCallbacks(InlineKeyboardFactory):
    """The usual inline keyboard, but buttons whose data is another feature's own
    (``card:...``) keep it as is: aiogram-dialog would prefix it with this dialog's id."""

    async def render_markup(self, data: dict[str, Any], manager: DialogManager,
                            keyboard: RawKeyboard) -> MarkupVariant:
        own = [button for row in keyboard for button in row
               if isinstance(button, InlineKeyboardButton)
               and (button.callback_data or "").startswith(FOREIGN_PREFIXES)]
        saved = [(button, button.callback_data) for button in own]
        markup = await super().render_markup(data, manager, keyboard)
        for button, callback_data in saved:
            button.callback_data = callback_data
        return markup


def create_dialog() -> Dialog:
    """A fresh dialog (a router can belong to one Dispatcher only)."""
    return Dialog(
        Window(
            Format("{text}"),
            project_picker("list_pick", cb.on_project_picked),
            OpenList(),
            Cancel(Tr("btn-close"), id="close"),
            getter=pick_getter,
            state=ListingSG.pick,
        ),
        Window(
            Format("{text}"),
            CardButtons(id="cards"),
            Row(
                Button(Tr("list-first"), id="first", on_click=cb.on_first, when="has_prev"),
                Button(Tr("list-prev"), id="prev", on_click=cb.on_prev, when="has_prev"),
                Button(Tr("list-next"), id="next", on_click=cb.on_next, when="has_next"),
                Button(Tr("list-last"), id="last", on_click=cb.on_last, when="has_next"),
            ),
            Row(
                SwitchTo(Format("{filters_label}"), id="filters", state=ListingSG.filters),
                Button(Format("{sort_label}"), id="sort", on_click=cb.on_sort),
                Button(Format("{size_label}"), id="size", on_click=cb.on_size),
                when="shown",
            ),
            Row(
                SwitchTo(Tr("list-other-project"), id="other", state=ListingSG.pick),
                Cancel(Tr("btn-close"), id="close"),
            ),
            OpenList(),
            markup_factory=KeepOwnCallbacks(),
            getter=page_getter,
            state=ListingSG.page,
        ),
        Window(
            Format("{text}"),
            Row(Button(Format("{private_label}"), id="private", on_click=cb.on_flag),
                Button(Format("{verified_label}"), id="verified", on_click=cb.on_flag)),
            Row(Button(Format("{mine_label}"), id="mine", on_click=cb.on_flag),
                Button(Format("{recent_label}"), id="recent", on_click=cb.on_flag)),
            SwitchTo(Tr("list-filter-text-btn"), id="text", state=ListingSG.text,
                     on_click=text_bridge.on_ask_text),
            Button(Tr("list-filters-clear"), id="clear", on_click=cb.on_clear,
                   when="has_filters"),
            SwitchTo(Tr("list-back"), id="back", state=ListingSG.page),
            getter=filters_getter,
            state=ListingSG.filters,
        ),
        Window(
            Format("{text}"),
            TextInput(id="text_filter", type_factory=cb.text_filter, on_success=cb.on_text,
                      on_error=cb.on_text_error),
            Button(Tr("list-text-clear"), id="clear_text", on_click=cb.on_clear_text,
                   when="has_text"),
            SwitchTo(Tr("list-back"), id="back_text", state=ListingSG.page,
                     on_click=text_bridge.on_leave_text),
            getter=text_getter,
            state=ListingSG.text,
        ),
        on_start=cb.on_start,
    )
