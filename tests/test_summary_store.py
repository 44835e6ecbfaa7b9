"""Summary versions in the real SQLite store: add, list, rename, delete, and still there after reopening."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.store import Store


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "home" / "explorer.sqlite3"


@pytest.fixture
def store(database: Path):
    store = Store(database)
    yield store
    store.close()


def test_versions_are_listed_newest_first_with_the_analysis_title(store):
    store.save_analysis("a1", {"title": "Transport law"}, {"text": "…"})
    first = store.add_summary("a1", "Karin Holt warned about jobs.", "offline · neutral", style="neutral")
    second = store.add_summary("a1", "- Holt warned.", "fake-model · bullets", style="bullets", name="Short")
    store.add_summary("other", "Unrelated.", "edited")
    listed = store.list_summaries("a1")
    assert [s["id"] for s in listed] == [second, first]
    assert [(s["name"], s["source"], s["style"], s["analysis_title"]) for s in listed] == [
        ("Short", "fake-model · bullets", "bullets", "Transport law"),
        ("offline · neutral", "offline · neutral", "neutral", "Transport law"),
    ]
    assert len(store.list_summaries()) == 3 and store.list_summaries()[0]["analysis_title"] is None


def test_rename_and_delete(store):
    kept = store.add_summary("a1", "One.", "offline · neutral")
    gone = store.add_summary("a1", "Two.", "edited")
    assert store.rename_summary(kept, "  Final  ") and store.get_summary(kept)["name"] == "Final"
    assert store.delete_summary(gone) and store.get_summary(gone) is None
    assert [s["id"] for s in store.list_summaries("a1")] == [kept]


@pytest.mark.parametrize("action", [lambda s: s.rename_summary(999, "x"), lambda s: s.delete_summary(999)])
def test_a_missing_version_is_reported_not_raised(store, action):
    assert action(store) is False


def test_a_blank_name_is_refused(store):
    summary = store.add_summary("a1", "One.", "edited")
    with pytest.raises(ValueError, match="needs a name"):
        store.rename_summary(summary, "  ")
    assert store.get_summary(summary)["name"] == "edited"


def test_versions_survive_reopening_the_database(database):
    first = Store(database)
    summary = first.add_summary("a1", "Brenner said <b>jobs</b> will come.", "edited", name="Mine")
    first.rename_summary(summary, "Mine, renamed")
    first.close()
    again = Store(database)
    assert again.get_summary(summary)["text"] == "Brenner said <b>jobs</b> will come."
    assert again.get_summary(summary)["name"] == "Mine, renamed"
    again.close()
