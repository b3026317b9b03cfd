"""Users read from one document, waiting for an answer (a pk, a project) before the import."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.problems import Problem

# Where the import dialog keeps ``Pending.to_data()``: its start data or dialog data.
PENDING = "pending"


@dataclass(frozen=True)
class Pending:
    """Users read from one document, waiting to be created.

    Stored in a dialog's start or dialog data as ``to_data()``: plain JSON, so any FSM
    storage (Redis included) keeps it.
    """

    entries: list[dict[str, Any] | Problem]
    single: bool
    reply_to: int | None = None

    @property
    def without_project(self) -> int:
        """How many users name no project of their own."""
        return sum(1 for e in self.entries
                   if isinstance(e, dict) and e.get("project_id") is None)

    def to_data(self) -> dict[str, Any]:
        return {
            "entries": [{"problem": e.to_data()} if isinstance(e, Problem) else {"user": e}
                        for e in self.entries],
            "single": self.single,
            "reply_to": self.reply_to,
        }

    @classmethod
    def from_data(cls, data: Any) -> Pending | None:
        if not isinstance(data, Mapping) or not isinstance(data.get("entries"), list):
            return None
        entries: list[dict[str, Any] | Problem] = []
        for item in data["entries"]:
            problem = Problem.from_data(item.get("problem"))
            entries.append(problem if problem is not None else dict(item["user"]))
        reply_to = data.get("reply_to")
        return cls(entries, bool(data.get("single")),
                   reply_to if isinstance(reply_to, int) else None)
