"""The `explorer` command: analyze one article or a JSONL batch; summarise, check a summary; evaluate."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from .backends import KINDS
from .choices import DEFAULT_CONTEXT_TOKENS, DEFAULT_WORDS, EVAL_TASKS, MIN_CONTEXT_TOKENS, STYLES
from .config import Settings, load_settings
from .corpus.cli import add_corpus_commands, run_corpus_command
from .deadlines import abandon_calls
from .errors import ExplorerError
from .stopping import STOP_SIGNALS, held

if TYPE_CHECKING:  # each command imports what it needs when it runs, so `--help` and cached answers are instant
    from .analysis import Analysis
    from .backends import Backend
    from .checking import Flag
    from .checking.scoring import CaseArticle
    from .evaluation import GoldDocument
    from .ingest import Article, BadLine
    from .storage import Store

# ExplorerError: everything the engine raises on purpose. OSError: a file named on the command line (the batch
# output, the predictions file) cannot be written; its message names the file and the reason.
USER_ERRORS = (ExplorerError, OSError)
CHECK_TASK = "summary-check"
MAX_COLUMN_WIDTH = 70  # characters of a table cell before it is cut with "..."
_SECTION_PREFIX = re.compile(r"^Section \d+: ")


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised like Ctrl-C so every finished record is kept the same way."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class AnalysisFailed(ExplorerError):
    """Every section of the article failed, so there is nothing to show, summarise or check."""


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser for every subcommand."""
    parser = argparse.ArgumentParser(prog="explorer", description="Who says what in a news article.")
    commands = parser.add_subparsers(dest="command", required=True)
    analyze = commands.add_parser("analyze", help="analyse one article file (.txt, .md, .html; - for stdin)")
    analyze.add_argument("file")
    analyze.add_argument("--format", choices=["json", "csv", "table"], default="table")
    batch = commands.add_parser("batch", help="analyse every {id, text} line of a JSONL file")
    batch.add_argument("input")
    batch.add_argument("-o", "--output", required=True)
    for sub in (analyze, batch):
        add_settings_arguments(sub)
    add_summary_commands(commands)
    add_eval_commands(commands)
    add_corpus_commands(commands)
    return parser


def add_summary_commands(commands: argparse._SubParsersAction) -> None:
    """Add the summarize and check-summary subcommands."""
    summarize = commands.add_parser("summarize", help="summarise one article, keeping who said what")
    summarize.add_argument("file")
    summarize.add_argument("--style", choices=list(STYLES), default="neutral")
    summarize.add_argument("--words", type=_positive, default=DEFAULT_WORDS, help="target length in words")
    summarize.add_argument(
        "--context-tokens",
        type=_at_least(MIN_CONTEXT_TOKENS),
        default=DEFAULT_CONTEXT_TOKENS,
        help="prompt budget before a long article is summarised part by part",
    )
    check = commands.add_parser("check-summary", help="flag summary sentences that misreport who said what")
    check.add_argument("article")
    check.add_argument("summary", help="text file with the summary")
    check.add_argument("--format", choices=["json", "table"], default="json")
    for sub in (summarize, check):
        add_settings_arguments(sub)


def add_eval_commands(commands: argparse._SubParsersAction) -> None:
    """Add the eval and eval-compare subcommands."""
    evaluate = commands.add_parser(
        "eval", help="analyse every article of a gold JSONL file and score the result (or the summary check)"
    )
    evaluate.add_argument("gold", help="gold JSONL; for --task summary-check, cases made by sumcheck_cases.py")
    evaluate.add_argument("--predictions", help="also write the analyses here, one JSON line per article")
    evaluate.add_argument("--task", choices=[*EVAL_TASKS, CHECK_TASK], required=True)
    add_settings_arguments(evaluate)
    compare = commands.add_parser("eval-compare", help="score two prediction files against gold, side by side")
    compare.add_argument("gold")
    compare.add_argument("predictions_a")
    compare.add_argument("predictions_b")
    compare.add_argument("--task", choices=EVAL_TASKS, required=True)
    for sub in (evaluate, compare):
        sub.add_argument("--format", choices=["json", "table"], default="table")
        sub.add_argument("--worst", type=_positive, default=5, help="how many documents to list (default 5)")


