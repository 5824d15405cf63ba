"""Run a computation with a budget of CPU seconds, in a forked child that is killed when it runs out.

The budget counts the computation's own CPU time (``ITIMER_PROF``: user and system time of the
child), not the wall clock, so that its outcome does not depend on how busy the machine is: on a
machine shared with other work, a proof that takes 3 s of CPU is still found within a 30 s budget,
however long it waits for a core. A child that waits instead of computing is stopped by a
wall-clock backstop, :data:`WALL_FACTOR` times the budget plus :data:`WALL_SLACK` seconds.

SymPy's simplification cannot be interrupted from inside, so a runaway attempt is run in
a child process (``fork``: nothing is pickled on the way in, only the small result on the
way out). The child never outlives the caller: it is killed when the budget runs out, when
the caller returns or is interrupted (the ``finally`` of :func:`run_bounded`), and when the
process that forked it dies, however it dies (on Linux the kernel sends it ``SIGKILL``:
``prctl(PR_SET_PDEATHSIG)``; elsewhere a watchdog thread in the child notices that its
parent changed). So a ``SIGTERM`` to a command leaves no worker behind holding its pipes.

Where a child cannot be forked, the computation runs inline, in this process:

- inside a *daemonic* process (a ``multiprocessing.Pool`` worker, which may not have
  children), in the main thread: the budget is enforced by a watchdog thread that
  interrupts the main thread with a signal when time runs out (:func:`_thread.interrupt_main`,
  handled by raising an exception there; the previous handler is restored). SymPy is pure
  Python, so this interrupts it; a single long call into C (a huge integer power, say)
  is interrupted when it returns. In any other thread of a daemonic process, Python can
  run no signal handler, so the child is forked directly (``os.fork``: the daemonic flag is
  the bookkeeping of :mod:`multiprocessing`, and the child is tied to this process as above);
- without ``fork`` at all (Windows), in the main thread as in a daemonic process, and in
  any other thread unbounded (documented: there is no way to interrupt it there).

>>> run_bounded(lambda: 6 * 7, seconds=10)
('ok', 42)
>>> run_bounded(lambda: sum(range(10**12)), seconds=0.2)  # 0.2 s of CPU time
('timeout', None)
>>> import time
>>> run_bounded(lambda: time.sleep(5), seconds=0.1)  # sleeping takes no CPU: the backstop, 1.5 s
('timeout', None)
>>> run_bounded(lambda: 1, seconds=float("inf"))
Traceback (most recent call last):
...
symbolic_info.errors.InvalidArgumentError: a time budget must be a positive, finite number of seconds, got inf
"""

from __future__ import annotations

import ctypes
import math
import multiprocessing
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable
from contextlib import suppress
from numbers import Real
from typing import Any

from ..errors import InvalidArgumentError
from .inline_budget import SLICE, WALL_FACTOR, WALL_SLACK, Outcome, run_inline, run_unbounded, wall_limit

__all__ = [
    "WALL_FACTOR",
    "WALL_SLACK",
    "Outcome",
    "Then",
    "check_budget",
    "cpu_timed",
    "in_daemon_process",
    "run_bounded",
    "run_bounded_then",
]

#: What to compute next in the same child, given the first result: ``(computation, CPU seconds)``, or None.
Then = Callable[[Any], tuple[Callable[[], Any], float] | None]

#: Seconds between a watchdog's checks that the parent is still there (where the kernel cannot tell the child).
_PARENT_POLL = 0.2
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def check_budget(seconds: object) -> float:
    """``seconds`` as a float, if it is a positive, finite number; else :class:`InvalidArgumentError`.

    >>> check_budget(2)
    2.0
    >>> check_budget(-1)
    Traceback (most recent call last):
    ...
    symbolic_info.errors.InvalidArgumentError: a time budget must be a positive, finite number of seconds, got -1
    """
    if isinstance(seconds, bool) or not isinstance(seconds, Real):
        raise InvalidArgumentError(f"a time budget is a number of seconds, got {type(seconds).__name__}")
    value = float(seconds)
    if not (math.isfinite(value) and value > 0):
        raise InvalidArgumentError(f"a time budget must be a positive, finite number of seconds, got {seconds}")
    return value


def cpu_timed(function: Callable[[], Any]) -> Callable[[], tuple[Any, float]]:
    """``function`` made to return ``(its result, the CPU seconds it took)`` (for the result of :func:`run_bounded`).

    >>> result, seconds = cpu_timed(lambda: 6 * 7)()
    >>> result, 0 <= seconds < 1
    (42, True)
    """

    def timed() -> tuple[Any, float]:
        started = time.process_time()
        result = function()
        return result, time.process_time() - started

    return timed


