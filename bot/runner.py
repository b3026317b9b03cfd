"""Running the bot: placeholder until the Telegram side lands."""

from __future__ import annotations


def run() -> int:
    raise SystemExit("igbot: the Telegram bot is not wired yet")
