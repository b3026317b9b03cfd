"""Finding the users in a pasted Instagram JSON document and mapping them to our fields.

The unwrapping order and field mapping follow ``shared/reference/instagram-json-shapes.md``
section 2. The result is a list of plain dicts shaped like ``CreateInstagramUserEvent``
(not validated yet), or a ``Problem`` for an entry that cannot be one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.jsonload import load_json
from bot.problems import Problem, ProblemError

# Keys of the original flat event: an object with only these passes through unchanged.
FLAT_FIELDS = frozenset({
    "pk", "username", "full_name", "is_private", "is_verified", "profile_pic_url",
    "profile_chaining_secondary_label", "social_context", "project_id",
    "requester_telegram_id", "metadata",
})
_PK_KEYS = ("pk_id", "id", "strong_id__", "pk")
# A row this bot stored (a create-user result's "user", an export line): its pk is
# user_pk, its id is our UUID, and the other fields below are ours, not the admin's.
_STORED_ROW_KEYS = frozenset({"user_pk", "id", "search_username", "profile_url",
                              "scraped_at", "created_at", "updated_at"})
_ALIASES: dict[str, tuple[str, ...]] = {
    "full_name": ("full_name", "fullName"),
    "is_private": ("is_private", "private", "isPrivate"),
    "is_verified": ("is_verified", "verified", "isVerified"),
    "profile_pic_url": ("profile_pic_url", "profilePicUrl", "profile_pic_url_hd",
                        "profilePicUrlHD"),
    "profile_chaining_secondary_label": ("profile_chaining_secondary_label",),
    "social_context": ("social_context", "search_social_context"),
}
_PASSTHROUGH = ("username", "project_id", "requester_telegram_id")
# Where the extra fields of a pasted profile are kept inside ``metadata``.
EXTRA_KEY = "instagram"
_EDGE_KEYS = ("edge_chaining", "edge_related_profiles")


@dataclass(frozen=True)
class Extracted:
    """The users found in a document; ``single`` when it was one profile, not a list."""

    entries: list[dict[str, Any] | Problem]
    single: bool


def _empty(value: Any) -> bool:
    return value is None or value == ""


def _pk_of(raw: dict[str, Any]) -> Any:
    """The user's pk from its id fields, which must all agree; never fbid or media ids."""
    keys = ("user_pk",) if "user_pk" in raw else _PK_KEYS
    found: list[tuple[str, Any]] = [(k, raw[k]) for k in keys if not _empty(raw.get(k))]
    if not found:
        return None
    strings = [(k, v) for k, v in found if isinstance(v, str)]
    chosen = strings[0][1] if strings else found[0][1]

    def norm(value: Any) -> str:
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return str(value).strip()

    values = {norm(v) for _, v in found}
    if len(values) > 1:
        raise ProblemError(
            "pk_conflict", fields=", ".join(f"{k}={norm(v)}" for k, v in found)
        )
    return chosen


def map_user(raw: dict[str, Any], item_context: dict[str, Any] | None = None) -> dict[str, Any]:
    """Map one Instagram user object (any shape) to the flat event's fields.

    Fields with no column are kept under ``metadata[EXTRA_KEY]``.
    """
    if item_context is None and raw.keys() <= FLAT_FIELDS:
        return raw  # the original's flat shape: nothing to map
    used: set[str] = set(_PK_KEYS)
    if "user_pk" in raw:
        used |= _STORED_ROW_KEYS
    event: dict[str, Any] = {}
    pk = _pk_of(raw)
    if pk is not None:
        event["pk"] = pk
    for name in _PASSTHROUGH:
        if name in raw:
            event[name] = raw[name]
            used.add(name)
    for name, keys in _ALIASES.items():
        for key in keys:
            if not _empty(raw.get(key)):
                event[name] = raw[key]
                used.add(key)
                break
        else:
            # Present but null/empty still counts as given (null means the default).
            for key in keys:
                if key in raw:
                    used.add(key)
    if "profile_pic_url" not in event:
        hd = raw.get("hd_profile_pic_url_info")
        if isinstance(hd, dict) and isinstance(hd.get("url"), str) and hd["url"]:
            event["profile_pic_url"] = hd["url"]
    extras = {k: v for k, v in raw.items() if k not in used and k != "metadata"}
    if item_context:
        context = item_context.get("social_context")
        if _empty(event.get("social_context")) and not _empty(context):
            event["social_context"] = context
        rest = {k: v for k, v in item_context.items() if k != "user"}
        if rest:
            extras["item"] = rest
    metadata = raw.get("metadata")
    if metadata is None:
        metadata = {}
    if extras and isinstance(metadata, dict):
        key = EXTRA_KEY if EXTRA_KEY not in metadata else f"{EXTRA_KEY}_profile"
        metadata = {**metadata, key: extras}
    if metadata or "metadata" in raw:
        event["metadata"] = metadata
    return event


# Most entries one document may hold unless the caller says otherwise.
MAX_ENTRIES = 100_000


def _entries(users: list[Any], limit: int | None, *,
             lift_items: bool = False) -> list[dict[str, Any] | Problem]:
    """The users of a list; the whole list is refused, before any work per entry, when it
    is longer than ``limit`` or holds no object at all (``[1, 1, ...]``)."""
    if limit is not None and len(users) > limit:
        raise ProblemError("too_many_entries", count=len(users), limit=limit)
    if len(users) > 1 and not any(isinstance(u, dict) for u in users):
        raise ProblemError("no_user_objects", count=len(users))
    result: list[dict[str, Any] | Problem] = []
    for index, user in enumerate(users, start=1):
        context = None
        if isinstance(user, dict) and (lift_items or "username" not in user) and isinstance(
            user.get("user"), dict
        ):
            context, user = user, user["user"]
        if not isinstance(user, dict):
            result.append(Problem("entry_not_object", {"index": index}))
            continue
        try:
            result.append(map_user(user, context))
        except ProblemError as exc:
            result.append(exc.problem)
    return result


