"""What the edit dialog does: each change is saved at once, through the same checks as
the /add wizard, and audited (so /undo can take it back)."""

from __future__ import annotations

from html import escape
from typing import Any

from aiogram import Bot
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.input import ManagedTextInput, MessageInput
from aiogram_dialog.widgets.kbd import Button

from bot.config import Settings
from bot.i18n import Translator
from handlers.manage.edit.states import TEXT_STEPS, EditUser
from handlers.manage.outcomes import outcome_problem
from handlers.manage.render import card_keyboard, card_text, project_label
from handlers.wizard.callbacks import problem_of
from handlers.wizard.getters import problem_text
from repository.manage import Change, ManageRepository

ENTRY = "id"
NOTICE = "notice"  # HTML shown once above the menu ("Saved.")
ERROR = "error"  # HTML: why the last answer was refused
TARGET = "target"  # the project picked to move or copy to


def _tools(manager: DialogManager) -> tuple[ManageRepository, Translator]:
    return manager.middleware_data["manage"], manager.middleware_data["tr"]


def _actor(manager: DialogManager) -> str:
    user = manager.middleware_data["event_from_user"]
    return str(user.id)


async def on_start(start_data: Any, manager: DialogManager) -> None:
    manager.dialog_data[ENTRY] = str((start_data or {}).get(ENTRY, ""))


async def _save(manager: DialogManager, changes: dict[str, Any]) -> None:
    manage, tr = _tools(manager)
    outcome = await manage.update_fields(manager.dialog_data[ENTRY], changes, _actor(manager))
    if outcome.change is Change.DONE:
        manager.dialog_data.pop(ERROR, None)
        manager.dialog_data[NOTICE] = tr("manage-edit-saved")
        await manager.switch_to(EditUser.menu)
    elif outcome.change is Change.NOT_FOUND:
        await manager.switch_to(EditUser.menu)  # which says it is gone
    else:
        manager.dialog_data[ERROR] = outcome_problem(tr, outcome)


async def on_text_valid(message: Message, widget: ManagedTextInput[str],
                        manager: DialogManager, value: str) -> None:
    _, column = TEXT_STEPS[manager.current_context().state]
    await _save(manager, {column: value})


async def on_text_invalid(message: Message, widget: ManagedTextInput[str],
                          manager: DialogManager, error: ValueError) -> None:
    field, _ = TEXT_STEPS[manager.current_context().state]
    manager.dialog_data[ERROR] = problem_text(manager.middleware_data["tr"],
                                              problem_of(field, error))


async def on_not_text(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    manager.dialog_data[ERROR] = escape(manager.middleware_data["tr"]("wizard-send-text"))


async def on_use_buttons(message: Message, widget: MessageInput,
                         manager: DialogManager) -> None:
    manager.dialog_data[ERROR] = escape(manager.middleware_data["tr"]("wizard-use-buttons"))


async def on_clear(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    _, column = TEXT_STEPS[manager.current_context().state]
    await _save(manager, {column: ""})


async def on_toggle(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    manage, _ = _tools(manager)
    entry = await manage.get_entry(manager.dialog_data[ENTRY])
    if entry is None:
        return
    flag = button.widget_id
    assert flag in ("is_private", "is_verified")
    await _save(manager, {flag: not getattr(entry.user, flag)})


async def on_field(callback: CallbackQuery, button: Any, manager: DialogManager) -> None:
    manager.dialog_data.pop(ERROR, None)
    manager.dialog_data.pop(NOTICE, None)


async def on_back(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    manager.dialog_data.pop(ERROR, None)
    await manager.switch_to(EditUser.menu)


async def on_target(callback: CallbackQuery, widget: Any, manager: DialogManager,
                    project_id: int) -> None:
    manager.dialog_data[TARGET] = project_id
    manager.dialog_data.pop(ERROR, None)
    await manager.switch_to(EditUser.move_how)


async def on_move(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    manage, tr = _tools(manager)
    target = int(manager.dialog_data[TARGET])
    entry_id = manager.dialog_data[ENTRY]
    if button.widget_id == "copy":
        outcome = await manage.copy_to(entry_id, target, _actor(manager))
    else:
        outcome = await manage.update_fields(entry_id, {"project_id": target},
                                             _actor(manager))
    if outcome.change is Change.DONE and outcome.entry is not None:
        key = "manage-copied" if button.widget_id == "copy" else "manage-moved"
        manager.dialog_data[NOTICE] = tr(key, project=project_label(
            tr, outcome.entry.project_name, outcome.entry.user.project_id))
        manager.dialog_data.pop(ERROR, None)
        await manager.switch_to(EditUser.menu)
    elif outcome.change is Change.NOT_FOUND:
        await manager.switch_to(EditUser.menu)
    else:
        manager.dialog_data[ERROR] = outcome_problem(tr, outcome)
        if outcome.change is Change.NO_PROJECT:
            await manager.switch_to(EditUser.move)


async def on_done(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    """Close the dialog; its message becomes the account's card again."""
    manage, tr = _tools(manager)
    settings: Settings = manager.middleware_data["settings"]
    entry = await manage.get_entry(manager.dialog_data.get(ENTRY, ""))
    await manager.done(show_mode=ShowMode.NO_UPDATE)
    text = card_text(tr, entry, settings.timezone) if entry else tr("manage-gone")
    markup = card_keyboard(tr, entry) if entry else None
    if isinstance(callback.message, Message):
        await callback.message.edit_text(text, reply_markup=markup)
    else:
        bot: Bot = manager.middleware_data["bot"]
        await bot.send_message(callback.from_user.id, text, reply_markup=markup)
