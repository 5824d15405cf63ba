"""Two computations in one forked child, each with its own budget of CPU seconds (engine.bounded.run_bounded_then)."""

from __future__ import annotations

import os

from symbolic_info.engine.bounded import run_bounded_then


def _spin() -> None:
    while True:
        pass


def test_the_second_computation_gets_the_first_result_and_runs_in_the_same_child() -> None:
    first, second = run_bounded_then(os.getpid, 10, lambda pid: (lambda: (pid, os.getpid()), 10))
    assert first[0] == "ok" and first[1] != os.getpid()  # a child
    assert second == ("ok", (first[1], first[1]))  # the same child


def test_nothing_more_when_then_names_nothing() -> None:
    assert run_bounded_then(lambda: 6, 10, lambda six: None) == (("ok", 6), None)


def test_a_second_computation_out_of_time_is_a_timeout_of_its_own() -> None:
    first, second = run_bounded_then(lambda: 6, 10, lambda six: (_spin, 0.2))
    assert first == ("ok", 6) and second == ("timeout", None)


def test_a_first_computation_out_of_time_or_failing_has_no_second() -> None:
    assert run_bounded_then(_spin, 0.2, lambda result: (lambda: 1, 10)) == (("timeout", None), None)
    (status, message), second = run_bounded_then(lambda: 1 / 0, 10, lambda result: (lambda: 1, 10))
    assert status == "error" and "ZeroDivisionError" in message and second is None


def test_an_error_in_the_second_computation_is_reported_after_the_first_result() -> None:
    first, second = run_bounded_then(lambda: 6, 10, lambda six: (lambda: six / 0, 10))
    assert first == ("ok", 6)
    assert second is not None and second[0] == "error" and "ZeroDivisionError" in second[1]
