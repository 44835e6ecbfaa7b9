"""Render docs/benchmarks.md from the JSON the benchmark commands write."""

from __future__ import annotations

import json
import os
import platform
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"

# The endpoint runs in its own process, as a real one would: it must not share our interpreter lock.
ENDPOINT_SCRIPT = """
import sys
sys.path.insert(0, {root!r})
from tests.fake_openai import FakeOpenAI
from tests.llm_replies import faithful_reply
with FakeOpenAI() as server:
    server.default, server.latency = faithful_reply, {latency!r}
    print(server.base_url, flush=True)
    sys.stdin.read()
"""


def _load(name: str) -> dict | None:
    path = DOCS / name
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def render() -> str:
    """Return the Markdown page for whatever results exist."""
    lines = [
        "# Benchmarks",
        "",
        "Written by `python benchmarks/engine.py`, `python benchmarks/app.py`, `python benchmarks/startup.py` and "
        "`python benchmarks/limits.py`; "
        "never part of the test run.",
        "",
    ]
    engine, app, startup = _load("benchmarks.json"), _load("benchmarks-app.json"), _load("benchmarks-startup.json")
    corpus = _load("benchmarks-corpus.json")
    if engine:
        off = engine["offline"]
        lines += [
            f"## Engine — {engine['date']}, {engine['machine']}",
            "",
            f"Offline analyser on {off['corpus']}: {off['articles']} articles, {off['words']:,} words in "
            f"**{off['seconds']} s** ({off['words_per_s']:,} words/s, one process); cached re-run "
            f"{off['cached_rerun_ms_per_article']} ms per article.",
            "",
            "LLM path against a local OpenAI-compatible server in its own process answering after "
            f"{engine['llm'][0]['latency_s']} s:",
            "",
            "| sections | concurrency | section tokens | wall s | ideal s | wall / ideal | calls | "
            "prompt / article | cached re-run calls | cached re-run ms |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for r in engine["llm"]:
            lines.append(
                f"| {r['sections']} | {r['concurrency']} | {r['section_tokens']} | {r['wall_s']} | "
                f"{r['ideal_s']} | {r['wall_over_ideal']} | {r['calls']} | {r['prompt_over_article']} | "
                f"{r['cached_rerun_calls']} | {r['cached_rerun_ms']} |"
            )
        lines += [
            "",
            "ideal = latency × waves (waves = sections / concurrency, rounded up). prompt / article = "
            "characters sent beyond the fixed per-call instructions, divided by the article's characters "
            f"(fixed overhead: {engine['llm'][0]['overhead_chars_per_call']} characters per call).",
            "",
        ]
    if app:
        lines += [
            f"## App — {app['date']}, {app['machine']}",
            "",
            f"First page served {app['first_page_s']} s after `streamlit run`; first script run "
            f"{app['first_run_ms']} ms. Article of {app['words']:,} words, offline analysis "
            f"{app['analyse_ms']} ms. Server-side rerun times after the analysis (median of 5):",
            "",
            "| rerun | ms |",
            "| --- | --- |",
        ]
        lines += [
            f"| {k.removeprefix('rerun_').removesuffix('_ms')} | {v} |"
            for k, v in app.items()
            if k.startswith("rerun_")
        ]
        lines.append("")
        if "corpus_articles" in app:
            lines += [
                f"The corpus_ rows are the corpus page over {app['corpus_articles']:,} generated articles (first run "
                f"{app['corpus_first_run_ms']} ms); corpus_filter picks another outlet, so every question is asked "
                f"again. Measured {app.get('corpus_measured', app['date'])}.",
                "",
            ]
    if startup:
        lines += _startup_lines(startup)
    lines += _limits_lines(_load("benchmarks-limits.json"))
    if corpus:
        lines += _corpus_section(corpus)
    return "\n".join(lines)


def _startup_lines(startup: dict) -> list[str]:
    """Return the start-up section: whole processes, median and fastest of N runs, against their targets."""
    lines = [
        f"## Start-up — {startup['date']}, {startup['machine']}",
        "",
        f"Whole `explorer` processes, {startup['runs']} runs each (median, fastest); load average at the start "
        f"{', '.join(map(str, startup['load_average']))} (other work shared the machine: figures are noisy). "
        "`analyze` reads the sample article, every section already in the store; output as a table unless noted. "
        "`python` is an empty interpreter, the floor. CPU time barely moves with the machine's load; wall time does.",
        "",
        "| command | median s | fastest s | CPU s (median) | target s |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, figures in startup["results"].items():
        target = startup["targets_s"].get(name, "")
        cpu = figures.get("cpu_s", "")
        lines.append(f"| {name.replace('_', ' ')} | {figures['median_s']} | {figures['min_s']} | {cpu} | {target} |")
    if startup.get("before"):
        lines += ["", f"Before this work: {startup['before']}."]
    return [*lines, ""]


def _corpus_section(corpus: dict) -> list[str]:
    """Return the "Corpus" section: whole `explorer corpus run` commands, start-up included."""
    off, big, llm = corpus["offline"], corpus["big_text"], corpus["llm"]
    lines = [
        f"## Corpus — {corpus['date']}, {corpus['machine']}",
        "",
        "Written by `python benchmarks/corpus.py`: each figure is the whole `explorer corpus run` command, start-up "
        "included, in a fresh EXPLORER_HOME." + (f" {corpus['note']}" if corpus.get("note") else ""),
        "",
        "| run | articles | words | wall s | words/s | CPU s | peak RSS MB | each run: wall s (probe ms) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for label, name in (("all_cores", "offline, every core"), ("one_worker", "offline, --workers 1")):
        r = off[label]
        lines.append(
            f"| {name} | {off['articles']} | {off['words']:,} | {r['wall_s']} | {r['words_per_s']:,} | "
            f"{r.get('cpu_s', '-')} | {r['peak_rss_mb']} | {_each_run(r)} |"
        )
    if "x10" in off:
        r = off["x10"]
        lines.append(
            f"| offline, 10x the corpus | {r['articles']} | {off['words'] * 10:,} | {r['wall_s']} | "
            f"{r['words_per_s']:,} | {r.get('cpu_s', '-')} | {r['peak_rss_mb']} | {_each_run(r)} |"
        )
    big_wall = f"stopped after {big['stopped_after_s']:g}" if "stopped_after_s" in big else big["wall_s"]
    big_rate = "-" if "stopped_after_s" in big else f"{big['words_per_s']:,}"
    lines.append(
        f"| offline, one {big['bytes'] / 2**20:.1f} MB text | 1 | {big['words']:,} | {big_wall} | "
        f"{big_rate} | {big.get('cpu_s', '-')} | {big['peak_rss_mb']} | {_each_run(big)} |"
    )
    lines += [
        "",
        f"Every core vs `--workers 1`: {off['speedup']}x (medians"
        + (f"; run by run {', '.join(f'{x}x' for x in off['speedups'])}" if off.get("speedups") else "")
        + f"). LLM run against a local server answering after "
        f"{llm['latency_s']} s, `--concurrency {llm['concurrency']}`, {llm['sections']} sections: {llm['wall_s']} s, "
        f"the same run from the section cache {llm['cached_wall_s']} s; (run - cached) / ideal = "
        f"**{llm['ratio']}** (ideal = latency x waves = {llm['ideal_s']} s)"
        + (f"; run by run {', '.join(str(x) for x in llm['ratios'])}." if llm.get("ratios") else "."),
        "",
    ]
    return lines


def _each_run(run: dict) -> str:
    """Return every run's wall time with the speed probe taken just before it, e.g. '8.9 (612), 9.4 (655)'."""
    walls, probes = run.get("walls_s"), run.get("probes_ms")
    if not walls:
        return f"{run['wall_s']} ({run['probe_ms']})" if "probe_ms" in run else "-"
    return ", ".join(f"{wall} ({probe})" for wall, probe in zip(walls, probes or [""] * len(walls), strict=False))


def _limits_lines(limits: dict | None) -> list[str]:
    """Return the Markdown for the limit benchmarks: splitting per MB, highlighting, the Article-tab rerun."""
    if not limits:
        return []
    lines = [
        f"## Limits — {limits['date']}, {limits['machine']}",
        "",
        f"{limits.get('note', '')}".strip(),
        "",
        "Section splitting (1,200-token sections; bar: 2 s per MB):",
        "",
        "| text | MB | sections | s | s per MB |",
        "| --- | --- | --- | --- | --- |",
    ]
    lines += [
        f"| {r['text']} | {r['mb']} | {r['sections']} | {r['s']} | {r['s_per_mb']} |" for r in limits["splitting"]
    ]
    lines += ["", "Article highlighting (`highlighted_html`):", "", "| KB | marks | first ms | repeat ms |"]
    lines += ["| --- | --- | --- | --- |"]
    lines += [f"| {r['kb']} | {r['marks']} | {r['cold_ms']} | {r['repeat_ms']} |" for r in limits["highlighting"]]
    tab = limits.get("article_tab")
    if tab:
        lines += [
            "",
            f"Article tab in AppTest on a {tab['kb']} KB article (offline analysis {tab['analyse_s']} s): "
            f"a rerun takes **{tab['article_rerun_ms']} ms** server-side (median of 6; bar: 1,000 ms).",
        ]
    return [*lines, ""]


def write() -> Path:
    """Write docs/benchmarks.md and return its path."""
    path = DOCS / "benchmarks.md"
    path.write_text(render(), encoding="utf-8")
    return path


def machine() -> str:
    """Return a one-line description of this machine for the results."""
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def save(results: dict, out: Path) -> None:
    """Write results as JSON to out, print them, and re-render docs/benchmarks.md."""
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))
    print(f"wrote {write()}")
