"""Run a computation in this process with a budget of CPU seconds that the main thread enforces.

Where no child can be forked (inside a *daemonic* process, or without ``fork``),
:mod:`.bounded` runs a computation here: a watchdog thread interrupts the main thread with a
signal when the computation has used its CPU seconds (or the wall-clock backstop passed), handled
by raising an exception there; the previous handler is restored. In any other thread nothing can
interrupt a computation, so :func:`run_unbounded` runs it without a budget.

>>> run_inline(lambda: 6 * 7, seconds=10)
('ok', 42)
>>> def forever() -> None:
...     while True:
...         pass
>>> run_inline(forever, seconds=0.2)
('timeout', None)
"""

from __future__ import annotations

import _thread
import signal
import threading
import time
import traceback
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from types import FrameType
from typing import Any, Literal

__all__ = ["SLICE", "WALL_FACTOR", "WALL_SLACK", "Outcome", "run_inline", "run_unbounded", "wall_limit"]

Outcome = tuple[Literal["ok", "timeout", "error"], Any]

#: The wall-clock backstop of a budget of ``b`` CPU seconds: ``WALL_FACTOR * b + WALL_SLACK`` seconds.
WALL_FACTOR = 10.0
WALL_SLACK = 0.5
#: The longest single wait (seconds); a longer budget is waited for in slices (``poll`` and locks overflow).
SLICE = 3600.0
#: Seconds between repeated interruptions once an inline budget ran out (in case one was swallowed).
_REPEAT = 0.1
#: The signal whose handler an inline budget borrows; it is never sent to the process, only simulated.
_BUDGET_SIGNAL = signal.SIGVTALRM if hasattr(signal, "SIGVTALRM") else signal.SIGINT


def wall_limit(budget: float) -> float:
    """The wall-clock backstop of a budget of ``budget`` CPU seconds.

    >>> wall_limit(1.0)
    10.5
    """
    return WALL_FACTOR * budget + WALL_SLACK


class _BudgetExceeded(BaseException):
    """Raised in the main thread when an inline budget runs out (a BaseException: ``except Exception`` misses it)."""

    def __init__(self, budget: _Budget) -> None:
        super().__init__("the time budget ran out")
        self.budget = budget


@dataclass(eq=False)
class _Budget:
    """One inline budget: armed while its computation runs, fired once its watchdog saw the time run out."""

    armed: bool = True
    fired: bool = False
    done: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)


#: The inline budgets running now, outermost first (a computation may run another one inline).
_ACTIVE: list[_Budget] = []
_PREVIOUS_HANDLER: list[Any] = []


def _expire(signum: int, frame: FrameType | None) -> None:
    """The borrowed signal's handler: raise for the outermost budget that ran out, if any."""
    for budget in _ACTIVE:
        if budget.armed and budget.fired:
            raise _BudgetExceeded(budget)


def _watchdog(budget: _Budget, seconds: float) -> None:
    """Interrupt the main thread once it used ``seconds`` of CPU (or the wall backstop passed), then every so often.

    The process's CPU time grows no faster than the wall clock while one thread computes, so waiting
    for the CPU time that is left never oversleeps the budget.
    """
    cpu_deadline = time.process_time() + seconds
    wall_deadline = time.monotonic() + wall_limit(seconds)
    while not budget.done.wait(min(max(cpu_deadline - time.process_time(), 0.01), SLICE)):
        if time.process_time() < cpu_deadline and time.monotonic() < wall_deadline:
            continue
        with budget.lock:
            if not budget.armed:
                return
            budget.fired = True
            _thread.interrupt_main(_BUDGET_SIGNAL)
        cpu_deadline, wall_deadline = time.process_time() + _REPEAT, time.monotonic() + _REPEAT


def run_inline(function: Callable[[], Any], seconds: float) -> Outcome:
    budget = _Budget()
    if not _ACTIVE:
        _PREVIOUS_HANDLER[:] = [signal.signal(_BUDGET_SIGNAL, _expire)]
    _ACTIVE.append(budget)
    watchdog = threading.Thread(target=_watchdog, args=(budget, seconds), name="time budget", daemon=True)
    outcome: Outcome = ("timeout", None)
    try:
        try:
            watchdog.start()
            try:
                outcome = ("ok", function())
            except Exception:
                outcome = ("error", traceback.format_exc(limit=3))
        finally:
            _disarm(budget)
    except _BudgetExceeded as exceeded:
        _disarm(budget)
        if exceeded.budget is not budget:  # an outer budget ran out: its own call reports it
            raise
        outcome = ("timeout", None)
    finally:
        _disarm(budget)
        with suppress(RuntimeError):
            watchdog.join()
        _ACTIVE.remove(budget)
        if not _ACTIVE:
            signal.signal(_BUDGET_SIGNAL, _PREVIOUS_HANDLER.pop())
    return outcome


def _disarm(budget: _Budget) -> None:
    with budget.lock:
        budget.armed = False
    budget.done.set()


def run_unbounded(function: Callable[[], Any]) -> Outcome:
    """Inline and unbounded: a non-main thread of a process that cannot fork (nothing can interrupt it)."""
    try:
        return ("ok", function())
    except Exception:
        return ("error", traceback.format_exc(limit=3))
