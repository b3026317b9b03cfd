"""Keeping the cyclic garbage collector's pauses short in a long-running bot.

CPython's full collection scans every tracked object, and it holds the event loop while
it does: with the libraries loaded (~200,000 objects) and a big document's users in
memory, one pause took most of a second on a busy machine, during which no other admin
was answered. While a big import runs, what was alive when it started (the libraries'
objects, the document's parsed users) needs no scanning: ``gc.freeze()`` moves it out
of the collector's way (reference counting still frees it as usual), and
``gc.unfreeze()`` hands it back when the last big import ends, so that nothing cyclic is
kept for good. (No freeze at start-up as well: the first unfreeze would undo it.)
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_holding = 0


@contextmanager
def big_work_frozen() -> Iterator[None]:
    """Objects alive when a big job starts (its parsed input) are not scanned again while
    it runs; once the last such job ends, they are scanned (and freed) as usual."""
    global _holding
    gc.freeze()
    _holding += 1
    try:
        yield
    finally:
        _holding -= 1
        if _holding == 0:
            gc.unfreeze()


_pausing = 0


@contextmanager
def collector_paused() -> Iterator[None]:
    """No collection while a document is parsed (a second or two): parsing makes
    objects by the hundred thousand, each wave of which would trigger a full scan. What
    it leaves alive is frozen by ``big_work_frozen`` when its import starts."""
    global _pausing
    was_enabled = gc.isenabled() if _pausing == 0 else True
    gc.disable()
    _pausing += 1
    try:
        yield
    finally:
        _pausing -= 1
        if _pausing == 0 and was_enabled:
            gc.enable()
