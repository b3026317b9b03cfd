"""What the import adds to its replies: "Update the stored entry with these values" when a
pasted profile is already stored with other values, and "Undo this import" on a list's
summary."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Translator
from bot.problems import Problem
from bot.service import CreateUserService
from handlers.manage.data import ApplyProposal, UndoImport
from handlers.wizard.getters import shown
from repository.errors import DATABASE_ERRORS
from repository.manage import ManageRepository
from repository.schemas import CreateUserResult

log = logging.getLogger("igbot.manage")

# Fields a paste may carry that an update can set (pk and project define the entry).
COMPARED = ("username", "full_name", "is_private", "is_verified", "profile_pic_url",
            "profile_chaining_secondary_label", "social_context")


@dataclass(frozen=True)
class Offer:
    text: str = ""
    markup: InlineKeyboardMarkup | None = None


def _manage(service: CreateUserService) -> ManageRepository:
    return ManageRepository(service.repo.pool)


def _shown(tr: Translator, value: Any) -> str:
    if isinstance(value, bool):
        return tr("yes") if value else tr("no")
    return shown(value, 80) if value not in (None, "") else "—"


async def offer_update(tr: Translator, service: CreateUserService,
                       entry: Mapping[str, Any], result: CreateUserResult,
                       project: int | None, requester: str) -> Offer:
    """For an "already exists": the fields the paste gives differently, and a button to
    write them into the stored entry. Fields the paste does not give are left alone."""
    stored = result.user
    if not result.already_exists or stored is None:
        return Offer()
    event = service.validate(entry, default_project=project, requester=requester)
    if isinstance(event, Problem):
        return Offer()
    changes: dict[str, Any] = {}
    for field in COMPARED:
        if entry.get(field) is None:
            continue
        new, old = getattr(event, field), getattr(stored, field)
        if (new or None) != (old or None):
            changes[field] = new
    if not changes:
        return Offer()
    try:
        proposal = await _manage(service).propose(stored.id, requester, changes)
    except DATABASE_ERRORS as exc:
        log.warning("could not store an update offer: %s", type(exc).__name__)
        return Offer()
    lines = [tr("manage-proposal")] + [
        tr("manage-proposal-line", field=tr.field(field),
           old=_shown(tr, getattr(stored, field)), new=_shown(tr, new))
        for field, new in changes.items()]
    return Offer("\n".join(lines), InlineKeyboardMarkup(inline_keyboard=[[
        InlineKeyboardButton(text=tr("manage-btn-apply"),
                             callback_data=ApplyProposal(id=proposal).pack())]]))


async def undo_import_markup(tr: Translator, service: CreateUserService, requester: str,
                             results: Sequence[CreateUserResult]) -> InlineKeyboardMarkup | None:
    """"Undo this import" for the rows it created (none: no button)."""
    return await undo_markup_for_ids(
        tr, service, requester, [r.user.id for r in results if r.created and r.user is not None])


async def undo_markup_for_ids(tr: Translator, service: CreateUserService, requester: str,
                              created: Sequence[str]) -> InlineKeyboardMarkup | None:
    """``undo_import_markup`` from the created rows' ids (a big import keeps no results)."""
    if not created:
        return None
    try:
        import_id = await _manage(service).record_import(requester, created)
    except DATABASE_ERRORS as exc:
        log.warning("could not record the import for undo: %s", type(exc).__name__)
        return None
    return InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(
        text=tr("manage-btn-undo-import"),
        callback_data=UndoImport(id=import_id, step="ask").pack())]])
