"""The `explorer corpus` subcommands: run, estimate, stats and query. Heavy modules load inside the handlers."""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from pathlib import Path

from ..backends import make_backend
from ..config import load_settings
from ..ingest import InputError

FAILURES_SHOWN = 10


def add_corpus_commands(commands: argparse._SubParsersAction) -> None:
    """Add `explorer corpus run|estimate|stats|query`."""
    corpus = commands.add_parser("corpus", help="analyse many articles into Parquet tables; stats and SQL over them")
    actions = corpus.add_subparsers(dest="corpus_command", required=True)
    run = actions.add_parser("run", help="analyse folders, .jsonl/.csv files, URL lists, URLs and feeds into DIR")
    run.add_argument("sources", nargs="+", metavar="SOURCE")
    run.add_argument("-o", "--output", required=True, metavar="DIR")
    run.add_argument("--backend", choices=["offline", "openai"], help="default: openai if configured, else offline")
    run.add_argument("--engine", choices=["local", "ray"], default="local", help="ray: Ray Data (RAY_ADDRESS or local)")
    run.add_argument("--workers", type=_positive, help="processes for the offline analyser (default: every core)")
    run.add_argument("--concurrency", type=_positive, help="model calls at once across all articles (default 8)")
    run.add_argument("--model", help="model name (env EXPLORER_MODEL)")
    run.add_argument("--base-url", help="OpenAI-compatible endpoint (env OPENAI_BASE_URL)")
    run.add_argument("--section-tokens", type=_positive, help="token budget per section (default 1200)")
    run.add_argument("--llm-batch", action="store_true", help="send sections through the provider's Batch API")
    ahead = actions.add_parser("estimate", help="what `run` would analyse, call and cost, without analysing")
    ahead.add_argument("sources", nargs="+", metavar="SOURCE")
    ahead.add_argument("-o", "--output", metavar="DIR", help="the run's folder: its articles are not counted again")
    ahead.add_argument("--backend", choices=["offline", "openai"], help="default: openai if configured, else offline")
    ahead.add_argument("--model", help="model name (env EXPLORER_MODEL); its price decides the cost")
    ahead.add_argument("--base-url", help="OpenAI-compatible endpoint (env OPENAI_BASE_URL); never called")
    ahead.add_argument("--section-tokens", type=_positive, help="token budget per section (default 1200)")
    ahead.add_argument("--llm-batch", action="store_true", help="price the calls at the Batch API's half price")
    ahead.add_argument("--format", choices=["json", "table"], default="table")
    stats = actions.add_parser("stats", help="counts and the top speakers of a corpus folder")
    stats.add_argument("folder", metavar="DIR")
    stats.add_argument("--format", choices=["json", "table"], default="json")
    stats.add_argument("--top", type=_positive, default=10, help="how many top speakers (default 10)")
    query = actions.add_parser("query", help="run DuckDB SQL over the views articles, actors, claims, ...")
    query.add_argument("folder", metavar="DIR")
    query.add_argument("sql", metavar="SQL")
    query.add_argument("--format", choices=["table", "csv", "json"], default="table")


def run_corpus_command(args: argparse.Namespace) -> int:
    """Dispatch one corpus subcommand; return the exit code."""
    handlers = {"run": _run, "estimate": _estimate, "stats": _stats, "query": _query}
    return handlers[args.corpus_command](args)


