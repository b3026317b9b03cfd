"""The page's texts: every message of ``locales/<lang>/webapp.ftl``, for ``/api/session``.

The page gets them once and shows them as text. A message's variables come out as
``{name}`` placeholders, which the page fills in itself (``{count}`` in "{count}
selected"); plural forms are therefore avoided in these messages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import lru_cache

from bot.i18n import LOCALES, I18n, Translator

PREFIX = "webapp-"
FILE = "webapp.ftl"
_MESSAGE_ID = re.compile(r"^(webapp-[a-z0-9-]+)\s*=", re.MULTILINE)


class _Placeholders(Mapping[str, str]):
    """Any variable a message reads, as ``{name}``."""

    def __getitem__(self, name: str) -> str:
        return "{" + name + "}"

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


def message_ids(i18n: I18n, locale: str = "en") -> list[str]:
    """The ids of the page's messages, in file order (English has them all)."""
    text = (i18n.directory / locale / FILE).read_text(encoding="utf-8")
    return _MESSAGE_ID.findall(text)


@lru_cache(maxsize=len(LOCALES) * 4)
def _texts(i18n: I18n, locale: str) -> dict[str, str]:
    tr = i18n.get(locale)
    return {key.removeprefix(PREFIX): tr.render(key, _Placeholders())
            for key in message_ids(i18n)}


def page_texts(i18n: I18n, tr: Translator) -> dict[str, str]:
    """``tr``'s language's page texts, the ``webapp-`` prefix left off the keys."""
    return _texts(i18n, tr.locale)
