"""Check a claim: look for a counterexample, then try a proof, each with a wall-clock budget.

The pipeline: parse (no SymPy, nothing executed) -> translate and search for a
counterexample at 240 seeded points (in a child process with a time budget) -> if none,
translate and try a symbolic proof (in another child, with a shorter budget). A confirmed
counterexample wins over everything, so a prover mistake could never turn a false claim
into a ``proved`` one; a proof turns ``holds`` into ``proved``.

>>> check("KL(p, q) = H(p, q) - H(p)").verdict
'proved'
>>> verdict = check("H(p, q) = -sum(p[i]*q[i], i)")
>>> verdict.verdict, verdict.counterexample["n"]
('refuted', 2)
>>> check("x.__class__ = 1").message
"column 2: attribute access ('.__class__') is not allowed in a claim"

:func:`check` never raises for a ``str`` claim: an exception anywhere in the pipeline becomes
an ``error`` verdict marked ``internal`` (a fault of the checker, not of the claim).
:func:`check_many` checks many claims in worker processes, or on any
:class:`concurrent.futures.Executor` (a dask.distributed client's, for example).
"""

from __future__ import annotations

import math
import os
import signal
import threading
import time
import traceback
import zlib
from collections.abc import Generator, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from contextlib import contextmanager, suppress
from dataclasses import replace
from functools import partial
from numbers import Real
from typing import Any

from ..catalogue.lemmas import lemmas
from ..engine.bounded import cpu_timed, run_bounded
from ..engine.obligations import Relation
from ..errors import ClaimError, ClaimSyntaxError, InvalidArgumentError
from .certified import CERTIFY_BUDGET, certificate_within
from .counterexample import REPORT_DIGITS, exact_number
from .from_latex import latex_to_claim_with_notes
from .point_check import RECHECK_DIGITS
from .proof import prove
from .refine import applies
from .render import render_claim
from .search import SearchResult, search, search_dips
from .syntax import ParsedClaim, parse_claim
from .translate import check_structure, translate
from .verdict import Verdict, assignment

__all__ = [
    "CERTIFY_BUDGET",
    "DEFAULT_BUDGET",
    "INTERNAL_ERROR",
    "MAX_BUDGET",
    "PROOF_BUDGET",
    "check",
    "check_each",
    "check_many",
    "internal_error",
]

DEFAULT_BUDGET = 30.0  # wall-clock seconds per claim
PROOF_BUDGET = 5.0  # at most this much of it for the symbolic proof
MAX_BUDGET = 86400.0  # a day: the largest budget accepted (beyond it, a typo rather than a plan)
_PARENT_POLL = 0.5  # seconds between a worker's checks that the process that started it is still there
INTERNAL_ERROR = "internal error"  # the method of an error verdict that is the checker's fault, not the claim's


def _search_child(parsed: ParsedClaim, seed: int) -> tuple[str, Any]:
    try:
        claim = translate(parsed)
    except ClaimSyntaxError as error:
        return "error", (str(error), error.column)
    except ClaimError as error:
        return "error", (str(error), None)
    n = claim.variables.n
    on_n = any(n in c.left.free_symbols | c.right.free_symbols for c in claim.conditions) if n is not None else False
    scope = (" for every n allowed by the conditions" if on_n else " for every n >= 2") if n is not None else ""
    return "ok", (search(claim, seed, descents=False), scope, claim.tolerance)


def _dips_child(parsed: ParsedClaim, seed: int) -> SearchResult | None:
    claim = translate(parsed)
    return search_dips(claim, seed) if applies(claim) else None


def _prove_child(parsed: ParsedClaim) -> str | None:
    return prove(translate(parsed))


def _n_text(result: SearchResult) -> str:
    values = result.n_values
    if len(values) > 8 and list(values) == list(range(values[0], values[-1] + 1)):
        return f"n = {values[0]}..{values[-1]}; "
    return f"n = {', '.join(str(v) for v in values)}; " if values else ""