def _run(args: argparse.Namespace) -> int:
    from .run import run_corpus

    settings = load_settings(
        backend=args.backend,
        model=args.model,
        base_url=args.base_url,
        concurrency=args.concurrency,
        section_tokens=args.section_tokens,
    )
    backend = make_backend(settings)  # nothing heavy is loaded until it is used
    if args.llm_batch and not backend.kind.remote:
        raise InputError("--llm-batch needs an LLM backend: add --backend openai (and --base-url or a key)")
    if args.llm_batch and args.engine == "ray":
        _note(["--llm-batch runs on this machine (the provider does the parallel work); --engine is ignored"])
    _note([f"backend: {backend.label}"])
    try:
        report = run_corpus(
            args.sources, args.output, settings, engine=args.engine, workers=args.workers, llm_batch=args.llm_batch
        )
    except KeyboardInterrupt as stop:  # Ctrl-C, or SIGTERM/SIGHUP raised as one by explorer.cli
        _note([f"interrupted: finished articles are kept in {args.output}; run the same command to continue"])
        sys.stdout.flush()
        sys.stderr.flush()
        # everything finished is committed; a thread still merging a huge article would only delay the exit
        os._exit(128 + getattr(stop, "signum", signal.SIGINT))
    _note(report.notes)
    _note_failures(Path(args.output), report.failed)
    rate = report.words / report.seconds if report.seconds else 0.0
    _note(
        [
            f"{report.analysed} articles analysed ({report.words:,} words, {rate:,.0f} words/s), "
            f"{report.failed} failed, {report.skipped} already done -> {args.output}"
        ]
    )
    return 1 if report.failed and not report.analysed and not report.skipped and not report.waiting else 0


def _estimate(args: argparse.Namespace) -> int:
    from .estimate import estimate_corpus

    settings = load_settings(
        backend=args.backend, model=args.model, base_url=args.base_url, section_tokens=args.section_tokens
    )
    folder = Path(args.output) if args.output else None
    figures = estimate_corpus(args.sources, settings, folder, args.llm_batch)
    if args.format == "json":
        print(json.dumps(figures.as_dict(), ensure_ascii=False, indent=2))
    else:
        print("\n".join(figures.lines(args.llm_batch)))
    return 0


def _stats(args: argparse.Namespace) -> int:
    from .query import corpus_stats

    stats = corpus_stats(_corpus_folder(args.folder), args.top)
    if args.format == "json":
        print(json.dumps(stats, ensure_ascii=False, indent=2))
        return 0
    counts = ", ".join(f"{stats[k]} {k}" for k in ("articles", "claims", "stances", "actors", "failed"))
    print(counts)
    print(f"{'speaker':40} {'claims':>7} {'articles':>8}")
    for row in stats["top_speakers"]:
        print(f"{row['name'][:40]:40} {row['claims']:>7} {row['articles']:>8}")
    return 0


def _query(args: argparse.Namespace) -> int:
    from .query import run_query

    frame = run_query(_corpus_folder(args.folder), args.sql)
    if args.format == "csv":
        sys.stdout.write(frame.to_csv(index=False))
    elif args.format == "json":
        records = json.loads(frame.to_json(orient="records", date_format="iso", force_ascii=False))
        print(json.dumps(records, ensure_ascii=False, indent=2))
    else:
        print(frame.to_string(index=False, max_colwidth=70) if len(frame) else "(no rows)")
    return 0


def _corpus_folder(folder: str) -> Path:
    """Return folder when it holds a corpus, else raise InputError saying what is wrong."""
    path = Path(folder)
    if not path.is_dir():
        raise InputError(f"No such folder: {folder}")
    if not (path / "manifest.json").is_file() and not (path / "articles").is_dir():
        raise InputError(f"{folder} holds no corpus: create one with `explorer corpus run SOURCE -o {folder}`")
    return path


def _note_failures(folder: Path, failed: int) -> None:
    """List this run's first failures with their reasons, and how to see the rest."""
    if not failed:
        return
    from .query import latest_failures

    rows = latest_failures(folder, FAILURES_SHOWN)
    _note([f"failed: {r['source']}: {r['reason']}" for r in rows])
    if failed > len(rows):
        _note([f"... see them all: explorer corpus query {folder} 'SELECT * FROM failures'"])


def _note(lines: list[str]) -> None:
    for line in lines:
        print(line, file=sys.stderr)


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number
