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
from collections.abc import Callable
from typing import Any, TypeVar

R = TypeVar("R")
POLL_S = 0.2  # how often a waiting caller checks whether the program is stopping

_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("explorer_call_deadline", default=None)
_abandoned = [0]  # bumped by abandon_calls(); a waiting caller compares it with the value it started with


class DeadlinePassed(Exception):
    """The call did not finish before its deadline."""


class CallAbandoned(Exception):
    """The program is stopping: the call was abandoned."""


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


def run_within(deadline: float, call: Callable[[], R]) -> R:
    """Return call() run in a helper thread; raise what it raised, DeadlinePassed, or CallAbandoned."""
    outcome: dict[str, Any] = {}
    finished = threading.Event()
    generation = _abandoned[0]

    def run() -> None:
        _deadline.set(deadline)
        try:
            outcome["value"] = call()
        except BaseException as exc:  # handed to the caller, who decides what it means
            outcome["error"] = exc
        finally:
            finished.set()

    threading.Thread(target=run, name="model-call", daemon=True).start()
    while not finished.wait(min(POLL_S, max(0.0, deadline - time.monotonic()))):
        if _abandoned[0] != generation:
            raise CallAbandoned()
        if time.monotonic() >= deadline:
            raise DeadlinePassed()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
