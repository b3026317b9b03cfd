"""What the project screens show: a project's card, the buttons, and renaming (shared by
/renameproject and the rename dialog)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.i18n import Translator
from handlers.projects import NAME_SHOWN, PROJECT_ID_MAX, project_name, split_message
from handlers.text import clip
from repository.projects import ProjectNameTaken, ProjectsRepository, normalise_name
from repository.schemas import TEXT_MAX, Project

# At most this many project buttons under /projects (Telegram allows 100 a message;
# the inactive projects have a button of their own).
BUTTONS_MAX = 90
BUTTON_NAME_SHOWN = 32


class ProjectCb(CallbackData, prefix="prj"):
    """``action``: open, rename, off, on, current, users, export, inactive (id 0)."""

    action: str
    id: int

    def valid(self) -> bool:
        return 0 <= self.id <= PROJECT_ID_MAX and self.action in _ACTIONS


_ACTIONS = {"open", "rename", "off", "on", "current", "users", "export", "inactive"}


def button(text: str, action: str, project_id: int = 0) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=ProjectCb(
        action=action, id=project_id).pack())


def project_buttons(tr: Translator, projects: list[Project], *,
                    extra: list[InlineKeyboardButton] | None = None,
                    ) -> InlineKeyboardMarkup | None:
    """One button a project (two a row) that opens its card, then ``extra``."""
    buttons = [button(tr("project-button", name=clip(p.name, BUTTON_NAME_SHOWN), id=p.id),
                      "open", p.id) for p in projects[:BUTTONS_MAX]]
    rows = [buttons[i:i + 2] for i in range(0, len(buttons), 2)]
    rows += [[b] for b in extra or []]
    return InlineKeyboardMarkup(inline_keyboard=rows) if rows else None


async def answer_lines(message: Message, lines: list[str],
                       markup: InlineKeyboardMarkup | None) -> None:
    """``lines`` in as few messages as fit, ``markup`` under the last."""
    texts = split_message(lines)
    for text in texts[:-1]:
        await message.answer(text)
    await message.answer(texts[-1], reply_markup=markup)


def card_text(tr: Translator, project: Project, users: int, current: bool) -> str:
    lines = [tr("projects-card", project_id=project.id, name=project_name(project, TEXT_MAX),
                users=tr("projects-users", count=users))]
    lines.append(tr("projects-card-active" if project.is_active else "projects-card-inactive",
                    project_id=project.id))
    if current:
        lines.append(tr("projects-card-current"))
    return "\n".join(lines)


def card_buttons(tr: Translator, project: Project, current: bool) -> InlineKeyboardMarkup:
    rows = [[button(tr("projects-btn-rename"), "rename", project.id),
             button(tr("projects-btn-deactivate") if project.is_active
                    else tr("projects-btn-activate"),
                    "off" if project.is_active else "on", project.id)]]
    if project.is_active and not current:
        rows.append([button(tr("projects-btn-current"), "current", project.id)])
    rows.append([button(tr("projects-btn-users"), "users", project.id),
                 button(tr("projects-btn-export"), "export", project.id)])
    return InlineKeyboardMarkup(inline_keyboard=rows)


async def rename(tr: Translator, projects: ProjectsRepository, project_id: int,
                 raw_name: str, actor: int) -> tuple[bool, str]:
    """Renames the project, naming ``actor`` (the admin) in the audit trail;
    ``(done, message)``: the message says what happened or why not (HTML; a refusal is
    the reason alone, its callers mark it as one)."""
    name = normalise_name(raw_name)
    if not name:
        return False, tr("projects-rename-empty")
    if len(name) > TEXT_MAX:
        return False, tr("projects-new-too-long", length=len(name), limit=TEXT_MAX)
    try:
        renamed = await projects.rename(project_id, name, actor=str(actor))
    except ProjectNameTaken as exc:
        return False, taken_text(tr, exc)
    if renamed is None:
        return False, tr("projects-not-found", project_id=project_id)
    return True, tr("projects-renamed", project_id=renamed.id,
                    name=project_name(renamed, TEXT_MAX))


def taken_text(tr: Translator, exc: ProjectNameTaken) -> str:
    return tr("projects-name-taken", project_id=exc.existing.id,
              name=project_name(exc.existing, NAME_SHOWN))


def refused_text(tr: Translator, reason: str) -> str:
    """A refusal as a reply of its own: ``❌ reason``."""
    return tr("dialog-problem", reason=reason)
