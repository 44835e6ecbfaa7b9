"""One corpus run: read the sources, skip what is done, analyse the rest, commit parts, refresh names."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..analysis import Analysis
from ..config import Settings
from ..ingest import InputError
from ..stopping import signals_held
from .names import corpus_names
from .parts import PartWriter
from .progress import RunProgress
from .sources import estimated_total, read_sources
from .store import actor_names, done_ids, failed_attempts, write_manifest, write_names
from .tables import SourceArticle, SourceFailure, article_rows, failure_row

HOPELESS_AFTER = 5


class Engine(Protocol):
    """Anything that analyses a stream of articles: the local engine or Ray."""

    identity: dict[str, Any]
    notes: list[str]
    started: threading.Event  # set once the engine's start-up is over, so warming up other libraries waits for it

    def analyse(self, articles: Iterator[SourceArticle]) -> Iterator[tuple[SourceArticle, Analysis | str]]: ...

    def close(self) -> None: ...


@dataclass
class RunReport:
    """What one run did: new articles, failures, skipped (already done) and the manifest after it."""

    analysed: int = 0
    failed: int = 0
    skipped: int = 0
    waiting: int = 0  # articles whose sections wait for a provider batch
    seconds: float = 0.0
    words: int = 0
    manifest: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


class CorpusRun:
    """Streams the sources through an engine into the Parquet parts of one output folder."""

    def __init__(self, folder: Path, engine: Engine, progress: RunProgress | None = None) -> None:
        self.folder, self.engine = folder, engine
        self.folder.mkdir(parents=True, exist_ok=True)
        self.done = done_ids(folder)
        self.attempts = failed_attempts(folder)
        self.writer = PartWriter(folder, warm_up_after=engine.started)
        self.report = RunReport(notes=list(engine.notes))
        self.progress = progress
        self._seen: dict[str, str] = {}  # id -> source, to tell duplicates within this run's input
        self._first_reasons: list[str] | None = []  # None once an article succeeded

    def run(self, sources: list[str]) -> RunReport:
        """Analyse every article not yet done; whatever happens, finished articles are committed."""
        started = time.monotonic()
        try:
            items = read_sources(sources, skip=self._known)
            for article, result in self.engine.analyse(self._articles(items)):
                self._finish(article, result)
        finally:
            self.writer.flush()
            self.engine.close()
            self.report.notes = list(self.engine.notes)
            self.report.waiting = getattr(self.engine, "waiting", 0)
            self.report.seconds = time.monotonic() - started
            self.report.manifest = refresh(self.folder, self.engine.identity)
        return self.report

    def _known(self, article_id: str) -> bool:
        """True (and counted as skipped) for a URL or feed entry analysed before: it is not fetched again."""
        if article_id in self.done:
            self.report.skipped += 1
            return True
        return False

    def _articles(self, items: Iterator[SourceArticle | SourceFailure]) -> Iterator[SourceArticle]:
        """Yield the articles to analyse; failures and duplicates are recorded on the way."""
        for item in items:
            if isinstance(item, SourceFailure):
                self._fail(item)
            elif item.article_id in self._seen:
                first = self._seen[item.article_id]
                reason = f"duplicate id {item.article_id!r}: the article at {first} has it already"
                self._fail(SourceFailure(f"{item.article_id} @ {item.source}", item.source, reason))
            else:
                self._seen[item.article_id] = item.source
                if item.article_id in self.done:
                    self.report.skipped += 1
                else:
                    yield item

    def _finish(self, article: SourceArticle, result: Analysis | str) -> None:
        if isinstance(result, str):
            self._fail(SourceFailure(article.article_id, article.source, result))
            self._stop_if_hopeless(result)
            return
        self._first_reasons = None
        rows = article_rows(article, result)
        self.writer.add(rows)
        self.report.analysed += 1
        words = rows["articles"][0]["words"]
        self.report.words += words
        if self.progress is not None:
            self.progress.update(words=words)

    def _stop_if_hopeless(self, reason: str) -> None:
        """Stop when the first articles all fail alike (a rejected key, a wrong URL): the rest would too."""
        if self._first_reasons is None:
            return
        self._first_reasons.append(reason)
        if len(self._first_reasons) >= HOPELESS_AFTER and len(set(self._first_reasons)) == 1:
            raise InputError(f"stopped: the first {HOPELESS_AFTER} articles all failed with: {reason}")

    def _fail(self, failure: SourceFailure) -> None:
        attempt = self.attempts.get(failure.article_id, 0) + 1
        self.writer.add({"failures": [failure_row(failure, attempt)]})
        self.report.failed += 1
        if self.progress is not None:
            self.progress.update(failed=True)


def refresh(folder: Path, backend: dict[str, Any]) -> dict[str, Any]:
    """Recompute the corpus-wide names from every analysed article and rewrite the manifest."""
    write_names(folder, corpus_names(actor_names(folder)))
    return write_manifest(folder, backend)


def make_engine(kind: str, settings: Settings, workers: int | None, folder: Path, llm_batch: bool = False) -> Engine:
    """Return the engine the user asked for."""
    if llm_batch:
        from .batches import BatchEngine

        return BatchEngine(folder, settings)
    if kind == "ray":
        from .ray_engine import RayEngine

        return RayEngine(settings, workers)
    from .local import LocalEngine

    return LocalEngine(settings, workers)


def run_corpus(
    sources: list[str],
    folder: str | Path,
    settings: Settings,
    *,
    engine: str = "local",
    workers: int | None = None,
    show_progress: bool | None = None,
    llm_batch: bool = False,
    progress: Callable[[int | None], RunProgress] | None = None,
) -> RunReport:
    """Analyse the sources into folder with the chosen engine; return what the run did (progress: the bar maker)."""
    folder = Path(folder)
    made = make_engine(engine, settings, workers, folder, llm_batch)  # workers start before any thread
    try:
        with signals_held():  # reading what is done imports DuckDB, whose start-up Ctrl-C must not cut in half
            corpus = CorpusRun(folder, made)
    except BaseException:
        made.close()
        raise
    total = estimated_total(sources)
    remaining = None if total is None else max(total - len(corpus.done), 0)
    corpus.progress = progress(remaining) if progress else RunProgress(remaining, enabled=show_progress)
    try:
        return corpus.run(sources)
    finally:
        corpus.progress.close()
