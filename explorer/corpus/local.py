"""The local engine: every core for the offline analyser, one shared bound of model calls for an LLM.

Articles run in a thread pool (bounded in flight, so memory stays flat); each goes through the ordinary
pipeline (`analyse_article`: sections, cache, merging). Only the extractor differs: offline sections are
parsed in a process pool that loads spaCy once per worker, so even one huge article uses every core;
LLM sections pass one semaphore of --concurrency calls shared by all articles.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from dataclasses import replace
from typing import Any

from ..analysis import Analysis
from ..config import Settings
from ..extractors import Extractor, make_extractor
from ..findings import SectionFindings
from ..llm import CallRecord
from ..pipeline import analyse_article, open_store
from .tables import SourceArticle

Outcome = tuple[SourceArticle, Analysis | str]
_WORKER: Any = None  # the offline extractor of this worker process


class BoundedExtractor:
    """An extractor whose calls pass one shared semaphore, so all articles together make at most N calls."""

    def __init__(self, inner: Extractor, limit: threading.Semaphore) -> None:
        self.inner, self.limit = inner, limit
        self.parallel = inner.parallel

    @property
    def identity(self) -> dict[str, Any]:
        return self.inner.identity

    @property
    def notes(self) -> list[str]:
        return list(getattr(self.inner, "notes", []))

    def run(self, section_text: str) -> tuple[SectionFindings, list[CallRecord]]:
        with self.limit:
            return self.inner.run(section_text)


class PooledExtractor:
    """The offline extractor run in a process pool: sections of every article spread over all workers."""

    parallel = True

    def __init__(self, pool: ProcessPoolExecutor, identity: dict[str, Any]) -> None:
        self.pool, self._identity = pool, identity

    @property
    def identity(self) -> dict[str, Any]:
        return self._identity

    def run(self, section_text: str) -> tuple[SectionFindings, list[CallRecord]]:
        return self.pool.submit(_extract_in_worker, section_text).result(), []


def _start_worker(extractor: Any) -> None:
    """Keep the extractor (loaded before the fork, or now) and leave Ctrl-C to the parent."""
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER = extractor if extractor is not None else make_extractor(Settings(backend="offline"))


def _extract_in_worker(section_text: str) -> SectionFindings:
    return _WORKER.run(section_text)[0]


class LocalEngine:
    """Analyses a stream of articles on this machine and yields each article's analysis or failure reason."""

    def __init__(self, settings: Settings, workers: int | None = None) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.store, warning = open_store(settings)
        self.notes = [warning] if warning else []
        self._pool: ProcessPoolExecutor | None = None
        self._cancel = threading.Event()
        inner = make_extractor(settings)
        if inner.parallel:  # a model endpoint: bound the calls, not the processes
            self.settings = settings
            self.extractor: Any = BoundedExtractor(inner, threading.Semaphore(settings.concurrency))
            self.in_flight = settings.concurrency + 8  # enough sections queued to fill every wave
        else:
            self._pool = _process_pool(self.workers, inner)
            self.settings = replace(settings, concurrency=2 * self.workers)  # one section queued per worker
            self.extractor = PooledExtractor(self._pool, inner.identity)
            self.in_flight = 2 * self.workers
        self.identity = self.extractor.identity

    def analyse(self, articles: Iterable[SourceArticle]) -> Iterator[Outcome]:
        """Yield (article, analysis or failure reason) as articles finish, at most in_flight at once."""
        threads = ThreadPoolExecutor(max_workers=self.in_flight, thread_name_prefix="article")
        running: set[Future[Outcome]] = set()
        try:
            for article in articles:
                if len(running) >= self.in_flight:
                    done, running = wait(running, return_when=FIRST_COMPLETED)
                    yield from (f.result() for f in done)
                running.add(threads.submit(self._analyse_one, article))
            while running:
                done, running = wait(running, return_when=FIRST_COMPLETED)
                yield from (f.result() for f in done)
        except BaseException:  # Ctrl-C or SIGTERM: start nothing new and do not wait for running articles
            self._cancel.set()
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
            threads.shutdown(wait=False, cancel_futures=True)
            raise
        threads.shutdown()

    def _analyse_one(self, article: SourceArticle) -> Outcome:
        try:
            analysis = analyse_article(
                article.text,
                article.title,
                self.settings,
                store=self.store,
                extractor=self.extractor,
                cancel=self._cancel,
            )
        except Exception as exc:  # one bad article is a listed failure, never the end of the run
            return article, _reason(exc)
        failed = analysis.failed_sections
        if failed:
            return article, f"{len(failed)} of {len(analysis.sections)} sections failed: {failed[0].error}"
        return article, analysis

    def close(self) -> None:
        """Stop the worker processes (running sections are abandoned) and close the store."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        if self.store is not None:
            self.store.close()


def _process_pool(workers: int, extractor: Extractor) -> ProcessPoolExecutor:
    """Return a pool whose workers hold the loaded extractor: inherited by fork where possible, else loaded."""
    fork = "fork" in multiprocessing.get_all_start_methods()  # spaCy loaded once, shared copy-on-write
    context = multiprocessing.get_context("fork" if fork else "spawn")
    inherited = extractor if fork else None
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(inherited,))
    pool.submit(int).result()  # start every worker now, before any other thread exists
    return pool


def _reason(exc: BaseException) -> str:
    from ..ingest import InputError

    text = " ".join(str(exc).split())  # one line, whatever the exception printed
    if isinstance(exc, InputError | ValueError):
        return text.rstrip(".")
    return f"unexpected {type(exc).__name__}: {text}"
