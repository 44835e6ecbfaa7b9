"""Summary versions in the real SQLite store: add, list, rename, delete, and still there after reopening."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.analysis import Analysis
from explorer.storage import SavedAnalysis, Store


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "home" / "explorer.sqlite3"


@pytest.fixture
def store(database: Path):
    store = Store(database)
    yield store
    store.close()


def test_versions_are_listed_newest_first_with_the_analysis_title(store):
    store.analyses.save("a1", SavedAnalysis(analysis=Analysis(title="Transport law", text="…", backend="offline")))
    first = store.summaries.add("a1", "Karin Holt warned about jobs.", "offline · neutral", style="neutral")
    second = store.summaries.add("a1", "- Holt warned.", "fake-model · bullets", style="bullets", name="Short")
    store.summaries.add("other", "Unrelated.", "edited")
    listed = store.summaries.versions("a1")
    assert [s.id for s in listed] == [second, first]
    assert [(s.name, s.source, s.style, s.analysis_title) for s in listed] == [
        ("Short", "fake-model · bullets", "bullets", "Transport law"),
        ("offline · neutral", "offline · neutral", "neutral", "Transport law"),
    ]
    assert len(store.summaries.versions()) == 3 and store.summaries.versions()[0].analysis_title is None


def test_rename_and_delete(store):
    kept = store.summaries.add("a1", "One.", "offline · neutral")
    gone = store.summaries.add("a1", "Two.", "edited")
    assert store.summaries.rename(kept, "  Final  ") and store.summaries.get(kept).name == "Final"
    assert store.summaries.delete(gone) and store.summaries.get(gone) is None
    assert [s.id for s in store.summaries.versions("a1")] == [kept]


@pytest.mark.parametrize("action", [lambda s: s.summaries.rename(999, "x"), lambda s: s.summaries.delete(999)])
def test_a_missing_version_is_reported_not_raised(store, action):
    assert action(store) is False


def test_a_blank_name_is_refused(store):
    summary = store.summaries.add("a1", "One.", "edited")
    with pytest.raises(ValueError, match="needs a name"):
        store.summaries.rename(summary, "  ")
    assert store.summaries.get(summary).name == "edited"


def test_versions_survive_reopening_the_database(database):
    first = Store(database)
    summary = first.summaries.add("a1", "Brenner said <b>jobs</b> will come.", "edited", name="Mine")
    first.summaries.rename(summary, "Mine, renamed")
    first.close()
    again = Store(database)
    reopened = again.summaries.get(summary)
    assert reopened is not None and reopened.text == "Brenner said <b>jobs</b> will come."
    assert reopened.name == "Mine, renamed"
    again.close()
