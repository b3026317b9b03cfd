"""The Mini App page in a real headless Chromium (Debian's ``chromium`` package, driven
by Playwright). Telegram's script is served from tests/webapp_stub/; nothing leaves
127.0.0.1."""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from playwright.async_api import Browser, Page, Route, async_playwright

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "bot" / "webapp" / "static"
STUB = Path(__file__).resolve().parent / "webapp_stub" / "telegram-web-app.js"
TELEGRAM_JS = "https://telegram.org/js/telegram-web-app.js"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


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
    """Telegram's script comes from the stub; any other address off loopback is refused."""
    url = route.request.url
    if url == TELEGRAM_JS:
        await route.fulfill(path=STUB, content_type="application/javascript")
    elif url.startswith("http://127.0.0.1:"):
        await route.continue_()
    else:
        await route.abort()


@pytest.fixture
async def static_site() -> AsyncIterator[str]:
    app = web.Application()
    app.router.add_static("/app/", STATIC)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield f"http://127.0.0.1:{port}"
    await runner.cleanup()


async def open_page(browser: Browser, url: str) -> Page:
    page = await browser.new_page(viewport={"width": 390, "height": 844})
    await page.route("**/*", offline)
    await page.goto(url)
    return page


async def test_the_page_loads_telegrams_script_from_the_stub(
    browser: Browser, static_site: str,
) -> None:
    page = await open_page(browser, static_site + "/app/index.html")
    await page.wait_for_function("document.getElementById('status').textContent === 'ready'")
    assert await page.evaluate("Telegram.WebApp._calls") == ["ready"]
    await page.close()
