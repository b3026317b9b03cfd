"""Is the account being added already there? Found out before the admin types more.

The pk is looked up in the chosen project in the background (``check_duplicate_later``);
a username already stored under another pk asks before adding a second entry.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiogram_dialog import DialogManager
from aiogram_dialog.manager.manager_middleware import BG_FACTORY_KEY

from handlers.services import services
from repository.errors import DATABASE_ERRORS
from repository.lookups import UserLookup
from repository.schemas import InstagramUser

log = logging.getLogger("igbot.wizard")

# dialog_data keys.
EXISTS = "exists"  # the stored row (JSON) when the pk is already in the project
CLASH = "clash"  # {"username", "pk"}: the username is already there under another pk
CLASH_OK = "clash_ok"  # the username the admin chose to add anyway


def exists_note(pk: str, project_id: int, user: InstagramUser) -> dict[str, Any]:
    return {"pk": pk, "project_id": project_id, "user": user.model_dump(mode="json")}


async def already_stored(manager: DialogManager) -> bool:
    """The pk is already in the chosen project: keep its row to show, before more typing."""
    data = manager.dialog_data
    if data.get("project_id") is None or not data.get("pk"):
        return False
    pk, project_id = str(data["pk"]), int(data["project_id"])
    user = await services(manager).repo.get_user(pk, project_id)
    if user is None:
        return False
    data[EXISTS] = exists_note(pk, project_id, user)
    return True


# Duplicate checks running in the background (kept referenced until done).
_CHECKS: set[asyncio.Task[None]] = set()


def check_duplicate_later(manager: DialogManager) -> None:
    """Look the pk up in the project while the wizard goes on to the next step; when it is
    already there, the window on screen is redrawn at once with the stored user.

    In the background so that a step never waits for the database: the admin sees the
    next question at once, and the answer to "is it there already?" a moment later,
    before typing anything more. (Save checks again, in one atomic statement.)
    """
    data = manager.dialog_data
    if data.get("project_id") is None or not data.get("pk"):
        return
    app = services(manager)
    repo, chat, sender = app.repo, app.chat, app.user
    if chat is None or sender is None:
        return
    pk, project_id = str(data["pk"]), int(data["project_id"])
    # Plain values only: a background manager is built when it is needed (rarely), not
    # on every pk step (it costs a few pydantic objects).
    bot, stack_id = app.bot, manager.current_stack().id
    factory = manager.middleware_data[BG_FACTORY_KEY]  # aiogram-dialog's own key

    async def check() -> None:
        try:
            user = await repo.get_user(pk, project_id)
        except DATABASE_ERRORS as exc:  # Save will say it plainly; nothing to add here
            log.warning("duplicate check failed: %s", type(exc).__name__)
            return
        if user is not None:  # the getters show it only while pk and project still match
            bg = factory.bg(bot, sender.id, chat.id, stack_id=stack_id)
            await bg.update({EXISTS: exists_note(pk, project_id, user)})

    task = asyncio.create_task(check())
    _CHECKS.add(task)
    task.add_done_callback(_CHECKS.discard)


async def username_clash(manager: DialogManager, username: str) -> bool:
    """The username is in the project under another pk, and not yet accepted as such."""
    data = manager.dialog_data
    if data.get("project_id") is None or data.get(CLASH_OK) == username:
        return False
    other = await UserLookup(services(manager).repo.pool).by_username(
        username, int(data["project_id"]))
    if other is None or other.user_pk == str(data.get("pk")):
        return False
    data[CLASH] = {"username": username, "pk": other.user_pk}
    return True
