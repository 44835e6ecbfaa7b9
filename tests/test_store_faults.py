"""Storage faults: a damaged file, a locked database, a read-only folder, a full disk, a crash mid-write."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from explorer import analyse_article, load_settings
from explorer.analysis import Analysis
from explorer.storage import SavedAnalysis, Store, StoreError
from tests.fake_openai import FakeOpenAI
from tests.llm_replies import faithful_reply

ROOT = Path(__file__).parents[1]
ARTICLE = "“Tides are rising,” said Mara Lind."


def saved(title: str, body: str = "") -> SavedAnalysis:
    """Return a saved analysis whose article is ARTICLE followed by body."""
    return SavedAnalysis(analysis=Analysis(title=title, text=ARTICLE + body, backend="offline"))


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "home" / "explorer.sqlite3"


def filled(database: Path) -> bytes:
    """Create a store with one cached value, one analysis and one summary; return the file's bytes."""
    store = Store(database)
    store.cache.put("k1", "openai", {"v": 1})
    store.analyses.save("a1", saved("Harbour"))
    store.summaries.add("a1", "A summary.", "offline · neutral")
    store.close()
    return database.read_bytes()


def garbage(database: Path) -> None:
    database.parent.mkdir(parents=True, exist_ok=True)
    database.write_bytes(os.urandom(8192))


def damaged_schema(database: Path) -> None:
    raw = bytearray(filled(database))
    raw[100:4096] = os.urandom(3996)  # page 1 after the header: the schema table
    database.write_bytes(bytes(raw))


@pytest.mark.parametrize("damage", [garbage, damaged_schema], ids=["random-bytes", "damaged-schema-page"])
def test_a_damaged_store_is_moved_aside_and_replaced_and_the_user_told(fake_llm: FakeOpenAI, database, damage):
    damage(database)
    before = database.read_bytes()

    store = Store(database)

    (moved,) = database.parent.glob("explorer.sqlite3.corrupt-*[0-9]")
    assert moved.read_bytes() == before  # nothing the user had is deleted
    assert store.notice and "moved aside to " + moved.name in store.notice and "new, empty store" in store.notice
    store.cache.put("k2", "openai", [1])
    assert store.cache.get("k2") == [1] and store.analyses.recent() == []
    fake_llm.default = faithful_reply
    settings = load_settings(
        env={}, backend="openai", base_url=fake_llm.base_url, model="fake-model", home=database.parent, max_retries=0
    )
    analysis = analyse_article(ARTICLE, None, settings, store=store)
    assert analysis.claims and store.notice in analysis.notes
    store.close()


def test_damage_inside_the_data_is_a_clear_store_error_and_the_analysis_still_comes_back(
    fake_llm: FakeOpenAI, database
):
    store = Store(database)
    for n in range(400):  # enough rows for the cache table to span many pages
        store.cache.put(f"k{n}", "openai", {"padding": "x" * 200})
    store.close()
    raw = bytearray(database.read_bytes())
    raw[4096:] = os.urandom(len(raw) - 4096)  # the schema page survives, every data page is garbage
    database.write_bytes(bytes(raw))
    store = Store(database)

    with pytest.raises(StoreError, match="damaged; close the app and move the file aside"):
        store.cache.get("k1")
    fake_llm.default = faithful_reply
    settings = load_settings(
        env={},
        backend="openai",
        base_url=fake_llm.base_url,
        model="fake-model",
        home=database.parent,
        max_retries=0,
        section_tokens=20,
    )
    analysis = analyse_article(ARTICLE + " " + ARTICLE, None, settings, store=store)
    assert analysis.claims and any("not saved" in n for n in analysis.notes)


