"""``python -m bot``: run the Telegram bot."""

from __future__ import annotations


def main() -> int:
    from bot.runner import run

    return run()


if __name__ == "__main__":
    raise SystemExit(main())
