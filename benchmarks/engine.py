"""Engine benchmarks: offline throughput, the LLM path against a slow local endpoint, cached re-runs.

    python benchmarks/engine.py [--corpus FILE.jsonl] [--latency 0.5] [--out docs/benchmarks.json]

Prints JSON and rewrites the engine table in docs/benchmarks.md. Never part of the test run.
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.report import ENDPOINT_SCRIPT, machine, save  # noqa: E402
from explorer import analyse_article, load_settings  # noqa: E402
from explorer.extractors import extraction_messages  # noqa: E402
from explorer.sample import load_sample  # noqa: E402
from explorer.storage import Store  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "eval" / "polnear-dev.jsonl"


def corpus_texts(path: Path | None) -> tuple[str, list[str]]:
    """Return the corpus name and its article texts (the sample, repeated, when there is none)."""
    if path and path.is_file():
        lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        return path.name, [line["text"] for line in lines]
    _, sample = load_sample()
    return "sample x20", [f"{sample}\n\nEdition {i}." for i in range(20)]  # distinct, so none is cached


def bench_offline(texts: list[str]) -> dict[str, float]:
    """Time the offline analyser on every text, cold (empty cache) and then cached."""
    with tempfile.TemporaryDirectory() as home:
        settings = load_settings(env={}, backend="offline", home=Path(home))
        analyse_article("Warm-up: Mara Lind said the tide was high.", None, settings)  # loads spaCy once
        started = time.perf_counter()
        claims = sum(len(analyse_article(t, None, settings).claims) for t in texts)
        cold = time.perf_counter() - started
        started = time.perf_counter()
        for text in texts:
            analyse_article(text, None, settings)
        cached = time.perf_counter() - started
    words = sum(len(t.split()) for t in texts)
    return {
        "articles": len(texts),
        "words": words,
        "claims": claims,
        "seconds": round(cold, 2),
        "words_per_s": round(words / cold),
        "cached_rerun_ms_per_article": round(1000 * cached / len(texts), 2),
    }


def bench_llm(latency: float, concurrency: int, section_tokens: int, copies: int) -> dict[str, float]:
    """Time one long article through the LLM path against a local endpoint that answers after latency."""
    _, sample = load_sample()
    paragraphs = [p for p in sample.split("\n\n") if p.strip()]
    article = "\n\n".join(f"{p} (Copy {i}.)" for i in range(copies) for p in paragraphs)  # no two sections alike
    code = ENDPOINT_SCRIPT.format(root=str(ROOT), latency=latency)
    with (
        subprocess.Popen(
            [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        ) as server,
        tempfile.TemporaryDirectory() as home,
    ):
        base_url = server.stdout.readline().strip()
        settings = load_settings(
            env={},
            backend="openai",
            base_url=base_url,
            api_key="bench",
            model="bench-model",
            home=Path(home),
            concurrency=concurrency,
            section_tokens=section_tokens,
            max_retries=0,
        )
        analyse_article("Warm-up: “Tides are rising,” said Mara Lind.", None, settings)
        started = time.perf_counter()
        analysis = analyse_article(article, None, settings)
        wall = time.perf_counter() - started
        started = time.perf_counter()
        again = analyse_article(article, None, settings)
        cached = time.perf_counter() - started
        logged = Store(settings.database).calls.recent(limit=10_000)[:-1]  # not the warm-up
        sent = [json.loads(c.prompt) for c in logged if c.prompt]
        server.stdin.close()
    overhead = sum(len(m["content"]) for m in extraction_messages(""))
    sent_chars = sum(len(m["content"]) for messages in sent for m in messages)
    waves = math.ceil(len(analysis.sections) / concurrency)
    return {
        "sections": len(analysis.sections),
        "concurrency": concurrency,
        "section_tokens": section_tokens,
        "latency_s": latency,
        "wall_s": round(wall, 3),
        "ideal_s": round(latency * waves, 3),
        "wall_over_ideal": round(wall / (latency * waves), 3),
        "calls": analysis.usage.calls,
        "failed": len(analysis.failed_sections),
        "article_chars": len(article),
        "prompt_chars": sent_chars,
        "overhead_chars_per_call": overhead,
        "prompt_over_article": round((sent_chars - overhead * len(sent)) / len(article), 3),
        "prompt_tokens": analysis.usage.prompt_tokens,
        "cached_rerun_calls": again.usage.calls,
        "cached_rerun_ms": round(1000 * cached, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--latency", type=float, default=0.5)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.json")
    args = parser.parse_args()
    name, texts = corpus_texts(args.corpus)
    results = {
        "date": date.today().isoformat(),
        "machine": machine(),
        "offline": {"corpus": name, **bench_offline(texts)},
        "llm": [
            bench_llm(args.latency, c, t, n) for c, t, n in ((16, 1200, 17), (8, 1200, 17), (16, 600, 16), (4, 600, 8))
        ],
    }
    save(results, args.out)


if __name__ == "__main__":
    main()