def add_settings_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options every analysing command shares."""
    parser.add_argument(
        "--backend", choices=[k.name for k in KINDS], help="default: openai if configured, else offline"
    )
    parser.add_argument("--model", help="model name (env EXPLORER_MODEL)")
    parser.add_argument("--base-url", help="OpenAI-compatible endpoint (env OPENAI_BASE_URL)")
    parser.add_argument("--concurrency", type=_positive, help="sections analysed at once (default 8)")
    parser.add_argument("--section-tokens", type=_positive, help="token budget per section (default 1200)")


def settings_from(args: argparse.Namespace) -> Settings:
    """Return Settings from the command line, then the environment."""
    return load_settings(
        backend=args.backend,
        model=args.model,
        base_url=args.base_url,
        concurrency=args.concurrency,
        section_tokens=args.section_tokens,
    )


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code. Errors are one line on stderr."""
    args = build_parser().parse_args(argv)
    restore = _stop_on_signals()
    try:
        commands = {
            "analyze": run_analyze,
            "batch": run_batch,
            "summarize": run_summarize,
            "check-summary": run_check_summary,
            "eval": run_eval,
            "eval-compare": run_eval_compare,
            "corpus": run_corpus_command,
        }
        return commands[args.command](args)
    except BrokenPipeError:  # `explorer analyze … | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing left to flush at exit
        return 0
    except USER_ERRORS as exc:
        return _fail(str(exc))
    except Terminated as stop:
        abandon_calls()  # calls still waiting on the endpoint must not keep the program from exiting
        return _fail("terminated", 128 + stop.signum)
    except KeyboardInterrupt:
        abandon_calls()
        return _fail("interrupted", 130)
    except Exception as exc:  # the promise is one clear line, never a traceback
        return _fail(f"unexpected {type(exc).__name__}: {exc}", 2)
    finally:
        restore()


def _stop_on_signals() -> Callable[[], None]:
    """Make Ctrl-C, SIGTERM and SIGHUP stop waiting model calls at once and raise in the main thread.

    Ctrl-C raises KeyboardInterrupt, the others Terminated; abandoning the calls first means no thread pool
    waits for an endpoint on the way out. Return what puts the old handlers back.
    """

    def stop(signum: int, frame: object) -> None:
        if held(signum):  # start-up is under way: the signal comes back when it is done
            return
        abandon_calls()
        raise KeyboardInterrupt() if signum == signal.SIGINT else Terminated(signum)

    try:
        previous = {signum: signal.signal(signum, stop) for signum in [signal.SIGINT, *STOP_SIGNALS]}
    except ValueError:  # not the main thread (an embedding program): leave signals alone
        return lambda: None

    def restore() -> None:
        for signum, handler in previous.items():
            signal.signal(signum, handler)

    return restore


def run_analyze(args: argparse.Namespace) -> int:
    from .backends import make_backend
    from .pipeline import analyse_article, open_store
    from .planning import plan

    settings = settings_from(args)
    article = _article(args.file)
    store, warning = open_store(settings)
    _note([warning] if warning else [])
    backend = make_backend(settings)
    _note(plan(article.text, settings, store, backend=backend).warnings)  # e.g. a very large article for an LLM
    analysis = analyse_article(article.text, article.title, settings, store=store, backend=backend)
    _note([f"backend: {analysis.backend}" + (f" ({analysis.model})" if analysis.model else ""), *analysis.notes])
    _require_findings(analysis)
    write_analysis(analysis, args.format, sys.stdout)
    return 0


def run_batch(args: argparse.Namespace) -> int:
    from .backends import make_backend
    from .files import atomic_output, check_output
    from .ingest import InputError
    from .pipeline import open_store

    if not Path(args.input).is_file():
        raise InputError(f"No such file: {args.input}")
    settings = settings_from(args)
    protected = [args.input, settings.database]  # the store is an input too: never overwrite it
    check_output(args.output, inputs=protected)
    store, warning = open_store(settings)
    _note([warning] if warning else [])
    backend = make_backend(settings)  # one backend for every line: a JSON-mode fallback is learnt once
    _note([f"backend: {backend.label}"])
    counts = {"done": 0, "bad": 0}
    try:
        with atomic_output(args.output, inputs=protected) as out:
            _write_batch(Path(args.input), settings, store, backend, out, counts)
    except KeyboardInterrupt:
        kept = f"the {counts['done']} articles analysed so far are in {args.output}"
        _note(
            [
                f"stopped: {kept}"
                if counts["done"]
                else f"stopped before an article finished: {args.output} is unchanged"
            ]
        )
        raise
    _note([f"{counts['done']} articles analysed, {counts['bad']} lines skipped -> {args.output}"])
    return 0 if counts["done"] or not counts["bad"] else 1


