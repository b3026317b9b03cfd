"""Buttons of cards, removals, /undo, imports and proposals; a bare username or pk; inline
search (``@bot acme`` in any chat, admins only: the admin gate drops anybody else's)."""

from __future__ import annotations

import logging
from html import escape

from aiogram import Bot, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQuery,
    InlineQueryResultArticle,
    InlineQueryResultUnion,
    InputTextMessageContent,
    Message,
    User,
)
from aiogram_dialog import DialogManager, StartMode

from bot.config import Settings
from bot.i18n import Translator
from bot.lookup import parse_lookup
from handlers.filters import bare_lookup
from handlers.manage.data import (
    ApplyProposal,
    CardAction,
    OpenCard,
    UndoChange,
    UndoImport,
    UndoRemoval,
)
from handlers.manage.edit import EditUser
from handlers.manage.outcomes import outcome_problem
from handlers.manage.render import card_text, describe
from handlers.manage.views import (
    HISTORY_LIMIT,
    View,
    card_view,
    history_texts,
    remove_ask_view,
    removed_view,
    results_view,
    search,
)
from handlers.text import clip
from repository.manage import Change, ManageRepository

log = logging.getLogger("igbot.manage")

INLINE_LIMIT = 20
INLINE_CACHE_SECONDS = 10


async def show(callback: CallbackQuery, bot: Bot, view: View, *, replace: bool) -> None:
    """``view`` in place of the pressed message (``replace``), or as a new one."""
    if replace and isinstance(callback.message, Message):
        await callback.message.edit_text(view.text, reply_markup=view.markup)
    else:
        chat_id = callback.message.chat.id if callback.message else callback.from_user.id
        await bot.send_message(chat_id, view.text, reply_markup=view.markup)


async def on_open(callback: CallbackQuery, callback_data: OpenCard, bot: Bot,
                  tr: Translator, manage: ManageRepository, settings: Settings) -> None:
    entry = await manage.get_entry(callback_data.id)
    if entry is None:
        await callback.answer(tr("manage-gone-alert"), show_alert=True)
        return
    await callback.answer()
    await show(callback, bot, card_view(tr, entry, settings.timezone), replace=False)


async def on_card_action(callback: CallbackQuery, callback_data: CardAction, bot: Bot,
                         tr: Translator, manage: ManageRepository, settings: Settings,
                         dialog_manager: DialogManager) -> None:
    act = callback_data.act
    actor = str(callback.from_user.id)
    if act == "rmok":
        removal = await manage.remove(callback_data.id, actor)
        if removal is None:
            await callback.answer(tr("manage-gone-alert"), show_alert=True)
            return
        await callback.answer()
        await show(callback, bot, removed_view(tr, removal), replace=True)
        return
    entry = await manage.get_entry(callback_data.id)
    if entry is None:
        await callback.answer(tr("manage-gone-alert"), show_alert=True)
        return
    await callback.answer()
    if act == "edit":
        await dialog_manager.start(EditUser.menu, data={"id": entry.user.id},
                                   mode=StartMode.RESET_STACK)
    elif act == "move":
        await dialog_manager.start(EditUser.move, data={"id": entry.user.id},
                                   mode=StartMode.RESET_STACK)
    elif act == "rm":
        await show(callback, bot, remove_ask_view(tr, entry), replace=True)
    elif act == "hist":
        rows = await manage.history(user_pk=entry.user.user_pk, limit=HISTORY_LIMIT)
        title = tr("manage-history-account", query=escape(f"@{clip(entry.user.username, 64)}"))
        for text in history_texts(tr, title, rows, settings.timezone):
            await show(callback, bot, View(text), replace=False)
    else:  # keep: the card again
        await show(callback, bot, card_view(tr, entry, settings.timezone), replace=True)


async def on_undo_removal(callback: CallbackQuery, callback_data: UndoRemoval, bot: Bot,
                          tr: Translator, manage: ManageRepository,
                          settings: Settings) -> None:
    outcome = await manage.restore(callback_data.removal, str(callback.from_user.id))
    if outcome.change is Change.DONE and outcome.entry is not None:
        await callback.answer()
        await show(callback, bot, card_view(tr, outcome.entry, settings.timezone,
                                            notice=tr("manage-restored")), replace=True)
        return
    reason = (tr("manage-restore-done") if outcome.change is Change.NOT_FOUND
              else outcome_problem(tr, outcome))
    await callback.answer()
    await show(callback, bot, View(reason), replace=False)


async def on_undo_change(callback: CallbackQuery, callback_data: UndoChange, bot: Bot,
                         tr: Translator, manage: ManageRepository,
                         settings: Settings) -> None:
    await callback.answer()
    if not callback_data.ok:
        await show(callback, bot, View(tr("manage-kept")), replace=True)
        return
    row = await manage.audit_row(callback_data.id)
    outcome = await manage.undo(callback_data.id, str(callback.from_user.id))
    if outcome.change is Change.DONE and row is not None:
        what = tr("manage-undone", what=describe(tr, row, settings.timezone, with_time=False))
        current = await manage.get_entry(row.entry_id or "")
        view = (card_view(tr, current, settings.timezone, notice=what) if current
                else View(what))
        await show(callback, bot, view, replace=True)
        return
    reason = (tr("manage-undo-gone") if outcome.change is Change.NOT_FOUND
              else outcome_problem(tr, outcome))
    await show(callback, bot, View(tr("manage-undo-failed", reason=reason)), replace=True)