def _refuted(claim: str, latex: str, result: SearchResult) -> Verdict:
    assert result.counterexample is not None
    counterexample = result.counterexample
    searched = result.searched.to_dict()
    at = ", ".join(assignment(counterexample)) or "the values written"
    rechecks = " and ".join(map(str, RECHECK_DIGITS))
    note = f"evaluated at {REPORT_DIGITS} digits; re-checked at {rechecks} digits and by SymPy's adaptive evalf"
    if result.close_to_decimals:
        note += "; the sides agree to the decimals written: use ~= for an approximate claim"
    message = f"counterexample at {at}: left = {counterexample['left']}, right = {counterexample['right']} ({note})"
    method = f"counterexample, re-checked at {RECHECK_DIGITS[-1]} digits"
    return Verdict(claim, "refuted", method, counterexample, message, latex, note=note, searched=searched)


def _refuted_in_the_limit(claim: str, latex: str, result: SearchResult) -> Verdict:
    """A limit at an end of the domain violates the claim, beyond every point that could be evaluated."""
    where = result.beyond.removeprefix("the limit as ").partition(" shows")[0]
    message = (
        f"refuted in the limit: as {where}, the sides violate the claim (SymPy's limits); no point close "
        "enough to that end could be evaluated, so there is no numeric counterexample to show"
    )
    method = "limit at an end of the domain"
    return Verdict(claim, "refuted", method, None, message, latex, searched=result.searched.to_dict())


def _error(claim: str, message: str, method: str, latex: str = "", column: int | None = None) -> Verdict:
    return Verdict(claim, "error", method, None, message, latex, column)


def internal_error(claim: str, what: str, details: str = "", latex: str = "") -> Verdict:
    """The ``error`` verdict for a fault of the checker itself (``what`` happened), marked ``internal``.

    >>> verdict = internal_error("x = x", "ZeroDivisionError: division by zero")
    >>> verdict.verdict, verdict.internal, verdict.message
    ('error', True, 'internal error (a fault of symbolic-info, not of the claim): ZeroDivisionError: division by zero')
    """
    message = f"{INTERNAL_ERROR} (a fault of symbolic-info, not of the claim): {what}"
    return Verdict(claim, "error", INTERNAL_ERROR, None, message, latex, internal=True, details=details)


def _explained(error: BaseException) -> str:
    """The exception's type and message, with what to do when a daemonic worker cannot start the checker's children."""
    text = f"{type(error).__name__}: {error}"
    if "daemonic processes are not allowed to have children" in text:
        text += " (run the checks in workers that are not daemonic; for dask.distributed set distributed.worker.daemon"
        text += " to False before the workers start)"
    return text


def _last_line(text: str) -> str:
    lines = str(text).strip().splitlines()
    return lines[-1] if lines else "unknown error"


def _seconds(value: object, name: str) -> float:
    """``value`` as a time budget in seconds: a real number, positive, finite and at most :data:`MAX_BUDGET`.

    >>> _seconds(2, "budget")
    2.0
    >>> _seconds(float("inf"), "budget")
    Traceback (most recent call last):
    ...
    symbolic_info.errors.InvalidArgumentError: budget must be a positive, finite number of seconds, at most 86400; \
got inf
    """
    if isinstance(value, bool) or not isinstance(value, Real):
        shown = f"{value!r}" if isinstance(value, str) else f"a {type(value).__name__}"
        raise InvalidArgumentError(f"{name} must be a number of seconds, got {shown}")
    try:
        seconds = float(value)
    except (OverflowError, ValueError):  # an integer or fraction beyond any float
        seconds = math.inf
    if not (math.isfinite(seconds) and 0 < seconds <= MAX_BUDGET):
        raise InvalidArgumentError(
            f"{name} must be a positive, finite number of seconds, at most {MAX_BUDGET:g}; got {value!r}"
        )
    return seconds


def check(
    claim: str, *, latex: bool = False, budget: float = DEFAULT_BUDGET, proof_budget: float = PROOF_BUDGET
) -> Verdict:
    """Check one claim (plain text, or LaTeX with ``latex=True``); never raises for a ``str`` claim.

    A claim that cannot be read gets an ``error`` verdict with a column and a hint; any other
    exception becomes an ``error`` verdict marked ``internal``. Raises
    :class:`~symbolic_info.errors.InvalidArgumentError` only for a claim that is not a ``str``
    or a budget that is not a positive, finite number of seconds up to :data:`MAX_BUDGET`.

    >>> check("sum(p) = 1").message
    'column 1: not supported: sum(p) over a whole vector; write sum(p[i], i)'
    """
    if not isinstance(claim, str):
        raise InvalidArgumentError(f"a claim is a string, got {type(claim).__name__}")
    budget, proof_budget = _seconds(budget, "budget"), _seconds(proof_budget, "proof_budget")
    try:
        return _check(claim, latex, budget, proof_budget)
    except Exception as error:  # the guarantee: whatever goes wrong inside, the answer is a verdict
        return internal_error(claim, _explained(error), traceback.format_exc())


