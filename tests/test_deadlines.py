"""A call's deadline and abandoning calls in flight: the waiting caller is never kept past either."""

from __future__ import annotations

import math
import threading
import time

import pytest

from explorer.deadlines import CallAbandoned, DeadlinePassed, abandon_calls, run_within, time_left


def test_a_call_returns_its_value_and_sees_the_time_it_has_left() -> None:
    assert run_within(time.monotonic() + 5, lambda: round(time_left())) in (4, 5)
    assert time_left() == math.inf  # outside a call there is no deadline


def test_a_call_that_outlives_its_deadline_is_given_up_on_time() -> None:
    started = time.monotonic()
    with pytest.raises(DeadlinePassed):
        run_within(started + 0.3, lambda: time.sleep(5))
    assert time.monotonic() - started < 1


def test_the_call_s_own_error_reaches_the_caller() -> None:
    def broken() -> None:
        raise KeyError("no such thing")

    with pytest.raises(KeyError, match="no such thing"):
        run_within(time.monotonic() + 5, broken)


def test_abandoning_stops_calls_in_flight_but_not_later_ones() -> None:
    outcome: list[BaseException] = []

    def waiting() -> None:
        try:
            run_within(time.monotonic() + 30, lambda: time.sleep(10))
        except BaseException as exc:
            outcome.append(exc)

    caller = threading.Thread(target=waiting)
    caller.start()
    time.sleep(0.3)
    started = time.monotonic()
    abandon_calls()
    caller.join(5)
    assert time.monotonic() - started < 1 and isinstance(outcome[0], CallAbandoned)
    assert run_within(time.monotonic() + 5, lambda: "later") == "later"
