"""The local engine: every core for the offline analyser, one shared bound of model calls for an LLM.

Articles run in a thread pool (bounded in flight, so memory stays flat); each goes through the ordinary
pipeline (`analyse_article`: sections, cache, merging). Only the backend differs: offline sections are
parsed in a process pool that loads spaCy once per worker, so even one huge article uses every core;
LLM sections go to one model whose --concurrency call threads serve all articles, first come first served.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait

from ..analysis import Analysis
from ..backends import Backend, make_backend
from ..backends.wrapped import WrappedBackend
from ..calls import CallRecord
from ..config import Settings
from ..findings import SectionFindings
from ..pipeline import analyse_article, open_store
from ..planning import article_sections
from .offline_pool import BATCH_SECTIONS, PooledBackend, SectionBatches, process_pool
from .tables import SourceArticle

Outcome = tuple[SourceArticle, Analysis | str]
SPLIT_IN_TURN_CHARS = 100_000  # splits in a few tens of ms; a longer text is split as the pipeline analyses it


class BoundedBackend(WrappedBackend):
    """A backend whose calls pass one shared semaphore, so all articles together make at most N calls."""

    def __init__(self, inner: Backend, limit: threading.Semaphore) -> None:
        super().__init__(inner)
        self.limit = limit

    def extract(self, section_text: str) -> tuple[SectionFindings, list[CallRecord]]:
        with self.limit:
            return self.inner.extract(section_text)


class StartingBackend(WrappedBackend):
    """A model backend that loads its client before its first call, then sets `ready`."""

    def __init__(self, inner: Backend, ready: threading.Event) -> None:
        super().__init__(inner)
        self.ready = ready
        self._lock = threading.Lock()

    def extract(self, section_text: str) -> tuple[SectionFindings, list[CallRecord]]:
        if not self.ready.is_set():
            with self._lock:
                if not self.ready.is_set():
                    self.inner.prepare()
                    self.ready.set()
        return self.inner.extract(section_text)


class LocalEngine:
    """Analyses a stream of articles on this machine and yields each article's analysis or failure reason.

    A model run starts with one article: when it needs a call, the SDK loads and the client is built (about a
    second of CPU that only an uncached run pays) with no other article beside it, so the first call goes out
    sooner. The others start then and split their texts one at a time, so the first of them queue their calls at
    once rather than all of them late (one process, one GIL). `started` is set when the first article is done (at
    once for the offline analyser): what else the run warms up waits for it, as the first calls would wait for it.
    """

    def __init__(self, settings: Settings, workers: int | None = None) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.store, warning = open_store(settings)
        self.notes = [warning] if warning else []
        self._pool: ProcessPoolExecutor | ThreadPoolExecutor | None = None
        self._batches: SectionBatches | None = None
        self._cancel = threading.Event()
        self.started = threading.Event()
        self._calls_ready = threading.Event()  # the first article's call is going out, or it needed none
        self._splitting: threading.Lock | None = None
        inner = make_backend(settings)
        if inner.kind.remote:  # one model for every article: its call threads are the bound on calls
            self.backend: Backend = StartingBackend(inner, self._calls_ready)  # each article queues all its sections
            self.in_flight = 2 * settings.concurrency  # a wave's worth of sections queued behind the running one
            self._splitting = threading.Lock()
        else:  # enough sections waiting that every worker takes a full batch while the last one is parsed
            self._pool = process_pool(self.workers)
            self._batches = SectionBatches(self._pool, self.workers)
            self.in_flight = 2 * self.workers * BATCH_SECTIONS
            self.backend = PooledBackend(inner, self._batches, at_once=self.in_flight)
            self._calls_ready.set()
            self.started.set()
        self.settings = settings
        self.identity = self.backend.identity

    def analyse(self, articles: Iterable[SourceArticle]) -> Iterator[Outcome]:
        """Yield (article, analysis or failure reason) as articles finish, at most in_flight at once."""
        threads = ThreadPoolExecutor(max_workers=self.in_flight, thread_name_prefix="article")
        running: set[Future[Outcome]] = set()
        try:
            for article in articles:
                if len(running) >= self.in_flight:
                    done, running = wait(running, return_when=FIRST_COMPLETED)
                    yield from (f.result() for f in done)
                if running:
                    self._calls_ready.wait()  # the first article alone until its first call goes out, or it is done
                running.add(threads.submit(self._analyse_one, article))
            while running:
                done, running = wait(running, return_when=FIRST_COMPLETED)
                yield from (f.result() for f in done)
        except BaseException:  # Ctrl-C or SIGTERM: start nothing new and do not wait for running articles
            self._cancel.set()
            if self._batches is not None:
                self._batches.close()
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
            threads.shutdown(wait=False, cancel_futures=True)
            raise
        threads.shutdown()

    def _analyse_one(self, article: SourceArticle) -> Outcome:
        try:
            self._split(article.text)
            analysis = analyse_article(
                article.text,
                article.title,
                self.settings,
                store=self.store,
                backend=self.backend,
                cancel=self._cancel,
            )
        except Exception as exc:  # one bad article is a listed failure, never the end of the run
            return article, _reason(exc)
        finally:
            self._calls_ready.set()  # the first article needed no call (cached, or failed): no more waiting
            self.started.set()
        failed = analysis.failed_sections
        if failed:
            return article, f"{len(failed)} of {len(analysis.sections)} sections failed: {failed[0].error}"
        return article, analysis

    def _split(self, text: str) -> None:
        """In a model run, split text (kept in the store for analyse_article) while no other article splits."""
        if self._splitting is not None and len(text) <= SPLIT_IN_TURN_CHARS:
            with self._splitting:
                s = self.settings
                article_sections(text, s.section_tokens, s.model, self.store)

    def close(self) -> None:
        """Stop the worker processes (running sections are abandoned) and close the store."""
        self.started.set()  # a run with nothing to analyse: nothing waits for its start any longer
        if self._batches is not None:
            self._batches.close()
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        if self.store is not None:
            self.store.close()


def _reason(exc: BaseException) -> str:
    from ..ingest import InputError

    text = " ".join(str(exc).split())  # one line, whatever the exception printed
    if isinstance(exc, InputError | ValueError):
        return text.rstrip(".")
    return f"unexpected {type(exc).__name__}: {text}"
