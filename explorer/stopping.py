"""How a run is stopped: the signals that stop it, held while a process starts, and workers that die with it."""

from __future__ import annotations

import ctypes
import ctypes.util
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Ctrl-C, `kill` and a closed terminal; Windows has only the first two
STOP_SIGNALS = [s for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)) if s is not None]
_HELD = [signal.SIGINT, *STOP_SIGNALS]
_PR_SET_PDEATHSIG = 1  # linux/prctl.h
_holding = threading.local()  # depth of signals_held blocks in this thread
_pending: list[int] = []  # signals that came while a block held them


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold Ctrl-C and the stop signals for the block; one that came meanwhile arrives at its end.

    Start-up is never cut in half: a KeyboardInterrupt raised while a C extension initialises aborts the
    interpreter, and one raised between forking workers and keeping hold of them leaves them orphaned. The
    handlers ask `held` (Python runs them in the main thread whichever thread the signal reached); the signal
    mask holds them in processes forked meanwhile until they are ready (`become_worker`).
    """
    depth = getattr(_holding, "depth", 0)
    _holding.depth = depth + 1
    masked = hasattr(signal, "pthread_sigmask")  # not on Windows, where nothing is forked
    before = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD) if masked else set()
    try:
        yield
    finally:
        if masked:
            signal.pthread_sigmask(signal.SIG_SETMASK, before)
        _holding.depth = depth
        if depth == 0 and _pending:
            signum = _pending[0]
            _pending.clear()
            signal.raise_signal(signum)  # the handler runs now, as if the signal had just come


def held(signum: int) -> bool:
    """Return True (and keep the signal for later) when a signals_held block in this thread is running."""
    if getattr(_holding, "depth", 0) > 0:
        _pending.append(signum)
        return True
    return False


def become_worker() -> None:
    """Make this forked process a quiet worker: Ctrl-C is for its parent; `terminate` or the parent's end stop it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for signum in STOP_SIGNALS:
        signal.signal(signum, signal.SIG_DFL)
    _die_with_parent()
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)


def _die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies, however it dies (even by SIGKILL or a crash)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the parent's orderly shutdown stops its workers
        return
