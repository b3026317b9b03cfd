"""/find, /user, /edit, /delete, /undo and /history."""

from __future__ import annotations

from html import escape

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message, User
from aiogram_dialog import DialogManager, StartMode

from bot.config import Settings
from bot.i18n import Translator
from bot.lookup import Lookup
from handlers.manage.edit import EditUser
from handlers.manage.views import (
    HISTORY_LIMIT,
    View,
    history_texts,
    none_view,
    parse_or_explain,
    remove_ask_view,
    results_view,
    search,
    undo_ask_view,
)
from handlers.projects import project_name
from handlers.webapp_button import with_open_list
from repository.instagram import InstagramRepository
from repository.manage import ManageRepository
from repository.preferences import PreferencesRepository


async def send(message: Message, view: View) -> None:
    await message.answer(view.text, reply_markup=view.markup)


async def lookup_arg(message: Message, command: CommandObject, tr: Translator,
                     usage: str) -> Lookup | None:
    """The search the command's argument asks for; answers and returns None otherwise."""
    arg = (command.args or "").strip()
    if not arg:
        await message.answer(tr(usage))
        return None
    lookup = parse_or_explain(tr, arg)
    if isinstance(lookup, str):
        await message.answer(lookup)
        return None
    return lookup


def create_router() -> Router:
    router = Router(name="manage-commands")

    @router.message(Command("find", "search", "user"))
    async def find(message: Message, command: CommandObject, tr: Translator,
                   manage: ManageRepository, settings: Settings) -> None:
        lookup = await lookup_arg(message, command, tr, "manage-find-usage")
        if lookup is not None:
            view = results_view(tr, lookup, await search(manage, lookup), settings.timezone)
            await message.answer(view.text, reply_markup=with_open_list(
                view.markup, settings, tr, message.chat))

    @router.message(Command("edit", "delete", "remove"))
    async def edit_or_delete(message: Message, command: CommandObject, tr: Translator,
                             manage: ManageRepository, settings: Settings,
                             dialog_manager: DialogManager) -> None:
        editing = command.command == "edit"
        lookup = await lookup_arg(message, command, tr,
                                  "manage-edit-usage" if editing else "manage-delete-usage")
        if lookup is None:
            return
        found = await search(manage, lookup)
        if not found.entries:
            await send(message, none_view(tr, lookup))
        elif len(found.entries) > 1 or found.total > 1:
            await message.answer(tr("manage-choose-one"))
            await send(message, results_view(tr, lookup, found, settings.timezone))
        elif editing:
            await dialog_manager.start(EditUser.menu, data={"id": found.entries[0].user.id},
                                       mode=StartMode.RESET_STACK)
        else:
            await send(message, remove_ask_view(tr, found.entries[0]))

    @router.message(Command("undo"))
    async def undo(message: Message, tr: Translator, manage: ManageRepository,
                   settings: Settings, event_from_user: User) -> None:
        row = await manage.last_change(str(event_from_user.id))
        if row is None:
            await message.answer(tr("manage-undo-none"))
            return
        await send(message, undo_ask_view(tr, row, settings.timezone))

    @router.message(Command("history"))
    async def history(message: Message, command: CommandObject, tr: Translator,
                      manage: ManageRepository, repo: InstagramRepository,
                      prefs: PreferencesRepository, settings: Settings,
                      event_from_user: User) -> None:
        arg = (command.args or "").strip()
        if arg:
            lookup = parse_or_explain(tr, arg)
            if isinstance(lookup, str):
                await message.answer(lookup)
                return
            rows = (await manage.history(user_pk=lookup.pk, limit=HISTORY_LIMIT)
                    if lookup.pk is not None else
                    await manage.history(username=lookup.prefix, limit=HISTORY_LIMIT))
            if not rows:
                await message.answer(tr("manage-history-none", query=escape(lookup.shown)))
                return
            title = tr("manage-history-account", query=escape(lookup.shown))
        else:
            project_id = await prefs.get_current_project(event_from_user.id)
            project = await repo.get_project(project_id) if project_id else None
            if project is not None:
                rows = await manage.history(project_id=project.id, limit=HISTORY_LIMIT)
                title = tr("manage-history-project", project=project_name(project),
                           project_id=project.id)
            else:
                rows = await manage.history(limit=HISTORY_LIMIT)
                title = tr("manage-history-all")
            if not rows:
                await message.answer(tr("manage-history-empty"))
                return
        for text in history_texts(tr, title, rows, settings.timezone):
            await message.answer(text)

    return router
