"""The offline analyser on every core: a process pool whose workers parse sections in batches.

spaCy parses a batch of sections about a fifth faster than the same sections one by one, so sections that
article threads ask for wait in one queue, and each idle worker takes up to BATCH_SECTIONS of them at once.
The model is loaded once in the parent and inherited by `fork` (shared copy-on-write, which also keeps the
workers' CPU caches warmer than two private copies); parse and rules run in the workers, the parent only
splits, merges and writes.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import multiprocessing
import threading
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from ..backends import Backend
from ..backends.wrapped import WrappedBackend
from ..calls import CallRecord
from ..findings import SectionFindings
from ..stopping import become_worker, signals_held

if TYPE_CHECKING:
    from ..offline import OfflineExtractor

_DEFAULT_THRESHOLDS = gc.get_threshold()
RUN_COLLECTION_THRESHOLD = 10_000  # new objects between the parent's young collections during a run (Python: 700)
LOAD_COLLECTION_THRESHOLD = 10_000_000  # new objects between young collections while the model loads: none
_LOADING = threading.Lock()
BATCH_SECTIONS = 8  # as fast per word as 16 or 32, and a long text's last batch keeps the other core waiting less
Waiting = tuple[str, "Future[SectionFindings]"]
Results = Sequence[SectionFindings | BaseException] | BaseException  # one per section, or one failing them all
_WORKER: Any = None  # the offline extractor of this worker process
# glibc mallopt settings for workers: spaCy's per-batch arrays otherwise go back to the kernel after every batch
# (heap trimmed, large blocks unmapped) and come back as fresh zeroed pages, which cost seconds of sys time
# per worker on a long text. Keeping up to these amounts of freed memory in the worker cuts that to a fraction.
_M_TRIM_THRESHOLD, _M_TOP_PAD, _M_MMAP_THRESHOLD = -1, -2, -3
_KEPT_HEAP = {_M_TRIM_THRESHOLD: 256 << 20, _M_TOP_PAD: 64 << 20, _M_MMAP_THRESHOLD: 64 << 20}


class SectionBatches:
    """Hands the sections that threads ask for to idle workers, up to BATCH_SECTIONS at a time."""

    def __init__(self, pool: ProcessPoolExecutor, workers: int, batch: int = BATCH_SECTIONS) -> None:
        self.pool, self.batch, self.workers = pool, batch, workers
        self._waiting: deque[Waiting] = deque()
        self._idle = workers
        self._closed = False
        self._ready = threading.Condition()
        threading.Thread(target=self._dispatch, name="section-batches", daemon=True).start()

    def extract(self, section_text: str) -> SectionFindings:
        """Return the findings of one section once a worker has parsed its batch; raise what the worker raised."""
        future: Future[SectionFindings] = Future()
        with self._ready:
            self._waiting.append((section_text, future))
            self._ready.notify()
        return future.result()

    def close(self) -> None:
        """Stop handing out sections; those still waiting fail."""
        with self._ready:
            self._closed = True
            self._ready.notify()

    def _dispatch(self) -> None:
        while True:
            with self._ready:
                self._ready.wait_for(lambda: self._closed or (self._idle > 0 and bool(self._waiting)))
                if self._closed:
                    _settle(list(self._waiting), RuntimeError("the corpus run stopped"))
                    return
                self._idle -= 1
                batch = [self._waiting.popleft() for _ in range(self._batch_size())]
            self._submit(batch)

    def _batch_size(self) -> int:
        """Return how many waiting sections the next batch takes: a full batch, or a fair share of a short queue.

        A short queue is the end of the work (while more comes, finished threads keep it full): sharing it out
        lets every worker finish at about the same time, rather than one parsing a last full batch alone.
        """
        return min(self.batch, -(-len(self._waiting) // self.workers))

    def _submit(self, batch: list[Waiting]) -> None:
        try:
            job = self.pool.submit(_extract_batch_in_worker, [text for text, _ in batch])
        except RuntimeError as exc:  # the pool was shut down (Ctrl-C): nothing more will be parsed
            self._finished(batch, exc)
            return
        job.add_done_callback(lambda done: self._finished(batch, _outcome(done)))

    def _finished(self, batch: list[Waiting], results: Results) -> None:
        with self._ready:
            self._idle += 1
            self._ready.notify()
        _settle(batch, results)


def _outcome(job: Future[list[SectionFindings | Exception]]) -> Results:
    """Return a batch job's results, or the one exception (a cancelled job, a dead worker) that fails them all."""
    try:
        return job.result()
    except BaseException as exc:  # noqa: BLE001 - every section of the batch gets it
        return exc


def _settle(batch: list[Waiting], results: Results) -> None:
    for position, (_, future) in enumerate(batch):
        result = results if isinstance(results, BaseException) else results[position]
        if isinstance(result, BaseException):
            future.set_exception(result)
        else:
            future.set_result(result)


