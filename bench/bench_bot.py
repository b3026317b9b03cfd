"""Bot throughput: "paste one JSON user -> created reply" through the real Dispatcher.

Measured beside two floors in the same run, on the same machine:
  * a bare aiogram handler that only answers (same fake Bot session), and
  * a single-row ``INSERT ... ON CONFLICT`` on a pool of 5.
Target: per-update cost of the product <= 2x the sum of the two floors' per-op costs.

Second part: one wizard text step (the pk step of /add) against aiogram-dialog's
own cost for a one-window dialog with a TextInput. Target: <= 1.5x.

Every figure is a median over several rounds; 5 chats send at once.

Third: the admin actions (messages sent, buttons pressed) a minimal /add takes, pk and
username into the current project. Target: <= 4 (the wizard before issue 9 took 10).

    .venv/bin/python bench/bench_bot.py [--updates 1000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import asyncpg
from aiogram import Dispatcher, F, Router
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import Message
from aiogram_dialog import Dialog, DialogManager, StartMode, Window, setup_dialogs
from aiogram_dialog.test_tools.memory_storage import JsonMemoryStorage
from aiogram_dialog.widgets.input import TextInput
from aiogram_dialog.widgets.text import Const
from benchdb import database
from pydantic import SecretStr

from bot.config import Settings
from bot.factory import AppContext, create_bot, create_dispatcher
from bot.i18n import I18n
from bot.service import CreateUserService
from handlers import get_routers
from repository.instagram import InstagramRepository
from repository.migrations import migrate
from repository.pool import create_pool
from repository.preferences import PreferencesRepository
from tests.telegram import ChatUser, FakeTelegram, Reply

CHATS = 5
FIRST_ADMIN = 1000


async def step_latency(count: int, chats: list[ChatUser],
                       step: Callable[[ChatUser, int], Awaitable[Any]],
                       reset: Callable[[ChatUser, Any], Awaitable[Any]] | None = None) -> float:
    """Median seconds of one timed text step, CHATS chats at once; ``reset`` (given what
    the step returned) is untimed."""
    timings: list[float] = []

    async def chat(user: ChatUser) -> None:
        for i in range(count // CHATS):
            started = time.perf_counter()
            shown = await step(user, i)
            timings.append(time.perf_counter() - started)
            if reset is not None:
                await reset(user, shown)

    await asyncio.gather(*(chat(u) for u in chats))
    return statistics.median(timings)


async def in_chats(count: int, action: Callable[[int, int], Awaitable[Any]]) -> float:
    """Run ``count`` actions spread over CHATS concurrent chats; seconds per action."""
    per_chat = count // CHATS

    async def chat(c: int) -> None:
        for i in range(per_chat):
            await action(c, i)

    started = time.perf_counter()
    await asyncio.gather(*(chat(c) for c in range(CHATS)))
    return (time.perf_counter() - started) / (per_chat * CHATS)


def users(dp: Dispatcher, telegram: FakeTelegram, bot: Any) -> list[ChatUser]:
    # Background work is not waited for: each step is timed as the admin sees it.
    return [ChatUser(dp, bot, telegram, FIRST_ADMIN + c, wait_background=False)
            for c in range(CHATS)]


# --- floors ---------------------------------------------------------------------------
def bare_dispatcher() -> Dispatcher:
    # Note: aiogram runs a plain-function filter, a magic ``F`` filter too, in a worker
    # thread, so this floor includes one thread hop per update (the product's filters are
    # coroutines and take none; a coroutine filter here makes this floor ~30% cheaper).
    router = Router()

    @router.message(F.text)
    async def answer(message: Message) -> None:
        await message.answer("ok")

    dp = Dispatcher()
    dp.include_router(router)
    return dp


async def insert_floor(pool: asyncpg.Pool, count: int, round_no: int) -> float:
    async def one(c: int, i: int) -> None:
        await pool.execute(
            "INSERT INTO instagram_similar_users (search_username, user_pk, username,"
            " project_id, profile_url) VALUES ($1, $2, $3, $4, $5)"
            " ON CONFLICT DO NOTHING",
            f"manual_floor{c}_{i}", f"9{round_no}{c}{i:06d}", f"floor{c}_{i}", 1,
            f"https://instagram.com/floor{c}_{i}",
        )

    return await in_chats(count, one)


class OneWindow(StatesGroup):
    main = State()


def one_window_dialog() -> Dialog:
    async def accepted(message: Message, widget: Any, manager: DialogManager, text: str) -> None:
        manager.dialog_data["value"] = text

    return Dialog(Window(Const("Type something"),
                         TextInput(id="value", on_success=accepted),
                         state=OneWindow.main))


async def is_go(message: Message) -> bool:
    # A coroutine, not ``F.text == "/go"``: a magic filter runs in a worker thread (see
    # bare_dispatcher), and while a step waits for that thread the other chats' updates
    # run, inside its timing. The product's text steps take no such hop, so the floor must
    # not either: it times a dialog step, not four other chats' work.
    return message.text == "/go"


def baseline_dialog_dispatcher() -> Dispatcher:
    router = Router()

    @router.message(is_go)
    async def go(message: Message, dialog_manager: DialogManager) -> None:
        await dialog_manager.start(OneWindow.main, mode=StartMode.RESET_STACK)

    dp = Dispatcher(storage=JsonMemoryStorage())
    dp.include_routers(router, one_window_dialog())
    setup_dialogs(dp)
    return dp


# --- the product ----------------------------------------------------------------------
def product_dispatcher(pool: asyncpg.Pool) -> tuple[Dispatcher, InstagramRepository]:
    settings = Settings(
        bot_token=SecretStr("42:BENCH"),
        admin_ids=frozenset(range(FIRST_ADMIN, FIRST_ADMIN + CHATS)),
        _env_file=None,  # type: ignore[call-arg]
    )
    repo = InstagramRepository(pool)
    i18n = I18n("en")
    app = AppContext(settings=settings, repo=repo, prefs=PreferencesRepository(pool),
                     service=CreateUserService(repo, concurrency=5, i18n=i18n), i18n=i18n)
    return create_dispatcher(app, get_routers(), storage=JsonMemoryStorage()), repo


async def reset(pool: asyncpg.Pool) -> None:
    await pool.execute("TRUNCATE instagram_similar_users")


async def main(updates: int, rounds: int) -> None:
    with database("igbot-bench-") as (dsn, _):
        await run(dsn, updates, rounds)


async def run(dsn: str, updates: int, rounds: int) -> None:
    pool = await create_pool(dsn, min_size=5, max_size=5)
    try:
        async with pool.acquire() as conn:
            await migrate(conn)  # type: ignore[arg-type]
        project_id = await pool.fetchval(
            "INSERT INTO projects (name) VALUES ('bench') RETURNING id")
        telegram = FakeTelegram()
        bot = create_bot(Settings(bot_token=SecretStr("42:BENCH"),
                                  _env_file=None),  # type: ignore[call-arg]
                         session=telegram)

        bare = users(bare_dispatcher(), telegram, bot)
        product_dp, repo = product_dispatcher(pool)
        product = users(product_dp, telegram, bot)
        baseline = users(baseline_dialog_dispatcher(), telegram, bot)
        await asyncio.gather(*(u.send("/go") for u in baseline))
        for user in product:  # the wizard waits at its pk step
            await user.send("/add")
            await user.click(r".*bench.*")

        results: dict[str, list[float]] = {k: [] for k in
                                            ("bare", "insert", "paste", "dialog", "wizard")}
        for round_no in range(rounds):
            await reset(pool)
            results["bare"].append(await in_chats(
                updates, lambda c, i: bare[c].send("hello")))
            results["insert"].append(await insert_floor(pool, updates, round_no))
            await reset(pool)

            async def paste(c: int, i: int, r: int = round_no) -> None:
                reply = await product[c].send(
                    f'{{"pk": "{r + 1}{c}{i:07d}", "username": "user{c}_{i}",'
                    f' "full_name": "User {i}", "project_id": {project_id}}}')
                assert "Created" in reply.last.text, reply.last.text

            results["paste"].append(await in_chats(updates, paste))
            results["dialog"].append(await step_latency(
                updates, baseline, lambda user, i: user.send(f"text {i}")))
            results["wizard"].append(await step_latency(
                updates, product, wizard_pk_step, wizard_back))
        report(results, await repo.count_users(project_id), updates)
        actions = await minimal_add_actions(product_dp, telegram, bot)
        print(f"minimal /add (pk + username, current project): {actions} admin actions  "
              "(target <= 4; 10 before issue 9)")
    finally:
        await pool.close()


async def minimal_add_actions(dp: Dispatcher, telegram: FakeTelegram, bot: Any) -> int:
    """Count what an admin does for a minimal add: each message and button press."""
    admin = ChatUser(dp, bot, telegram, FIRST_ADMIN)  # its current project: "bench"
    steps = [lambda: admin.send("/add"), lambda: admin.send("99887766"),
             lambda: admin.send("minimal.add"), lambda: admin.click(r"✅ Save now")]
    reply = None
    for step in steps:
        reply = await step()
    assert reply is not None and reply.last.text.startswith("✅ Created."), reply
    return len(steps)


async def wizard_pk_step(user: ChatUser, i: int) -> Reply:
    """The wizard's pk step: validate, store, show the username step."""
    reply = await user.send(f"{i + 1}")
    assert "username" in reply.last.text.lower(), reply.last.text
    return reply


