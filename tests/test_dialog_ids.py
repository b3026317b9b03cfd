"""Stacks and forms opened in the same second get different ids (bot/dialog_ids.py)."""

from __future__ import annotations

from aiogram_dialog.api.entities import Stack

from bot.dialog_ids import use_unique_ids


def test_ids_made_in_the_same_second_do_not_clash() -> None:
    use_unique_ids()
    # aiogram-dialog's own ids take one of 100 values within a second: 1,000 would clash.
    stacks = [Stack() for _ in range(1_000)]
    assert len({s.id for s in stacks}) == 1_000
    forms = [stacks[0].push(state=None, data=None).id for _ in range(90)]  # type: ignore[arg-type]
    assert len(set(forms) | {s.id for s in stacks}) == 1_090