def hold_lock(database: Path, seconds: float, ready: threading.Event) -> None:
    other = sqlite3.connect(database, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    other.execute("INSERT INTO cache (key, backend, value, created) VALUES ('other', 'x', '1', 0)")
    ready.set()
    time.sleep(seconds)
    other.execute("COMMIT")
    other.close()


def test_a_briefly_locked_database_is_waited_out(database):
    store = Store(database)
    ready = threading.Event()
    holder = threading.Thread(target=hold_lock, args=(database, 0.4, ready))
    holder.start()
    ready.wait(5)
    started = time.perf_counter()

    assert store.cache.get("k1") is None  # WAL: readers never wait
    store.cache.put("k1", "openai", {"v": 1})  # the writer waits for the lock

    waited = time.perf_counter() - started
    holder.join()
    assert waited >= 0.2
    assert store.cache.get("k1") == {"v": 1} and store.cache.get("other") == 1
    store.close()


def test_a_lock_held_too_long_is_a_clear_error(database):
    store = Store(database, busy_timeout=0.2)
    ready = threading.Event()
    holder = threading.Thread(target=hold_lock, args=(database, 1.0, ready))
    holder.start()
    ready.wait(5)

    with pytest.raises(StoreError, match="another program is holding the database locked"):
        store.analyses.save("a1", saved("Harbour"))

    holder.join()
    store.close()


def test_a_write_the_disk_refuses_leaves_the_previous_version_intact(database):
    store = Store(database)
    first = saved("Harbour")
    store.analyses.save("a1", first)
    first_summary = store.summaries.add("a1", "First version.", "edited")
    # SQLite's page limit makes SQLite itself answer SQLITE_FULL, exactly as it does on a full disk
    connection = store.database._connection  # the limit holds per connection: set it on the store's own
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    connection.execute(f"PRAGMA max_page_count={pages}")
    big = "x" * 200_000

    with pytest.raises(StoreError, match="the disk is full"):
        store.analyses.save("a1", saved("Harbour (edited)", body=big))
    with pytest.raises(StoreError, match="the disk is full"):
        store.summaries.add("a1", big, "edited")

    assert store.analyses.load("a1") == first
    assert store.analyses.recent()[0].title == "Harbour"
    assert [s.id for s in store.summaries.versions("a1")] == [first_summary]
    store.close()
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


WRITER = """
import sys
from explorer.analysis import Analysis
from explorer.storage import SavedAnalysis, Store
store = Store(sys.argv[1])
for n in range(100000):
    store.summaries.add("a1", f"summary {n} " + "words " * 2000 + "end", "edited", name=f"v{n}")
    analysis = Analysis(title=f"edit {n}", text="y" * 20000, backend="offline")
    store.analyses.save("a1", SavedAnalysis(analysis=analysis))
    print(n, flush=True)
"""


def test_summaries_and_edits_survive_a_crash_mid_write(database):
    filled(database)
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(database)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert writer.stdout is not None
    for _ in range(30):  # let 30 versions commit, then kill it without warning, mid-write
        writer.stdout.readline()
    writer.send_signal(signal.SIGKILL)
    writer.wait(10)

    store = Store(database)
    summaries = [s for s in store.summaries.versions("a1") if s.name.startswith("v")]
    assert len(summaries) >= 30
    for s in summaries:  # every stored version is whole: no half-written row
        n = int(s.name[1:])
        assert s.text == f"summary {n} " + "words " * 2000 + "end"
    reopened = store.analyses.load("a1")
    assert reopened is not None and reopened.analysis.text == "y" * 20000
    assert reopened.analysis.title and int(reopened.analysis.title.split()[1]) >= 29
    assert store.notice is None
    store.close()
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def without_write_permission(command: list[str]) -> list[str]:
    """Return command run so folder permissions bind: as root, drop the capabilities that bypass them."""
    if os.geteuid() != 0:
        return command
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: a read-only folder cannot be made to bind")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--", *command]


@pytest.mark.parametrize("existing", [False, True], ids=["empty-read-only-folder", "read-only-store"])
def test_a_read_only_folder_still_gives_the_analysis_with_a_not_saved_note(
    fake_llm: FakeOpenAI, tmp_path: Path, existing: bool
):
    fake_llm.default = faithful_reply
    home = tmp_path / "home"
    home.mkdir()
    if existing:
        filled(home / "explorer.sqlite3")
        (home / "explorer.sqlite3").chmod(0o444)
    before = sorted(p.name for p in home.iterdir())
    home.chmod(0o555)
    command = [
        sys.executable,
        "-m",
        "explorer.cli",
        "analyze",
        "-",
        "--format",
        "json",
        "--backend",
        "openai",
        "--base-url",
        fake_llm.base_url,
        "--model",
        "fake-model",
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "EXPLORER_HOME": str(home), "OPENAI_API_KEY": "sk-test-ro"}
    try:
        done = subprocess.run(
            without_write_permission(command),
            input=ARTICLE,
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            timeout=60,
        )
    finally:
        home.chmod(0o755)

    assert done.returncode == 0, done.stderr
    assert '"speaker": "Mara Lind"' in done.stdout
    assert "Results are shown but not saved." in done.stderr
    assert "read-only" in done.stderr or "is its folder writable?" in done.stderr
    assert sorted(p.name for p in home.iterdir()) == before


def test_many_sessions_creating_the_same_new_store_at_once_all_succeed(tmp_path: Path) -> None:
    failures: list[str] = []
    for trial in range(10):
        path = tmp_path / f"trial{trial}" / "explorer.sqlite3"

        def open_and_write(n: int, path: Path = path) -> None:
            try:
                Store(path).cache.put(f"k{n}", "offline", {"n": n})
            except StoreError as exc:
                failures.append(str(exc))

        threads = [threading.Thread(target=open_and_write, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert len(Store(path).cache.present([f"k{n}" for n in range(8)])) == 8 or failures
    assert failures == []
