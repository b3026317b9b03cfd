"""Fluent translations from ``locales/<lang>/*.ftl``.

Every ``.ftl`` file of a language is loaded, so each feature keeps its strings in a file
of its own. A missing message falls back to English, then to its id (never a crash).
"""

from __future__ import annotations

import logging
import os
from functools import cached_property
from pathlib import Path
from typing import Any

from fluent.runtime import FluentBundle, FluentResource
from fluent.runtime.types import fluent_number

from bot.problems import Problem

log = logging.getLogger(__name__)

LOCALES = ("en", "ru")
FALLBACK = "en"


def locales_dir() -> Path:
    override = os.environ.get("IGBOT_LOCALES_DIR")
    return Path(override) if override else Path(__file__).resolve().parent.parent / "locales"


def _bundle(locale: str, directory: Path) -> FluentBundle:
    # No bidi isolation marks: they would show up in Telegram messages and CLI output.
    bundle = FluentBundle([locale], use_isolating=False)
    for path in sorted((directory / locale).glob("*.ftl")):
        bundle.add_resource(FluentResource(path.read_text(encoding="utf-8")))
    return bundle


def _arg(value: Any) -> Any:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return fluent_number(value, useGrouping=False)
    if value is None:
        return ""
    if isinstance(value, float | str):
        return value
    return str(value)


class Translator:
    """Messages of one language, with English behind it."""

    def __init__(self, locale: str, bundles: list[FluentBundle]) -> None:
        self.locale = locale
        self._bundles = bundles

    def has(self, key: str) -> bool:
        return any(b.has_message(key) for b in self._bundles)

    def __call__(self, key: str, /, **args: Any) -> str:
        fluent_args = {k: _arg(v) for k, v in args.items()}
        for bundle in self._bundles:
            if bundle.has_message(key):
                message = bundle.get_message(key)
                if message.value is None:
                    continue
                text, errors = bundle.format_pattern(message.value, fluent_args)
                if errors:
                    log.warning("message %s (%s): %s", key, self.locale, errors)
                return str(text)
        log.warning("missing message %s (%s)", key, self.locale)
        return key

    def field(self, name: str) -> str:
        key = f"field-{name.replace('_', '-').replace('.', '-')}"
        return self(key) if self.has(key) else name

    def problem(self, problem: Problem) -> str:
        args = dict(problem.args)
        if "field" in args:
            args["field"] = self.field(str(args["field"]))
        return self(f"problem-{problem.code.replace('_', '-')}", **args)


class I18n:
    """All languages; ``for_language`` picks by a Telegram ``language_code``."""

    def __init__(self, default_locale: str = FALLBACK, directory: Path | None = None) -> None:
        self.default_locale = default_locale if default_locale in LOCALES else FALLBACK
        self.directory = directory or locales_dir()

    @cached_property
    def _translators(self) -> dict[str, Translator]:
        bundles = {loc: _bundle(loc, self.directory) for loc in LOCALES}
        return {
            loc: Translator(loc, [bundles[loc]] + ([bundles[FALLBACK]] if loc != FALLBACK else []))
            for loc in LOCALES
        }

    def get(self, locale: str) -> Translator:
        return self._translators.get(locale, self._translators[self.default_locale])

    def for_language(self, language_code: str | None) -> Translator:
        code = (language_code or "").split("-")[0].lower()
        return self.get(code if code in LOCALES else self.default_locale)
