"""Dialog pieces shared by every dialog: the text widget (a Fluent message in the
reader's language), the line saying why the last answer was refused, the active-project
picker."""

from __future__ import annotations

from html import escape
from typing import Any

from aiogram.types import Message
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.common import WhenCondition
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import ScrollingGroup, Select
from aiogram_dialog.widgets.kbd.select import OnItemClick
from aiogram_dialog.widgets.text import Format, Text

from bot.i18n import Translator
from bot.problems import Problem, shown
from bot.projects import PROJECT_ID_MAX
from handlers.services import services
from handlers.text import clip
from repository.schemas import Project

# dialog_data keys of why the last answer was refused, in every dialog: a value its check
# refused, as ``Problem.to_data()``; or a change the database refused (a name or pk that
# is taken...), as the HTML the matching command replies with.
PROBLEM = "problem"
REFUSED = "refused"


class I18nFormat(Text):
    """A Fluent message in the reader's language (aiogram-dialog's ``I18nFormat``
    pattern), given the window's data as its arguments.

    Only plain values (text, numbers) are passed; getters escape what users wrote.
    """

    def __init__(self, key: str, when: WhenCondition = None) -> None:
        super().__init__(when=when)
        self.key = key

    async def _render_text(self, data: dict[str, Any], manager: DialogManager) -> str:
        return services(manager).tr.render(self.key, data, plain_only=True)


def set_problem(manager: DialogManager, problem: Problem) -> None:
    clear_problem(manager)
    manager.dialog_data[PROBLEM] = problem.to_data()


def set_refused(manager: DialogManager, html: str) -> None:
    clear_problem(manager)
    manager.dialog_data[REFUSED] = html


def clear_problem(manager: DialogManager) -> None:
    manager.dialog_data.pop(PROBLEM, None)
    manager.dialog_data.pop(REFUSED, None)


def problem_line(tr: Translator, problem: Problem | None) -> str:
    """``❌ reason`` in the reader's language (escaped), or nothing."""
    if problem is None:
        return ""
    return tr("dialog-problem", reason=escape(tr.problem(shown(problem))))


def refusal_line(tr: Translator, dialog_data: dict[str, Any]) -> str:
    """``❌ why`` the last answer was refused (``PROBLEM`` or ``REFUSED``), or nothing."""
    if dialog_data.get(REFUSED):
        return tr("dialog-problem", reason=str(dialog_data[REFUSED]))
    return problem_line(tr, Problem.from_data(dialog_data.get(PROBLEM)))


async def on_not_text(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    """A form step that wants typed text got something else."""
    set_problem(manager, Problem("send_text"))


async def on_use_buttons(message: Message, widget: MessageInput,
                         manager: DialogManager) -> None:
    """A window that takes no typed answer got one."""
    set_problem(manager, Problem("use_buttons"))


class ProblemLine(Text):
    """Why the last answer was refused; empty when nothing was."""

    async def _render_text(self, data: dict[str, Any], manager: DialogManager) -> str:
        return refusal_line(services(manager).tr, manager.dialog_data)


PROJECTS_PER_PAGE = 8
BUTTON_NAME_SHOWN = 48


class InvalidButton(ValueError):
    """A button press whose data no button of ours carries (forged or corrupted)."""


def button_project_id(data: str) -> int:
    """A project id from a button's data: digits, within PostgreSQL's integer."""
    if not (data.isascii() and data.isdigit()) or len(data) > 10 or not (
            0 < int(data) <= PROJECT_ID_MAX):
        raise InvalidButton(data[:40])
    return int(data)


def project_label(tr: Translator, project: Project, limit: int = BUTTON_NAME_SHOWN, *,
                  current: bool = False) -> str:
    """``Name (#id)`` for a button, starred when ``current`` (plain text: clipped, not
    escaped)."""
    return tr("project-label-current" if current else "project-label",
              name=clip(project.name, limit), id=project.id)


async def active_projects(manager: DialogManager, current: int | None = None,
                          ) -> dict[str, Any]:
    """``projects``: (id, label) pairs of active projects, ``current`` starred (button
    text: plain, no HTML); ``has_projects``."""
    app = services(manager)
    tr, projects = app.tr, await app.repo.list_projects(active_only=True)
    return {
        "projects": [(p.id, project_label(tr, p, current=p.id == current))
                     for p in projects],
        "has_projects": bool(projects),
    }


async def active_projects_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    """A window getter: ``active_projects``, none starred."""
    return await active_projects(dialog_manager)


def project_picker(widget_id: str, on_click: OnItemClick[Any, int]) -> ScrollingGroup:
    """Buttons of active projects (from ``active_projects_getter``), paged."""
    return ScrollingGroup(
        Select(
            Format("{item[1]}"),
            id=f"{widget_id}_select",
            item_id_getter=lambda item: item[0],
            items="projects",
            type_factory=button_project_id,
            on_click=on_click,
        ),
        id=widget_id,
        width=1,
        height=PROJECTS_PER_PAGE,
        hide_on_single_page=True,
    )
