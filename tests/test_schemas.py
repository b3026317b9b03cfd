"""Validation rules of a create request (reference section 3), as the user reads them.

Each rejection is checked through the English text a user sees: the schema's problems
rendered by ``bot.i18n``, or the ``error`` of a ``CreateUserResult`` from the service.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import ValidationError

from bot.i18n import I18n
from bot.problems import problems_from_validation
from bot.service import CreateUserService
from repository.instagram import InstagramRepository
from repository.schemas import CreateInstagramUserEvent

EN = I18n().get("en")
BASE: dict[str, Any] = {"pk": "1234567890", "username": "acme.shop", "project_id": 1}


def event(**changes: Any) -> CreateInstagramUserEvent:
    return CreateInstagramUserEvent.model_validate({**BASE, **changes})


def messages(data: dict[str, Any]) -> list[str]:
    """The English messages for every field the data gets wrong; [] when it is valid."""
    try:
        CreateInstagramUserEvent.model_validate(data)
    except ValidationError as exc:
        return [EN.problem(p) for p in problems_from_validation(exc)]
    return []


def rejection(**changes: Any) -> str:
    found = messages({**BASE, **changes})
    assert len(found) == 1, found
    return found[0]


# --- pk ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("given", "stored"), [
    ("1234567890", "1234567890"),
    (1234567890, "1234567890"),
    (787132, "787132"),
    (" 15230646745 ", "15230646745"),
    ("99999999999999999999", "99999999999999999999"),  # 20 digits: the limit
    (2**64 - 1, "18446744073709551615"),  # past 2**53: kept exact, unlike JavaScript
    (json.loads("12345678901234567890"), "12345678901234567890"),
])
def test_pk_accepted_as_exact_decimal_string(given: Any, stored: str) -> None:
    assert event(pk=given).pk == stored


PK_TYPE = 'pk: must be a whole number written with digits, not {} (write it like "1234567890").'
PK_FORMAT = "pk: must contain digits only, like 1234567890."


@pytest.mark.parametrize(("given", "message"), [
    ("0123", "pk: must not start with 0."),
    ("0", "pk: must not start with 0."),
    ("1" * 21, "pk: has 21 digits; at most 20 are allowed."),
    (10**20, "pk: has 21 digits; at most 20 are allowed."),
    (1.5, PK_TYPE.format("a decimal number")),
    (1234567890.0, PK_TYPE.format("a decimal number")),
    (json.loads("1.2e10"), PK_TYPE.format("a decimal number")),
    ("1.2e10", PK_FORMAT),
    ("12a", PK_FORMAT),
    (True, PK_TYPE.format("true/false")),
    (False, PK_TYPE.format("true/false")),
    (-5, PK_FORMAT),
    ("-5", PK_FORMAT),
    (0, PK_FORMAT),
    ("", "pk: is empty; give the account's numeric id (pk)."),
    ("   ", "pk: is empty; give the account's numeric id (pk)."),
    ([1], PK_TYPE.format("a list")),
])
def test_pk_rejected(given: Any, message: str) -> None:
    assert rejection(pk=given) == message


def test_pk_null_message_speaks_plain_english() -> None:
    message = rejection(pk=None)
    assert "NoneType" not in message
    assert message.startswith("pk: ")


@pytest.mark.parametrize("given", ["٣٤", "１２３", "12³"])
def test_pk_non_ascii_digits(given: str) -> None:
    assert rejection(pk=given) == PK_FORMAT


def test_required_fields_named() -> None:
    assert messages({}) == [
        "pk: is required.", "username: is required.", "project_id: is required.",
    ]


# --- username ------------------------------------------------------------------------------
@pytest.mark.parametrize(("given", "stored"), [
    ("acme.shop", "acme.shop"),
    ("@Acme.Shop", "acme.shop"),
    ("  @NatGeo  ", "natgeo"),
    ("_mallinovskaya_", "_mallinovskaya_"),
    ("__", "__"),
    ("a", "a"),
    ("a_b.c_d.9", "a_b.c_d.9"),
    ("x" * 30, "x" * 30),
])
def test_username_normalised(given: str, stored: str) -> None:
    created = event(username=given)
    assert created.username == stored
    assert created.search_username == f"manual_{stored}"
    assert created.profile_url == f"https://instagram.com/{stored}"


CHARS = 'username: may contain only letters a-z, digits, "." and "_" (found "{}").'


@pytest.mark.parametrize(("given", "message"), [
    ("x" * 31, "username: has 31 characters; at most 30 are allowed."),
    ("@" + "x" * 31, "username: has 31 characters; at most 30 are allowed."),
    ("acme-shop", CHARS.format("-")),
    ("acme shop", CHARS.format(" ")),
    ("café", CHARS.format("é")),
    ("acme!", CHARS.format("!")),
    ("a@b", CHARS.format("@")),
    (".acme", "username: must not start or end with a dot."),
    ("acme.", "username: must not start or end with a dot."),
    ("acme..shop", "username: must not contain two dots in a row."),
    ("", "username: is empty; give the account's username, like acme.shop."),
    ("@", "username: is empty; give the account's username, like acme.shop."),
    (12345, "username: must be text."),
    (None, "username: must be text."),
])
def test_username_rejected(given: Any, message: str) -> None:
    assert rejection(username=given) == message


# --- free text: rejected with the field's name, never cut ------------------------------------
@pytest.mark.parametrize(("field", "label"), [
    ("full_name", "full name"),
    ("profile_chaining_secondary_label", "secondary label"),
    ("social_context", "social context"),
])
def test_text_longer_than_column_rejected_with_field_name(field: str, label: str) -> None:
    assert event(**{field: "é" * 255}).model_dump()[field] == "é" * 255
    assert rejection(**{field: "x" * 256}) == (
        f"{label}: has 256 characters; at most 255 are allowed. Shorten it.")
    assert rejection(**{field: 7}) == f"{label}: must be text."


@pytest.mark.parametrize("field", ["full_name", "profile_chaining_secondary_label",
                                   "social_context"])
def test_text_null_means_empty(field: str) -> None:
    assert event(**{field: None}).model_dump()[field] == ""


async def test_long_full_name_not_cut_and_not_stored(
        service: CreateUserService, repo: InstagramRepository, project_id: int) -> None:
    too_long = await service.create_instagram_user(
        {**BASE, "project_id": project_id, "full_name": "N" * 300})
    assert not too_long.success and not too_long.created
    assert too_long.error == "full name: has 300 characters; at most 255 are allowed. Shorten it."
    assert too_long.error_code == "text_length"
    assert await repo.count_users(project_id) == 0

    exact = await service.create_instagram_user(
        {**BASE, "project_id": project_id, "full_name": "Ж" * 255})
    assert exact.created
    stored = await repo.get_user("1234567890", project_id)
    assert stored is not None and stored.full_name == "Ж" * 255


# --- profile_pic_url -----------------------------------------------------------------------
@pytest.mark.parametrize("given", [
    "",
    "https://scontent-arn2-1.cdninstagram.com/v/t51.2885-19/1234_n.jpg?stp=dst-jpg_s150x150"
    "&_nc_ht=scontent-arn2-1.cdninstagram.com&oe=65F1A2B3&_nc_sid=8b3546",
    "http://example.com/a.jpg",
    "HTTPS://EXAMPLE.COM/A.JPG",
])
def test_profile_pic_url_accepted(given: str) -> None:
    assert event(profile_pic_url=given).profile_pic_url == given


def test_profile_pic_url_null_is_empty() -> None:
    assert event(profile_pic_url=None).profile_pic_url == ""


URL_FORMAT = ("profile picture URL: must be empty or a link starting with http:// or "
              "https://.")


@pytest.mark.parametrize("given", [
    "ftp://example.com/a.jpg",
    "www.instagram.com/a.jpg",
    "https://",
    "https:// example.com",
    "javascript:alert(1)",
    "https://example.com/a b.jpg",
])
def test_profile_pic_url_rejected(given: str) -> None:
    assert rejection(profile_pic_url=given) == URL_FORMAT


def test_profile_pic_url_length_bound() -> None:
    url = "https://example.com/" + "a" * 2100
    assert rejection(profile_pic_url=url) == (
        f"profile picture URL: has {len(url)} characters; at most 2048 are allowed. "
        "Shorten it.")


# --- booleans ------------------------------------------------------------------------------
@pytest.mark.parametrize("field", ["is_private", "is_verified"])
@pytest.mark.parametrize("given", ["true", "false", 1, 0, "yes", []])
def test_flags_must_be_real_booleans(field: str, given: Any) -> None:
    assert rejection(**{field: given}) == f"{field}: must be true or false."


@pytest.mark.parametrize("field", ["is_private", "is_verified"])
def test_flags_true_false_null(field: str) -> None:
    assert event(**{field: True}).model_dump()[field] is True
    assert event(**{field: False}).model_dump()[field] is False
    assert event(**{field: None}).model_dump()[field] is False
    assert CreateInstagramUserEvent.model_validate(BASE).model_dump()[field] is False


# --- project_id ----------------------------------------------------------------------------
PROJECT = "project_id: must be a positive whole number, the id of a project."


@pytest.mark.parametrize("given", [0, -1, "abc", "", 1.0, 2.5, True, 2**31, None, [1]])
def test_project_id_rejected(given: Any) -> None:
    assert rejection(project_id=given) == PROJECT


def test_project_id_unicode_digit() -> None:
    assert rejection(project_id="²") == PROJECT


def test_requester_non_ascii_digits() -> None:
    assert rejection(requester_telegram_id="１２") == (
        "requester_telegram_id: must be a Telegram user id (digits).")


@pytest.mark.parametrize("given", [1, 42, 2**31 - 1])
def test_project_id_accepted(given: int) -> None:
    assert event(project_id=given).project_id == given


# --- requester and metadata ----------------------------------------------------------------
def test_requester_must_be_a_telegram_id() -> None:
    assert event(requester_telegram_id=123456789).requester_telegram_id == "123456789"
    assert event(requester_telegram_id="").requester_telegram_id is None
    assert rejection(requester_telegram_id="alice") == (
        "requester_telegram_id: must be a Telegram user id (digits).")
    assert rejection(requester_telegram_id=True) == (
        "requester_telegram_id: must be a Telegram user id (digits).")


@pytest.mark.parametrize("given", [[1, 2], "source=manual", 5, True])
def test_metadata_must_be_an_object(given: Any) -> None:
    assert rejection(metadata=given) == (
        'metadata: must be a JSON object, like {"source": "manual"}.')


def test_metadata_object_kept_and_null_is_empty() -> None:
    meta = {"source": "manual", "created_by": "admin", "nested": {"list": [1, 2.5, None]}}
    assert event(metadata=meta).metadata == meta
    assert event(metadata=None).metadata == {}


def test_metadata_size_bound() -> None:
    big = {"note": "x" * 300_000}
    size = len(json.dumps(big, separators=(",", ":")))
    assert size == 300_011
    assert rejection(metadata=big) == "metadata: is 293 KB; at most 256 KB is allowed."
    fits = {"note": "x" * 200_000}
    assert event(metadata=fits).metadata == fits


def test_metadata_size_bound_counts_bytes() -> None:
    big = {"note": "ж" * 200_000}
    size = len(json.dumps(big, ensure_ascii=False, separators=(",", ":")).encode())
    assert size == 400_011 > 262144  # "ж" is two bytes
    assert rejection(metadata=big) == "metadata: is 390.6 KB; at most 256 KB is allowed."


# --- through the service: the same text in a result -----------------------------------------
async def test_service_result_carries_the_message(
        service: CreateUserService, repo: InstagramRepository, project_id: int) -> None:
    cases = [
        ({"pk": "007"}, "pk: must not start with 0.", "pk_leading_zero"),
        ({"username": "a..b"}, "username: must not contain two dots in a row.",
         "username_dots"),
        ({"is_private": "false"}, "is_private: must be true or false.", "bool_type"),
        ({"profile_pic_url": "ftp://x/y.jpg"}, URL_FORMAT, "url_format"),
        ({"pk": 1.2e10}, PK_TYPE.format("a decimal number"), "pk_type"),
    ]
    for change, message, code in cases:
        result = await service.create_instagram_user({**BASE, "project_id": project_id,
                                                      **change})
        assert (result.success, result.error, result.error_code) == (False, message, code)
        assert result.user is None and result.request_id
    assert await repo.count_users() == 0
    assert service.metrics.snapshot().validation_errors == len(cases)


async def test_nul_character_in_text_is_a_validation_error(
        service: CreateUserService, project_id: int) -> None:
    result = await service.create_instagram_user(
        {**BASE, "project_id": project_id, "full_name": "Ac\u0000me"})
    assert not result.success
    assert result.error_code != "database_error"
    assert result.error is not None and result.error.startswith("full name: ")
    assert service.metrics.snapshot().database_errors == 0
