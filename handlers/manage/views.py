"""Showing accounts: a card with its actions, a list of found accounts to choose from,
a change history. Each view is a text (HTML, at most one message) and its buttons."""

from __future__ import annotations

from dataclasses import dataclass, replace
from html import escape

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Translator
from bot.lookup import Lookup, parse_lookup
from handlers.manage.data import CardAction, UndoChange, UndoRemoval
from handlers.manage.render import (
    card_keyboard,
    card_text,
    describe,
    found_keyboard,
    found_text,
    project_label,
)
from handlers.projects import MESSAGE_LIMIT, split_message
from handlers.text import clip, shown
from repository.manage import AuditRow, Entry, Found, ManageRepository, Removal

FIND_LIMIT = 10
HISTORY_LIMIT = 20


@dataclass(frozen=True)
class View:
    text: str
    markup: InlineKeyboardMarkup | None = None


def card_view(tr: Translator, entry: Entry, zone: str, *, notice: str = "") -> View:
    text = card_text(tr, entry, zone)
    return View(f"{notice}\n\n{text}" if notice else text, card_keyboard(tr, entry))


def found_view(tr: Translator, query: str, found: Found, zone: str) -> View:
    """The accounts found, as many as fit one message (the rest are counted)."""
    while True:
        text = found_text(tr, query, found, zone)
        if len(text) <= MESSAGE_LIMIT - 96 or len(found.entries) <= 1:
            return View(text, found_keyboard(tr, found))
        found = replace(found, entries=found.entries[:-1])


def parse_or_explain(tr: Translator, text: str) -> Lookup | str:
    lookup = parse_lookup(text)
    if lookup is None:
        return tr("manage-find-bad", text=escape(clip(text.strip(), 64)))
    return lookup


async def search(manage: ManageRepository, lookup: Lookup) -> Found:
    return await manage.find(pk=lookup.pk, prefix=lookup.prefix, limit=FIND_LIMIT)


def none_view(tr: Translator, lookup: Lookup) -> View:
    return View(tr("manage-find-none", query=escape(lookup.shown)))


def results_view(tr: Translator, lookup: Lookup, found: Found, zone: str) -> View:
    """One account: its card; several: the list; none: say so."""
    if not found.entries:
        return none_view(tr, lookup)
    if len(found.entries) == 1 and found.total == 1:
        return card_view(tr, found.entries[0], zone)
    return found_view(tr, lookup.shown, found, zone)


def remove_ask_view(tr: Translator, entry: Entry) -> View:
    entry_id = entry.user.id
    return View(
        tr("manage-remove-ask", username=shown(entry.user.username, 64),
           project=project_label(tr, entry.project_name, entry.user.project_id)),
        InlineKeyboardMarkup(inline_keyboard=[[
            InlineKeyboardButton(text=tr("manage-btn-remove-yes"),
                                 callback_data=CardAction(act="rmok", id=entry_id).pack()),
            InlineKeyboardButton(text=tr("manage-btn-keep"),
                                 callback_data=CardAction(act="keep", id=entry_id).pack()),
        ]]))


def removed_view(tr: Translator, removal: Removal) -> View:
    return View(
        tr("manage-removed", username=shown(removal.user.username, 64),
           project=project_label(tr, removal.project_name, removal.user.project_id)),
        InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(
            text=tr("manage-btn-undo"),
            callback_data=UndoRemoval(removal=removal.removal_id).pack())]]))


def undo_ask_view(tr: Translator, row: AuditRow, zone: str) -> View:
    return View(
        tr("manage-undo-ask", what=describe(tr, row, zone, with_time=False)),
        InlineKeyboardMarkup(inline_keyboard=[[
            InlineKeyboardButton(text=tr("manage-btn-undo-it"),
                                 callback_data=UndoChange(id=row.id, ok=1).pack()),
            InlineKeyboardButton(text=tr("manage-btn-keep"),
                                 callback_data=UndoChange(id=row.id, ok=0).pack()),
        ]]))


def history_texts(tr: Translator, title: str, rows: list[AuditRow], zone: str) -> list[str]:
    lines = [title, ""] + [describe(tr, row, zone) for row in rows]
    return split_message(lines)
