"""Every locale file exists in every language, with the same messages and variables."""

from __future__ import annotations

from fluent.syntax import FluentParser, ast
from fluent.syntax.visitor import Visitor

from bot.i18n import LOCALES, locales_dir


class _Variables(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def visit_VariableReference(self, node: ast.VariableReference) -> None:
        self.names.add(node.id.name)


def messages(lang: str, file_name: str) -> dict[str, frozenset[str]]:
    """Each message of one file, with the variables it uses."""
    text = (locales_dir() / lang / file_name).read_text(encoding="utf-8")
    resource = FluentParser().parse(text)
    junk = [e.content[:80] for e in resource.body if isinstance(e, ast.Junk)]
    assert not junk, f"{lang}/{file_name}: syntax errors in {junk}"
    found: dict[str, frozenset[str]] = {}
    for entry in resource.body:
        if isinstance(entry, ast.Message):
            assert entry.id.name not in found, f"{lang}/{file_name}: {entry.id.name} twice"
            finder = _Variables()
            finder.visit(entry)
            found[entry.id.name] = frozenset(finder.names)
    return found


def test_every_language_has_the_same_files_messages_and_variables() -> None:
    files = {lang: sorted(f.name for f in (locales_dir() / lang).iterdir()
                          if f.name.endswith(".ftl")) for lang in LOCALES}
    assert files["ru"] == files["en"]
    for file_name in files["en"]:
        english = messages("en", file_name)
        for lang in LOCALES:
            other = messages(lang, file_name)
            assert sorted(other) == sorted(english), f"{lang}/{file_name}: messages differ"
            changed = {k: (english[k], v) for k, v in other.items() if v != english[k]}
            assert not changed, f"{lang}/{file_name}: variables differ: {changed}"


def test_no_message_id_is_defined_in_two_files() -> None:
    for lang in LOCALES:
        seen: dict[str, str] = {}
        for entry in sorted((locales_dir() / lang).iterdir(), key=lambda f: f.name):
            if entry.name.endswith(".ftl"):
                for message_id in messages(lang, entry.name):
                    assert message_id not in seen, (
                        f"{lang}: {message_id} in {seen.get(message_id)} and {entry.name}")
                    seen[message_id] = entry.name