async def wizard_back(user: ChatUser, step: Reply) -> None:
    """Back to the pk step, pressed on the message the step showed. (Without it, the fake
    Telegram would look for the chat's last keyboard among every message it ever stored,
    work that grows with the run and, untimed as it is, slows the next step by evicting
    it from the CPU caches.)"""
    await user.click(r".*Back", step.last)


def report(results: dict[str, list[float]], rows: int, updates: int) -> None:
    med = {k: statistics.median(v) for k, v in results.items()}
    print(f"{updates} updates per round, {CHATS} chats at once; medians over "
          f"{len(results['bare'])} rounds ({rows} rows from the last paste round)")
    print(f"{'what':<46}{'ms/op':>10}{'ops/s':>10}")
    for key, label in (("bare", "floor: bare aiogram handler answers"),
                       ("insert", "floor: single-row INSERT ON CONFLICT, pool 5"),
                       ("paste", "igbot: paste one JSON user -> created reply"),
                       ("dialog", "floor: one-window dialog text input (latency)"),
                       ("wizard", "igbot: /add wizard pk step (latency)")):
        print(f"{label:<46}{med[key] * 1000:>10.3f}{1 / med[key]:>10.0f}")
    floor = med["bare"] + med["insert"]
    print(f"paste / (bare + insert) = {med['paste'] / floor:.2f}x  (target <= 2x)")
    print(f"wizard step / one-window dialog = {med['wizard'] / med['dialog']:.2f}x  "
          "(target <= 1.5x)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--updates", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    asyncio.run(main(args.updates, args.rounds))
