"""Every input shape of the reference (section 1), its mapping (section 2) and its errors.

Samples are realistic responses (values made up), parsed with ``bot.shapes.read_users``,
validated and stored by the service; assertions are on the stored rows and on the English
message a user reads.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.i18n import I18n
from bot.links import parse_profile_link
from bot.problems import Problem, ProblemError
from bot.service import CreateUserService
from bot.shapes import Extracted, extract_users, read_users
from repository.instagram import InstagramRepository
from repository.schemas import CreateUserResult, InstagramUser

EN = I18n().get("en")
MAX = 2 * 1024 * 1024

PIC = "https://scontent-arn2-1.cdninstagram.com/v/t51.2885-19/4455_n.jpg?stp=s150x150&oe=65F1A2B3"
PIC_HD = "https://scontent-arn2-1.cdninstagram.com/v/t51.2885-19/4455_n.jpg?stp=s320x320&oe=65F1A2B3"


def parse(doc: Any) -> Extracted:
    return read_users(json.dumps(doc), max_bytes=MAX)


def refusal(text: str | bytes, *, max_bytes: int = MAX) -> str:
    with pytest.raises(ProblemError) as caught:
        read_users(text, max_bytes=max_bytes)
    return EN.problem(caught.value.problem)


async def store(service: CreateUserService, doc: Any, project_id: int
                ) -> list[CreateUserResult]:
    results = await service.create_many(parse(doc).entries, default_project=project_id)
    return results


def stored(results: list[CreateUserResult]) -> list[InstagramUser]:
    users = []
    for r in results:
        assert r.success and r.created, r.error
        assert r.user is not None
        users.append(r.user)
    return users


# --- the original's flat event ---------------------------------------------------------------
async def test_flat_original_event(service: CreateUserService, repo: InstagramRepository,
                                   project_id: int) -> None:
    doc = {
        "pk": "1234567890", "username": "test_user_manual", "full_name": "Test User Manual",
        "is_private": False, "is_verified": True,
        "profile_pic_url": "https://example.com/avatar.jpg",
        "profile_chaining_secondary_label": "Test Label",
        "social_context": "Manual creation test", "project_id": project_id,
        "requester_telegram_id": "144022504",
        "metadata": {"source": "manual", "created_by": "test_script",
                     "timestamp": "2025-01-20T10:00:00.000Z"},
    }
    extracted = parse(doc)
    assert extracted.single and extracted.entries == [doc]
    (user,) = stored(await store(service, doc, project_id=999))  # its own project wins
    assert (user.user_pk, user.username, user.full_name) == (
        "1234567890", "test_user_manual", "Test User Manual")
    assert (user.is_private, user.is_verified) == (False, True)
    assert user.profile_pic_url == "https://example.com/avatar.jpg"
    assert user.profile_chaining_secondary_label == "Test Label"
    assert user.social_context == "Manual creation test"
    assert user.project_id == project_id
    assert user.requester_telegram_id == "144022504"
    assert user.search_username == "manual_test_user_manual"
    assert user.profile_url == "https://instagram.com/test_user_manual"
    assert user.metadata == doc["metadata"]
    assert await repo.get_user("1234567890", project_id) == user


async def test_flat_event_unknown_keys_kept_in_metadata(
        service: CreateUserService, project_id: int) -> None:
    doc = {"pk": "5", "username": "five", "note": "met at a fair",
           "metadata": {"source": "manual"}}
    (user,) = stored(await store(service, doc, project_id))
    assert user.metadata == {"source": "manual", "instagram": {"note": "met at a fair"}}


# --- A. web profile: data.user, and graphql.user ---------------------------------------------
WEB_PROFILE = {
    "data": {"user": {
        "id": "51234567890", "username": "acme.shop", "full_name": "Acme",
        "is_private": False, "is_verified": False, "profile_pic_url": PIC,
        "profile_pic_url_hd": PIC_HD, "biography": "Shoes & bags\nShipping worldwide",
        "fbid": "17841451234567890", "category_name": "Shopping & retail",
        "edge_followed_by": {"count": 1200}, "edge_follow": {"count": 80},
        "edge_related_profiles": {"edges": [
            {"node": {"id": "1111", "username": "rival.one", "full_name": "Rival One",
                      "is_private": False, "is_verified": True, "profile_pic_url": PIC}},
            {"node": {"id": "2222", "username": "rival.two", "full_name": "Rival Two",
                      "is_private": False, "is_verified": False, "profile_pic_url": PIC}},
        ]},
    }},
    "status": "ok",
}


async def test_web_profile_is_one_user_with_related_in_metadata(
        service: CreateUserService, repo: InstagramRepository, project_id: int) -> None:
    extracted = parse(WEB_PROFILE)
    assert extracted.single and len(extracted.entries) == 1
    (user,) = stored(await store(service, WEB_PROFILE, project_id))
    assert user.user_pk == "51234567890"  # from id; never fbid
    assert (user.username, user.full_name) == ("acme.shop", "Acme")
    assert user.profile_pic_url == PIC
    assert user.profile_chaining_secondary_label == ""  # not invented from category_name
    assert user.social_context == ""
    extra = user.metadata["instagram"]
    assert extra["biography"] == "Shoes & bags\nShipping worldwide"
    assert extra["fbid"] == "17841451234567890"
    assert extra["edge_followed_by"] == {"count": 1200}
    assert extra["profile_pic_url_hd"] == PIC_HD
    assert [e["node"]["username"] for e in extra["edge_related_profiles"]["edges"]] == [
        "rival.one", "rival.two"]
    assert await repo.count_users(project_id) == 1


async def test_graphql_user_with_hd_fallback(service: CreateUserService,
                                             project_id: int) -> None:
    doc = {"graphql": {"user": {
        "id": "787132", "username": "natgeo", "full_name": "National Geographic",
        "is_private": False, "is_verified": True, "profile_pic_url": None,
        "profile_pic_url_hd": PIC_HD, "edge_followed_by": {"count": 283000000},
    }}}
    assert parse(doc).single
    (user,) = stored(await store(service, doc, project_id))
    assert (user.user_pk, user.username, user.is_verified) == ("787132", "natgeo", True)
    assert user.profile_pic_url == PIC_HD
    assert user.metadata["instagram"]["edge_followed_by"] == {"count": 283000000}


# --- B. private API user ---------------------------------------------------------------------
PRIVATE_API = {
    "user": {
        "strong_id__": "51234567890", "pk": 51234567890, "pk_id": "51234567890",
        "id": "51234567890", "fbid_v2": 17841451234567890,
        "interop_messaging_user_fbid": 117841451234567890, "username": "Acme.Shop",
        "full_name": None, "is_private": None, "is_verified": False,
        "profile_pic_url": "", "profile_pic_id": "3141592653589793238_51234567890",
        "hd_profile_pic_url_info": {"url": PIC_HD, "width": 1080, "height": 1080},
        "follower_count": 1200, "following_count": 80, "media_count": 42,
    },
    "status": "ok",
}


async def test_private_api_user(service: CreateUserService, project_id: int) -> None:
    assert parse(PRIVATE_API).single
    (user,) = stored(await store(service, PRIVATE_API, project_id))
    assert user.user_pk == "51234567890"
    assert user.username == "acme.shop"
    assert user.full_name == ""  # null -> ''
    assert user.is_private is False  # null -> false
    assert user.profile_pic_url == PIC_HD  # hd_profile_pic_url_info.url fallback
    extra = user.metadata["instagram"]
    assert extra["fbid_v2"] == 17841451234567890  # kept exact, not used as the pk
    assert extra["profile_pic_id"] == "3141592653589793238_51234567890"
    assert extra["follower_count"] == 1200


async def test_fbid_alone_is_never_the_pk(service: CreateUserService,
                                          project_id: int) -> None:
    doc = {"user": {"fbid_v2": 17841451234567890, "fbid": "17841451234567890",
                    "eimu_id": "110000000000001", "username": "acme.shop"}}
    (result,) = await store(service, doc, project_id)
    assert not result.success
    assert result.error == "pk: is required."


async def test_disagreeing_id_fields_are_refused(service: CreateUserService,
                                                 project_id: int) -> None:
    doc = {"user": {"pk": 51234567890, "pk_id": "51234567891", "username": "acme.shop"}}
    (result,) = await store(service, doc, project_id)
    assert result.error == ("The id fields of this profile disagree (pk_id=51234567891, "
                            "pk=51234567890); fix them so they name the same user.")


# --- C. chaining: users[], data.users, data.xdt_api__v1__discover__chaining.users -----------
def chaining_user(pk: int, username: str, **extra: Any) -> dict[str, Any]:
    return {
        "strong_id__": str(pk), "pk": pk, "pk_id": str(pk), "id": str(pk),
        "username": username, "full_name": username.title(), "is_private": False,
        "is_verified": True, "profile_pic_id": f"3550000000000000000_{pk}",
        "profile_pic_url": PIC, "chaining_info": {"sources": "[7, 8, 6]", "algorithm": None},
        "profile_chaining_secondary_label": username.title(),
        "social_context": "Followed by jelena_stela + 6 more", **extra,
    }


CHAINING_USERS = [
    chaining_user(247000001, "rival.co"),
    chaining_user(247000002, "other.co", full_name=None, is_private=None),
]


@pytest.mark.parametrize("doc", [
    {"users": CHAINING_USERS, "is_backup": False, "status": "ok"},
    {"status": "ok", "message": None, "data": {"users": CHAINING_USERS}},
    {"data": {"xdt_api__v1__discover__chaining": {"users": CHAINING_USERS}},
     "extensions": {"is_final": True}},
], ids=["users", "rapidapi-data-users", "graphql-xdt-chaining"])
async def test_chaining_lists(service: CreateUserService, project_id: int,
                              doc: dict[str, Any]) -> None:
    extracted = parse(doc)
    assert not extracted.single and len(extracted.entries) == 2
    first, second = stored(await store(service, doc, project_id))
    assert (first.user_pk, first.username, first.full_name) == (
        "247000001", "rival.co", "Rival.Co")
    assert first.profile_chaining_secondary_label == "Rival.Co"
    assert first.social_context == "Followed by jelena_stela + 6 more"  # stored as given
    assert first.metadata["instagram"]["chaining_info"] == {"sources": "[7, 8, 6]",
                                                            "algorithm": None}
    assert first.metadata["instagram"]["profile_pic_id"] == "3550000000000000000_247000001"
    assert (second.user_pk, second.full_name, second.is_private) == ("247000002", "", False)


# --- D. GraphQL related-profile edges ---------------------------------------------------------
def node(pk: str, username: str, **extra: Any) -> dict[str, Any]:
    return {"node": {"id": pk, "username": username, "full_name": username.upper(),
                     "is_private": False, "is_verified": False, "profile_pic_url": PIC,
                     "followed_by_viewer": False, "requested_by_viewer": False,
                     "blocked_by_viewer": False, **extra}}


@pytest.mark.parametrize("edge", ["edge_chaining", "edge_related_profiles"])
async def test_graphql_edges(service: CreateUserService, project_id: int, edge: str) -> None:
    doc = {"data": {"user": {edge: {"edges": [
        node("11", "one"), node("12", "two", full_name=None, is_verified=True),
    ]}}}, "status": "ok"}
    extracted = parse(doc)
    assert not extracted.single
    one, two = stored(await store(service, doc, project_id))
    assert (one.user_pk, one.username, one.full_name) == ("11", "one", "ONE")
    assert one.metadata["instagram"]["followed_by_viewer"] is False
    assert (two.user_pk, two.full_name, two.is_verified) == ("12", "", True)


# --- E. suggestion items ------------------------------------------------------------------------
async def test_suggestion_items_lift_social_context(service: CreateUserService,
                                                    project_id: int) -> None:
    doc = {"items": [
        {"user": {"pk": "9", "username": "nine", "full_name": "Nine", "is_private": False,
                  "is_verified": False, "profile_pic_url": PIC},
         "social_context": "Followed by _mallinovskaya_ + 8 more", "algorithm": "ig_friends",
         "uuid": "abc"},
        {"user": {"pk": "10", "username": "ten", "social_context": "Own context"},
         "social_context": "Item context"},
    ], "status": "ok"}
    assert not parse(doc).single
    nine, ten = stored(await store(service, doc, project_id))
    assert nine.social_context == "Followed by _mallinovskaya_ + 8 more"
    assert nine.metadata["instagram"]["item"]["algorithm"] == "ig_friends"
    assert ten.social_context == "Own context"  # the user's own value comes first


# --- F. Apify camelCase profile ----------------------------------------------------------------
APIFY = {
    "id": "528817151", "username": "nasa", "url": "https://www.instagram.com/nasa",
    "fullName": "NASA", "biography": "Exploring the universe", "private": False,
    "verified": True, "profilePicUrl": "", "profilePicUrlHD": PIC_HD,
    "followersCount": 97000000, "followsCount": 80,
    "relatedProfiles": [
        {"id": "1", "username": "esa", "full_name": "ESA", "is_private": False,
         "is_verified": True, "profile_pic_url": PIC},
        {"id": "2", "username": "spacex", "full_name": "SpaceX", "is_private": False,
         "is_verified": True, "profile_pic_url": PIC},
    ],
}


async def test_apify_profile_is_one_user(service: CreateUserService,
                                         repo: InstagramRepository, project_id: int) -> None:
    extracted = parse(APIFY)
    assert extracted.single and len(extracted.entries) == 1
    (user,) = stored(await store(service, APIFY, project_id))
    assert (user.user_pk, user.username, user.full_name) == ("528817151", "nasa", "NASA")
    assert (user.is_private, user.is_verified) == (False, True)
    assert user.profile_pic_url == PIC_HD
    extra = user.metadata["instagram"]
    assert [p["username"] for p in extra["relatedProfiles"]] == ["esa", "spacex"]
    assert extra["followersCount"] == 97000000
    assert await repo.count_users(project_id) == 1


# --- top-level list ---------------------------------------------------------------------------
async def test_top_level_list_in_order(service: CreateUserService, project_id: int) -> None:
    doc = [
        {"pk": "1111111111", "username": "user_one"},
        {"pk": "2222222222", "username": "user_two", "is_verified": True},
        {"pk": "3333333333", "username": "user_three", "is_private": True},
    ]
    extracted = parse(doc)
    assert not extracted.single
    users = stored(await store(service, doc, project_id))
    assert [(u.user_pk, u.username, u.is_verified, u.is_private) for u in users] == [
        ("1111111111", "user_one", False, False),
        ("2222222222", "user_two", True, False),
        ("3333333333", "user_three", False, True),
    ]


async def test_list_entry_that_is_not_an_object(service: CreateUserService,
                                                project_id: int) -> None:
    doc = [{"pk": "1", "username": "one"}, "two", {"pk": "3", "username": "three"}]
    results = await store(service, doc, project_id)
    assert [r.created for r in results] == [True, False, True]
    assert results[1].error == "Entry 2 is not a JSON object."


def test_escaped_ampersand_decoded_before_storing() -> None:
    text = ('{"pk": "7", "username": "seven", '
            '"profile_pic_url": "https://x.cdninstagram.com/a.jpg?a=1\\u0026oe=ABC"}')
    (entry,) = read_users(text, max_bytes=MAX).entries
    assert isinstance(entry, dict)
    assert entry["profile_pic_url"] == "https://x.cdninstagram.com/a.jpg?a=1&oe=ABC"


def test_big_integers_kept_exact() -> None:
    (entry,) = read_users('{"user": {"pk": 12345678901234567890, "username": "big"}}',
                          max_bytes=MAX).entries
    assert isinstance(entry, dict) and entry["pk"] == 12345678901234567890


# --- error envelopes --------------------------------------------------------------------------
@pytest.mark.parametrize(("doc", "message"), [
    ({"status": "fail", "message": "Please wait a few minutes before you try again."},
     "Instagram returned an error instead of a profile: Please wait a few minutes before "
     "you try again."),
    ({"status": "ok", "message": None, "data": "Invalid username"},
     "Instagram returned an error instead of a profile: Invalid username"),
    ({"data": {"user": None}, "status": "ok"},
     "The response holds no profile (user is null): the account may not exist or is not "
     "visible."),
    ({"graphql": {"user": None}},
     "The response holds no profile (user is null): the account may not exist or is not "
     "visible."),
    ({"message": "Not eligible for chaining.", "status": "fail"},
     "Instagram returned an error instead of a profile: Not eligible for chaining."),
    ({"users": [], "message": "Not eligible for chaining.", "status": "ok"},
     "Instagram returned an error instead of a profile: Not eligible for chaining."),
    ({"users": [], "status": "ok"}, "The document holds no users."),
    ([], "The document holds no users."),
    ({"items": []}, "The document holds no users."),
    ({"foo": 1, "bar": 2},
     "No Instagram user was found in this JSON (object with keys foo, bar). Send a "
     "profile, a list of users, or an object with pk and username."),
    ("acme", "No Instagram user was found in this JSON (str). Send a profile, a list of "
     "users, or an object with pk and username."),
], ids=["fail", "data-string", "data-user-null", "graphql-user-null", "chaining-fail",
        "chaining-empty-message", "empty-users", "empty-list", "empty-items", "no-user",
        "string"])
def test_error_envelopes(doc: Any, message: str) -> None:
    assert refusal(json.dumps(doc)) == message


# --- broken, ambiguous, too deep, too large ------------------------------------------------------
def test_broken_json_gives_line_and_column() -> None:
    text = '{\n  "pk": "1234567890",\n  "username": "acme",\n  "full_name": ,\n}'
    assert refusal(text) == ("This is not valid JSON: Expecting value at line 4, column 16. "
                             "Fix it there and send it again.")
    assert refusal('{"pk": "1", "username": "a"') == (
        "This is not valid JSON: Expecting ',' delimiter at line 1, column 28. Fix it there "
        "and send it again.")


def test_empty_document() -> None:
    assert refusal("  \n ") == "The document is empty; send a JSON object or list."


def test_duplicate_key_names_the_key() -> None:
    text = '{"user": {"pk": "1", "username": "a", "username": "b"}}'
    assert refusal(text) == ('The JSON gives the key "username" twice in one object, so its '
                             "meaning is ambiguous. Keep one of them.")


def test_nesting_limit() -> None:
    deep = "[" * 65 + "]" * 65
    assert refusal(deep) == ("The JSON is nested more than 64 levels deep; that is not a "
                             "profile. Send the profile object itself.")
    very_deep = '{"a":' * 100_000 + "1" + "}" * 100_000
    assert refusal(very_deep) == ("The JSON is nested more than 64 levels deep; that is not "
                                  "a profile. Send the profile object itself.")
    at_limit = {"user": {"pk": "1", "username": "a", "metadata": {}}}
    inner: dict[str, Any] = at_limit["user"]["metadata"]
    for _ in range(61):  # 64 levels in all
        inner["x"] = {}
        inner = inner["x"]
    (entry,) = parse(at_limit).entries
    assert isinstance(entry, dict) and entry["pk"] == "1"


def test_size_limit() -> None:
    text = json.dumps({"pk": "1", "username": "acme", "full_name": "x" * 100})
    size = len(text.encode())
    assert refusal(text, max_bytes=100) == (
        f"The document is {size} bytes; at most 100 bytes is accepted. Send a trimmed "
        "profile or split the list.")
    assert refusal(text.encode(), max_bytes=100).startswith(f"The document is {size} bytes")
    assert read_users(text, max_bytes=size).single


def test_not_utf8() -> None:
    assert refusal(b'{"pk": "1", "username": "\xff"}') == (
        "The file is not UTF-8 text (bad byte at position 25). Save it as UTF-8 and send "
        "it again.")


def test_huge_number_message_is_plain() -> None:
    message = refusal('{"pk": ' + "1" * 5000 + ', "username": "a"}')
    assert message.startswith("The JSON holds a number that cannot be read")
    assert "sys." not in message


async def test_nan_is_refused_or_stored(service: CreateUserService,
                                        repo: InstagramRepository, project_id: int) -> None:
    text = '{"pk": "1", "username": "acme", "follower_count": NaN, "ratio": -Infinity}'
    try:
        extracted = read_users(text, max_bytes=MAX)
    except ProblemError:
        return  # refused as not JSON: fine
    (result,) = await service.create_many(extracted.entries, default_project=project_id)
    assert result.error_code != "database_error", result.error
    assert await repo.count_users(project_id) == 1


def test_extract_users_rejects_non_documents() -> None:
    with pytest.raises(ProblemError) as caught:
        extract_users(42)
    assert caught.value.problem == Problem("not_a_profile", {"found": "int"})


# --- profile links and @handles (reference section 2) -----------------------------------------
@pytest.mark.parametrize("text", [
    "@natgeo",
    "natgeo",
    "  @natgeo  ",
    "instagram.com/natgeo",
    "www.instagram.com/natgeo",
    "https://www.instagram.com/natgeo/",
    "https://www.instagram.com/natgeo",
    "http://instagram.com/natgeo",
    "https://www.instagram.com/natgeo/?igsh=abc",
    "https://www.instagram.com/natgeo?igsh=MWx0a2V4cHZ5bWZ6Yw==",
    "https://www.instagram.com/natgeo/?hl=en",
    "https://www.instagram.com/natgeo/#top",
    "https://m.instagram.com/natgeo/",
    "m.instagram.com/natgeo",
    "instagr.am/natgeo",
    "https://instagr.am/natgeo/",
    "https://www.instagram.com/stories/natgeo/3141592653589793238/",
    "instagram.com/stories/natgeo",
    "https://www.instagram.com/natgeo/reels/",
    "HTTPS://WWW.INSTAGRAM.COM/natgeo/",
])
def test_profile_link_forms(text: str) -> None:
    assert parse_profile_link(text) == "natgeo"


def test_profile_link_keeps_case_for_validation() -> None:
    assert parse_profile_link("https://www.instagram.com/NatGeo/") == "NatGeo"
    assert parse_profile_link("@Acme.Shop") == "Acme.Shop"


@pytest.mark.parametrize("text", [
    "https://www.instagram.com/p/C1a2b3c4d5e/",
    "https://www.instagram.com/reel/C1a2b3c4d5e/?igsh=abc",
    "instagram.com/reels/C1a2b3c4d5e",
    "https://www.instagram.com/tv/B1a2b3/",
    "https://www.instagram.com/stories/",
    "https://www.instagram.com/explore/tags/cats/",
    "https://www.instagram.com/accounts/login/?next=/natgeo/",
    "https://www.instagram.com/direct/inbox/",
    "https://www.instagram.com/about/",
    "https://www.instagram.com/legal/privacy/",
    "https://www.instagram.com/privacy/",
    "https://www.instagram.com/",
    "instagram.com",
    "https://example.com/natgeo",
    "https://facebook.com/natgeo",
    "nat geo",
    "@nat-geo",
    "",
    "   ",
    "hello there",
])
def test_not_a_profile_link(text: str) -> None:
    assert parse_profile_link(text) is None


def test_bare_word_only_when_allowed() -> None:
    assert parse_profile_link("natgeo", allow_bare=False) is None
    assert parse_profile_link("@natgeo", allow_bare=False) == "natgeo"
    assert parse_profile_link("instagram.com/natgeo", allow_bare=False) == "natgeo"


def test_app_deep_link_names_the_user_second() -> None:
    assert parse_profile_link("https://instagram.com/_u/natgeo") == "natgeo"
    assert parse_profile_link("instagram.com/_u") is None


async def test_a_stored_row_pasted_back_keeps_its_pk(
        service: CreateUserService, repo: InstagramRepository, project_id: int) -> None:
    """A create-user result's "user" (or an export line) can be pasted into another project."""
    stored = {"id": "0617f0c5-ea6d-4f2a-9b12-0a13bad04677", "search_username": "manual_acme",
              "user_pk": "1234567890", "username": "acme", "full_name": "Acme",
              "profile_url": "https://instagram.com/acme", "project_id": 99,
              "created_at": "2026-11-25T15:40:13Z", "metadata": {"source": "manual"}}
    (entry,) = read_users(json.dumps(stored), max_bytes=MAX).entries
    assert isinstance(entry, dict)
    result = await service.create_instagram_user({**entry, "project_id": project_id})
    assert result.created and result.user is not None
    assert (result.user.user_pk, result.user.metadata) == ("1234567890", {"source": "manual"})
