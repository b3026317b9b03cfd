"""The Mini App's API over real HTTP (aiohttp on 127.0.0.1) against the real PostgreSQL:
who may call it, pages, actions, the export, limits, headers and what is logged."""

from __future__ import annotations

import csv
import io
import logging
import time
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from bot.webapp import RateLimit
from bot.webapp.static import CSP
from tests.webapp_support import (
    ADMIN_ID,
    OTHER_ADMIN_ID,
    STRANGER_ID,
    TOKEN,
    WebAppServer,
    auth_header,
    make_init_data,
    webapp,
    webapp_server,
)

__all__ = ["webapp"]
USERS = "instagram_similar_users"


async def call(server: WebAppServer, method: str, path: str, json: Any = None, *,
               headers: dict[str, str] | None = None, user_id: int | None = ADMIN_ID,
               **kwargs: Any) -> tuple[int, Any]:
    """One request as ``user_id`` (or with ``headers`` as given); status and JSON body."""
    sent = headers if headers is not None else (
        auth_header(server.init_data(user_id, **kwargs)) if user_id else {})
    async with server.client(None) as http, http.request(
            method, server.url(path), json=json, headers=sent) as reply:
        assert reply.content_type == "application/json"
        assert reply.headers["Cache-Control"] == "no-store"
        return reply.status, await reply.json()


async def project(server: WebAppServer, name: str, *, active: bool = True) -> int:
    repo = server.context.repo
    created = await repo.create_project(name)
    if not active:
        await repo.pool.execute("UPDATE projects SET is_active = false WHERE id = $1",
                                created.id)
    return created.id


async def seed(pool: asyncpg.Pool, project_id: int, count: int) -> None:
    """Rows u1..uN: every 2nd private, every 3rd verified, every 4th added by ADMIN_ID
    (the rest by OTHER_ADMIN_ID), every 5th named "Shop ..."; one hour apart, u1 newest."""
    await pool.execute(
        f"""
        INSERT INTO {USERS} (search_username, user_pk, username, full_name, is_private,
            is_verified, project_id, requester_telegram_id, profile_pic_url, created_at)
        SELECT 'manual_u' || n, n::text, 'u' || n,
               CASE WHEN n % 5 = 0 THEN 'Shop ' || n ELSE 'Name ' || n END,
               n % 2 = 0, n % 3 = 0, $1, CASE WHEN n % 4 = 0 THEN $3 ELSE $4 END,
               'https://cdn.example/' || n || '.jpg', now() - (n || ' hours')::interval
        FROM generate_series(1, $2) n
        """, project_id, count, str(ADMIN_ID), str(OTHER_ADMIN_ID))


async def ids_of(pool: asyncpg.Pool, project_id: int, *usernames: str) -> list[str]:
    rows = await pool.fetch(f"SELECT id::text, username FROM {USERS} WHERE project_id = $1"
                            " AND username = ANY($2::text[])", project_id, list(usernames))
    by_name = {r["username"]: r["id"] for r in rows}
    return [by_name[u] for u in usernames]


async def all_pages(server: WebAppServer, query: str) -> tuple[list[str], int]:
    """Every username the page would scroll through, and the total it was told."""
    status, body = await call(server, "GET", f"/api/users?{query}")
    assert status == 200, body
    total = body["total"]
    names = [r["username"] for r in body["rows"]]
    while body["next"]:
        status, body = await call(server, "GET", f"/api/users?{query}&cursor={body['next']}")
        assert status == 200, body
        assert "total" not in body  # counted once, on the first page
        names += [r["username"] for r in body["rows"]]
    return names, total


# --- who may call ---------------------------------------------------------------------
async def test_session_names_the_admin_and_gives_the_page_texts_in_their_language(
        webapp: WebAppServer) -> None:
    status, body = await call(webapp, "GET", "/api/session", first_name="Ann")
    assert status == 200
    assert body["user"] == {"id": ADMIN_ID, "name": "Ann"}
    assert body["lang"] == "en"
    assert body["texts"]["open"] == "📋 Open the list"
    assert body["texts"]["selected"] == "Selected: {count}"
    assert all(not k.startswith("webapp-") for k in body["texts"])

    status, body = await call(webapp, "GET", "/api/session", language_code="ru",
                              first_name="Анна", last_name="К.")
    assert body["lang"] == "ru" and body["user"]["name"] == "Анна К."
    assert body["texts"]["selected"] == "Выбрано: {count}"


