"""``python -m bot``: run the Telegram bot.

This entry point is the composition root: the one place where the application layer
is handed the Telegram handlers, so ``bot/`` modules themselves never import ``handlers``.
"""

from __future__ import annotations


def main() -> int:
    from bot.runner import run
    from handlers import get_routers

    return run(get_routers)


if __name__ == "__main__":
    raise SystemExit(main())
