"""Verify one step of a chain: a symbolic proof, else an interval certificate, else a numeric check.

Each link becomes proof obligations (:mod:`.obligations`: ``a = b``, ``a <= b``, ``a < b``, or
``a = c*b`` for equivalent equations). The symbolic attempt runs in a child process with a time
budget. When it finds no proof and the step is an inequality in at most three real variables of the
domain, branch and bound with interval arithmetic tries to certify it (:mod:`.certify`, in a child
process with :data:`CERTIFY_BUDGET` seconds). Otherwise the obligations are evaluated with mpmath at
seeded random points of the domain (:data:`WORKING_DIGITS` working digits; equality to all but the
last :data:`~.obligations.GUARD_DIGITS` of them, inequalities with the right sign). The verdict is
``symbolic``, ``certified``, ``numeric`` or ``failed``. :mod:`.derivation` runs this over every step.

>>> import sympy as sp
>>> from symbolic_info.engine.chain import Chain
>>> from symbolic_info.engine.domain import Domain, Real
>>> x = sp.Symbol("x", positive=True)
>>> chain = Chain.start(sp.log(x) - x + 1).le(0, "log x <= x - 1")
>>> results = verify_chain(chain, Domain.of(Real(x, low=0)), seed_prefix="demo:0")
>>> [result.verdict.value for result in results]
['certified']
>>> results[0].method
'no proof found; interval arithmetic on 1 box (1 by a Taylor bound of order 2 at x = 1)'
>>> [r.verdict.value for r in verify_chain(chain, Domain.of(Real(x, low=0)), seed_prefix="demo:0", certify=False)]
['numeric']
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import mpmath
import sympy as sp

from ..errors import DerivationError, UndefinedValueError
from .bounded import cpu_timed, run_bounded
from .certify import MAX_VARIABLES
from .certify.obligation import certify_inequality, variables_of
from .chain import Chain, Relation, Step
from .domain import WORKING_DIGITS, Domain, Point
from .evaluation import evaluate
from .failures import Counterexample, explain, occurring
from .obligations import GUARD_DIGITS, Obligation, ObligationKind, holds, prove_all, slack
from .operations import Rounded, Solve, Statement, SubstituteInto, equations

__all__ = [
    "CERTIFY_BUDGET",
    "DEFAULT_BUDGET",
    "DEFAULT_POINTS",
    "NUMERIC_BUDGET",
    "WORKING_DIGITS",
    "StepResult",
    "StepVerdict",
    "compared_digits",
    "obligations",
    "step_seed",
    "verify_chain",
    "verify_step",
]

#: CPU seconds of symbolic search per step (CPU, not wall-clock: the verdict does not depend on the machine's load);
#: the slowest catalogue proof stays far below it (a test).
DEFAULT_BUDGET = 30.0
NUMERIC_BUDGET = 120.0  # CPU seconds for the numeric check of one step
DEFAULT_POINTS = 24  # seeded points per numeric check (the issue asks for at least 20)
CERTIFY_BUDGET = 30.0  # CPU seconds for the interval certificate of one step (in a child process)


def compared_digits() -> int:
    """The digits to which the numeric check compares values (of :data:`WORKING_DIGITS` carried)."""
    return WORKING_DIGITS - GUARD_DIGITS


class StepVerdict(StrEnum):
    """How a step was verified."""

    SYMBOLIC = "symbolic"
    CERTIFIED = "certified"
    NUMERIC = "numeric"
    FAILED = "failed"


@dataclass(frozen=True)
class StepResult:
    """The verdict on one step, how it was reached, and the CPU seconds it took (the budget where one ran out).

    A failed step says why in ``detail``; when a point was found where its relation is false,
    ``counterexample`` holds the two sides as written, their values and the variables that occur.
    """

    verdict: StepVerdict
    method: str
    seconds: float
    detail: str = ""
    counterexample: Counterexample | None = None

    def summary(self) -> str:
        """One line: the verdict and why (the method, or for a failed step the reason and where it fails).

        >>> StepResult(StepVerdict.SYMBOLIC, "expand", 0.1).summary()
        'symbolic (expand)'
        """
        if self.verdict is not StepVerdict.FAILED:
            return f"{self.verdict.value} ({self.method})"
        if self.counterexample is not None:
            example = self.counterexample
            return (
                f"failed: {example.left} {example.relation} {example.right} is false at {example.where()} "
                f"(left = {example.left_value}, right = {example.right_value})"
            )
        return f"failed: {self.detail or self.method}"


def _is_equation_like(statement: Statement) -> bool:
    return isinstance(statement, (tuple, sp.Rel))


def _residual(equation: sp.Equality) -> sp.Basic:
    return equation.lhs - equation.rhs


def obligations(previous: Statement, step: Step) -> list[Obligation]:
    """What must hold for ``step`` to follow from ``previous``."""
    new = step.statement
    relation = step.relation
    if relation is Relation.IMPLIES:
        if isinstance(step.by, Solve):
            substituted = SubstituteInto(previous).apply(new)
            return [Obligation(ObligationKind.EQUAL, eq.lhs, eq.rhs) for eq in equations(substituted)]
        assert step.by is not None
        expected = step.by.apply(previous)
        if _is_equation_like(expected) != _is_equation_like(new):
            raise DerivationError(f"'{step.because}': an equation can only follow from an equation")
        if not _is_equation_like(new):
            return [Obligation(ObligationKind.EQUAL, expected, new)]
        pairs = zip(equations(expected), equations(new), strict=False)
        if len(equations(expected)) != len(equations(new)):
            raise DerivationError(f"'{step.because}': expected {len(equations(expected))} equations")
        return [Obligation(ObligationKind.PROPORTIONAL, _residual(a), _residual(b)) for a, b in pairs]
    if _is_equation_like(previous) or _is_equation_like(new):
        raise DerivationError(f"'{step.because}': '{relation.value}' relates expressions; use implies() for equations")
    if relation is Relation.TENDS:
        assert step.by is not None
        return [Obligation(ObligationKind.EQUAL, step.by.apply(previous), new)]
    if relation is Relation.APPROX:
        assert isinstance(step.by, Rounded)
        return _rounding_obligations(previous, step.by)
    return [Obligation.of(previous, relation, new)]


def _rounding_obligations(previous: Statement, rounded: Rounded) -> list[Obligation]:
    """``low <= value <= high`` for each value and the interval its written decimal stands for."""
    values = list(previous) if isinstance(previous, sp.MatrixBase) else [previous]
    bounds = rounded.bounds()
    if isinstance(previous, sp.MatrixBase) != rounded.column or len(values) != len(bounds):
        raise DerivationError(f"{len(bounds)} decimal(s) cannot round {previous}")
    pairs = zip(values, bounds, strict=True)
    return [
        item
        for value, (low, high) in pairs
        for item in (Obligation(ObligationKind.LE, low, value), Obligation(ObligationKind.LE, value, high))
    ]


def _matrix_entries(value: sp.Basic) -> list[sp.Basic]:
    return list(value) if isinstance(value, sp.MatrixBase) else [value]


_Outcome = tuple[bool, "str | Counterexample"]


def _counterexample(
    obligation: Obligation, left: sp.Basic, right: sp.Basic, point: Point, a: Any, b: Any
) -> Counterexample:
    """The failure of ``obligation`` at ``point`` (entries ``left``, ``right`` valued ``a``, ``b``) as written."""
    _, relation, _ = obligation.written()
    if obligation.swapped:
        return Counterexample.at(right, relation, left, point, b, a)
    return Counterexample.at(left, relation, right, point, a, b)


def _holds_at(obligation: Obligation, point: Point, ratio: list[Any]) -> _Outcome:
    left_entries = _matrix_entries(sp.sympify(obligation.left))
    right_entries = _matrix_entries(sp.sympify(obligation.right))
    if len(left_entries) != len(right_entries):
        return False, "the two sides have different shapes"
    for left_entry, right_entry in zip(left_entries, right_entries, strict=True):
        try:
            a, b = evaluate(left_entry, point), evaluate(right_entry, point)
        except UndefinedValueError as error:
            where = ", ".join(f"{name} = {value}" for name, value in occurring(point, left_entry, right_entry))
            return False, f"{error} at {where or 'any point'}"
        if obligation.kind is not ObligationKind.PROPORTIONAL:
            ok = holds(obligation.kind, a, b, digits=WORKING_DIGITS)
        else:  # one constant nonzero ratio at every point where either side is nonzero
            rounding = slack(a, b, digits=WORKING_DIGITS)
            if abs(a) <= rounding and abs(b) <= rounding:
                continue
            if abs(a) <= rounding or abs(b) <= rounding:
                return False, _counterexample(obligation, left_entry, right_entry, point, a, b)
            if not ratio:
                ratio.append(a / b)
            ok = abs(a / b - ratio[0]) <= slack(ratio[0], digits=WORKING_DIGITS)
        if not ok:
            return False, _counterexample(obligation, left_entry, right_entry, point, a, b)
    return True, ""


def _check_numerically(items: list[Obligation], domain: Domain, seed: int, count: int) -> _Outcome:
    points = domain.sample(seed, count)
    with mpmath.workdps(WORKING_DIGITS):
        for obligation in items:
            ratio: list[Any] = []
            for point in points:
                ok, detail = _holds_at(obligation, point, ratio)
                if not ok:
                    return False, detail
    return True, ""


def _certificate(items: list[Obligation], domain: Domain) -> str | None:
    """An interval certificate of every obligation, described, when all are inequalities in <= 3 real variables."""
    if not items or any(item.kind not in (ObligationKind.LE, ObligationKind.LT) for item in items):
        return None
    sides = [sp.sympify(side) for item in items for side in (item.left, item.right)]
    if not all(isinstance(side, sp.Expr) for side in sides):
        return None
    symbols: set[sp.Basic] = set().union(*(side.free_symbols for side in sides))
    variables = variables_of(domain, symbols)
    if variables is None or len(variables) > MAX_VARIABLES:
        return None
    descriptions = []
    for item in items:
        seconds = CERTIFY_BUDGET * 0.9 / len(items)
        strict = item.kind is ObligationKind.LT
        certificate = certify_inequality(item.left, item.right, variables, strict=strict, seconds=seconds)
        if certificate is None:
            return None
        descriptions.append(certificate.description)
    return "; ".join(dict.fromkeys(descriptions))


def step_seed(prefix: str, step_index: int) -> int:
    """The seed of the numeric check of step ``step_index`` of the chain named ``prefix`` (id and chain)."""
    return zlib.crc32(f"{prefix}:{step_index}".encode())


def _numeric_outcome(items: list[Obligation], domain: Domain, seed: int, points: int) -> _Outcome:
    try:
        return _check_numerically(items, domain, seed, points)
    except DerivationError as error:
        return False, str(error)
    except Exception as error:  # SymPy cannot evaluate it: the step stays unverified, so it fails
        return False, f"cannot be evaluated numerically: {explain(error)}"


def verify_step(
    previous: Statement,
    step: Step,
    domain: Domain,
    *,
    seed: int,
    budget: float = DEFAULT_BUDGET,
    points: int = DEFAULT_POINTS,
    numeric_budget: float = NUMERIC_BUDGET,
    symbolic: bool = True,
    certify: bool = True,
) -> StepResult:
    """Verify one link: symbolic within ``budget`` CPU seconds, else certified, else numeric at ``points`` points.

    The numeric check is bounded too (``numeric_budget`` CPU seconds): one that does not finish
    leaves the step unverified, so it fails with that reason rather than hanging the tool.
    ``symbolic=False`` skips the proof attempt and the certificate (to see what the numeric check
    alone says); ``certify=False`` skips the certificate only.
    """
    cpu_seconds = 0.0
    try:
        items = obligations(previous, step)
    except DerivationError:
        raise  # the step is malformed: an author's error, said at once
    except Exception as error:  # SymPy failed applying the step's operation: this step fails, the next is checked
        return StepResult(StepVerdict.FAILED, "the step could not be applied", cpu_seconds, explain(error))
    if symbolic:
        facts, positive_forms = domain.facts(), domain.positive_forms()
        status, outcome = run_bounded(cpu_timed(lambda: prove_all(items, facts, positive_forms)), budget)
        method, cpu_seconds = outcome if status == "ok" else (None, budget if status == "timeout" else 0.0)
        if status == "ok" and method:
            return StepResult(StepVerdict.SYMBOLIC, method, cpu_seconds)
        reasons = {"timeout": f"no proof within {budget:g} s of CPU time", "error": "the prover failed"}
        reason = reasons.get(status, "no proof found")
        if certify:
            certified_status, certified = run_bounded(cpu_timed(lambda: _certificate(items, domain)), CERTIFY_BUDGET)
            description, certify_seconds = certified if certified_status == "ok" else (None, 0.0)
            cpu_seconds += certify_seconds
            if description:
                return StepResult(StepVerdict.CERTIFIED, f"{reason}; {description}", cpu_seconds)
    else:
        reason = "no proof attempted"
    numeric_status, outcome = run_bounded(
        cpu_timed(lambda: _numeric_outcome(items, domain, seed, points)), numeric_budget
    )
    if numeric_status == "ok":
        (ok, detail), numeric_seconds = outcome
        cpu_seconds += numeric_seconds
    elif numeric_status == "timeout":
        ok, detail = False, f"the numeric check did not finish within {numeric_budget:g} s of CPU time"
    else:
        ok, detail = False, f"the numeric check failed: {outcome}"
    if ok:
        evidence = f"holds at {points} points, to {compared_digits()} of {WORKING_DIGITS} digits"
        return StepResult(StepVerdict.NUMERIC, f"{reason}; {evidence}", cpu_seconds)
    if isinstance(detail, Counterexample):
        return StepResult(StepVerdict.FAILED, reason, cpu_seconds, str(detail), detail)
    return StepResult(StepVerdict.FAILED, reason, cpu_seconds, detail)


def verify_chain(
    chain: Chain,
    domain: Domain,
    *,
    seed_prefix: str,
    budget: float = DEFAULT_BUDGET,
    points: int = DEFAULT_POINTS,
    numeric_budget: float = NUMERIC_BUDGET,
    symbolic: bool = True,
    certify: bool = True,
) -> tuple[StepResult, ...]:
    """Verify every step of ``chain`` on ``domain``; the seeds come from ``seed_prefix`` and the step's place."""
    return tuple(
        verify_step(
            previous,
            step,
            domain,
            seed=step_seed(seed_prefix, index),
            budget=budget,
            points=points,
            numeric_budget=numeric_budget,
            symbolic=symbolic,
            certify=certify,
        )
        for index, (previous, step) in enumerate(chain.links())
    )
