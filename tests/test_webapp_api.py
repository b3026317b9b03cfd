"""The Mini App's API over real HTTP (aiohttp on 127.0.0.1) against the real PostgreSQL:
authentication, pages, actions, export, limits, and what is logged."""

from __future__ import annotations

from typing import Any

from tests.webapp_support import ADMIN_ID, WebAppServer, webapp

__all__ = ["webapp"]


async def get(server: WebAppServer, path: str, user_id: int | None = ADMIN_ID,
              **kwargs: Any) -> tuple[int, Any]:
    async with server.client(user_id, **kwargs) as http, http.get(server.url(path)) as r:
        return r.status, await r.json()


async def test_session_names_the_admin_and_gives_the_page_texts(
        webapp: WebAppServer) -> None:
    status, body = await get(webapp, "/api/session", first_name="Ann")
    assert status == 200
    assert body["user"] == {"id": ADMIN_ID, "name": "Ann"}
    assert body["lang"] == "en"
    assert body["texts"]["open"] == "📋 Open the list"
    assert body["texts"]["selected"] == "Selected: {count}"
