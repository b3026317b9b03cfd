"""What the edit dialog does: each change is saved at once, through the same checks as
the /add wizard, and audited (so /undo can take it back)."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.input import ManagedTextInput
from aiogram_dialog.widgets.kbd import Button

from bot.problems import problem_from_error
from handlers import widgets
from handlers.manage.edit.states import TEXT_STEPS, EditUser
from handlers.manage.outcomes import outcome_problem
from handlers.manage.render import card_keyboard, card_text, project_label
from handlers.services import services
from repository.manage import Change

ENTRY = "id"
NOTICE = "notice"  # HTML shown once above the menu ("Saved.")
TARGET = "target"  # the project picked to move or copy to


def _actor(manager: DialogManager) -> str:
    user = services(manager).user
    assert user is not None  # dialogs run for a user's updates only
    return str(user.id)


async def on_start(start_data: Any, manager: DialogManager) -> None:
    manager.dialog_data[ENTRY] = str((start_data or {}).get(ENTRY, ""))


async def _save(manager: DialogManager, changes: dict[str, Any]) -> None:
    app = services(manager)
    outcome = await app.manage.update_fields(manager.dialog_data[ENTRY], changes,
                                             _actor(manager))
    if outcome.change is Change.DONE:
        widgets.clear_problem(manager)
        manager.dialog_data[NOTICE] = app.tr("manage-edit-saved")
        await manager.switch_to(EditUser.menu)
    elif outcome.change is Change.NOT_FOUND:
        await manager.switch_to(EditUser.menu)  # which says it is gone
    else:
        widgets.set_refused(manager, outcome_problem(app.tr, outcome))


async def on_text_valid(message: Message, widget: ManagedTextInput[str],
                        manager: DialogManager, value: str) -> None:
    _, column = TEXT_STEPS[manager.current_context().state]
    await _save(manager, {column: value})


async def on_text_invalid(message: Message, widget: ManagedTextInput[str],
                          manager: DialogManager, error: ValueError) -> None:
    field, _ = TEXT_STEPS[manager.current_context().state]
    widgets.set_problem(manager, problem_from_error(field, error))


async def on_clear(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    _, column = TEXT_STEPS[manager.current_context().state]
    await _save(manager, {column: ""})


async def on_toggle(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    entry = await services(manager).manage.get_entry(manager.dialog_data[ENTRY])
    if entry is None:
        return
    flag = button.widget_id
    assert flag in ("is_private", "is_verified")
    await _save(manager, {flag: not getattr(entry.user, flag)})


async def on_field(callback: CallbackQuery, button: Any, manager: DialogManager) -> None:
    widgets.clear_problem(manager)
    manager.dialog_data.pop(NOTICE, None)


async def on_back(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    widgets.clear_problem(manager)
    await manager.switch_to(EditUser.menu)


async def on_target(callback: CallbackQuery, widget: Any, manager: DialogManager,
                    project_id: int) -> None:
    manager.dialog_data[TARGET] = project_id
    widgets.clear_problem(manager)
    await manager.switch_to(EditUser.move_how)


async def on_move(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    app = services(manager)
    manage, tr = app.manage, app.tr
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
        widgets.clear_problem(manager)
        await manager.switch_to(EditUser.menu)
    elif outcome.change is Change.NOT_FOUND:
        await manager.switch_to(EditUser.menu)
    else:
        widgets.set_refused(manager, outcome_problem(tr, outcome))
        if outcome.change is Change.NO_PROJECT:
            await manager.switch_to(EditUser.move)


async def on_done(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    """Close the dialog; its message becomes the account's card again."""
    app = services(manager)
    tr = app.tr
    entry = await app.manage.get_entry(manager.dialog_data.get(ENTRY, ""))
    await manager.done(show_mode=ShowMode.NO_UPDATE)
    text = card_text(tr, entry, app.settings.timezone) if entry else tr("manage-gone")
    markup = card_keyboard(tr, entry) if entry else None
    if isinstance(callback.message, Message):
        await callback.message.edit_text(text, reply_markup=markup)
    else:
        await app.bot.send_message(callback.from_user.id, text, reply_markup=markup)
