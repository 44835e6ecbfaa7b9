"""App benchmarks: time to first page after `streamlit run`, and server-side rerun times after an analysis.

    python benchmarks/app.py [--out docs/benchmarks-app.json]

Reruns are timed with streamlit.testing.v1.AppTest (server-side script time, no browser). The Summary and
Compare tabs are timed with two versions: an offline summary and an edited copy. The corpus page is timed
over 1,000 articles the benchmark writes from team-written sentences (tests/corpus_files.py's layout).
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from benchmarks.report import machine, save  # noqa: E402
from explorer.sample import load_sample  # noqa: E402
from tests.corpus_files import Said, Story, write_corpus  # noqa: E402

CORPUS_ARTICLES = 1000
CORPUS_TABS = ("Overview", "Sources", "Stances", "One actor", "Claims", "Articles", "Downloads")
SPEAKERS = [
    f"{first} {last}"
    for first in ("Mara", "Tomas", "Ilse", "Karin", "Lukas", "Paula", "Jonas", "Edda")
    for last in ("Lind", "Berg", "Varga", "Holt", "Brenner")
] + ["Port Authority", "Harbour Workers' Union", "Quay Residents", "Transport Ministry", "Norway"]
OUTLETS = ["Coast Herald", "Bay Courier", "Harbour Post", "Velden Daily", "North Wire", None]
CLAIMS = [
    "the harbour plan will cost the town its fishing fleet",
    "every objection has been heard and the plan is sound",
    "nobody asked the families who live on the quay",
    "the new quay will create four hundred jobs",
    "freight costs could fall by a fifth",
    "smaller ports might lose their traffic",
    "the union will strike if the ministry does not listen",
    "the consultation lasted two years",
]


def first_page_seconds() -> float:
    """Return seconds from `streamlit run` until the page and its health check are served."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "EXPLORER_HOME": tempfile.mkdtemp()}
    started = time.perf_counter()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "app.py"),
            "--server.port",
            str(port),
            "--server.headless",
            "true",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while time.perf_counter() - started < 60:
            try:
                for path in ("/_stcore/health", "/"):
                    urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=1).read()
                return time.perf_counter() - started
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("streamlit did not serve within 60 s")
    finally:
        server.terminate()
        server.wait(10)


def rerun_times(words: int) -> dict[str, float]:
    """Analyse an article of about `words` words in AppTest, then time reruns (median of 5, ms)."""
    title, sample = load_sample()
    copies = max(1, round(words / len(sample.split())))
    article = "\n\n".join(f"{sample}\n\nEdition {i}." for i in range(copies))
    os.environ["EXPLORER_HOME"] = tempfile.mkdtemp()
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
        os.environ.pop(name, None)
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    started = time.perf_counter()
    app.run()
    first_run = time.perf_counter() - started
    app.text_area(key="article").set_value(article)
    app.text_input(key="title").set_value(title)
    started = time.perf_counter()
    app.button(key="analyse").click().run()
    analyse = time.perf_counter() - started
    results = {
        "words": len(article.split()),
        "first_run_ms": round(1000 * first_run),
        "analyse_ms": round(1000 * analyse),
    }
    for tab in ("Overview", "Article", "Actors", "Claims", "Stances", "Export"):
        results[f"rerun_{tab.lower()}_ms"] = _median_ms(app, lambda tab=tab: app.session_state.__setitem__("view", tab))
    app.session_state["view"] = "Claims"
    app.run()
    speaker = app.multiselect(key="claims_speaker").options[0]
    results["rerun_filter_ms"] = _median_ms(app, lambda: app.multiselect(key="claims_speaker").select(speaker))
    _two_summary_versions(app)
    for tab in ("Summary", "Compare"):
        results[f"rerun_{tab.lower()}_ms"] = _median_ms(app, lambda tab=tab: app.session_state.__setitem__("view", tab))
    if app.exception:
        raise RuntimeError(str(app.exception))
    return results


def corpus_stories(count: int) -> list[Story]:
    """Return count articles mixing team-written claims among many speakers, outlets and dates (seeded)."""
    rng = random.Random(14)
    stories = []
    for i in range(count):
        said = []
        for _ in range(rng.randint(3, 12)):
            speaker, kind = rng.choice([*SPEAKERS[:12], *SPEAKERS]), rng.choice(["direct", "indirect"])
            about = rng.choice(SPEAKERS) if rng.random() < 0.3 else None
            stance = rng.choice(["favor", "against", "against", "neutral"])
            said.append(Said(speaker if rng.random() > 0.05 else None, rng.choice(CLAIMS), kind, about, stance))
        day = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" if rng.random() > 0.02 else None
        stories.append(Story(f"bench-{i:04d}", f"Harbour report {i}", rng.choice(OUTLETS), day, said))
    return stories


def corpus_rerun_times(count: int = CORPUS_ARTICLES) -> dict[str, float]:
    """Open a corpus of count articles via EXPLORER_CORPUS in AppTest; time each tab's rerun (median of 5, ms)."""
    folder = write_corpus(Path(tempfile.mkdtemp()) / "corpus", corpus_stories(count))
    os.environ["EXPLORER_CORPUS"] = str(folder)
    app = AppTest.from_file(str(ROOT / "app_pages" / "corpus.py"), default_timeout=120)
    started = time.perf_counter()
    app.run()
    results = {"corpus_articles": count, "corpus_first_run_ms": round(1000 * (time.perf_counter() - started))}
    for tab in CORPUS_TABS:
        key = tab.lower().replace(" ", "_")
        results[f"rerun_corpus_{key}_ms"] = _median_ms(
            app, lambda tab=tab: app.session_state.__setitem__("corpus_view", tab)
        )
    app.session_state["corpus_view"] = "Overview"
    outlets = iter([["Coast Herald"], ["Bay Courier"], ["Harbour Post"], ["Velden Daily"], ["North Wire"]])
    results["rerun_corpus_filter_ms"] = _median_ms(
        app, lambda: app.multiselect(key="corpus_outlets").set_value(next(outlets))
    )
    if app.exception:
        raise RuntimeError(str(app.exception))
    os.environ.pop("EXPLORER_CORPUS")
    return results


def _two_summary_versions(app: AppTest) -> None:
    """Generate an offline summary and save an edited copy, so Compare has two versions."""
    app.session_state["view"] = "Summary"
    app.run()
    app.button(key="generate_summary").click().run()
    editor = next(t for t in app.text_area if t.key.startswith("summary_text"))
    editor.set_value("Critics say the port will close. " + editor.value).run()
    app.button(key="save_summary").click().run()
    if app.exception or app.error:
        raise RuntimeError(str(app.exception or app.error))


def _median_ms(app: AppTest, change) -> float:
    samples = []
    for _ in range(5):
        change()
        started = time.perf_counter()
        app.run()
        samples.append(time.perf_counter() - started)
    return round(1000 * statistics.median(samples), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks-app.json")
    args = parser.parse_args()
    results = {
        "date": date.today().isoformat(),
        "machine": machine(),
        "first_page_s": round(first_page_seconds(), 2),
        **rerun_times(3000),
        **corpus_rerun_times(),
    }
    save(results, args.out)


if __name__ == "__main__":
    main()