def _write_batch(
    path: Path, settings: Settings, store: Store | None, backend: Backend, out: TextIO, counts: dict[str, int]
) -> None:
    """Analyse each usable line of path into out, one JSON record a line, counting done and skipped lines."""
    from .ingest import BadLine

    first_line: dict[str, int] = {}
    for number, item in _batch_items(path):
        if isinstance(item, BadLine):
            counts["bad"] += 1
            _note([f"line {number}: {item}; skipped"])
            continue
        key = json.dumps(item["id"], ensure_ascii=False)
        if key in first_line:
            _note([f"line {number}: duplicate id {_shown(key)} (first on line {first_line[key]}); analysed again"])
        first_line.setdefault(key, number)
        out.write(strict_json(_analyse_item(item, settings, store, backend)) + "\n")
        counts["done"] += 1


def run_summarize(args: argparse.Namespace) -> int:
    from .summaries import summarize

    settings = settings_from(args)
    analysis, store = _analysed(args.file, settings)
    result = summarize(analysis, args.style, args.words, settings, store, context_tokens=args.context_tokens)
    _note([f"summary: {result.source}" + (" (cached)" if result.cached else ""), *result.notes])
    print(result.text)
    return 0


def run_check_summary(args: argparse.Namespace) -> int:
    from .checking import check_summary
    from .checking.second_opinion import model_review
    from .ingest import InputError, read_text_file

    summary = read_text_file(args.summary)
    if not summary.strip():
        raise InputError(f"The summary {args.summary} is empty: there is nothing to check.")
    settings = settings_from(args)
    analysis, store = _analysed(args.article, settings)
    result = check_summary(analysis, summary, model_review(settings, store))
    _note(result.notes)
    if args.format == "json":
        print(strict_json(result.to_record(), indent=2))
        return 0
    print("\n".join(f"{f.kind}: {f.sentence}\n    {f.reason}" for f in result.flags) or "no flags")
    cover = result.coverage
    print(
        f"claims covered {cover.claims_covered}/{cover.claims_total}, actors mentioned "
        f"{len(cover.actors_mentioned)}/{cover.actors_total}, quotes kept {cover.quotes_kept}/{cover.quotes_total}"
    )
    return 0


def run_eval(args: argparse.Namespace) -> int:
    if args.task == CHECK_TASK:
        return run_eval_check(args)
    from .backends import make_backend
    from .evaluation import evaluate, format_report
    from .files import atomic_output, check_output
    from .pipeline import open_store

    settings = settings_from(args)
    protected = [args.gold, settings.database]
    if args.predictions:
        check_output(args.predictions, inputs=protected)
    documents = _gold_documents(args.gold, args.task)
    store, warning = open_store(settings)
    _note([warning] if warning else [])
    backend = make_backend(settings)  # one backend for every article: a JSON-mode fallback is learnt once
    _note([f"backend: {backend.label}"])
    written = atomic_output(args.predictions, inputs=protected) if args.predictions else contextlib.nullcontext()
    with written as out:
        records = [_predicted(document, settings, store, backend, out) for document in documents]
    if all(r["sections"] and all(s["status"] == "failed" for s in r["sections"]) for r in records):
        return _fail(_SECTION_PREFIX.sub("", records[0]["sections"][0]["error"] or "every section failed"))
    cached = sum(bool(r["sections"]) and r["usage"]["cached_sections"] == len(r["sections"]) for r in records)
    _note([f"{len(records)} articles analysed ({cached} from the cache)"])
    report = evaluate(args.task, documents, {d.id: r for d, r in zip(documents, records)}, args.worst)
    _print(format_report(args.task, report) if args.format == "table" else report)
    return 0


