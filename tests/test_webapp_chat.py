"""The chat's way into the Mini App: "Open the list" on /list and /find when WEBAPP_URL
is set (a ``web_app`` button with that URL), and not without it."""

from __future__ import annotations

import pytest
from aiogram.types import Chat
from pydantic import SecretStr, ValidationError

from bot.config import Settings
from bot.i18n import I18n
from handlers.webapp_button import open_list_button
from tests.conftest import ADMIN_ID, OTHER_ADMIN_ID, BotWorld
from tests.telegram import ChatUser, Shown

URL = "https://bot.example.com/app/"
OPEN = "📋 Open the list"


@pytest.fixture(params=[URL, None], ids=["with WEBAPP_URL", "without"])
def settings(request: pytest.FixtureRequest) -> Settings:
    return Settings(bot_token=SecretStr("42:TEST"),
                    admin_ids=frozenset({ADMIN_ID, OTHER_ADMIN_ID}),
                    webapp_url=request.param, _env_file=None)  # type: ignore[call-arg]


def web_app_urls(shown: Shown) -> list[tuple[str, str]]:
    return [(b.text, b.web_app.url) for b in shown.buttons if b.web_app is not None]


async def test_list_and_find_offer_the_mini_app_only_with_webapp_url(
        world: BotWorld, admin: ChatUser, project_id: int, settings: Settings) -> None:
    result = await world.app.service.create_instagram_user(
        {"pk": "1", "username": "acme", "project_id": project_id})
    assert result.created
    want = [(OPEN, URL)] if settings.webapp_url else []

    picker = (await admin.send("/list")).last
    assert web_app_urls(picker) == want
    page = (await admin.click(r".*Acme.*")).last
    assert "acme" in page.text
    assert web_app_urls(page) == want
    # The list's own buttons still work beside it.
    again = (await admin.click("📂 Other project")).last
    assert again.message.message_id == page.message.message_id
    assert web_app_urls(again) == want and any("Acme" in t for t in again.button_texts)

    found = (await admin.send("/find acme")).last
    assert "acme" in found.text
    assert web_app_urls(found) == want


def test_webapp_url_must_be_https_and_groups_get_no_button(settings: Settings) -> None:
    with pytest.raises(ValidationError, match="https://"):
        Settings(webapp_url="http://bot.example.com/app/",
                 _env_file=None)  # type: ignore[call-arg]
    tr = I18n().get("en")
    group = Chat(id=-100123, type="supergroup")
    private = Chat(id=ADMIN_ID, type="private")
    assert open_list_button(settings, tr, group) is None
    shown = open_list_button(settings, tr, private)
    assert (shown is not None) == bool(settings.webapp_url)