async def test_forged_stale_foreign_or_missing_init_data_gets_401_and_touches_nothing(
        webapp: WebAppServer) -> None:
    pool = webapp.context.repo.pool
    pid = await project(webapp, "Acme")
    await seed(pool, pid, 3)
    [victim] = await ids_of(pool, pid, "u1")
    good = webapp.init_data(ADMIN_ID)
    forged = good[:-4] + ("0000" if not good.endswith("0000") else "1111")
    stale = make_init_data(TOKEN, ADMIN_ID, auth_date=int(time.time()) - 25 * 3600)
    other_bot = make_init_data("43:OTHER", ADMIN_ID)
    cases = {
        "forged hash": auth_header(forged),
        "stale auth_date": auth_header(stale),
        "another bot's token": auth_header(other_bot),
        "a non-admin": auth_header(make_init_data(TOKEN, STRANGER_ID)),
        "no header": {},
        "another scheme": {"Authorization": f"Bearer {good}"},
    }
    for case, headers in cases.items():
        for method, path, body in (("GET", "/api/session", None),
                                   ("POST", "/api/remove", {"ids": [victim]})):
            status, answer = await call(webapp, method, path, body, headers=headers)
            assert status == 401, case
            assert answer["error"], case
    status, answer = await call(webapp, "GET", "/api/session",
                                headers=auth_header(make_init_data(TOKEN, STRANGER_ID)))
    assert str(STRANGER_ID) in answer["error"]  # the refusal says which id to add
    status, answer = await call(webapp, "GET", "/api/session", headers=auth_header(stale))
    assert "24 hours" in answer["error"]
    assert await pool.fetchval(f"SELECT count(*) FROM {USERS}") == 3


# --- reading ------------------------------------------------------------------------------
async def test_projects_with_the_admins_current_one(webapp: WebAppServer) -> None:
    acme = await project(webapp, "Acme")
    old = await project(webapp, "Old <b>", active=False)
    status, body = await call(webapp, "GET", "/api/projects")
    assert status == 200
    assert body == {"projects": [{"id": acme, "name": "Acme", "active": True},
                                 {"id": old, "name": "Old <b>", "active": False}],
                    "current": None}
    await webapp.context.prefs.set_current_project(ADMIN_ID, acme)
    assert (await call(webapp, "GET", "/api/projects"))[1]["current"] == acme


async def test_pages_scroll_to_the_end_with_each_sort_filter_and_search(
        webapp: WebAppServer) -> None:
    pool = webapp.context.repo.pool
    pid = await project(webapp, "Acme")
    await seed(pool, pid, 120)
    await webapp.context.manage.remember_admin(OTHER_ADMIN_ID, "Bob", None)

    names, total = await all_pages(webapp, f"project={pid}")
    assert total == 120 and names == [f"u{n}" for n in range(1, 121)]
    names, _ = await all_pages(webapp, f"project={pid}&sort=oldest&limit=7")
    assert names == [f"u{n}" for n in range(120, 0, -1)]
    names, _ = await all_pages(webapp, f"project={pid}&sort=username&limit=100")
    assert names == sorted(f"u{n}" for n in range(1, 121))

    wanted = {
        "private=1": [n for n in range(1, 121) if n % 2 == 0],
        "verified=1&private=1": [n for n in range(1, 121) if n % 6 == 0],
        "mine=1": [n for n in range(1, 121) if n % 4 == 0],
        "recent=1": list(range(1, 24)),  # an hour apart: u1..u23 are under 24 h old
        "q=shop": [n for n in range(1, 121) if n % 5 == 0],  # full name, any case
        "q=%40u11": [11, *range(110, 120)],  # username; a leading @ is the handle's
    }
    for query, numbers in wanted.items():
        names, total = await all_pages(webapp, f"project={pid}&{query}&limit=9")
        assert names == [f"u{n}" for n in numbers], query
        assert total == len(numbers), query

    status, body = await call(webapp, "GET", f"/api/users?project={pid}&limit=2")
    assert status == 200
    assert body["rows"][0] == {
        "id": body["rows"][0]["id"], "pk": "1", "username": "u1", "full_name": "Name 1",
        "private": False, "verified": False, "pic": "https://cdn.example/1.jpg",
        "url": "https://instagram.com/u1", "added_at": body["rows"][0]["added_at"],
        "added_by": "Bob"}
    _, body = await call(webapp, "GET", f"/api/users?project={pid}&q=u4&limit=1")
    assert body["rows"][0]["added_by"] == str(ADMIN_ID)  # a name the bot never saw


async def test_bad_page_requests_say_what_is_wrong(webapp: WebAppServer) -> None:
    pid = await project(webapp, "Acme")
    cases = {
        "project=abc": "not a project id",
        "project=": "not a project id",
        "project=999": "no project #999",
        f"project={pid}&sort=random": "not a sort",
        f"project={pid}&limit=0": "from 1 to 100",
        f"project={pid}&limit=101": "from 1 to 100",
        f"project={pid}&cursor=garbage": "Reload the list",
        f"project={pid}&q={'x' * 65}": "at most 64",
    }
    for query, text in cases.items():
        status, body = await call(webapp, "GET", f"/api/users?{query}")
        assert status == 400, query
        assert text in body["error"], (query, body)


