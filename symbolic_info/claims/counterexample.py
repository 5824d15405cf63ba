"""How a confirmed counterexample is reported: the point in short exact decimals, both sides at 50 digits.

>>> show(Fraction(1, 8)), show(Fraction(1, 3)), show(Fraction(3, 10**40))
('0.125', '1/3', '3e-40')
"""

from __future__ import annotations

import decimal
from fractions import Fraction
from typing import Any

import mpmath
import sympy as sp

from ..engine.obligations import Relation, slack
from . import structured
from .crossing import Crossing
from .point_check import RECHECK_DIGITS, PointChecker
from .sampling import Point, round_point
from .translate import Claim, Comparison

__all__ = ["REPORT_DIGITS", "counterexample", "describe", "exact_number", "shorter", "show"]

REPORT_DIGITS = 50
_SHORT_DECIMALS = (1, 2, 3, 6, 12, 25, 55)  # significant digits tried when shortening a counterexample
_CROSSING_DIGITS = 30  # significant digits of a point next to where the sides of a != claim cross


def _decimal(value: Fraction) -> str | None:
    """The exact decimal or small fraction for ``value`` when it has one, else None."""
    denominator = value.denominator
    twos_and_fives = denominator
    for prime in (2, 5):
        while twos_and_fives % prime == 0:
            twos_and_fives //= prime
    if twos_and_fives == 1 and denominator <= 10**120:
        with decimal.localcontext() as context:
            context.prec = 100
            exact = (decimal.Decimal(value.numerator) / decimal.Decimal(denominator)).normalize()
        scientific = value and not Fraction(1, 10**6) <= abs(value) < 10**15
        return format(exact, "e" if scientific else "f")
    if denominator <= 1000:
        return f"{value.numerator}/{denominator}"
    return None


def show(value: Any) -> str:
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


def shorter(checker: PointChecker, relation: Comparison, point: Point) -> Point:
    variables = checker.claim.variables
    if not (variables.vectors or variables.real_vectors or variables.scalars):
        return point
    for decimals in _SHORT_DECIMALS:
        rounded = round_point(point, variables, decimals)
        if rounded is not None and checker.confirmed(relation, rounded):
            return rounded
    return point


def _entries(base: sp.IndexedBase, point: Point, n: int) -> list[str]:
    if point.blocks is None:
        return [show(point.values[f"{base.label}[{k}]"]) for k in range(1, n + 1)]
    shown = [show(point.values[f"{base.label}[{k}]"]) for k in range(1, point.blocks.head + 1)]
    for t, count in enumerate(point.blocks.counts, start=1):
        value = show(point.values[f"{base.label}[{structured.tail_index(t)}]"])
        shown.append(value if count == 1 else f"{value} (x{count})")
    return shown


def _distinct(a: Any, b: Any) -> tuple[str, str]:
    """Both sides at 50 digits, or at as many more (up to 1000) as it takes to show that they differ.

    Sides equal within the rounding of their 1000-digit values (a strict relation that fails by
    equality) are shown at 50 digits: more would show only that rounding.
    """
    digits = REPORT_DIGITS
    with mpmath.workdps(RECHECK_DIGITS[-1]):
        if mpmath.isfinite(a) and mpmath.isfinite(b) and abs(a - b) <= slack(a, b, digits=RECHECK_DIGITS[-1]):
            return show(a), show(b)
    while True:
        shown = (mpmath.nstr(a, digits), mpmath.nstr(b, digits))
        if shown[0] != shown[1] or a == b or digits >= RECHECK_DIGITS[-1]:
            return (show(a), show(b)) if digits == REPORT_DIGITS else shown
        digits *= 2


def describe(claim: Claim, point: Point) -> dict[str, Any]:
    variables: dict[str, Any] = {}
    n = point.integers.get(claim.variables.n) if claim.variables.n is not None else None
    for index in claim.variables.indices:
        variables[str(index)] = point.integers[index]
    for base in (*claim.variables.vectors, *claim.variables.real_vectors):
        variables[str(base.label)] = _entries(base, point, n or 0)
    for scalar in claim.variables.scalars:
        variables[scalar.symbol.name] = show(point.values[scalar.symbol.name])
    return {"n": n, "variables": variables} if n is not None else {"variables": variables}


def counterexample(checker: PointChecker, position: int, point: Point) -> dict[str, Any]:
    claim = checker.claim
    relation = claim.relations[position]
    a, b = checker.sides(relation, point, RECHECK_DIGITS[-1])
    described = describe(claim, point)
    texts = claim.side_texts
    if claim.relation_texts:
        described["relation"] = claim.relation_texts[position]
    elif len(claim.relations) > 1 and len(texts) == len(claim.relations) + 1:
        described["relation"] = f"{texts[position]} {relation.relation.value} {texts[position + 1]}"
    described["left"], described["right"] = _distinct(a, b)
    if relation.relation is Relation.APPROX and claim.tolerance is not None:
        described["tolerance"] = show(Fraction(int(claim.tolerance.p), int(claim.tolerance.q)))
    return described


def crossing_counterexample(claim: Claim, found: Crossing) -> dict[str, Any]:
    """The counterexample for a ``!=`` claim at ``found``, with a note (key ``crossing``) on how it was found."""
    checker = PointChecker(claim)
    if found.exact:
        reported = counterexample(checker, found.position, found.point)
        reported["crossing"] = (
            "exactly equal sides, found by bisecting between two points where they are in opposite orders"
        )
        return reported
    shown = round_point(found.point, claim.variables, _CROSSING_DIGITS) or found.point
    moved = max(abs(value - found.point.values[name]) for name, value in shown.values.items()) if shown.values else 0
    within = Fraction(found.distance) + moved
    reported = counterexample(checker, found.position, shown)
    reported["crossing"] = (
        f"the sides are equal at a point within {show_bound(within)} of this one: between two points that close "
        f"they are in opposite orders (checked at {RECHECK_DIGITS[0]} digits), and they are continuous there, so "
        "they are equal in between (the intermediate value theorem); found by bisection"
    )
    return reported


def show_bound(value: Fraction) -> str:
    """A small positive bound, as ``1e-58``: the next power of ten above ``value``."""
    exponent = -1
    while Fraction(10) ** (exponent - 1) >= value and exponent > -10000:
        exponent -= 1
    return f"1e{exponent}"


def exact_number(value: sp.Rational) -> str:
    """An exact rational as it is shown in reports."""
    return show(Fraction(int(value.p), int(value.q)))
