"""Callback data of account cards and their actions.

``OpenCard`` is shared with the /list pager: its button data is ``card:<row uuid>``.
Every payload stays under Telegram's 64 bytes (a UUID is 36 characters).
"""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class OpenCard(CallbackData, prefix="card"):
    """Show an account's card (with its actions) as a new message."""

    id: str


class CardAction(CallbackData, prefix="ca"):
    """A card's button: ``edit``, ``move``, ``rm`` (ask), ``rmok`` (remove), ``keep``
    (back to the card), ``hist`` (its history)."""

    act: str
    id: str


class UndoRemoval(CallbackData, prefix="urm"):
    removal: int


class UndoChange(CallbackData, prefix="uch"):
    """/undo's confirmation: ``ok`` 1 undoes audit row ``id``, 0 keeps it."""

    id: int
    ok: int


class UndoImport(CallbackData, prefix="uimp"):
    """"Undo this import": ``step`` ask, then ``yes`` or ``no``."""

    id: int
    step: str


class ApplyProposal(CallbackData, prefix="prop"):
    id: int