# --- actions --------------------------------------------------------------------------
async def test_remove_then_undo_puts_the_same_rows_back_with_the_chats_audit(
        webapp: WebAppServer) -> None:
    pool = webapp.context.repo.pool
    pid = await project(webapp, "Acme")
    await seed(pool, pid, 5)
    chosen = await ids_of(pool, pid, "u2", "u4")
    before = await pool.fetch(f"SELECT * FROM {USERS} WHERE id = ANY($1::uuid[]) ORDER BY id",
                              chosen)

    status, body = await call(webapp, "POST", "/api/remove", {"ids": chosen})
    assert status == 200 and body["removed"] == 2 and len(body["undo"]) == 2
    names, total = await all_pages(webapp, f"project={pid}")
    assert names == ["u1", "u3", "u5"] and total == 3
    actors = await pool.fetch("SELECT actor, action FROM igbot_audit WHERE action = 'remove'")
    assert [(r["actor"], r["action"]) for r in actors] == [(str(ADMIN_ID), "remove")] * 2
    # Removing again (the chat did it meanwhile, say) removes nothing.
    assert (await call(webapp, "POST", "/api/remove", {"ids": chosen}))[1]["removed"] == 0

    status, body = await call(webapp, "POST", "/api/undo", {"undo": body["undo"]})
    assert status == 200 and body == {"restored": 2}
    after = await pool.fetch(f"SELECT * FROM {USERS} WHERE id = ANY($1::uuid[]) ORDER BY id",
                             chosen)
    assert [dict(r) for r in after] == [dict(r) for r in before]

    for bad in ({"ids": []}, {"ids": ["not-a-uuid"]}, {"ids": "x"}, ["x"], {}):
        status, answer = await call(webapp, "POST", "/api/remove", bad)
        assert status == 400 and answer["error"], bad
    assert (await call(webapp, "POST", "/api/undo", {"undo": ["1"]}))[0] == 400
    assert await pool.fetchval(f"SELECT count(*) FROM {USERS}") == 5


async def test_move_and_copy_report_clashes_and_leave_those_rows_alone(
        webapp: WebAppServer) -> None:
    pool = webapp.context.repo.pool
    acme = await project(webapp, "Acme")
    beta = await project(webapp, "Beta")
    closed = await project(webapp, "Closed", active=False)
    await seed(pool, acme, 3)
    await seed(pool, beta, 1)  # u1 (pk 1) is in Beta already
    u1, u2, u3 = await ids_of(pool, acme, "u1", "u2", "u3")

    status, body = await call(webapp, "POST", "/api/move", {"ids": [u1, u2], "to": beta})
    assert status == 200
    assert body == {"done": 1, "clashes": [{"id": u1, "username": "u1"}]}
    assert (await all_pages(webapp, f"project={acme}"))[0] == ["u1", "u3"]
    assert (await all_pages(webapp, f"project={beta}"))[0] == ["u1", "u2"]

    status, body = await call(webapp, "POST", "/api/move",
                              {"ids": [u1, u3], "to": beta, "copy": True})
    assert body == {"done": 1, "clashes": [{"id": u1, "username": "u1"}]}
    assert (await all_pages(webapp, f"project={acme}"))[0] == ["u1", "u3"]
    # A copy is a new row, added now: the newest.
    assert (await all_pages(webapp, f"project={beta}"))[0] == ["u3", "u1", "u2"]
    audit = await pool.fetch("SELECT actor, action FROM igbot_audit"
                             " WHERE action IN ('move', 'copy') ORDER BY id")
    assert [(r["actor"], r["action"]) for r in audit] == [
        (str(ADMIN_ID), "move"), (str(ADMIN_ID), "copy")]

    status, body = await call(webapp, "POST", "/api/move", {"ids": [u3], "to": closed})
    assert status == 400 and f"#{closed} is inactive" in body["error"]
    status, body = await call(webapp, "POST", "/api/move", {"ids": [u3], "to": "x"})
    assert status == 400


