"""The SQLite store: cached sections, the call log and saved analyses survive, in order, under concurrent writes."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from explorer.llm import CallRecord
from explorer.store import Store, StoreError

FINDINGS = {"actors": [{"name": "Åsa Ølund", "aliases": ["Ølund"]}], "claims": [{"text": "“The quay stays.”"}]}


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "home" / "explorer.sqlite3"


@pytest.fixture
def store(database: Path):
    opened = Store(database)
    yield opened
    opened.close()


def call(n: int, error: str | None = None) -> CallRecord:
    return CallRecord(
        model="fake-model",
        prompt=f"prompt {n}",
        response=f"answer {n}",
        prompt_tokens=10 * n,
        completion_tokens=n,
        latency_s=0.5,
        error=error,
    )


@pytest.mark.parametrize("value", [FINDINGS, {"actors": [], "claims": [], "stances": []}, [1, "two", None], "text"])
def test_a_cached_value_comes_back_unchanged(store, value):
    store.put_cached("k1", "offline", value)
    assert store.get_cached("k1") == value


def test_an_unknown_key_is_not_cached(store):
    assert store.get_cached("never-stored") is None


def test_a_newer_value_replaces_the_older(store):
    store.put_cached("k1", "openai", {"v": 1})
    store.put_cached("k1", "openai", {"v": 2})
    assert store.get_cached("k1") == {"v": 2}
    assert store.cache_stats()["entries"] == 1


def test_everything_survives_reopening_the_database(store, database):
    store.put_cached("k1", "offline", FINDINGS)
    store.log_call(call(1), "http://127.0.0.1:9/v1", "k1")
    store.save_analysis("a1", {"title": "Harbour vote"}, {"claims": []})
    store.close()
    again = Store(database)
    assert again.get_cached("k1") == FINDINGS
    assert [c["prompt"] for c in again.calls()] == ["prompt 1"]
    assert again.load_analysis("a1") == {"claims": []}
    again.close()


def test_cache_stats_count_entries_and_bytes(store):
    assert store.cache_stats() == {"entries": 0, "bytes": 0}
    store.put_cached("k1", "offline", {"a": 1})
    store.put_cached("k2", "offline", [])
    assert store.cache_stats() == {"entries": 2, "bytes": len('{"a": 1}') + len("[]")}


def test_clearing_the_cache_keeps_the_call_log_and_saved_analyses(store):
    store.put_cached("k1", "offline", FINDINGS)
    store.log_call(call(1), None, "k1")
    store.save_analysis("a1", {"title": "Harbour vote"}, {"claims": []})
    store.clear_cache()
    assert store.get_cached("k1") is None
    assert store.cache_stats() == {"entries": 0, "bytes": 0}
    assert len(store.calls()) == 1 and store.load_analysis("a1") == {"claims": []}


def test_the_call_log_lists_newest_first_with_every_field(store):
    for n in range(1, 6):
        store.log_call(call(n, error="timeout" if n == 3 else None), "http://127.0.0.1:9/v1", f"key{n}")
    calls = store.calls(limit=3)
    assert [c["prompt"] for c in calls] == ["prompt 5", "prompt 4", "prompt 3"]
    assert calls[2] | {"id": 0, "created": 0} == {
        "id": 0,
        "created": 0,
        "model": "fake-model",
        "endpoint": "http://127.0.0.1:9/v1",
        "cache_key": "key3",
        "prompt": "prompt 3",
        "response": "answer 3",
        "prompt_tokens": 30,
        "completion_tokens": 3,
        "latency_s": 0.5,
        "error": "timeout",
    }


def test_saved_analyses_are_listed_newest_first_and_updated_in_place(store):
    store.save_analysis("a1", {"title": "Harbour vote", "backend": "offline"}, {"claims": ["first"]})
    created = store.list_analyses()[0]["created"]
    store.save_analysis("a2", {"title": "Ferry fares", "backend": "openai", "model": "fake-model"}, {"claims": []})
    store.save_analysis("a1", {"title": "Harbour vote (edited)", "backend": "offline"}, {"claims": ["edited"]})
    listed = store.list_analyses()
    assert [(a["id"], a["title"], a["backend"]) for a in listed] == [
        ("a1", "Harbour vote (edited)", "offline"),
        ("a2", "Ferry fares", "openai"),
    ]
    assert listed[0]["created"] == created <= listed[0]["updated"]
    assert store.load_analysis("a1") == {"claims": ["edited"]}
    assert store.load_analysis("missing") is None
    assert [a["id"] for a in store.list_analyses(limit=1)] == ["a1"]


def write_many(target: Store, prefix: str, count: int) -> None:
    for n in range(count):
        target.put_cached(f"{prefix}-{n}", "openai", {"writer": prefix, "n": n})
        target.log_call(call(n), None, f"{prefix}-{n}")
        target.save_analysis(f"{prefix}-{n % 5}", {"title": prefix}, {"n": n})


@pytest.mark.parametrize("connections", ["shared", "separate"])
def test_two_threads_writing_at_once_lose_nothing(database, connections):
    stores = [Store(database)] * 2 if connections == "shared" else [Store(database), Store(database)]
    writers = [threading.Thread(target=write_many, args=(s, name, 150)) for s, name in zip(stores, ["left", "right"])]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    check = stores[0]
    assert check.cache_stats()["entries"] == 300
    assert check.get_cached("right-149") == {"writer": "right", "n": 149}
    assert len(check.calls(limit=1000)) == 300
    expected_ids = sorted(f"{side}-{n}" for side in ["left", "right"] for n in range(5))
    assert sorted(a["id"] for a in check.list_analyses()) == expected_ids
    for s in set(stores):
        s.close()
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_store_that_cannot_be_created_says_where(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the home folder should be")
    with pytest.raises(StoreError, match="Cannot open the store at .*not-a-folder"):
        Store(blocker / "explorer.sqlite3")


def test_cached_keys_says_which_keys_have_values_even_for_many_keys(tmp_path) -> None:
    store = Store(tmp_path / "s.sqlite3")
    for i in range(0, 1200, 3):
        store.put_cached(f"k{i}", "offline", {"n": i})
    asked = [f"k{i}" for i in range(1200)]
    assert store.cached_keys(asked) == {f"k{i}" for i in range(0, 1200, 3)}
    assert store.cached_keys([]) == set()