class PooledBackend(WrappedBackend):
    """The offline backend run in a process pool: sections of every article spread over all workers."""

    def __init__(self, inner: Backend, batches: SectionBatches, at_once: int) -> None:
        super().__init__(inner)
        self.batches, self._at_once = batches, at_once

    @property
    def at_once(self) -> int:
        return self._at_once

    def extract(self, section_text: str) -> tuple[SectionFindings, list[CallRecord]]:
        return self.batches.extract(section_text), []


def _start_worker(extractor: OfflineExtractor | None) -> None:
    """Keep the extractor (loaded before the fork, or now) and leave Ctrl-C to the parent."""
    global _WORKER
    become_worker()
    gc.set_threshold(*_DEFAULT_THRESHOLDS)  # the parent's run-long setting is for the parent
    _keep_freed_heap()
    _WORKER = extractor or _loaded_extractor()


def _loaded_extractor() -> OfflineExtractor:
    """Return the extractor with the model loaded and its first-parse set-up done."""
    from ..offline import OfflineExtractor

    extractor = OfflineExtractor()
    extractor.extract("Warm-up: Mara Lind said the tide was high.")
    return extractor


def _keep_freed_heap() -> None:
    """Ask glibc to keep freed memory in this process rather than return it to the kernel batch after batch."""
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name)
        for option, value in _KEPT_HEAP.items():
            libc.mallopt(option, value)
    except (OSError, AttributeError):  # not glibc (macOS, musl): the default allocator settings stay
        return


def _extract_batch_in_worker(texts: list[str]) -> list[SectionFindings | Exception]:
    return _WORKER.extract_each(texts)


def process_pool(workers: int) -> ProcessPoolExecutor:
    """Return a pool whose workers hold the loaded extractor: inherited by fork where possible, else loaded."""
    fork = "fork" in multiprocessing.get_all_start_methods()  # spaCy loaded once, shared copy-on-write
    with _collector_paused():
        extractor = _loaded_extractor() if fork else None
        # one full collection rather than the hundred or so the load would make; the collector also sizes its next
        # full collection by what this one kept, so the run's full collections stay as rare as before
        gc.collect()
        gc.freeze()  # as ModelPool does: the model stays out of every collection until the last pool ends
    context = multiprocessing.get_context("fork" if fork else "spawn")
    pool = ModelPool(workers, context, extractor)
    with signals_held():  # a Ctrl-C now waits until every worker is started and the pool is ours to stop
        pool.submit(int).result()  # start every worker now, before any other thread exists
    return pool


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Hold off the cyclic garbage collector's young collections while the model loads."""
    # the load makes some hundred thousand objects that are never garbage, and collecting over them as they came
    # cost a fifth of a second before the run could start; the thresholds are raised rather than the collector
    # disabled, as spaCy's loader turns it back on; the lock keeps two pools loading at once (the app) from each
    # restoring the other's setting
    with _LOADING:
        saved = gc.get_threshold()
        gc.set_threshold(LOAD_COLLECTION_THRESHOLD, *saved[1:])
        try:
            yield
        finally:
            gc.set_threshold(*saved)


class ModelPool(ProcessPoolExecutor):
    """A process pool whose parent collects garbage less while it runs.

    What the parent had loaded before the run (the model too) stays frozen (out of every collection, and out of
    the workers' collections, so they do not copy its pages), and young collections
    wait for RUN_COLLECTION_THRESHOLD new objects: a long text's tens of thousands of findings otherwise cost
    the parent a second of full collections. Both end when the last running pool shuts down (the app may run
    two corpora at once, and must get its own settings back after both).
    """

    _running = 0
    _saved: tuple[int, int, int] = _DEFAULT_THRESHOLDS
    _lock = threading.Lock()

    def __init__(
        self, workers: int, mp_context: multiprocessing.context.BaseContext, extractor: OfflineExtractor | None
    ) -> None:
        super().__init__(workers, mp_context=mp_context, initializer=_start_worker, initargs=(extractor,))
        self._collecting_less = True
        with ModelPool._lock:
            if ModelPool._running == 0:
                ModelPool._saved = gc.get_threshold()
                gc.set_threshold(RUN_COLLECTION_THRESHOLD, *ModelPool._saved[1:])
            ModelPool._running += 1
            gc.freeze()

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        super().shutdown(wait, cancel_futures=cancel_futures)
        with ModelPool._lock:
            if not self._collecting_less:  # shut down twice on Ctrl-C: restore once
                return
            self._collecting_less = False
            ModelPool._running -= 1
            if ModelPool._running == 0:
                gc.set_threshold(*ModelPool._saved)
                gc.unfreeze()
