"""The reply to an imported list: "16 read: 5 created, 2 already there, 9 rejected".

Rejections name the user (``@name`` or pk, the entry's number only when it has neither);
when anything was rejected, a CSV document lists every rejected entry with its reason;
for short lists the created usernames are named.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from bot.i18n import Translator
from bot.problems import Problem
from repository.schemas import CreateUserResult

MAX_REASONS = 3
# Lists up to this long name every created user.
NAMED_CREATED_MAX = 10
Entry = Mapping[str, Any] | Problem


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def entry_name(tr: Translator, entry: Entry, index: int) -> str:
    """How the admin knows an entry: @username, else pk, else its number (plain text)."""
    if isinstance(entry, Mapping):
        username = _text(entry.get("username")).lstrip("@")
        if username:
            return f"@{username[:64]}"
        pk = entry.get("pk")
        if isinstance(pk, int | str) and not isinstance(pk, bool) and str(pk).strip():
            return tr("import-entry-pk", pk=str(pk).strip()[:32])
    return tr("import-entry-number", index=index)


def reason_text(tr: Translator, result: CreateUserResult) -> str:
    if result.error_code:
        return tr.problem(Problem(result.error_code, result.error_args or {}))
    return result.error or ""


def rejected(entries: Sequence[Entry], results: Sequence[CreateUserResult],
             ) -> list[tuple[int, Entry, CreateUserResult]]:
    return [(i, e, r) for i, (e, r) in enumerate(zip(entries, results, strict=False), start=1)
            if not r.success]


def render_import_summary(tr: Translator, entries: Sequence[Entry],
                          results: Sequence[CreateUserResult], total: int, *,
                          done: bool, clip: int = 200) -> str:
    """One message for a list: counts (so far), who was created, the first reasons."""
    created = [r for r in results if r.created]
    existed = sum(1 for r in results if r.already_exists)
    bad = rejected(entries, results)
    if not done:
        return tr("summary-progress", processed=len(results), total=total)
    lines = [tr("import-summary", read=total, created=len(created), existed=existed,
                rejected=len(bad))]
    if created and total <= NAMED_CREATED_MAX:
        names = ", ".join(f"@{escape(r.user.username)}" for r in created if r.user)
        lines.append(tr("import-created-names", names=names))
    for index, entry, result in bad[:MAX_REASONS]:
        reason = reason_text(tr, result)
        if len(reason) > clip:
            reason = reason[:clip - 1] + "…"
        lines.append(tr("import-reason", who=escape(entry_name(tr, entry, index)),
                        reason=escape(reason)))
    if len(bad) > MAX_REASONS:
        lines.append(tr("import-more-rejected", count=len(bad) - MAX_REASONS))
    if bad:
        lines.append(tr("import-rejected-file"))
    return "\n".join(lines)


def _cell(value: str) -> str:
    """No spreadsheet formulas out of user data."""
    return "'" + value if value.startswith(("=", "+", "-", "@", "\t", "\r")) else value


def rejected_csv(tr: Translator, entries: Sequence[Entry],
                 results: Sequence[CreateUserResult]) -> bytes:
    """Every rejected entry and its reason, as CSV (UTF-8 with a BOM, for spreadsheets)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["entry", "username", "pk", "reason"])
    for index, entry, result in rejected(entries, results):
        username = pk = ""
        if isinstance(entry, Mapping):
            username = _text(entry.get("username"))
            raw_pk = entry.get("pk")
            pk = str(raw_pk) if isinstance(raw_pk, int | str) and not isinstance(
                raw_pk, bool) else ""
        writer.writerow([index, *map(_cell, (username, pk, reason_text(tr, result)))])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
