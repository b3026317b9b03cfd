"""Unique ids for aiogram-dialog's stacks and forms.

aiogram-dialog 2.x makes an id from the current second plus one of 100 random prefixes
(``aiogram_dialog.api.entities.stack.new_int_id``), so two stacks or forms opened in the
same second clash once in 100: the second overwrites the first ("Stack is broken"),
which an admin opening a list and a form at once can hit. Its ``new_id`` looks
``new_int_id`` up at call time, so replacing that one function gives every new stack and
form a 64-bit random id. Ids already stored stay valid: they are only compared as text.
"""

from __future__ import annotations

import secrets

from aiogram_dialog.api.entities import stack


def unique_int_id() -> int:
    return secrets.randbits(64)


def use_unique_ids() -> None:
    stack.new_int_id = unique_int_id