def _edge_nodes(container: dict[str, Any]) -> list[Any] | None:
    for key in _EDGE_KEYS:
        edge = container.get(key)
        if isinstance(edge, dict) and isinstance(edge.get("edges"), list):
            return [e.get("node") if isinstance(e, dict) else e for e in edge["edges"]]
    if isinstance(container.get("edges"), list):
        return [e.get("node") if isinstance(e, dict) else e for e in container["edges"]]
    return None


def _is_profile(value: dict[str, Any]) -> bool:
    return "username" in value


def _check_envelope(doc: dict[str, Any]) -> None:
    if doc.get("status") == "fail" or (doc.get("status") == "error"):
        raise ProblemError("ig_error", message=str(doc.get("message") or doc.get("status")))
    if isinstance(doc.get("data"), str):
        raise ProblemError("ig_error", message=doc["data"])
    data = doc.get("data")
    for holder in (data, doc.get("graphql")):
        if isinstance(holder, dict) and "user" in holder and holder["user"] is None:
            raise ProblemError("ig_no_user")


def _from_profile_holder(user: dict[str, Any], limit: int | None) -> Extracted:
    if _is_profile(user) or not (nodes := _edge_nodes(user)):
        return Extracted(_entries([user], limit), single=True)
    return Extracted(_entries(nodes, limit), single=False)


def _list_or_problem(users: list[Any], doc: dict[str, Any], limit: int | None) -> Extracted:
    if not users:
        message = doc.get("message")
        if isinstance(message, str) and message:
            raise ProblemError("ig_error", message=message)
        raise ProblemError("no_users")
    return Extracted(_entries(users, limit), single=False)


def extract_users(doc: Any, max_entries: int | None = MAX_ENTRIES) -> Extracted:
    """Find the users in a parsed document, in the reference's unwrapping order; a list
    of more than ``max_entries`` is refused whole (``too_many_entries``)."""
    limit = max_entries
    if isinstance(doc, list):
        if not doc:
            raise ProblemError("no_users")
        return Extracted(_entries(doc, limit), single=False)
    if not isinstance(doc, dict):
        raise ProblemError("not_a_profile", found=type(doc).__name__)
    _check_envelope(doc)
    data = doc.get("data") if isinstance(doc.get("data"), dict) else {}
    assert isinstance(data, dict)
    for holder in (data, doc.get("graphql")):
        if isinstance(holder, dict) and isinstance(holder.get("user"), dict):
            return _from_profile_holder(holder["user"], limit)
    if isinstance(doc.get("user"), dict) and not _is_profile(doc):
        user = doc["user"]
        if _is_profile(user) and "social_context" in doc:  # a lone suggestion item
            return Extracted(_entries([doc], limit, lift_items=True), single=True)
        return _from_profile_holder(user, limit)
    chaining = data.get("xdt_api__v1__discover__chaining")
    for users in (data.get("users"), doc.get("users"),
                  chaining.get("users") if isinstance(chaining, dict) else None):
        if isinstance(users, list):
            return _list_or_problem(users, doc, limit)
    if isinstance(doc.get("items"), list):
        items = doc["items"]
        if not items:
            raise ProblemError("no_users")
        return Extracted(_entries(items, limit, lift_items=True), single=False)
    if _is_profile(doc) or any(k in doc for k in _PK_KEYS):
        return Extracted(_entries([doc], limit), single=True)
    nodes = _edge_nodes(doc)
    if nodes is None and isinstance(doc.get("relatedProfiles"), list):
        nodes = doc["relatedProfiles"]
    if nodes is not None:
        return _list_or_problem(nodes, doc, limit)
    keys = ", ".join(list(doc)[:8])
    raise ProblemError("not_a_profile", found=f"object with keys {keys}" if keys else "{}")


def read_users(text: str | bytes, *, max_bytes: int,
               max_entries: int | None = MAX_ENTRIES) -> Extracted:
    """Parse a JSON document and find its users; ``ProblemError`` says what is wrong.

    Before parsing, the document's size in values is bounded (see ``check_values``), so
    that what parsing builds in memory is bounded by ``max_entries``, not only by bytes.
    """
    if max_entries is not None:
        check_values(text, max_entries)
    return extract_users(load_json(text, max_bytes=max_bytes), max_entries)


# What one user of ordinary size may take, at most: JSON values (a value is at most one
# comma more) and objects or lists. A document past max_entries times these is refused
# before parsing: parsing ``[{},{},...]`` costs ~25 bytes of memory per byte of input.
VALUES_PER_ENTRY = 100
CONTAINERS_PER_ENTRY = 40


def check_values(text: str | bytes, max_entries: int) -> None:
    """Refuse, without parsing, a document with more values or containers than
    ``max_entries`` users of ordinary size hold (commas, braces and brackets counted,
    those inside strings too: an upper bound)."""
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    values = data.count(b",") + 1
    containers = data.count(b"{") + data.count(b"[")
    if (values > max_entries * VALUES_PER_ENTRY
            or containers > max_entries * CONTAINERS_PER_ENTRY):
        raise ProblemError("json_too_many_values", values=values, containers=containers,
                           limit=max_entries)