def _check(claim: str, latex: bool, budget: float, proof_budget: float) -> Verdict:
    if not latex:
        return _check_text(claim, claim, budget, proof_budget)
    try:
        text, notes = latex_to_claim_with_notes(claim)
    except ClaimSyntaxError as error:
        return _error(claim, str(error), "parse", column=error.column)
    verdict = _check_text(claim, text, budget, proof_budget)
    read = "; ".join([f"read as: {text}", *notes])
    note = f"{read}; {verdict.note}" if verdict.note else ""
    return replace(verdict, message=f"{read}; {verdict.message}", column=None, note=note)


def _check_text(claim: str, text: str, budget: float, proof_budget: float) -> Verdict:
    try:
        parsed = parse_claim(text)
        check_structure(parsed)
        shown = render_claim(parsed)
    except ClaimSyntaxError as error:
        return _error(claim, str(error), "parse", column=error.column)
    seed = zlib.crc32(text.encode())
    status, timed = run_bounded(cpu_timed(lambda: _search_child(parsed, seed)), budget)
    outcome, search_seconds = timed if status == "ok" else (timed, budget)
    if status == "timeout":
        return _error(claim, f"the claim could not be evaluated within {budget:g} s of CPU time", "time budget", shown)
    if status == "error":
        return internal_error(claim, f"the evaluation failed: {_last_line(outcome)}", str(outcome), shown)
    if outcome[0] == "error":
        message, column = outcome[1]
        return _error(claim, message, "translation", shown, column)
    result, scope, tolerance = outcome[1]
    if result.found:
        return _refuted(claim, shown, result)
    if result.beyond:
        return _refuted_in_the_limit(claim, shown, result)
    if result.points == 0 and result.searched.structured_points == 0:  # whatever a prover would say: vacuous
        return _no_point(claim, shown, parsed, result)
    lemmas()  # built here once, so that every proof child inherits them
    remaining = budget - search_seconds
    seconds = min(proof_budget, max(remaining, 0.5))
    proof_status, proved = run_bounded(cpu_timed(lambda: _prove_child(parsed)), seconds)
    method, proof_seconds = proved if proof_status == "ok" else (None, seconds)
    within = (
        f" within {exact_number(tolerance)}" if Relation.APPROX in parsed.relations and tolerance is not None else ""
    )
    searched = result.searched.to_dict()
    numeric = "no counterexample either" if result.target > 1 else f"the sides agree{within} at {REPORT_DIGITS} digits"
    if proof_status == "ok" and method:
        message = f"proved symbolically{scope} (prover strategy: {method}); {numeric}"
        return Verdict(claim, "proved", f"symbolic: {method}", None, message, shown, searched=searched)
    reason = {"timeout": f"no symbolic proof within {seconds:g} s of CPU time", "error": "the prover failed"}.get(
        proof_status, "no symbolic proof found"
    )
    certificate = certificate_within(parsed, remaining - proof_seconds)
    if certificate is not None:
        message = (
            f"proved by {certificate}, at every point the conditions allow where both sides are defined "
            f"({reason}); {numeric}"
        )
        return Verdict(claim, "proved", f"interval arithmetic: {certificate}", None, message, shown, searched=searched)
    dips_status, dips = run_bounded(lambda: _dips_child(parsed, seed), max(remaining - proof_seconds, 1.0))
    if dips_status == "ok" and dips is not None:
        record = replace(result.searched, descents=dips.searched.descents)
        if dips.found:
            return _refuted(claim, shown, replace(dips, searched=record))
        result = replace(result, searched=record)
        searched = record.to_dict()
    if result.points < result.target:
        message = (
            f"{reason}, and only {result.points} sampled points satisfy the conditions and give both sides a real "
            f"value ({result.undefined + result.outside} did not): state the domain with 'where', e.g. 'where x > 0'"
        )
        return _error(claim, message, "evaluation", shown)
    where = result.searched.describe()
    if result.target == 1:
        evidence = f"both sides agree{within} at {REPORT_DIGITS} digits"
        method_text = f"numeric: evaluated at {REPORT_DIGITS} digits"
    elif result.target == len(result.n_values):
        evidence = f"no counterexample at any of {_n_text(result)[:-2]} ({where}), evaluated at {REPORT_DIGITS} digits"
        method_text = f"numeric: every n, {result.points} values at {REPORT_DIGITS} digits"
    else:
        skipped = f"; {result.undefined} points where a side has no real value were skipped" if result.undefined else ""
        evidence = f"no counterexample at {where}; evaluated at {REPORT_DIGITS} digits{skipped}"
        method_text = f"numeric: {result.points} points at {REPORT_DIGITS} digits"
    return Verdict(claim, "holds", method_text, None, f"{reason}; {evidence}", shown, searched=searched)