async def test_export_sends_the_selected_rows_as_csv_to_the_admins_chat(
        webapp: WebAppServer) -> None:
    pool = webapp.context.repo.pool
    pid = await project(webapp, "Acme & Co")
    await seed(pool, pid, 4)
    await pool.execute(f"UPDATE {USERS} SET full_name = '=HYPERLINK(1)' WHERE username = 'u3'")
    chosen = await ids_of(pool, pid, "u3", "u1")

    status, body = await call(webapp, "POST", "/api/export", {"project": pid, "ids": chosen})
    assert status == 200 and body == {"sent": True, "rows": 2}
    [(chat, filename, data, caption)] = webapp.api.documents
    assert chat == ADMIN_ID
    assert filename.startswith("Acme_Co_") and filename.endswith(".csv")
    assert "Acme &amp; Co" in caption  # HTML caption: the name escaped
    rows = list(csv.DictReader(io.StringIO(data.decode())))
    assert [(r["username"], r["full_name"]) for r in rows] == [
        ("u1", "Name 1"), ("u3", "'=HYPERLINK(1)")]

    status, body = await call(webapp, "POST", "/api/export", {"project": pid})
    assert body == {"sent": True, "rows": 4}
    status, body = await call(webapp, "POST", "/api/export", {"project": 999, "ids": chosen})
    assert status == 400 and "#999" in body["error"]
    assert len(webapp.api.documents) == 2

    big = await project(webapp, "Big")
    await seed(pool, big, 20)  # about 3 KB of CSV
    webapp.context.settings.max_upload_bytes = 1024
    status, body = await call(webapp, "POST", "/api/export", {"project": big})
    assert status == 400
    assert body["error"].startswith("The export is larger than the ")
    assert "Select fewer rows, or export on the server: igbot export ID" in body["error"]
    assert len(webapp.api.documents) == 2  # nothing sent


# --- limits, hostile values, headers, logs --------------------------------------------------
async def test_too_many_requests_get_429(pool: asyncpg.Pool) -> None:
    clock = [0.0]
    limit = RateLimit(rate=1.0, burst=3, clock=lambda: clock[0])
    async with webapp_server(pool, limit=limit) as server:
        statuses = [(await call(server, "GET", "/api/session"))[0] for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        status, body = await call(server, "GET", "/api/session")
        assert status == 429 and "Wait a few seconds" in body["error"]
        # Another admin has a bucket of their own; time refills this one.
        assert (await call(server, "GET", "/api/session", user_id=OTHER_ADMIN_ID))[0] == 200
        clock[0] += 1.0
        assert (await call(server, "GET", "/api/session"))[0] == 200


async def test_hostile_values_come_back_as_data(webapp: WebAppServer) -> None:
    pool = webapp.context.repo.pool
    pid = await project(webapp, "Acme")
    await seed(pool, pid, 1)
    await pool.execute(
        f"UPDATE {USERS} SET full_name = '<img src=x onerror=alert(1)>',"
        " profile_pic_url = 'javascript:alert(1)', profile_url = 'javascript:alert(2)'")
    _, body = await call(webapp, "GET", f"/api/users?project={pid}")
    [row] = body["rows"]
    assert row["full_name"] == "<img src=x onerror=alert(1)>"
    assert row["pic"] is None and row["url"] == "https://instagram.com/u1"


async def test_page_files_carry_the_csp_and_no_cors(pool: asyncpg.Pool,
                                                    tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<!doctype html><title>t</title>")
    (tmp_path / "app.js").write_text("console.log(1)")
    (tmp_path / ".secret").write_text("no")
    async with webapp_server(pool, static_dir=tmp_path) as server, \
            server.client(None) as http:
        origin = {"Origin": "https://evil.example"}
        async with http.get(server.url("/app/"), headers=origin) as reply:
            assert reply.status == 200 and "<title>t</title>" in await reply.text()
            assert reply.headers["Content-Security-Policy"] == CSP
            assert reply.headers["X-Content-Type-Options"] == "nosniff"
            assert "Access-Control-Allow-Origin" not in reply.headers
        async with http.get(server.url("/app/app.js")) as reply:
            assert reply.content_type == "text/javascript"
        async with http.get(server.url("/app"), allow_redirects=False) as reply:
            assert reply.status == 308 and reply.headers["Location"] == "/app/"
        for path in ("/app/.secret", "/app/../webapp_support.py", "/app/%2e%2e/x",
                     "/app/missing.js"):
            async with http.get(server.url(path)) as reply:
                assert reply.status == 404, path
        async with http.options(server.url("/api/users"), headers={
                **origin, "Access-Control-Request-Method": "GET"}) as reply:
            assert "Access-Control-Allow-Origin" not in reply.headers
            assert reply.status != 200


async def test_no_init_data_or_token_in_the_logs(webapp: WebAppServer,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    pid = await project(webapp, "Acme")
    good = webapp.init_data(ADMIN_ID)
    for headers in (auth_header(good), auth_header(good[:-2] + "00"),
                    auth_header(make_init_data(TOKEN, STRANGER_ID)), {}):
        await call(webapp, "GET", f"/api/users?project={pid}", headers=headers)
    assert "refused" in caplog.text  # the refusals are logged...
    for secret in (TOKEN, good, good.split("hash=")[1], "TEST", "query_id"):
        assert secret not in caplog.text  # ...without what was sent
