"""Every rejection code raised anywhere has its message in every locale.

The codes are read from the source (the first argument of ``rejection``, ``Problem``,
``ProblemError`` and ``PydanticCustomError`` calls), so a new code without its words in
``locales/`` fails here rather than showing a message id to an admin.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from bot.i18n import LOCALES, load_bundle, locales_dir
from bot.problems import _PYDANTIC_CODES, Problem, problem_from_error, problems_from_validation
from repository.rules import check_pk, message_id
from repository.schemas import CreateInstagramUserEvent

ROOT = Path(__file__).resolve().parent.parent
RAISERS = {"rejection", "Problem", "ProblemError", "PydanticCustomError"}


def raised_codes() -> dict[str, str]:
    """Each code given as a literal to a problem-making call: code -> where (file:line)."""
    found: dict[str, str] = {}
    for folder in ("bot", "handlers", "repository"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not (isinstance(node, ast.Call) and node.args):
                    continue
                name = getattr(node.func, "id", getattr(node.func, "attr", None))
                first = node.args[0]
                if name in RAISERS and isinstance(first, ast.Constant) and isinstance(
                        first.value, str):
                    found.setdefault(first.value, f"{path.relative_to(ROOT)}:{node.lineno}")
    for code in (*_PYDANTIC_CODES.values(), "field_invalid"):
        found.setdefault(code, "bot/problems.py")
    return found


def test_the_scan_finds_codes_of_every_kind() -> None:
    codes = raised_codes()
    # One of each maker, so the scan cannot pass by finding nothing.
    assert {"pk_format", "username_chars", "metadata_size"} <= codes.keys()  # rejection
    assert {"json_syntax", "too_many_entries"} <= codes.keys()  # ProblemError
    assert {"project_inactive", "database_unknown", "send_text"} <= codes.keys()  # Problem
    assert {"not_profile_link", "text_blank"} <= codes.keys()  # handlers' own rules
    assert len(codes) >= 50


def test_every_raised_code_has_a_message_in_every_locale() -> None:
    missing = []
    for lang in LOCALES:
        bundle = load_bundle(lang, locales_dir())
        missing += [f"{lang}: {message_id(code)} (raised at {where})"
                    for code, where in sorted(raised_codes().items())
                    if not bundle.has_message(message_id(code))]
    assert not missing, "\n".join(missing)


def test_schema_errors_carry_no_english_only_the_message_id() -> None:
    with pytest.raises(PydanticCustomError) as caught:
        check_pk("12a")
    err = caught.value
    assert (err.type, err.message()) == ("pk_format", "problem-pk-format")
    assert problem_from_error("pk", err) == Problem("pk_format", {"field": "pk"})


def test_our_codes_and_pydantics_own_errors_are_told_apart() -> None:
    with pytest.raises(ValidationError) as caught:
        CreateInstagramUserEvent.model_validate(
            {"pk": "007", "username": "acme", "metadata": {"a": 1}, "full_name": "x" * 300})
    problems = {p.args["field"]: p for p in problems_from_validation(caught.value)}
    assert problems["project_id"] == Problem("field_missing", {"field": "project_id"})
    assert problems["pk"] == Problem("pk_leading_zero", {"field": "pk"})
    assert problems["full_name"] == Problem("text_length", {
        "field": "full_name", "length": 300, "limit": 255})
    # A plain ValueError from anywhere else keeps its words, as a detail.
    assert problem_from_error("pk", ValueError("odd")) == Problem(
        "field_invalid", {"field": "pk", "detail": "odd"})
