"""Account cards, found lists and audit lines as HTML (every stored value escaped)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from functools import cache
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Translator
from handlers.manage.data import CardAction, OpenCard
from handlers.render import profile_url, user_line
from handlers.text import clip
from repository.manage import AuditRow, Entry, Found
from repository.schemas import InstagramUser

NAME_SHOWN = 64
VALUE_SHOWN = 120
# Columns an audit line names when they changed (updated_at always does).
_DESCRIBED = ("user_pk", "username", "full_name", "is_private", "is_verified",
              "profile_pic_url", "profile_chaining_secondary_label", "social_context",
              "project_id")
_FIELD_KEYS = {"user_pk": "pk"}


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def when(tr: Translator, moment: datetime | None, zone: str) -> str:
    """``2026-12-02 01:25 UTC``, in the configured zone (a legacy naive time is UTC)."""
    if moment is None:
        return tr("value-none")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=_zone("UTC"))
    return moment.astimezone(_zone(zone)).strftime(tr("datetime-format"))


def handle(user: InstagramUser) -> str:
    """``@username`` linked to the profile (escaped)."""
    name = escape(clip(user.username, NAME_SHOWN))
    return f'<a href="{escape(profile_url(user.username), quote=True)}">@{name}</a>'


def project_label(tr: Translator, name: str | None, project_id: int | None) -> str:
    if project_id is None:
        return tr("manage-no-project")
    shown = escape(clip(name, NAME_SHOWN)) if name else tr("manage-project-gone")
    return f"<b>{shown}</b> (#{project_id})"


def who(tr: Translator, actor: str | None, name: str | None) -> str:
    if not actor:
        return tr("manage-by-nobody")
    if actor == "cli":
        return tr("manage-by-cli")
    if name:
        return tr("manage-by", name=escape(clip(name, NAME_SHOWN)), id=actor)
    return tr("manage-by-id", id=escape(actor))


def card_text(tr: Translator, entry: Entry, zone: str) -> str:
    user = entry.user
    yes, no = tr("yes"), tr("no")
    lines = [
        tr("user-and-name", user=handle(user),
           name=escape(clip(user.full_name, NAME_SHOWN * 2)) if user.full_name
           else tr("value-none")),
        tr("manage-card-pk", pk=escape(user.user_pk)),
        tr("manage-card-flags", private=yes if user.is_private else no,
           verified=yes if user.is_verified else no),
    ]
    if user.profile_pic_url:
        # The whole link (a cut one would not open); Telegram counts only the word shown.
        lines.append(tr("manage-card-picture", url=escape(user.profile_pic_url, quote=True)))
    if user.profile_chaining_secondary_label:
        lines.append(tr("manage-card-label",
                        label=escape(clip(user.profile_chaining_secondary_label,
                                          VALUE_SHOWN))))
    if user.social_context:
        lines.append(tr("manage-card-social",
                        social=escape(clip(user.social_context, VALUE_SHOWN))))
    lines.append(tr("manage-card-project",
                    project=project_label(tr, entry.project_name, user.project_id)))
    lines.append(tr("manage-card-added", when=when(tr, user.created_at, zone),
                    by=who(tr, user.requester_telegram_id, entry.requester_name)))
    if user.updated_at and user.created_at and user.updated_at != user.created_at:
        lines.append(tr("manage-card-updated", when=when(tr, user.updated_at, zone)))
    return "\n".join(lines)


def card_keyboard(tr: Translator, entry: Entry) -> InlineKeyboardMarkup:
    entry_id = entry.user.id

    def act(key: str, action: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(text=tr(key), callback_data=CardAction(
            act=action, id=entry_id).pack())

    return InlineKeyboardMarkup(inline_keyboard=[
        [act("manage-btn-edit", "edit"), act("manage-btn-move", "move")],
        [act("manage-btn-remove", "rm"), act("manage-btn-history", "hist")],
        [InlineKeyboardButton(text=tr("manage-btn-instagram"),
                              url=profile_url(entry.user.username))],
    ])


def found_text(tr: Translator, query: str, found: Found, zone: str) -> str:
    """Several accounts: one short card each, numbered like their buttons."""
    lines = [tr("manage-find-title", query=escape(query), count=found.total)]
    for number, entry in enumerate(found.entries, start=1):
        user = entry.user
        lines.append("")
        lines.append(user_line(tr, number, handle(user),
                               escape(clip(user.full_name or "", NAME_SHOWN)), user))
        lines.append(tr("manage-find-line", pk=escape(user.user_pk),
                        project=project_label(tr, entry.project_name, user.project_id),
                        when=when(tr, user.created_at, zone),
                        by=who(tr, user.requester_telegram_id, entry.requester_name)))
    rest = found.total - len(found.entries)
    if found.capped:
        lines += ["", tr("manage-find-more-capped", count=rest)]
    elif rest > 0:
        lines += ["", tr("manage-find-more", count=rest)]
    return "\n".join(lines)


def found_keyboard(tr: Translator, found: Found) -> InlineKeyboardMarkup:
    rows = []
    for number, entry in enumerate(found.entries, start=1):
        # Button labels are plain text: clipped, not escaped.
        project = clip(entry.project_name, 24) if entry.project_name else tr("value-none")
        rows.append([InlineKeyboardButton(
            text=tr("manage-found-button", number=number,
                    username=clip(entry.user.username, 30), project=project),
            callback_data=OpenCard(id=entry.user.id).pack())])
    return InlineKeyboardMarkup(inline_keyboard=rows)


# --- audit lines --------------------------------------------------------------------------
def changed_fields(tr: Translator, before: Mapping[str, Any] | None,
                   after: Mapping[str, Any] | None) -> str:
    if not before or not after:
        return ""
    names = [tr.field(_FIELD_KEYS.get(c, c)) for c in _DESCRIBED
             if before.get(c) != after.get(c) and c != "project_id"]
    return ", ".join(names)


def describe(tr: Translator, row: AuditRow, zone: str, *, with_time: bool = True) -> str:
    """One change in words: "moved @acme to Beta (#2)"."""
    values = row.after or row.before or {}
    username = escape(clip(str(row.username or values.get("username") or "?"), NAME_SHOWN))
    if row.entity == "project":
        name = values.get("name")
        text = tr(f"manage-what-{row.action.replace('_', '-')}",
                  project=project_label(tr, str(name) if name else None, row.project_id))
    else:
        text = tr(f"manage-what-{row.action.replace('_', '-')}", username=username,
                  project=project_label(tr, row.project_name, row.project_id),
                  fields=escape(changed_fields(tr, row.before, row.after))
                  or tr("value-none"))
    if with_time:
        text = tr("manage-history-line", when=when(tr, row.at, zone),
                  who=who(tr, row.actor, row.actor_name), what=text)
    return text
