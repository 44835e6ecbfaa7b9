"""App benchmarks: time to first page after `streamlit run`, and server-side rerun times after an analysis.

    python benchmarks/app.py [--out docs/benchmarks-app.json]

Reruns are timed with streamlit.testing.v1.AppTest (server-side script time, no browser). The Summary and
Compare tabs are timed with two versions: an offline summary and an edited copy.
"""

from __future__ import annotations

import argparse
import os
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
    }
    save(results, args.out)


if __name__ == "__main__":
    main()