def _conditions_text(parsed: ParsedClaim) -> str:
    """The claim's conditions as written: ``x > 0, k > n``."""
    chains = []
    for condition in parsed.conditions:
        parts = [condition.sides[0].text]
        for relation, side in zip(condition.relations, condition.sides[1:], strict=True):
            parts += [relation.value, side.text]
        chains.append(" ".join(parts))
    return ", ".join(chains)


def _no_point(claim: str, latex: str, parsed: ParsedClaim, result: SearchResult) -> Verdict:
    """The error verdict for a search that evaluated the claim at no point at all: nothing supports a verdict.

    Either no value satisfies the conditions (the domain is empty: ``x = log(-1)`` is not a real number,
    ``k > n`` is impossible for a category index) and any proof would be vacuous, or no side has a real value
    anywhere the search looked.
    """
    tried, outside, undefined = result.outside + result.undefined, result.outside, result.undefined
    searched = result.searched.to_dict()
    conditions = _conditions_text(parsed)
    if outside and not undefined:
        what = f"'where {conditions}'" if conditions else "the claim's implicit conditions (entries >= 0)"
        message = (
            f"no value satisfies the conditions: no point tried ({outside} in all) satisfies {what}, so the domain"
            " looks empty and there is nothing to prove or check (a condition that is impossible, or whose sides"
            " have no real value, never holds)"
        )
        return Verdict(claim, "error", "empty domain", None, message, latex, searched=searched)
    if undefined and not outside:
        message = f"no point could be evaluated: a side has no real value at every point tried ({undefined} in all)"
    elif tried:
        message = (
            f"no point could be evaluated: of the points tried ({tried} in all), {outside} do not satisfy the"
            f" conditions and at the other {undefined} a side has no real value"
        )
    else:
        message = "no point could be evaluated: the conditions leave no value to try (the domain looks empty)"
    if tried:
        message += ": state the domain with 'where', e.g. 'where x > 0'"
    return Verdict(claim, "error", "evaluation", None, message, latex, searched=searched)


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

    >>> [verdict.verdict for verdict in check_many(["x = x", "x = x + 1", "x ="])]
    ['proved', 'refuted', 'error']
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
    budget = _seconds(budget, "budget")
    if jobs is not None and jobs < 1:
        raise InvalidArgumentError(f"the number of jobs must be at least 1, got {jobs}")
    if executor is not None:
        return _completed(executor, claims, latex, budget)
    workers = min(jobs or os.cpu_count() or 1, len(claims))
    if workers <= 1:
        return ((position, check(claim, latex=latex, budget=budget)) for position, claim in enumerate(claims))
    return _in_pool(workers, claims, latex, budget)


def _in_pool(workers: int, claims: list[str], latex: bool, budget: float) -> Generator[tuple[int, Verdict], None, None]:
    with _process_pool(workers) as pool:
        yield from _completed(pool, claims, latex, budget)


def _completed(
    executor: Executor, claims: list[str], latex: bool, budget: float
) -> Generator[tuple[int, Verdict], None, None]:
    futures: dict[Future[Verdict], int] = {}
    try:
        for position, claim in enumerate(claims):
            futures[executor.submit(check, claim, latex=latex, budget=budget)] = position
        for future in as_completed(futures):
            position = futures[future]
            try:
                verdict = future.result()
            except Exception as error:  # a worker that died, a broken pool, a cluster that went away
                details = "".join(traceback.format_exception(error))
                verdict = internal_error(claims[position], f"the worker failed: {_explained(error)}", details)
            yield position, verdict
    finally:
        for future in futures:
            future.cancel()


@contextmanager
def _process_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """A process pool whose workers (with the children of their claims) never outlive it, nor this process."""
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
