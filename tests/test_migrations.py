"""Schema migrations: a store written before migrations existed opens intact, and every step is recorded once."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from explorer.storage import Store, StoreError
from explorer.storage.database import Database
from explorer.storage.migrations import MIGRATIONS, Migration, migrate
from tests.articles import PARAGRAPHS
from tests.test_app import APP, chart_data, open_tab

FIXTURES = Path(__file__).parent / "fixtures"
OLD_TABLES = ("cache", "calls", "analyses", "summaries", "summaries_by_analysis")


@pytest.fixture
def old_store(tmp_path: Path) -> Path:
    """A copy of the store that commit 161b2f6 wrote (see tests/fixtures/make_store_v0.py)."""
    copy = tmp_path / "home" / "explorer.sqlite3"
    copy.parent.mkdir()
    shutil.copy(FIXTURES / "store-v0.sqlite3", copy)
    return copy


def schema(database: Path, names: tuple[str, ...] = OLD_TABLES) -> dict[str, str]:
    with sqlite3.connect(database) as db:
        marks = ",".join("?" * len(names))
        return dict(db.execute(f"SELECT name, sql FROM sqlite_master WHERE name IN ({marks})", names).fetchall())


def test_an_analysis_saved_before_migrations_reopens_with_its_actor_edits(old_store: Path) -> None:
    with Store(old_store) as store:
        (entry,) = store.analyses.recent()
        saved = store.analyses.load(entry.id)

    assert saved is not None and entry.title == saved.analysis.title == "Harbour plan"
    assert saved.analysis.text == "\n\n".join(PARAGRAPHS) and saved.analysis.claims
    assert [(e.original, e.name, e.merge_into) for e in saved.edits] == [
        ("Mara Lind", "Mara Lind (union chair)", None),
        ("Ilse Varga", "Ilse Varga", "Tomas Berg"),
    ]
    shown = {actor.name for actor in saved.view().actors}
    assert "Mara Lind (union chair)" in shown and "Tomas Berg" in shown
    assert not shown & {"Mara Lind", "Ilse Varga"}
    assert {c.speaker for c in saved.view().claims} <= shown | {None}


def test_summary_versions_saved_before_migrations_are_all_there(old_store: Path) -> None:
    with Store(old_store) as store:
        (entry,) = store.analyses.recent()
        versions = store.summaries.versions(entry.id)
        assert store.cache.stats().entries > 0

    assert [v.name for v in versions] == ["edited", "First draft"]  # newest first
    assert {v.analysis_title for v in versions} == {"Harbour plan"}
    edited, first = versions
    assert (first.source, edited.source) == ("offline · neutral", "edited")
    assert edited.text == first.text + " Edited by hand." and "Mara Lind" in first.text
    assert first.updated > first.created  # it was renamed after it was made


def test_opening_an_old_store_records_every_migration_once_and_keeps_its_tables(old_store: Path) -> None:
    before = schema(old_store)
    Store(old_store).close()
    with Store(old_store) as store:
        applied = store.database.applied_migrations()

    assert applied == [step.__name__ for step in MIGRATIONS]
    assert schema(old_store) == before  # m001 recognised the tables instead of recreating them
    with sqlite3.connect(old_store, isolation_level=None) as db:
        assert migrate(db) == []


def test_a_new_store_has_exactly_the_tables_161b2f6_made(old_store: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.sqlite3"
    Store(fresh).close()
    assert schema(fresh) == schema(old_store) and len(schema(fresh)) == len(OLD_TABLES)


def test_a_later_migration_runs_once_in_order_on_an_existing_store(tmp_path: Path) -> None:
    database = tmp_path / "explorer.sqlite3"
    with Store(database) as store:
        store.summaries.add(None, "A summary.", "edited")

    def m900_summary_words(db: sqlite3.Connection) -> None:
        db.execute("ALTER TABLE summaries ADD COLUMN words INTEGER")
        db.execute("UPDATE summaries SET words = length(text) - length(replace(text, ' ', '')) + 1")

    later = [*MIGRATIONS, m900_summary_words]
    with sqlite3.connect(database, isolation_level=None) as db:
        assert migrate(db, later) == ["m900_summary_words"]
        assert migrate(db, later) == []
        assert db.execute("SELECT words FROM summaries").fetchall() == [(2,)]
        names = [row[0] for row in db.execute("SELECT name FROM _migrations ORDER BY rowid")]
    assert names == [step.__name__ for step in later]


def test_a_failing_migration_changes_nothing_and_the_store_says_it_cannot_open(tmp_path: Path) -> None:
    database = tmp_path / "explorer.sqlite3"
    Store(database).close()
    before = schema(database, ("summaries",))

    def m900_half_done(db: sqlite3.Connection) -> None:
        db.execute("ALTER TABLE summaries ADD COLUMN words INTEGER")
        db.execute("UPDATE no_such_table SET x = 1")

    broken: list[Migration] = [*MIGRATIONS, m900_half_done]
    with pytest.raises(StoreError, match="Cannot open the store at .*no such table: no_such_table"):
        Database(database, migrations=broken)
    assert schema(database, ("summaries",)) == before
    with Store(database) as store:
        assert "m900_half_done" not in store.database.applied_migrations()


def test_a_store_from_a_newer_version_still_opens(tmp_path: Path) -> None:
    database = tmp_path / "explorer.sqlite3"
    with Store(database) as store:
        store.cache.put("k1", "offline", {"v": 1})
    with sqlite3.connect(database, isolation_level=None) as db:
        db.execute("INSERT INTO _migrations (name, applied) VALUES ('m999_from_the_future', 0)")
        db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")

    with Store(database) as store:
        assert store.cache.get("k1") == {"v": 1}
        assert store.database.applied_migrations()[-1] == "m999_from_the_future"


def test_the_app_reopens_an_old_store_with_its_edits_and_summary_versions(no_llm_env: Path) -> None:
    no_llm_env.mkdir()
    shutil.copy(FIXTURES / "store-v0.sqlite3", no_llm_env / "explorer.sqlite3")
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert [e.label for e in at.sidebar.expander if e.label.startswith("History")] == ["History (1)"]
    at.button(key="history_open").click().run()
    assert not at.exception and not at.error

    open_tab(at, "Actors")
    table = at.data_editor(key="actor_editor").value.set_index("original")
    assert table.loc["Mara Lind", "name"] == "Mara Lind (union chair)"
    assert table.loc["Ilse Varga", "merge_into"] == "Tomas Berg"
    open_tab(at, "Overview")
    shown = set(chart_data(at, "chart_prominence")["name"])
    assert "Mara Lind (union chair)" in shown and not shown & {"Mara Lind", "Ilse Varga"}
    open_tab(at, "Summary")
    assert [o.split(" · ")[0] for o in at.selectbox(key="summary_pick").options] == ["edited", "First draft"]
    editor = next(t for t in at.text_area if t.key.startswith("summary_text"))
    assert editor.value.endswith("Edited by hand.")
