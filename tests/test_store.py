"""The SQLite store: cached sections, the call log and saved analyses survive, in order, under concurrent writes."""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from explorer.analysis import Analysis
from explorer.edits import ActorEdit
from explorer.findings import Actor
from explorer.llm import CallRecord
from explorer.storage import CacheStats, LoggedCall, SavedAnalysis, Store, StoreError

FINDINGS = {"actors": [{"name": "Åsa Ølund", "aliases": ["Ølund"]}], "claims": [{"text": "“The quay stays.”"}]}


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "home" / "explorer.sqlite3"


@pytest.fixture
def store(database: Path):
    opened = Store(database)
    yield opened
    opened.close()


def saved(title: str, claim: str = "The quay stays.", backend: str = "offline") -> SavedAnalysis:
    """Return an analysis as the app saves it: the result and one actor edit."""
    analysis = Analysis(title=title, text=f"“{claim}” said Åsa Ølund.", backend=backend)
    return SavedAnalysis(analysis=analysis, edits=[ActorEdit(original="Åsa Ølund", name="Åsa Ølund", type="person")])


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
    store.cache.put("k1", "offline", value)
    assert store.cache.get("k1") == value


def test_an_unknown_key_is_not_cached(store):
    assert store.cache.get("never-stored") is None


def test_a_newer_value_replaces_the_older(store):
    store.cache.put("k1", "openai", {"v": 1})
    store.cache.put("k1", "openai", {"v": 2})
    assert store.cache.get("k1") == {"v": 2}
    assert store.cache.stats().entries == 1


def test_everything_survives_reopening_the_database(store, database):
    harbour = saved("Harbour vote")
    store.cache.put("k1", "offline", FINDINGS)
    store.calls.add(call(1), "http://127.0.0.1:9/v1", "k1")
    store.analyses.save("a1", harbour)
    store.close()
    again = Store(database)
    assert again.cache.get("k1") == FINDINGS
    assert [c.prompt for c in again.calls.recent()] == ["prompt 1"]
    assert again.analyses.load("a1") == harbour
    again.close()


def test_cache_stats_count_entries_and_bytes(store):
    assert store.cache.stats() == CacheStats(entries=0, bytes=0)
    store.cache.put("k1", "offline", {"a": 1})
    store.cache.put("k2", "offline", [])
    assert store.cache.stats() == CacheStats(entries=2, bytes=len('{"a": 1}') + len("[]"))


def test_clearing_the_cache_keeps_the_call_log_and_saved_analyses(store):
    store.cache.put("k1", "offline", FINDINGS)
    store.calls.add(call(1), None, "k1")
    store.analyses.save("a1", saved("Harbour vote"))
    store.summaries.add("a1", "Ølund wants the quay.", "offline · neutral")
    store.cache.clear()
    assert store.cache.get("k1") is None
    assert store.cache.stats() == CacheStats(entries=0, bytes=0)
    assert len(store.calls.recent()) == 1 and store.analyses.load("a1") is not None
    assert len(store.summaries.versions("a1")) == 1


def test_the_call_log_lists_newest_first_with_every_field(store):
    for n in range(1, 6):
        store.calls.add(call(n, error="timeout" if n == 3 else None), "http://127.0.0.1:9/v1", f"key{n}")
    calls = store.calls.recent(limit=3)
    assert [c.prompt for c in calls] == ["prompt 5", "prompt 4", "prompt 3"]
    assert replace(calls[2], id=0, created=0) == LoggedCall(
        id=0,
        created=0,
        model="fake-model",
        endpoint="http://127.0.0.1:9/v1",
        cache_key="key3",
        prompt="prompt 3",
        response="answer 3",
        prompt_tokens=30,
        completion_tokens=3,
        latency_s=0.5,
        error="timeout",
    )


def test_saved_analyses_are_listed_newest_first_and_updated_in_place(store):
    store.analyses.save("a1", saved("Harbour vote"))
    created = store.analyses.recent()[0].created
    store.analyses.save("a2", saved("Ferry fares", backend="openai"))
    edited = saved("Harbour vote (edited)", claim="The quay goes.")
    store.analyses.save("a1", edited)
    listed = store.analyses.recent()
    assert [(a.id, a.title, a.backend) for a in listed] == [
        ("a1", "Harbour vote (edited)", "offline"),
        ("a2", "Ferry fares", "openai"),
    ]
    assert listed[0].created == created <= listed[0].updated
    assert store.analyses.load("a1") == edited
    assert store.analyses.load("missing") is None
    assert [a.id for a in store.analyses.recent(limit=1)] == ["a1"]


def test_a_saved_analysis_comes_back_with_its_actor_edits_applied_to_its_view(store):
    analysis = Analysis(
        text="“The quay stays,” said Åsa Ølund.",
        backend="offline",
        actors=[Actor(name="Åsa Ølund", type="person", mentions=[(26, 35)])],
    )
    renamed = ActorEdit(original="Åsa Ølund", name="Mayor Ølund", type="person")
    store.analyses.save("a1", SavedAnalysis(analysis=analysis, edits=[renamed]))
    reopened = store.analyses.load("a1")
    assert reopened is not None and reopened.edits == [renamed]
    assert [a.name for a in reopened.analysis.actors] == ["Åsa Ølund"]
    assert [a.name for a in reopened.view().actors] == ["Mayor Ølund"]


@pytest.mark.parametrize("data", ["{not json", '{"analysis": {"text": "no backend"}}', '{"edits": []}'])
def test_an_unreadable_saved_analysis_is_a_clear_store_error(store, database, data):
    store.analyses.save("a1", saved("Harbour vote"))
    with sqlite3.connect(database) as db:
        db.execute("UPDATE analyses SET data = ? WHERE id = 'a1'", (data,))
    with pytest.raises(StoreError, match="The saved analysis a1 in .* cannot be read"):
        store.analyses.load("a1")
    assert [a.title for a in store.analyses.recent()] == ["Harbour vote"]


def write_many(target: Store, prefix: str, count: int) -> None:
    for n in range(count):
        target.cache.put(f"{prefix}-{n}", "openai", {"writer": prefix, "n": n})
        target.calls.add(call(n), None, f"{prefix}-{n}")
        target.analyses.save(f"{prefix}-{n % 5}", saved(prefix, claim=f"Claim {n}."))


@pytest.mark.parametrize("connections", ["shared", "separate"])
def test_two_threads_writing_at_once_lose_nothing(database, connections):
    stores = [Store(database)] * 2 if connections == "shared" else [Store(database), Store(database)]
    writers = [threading.Thread(target=write_many, args=(s, name, 150)) for s, name in zip(stores, ["left", "right"])]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    check = stores[0]
    assert check.cache.stats().entries == 300
    assert check.cache.get("right-149") == {"writer": "right", "n": 149}
    assert len(check.calls.recent(limit=1000)) == 300
    expected_ids = sorted(f"{side}-{n}" for side in ["left", "right"] for n in range(5))
    assert sorted(a.id for a in check.analyses.recent()) == expected_ids
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
        store.cache.put(f"k{i}", "offline", {"n": i})
    asked = [f"k{i}" for i in range(1200)]
    assert store.cache.present(asked) == {f"k{i}" for i in range(0, 1200, 3)}
    assert store.cache.present([]) == set()
