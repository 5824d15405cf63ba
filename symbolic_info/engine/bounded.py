"""Run a computation with a wall-clock budget, in a forked child that is killed when time runs out.

SymPy's simplification cannot be interrupted from inside, so a runaway attempt is run in
a child process (``fork``: nothing is pickled on the way in, only the small result on the
way out). Where ``fork`` is unavailable the call runs inline, unbounded.

>>> run_bounded(lambda: 6 * 7, seconds=10)
('ok', 42)
>>> import time
>>> run_bounded(lambda: time.sleep(5), seconds=0.2)
('timeout', None)
"""

from __future__ import annotations

import multiprocessing
import traceback
from collections.abc import Callable
from typing import Any, Literal

__all__ = ["Outcome", "run_bounded"]

Outcome = tuple[Literal["ok", "timeout", "error"], Any]


def _fork_context() -> Any:
    try:
        return multiprocessing.get_context("fork")
    except ValueError:
        return None


_CONTEXT = _fork_context()


def _child(connection: Any, function: Callable[[], Any]) -> None:
    try:
        connection.send(("ok", function()))
    except BaseException:
        connection.send(("error", traceback.format_exc(limit=3)))
    finally:
        connection.close()


def run_bounded(function: Callable[[], Any], seconds: float) -> Outcome:
    """``("ok", result)``, ``("timeout", None)`` or ``("error", message)``; the result must pickle."""
    if _CONTEXT is None:
        try:
            return ("ok", function())
        except Exception:
            return ("error", traceback.format_exc(limit=3))
    receiver, sender = _CONTEXT.Pipe(duplex=False)
    process = _CONTEXT.Process(target=_child, args=(sender, function), daemon=True)
    process.start()
    sender.close()
    try:
        if receiver.poll(seconds):
            try:
                outcome: Outcome = receiver.recv()
                return outcome
            except EOFError:
                return ("error", "the prover process died")
        return ("timeout", None)
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join()
