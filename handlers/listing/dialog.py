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
from aiogram_dialog.widgets.text import Format, Multi

from handlers.listing import callbacks as cb
from handlers.listing import text_bridge
from handlers.listing.getters import filters_getter, page_getter, pick_getter, text_getter
from handlers.listing.states import ListingSG
from handlers.webapp_button import OpenList
from handlers.widgets import I18nFormat, ProblemLine, project_picker

CARDS_PER_ROW = 5
FOREIGN_PREFIXES = ("card:",)


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


def _pick_window() -> Window:
    """No project given: buttons of the active projects."""
    return Window(
        I18nFormat("list-pick-current", when="current_first"),
        I18nFormat("list-pick", when="other_first"),
        I18nFormat("list-no-projects", when="no_projects"),
        project_picker("list_pick", cb.on_project_picked),
        OpenList(),
        Cancel(I18nFormat("btn-close"), id="close"),
        getter=pick_getter,
        state=ListingSG.pick,
    )


def _page_window() -> Window:
    """One page of a project's users, with paging, settings and each row's card."""
    return Window(
        Format("{text}"),
        CardButtons(id="cards"),
        Row(
            Button(I18nFormat("list-first"), id="first", on_click=cb.on_first, when="has_prev"),
            Button(I18nFormat("list-prev"), id="prev", on_click=cb.on_prev, when="has_prev"),
            Button(I18nFormat("list-next"), id="next", on_click=cb.on_next, when="has_next"),
            Button(I18nFormat("list-last"), id="last", on_click=cb.on_last, when="has_next"),
        ),
        Row(
            SwitchTo(Multi(I18nFormat("list-filters-on", when="filtered"),
                           I18nFormat("list-filters", when="unfiltered")),
                     id="filters", state=ListingSG.filters),
            Button(I18nFormat("list-sort"), id="sort", on_click=cb.on_sort),
            Button(I18nFormat("list-size"), id="size", on_click=cb.on_size),
            when="shown",
        ),
        Row(
            SwitchTo(I18nFormat("list-other-project"), id="other", state=ListingSG.pick),
            Cancel(I18nFormat("btn-close"), id="close"),
        ),
        OpenList(),
        markup_factory=KeepOwnCallbacks(),
        getter=page_getter,
        state=ListingSG.page,
    )


def _filters_window() -> Window:
    """Which users the pages show."""
    return Window(
        I18nFormat("list-filters-title"),
        I18nFormat("list-filter-text", when="text"),
        Row(Button(I18nFormat("list-filter-private-btn"), id="private", on_click=cb.on_flag),
            Button(I18nFormat("list-filter-verified-btn"), id="verified",
                   on_click=cb.on_flag)),
        Row(Button(I18nFormat("list-filter-mine-btn"), id="mine", on_click=cb.on_flag),
            Button(I18nFormat("list-filter-recent-btn"), id="recent", on_click=cb.on_flag)),
        SwitchTo(I18nFormat("list-filter-text-btn"), id="text", state=ListingSG.text,
                 on_click=text_bridge.on_ask_text),
        Button(I18nFormat("list-filters-clear"), id="clear", on_click=cb.on_clear,
               when="has_filters"),
        SwitchTo(I18nFormat("list-back"), id="back", state=ListingSG.page),
        getter=filters_getter,
        state=ListingSG.filters,
    )


def _text_window() -> Window:
    """Waiting for the text filter (typed text reaches it through ``text_bridge``)."""
    return Window(
        Multi(ProblemLine(), I18nFormat("list-text-ask"), sep="\n\n"),
        TextInput(id="text_filter", type_factory=cb.text_filter, on_success=cb.on_text,
                  on_error=cb.on_text_error),
        Button(I18nFormat("list-text-clear"), id="clear_text", on_click=cb.on_clear_text,
               when="has_text"),
        SwitchTo(I18nFormat("list-back"), id="back_text", state=ListingSG.page,
                 on_click=text_bridge.on_leave_text),
        getter=text_getter,
        state=ListingSG.text,
    )


def create_dialog() -> Dialog:
    """A fresh dialog (a router can belong to one Dispatcher only)."""
    return Dialog(_pick_window(), _page_window(), _filters_window(), _text_window(),
                  on_start=cb.on_start)
