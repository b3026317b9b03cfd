"""A seeded corpus of hostile documents through the CLI and the chat (issue 7 §7).

Lone surrogates, numbers past JSON's range, deep nesting, a flood of tiny items, invalid
UTF-8, binary files named ``.json``, NaN, repeated keys, numbers with thousands of
digits, NUL characters, non-objects among users, a long Instagram error, empty files,
UTF-16. Whatever comes in: no traceback, never "Something went wrong", a clear answer,
and exactly the users reported created are in the table.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
from pathlib import Path

import asyncpg
import pytest

from tests.conftest import BotWorld
from tests.telegram import ChatUser
from tests.test_cli import igbot

SEED = 7


def good(rng: random.Random, n: int) -> list[dict[str, object]]:
    return [{"pk": str(rng.randrange(10**8, 10**9)), "username": f"ok.{rng.randrange(10**6)}"}
            for _ in range(n)]


def corpus(seed: int = SEED) -> dict[str, bytes]:
    rng = random.Random(seed)

    bad_entries = [
        '{"pk": "11", "username": "s", "full_name": "\\udfff"}',  # a lone surrogate
        '{"pk": "12", "username": "k", "metadata": {"\\ud800": 1}}',  # ... as a key
        '{"pk": "13", "username": "h", "followers": 1e400}',  # past JSON's numbers
        '{"pk": "14", "username": "n", "metadata": {"x": [-1e999]}}',
        '{"pk": "15", "username": "nul\\u0000x"}',  # NUL
        '1', '"two"', 'null', '[3]', 'true',  # not user objects
    ]
    mixed = [json.dumps(u) for u in good(rng, 12)]
    for bad in bad_entries:
        mixed.insert(rng.randrange(len(mixed) + 1), bad)

    return {
        "mixed-poison": ("[" + ", ".join(mixed) + "]").encode(),
        "deep": ("[" * 5000 + "]" * 5000).encode(),
        "tiny-items": ("[" + ",".join(["1"] * 150_000) + "]").encode(),
        "invalid-utf8": b'[{"pk": "1", "username": "a\xff\xfe"}]',
        "binary": bytes(rng.randrange(256) for _ in range(4096)),
        "nan": b'[{"pk": "1", "username": "a", "metadata": {"x": NaN}}]',
        "duplicate-key": b'{"pk": "1", "pk": "2", "username": "dup"}',
        "long-digits": ('{"pk": ' + "9" * 5000 + ', "username": "big"}').encode(),
        "ig-error": json.dumps({"status": "fail",
                                "message": "rate limited " * 400}).encode(),
        "empty": b"",
        "utf16": json.dumps([{"pk": "1", "username": "u"}]).encode("utf-16"),
        "not-a-list-of-users": json.dumps({"data": {"nothing": [1, 2, 3]}}).encode(),
    }


async def test_the_corpus_through_the_cli(clean_dsn: str, pool: asyncpg.Pool,
                                          project_id: int, tmp_path: Path) -> None:
    docs = corpus()
    paths = {}
    for name, data in docs.items():
        paths[name] = tmp_path / f"{name}.json"
        paths[name].write_bytes(data)
    runs = await asyncio.gather(*(
        igbot(clean_dsn, tmp_path, "create-user", str(path), "--project", str(project_id))
        for path in paths.values()))  # igbot() asserts there is no traceback
    created: set[str] = set()
    for name, run in zip(paths, runs, strict=True):
        assert run.code == 1, (name, run.err)  # every document has something wrong
        lines = [line for line in run.err.splitlines() if line.startswith("igbot:")]
        assert len(lines) == 1, (name, run.err)
        assert "{???}" not in run.err + run.out
        assert len(lines[0]) < 600, name
        results = run.results()
        assert results and all(r["request_id"] for r in results)
        created |= {r["user"]["user_pk"] for r in results if r["success"] and r["created"]}
    stored = {r[0] for r in await pool.fetch("SELECT user_pk FROM instagram_similar_users")}
    assert stored == created
    assert {"11", "12", "13", "14", "15"}.isdisjoint(stored)


def _created_in(reply_text: str) -> int:
    if reply_text.startswith("✅ Created."):
        return 1
    found = re.search(r"(\d+) created, ", reply_text)
    return int(found.group(1)) if found else 0


@pytest.mark.parametrize("name", list(corpus()))
async def test_the_corpus_through_the_chat(world: BotWorld, admin: ChatUser,
                                           project_id: int, name: str) -> None:
    await admin.send(f"/project {project_id}")
    data = corpus()[name]
    reply = await admin.send_document(f"{name}.json", data)
    texts = [t for t in reply.texts if t]  # the rejected-entries file has no text
    assert texts, name
    answer = texts[-1]
    assert "Something went wrong" not in answer
    assert answer.startswith(("❌", "🎉", "✅", "📁")), answer
    assert await world.app.repo.count_users() == _created_in("\n".join(texts))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return
    if text.strip() and len(text) < 4000:  # a paste carries the same text
        pasted = await admin.send(text)
        assert "Something went wrong" not in "\n".join(pasted.texts)
