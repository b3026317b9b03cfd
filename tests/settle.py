"""Waiting for the bot's background work (a redraw after a look-up) before looking."""

from __future__ import annotations

import asyncio


async def settle(timeout: float = 10.0) -> None:
    """Return once every other task of the loop is done (aiogram-dialog's background
    updates and the wizard's look-ups run as tasks)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        me = asyncio.current_task()
        pending = [t for t in asyncio.all_tasks() if t is not me and not t.done()]
        if not pending:
            return
        await asyncio.wait(pending, timeout=deadline - loop.time())
    raise AssertionError("background work still running after the timeout")
