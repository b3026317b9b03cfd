"""Fluent translations from ``locales/<lang>/*.ftl``.

Every ``.ftl`` file of a language is loaded, so each feature keeps its strings in a file
of its own. A missing message falls back to English, then to its id (never a crash).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import Any

from fluent.runtime import FluentBundle, FluentResource
from fluent.runtime.types import fluent_number
from fluent.syntax import ast as ftl
from fluent.syntax.visitor import Visitor

from bot.problems import Problem

log = logging.getLogger(__name__)

LOCALES = ("en", "ru")
FALLBACK = "en"
# Formatted messages kept per language, by message and arguments (texts and integers):
# dialogs draw the same texts again and again. Emptied when full.
MEMO_MAX = 1024
# What ``render(..., plain_only=True)`` passes on.
_PLAIN = (str, int, float)
# The argument types a message can be memoised by: others (bool, float, None...) could be
# equal to one of these while formatting differently (True == 1, NaN != NaN).
_MEMO_TYPES = (str, int)

# The variables a message's value uses; None when it shows another message, which sees
# all of the caller's arguments.
Variables = frozenset[str] | None


def locales_dir() -> Path:
    override = os.environ.get("IGBOT_LOCALES_DIR")
    return Path(override) if override else Path(__file__).resolve().parent.parent / "locales"


class _VariableFinder(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self.shared = False

    def visit_VariableReference(self, node: ftl.VariableReference) -> None:
        self.names.add(node.id.name)

    def visit_MessageReference(self, node: ftl.MessageReference) -> None:
        self.shared = True


def _variables(message: ftl.Message) -> Variables:
    finder = _VariableFinder()
    finder.visit(message.value)
    return None if finder.shared else frozenset(finder.names)


def _bundle(locale: str, directory: Path) -> tuple[FluentBundle, dict[str, Variables]]:
    """The language's bundle, and the variables each of its messages uses."""
    # No bidi isolation marks: they would show up in Telegram messages and CLI output.
    bundle = FluentBundle([locale], use_isolating=False)
    variables: dict[str, Variables] = {}
    for path in sorted((directory / locale).glob("*.ftl")):
        resource = FluentResource(path.read_text(encoding="utf-8"))
        bundle.add_resource(resource)
        for entry in resource.body:
            if isinstance(entry, ftl.Message):  # the first of duplicates wins, as in bundles
                variables.setdefault(entry.id.name, _variables(entry))
    return bundle, variables


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
    """Messages of one language, with English behind it.

    Only the arguments a message uses are converted and passed to Fluent (callers such as
    dialog widgets pass everything they have), and a message is formatted once per
    distinct set of text and integer arguments.
    """

    def __init__(self, locale: str,
                 bundles: list[tuple[FluentBundle, dict[str, Variables]]]) -> None:
        self.locale = locale
        self._bundles = bundles
        self._found: dict[str, tuple[FluentBundle, Any, Variables]] = {}
        self._memo: dict[tuple[Any, ...], str] = {}

    def has(self, key: str) -> bool:
        return any(b.has_message(key) for b, _ in self._bundles)

    def _find(self, key: str) -> tuple[FluentBundle, Any, Variables] | None:
        """The bundle, compiled pattern and variables of ``key``'s value (cached)."""
        found = self._found.get(key)
        if found is None:
            for bundle, variables in self._bundles:
                if bundle.has_message(key):
                    message = bundle.get_message(key)
                    if message.value is None:
                        continue
                    found = self._found[key] = (bundle, message.value, variables.get(key))
                    break
        return found

    def __call__(self, key: str, /, **args: Any) -> str:
        return self.render(key, args)

    def render(self, key: str, data: Mapping[str, Any], *,
               plain_only: bool = False) -> str:
        """``key`` with its arguments taken from ``data``, which may hold anything else
        too; with ``plain_only`` only text and numbers count as arguments."""
        found = self._find(key)
        if found is None:
            log.warning("missing message %s (%s)", key, self.locale)
            return key
        bundle, pattern, variables = found
        names = data.keys() if variables is None else variables
        args = {name: data[name] for name in names if name in data
                and (not plain_only or isinstance(data[name], _PLAIN))}
        memo_key: tuple[Any, ...] | None = None
        if all(type(v) in _MEMO_TYPES for v in args.values()):
            memo_key = (key, *sorted(args.items()))
            text = self._memo.get(memo_key)
            if text is not None:
                return text
        result, errors = bundle.format_pattern(pattern, {k: _arg(v) for k, v in args.items()})
        text = str(result)
        if errors:
            log.warning("message %s (%s): %s", key, self.locale, errors)
        elif memo_key is not None:
            if len(self._memo) >= MEMO_MAX:
                self._memo.clear()
            self._memo[memo_key] = text
        return text

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
