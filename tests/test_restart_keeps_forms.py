"""Open forms survive a restart: ``python -m bot`` as a real process, stopped with SIGTERM
and killed with SIGKILL between two answers, against a fake Bot API server on loopback.

Dialog state lives in the bot's PostgreSQL by default (no REDIS_URL): after each restart
the wizard carries on at the same step with the earlier answers, and the pk question
asked after a link still takes the pk.
"""

from __future__ import annotations

import asyncio
import re
import signal
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest

from repository.migrations import migrate
from tests.botapi import AdminClient, FakeBotApi, serve_api
from tests.conftest import ADMIN_ID, OTHER_ADMIN_ID
from tests.test_runner import bot_env, start_bot

WIZARD_ADMIN = ADMIN_ID
LINK_ADMIN = OTHER_ADMIN_ID


@pytest.fixture
async def chat_api() -> AsyncIterator[tuple[FakeBotApi, str]]:
    async with serve_api(FakeBotApi()) as served:
        yield served


class Admin:
    """An admin whose updates the bot fetches by polling."""

    def __init__(self, api: FakeBotApi, user_id: int) -> None:
        self.api, self.user_id = api, user_id
        self.client = AdminClient(api, user_id, secret="")

    def send(self, text: str) -> None:
        self.api.push(self.client.text_update(text))

    def click(self, label: str) -> None:
        self.api.push(self.client.click_update(re.escape(label)))

    async def wait_for(self, fragment: str) -> str:
        return await self.api.wait_for_text(self.user_id, fragment)


# Test-only: the test's database says when the bot saves dialog state, so waiting for a
# save needs no polling.
NOTIFY_ON_SAVE = """
CREATE FUNCTION test_state_saved() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN PERFORM pg_notify('dialog_state_saved', ''); RETURN NULL; END $$;
CREATE TRIGGER test_state_saved AFTER INSERT OR UPDATE ON igbot_dialog_state
FOR EACH STATEMENT EXECUTE FUNCTION test_state_saved();
"""


async def stored(dsn: str, fragment: str, timeout: float = 30) -> None:
    """Wait until the dialog state in PostgreSQL holds ``fragment`` in a form that its
    stack lists (the bot saves the form, then the stack, just after answering; a kill
    before that would lose that one answer, as with any store)."""
    conn = await asyncpg.connect(dsn)
    saved = asyncio.Event()
    await conn.add_listener("dialog_state_saved", lambda *_: saved.set())
    try:
        async with asyncio.timeout(timeout):
            while True:
                saved.clear()  # before looking: a save after the look still wakes us
                if await conn.fetchval(
                        "SELECT count(*) FROM igbot_dialog_state form"
                        " JOIN igbot_dialog_state stack ON stack.key LIKE '%aiogd:stack:%'"
                        " AND stack.data -> 'intents' ? (form.data ->> '_intent_id')"
                        " WHERE form.data::text LIKE '%' || $1 || '%'", fragment):
                    return
                await saved.wait()
    except TimeoutError:
        raise AssertionError(f"{fragment!r} never reached the dialog state") from None
    finally:
        await conn.close()


async def stop(proc: asyncio.subprocess.Process, sig: signal.Signals) -> str:
    proc.send_signal(sig)
    _, err = await asyncio.wait_for(proc.communicate(), timeout=60)
    if sig == signal.SIGTERM:
        assert proc.returncode == 0, err.decode()
    else:
        assert proc.returncode == -signal.SIGKILL
    return err.decode()


async def test_forms_carry_on_after_sigterm_and_sigkill(
    chat_api: tuple[FakeBotApi, str], clean_dsn: str, tmp_path: Path,
) -> None:
    api, url = chat_api
    wizard, linker = Admin(api, WIZARD_ADMIN), Admin(api, LINK_ADMIN)
    conn = await asyncpg.connect(clean_dsn)
    try:
        await migrate(conn)
        await conn.execute(NOTIFY_ON_SAVE)
        project_id = await conn.fetchval(
            "INSERT INTO projects (name) VALUES ('Acme') RETURNING id")
        # The link admin has a current project: the pk is the only question.
        await conn.execute("INSERT INTO igbot_admin_preferences (telegram_id,"
                           " current_project_id) VALUES ($1, $2)", LINK_ADMIN, project_id)
    finally:
        await conn.close()
    env = bot_env(tmp_path, BOT_TOKEN="42:TEST",
                  ADMIN_IDS=f"{WIZARD_ADMIN},{LINK_ADMIN}", DATABASE_URL=clean_dsn,
                  TELEGRAM_API_URL=url)

    # First run: the wizard gets its project and pk; the link admin is asked for a pk.
    proc = await start_bot(tmp_path, env)
    try:
        wizard.send("/add")
        await wizard.wait_for("step 1 of 8")
        wizard.click(f"Acme (#{project_id})")
        await wizard.wait_for("step 2 of 8")
        wizard.send("1234567890")
        await wizard.wait_for("step 3 of 8")
        await stored(clean_dsn, "1234567890")
        linker.send("https://instagram.com/acme.store")
        await linker.wait_for("What is the pk of @acme.store?")
        await stored(clean_dsn, "acme.store")
    finally:
        err = await stop(proc, signal.SIGTERM)
    assert "Traceback" not in err

    # Second run, after SIGTERM: both forms carry on where they were.
    proc = await start_bot(tmp_path, env)
    try:
        wizard.send("acme.shop")
        text = await wizard.wait_for("step 4 of 8")
        assert f"Project: Acme (#{project_id})" in text
        linker.send("51234567890")
        text = await linker.wait_for("Created")
        assert "@acme.store" in text and "pk: 51234567890" in text
        wizard.send("Acme Shop")
        await wizard.wait_for("step 5 of 8")
        await stored(clean_dsn, "Acme Shop")
        linker.send("@second.shop")
        await linker.wait_for("What is the pk of @second.shop?")
        await stored(clean_dsn, "second.shop")
    finally:
        await stop(proc, signal.SIGKILL)

    # Third run, after SIGKILL: again.
    proc = await start_bot(tmp_path, env)
    err = ""
    try:
        wizard.click("✅ Save now")
        text = await wizard.wait_for("Created")
        assert "@acme.shop — Acme Shop" in text and "pk: 1234567890" in text
        linker.send("61234567890")
        # "Created", not "@second.shop": the pk question on screen already names it.
        text = await linker.wait_for("Created")
        assert "@second.shop" in text
    finally:
        err = await stop(proc, signal.SIGTERM)
    assert "Traceback" not in err

    conn = await asyncpg.connect(clean_dsn)
    try:
        rows = await conn.fetch(
            "SELECT user_pk, username, full_name, requester_telegram_id"
            " FROM instagram_similar_users WHERE project_id = $1 ORDER BY user_pk",
            project_id)
    finally:
        await conn.close()
    assert [tuple(r) for r in rows] == [
        ("1234567890", "acme.shop", "Acme Shop", str(WIZARD_ADMIN)),
        ("51234567890", "acme.store", "", str(LINK_ADMIN)),
        ("61234567890", "second.shop", "", str(LINK_ADMIN)),
    ]