async def on_undo_import(callback: CallbackQuery, callback_data: UndoImport, bot: Bot,
                         tr: Translator, manage: ManageRepository) -> None:
    await callback.answer()
    if callback_data.step == "no":
        await show(callback, bot, View(tr("manage-kept")), replace=True)
        return
    size = await manage.import_size(callback_data.id)
    if size is None or not size[1]:
        await show(callback, bot, View(tr("manage-import-expired")), replace=False)
        return
    if callback_data.step == "ask":
        await show(callback, bot, View(
            tr("manage-import-ask", count=size[0]),
            InlineKeyboardMarkup(inline_keyboard=[[
                InlineKeyboardButton(text=tr("manage-btn-undo-import-yes", count=size[0]),
                                     callback_data=UndoImport(id=callback_data.id,
                                                              step="yes").pack()),
                InlineKeyboardButton(text=tr("manage-btn-keep"),
                                     callback_data=UndoImport(id=callback_data.id,
                                                              step="no").pack()),
            ]])), replace=False)
        return
    count = await manage.undo_import(callback_data.id, str(callback.from_user.id))
    if count is None:
        await show(callback, bot, View(tr("manage-import-expired")), replace=True)
        return
    await show(callback, bot, View(tr("manage-import-undone", count=count)), replace=True)


async def on_apply_proposal(callback: CallbackQuery, callback_data: ApplyProposal, bot: Bot,
                            tr: Translator, manage: ManageRepository,
                            settings: Settings) -> None:
    await callback.answer()
    taken = await manage.take_proposal(callback_data.id)
    if taken is None:
        await show(callback, bot, View(tr("manage-proposal-used")), replace=False)
        return
    entry_id, changes = taken
    outcome = await manage.update_fields(entry_id, changes, str(callback.from_user.id))
    if outcome.change is Change.DONE and outcome.entry is not None:
        await show(callback, bot, card_view(tr, outcome.entry, settings.timezone,
                                            notice=tr("manage-updated")), replace=True)
    else:
        await show(callback, bot, View(outcome_problem(tr, outcome)), replace=False)


# --- a bare username or pk --------------------------------------------------------------
async def on_bare_text(message: Message, tr: Translator, manage: ManageRepository,
                       settings: Settings, dialog_manager: DialogManager) -> None:
    """With nothing open, a username or pk alone is a search (as /find)."""
    lookup = parse_lookup(message.text or "")
    if dialog_manager.has_context() or lookup is None:
        raise SkipHandler
    view = results_view(tr, lookup, await search(manage, lookup), settings.timezone)
    await message.answer(view.text, reply_markup=view.markup)


# --- inline mode ------------------------------------------------------------------------
async def on_inline(query: InlineQuery, tr: Translator, manage: ManageRepository,
                    settings: Settings, event_from_user: User) -> None:
    lookup = parse_lookup(query.query)
    results: list[InlineQueryResultUnion] = []
    if lookup is not None:
        found = await manage.find(pk=lookup.pk, prefix=lookup.prefix, limit=INLINE_LIMIT)
        for entry in found.entries:
            user = entry.user
            project = clip(entry.project_name, 40) if entry.project_name else tr("value-none")
            handle = f"@{user.username}"
            results.append(InlineQueryResultArticle(
                id=user.id,
                title=tr("user-and-name", user=handle, name=user.full_name)
                if user.full_name else handle,
                description=tr("manage-inline-description", project=project,
                               project_id=user.project_id or 0, pk=user.user_pk),
                input_message_content=InputTextMessageContent(
                    message_text=card_text(tr, entry, settings.timezone)),
            ))
    log.info("inline search by %s: %d results", event_from_user.id, len(results))
    await query.answer(results, cache_time=INLINE_CACHE_SECONDS, is_personal=True)


async def _never(*_: object) -> bool:
    return False


def create_router() -> Router:
    """Card buttons and inline search (any position: they take no typed input)."""
    router = Router(name="manage-actions")
    router.callback_query.register(on_open, OpenCard.filter())
    router.callback_query.register(on_card_action, CardAction.filter())
    router.callback_query.register(on_undo_removal, UndoRemoval.filter())
    router.callback_query.register(on_undo_change, UndoChange.filter())
    router.callback_query.register(on_undo_import, UndoImport.filter())
    router.callback_query.register(on_apply_proposal, ApplyProposal.filter())
    router.inline_query.register(on_inline)
    router.message.filter(_never)  # no message handlers: let messages pass at once
    return router


def create_bare_router() -> Router:
    """A bare username or pk: after the dialogs (which may be asking for one)."""
    router = Router(name="manage-bare")
    router.message.register(on_bare_text, bare_lookup)
    return router
