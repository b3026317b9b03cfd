"""Fluent translations from ``locales/<lang>/*.ftl``.

Every ``.ftl`` file of a language is loaded, so each feature keeps its strings in a file
of its own. A missing message falls back to English, then to its id (never a crash).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

from fluent.runtime import FluentBundle, FluentResource
from fluent.runtime.types import fluent_number
from fluent.syntax import ast as ftl
from fluent.syntax.visitor import Visitor

from bot.problems import Problem

log = logging.getLogger(__name__)

LOCALES = ("en", "ru")
FALLBACK = "en"
# Formatted messages kept per language, by message and arguments (texts and integers), for
# those Fluent itself must format (plurals, selectors...): dialogs draw the same texts
# again and again. Emptied when full; so is the cache of formatted numbers.
MEMO_MAX = 1024
# What ``render(..., plain_only=True)`` passes on.
_PLAIN = (str, int, float)
# The argument types a message can be memoised by: others (bool, float, None...) could be
# equal to one of these while formatting differently (True == 1, NaN != NaN).
_MEMO_TYPES = (str, int)
# Fluent refuses a value longer than this in a pattern with placeables, and a pattern of
# more parts (the whole message becomes "{???}"); joining leaves such cases to Fluent.
_PART_MAX = 2500
_PARTS_MAX = 1000
_MISSING = object()


def locales_dir() -> Traversable:
    """The ``locales`` package's files: the checkout's folder, or the installed package data."""
    return files("locales")


@dataclass(frozen=True)
class _Shape:
    """What formatting a message needs, read once from its syntax tree."""

    # The variables its value uses; None when it shows another message, which sees all of
    # the caller's arguments.
    variables: frozenset[str] | None
    # For a value made of text and variables only (most messages): text, variable name,
    # text, ..., text. Such a value is formatted by joining, as Fluent would; None for
    # anything else (selectors, functions, references, literals), which Fluent formats.
    parts: tuple[str, ...] | None


class _ShapeFinder(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self.shared = False

    def visit_VariableReference(self, node: ftl.VariableReference) -> None:
        self.names.add(node.id.name)

    def visit_MessageReference(self, node: ftl.MessageReference) -> None:
        self.shared = True


def _parts(pattern: ftl.Pattern | None) -> tuple[str, ...] | None:
    elements = pattern.elements if pattern is not None else []
    if len(elements) > _PARTS_MAX:
        return None
    parts = [""]
    for element in elements:
        if isinstance(element, ftl.TextElement):
            parts[-1] += element.value
        elif (isinstance(element, ftl.Placeable)
              and isinstance(element.expression, ftl.VariableReference)):
            parts += [element.expression.id.name, ""]
        else:
            return None
    if len(parts) > 1 and any(len(text) > _PART_MAX for text in parts[::2]):
        return None
    return tuple(parts)


def _shape(message: ftl.Message) -> _Shape:
    finder = _ShapeFinder()
    finder.visit(message.value)
    return _Shape(None if finder.shared else frozenset(finder.names), _parts(message.value))


class _Catalog:
    """One language's messages: the Fluent bundle, and each message's shape."""

    def __init__(self, locale: str, directory: Traversable) -> None:
        # No bidi isolation marks: they would show up in Telegram messages and CLI output.
        self.bundle = FluentBundle([locale], use_isolating=False)
        self.shapes: dict[str, _Shape] = {}
        ftl_files = [f for f in (directory / locale).iterdir() if f.name.endswith(".ftl")]
        for path in sorted(ftl_files, key=lambda f: f.name):
            resource = FluentResource(path.read_text(encoding="utf-8"))
            self.bundle.add_resource(resource)
            for entry in resource.body:
                if isinstance(entry, ftl.Message):  # the first of duplicates wins, as in bundles
                    self.shapes.setdefault(entry.id.name, _shape(entry))
        # Integers are shown the way Fluent shows an argument (no grouping), by Fluent.
        self._number_bundle = FluentBundle([locale], use_isolating=False)
        self._number_bundle.add_resource(FluentResource("number = { $n }"))
        number = self._number_bundle.get_message("number").value
        assert number is not None
        self._number_pattern = number
        self._numbers: dict[int, str] = {}

    def number(self, value: int) -> str:
        text = self._numbers.get(value)
        if text is None:
            result, _ = self._number_bundle.format_pattern(
                self._number_pattern, {"n": fluent_number(value, useGrouping=False)})
            if len(self._numbers) >= MEMO_MAX:
                self._numbers.clear()
            text = self._numbers[value] = str(result)
        return text

    def join(self, parts: tuple[str, ...], args: Mapping[str, Any]) -> str | None:
        """A text-and-variables message; None when a value needs Fluent (missing, a float,
        too long), so that Fluent formats it and reports what is wrong."""
        pieces = [parts[0]]
        for i in range(1, len(parts), 2):
            value = args.get(parts[i], _MISSING)
            if isinstance(value, str):
                text = value
            elif value is None:
                text = ""
            elif isinstance(value, bool):
                text = "true" if value else "false"
            elif isinstance(value, int):
                text = self.number(value)
            elif value is _MISSING or isinstance(value, float):
                return None
            else:
                text = str(value)
            if len(text) > _PART_MAX:
                return None
            pieces += (text, parts[i + 1])
        return "".join(pieces)


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

    Only the arguments a message uses are converted (callers such as dialog widgets pass
    everything they have). A message of text and variables is formatted by joining them;
    any other is formatted by Fluent, once per distinct set of text and integer arguments.
    """

    def __init__(self, locale: str, catalogs: list[_Catalog]) -> None:
        self.locale = locale
        self._catalogs = catalogs
        self._found: dict[str, tuple[_Catalog, Any, _Shape]] = {}
        self._memo: dict[tuple[Any, ...], str] = {}

    def has(self, key: str) -> bool:
        return any(c.bundle.has_message(key) for c in self._catalogs)

    def _find(self, key: str) -> tuple[_Catalog, Any, _Shape] | None:
        """The catalog, compiled pattern and shape of ``key``'s value (cached)."""
        found = self._found.get(key)
        if found is None:
            for catalog in self._catalogs:
                if catalog.bundle.has_message(key):
                    message = catalog.bundle.get_message(key)
                    if message.value is None:
                        continue
                    found = self._found[key] = (catalog, message.value, catalog.shapes[key])
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
        catalog, pattern, shape = found
        names = data.keys() if shape.variables is None else shape.variables
        args = {name: data[name] for name in names if name in data
                and (not plain_only or isinstance(data[name], _PLAIN))}
        if shape.parts is not None:
            joined = catalog.join(shape.parts, args)
            if joined is not None:
                return joined
        memo_key: tuple[Any, ...] | None = None
        if all(type(v) in _MEMO_TYPES for v in args.values()):
            memo_key = (key, *sorted(args.items()))
            text = self._memo.get(memo_key)
            if text is not None:
                return text
        result, errors = catalog.bundle.format_pattern(
            pattern, {k: _arg(v) for k, v in args.items()})
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

    def __init__(self, default_locale: str = FALLBACK,
                 directory: Traversable | None = None) -> None:
        self.default_locale = default_locale if default_locale in LOCALES else FALLBACK
        self.directory = directory or locales_dir()

    @cached_property
    def _translators(self) -> dict[str, Translator]:
        catalogs = {loc: _Catalog(loc, self.directory) for loc in LOCALES}
        return {
            loc: Translator(loc, [catalogs[loc]]
                            + ([catalogs[FALLBACK]] if loc != FALLBACK else []))
            for loc in LOCALES
        }

    def get(self, locale: str) -> Translator:
        return self._translators.get(locale, self._translators[self.default_locale])

    def for_language(self, language_code: str | None) -> Translator:
        code = (language_code or "").split("-")[0].lower()
        return self.get(code if code in LOCALES else self.default_locale)