def run_eval_check(args: argparse.Namespace) -> int:
    from .backends import make_backend
    from .checking import check_summary
    from .checking.scoring import evaluate_check, format_check_report, read_cases
    from .checking.second_opinion import model_review
    from .ingest import InputError
    from .pipeline import analyse_article, open_store

    articles, problems = read_cases(args.gold)
    _note([f"{args.gold}: {p}" for p in problems])
    if not articles:
        raise InputError(f"No usable summary-check cases in {args.gold}")
    settings = settings_from(args)
    store, warning = open_store(settings)
    _note([warning] if warning else [])
    backend = make_backend(settings)  # one backend for every case: a JSON-mode fallback is learnt once
    _note([f"backend: {backend.label}"])
    review = model_review(settings, store)

    def check(article: CaseArticle) -> list[Flag]:
        try:
            analysis = analyse_article(article.text, None, settings, store=store, backend=backend)
        except (InputError, ValueError) as exc:
            _note([f"{article.id}: {exc}"])
            return []
        return check_summary(analysis, article.summary, review).flags

    report = evaluate_check(articles, check, args.worst)
    _print(format_check_report(report) if args.format == "table" else report)
    return 0


def run_eval_compare(args: argparse.Namespace) -> int:
    from .evaluation import compare_reports, evaluate, format_comparison, read_predictions

    documents = _gold_documents(args.gold, args.task)
    reports = []
    for path in (args.predictions_a, args.predictions_b):
        predictions, problems = read_predictions(path)
        _note([f"{path}: {p}" for p in problems])
        missing = sum(d.id not in predictions for d in documents)
        _note([f"{path}: {missing} gold articles have no prediction (scored as finding nothing)"] if missing else [])
        reports.append(evaluate(args.task, documents, predictions))
    comparison = compare_reports(args.task, reports[0], reports[1], args.worst)
    names = (args.predictions_a, args.predictions_b)
    _print(format_comparison(args.task, comparison, names) if args.format == "table" else comparison)
    return 0


def _gold_documents(path: str, task: str) -> list[GoldDocument]:
    """Return the usable gold articles, noting skipped lines; raises InputError when none is usable."""
    from .evaluation import read_gold
    from .ingest import InputError

    documents, problems = read_gold(path, task)
    _note([f"{path}: {p}" for p in problems])
    if not documents:
        raise InputError(f"No usable {task} gold articles in {path}")
    return documents


def _predicted(
    document: GoldDocument, settings: Settings, store: Store | None, backend: Backend, out: TextIO | None
) -> dict[str, Any]:
    """Return one gold article's analysis record, noting failed sections and writing it to out if given."""
    from .evaluation import predict

    record = predict(document, settings, store, backend=backend)
    _note([f"{document.id}: {s['error']}" for s in record["sections"] if s.get("error")])
    if out is not None:
        out.write(strict_json(record) + "\n")
    return record


def _print(result: str | dict[str, Any]) -> None:
    print(result if isinstance(result, str) else strict_json(result, indent=2))


def strict_json(value: Any, indent: int | None = None) -> str:
    """Return value as strict JSON (no NaN or Infinity, which strict parsers reject); raise ValueError otherwise."""
    return json.dumps(value, ensure_ascii=False, indent=indent, allow_nan=False)


def _shown(key: str) -> str:
    """Return an id for a message: control characters escaped, cut to a readable length."""
    shown = key.encode("unicode_escape").decode("ascii") if not key.isprintable() else key
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _analysed(file: str, settings: Settings) -> tuple[Analysis, Store | None]:
    """Return the analysis of an article file (or stdin) and the store it was cached in."""
    from .pipeline import analyse_article, open_store

    article = _article(file)
    store, warning = open_store(settings)
    _note([warning] if warning else [])
    analysis = analyse_article(article.text, article.title, settings, store=store)
    _note([f"backend: {analysis.backend}" + (f" ({analysis.model})" if analysis.model else "")])
    _require_findings(analysis)
    return analysis, store


def _require_findings(analysis: Analysis) -> None:
    """Note each failed section; raise AnalysisFailed (one line, not one per section) when every section failed."""
    failed = analysis.failed_sections
    if failed and len(failed) == len(analysis.sections):  # e.g. a rejected key: nothing to show or check
        raise AnalysisFailed(_SECTION_PREFIX.sub("", failed[0].error or "every section failed"))
    _note([s.error for s in failed if s.error])


def _article(file: str) -> Article:
    """Return the article in file (- for stdin), noting what reading it changed."""
    from .ingest import read_article, read_stdin_article

    article = read_stdin_article(sys.stdin.buffer) if file == "-" else read_article(file)
    _note(article.notes)
    return article


