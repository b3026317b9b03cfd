"""The translator on fluent_compiler: Fluent's traps, fallbacks, and the kept texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.i18n import I18n

FTL_EN = """
count = { $n } { $n ->
    [one] user
   *[other] users
 }
flag = private: { $flag }
who = { $n ->
    [one] only { $name }
   *[other] { $n } people, first { $first }
 }
only-en = English only
"""
FTL_RU = """
count = { $n } { $n ->
    [one] пользователь
    [few] пользователя
   *[many] пользователей
 }
"""


@pytest.fixture
def i18n(tmp_path: Path) -> I18n:
    for lang, text in (("en", FTL_EN), ("ru", FTL_RU)):
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "test.ftl").write_text(text, encoding="utf-8")
    return I18n(directory=tmp_path)


def test_integers_are_not_grouped_and_plurals_still_select(i18n: I18n) -> None:
    assert i18n.get("en")("count", n=1234567) == "1234567 users"
    assert i18n.get("en")("count", n=1) == "1 user"
    ru = i18n.get("ru")
    assert [ru("count", n=n) for n in (1, 22, 31, 5, 11)] == [
        "1 пользователь", "22 пользователя", "31 пользователь", "5 пользователей",
        "11 пользователей"]


def test_booleans_read_true_or_false_not_numbers(i18n: I18n) -> None:
    assert i18n.get("en")("flag", flag=True) == "private: true"
    assert i18n.get("en")("flag", flag=False) == "private: false"


def test_missing_messages_fall_back_to_english_then_to_the_id(i18n: I18n) -> None:
    assert i18n.get("ru")("only-en") == "English only"
    assert i18n.get("ru")("no-such-message") == "no-such-message"
    assert i18n.for_language("ru-RU")("count", n=2) == "2 пользователя"
    assert i18n.for_language("de")("count", n=2) == "2 users"


def test_kept_texts_never_hide_a_variable_read_on_another_branch(i18n: I18n) -> None:
    en = i18n.get("en")
    for _ in range(3):  # the same arguments again and again: kept texts are used
        assert en("who", n=1, name="Ann", first="x") == "only Ann"
    assert en("who", n=2, name="Ann", first="Bob") == "2 people, first Bob"
    assert en("who", n=2, name="Ann", first="Eve") == "2 people, first Eve"
    assert en("who", n=1, name="Max", first="Eve") == "only Max"


def test_long_values_are_kept_whole(i18n: I18n) -> None:
    # fluent.runtime turned a value over 2,500 characters into "{???}".
    assert i18n.get("en")("flag", flag="x" * 5000) == "private: " + "x" * 5000


def test_the_shipped_locales_compile_without_errors() -> None:
    from bot.i18n import load_bundle, locales_dir

    for lang in ("en", "ru"):
        assert load_bundle(lang, locales_dir()).check_messages() == []
