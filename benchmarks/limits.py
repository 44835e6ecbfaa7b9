"""Limit benchmarks: section splitting per MB, Article-tab highlighting and its rerun, for large articles.

    python benchmarks/limits.py [--out docs/benchmarks-limits.json] [--no-app]

Both must stay linear in the article's length: splitting at most 2 s per MB, an Article-tab rerun at most 1 s
for a 250 KB article. Prints JSON and re-renders docs/benchmarks.md. Never part of the test run.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.report import machine, save  # noqa: E402
from explorer.highlight import Mark, highlighted_html  # noqa: E402
from explorer.sample import load_sample  # noqa: E402
from explorer.sections import split_sections  # noqa: E402


def article_of(size: int) -> str:
    """Return an article of about size bytes: the bundled sample, repeated with numbered editions."""
    _, sample = load_sample()
    parts, total, edition = [], 0, 0
    while total < size:
        part = f"{sample}\n\nEdition {edition}.\n\n"
        parts.append(part)
        total += len(part.encode("utf-8"))
        edition += 1
    return "".join(parts)


def unpunctuated(size: int) -> str:
    """Return one paragraph of about size bytes without a sentence end: the hardest text to split."""
    words = article_of(min(size, 200_000)).replace(".", " ").replace("\n", " ").split()
    return " ".join(words[i % len(words)] for i in range(size // 6))


def splitting(megabytes: list[int]) -> list[dict[str, float]]:
    """Return seconds (best of two) and seconds per MB to split articles of the given sizes (1,200-token sections)."""
    rows = []
    split_sections(article_of(10_000), 1200, "gpt-4o-mini")  # loads the tokeniser once, outside the timing
    for name, make in (("prose", article_of), ("one unpunctuated paragraph", unpunctuated)):
        for mb in megabytes:
            text = make(mb * 1_000_000)
            seconds = math.inf
            for _ in range(2):  # the best of two: other programs on the machine only ever add time
                started = time.perf_counter()
                sections = split_sections(text, 1200, "gpt-4o-mini")
                seconds = min(seconds, time.perf_counter() - started)
            size = len(text.encode("utf-8")) / 1e6
            rows.append(
                {
                    "text": name,
                    "mb": round(size, 1),
                    "sections": len(sections),
                    "s": round(seconds, 2),
                    "s_per_mb": round(seconds / size, 2),
                }
            )
    return rows


def highlighting(kilobytes: list[int]) -> list[dict[str, float]]:
    """Return ms to highlight articles of the given sizes with a mark every 60 characters, cold and repeated."""
    rows = []
    for kb in kilobytes:
        text = article_of(kb * 1000)
        marks = [Mark(i, min(i + 40, len(text)), "#4e79a7", f"mark {i}") for i in range(0, len(text) - 1, 60)]
        marks += [
            Mark(i, min(i + 400, len(text)), "#f28e2b", "claim", "underline") for i in range(0, len(text) - 1, 500)
        ]
        started = time.perf_counter()
        highlighted_html(text, marks)
        cold = time.perf_counter() - started
        started = time.perf_counter()
        highlighted_html(text, list(marks))
        repeated = time.perf_counter() - started
        rows.append(
            {"kb": kb, "marks": len(marks), "cold_ms": round(1000 * cold, 1), "repeat_ms": round(1000 * repeated, 1)}
        )
    return rows


def article_tab_rerun(kb: int) -> dict[str, float]:
    """Analyse a kb-sized article offline in AppTest, then time Article-tab reruns (median of 5, ms)."""
    from streamlit.testing.v1 import AppTest

    os.environ["EXPLORER_HOME"] = tempfile.mkdtemp()
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
        os.environ.pop(name, None)
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=900)
    app.run()
    app.text_area(key="article").set_value(article_of(kb * 1000))
    started = time.perf_counter()
    app.button(key="analyse").click().run()
    analyse = time.perf_counter() - started
    app.session_state["view"] = "Article"
    app.run()
    samples = []
    for layers in (["Claims"], ["Claims", "Actor mentions"], ["Claims", "Actor mentions", "Stance evidence"]) * 2:
        app.multiselect(key="article_layers").set_value(layers)
        started = time.perf_counter()
        app.run()
        samples.append(time.perf_counter() - started)
    if app.exception:
        raise RuntimeError(str(app.exception))
    return {"kb": kb, "analyse_s": round(analyse, 1), "article_rerun_ms": round(1000 * statistics.median(samples))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks-limits.json")
    parser.add_argument("--no-app", action="store_true", help="skip the Article-tab rerun (it analyses 250 KB)")
    parser.add_argument("--note", default="", help="a sentence on how the figures were taken (e.g. under load)")
    args = parser.parse_args()
    results = {
        "date": date.today().isoformat(),
        "machine": machine(),
        "note": args.note,
        "splitting": splitting([1, 4, 8]),
        "highlighting": highlighting([61, 123, 246]),
    }
    if not args.no_app:
        results["article_tab"] = article_tab_rerun(250)
    save(results, args.out)


if __name__ == "__main__":
    main()