def _analyse_item(item: dict[str, Any], settings: Settings, store: Store | None, backend: Backend) -> dict[str, Any]:
    from .ingest import InputError
    from .pipeline import analyse_article

    title = item.get("title") if isinstance(item.get("title"), str) else None  # other keys are ignored
    shown = _shown(item["id"] if isinstance(item["id"], str) else json.dumps(item["id"]))
    try:
        analysis = analyse_article(item["text"], title, settings, store=store, backend=backend)
    except Exception as exc:  # one article's failure is its own record; the articles around it go on
        if not isinstance(exc, (InputError, ValueError)):
            exc = ValueError(f"unexpected {type(exc).__name__}: {exc}")
        _note([f"{shown}: {exc}"])
        return {
            "id": item["id"],
            "error": str(exc),
            "actors": [],
            "claims": [],
            "stances": [],
            "sections": [],
            "usage": {"calls": 0, "prompt_tokens": 0, "completion_tokens": 0, "cached_sections": 0},
        }
    _note([f"{shown}: {s.error}" for s in analysis.failed_sections if s.error])
    return {"id": item["id"], **analysis.to_record()}


def _batch_items(path: Path) -> Iterator[tuple[int, dict[str, Any] | BadLine]]:
    """Yield (line number, item) or (line number, reason it is unusable); a line's own text is never the reason."""
    from .ingest import BadLine, json_lines
    from .limits import size_problem

    for number, item in json_lines(path):
        if isinstance(item, BadLine):
            yield number, item
        elif not isinstance(item, dict) or "id" not in item or not isinstance(item.get("text"), str):
            yield number, BadLine('needs an "id" and a string "text"')
        elif (problem := size_problem(len(item["text"].encode("utf-8", errors="replace")), "its text")) is not None:
            yield number, BadLine(problem)
        else:
            yield number, item


def write_analysis(analysis: Analysis, fmt: str, out: TextIO) -> None:
    """Write the analysis as JSON, CSV tables, or readable tables."""
    if fmt == "json":
        # the text travels with its spans: for .md and .html it differs from the file's bytes
        record = {"title": analysis.title, "text": analysis.text, **analysis.to_record()}
        out.write(strict_json(record, indent=2) + "\n")
        return
    if fmt == "csv":
        for name, frame in analysis.frames().items():
            out.write(f"# {name}\n{frame.to_csv(index=False)}\n\n")
        return
    from .texttable import text_table

    for name, (columns, rows) in analysis.tables().items():
        if name == "sections":
            continue
        table = text_table(columns, rows, MAX_COLUMN_WIDTH)
        if table is None:  # values only pandas lays out
            table = analysis.frames()[name].to_string(index=False, max_colwidth=MAX_COLUMN_WIDTH)
        out.write(f"# {name}\n{table}\n\n")


def _note(lines: list[str]) -> None:
    for line in lines:
        print(line, file=sys.stderr)


def _fail(message: str, code: int = 1) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code


def _positive(value: str) -> int:
    return _at_least(1)(value)


def _at_least(lowest: int) -> Callable[[str], int]:
    """Return an argparse type that accepts whole numbers from lowest up."""

    def whole_number(value: str) -> int:
        number = int(value)
        if number < lowest:
            raise argparse.ArgumentTypeError(f"must be at least {lowest}")
        return number

    whole_number.__name__ = "int"  # argparse names the type in its message
    return whole_number


def console() -> NoReturn:
    """The `explorer` program: run the command line, then leave at once (see `leave`)."""
    leave(main())


def leave(code: int) -> NoReturn:
    """Exit with code without Python's orderly teardown, once every output is written and closed.

    The teardown frees the loaded spaCy model object by object: up to a second after a corpus run whose tables
    are already committed. A Ray session needs its own exit handlers (they stop a local cluster), so it gets them.
    """
    if "ray" in sys.modules:
        sys.exit(code)
    if "multiprocessing" in sys.modules:  # workers of an interrupted run may still be parsing abandoned sections
        import multiprocessing

        for worker in multiprocessing.active_children():
            worker.terminate()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # a closed pipe has nothing left to take
            stream.flush()
    os._exit(code)


if __name__ == "__main__":
    console()
