"""One deadline for a whole model call, and a way to abandon every call in flight when the program stops.

An HTTP read timeout applies to each read, so an endpoint that trickles its answer a byte at a time never
trips it, and a thread blocked in a socket read cannot be interrupted. So a call runs in a helper thread while
its caller waits, checking the deadline and `abandon_calls()`; the helper thread can read the deadline
(`time_left()`) to stop reading too, and never keeps the program alive.
"""

from __future__ import annotations

import contextvars
import math
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any, TypeVar

R = TypeVar("R")
POLL_S = 0.2  # how often a waiting caller checks whether the program is stopping
IDLE_S = 30.0  # a call thread with nothing to do for this long ends

_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("explorer_call_deadline", default=None)
_abandoned = [0]  # bumped by abandon_calls(); a waiting caller compares it with the value it started with


class DeadlinePassed(Exception):
    """The call did not finish before its deadline."""


class CallAbandoned(Exception):
    """The program is stopping: the call was abandoned."""


class CallThreads:
    """At most `size` daemon threads that run calls in the order they are handed over; idle ones end after a while.

    A thread that finishes a call takes the next waiting one itself, so the thread that receives an answer sends
    the next request at once, with no other thread to wake; whatever the answer needs next is its caller's job.
    """

    def __init__(self, size: int, idle_s: float = IDLE_S) -> None:
        self.size, self.idle_s = max(1, size), idle_s
        self._ready = threading.Condition()
        self._jobs: deque[Callable[[], None]] = deque()
        self._threads = 0
        self._waiting = 0  # threads waiting for a job

    def start(self, job: Callable[[], None]) -> None:
        """Run job on a free thread, now or as soon as one frees; a new thread only when none waits for it."""
        with self._ready:
            self._jobs.append(job)
            if self._waiting >= len(self._jobs):
                self._ready.notify()
            elif self._threads < self.size:
                self._threads += 1
                threading.Thread(target=self._work, name="model-call", daemon=True).start()

    def _work(self) -> None:
        with self._ready:
            while True:
                if not self._jobs and not self._wait_for_job():
                    self._threads -= 1
                    return
                job = self._jobs.popleft()
                self._ready.release()
                try:
                    job()
                finally:
                    self._ready.acquire()

    def _wait_for_job(self) -> bool:
        """Wait (holding the lock) until a job is queued; False when none came for idle_s."""
        self._waiting += 1
        try:
            return self._ready.wait_for(lambda: bool(self._jobs), self.idle_s)
        finally:
            self._waiting -= 1


def abandon_calls() -> None:
    """Make every call now waiting in run_within give up at once (Ctrl-C or SIGTERM); later calls are unaffected."""
    _abandoned[0] += 1


def current_deadline() -> float | None:
    """Return the time.monotonic() deadline of the call this thread runs, or None outside run_within."""
    return _deadline.get()


def time_left() -> float:
    """Return the seconds left before this thread's call deadline (infinite outside run_within)."""
    deadline = _deadline.get()
    return math.inf if deadline is None else deadline - time.monotonic()


def run_within(seconds: float, call: Callable[[], R], threads: CallThreads | None = None) -> R:
    """Return call() run in a helper thread (one of `threads`, else a new one) and given `seconds` from its start.

    Raise what it raised, DeadlinePassed, or CallAbandoned. Waiting for a free thread does not count against the
    deadline; a call its caller gave up on before it started never starts.
    """
    outcome: dict[str, Any] = {}
    finished, began, gave_up = threading.Event(), [], threading.Event()
    generation = _abandoned[0]

    def run() -> None:
        if gave_up.is_set() or _abandoned[0] != generation:
            finished.set()
            return
        began.append(time.monotonic() + seconds)
        token = _deadline.set(began[0])
        try:
            outcome["value"] = call()
        except BaseException as exc:  # handed to the caller, who decides what it means
            outcome["error"] = exc
        finally:
            _deadline.reset(token)  # a call thread runs many calls
            finished.set()

    if threads is None:
        threading.Thread(target=run, name="model-call", daemon=True).start()
    else:
        threads.start(run)
    try:
        _wait(finished, began, generation)
    finally:
        gave_up.set()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _wait(finished: threading.Event, began: list[float], generation: int) -> None:
    """Wait until finished is set; raise CallAbandoned or DeadlinePassed (the deadline in began once it started)."""
    while not finished.wait(min(POLL_S, max(0.0, began[0] - time.monotonic())) if began else POLL_S):
        if _abandoned[0] != generation:
            raise CallAbandoned()
        if began and time.monotonic() >= began[0]:
            raise DeadlinePassed()
    if _abandoned[0] != generation and not began:  # skipped by its thread: the program was stopping
        raise CallAbandoned()
