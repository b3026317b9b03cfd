"""The Mini App page in a real headless Chromium (Debian's ``chromium`` package, driven
by Playwright) against the real server (``tests/webapp_support.py``) and PostgreSQL.

Telegram's script is served from tests/webapp_stub/ with the test's signed initData;
avatars on ``https://cdn.test/`` are answered by the test; every other address off
127.0.0.1 is refused, so nothing leaves the machine. Each scenario checks what the admin
sees and what is in the database. Screenshots go to tests/artifacts/ (not in git).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import asyncpg
import pytest
from playwright.async_api import Browser, Page, Route, async_playwright

from tests.webapp_support import ADMIN_ID, WebAppServer, webapp

__all__ = ["webapp"]  # the fixture, imported for the tests below

HERE = Path(__file__).resolve().parent
STUB = HERE / "webapp_stub" / "telegram-web-app.js"
PICTURE = HERE / "webapp_stub" / "avatar.png"
ARTIFACTS = HERE / "artifacts"
TELEGRAM_JS = "https://telegram.org/js/telegram-web-app.js"
CDN = "https://cdn.test/"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
LIGHT = {"bg_color": "#ffffff", "text_color": "#000000", "hint_color": "#999999",
         "link_color": "#2481cc", "button_color": "#2481cc", "button_text_color": "#ffffff",
         "secondary_bg_color": "#efeff3", "header_bg_color": "#ffffff",
         "section_separator_color": "#e7e7e7", "destructive_text_color": "#e53935"}
DARK = {"bg_color": "#17212b", "text_color": "#f5f5f5", "hint_color": "#708499",
        "link_color": "#6ab3f3", "button_color": "#5288c1", "button_text_color": "#ffffff",
        "secondary_bg_color": "#232e3c", "header_bg_color": "#17212b",
        "section_separator_color": "#111921", "destructive_text_color": "#ec3942"}
PLACEHOLDER = "/app/avatar.svg"
SCRIPT_ERRORS: list[str] = []  # uncaught errors and CSP refusals in the page, one test


@pytest.fixture(autouse=True)
def no_script_errors() -> Iterator[None]:
    SCRIPT_ERRORS.clear()
    yield
    assert SCRIPT_ERRORS == [], "the page's script failed or broke its CSP"


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        pytest.fail(f"Chromium is not installed ({path} is missing): as root run "
                    "`apt-get update && apt-get install -y --no-install-recommends chromium` "
                    "(.ci/run does this), or set CHROMIUM_PATH to a Chromium binary.")
    return path


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        yield browser
        await browser.close()


async def offline(route: Route) -> None:
    """Telegram's script from the stub, avatars from the test; loopback passes; any other
    address is refused."""
    url = route.request.url
    if url == TELEGRAM_JS:
        await route.fulfill(path=STUB, content_type="application/javascript")
    elif url == CDN + "face.png":
        await route.fulfill(path=PICTURE, content_type="image/png")
    elif url.startswith(CDN):
        await route.fulfill(status=404, body="")
    elif url.startswith("http://127.0.0.1:"):
        await route.continue_()
    else:
        await route.abort()


async def open_app(browser: Browser, web: WebAppServer, *, language: str = "en",
                   theme: dict[str, str] = LIGHT, init_data: str | None = None,
                   scale: int = 1) -> Page:
    """The page as Telegram opens it for the admin, on a phone-sized screen."""
    init_data = init_data or web.init_data(ADMIN_ID, language_code=language)
    user = json.loads(parse_qs(init_data)["user"][0])
    page = await browser.new_page(viewport={"width": 390, "height": 844},
                                  device_scale_factor=scale)
    page.on("pageerror", lambda exc: SCRIPT_ERRORS.append(str(exc)))
    # The page keeps to its strict CSP: a refused inline style or script is an error too.
    page.on("console", lambda m: SCRIPT_ERRORS.append(m.text)
            if "Content Security Policy" in m.text else None)
    await page.route("**/*", offline)
    stub = {"initData": init_data, "user": user, "themeParams": theme,
            "colorScheme": "dark" if theme is DARK else "light"}
    await page.add_init_script(f"window.__tgStub = {json.dumps(stub)};")
    await page.goto(web.url("/app/"))
    return page


async def seed(pool: asyncpg.Pool, rows: list[dict[str, Any]],
               projects: tuple[str, ...] = ("Acme",)) -> list[int]:
    """The projects, then ``rows`` in the first, in one statement; the project ids.
    A row: username, and optionally full_name, private, verified, pic, hours (ago)."""
    def column(name: str, default: Any) -> list[Any]:
        return [row.get(name, default) for row in rows]

    ids = await pool.fetchval(
        """
        WITH p AS (INSERT INTO projects (name) SELECT unnest($1::text[]) RETURNING id),
        u AS (
            INSERT INTO instagram_similar_users (search_username, user_pk, username,
                full_name, is_private, is_verified, profile_pic_url, project_id,
                created_at, requester_telegram_id)
            SELECT lower(r.username), (1000 + r.n)::text, r.username, r.full_name,
                   r.private, r.verified, r.pic, (SELECT min(id) FROM p),
                   now() - r.hours * interval '1 hour', $8
            FROM unnest($2::text[], $3::text[], $4::bool[], $5::bool[], $6::text[],
                        $7::float8[]) WITH ORDINALITY
                 AS r(username, full_name, private, verified, pic, hours, n)
            RETURNING 1
        ),
        n AS (INSERT INTO igbot_admin_names (telegram_id, full_name) VALUES ($8, 'Ann'))
        SELECT array_agg(id ORDER BY id) FROM p
        """,
        list(projects), column("username", None), column("full_name", None),
        column("private", False), column("verified", False), column("pic", None),
        [row.get("hours", i) for i, row in enumerate(rows)], str(ADMIN_ID))
    return list(ids)


async def until(page: Page, expression: str) -> None:
    """Waits for ``expression`` to be true in the page. As a function, not a string: the
    page's CSP (no 'unsafe-eval') refuses Playwright's evaluation of a bare string."""
    await page.wait_for_function(f"() => ({expression})")


async def says(page: Page, element_id: str, text: str) -> None:
    """Waits until the element shows exactly ``text``."""
    await page.wait_for_function("([id, text]) => document.getElementById(id).textContent"
                                 " === text", arg=[element_id, text])


async def shown(page: Page) -> list[str]:
    """The usernames the admin sees, top to bottom."""
    return await page.locator("#rows .username").all_text_contents()


async def wait_rows(page: Page, count: int) -> None:
    await until(page,
        f"document.querySelectorAll('#rows .row').length === {count} "
        "&& document.getElementById('status').textContent !== 'Loading…'")


THREE = [
    {"username": "acme.shop", "full_name": "Acme Inc", "private": True, "pic": CDN + "face.png"},
    {"username": "blue.bottle", "full_name": "Blue Bottle", "verified": True,
     "pic": CDN + "gone.jpg"},
    {"username": "kate", "hours": 30},
]


async def test_load_shows_rows_total_avatars_and_marks(
    browser: Browser, webapp: WebAppServer, pool: asyncpg.Pool,
) -> None:
    await seed(pool, THREE)
    page = await open_app(browser, webapp)
    await wait_rows(page, 3)
    assert await shown(page) == ["@acme.shop", "@blue.bottle", "@kate"]
    assert await page.locator("#total").text_content() == "Accounts: 3"
    assert await page.locator("#project option:checked").text_content() == "Acme"
    first = page.locator("#rows .row").first
    assert await first.locator(".name").text_content() == "Acme Inc"
    assert (await first.locator(".meta").text_content() or "").endswith("by Ann")
    assert await first.locator(".mark.private").count() == 1
    assert await page.locator("#rows .row").nth(1).locator(".mark.verified").count() == 1
    link = first.locator("a.username")
    assert await link.get_attribute("href") == "https://instagram.com/acme.shop"
    # Lazy images load once near the screen: the stored picture, else the placeholder.
    await until(page, "[...document.querySelectorAll('#rows img')].every("
                                 "i => i.complete && i.naturalWidth > 0)")
    sources = await page.locator("#rows img").evaluate_all("l => l.map(i => i.src)")
    assert [s.removeprefix(webapp.base_url) for s in sources] == [
        CDN + "face.png", PLACEHOLDER, PLACEHOLDER]
    assert await page.locator("#rows img").first.get_attribute("loading") == "lazy"
    assert await page.evaluate("Telegram.WebApp._calls") == ["ready", "expand"]
    await page.close()


async def test_search_as_you_type_asks_once_and_shows_matches(
    browser: Browser, webapp: WebAppServer, pool: asyncpg.Pool,
) -> None:
    await seed(pool, [{"username": "acme.shop"}, {"username": "acme.store"},
                      {"username": "bob", "full_name": "Acme Fan"}])
    page = await open_app(browser, webapp)
    await wait_rows(page, 3)
    asked: list[str] = []
    page.on("request", lambda r: asked.extend(
        parse_qs(urlsplit(r.url).query).get("q", []) if "/api/users" in r.url else []))
    await page.locator("#search").press_sequentially("acme.s", delay=40)
    await wait_rows(page, 2)
    assert await shown(page) == ["@acme.shop", "@acme.store"]
    assert await page.locator("#total").text_content() == "Accounts: 2"
    assert asked == ["acme.s"]  # debounced: one request for six keys
    await page.locator("#search").fill("nobody")
    await says(page, "status", "No accounts match.")
    assert await shown(page) == []
    await page.close()


async def test_a_filter_shows_only_verified_accounts(
    browser: Browser, webapp: WebAppServer, pool: asyncpg.Pool,
) -> None:
    await seed(pool, THREE)
    page = await open_app(browser, webapp)
    await wait_rows(page, 3)
    chip = page.locator("[data-filter=verified]")
    await chip.click()
    await wait_rows(page, 1)
    assert await shown(page) == ["@blue.bottle"]
    assert await chip.get_attribute("aria-pressed") == "true"
    await page.locator("#sort").select_option("username")
    await chip.click()
    await wait_rows(page, 3)
    assert await shown(page) == ["@acme.shop", "@blue.bottle", "@kate"]
    await page.close()


async def test_scrolling_to_the_end_of_1000_rows_loads_each_once(
    browser: Browser, webapp: WebAppServer, pool: asyncpg.Pool,
) -> None:
    await seed(pool, [{"username": f"user{i:04d}", "hours": i / 100} for i in range(1000)])
    page = await open_app(browser, webapp)
    await page.wait_for_selector("#rows .row")
    assert await page.locator("#total").text_content() == "Accounts: 1,000"
    for _ in range(60):
        if await page.locator("#status").text_content() == "End of the list.":
            break
        before = await page.locator("#rows .row").count()
        await page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        await until(page,
            f"document.querySelectorAll('#rows .row').length > {before} "
            "|| document.getElementById('status').textContent === 'End of the list.'")
    ids = await page.locator("#rows .row").evaluate_all("l => l.map(r => r.dataset.id)")
    stored = await pool.fetch("SELECT id::text FROM instagram_similar_users")
    assert len(ids) == 1000 and len(set(ids)) == 1000
    assert set(ids) == {r["id"] for r in stored}
    names = await shown(page)
    assert names[0] == "@user0000" and names[-1] == "@user0999"
    await page.close()


async def test_remove_a_row_then_undo_puts_it_back(
    browser: Browser, webapp: WebAppServer, pool: asyncpg.Pool,
) -> None:
    await seed(pool, THREE)
    page = await open_app(browser, webapp)
    await wait_rows(page, 3)
    entry = await pool.fetchrow(
        "SELECT id::text, created_at FROM instagram_similar_users WHERE username = 'blue.bottle'")
    await page.locator("#rows .row").nth(1).locator(".pick").check()
    assert await page.locator("#selected").text_content() == "Selected: 1"
    await page.locator("#remove").click()
    await says(page, "toast-text", "Removed: 1.")
    assert await shown(page) == ["@acme.shop", "@kate"]
    assert await page.locator("#total").text_content() == "Accounts: 2"
    assert await page.locator("#actions").is_hidden()
    assert await pool.fetchval("SELECT count(*) FROM instagram_similar_users") == 2
    assert await pool.fetchval("SELECT removed_by FROM igbot_removed_users") == str(ADMIN_ID)

    await page.locator("#undo").click()
    await says(page, "toast-text", "Put back: 1.")
    await wait_rows(page, 3)
    assert await shown(page) == ["@acme.shop", "@blue.bottle", "@kate"]
    back = await pool.fetchrow(
        "SELECT id::text, created_at FROM instagram_similar_users WHERE username = 'blue.bottle'")
    assert back == entry  # the same row: id and created_at kept
    actions = await pool.fetch("SELECT action, actor FROM igbot_audit "
                               "WHERE entry_id = $1 ORDER BY id", entry["id"])
    assert [(a["action"], a["actor"]) for a in actions][-2:] == [
        ("remove", str(ADMIN_ID)), ("restore", str(ADMIN_ID))]
    await page.close()


async def test_move_a_row_to_another_project_then_export_a_selection(
    browser: Browser, webapp: WebAppServer, pool: asyncpg.Pool,
) -> None:
    acme, winter = await seed(pool, THREE, projects=("Acme", "Acme Winter"))
    page = await open_app(browser, webapp)
    await wait_rows(page, 3)
    await page.locator("#rows .row").nth(0).locator(".pick").check()
    await page.locator("#move").click()
    assert await page.locator("#target-title").text_content() == "Move to which project?"
    assert await page.locator("#target-project option").all_text_contents() == ["Acme Winter"]
    await page.locator("#target-ok").click()
    await says(page, "toast-text", "Moved: 1.")
    await wait_rows(page, 2)
    assert await shown(page) == ["@blue.bottle", "@kate"]
    assert await pool.fetchval("SELECT project_id FROM instagram_similar_users "
                               "WHERE username = 'acme.shop'") == winter

    await page.locator("#select-all").check()
    assert await page.locator("#selected").text_content() == "Selected: 2"
    await page.locator("#export").click()
    await says(page, "toast-text", "Sent to your chat with the bot: 2 rows.")
    [(chat_id, _, data, _)] = webapp.api.documents
    lines = data.decode("utf-8-sig").splitlines()
    assert chat_id == ADMIN_ID and len(lines) == 3  # a header and the two selected rows
    assert "blue.bottle" in lines[1] + lines[2] and "kate" in lines[1] + lines[2]
    assert acme > 0
    await page.close()


async def test_markup_in_a_full_name_shows_as_text_and_runs_nothing(
    browser: Browser, webapp: WebAppServer, pool: asyncpg.Pool,
) -> None:
    evil = '<img src=x onerror="window.__owned=1">'
    await seed(pool, [{"username": "evil", "full_name": evil}])
    page = await open_app(browser, webapp)
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    await wait_rows(page, 1)
    name = page.locator("#rows .name")
    assert await name.text_content() == evil
    assert await name.locator("img").count() == 0
    await page.wait_for_timeout(200)
    assert await page.evaluate("window.__owned") is None
    assert not [url for url in fetched if url.endswith("/x")]
    await page.close()


async def test_russian_admin_sees_russian_texts(
    browser: Browser, webapp: WebAppServer, pool: asyncpg.Pool,
) -> None:
    await seed(pool, THREE)
    page = await open_app(browser, webapp, language="ru")
    await wait_rows(page, 3)
    assert await page.evaluate("document.documentElement.lang") == "ru"
    assert await page.locator("#total").text_content() == "Аккаунтов: 3"
    assert await page.locator("#search").get_attribute("placeholder") == (
        "Поиск по имени пользователя или имени")
    assert await page.locator("[data-filter=mine]").text_content() == "Добавлены мной"
    # No text of the page is left as its key (a message missing from webapp.ftl).
    untranslated = await page.locator("[data-t]").evaluate_all(
        "l => l.filter(e => e.textContent === e.dataset.t).map(e => e.dataset.t)")
    assert untranslated == []
    meta = await page.locator("#rows .meta").first.text_content() or ""
    assert meta.startswith("Добавлен ") and meta.endswith("добавил: Ann")
    await page.close()


async def test_a_page_without_valid_init_data_shows_the_servers_refusal(
    browser: Browser, webapp: WebAppServer, pool: asyncpg.Pool,
) -> None:
    await seed(pool, THREE)
    forged = webapp.init_data(ADMIN_ID).replace("hash=", "hash=0")
    page = await open_app(browser, webapp, init_data=forged)
    await page.wait_for_selector("#error:not([hidden])")
    assert (await page.locator("#error-text").text_content() or "").startswith(
        "This page works only when opened from the bot in Telegram.")
    assert await shown(page) == []
    assert await page.locator("#search").is_hidden()  # no controls without the texts
    await page.close()


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])
async def test_screenshot_on_a_phone(
    browser: Browser, webapp: WebAppServer, pool: asyncpg.Pool, theme: dict[str, str],
) -> None:
    """Kept in tests/artifacts/ to look at (docs/miniapp.png is one of them)."""
    await seed(pool, SHOWCASE, projects=("Acme Summer", "Acme Winter"))
    page = await open_app(browser, webapp, theme=theme, scale=2)
    await wait_rows(page, len(SHOWCASE))
    await page.locator("#rows .row").nth(0).locator(".pick").check()
    await page.locator("#rows .row").nth(2).locator(".pick").check()
    await until(page, "[...document.querySelectorAll('#rows img')].slice(0, 8)"
                                 ".every(i => i.complete && i.naturalWidth > 0)")
    ARTIFACTS.mkdir(exist_ok=True)
    name = "dark" if theme is DARK else "light"
    shot = await page.screenshot(path=ARTIFACTS / f"miniapp-{name}.png")
    assert len(shot) > 10_000  # a drawn page, not a blank one
    background = await page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == ("rgb(23, 33, 43)" if theme is DARK else "rgb(255, 255, 255)")
    await page.close()


SHOWCASE = [
    {"username": "acme.shop", "full_name": "Acme Inc", "verified": True,
     "pic": CDN + "face.png", "hours": 0.2},
    {"username": "blue.bottle.coffee", "full_name": "Blue Bottle Coffee", "hours": 1},
    {"username": "nora_designs", "full_name": "Nora Petrova", "private": True,
     "pic": CDN + "face.png", "hours": 3},
    {"username": "fitness.daily", "full_name": "Fitness Daily", "verified": True, "hours": 7},
    {"username": "moscow_bakery", "full_name": "Московская пекарня", "pic": CDN + "face.png",
     "hours": 26},
    {"username": "pixel.art", "full_name": "Pixel Art Studio", "private": True, "hours": 40},
    {"username": "kate.travels", "full_name": "Kate", "pic": CDN + "gone.jpg", "hours": 50},
    {"username": "green.garden", "full_name": "Green Garden", "hours": 70},
    {"username": "the.very.long.username.of.someone", "full_name": "Someone With A Long Name",
     "hours": 90},
]