def _load_prctl() -> Callable[..., int] | None:
    """libc's ``prctl``, looked up once here (never in a freshly forked child), or None off Linux."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)  # the running program, linked with libc (no search, no subprocess)
        function: Callable[..., int] = libc.prctl
    except (OSError, AttributeError):
        return None
    return function


_PRCTL = _load_prctl()


def _can_fork() -> bool:
    return hasattr(os, "fork")


def in_daemon_process() -> bool:
    """Whether :mod:`multiprocessing` forbids this process to have children (a ``Pool`` worker)."""
    return bool(multiprocessing.current_process().daemon)


def run_bounded(function: Callable[[], Any], seconds: float) -> Outcome:
    """``("ok", result)``, ``("timeout", None)`` or ``("error", message)``; the result must pickle.

    ``seconds`` must be a positive, finite number (:class:`InvalidArgumentError` otherwise).
    See the module's docstring for where the computation runs and how the budget is enforced.
    """
    return run_bounded_then(function, seconds, _nothing_more)[0]


def _nothing_more(result: Any) -> None:
    return None


def run_bounded_then(function: Callable[[], Any], seconds: float, then: Then) -> tuple[Outcome, Outcome | None]:
    """:func:`run_bounded`, then the computation ``then(result)`` names, if any, with a budget of its own.

    ``then`` maps the first result to ``(second computation, its budget in CPU seconds)`` or None; it runs
    on both sides of the fork, so it must be cheap and give the same answer for the result and its pickled
    copy. Both computations run in one child process where :func:`run_bounded` forks one (a fork costs a
    large process tens of milliseconds); the second outcome is None when ``then`` names nothing or the
    first did not succeed.

    >>> run_bounded_then(lambda: 6, 10, lambda six: (lambda: six * 7, 10))
    (('ok', 6), ('ok', 42))
    >>> run_bounded_then(lambda: 6, 10, lambda six: (lambda: sum(range(10**12)), 0.2))
    (('ok', 6), ('timeout', None))
    """
    budget = check_budget(seconds)
    main_thread = threading.current_thread() is threading.main_thread()
    if _can_fork() and not (main_thread and in_daemon_process()):
        return _in_child(function, budget, then)
    first = run_inline(function, budget) if main_thread else run_unbounded(function)
    following = then(first[1]) if first[0] == "ok" else None
    if following is None:
        return first, None
    second, more = following
    return first, run_inline(second, check_budget(more)) if main_thread else run_unbounded(second)


# -- in a child process ------------------------------------------------------------------------------------


def _tie_to_parent(parent: int) -> None:
    """In a fresh child: die with the process that forked it (``parent``), even if that dies first."""
    if _PRCTL is not None:
        _PRCTL(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    else:
        threading.Thread(target=_watch_parent, args=(parent,), name="die with the parent", daemon=True).start()
    if os.getppid() != parent:  # the parent died between the fork and the line above
        os._exit(1)


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_PARENT_POLL)
    os._exit(1)


_STOPPING = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGINT") if hasattr(signal, name))


def _block_stopping() -> Any:
    """Block SIGTERM, SIGHUP and SIGINT in this thread (the fork's child inherits the mask); the previous mask."""
    if not hasattr(signal, "pthread_sigmask"):
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, _STOPPING)


def _restore_mask(previous: Any) -> None:
    if previous is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _child_signals(mask: Any) -> None:
    """In the child: end at once on the signals a command turns into an orderly exit (it has nothing to clean up).

    They were blocked across the fork, so none can run a handler of the parent's here first.
    """
    for number in _STOPPING:
        with suppress(OSError, ValueError):
            if signal.getsignal(number) is not signal.SIG_IGN:
                signal.signal(number, signal.SIG_DFL)
    _restore_mask(mask)


def _run_child(connection: Any, function: Callable[[], Any], then: Then) -> None:
    try:
        result = function()
        connection.send(("ok", result))
    except BaseException:
        connection.send(("error", traceback.format_exc(limit=3)))
        connection.close()
        return
    following = then(result)
    if following is not None:
        second, seconds = following
        _arm_cpu_timer(check_budget(seconds))  # a budget of its own, counted from here
        try:
            connection.send(("ok", second()))
        except BaseException:
            connection.send(("error", traceback.format_exc(limit=3)))
    connection.close()


def _in_child(function: Callable[[], Any], seconds: float, then: Then) -> tuple[Outcome, Outcome | None]:
    parent = os.getpid()
    receiver, sender = multiprocessing.Pipe(duplex=False)
    mask = _block_stopping()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, and leave without running any of the parent's exit handlers
        try:
            _tie_to_parent(parent)
            _child_signals(mask)
            receiver.close()
            _arm_cpu_timer(seconds)
            _run_child(sender, function, then)
        finally:
            os._exit(0)
    second: Outcome | None = None
    try:
        sender.close()
        _restore_mask(mask)  # a signal that came meanwhile is handled here, and the finally kills the child
        first = _wait(receiver, wall_limit(seconds))
        following = then(first[1]) if first[0] == "ok" else None
        if following is not None:
            second = _wait(receiver, wall_limit(check_budget(following[1])))
    finally:
        sender.close()
        receiver.close()
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)  # not reaped yet: the pid is still ours
        status = 0
        with suppress(ChildProcessError):
            _, status = os.waitpid(pid, 0)
    timed_out = _ended_by_cpu_timer(status)
    if first == _DIED and timed_out:
        return ("timeout", None), None
    if second == _DIED and timed_out:
        return first, ("timeout", None)
    return first, second


#: The longest CPU timer armed (about 31 years: longer ones overflow the platform's time type).
_LONGEST_TIMER = 1e9
#: What :func:`_wait` returns when the child ended without sending anything.
_DIED: Outcome = ("error", "the prover process died")


def _arm_cpu_timer(seconds: float) -> None:
    """In the child: the kernel ends it (``SIGPROF``, whose default action terminates) after ``seconds`` of CPU."""
    if hasattr(signal, "setitimer") and hasattr(signal, "SIGPROF"):
        signal.signal(signal.SIGPROF, signal.SIG_DFL)
        signal.setitimer(signal.ITIMER_PROF, min(seconds, _LONGEST_TIMER))


def _ended_by_cpu_timer(status: int) -> bool:
    """Whether a child's wait status says that its CPU timer ended it."""
    return hasattr(signal, "SIGPROF") and os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGPROF


def _wait(receiver: Any, seconds: float) -> Outcome:
    deadline = time.monotonic() + seconds
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return ("timeout", None)
        if receiver.poll(min(remaining, SLICE)):
            try:
                outcome: Outcome = receiver.recv()
            except EOFError:
                return _DIED
            except Exception:  # a result that cannot be unpickled here
                return ("error", traceback.format_exc(limit=3))
            return outcome
