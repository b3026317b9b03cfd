"""/export of a 100,000-user project by the real bot process, against a fake Bot API
server: the document holds every row, and the bot's peak memory stays under 300 MB."""

from __future__ import annotations

import asyncio
import csv
import json
import signal
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from aiohttp import web

from bot.export import EXPORT_COLUMNS
from repository.migrations import migrate
from tests.botapi import FakeBotApi, serve_api
from tests.conftest import ADMIN_ID
from tests.test_runner import bot_env, start_bot

USERS = 100_000
PEAK_LIMIT_MB = 300


def export_update(text: str) -> dict[str, Any]:
    return {
        "update_id": 7,
        "message": {
            "message_id": 7, "date": 1700000000, "text": text,
            "chat": {"id": ADMIN_ID, "type": "private"},
            "from": {"id": ADMIN_ID, "is_bot": False, "first_name": "Admin",
                     "language_code": "en"},
            "entities": [{"type": "bot_command", "offset": 0, "length": 7}],
        },
    }


class DocumentApi(FakeBotApi):
    """The fake Bot API, writing each uploaded document to disk as it streams in."""

    def __init__(self, directory: Path) -> None:
        super().__init__()
        self.directory = directory
        self.document = asyncio.Future[tuple[str, Path, str]]()

    async def handle(self, request: web.Request) -> web.Response:
        if request.match_info["method"] != "sendDocument":
            return await super().handle(request)
        return web.json_response({"ok": True, "result": await self._document(request)})

    async def _document(self, request: web.Request) -> dict[str, Any]:
        reader = await request.multipart()
        name, caption, path = "", "", self.directory / "received"
        async for part in reader:
            if part.filename:  # type: ignore[union-attr]  # aiogram: document=attach://<part>
                name = part.filename  # type: ignore[union-attr]
                with path.open("wb") as out:
                    while chunk := await part.read_chunk():  # type: ignore[union-attr]
                        out.write(chunk)
            elif part.name == "caption":  # type: ignore[union-attr]
                caption = await part.text()  # type: ignore[union-attr]
        if not self.document.done():
            self.document.set_result((name, path, caption))
        return {"message_id": 100, "date": 1700000002,
                "chat": {"id": ADMIN_ID, "type": "private"},
                "document": {"file_id": "f", "file_unique_id": "u", "file_name": name}}


@pytest.fixture
async def document_api(tmp_path: Path) -> AsyncIterator[tuple[DocumentApi, str]]:
    async with serve_api(DocumentApi(tmp_path), client_max_size=1024**3) as served:
        yield served


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM in /proc")


async def seed(dsn: str) -> int:
    conn = await asyncpg.connect(dsn)
    try:
        await migrate(conn)
        project_id: int = await conn.fetchval(
            "INSERT INTO projects (name) VALUES ('Big Launch') RETURNING id")
        await conn.execute(
            """
            INSERT INTO instagram_similar_users (search_username, user_pk, username, full_name,
                is_private, is_verified, profile_pic_url, profile_url, project_id,
                requester_telegram_id, metadata, created_at)
            SELECT 'manual_user' || n, n::text, 'user' || n,
                   CASE WHEN n = 50000 THEN '=HYPERLINK("http://evil.example","x")'
                        ELSE 'Full Name ' || n END,
                   n % 2 = 0, n % 7 = 0,
                   'https://scontent.cdninstagram.com/v/t51.2885-19/' || md5(n::text) || '.jpg',
                   'https://instagram.com/user' || n, $1, '100',
                   jsonb_build_object('source', 'bench', 'n', n),
                   now() - (n || ' seconds')::interval
            FROM generate_series(1, $2) n
            """, project_id, USERS)
        return project_id
    finally:
        await conn.close()


# aiohttp's own multipart reader warns about its internals; nothing of ours.
@pytest.mark.filterwarnings("ignore:unread_data:DeprecationWarning")
async def test_export_of_100k_users_streams_in_bounded_memory(
    document_api: tuple[DocumentApi, str], clean_dsn: str, tmp_path: Path,
) -> None:
    api, url = document_api
    project_id = await seed(clean_dsn)
    env = bot_env(tmp_path, BOT_TOKEN="42:TEST", ADMIN_IDS=str(ADMIN_ID),
                  DATABASE_URL=clean_dsn, TELEGRAM_API_URL=url, LOG_LEVEL="WARNING")
    proc = await start_bot(tmp_path, env)
    try:
        await api.wait_for_call("getUpdates")
        idle_peak = peak_rss_mb(proc.pid)
        api.push(export_update(f"/export {project_id}"))
        name, path, caption = await asyncio.wait_for(api.document, timeout=300)
        peak = peak_rss_mb(proc.pid)
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(proc.communicate(), timeout=60)
    print(f"\nbot peak RSS: idle {idle_peak:.0f} MB, after a {USERS}-user export "
          f"{peak:.0f} MB; file {path.stat().st_size / 1e6:.1f} MB")
    assert peak < PEAK_LIMIT_MB, (idle_peak, peak)
    assert proc.returncode == 0, err.decode()
    assert "Traceback" not in err.decode()

    assert name == f"Big_Launch_{datetime.now(UTC).date().isoformat()}.csv"
    assert caption == f"📤 <b>Big Launch</b> (#{project_id}): {USERS} users, CSV."
    with path.open(newline="", encoding="utf-8") as file:
        reader = csv.reader(file)
        assert next(reader) == list(EXPORT_COLUMNS)
        count = 0
        previous = 0
        for row in reader:
            count += 1
            pk = int(row[1])
            assert pk > previous  # newest first: pk n is n seconds old
            previous = pk
            if pk == 50000:
                assert row[3] == "'=HYPERLINK(\"http://evil.example\",\"x\")"
            if pk == 1:
                assert json.loads(row[-1]) == {"source": "bench", "n": 1}
                assert row[2] == "user1" and row[4] == "false" and row[5] == "false"
    assert count == USERS
    assert previous == USERS
