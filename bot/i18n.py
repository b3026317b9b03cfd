"""Fluent translations from ``locales/<lang>/*.ftl``, compiled by fluent_compiler.

Every ``.ftl`` file of a language is loaded, so each feature keeps its strings in a file
of its own. A missing message falls back to English, then to its id (never a crash).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from functools import cached_property
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

from fluent_compiler.bundle import FluentBundle
from fluent_compiler.resource import FtlResource
from fluent_compiler.types import FluentInt, fluent_number

from bot.problems import Problem
from bot.sizes import sized_args

log = logging.getLogger(__name__)

LOCALES = ("en", "ru")
FALLBACK = "en"
# What ``render(..., plain_only=True)`` passes on.
_PLAIN = (str, int, float)
# Formatted texts kept per language; emptied when full.
MEMO_MAX = 2048
# Argument types a kept text may be compared by (bool, float... could equal an int while
# formatting differently); a missing argument compares as itself.
_MISSING = object()
_MEMO_TYPES = frozenset({str, int, object})


def locales_dir() -> Traversable:
    """The ``locales`` package's files: the checkout's folder, or the installed package data."""
    return files("locales")


def load_bundle(locale: str, directory: Traversable) -> FluentBundle:
    ftl_files = sorted((f for f in (directory / locale).iterdir() if f.name.endswith(".ftl")),
                       key=lambda f: f.name)
    # No bidi isolation marks: they would show up in Telegram messages and CLI output.
    bundle = FluentBundle(locale, [FtlResource.from_string(f.read_text(encoding="utf-8"))
                                   for f in ftl_files], use_isolating=False)
    for error in bundle.check_messages():
        log.warning("locales/%s: %s", locale, error)
    return bundle


class _Digits(FluentInt):  # type: ignore[misc]
    """An integer that Fluent shows as its plain digits (pks, ids and counts read
    ``1234567``, never ``1,234,567``) without asking babel to format it; plural rules
    still see the number."""

    def format(self, locale: Any) -> str:
        return int.__repr__(self)


_DIGITS: dict[int, _Digits] = {}
_DIGITS_MAX = 4096  # kept integers (building one costs more than a small message)


def digits(value: int) -> _Digits:
    number = _DIGITS.get(value)
    if number is None:
        if len(_DIGITS) >= _DIGITS_MAX:
            _DIGITS.clear()
        number = _DIGITS[value] = _Digits(value)
    return number


def fluent_arg(value: Any) -> Any:
    """A Python value as Fluent should show it: integers without grouping, booleans as
    ``true``/``false`` (not 1/0), None as nothing."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return digits(value)
    if isinstance(value, float):
        return fluent_number(value, useGrouping=False)
    return "" if value is None else str(value)


class _Args(Mapping[str, Any]):
    """The caller's data as Fluent arguments, converted only when a message reads them
    (dialog widgets pass all their window data, most of which a text never uses); notes
    which names were read."""

    def __init__(self, data: Mapping[str, Any], plain_only: bool) -> None:
        self._data = data
        self._plain_only = plain_only
        self.read: list[str] = []

    def __getitem__(self, name: str) -> Any:
        self.read.append(name)
        value = self._data[name]
        if self._plain_only and not isinstance(value, _PLAIN):
            raise KeyError(name)
        return fluent_arg(value)

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


class Translator:
    """Messages of one language, with English behind it.

    Formatted texts are kept by message and the values of the arguments it read (dialogs
    draw the same texts again and again). Each message remembers every name it has read;
    a kept text is used only when the values of all those names are the same (simple
    values only), so a text never depends on a value that was not compared.
    """

    def __init__(self, locale: str, bundles: list[FluentBundle]) -> None:
        self.locale = locale
        self._bundles = bundles
        self._where: dict[str, FluentBundle | None] = {}
        self._names: dict[str, tuple[str, ...]] = {}
        self._memo: dict[tuple[Any, ...], str] = {}

    def _bundle(self, key: str) -> FluentBundle | None:
        """The first bundle (this language, then English) that has ``key``; cached."""
        try:
            return self._where[key]
        except KeyError:
            found = next((b for b in self._bundles if b.has_message(key)), None)
            self._where[key] = found
            return found

    def has(self, key: str) -> bool:
        return self._bundle(key) is not None

    def __call__(self, key: str, /, **args: Any) -> str:
        return self.render(key, args)

    def render(self, key: str, data: Mapping[str, Any], *,
               plain_only: bool = False) -> str:
        """``key`` with its arguments taken from ``data``, which may hold anything else
        too; with ``plain_only`` only text and numbers count as arguments."""
        names = self._names.get(key, ())
        values = tuple(data.get(name, _MISSING) for name in names)
        memo_key = (key, plain_only, names, values)
        if all(type(v) in _MEMO_TYPES for v in values):
            text = self._memo.get(memo_key)
            if text is not None:
                return text
        else:
            memo_key = None  # type: ignore[assignment]
        bundle = self._bundle(key)
        if bundle is None:
            log.warning("missing message %s (%s)", key, self.locale)
            return key
        args = _Args(data, plain_only)
        text, errors = bundle.format(key, args)
        if errors:
            log.warning("message %s (%s): %s", key, self.locale, errors)
        read = tuple(sorted(set(args.read) | set(names)))
        if read != names:
            self._names[key] = read  # a kept text must compare these from now on
        elif memo_key is not None and not errors:
            if len(self._memo) >= MEMO_MAX:
                self._memo.clear()
            self._memo[memo_key] = str(text)
        return str(text)

    def field(self, name: str) -> str:
        key = f"field-{name.replace('_', '-').replace('.', '-')}"
        return self(key) if self.has(key) else name

    def problem(self, problem: Problem) -> str:
        args = dict(problem.args)
        if "field" in args:
            args["field"] = self.field(str(args["field"]))
        args = sized_args(problem.code, args, self.locale)
        return self(f"problem-{problem.code.replace('_', '-')}", **args)


class I18n:
    """All languages; ``for_language`` picks by a Telegram ``language_code``."""

    def __init__(self, default_locale: str = FALLBACK,
                 directory: Traversable | None = None) -> None:
        self.default_locale = default_locale if default_locale in LOCALES else FALLBACK
        self.directory = directory or locales_dir()

    @cached_property
    def _translators(self) -> dict[str, Translator]:
        bundles = {loc: load_bundle(loc, self.directory) for loc in LOCALES}
        return {
            loc: Translator(loc, [bundles[loc]] + ([bundles[FALLBACK]] if loc != FALLBACK else []))
            for loc in LOCALES
        }

    def get(self, locale: str) -> Translator:
        return self._translators.get(locale, self._translators[self.default_locale])

    def for_language(self, language_code: str | None) -> Translator:
        code = (language_code or "").split("-")[0].lower()
        return self.get(code if code in LOCALES else self.default_locale)
