"""A call's deadline and abandoning calls in flight: the waiting caller is never kept past either."""

from __future__ import annotations

import contextlib
import math
import threading
import time

import pytest

from explorer.deadlines import CallAbandoned, CallThreads, DeadlinePassed, abandon_calls, run_within, time_left


def test_a_call_returns_its_value_and_sees_the_time_it_has_left() -> None:
    assert run_within(5, lambda: round(time_left())) in (4, 5)
    assert time_left() == math.inf  # outside a call there is no deadline


def test_a_call_that_outlives_its_deadline_is_given_up_on_time() -> None:
    started = time.monotonic()
    with pytest.raises(DeadlinePassed):
        run_within(0.3, lambda: time.sleep(5))
    assert time.monotonic() - started < 1


def test_the_call_s_own_error_reaches_the_caller() -> None:
    def broken() -> None:
        raise KeyError("no such thing")

    with pytest.raises(KeyError, match="no such thing"):
        run_within(5, broken)


def test_abandoning_stops_calls_in_flight_but_not_later_ones() -> None:
    outcome: list[BaseException] = []

    def waiting() -> None:
        try:
            run_within(30, lambda: time.sleep(10))
        except BaseException as exc:
            outcome.append(exc)

    caller = threading.Thread(target=waiting)
    caller.start()
    time.sleep(0.3)
    started = time.monotonic()
    abandon_calls()
    caller.join(5)
    assert time.monotonic() - started < 1 and isinstance(outcome[0], CallAbandoned)
    assert run_within(5, lambda: "later") == "later"


# Call threads: at most `size` calls run at once, in the order asked; waiting for a thread is not running late


def _callers(count: int, call, threads: CallThreads) -> list[threading.Thread]:
    """Start count threads that each wait for call in threads (abandoned or not)."""

    def caller() -> None:
        with contextlib.suppress(CallAbandoned):
            run_within(30, call, threads)

    callers = [threading.Thread(target=caller) for _ in range(count)]
    for caller in callers:
        caller.start()
    return callers


def test_call_threads_run_at_most_their_size_at_once_in_the_order_asked() -> None:
    lock, running, most, order = threading.Lock(), [0], [0], []

    def call(n: int) -> None:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
            order.append(n)
        time.sleep(0.05)
        with lock:
            running[0] -= 1

    threads = CallThreads(3)
    callers = [threading.Thread(target=run_within, args=(30, lambda n=n: call(n), threads)) for n in range(12)]
    for caller in callers:
        caller.start()
        time.sleep(0.005)  # asked one after another
    for caller in callers:
        caller.join(10)
    assert most[0] == 3 and sorted(order) == list(range(12))
    assert order[3:] == sorted(order[3:])  # once all threads are busy, calls start in the order they were asked


def test_waiting_for_a_call_thread_does_not_count_against_the_deadline() -> None:
    threads = CallThreads(1)
    callers = _callers(1, lambda: time.sleep(0.6), threads)
    time.sleep(0.05)
    started = time.monotonic()
    assert run_within(0.3, lambda: round(time_left(), 1), threads) in (0.2, 0.3)  # waited 0.55 s, then ran in time
    assert time.monotonic() - started > 0.5
    callers[0].join(5)


def test_a_call_abandoned_while_it_waits_for_a_thread_never_starts() -> None:
    threads, ran, outcome = CallThreads(1), [], []
    busy = _callers(1, lambda: time.sleep(0.6), threads)
    time.sleep(0.05)

    def waiting() -> None:
        try:
            run_within(30, lambda: ran.append("sent"), threads)
        except BaseException as exc:
            outcome.append(exc)

    caller = threading.Thread(target=waiting)
    caller.start()
    time.sleep(0.1)
    abandon_calls()
    caller.join(5)
    busy[0].join(5)
    time.sleep(0.1)
    assert isinstance(outcome[0], CallAbandoned) and ran == []  # the program stopped: nothing more is sent


def test_idle_call_threads_end() -> None:
    threads, ours = CallThreads(2, idle_s=0.2), set()
    for caller in _callers(2, lambda: (ours.add(threading.get_ident()), time.sleep(0.05)), threads):
        caller.join(5)
    assert len(ours) == 2
    time.sleep(0.6)
    assert [t for t in threading.enumerate() if t.name == "model-call" and t.ident in ours] == []
    assert run_within(5, lambda: "again", threads) == "again"  # and new ones start when needed
