"""Look for a counterexample at seeded random points; re-check any candidate before reporting it.

Every point is evaluated at 60 working digits. A candidate counterexample is evaluated
again at 150 and at 1000 digits from the same exact point, and reported only when the
relation fails at both with the same difference of the sides, and SymPy's evalf of the
exact point (which raises its precision where terms cancel) agrees: a floating-point
artefact (cancellation in ``1 - sigmoid(z)`` for large ``z``, say) disappears at higher
precision and is never called a counterexample.
A confirmed counterexample is then shortened, when possible, to a few decimals that are
still a confirmed counterexample, and reported with both sides at 50 digits.

>>> from symbolic_info.claims.syntax import parse_claim
>>> from symbolic_info.claims.translate import translate
>>> result = search(translate(parse_claim("x**2 >= 2*x where x > 0")), seed=7)
>>> result.found, result.counterexample["variables"]
(True, {'x': '1'})
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import mpmath
import sympy as sp

from ..engine.obligations import Relation, relation_holds, slack
from ..errors import UndefinedValueError
from .evaluate import Evaluator
from .sampling import Point, round_point, sample
from .translate import Claim, Comparison

__all__ = ["POINTS", "RECHECK_DIGITS", "REPORT_DIGITS", "WORKING_DIGITS", "SearchResult", "search"]

WORKING_DIGITS = 60
RECHECK_DIGITS = (150, 1000)
REPORT_DIGITS = 50
POINTS = 240  # points where the claim is checked (the issue asks for at least 200)
MAX_DRAWS = 3000
_SHORT_DECIMALS = (1, 2, 3, 6)


@dataclass(frozen=True)
class SearchResult:
    """What the search found: a counterexample, or how many points it checked without finding one."""

    found: bool
    points: int
    target: int  # the points wanted: POINTS, or 1 for a claim without variables
    undefined: int
    outside: int
    n_values: tuple[int, ...]
    counterexample: dict[str, Any] | None = None
    relation: int = 0  # which relation of a chain failed
    close_to_decimals: bool = False  # an '=' claim that only fails beyond the decimals written


def _decimal(value: Fraction) -> str | None:
    """The exact decimal or small fraction for ``value`` when it has one, else None."""
    denominator = value.denominator
    twos_and_fives = denominator
    for prime in (2, 5):
        while twos_and_fives % prime == 0:
            twos_and_fives //= prime
    if twos_and_fives == 1 and denominator <= 10**40:
        with decimal.localcontext() as context:
            context.prec = 100
            exact = decimal.Decimal(value.numerator) / decimal.Decimal(denominator)
        return format(exact, "e" if value and abs(value) < Fraction(1, 10**6) else "f")
    if denominator <= 1000:
        return f"{value.numerator}/{denominator}"
    return None


def _show(value: Any) -> str:
    if isinstance(value, Fraction):
        exact = _decimal(value)
        if exact is not None:
            return exact
        with mpmath.workdps(REPORT_DIGITS + 10):
            value = mpmath.mpf(value.numerator) / value.denominator
    try:
        return str(mpmath.nstr(value, REPORT_DIGITS))
    except ValueError:  # an exponent too long to print
        return "a number beyond printable range"


def _holds(
    evaluator: Evaluator, relations: tuple[Comparison, ...] | list[Comparison], point: Point, digits: int
) -> bool:
    """Whether every condition holds at ``point`` (a condition without a real value does not)."""
    try:
        for relation in relations:
            a = evaluator.value(relation.left, point.integers, point.values, digits)
            b = evaluator.value(relation.right, point.integers, point.values, digits)
            if not relation_holds(a, relation.relation, b, digits=digits):
                return False
    except UndefinedValueError:
        return False
    return True


def _violated(a: Any, relation: Comparison, b: Any, claim: Claim, digits: int) -> bool:
    return not relation_holds(a, relation.relation, b, digits=digits, tolerance=claim.tolerance)


def _sides(evaluator: Evaluator, relation: Comparison, point: Point, digits: int) -> tuple[Any, Any]:
    a = evaluator.value(relation.left, point.integers, point.values, digits)
    b = evaluator.value(relation.right, point.integers, point.values, digits)
    return a, b


def _converged(first: Any, second: Any) -> bool:
    """The difference of the sides is the same at two precisions (not a rounding artefact)."""
    with mpmath.workdps(RECHECK_DIGITS[-1]):
        return bool(second != 0 and abs(first - second) <= abs(second) / 1000)


def _confirmed(evaluator: Evaluator, claim: Claim, relation: Comparison, point: Point) -> bool:
    """The relation fails at ``point`` at 150 and 1000 digits (same difference) and by SymPy's exact evalf.

    A failure caused by cancellation shrinks as the precision grows, so it does not converge
    and is not confirmed; SymPy's adaptive evaluation of the exact point has the last word.
    A strict relation between sides equal at both precisions fails.
    """
    differences = []
    for digits in RECHECK_DIGITS:
        if not _holds(evaluator, claim.conditions, point, digits):
            return False
        try:
            a, b = _sides(evaluator, relation, point, digits)
        except UndefinedValueError:
            return False
        if not _violated(a, relation, b, claim, digits):
            return False
        differences.append((a - b, slack(a, b, digits=digits)))
    (first, first_slack), (second, second_slack) = differences
    strict = relation.relation in (Relation.LT, Relation.GT)
    equal = strict and abs(first) <= first_slack and abs(second) <= second_slack
    if not (equal or _converged(first, second)):
        return False
    return evaluator.exactly_violated(relation, point.integers, point.values, claim.tolerance)


def _shorter(evaluator: Evaluator, claim: Claim, relation: Comparison, point: Point) -> Point:
    if not (claim.variables.vectors or claim.variables.scalars):
        return point
    for decimals in _SHORT_DECIMALS:
        rounded = round_point(point, claim.variables, decimals)
        if rounded is not None and _confirmed(evaluator, claim, relation, rounded):
            return rounded
    return point


def _describe(claim: Claim, point: Point) -> dict[str, Any]:
    variables: dict[str, Any] = {}
    n = point.integers.get(claim.variables.n) if claim.variables.n is not None else None
    for index in claim.variables.indices:
        variables[str(index)] = point.integers[index]
    for base in claim.variables.vectors:
        variables[str(base.label)] = [_show(point.values[f"{base.label}[{k}]"]) for k in range(1, (n or 0) + 1)]
    for scalar in claim.variables.scalars:
        variables[scalar.symbol.name] = _show(point.values[scalar.symbol.name])
    return {"n": n, "variables": variables} if n is not None else {"variables": variables}


def _counterexample(evaluator: Evaluator, claim: Claim, position: int, point: Point) -> dict[str, Any]:
    relation = claim.relations[position]
    a, b = _sides(evaluator, relation, point, RECHECK_DIGITS[-1])
    described = _describe(claim, point)
    texts = claim.side_texts
    if len(claim.relations) > 1 and len(texts) == len(claim.relations) + 1:
        described["relation"] = f"{texts[position]} {relation.relation.value} {texts[position + 1]}"
    described["left"], described["right"] = _show(a), _show(b)
    if relation.relation is Relation.APPROX and claim.tolerance is not None:
        described["tolerance"] = _show(Fraction(int(claim.tolerance.p), int(claim.tolerance.q)))
    return described


def search(claim: Claim, seed: int, points: int = POINTS) -> SearchResult:
    """Check ``claim`` at up to ``points`` points in its domain; stop at the first confirmed counterexample."""
    v = claim.variables
    if not (v.vectors or v.scalars or v.indices):
        points = len(v.n_values) if v.n is not None else 1  # every allowed n once, or one evaluation
    evaluator = Evaluator()
    checked = undefined = outside = 0
    for point in sample(v, seed, MAX_DRAWS if points > 1 else 1):
        if not _holds(evaluator, claim.conditions, point, WORKING_DIGITS):
            outside += 1
            continue
        try:
            sides = [_sides(evaluator, relation, point, WORKING_DIGITS) for relation in claim.relations]
        except UndefinedValueError:
            undefined += 1
            continue
        for position, (relation, (a, b)) in enumerate(zip(claim.relations, sides, strict=True)):
            if _violated(a, relation, b, claim, WORKING_DIGITS) and _confirmed(evaluator, claim, relation, point):
                shown = _shorter(evaluator, claim, relation, point)
                close = (
                    relation.relation is Relation.EQ
                    and claim.tolerance is not None
                    and relation_holds(a, Relation.APPROX, b, digits=WORKING_DIGITS, tolerance=claim.tolerance)
                )
                counterexample = _counterexample(evaluator, claim, position, shown)
                return SearchResult(
                    True, checked, points, undefined, outside, v.n_values, counterexample, position, close
                )
        checked += 1
        if checked >= points:
            break
    return SearchResult(False, checked, points, undefined, outside, v.n_values)


def exact_number(value: sp.Rational) -> str:
    """An exact rational as it is shown in reports."""
    return _show(Fraction(int(value.p), int(value.q)))
