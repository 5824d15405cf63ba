"""Check many claims at once: in worker processes (one per CPU), or on any executor.

:func:`check_many` returns the verdicts in order, :func:`check_each` yields them as they are done;
each verdict is the one :func:`.checker.check` gives. A worker that fails gives its claim an
``error`` verdict marked ``internal``; the pool's workers (with the children of their claims)
never outlive the call, nor the process that made them.

>>> [verdict.verdict for verdict in check_many(["x = x", "x = x + 1", "x ="])]
['proved', 'refuted', 'error']
"""

from __future__ import annotations

import os
import signal
import threading
import time
import traceback
from collections.abc import Generator, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from contextlib import contextmanager, suppress
from functools import partial

from ..errors import InvalidArgumentError
from .checker import DEFAULT_BUDGET, budget_seconds, check
from .outcomes import explained, internal_error
from .verdict import Verdict

__all__ = ["check_each", "check_many"]

_PARENT_POLL = 0.5  # seconds between a worker's checks that the process that started it is still there


def check_many(
    claims: Sequence[str], *, latex: bool = False, budget: float = DEFAULT_BUDGET, executor: Executor | None = None
) -> list[Verdict]:
    """The verdicts on ``claims``, in their order, each the one :func:`check` gives; checked in parallel.

    Without ``executor``, the claims are checked in a process pool with one worker per CPU
    (its workers are not daemonic, so each can run :func:`check`'s own child processes),
    shut down before this returns. With ``executor``, it is used as it is (and not shut
    down): any :class:`concurrent.futures.Executor` whose workers may start child processes.
    To spread the claims over several machines, pass a dask.distributed client's executor,
    ``client.get_executor()``; its workers must not be daemonic, so set
    ``dask.config.set({"distributed.worker.daemon": False})`` before the cluster starts its
    workers (for a ``dask worker`` command line: ``DASK_DISTRIBUTED__WORKER__DAEMON=False``).
    A claim whose worker fails gets an ``error`` verdict marked ``internal``.

    >>> check_many(["x = x"])[0].verdict
    'proved'
    """
    verdicts: dict[int, Verdict] = dict(check_each(claims, latex=latex, budget=budget, executor=executor))
    return [verdicts[position] for position in range(len(verdicts))]


def check_each(
    claims: Sequence[str],
    *,
    latex: bool = False,
    budget: float = DEFAULT_BUDGET,
    executor: Executor | None = None,
    jobs: int | None = None,
) -> Generator[tuple[int, Verdict], None, None]:
    """``(position, verdict)`` for each of ``claims``, in the order they are done; see :func:`check_many`.

    Without ``executor``: ``jobs`` worker processes (default: the CPU count, at most one per
    claim; with one, the claims are checked here, in order). Closing the iterator early stops
    the pool's workers and their children at once.

    >>> sorted(check_each(["x = x", "x = 2*x"], jobs=1))[1][1].verdict
    'refuted'
    """
    if isinstance(claims, str):
        raise InvalidArgumentError("claims are a sequence of strings, not one string")
    claims = list(claims)
    if not all(isinstance(claim, str) for claim in claims):
        raise InvalidArgumentError("claims are a sequence of strings")
    budget = budget_seconds(budget, "budget")
    if jobs is not None and jobs < 1:
        raise InvalidArgumentError(f"the number of jobs must be at least 1, got {jobs}")
    if executor is not None:
        return _completed(executor, claims, latex, budget, cancel_left=True)
    workers = min(jobs or os.cpu_count() or 1, len(claims))
    if workers <= 1:
        return ((position, check(claim, latex=latex, budget=budget)) for position, claim in enumerate(claims))
    return _in_pool(workers, claims, latex, budget)


def _in_pool(workers: int, claims: list[str], latex: bool, budget: float) -> Generator[tuple[int, Verdict], None, None]:
    with _process_pool(workers) as pool:  # the pool's shutdown cancels the claims left (see _process_pool)
        yield from _completed(pool, claims, latex, budget, cancel_left=False)


def _completed(
    executor: Executor, claims: list[str], latex: bool, budget: float, *, cancel_left: bool
) -> Generator[tuple[int, Verdict], None, None]:
    """``(position, verdict)`` as the claims given to ``executor`` are done; ``cancel_left``: cancel the rest."""
    futures: dict[Future[Verdict], int] = {}
    try:
        for position, claim in enumerate(claims):
            futures[executor.submit(check, claim, latex=latex, budget=budget)] = position
        for future in as_completed(futures):
            position = futures[future]
            try:
                verdict = future.result()
            except Exception as failure:  # a worker that died, a broken pool, a cluster that went away
                details = "".join(traceback.format_exception(failure))
                verdict = internal_error(claims[position], f"the worker failed: {explained(failure)}", details)
            yield position, verdict
    finally:
        if cancel_left:
            for future in futures:
                future.cancel()


@contextmanager
def _process_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """A process pool whose workers (with the children of their claims) never outlive it, nor this process.

    The claims not yet started are cancelled by the pool's own shutdown, never by the caller:
    on Python 3.11, a future cancelled by the caller while the pool breaks (its workers killed
    here) makes the pool's management thread fail on it and print a traceback.
    """
    posix = hasattr(os, "setpgid")
    pool = ProcessPoolExecutor(workers, initializer=partial(_start_worker, os.getpid()) if posix else None)
    try:
        yield pool
    except BaseException:  # interrupted, or the caller stopped early: stop the running claims now
        for process in list(getattr(pool, "_processes", {}).values()):
            if posix:
                with suppress(OSError):  # the worker and the children of its claim
                    os.killpg(process.pid, signal.SIGKILL)
            with suppress(OSError):  # a worker that had not yet made its group
                process.kill()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _start_worker(parent: int) -> None:
    """Make a worker the leader of a process group, ended with its children when ``parent`` goes away."""
    os.setpgid(0, 0)
    threading.Thread(target=_end_with, args=(parent,), name="end with the parent", daemon=True).start()


def _end_with(parent: int) -> None:
    """Wait until ``parent`` exits (killed, say, so that it could not stop this worker), then end the group."""
    while os.getppid() == parent:
        time.sleep(_PARENT_POLL)
    os.killpg(0, signal.SIGKILL)
