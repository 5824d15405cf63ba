"""Walk downhill from the points nearest to failing: counterexamples in dips too narrow for random points.

Random points rarely land in a narrow dip: ``x**3 - x >= -0.3849 where x > 0`` fails only for ``x``
within about 3e-4 of ``1/sqrt(3)``, where the left side reaches ``-2/(3 sqrt 3) = -0.38490018``. For a
claim in real variables only (no vectors, no ``n``), this phase takes the :data:`STARTS` points of the
random phase where an inequality came closest to failing (the smallest relative margin), and from each
runs a pattern search (Hooke and Jeeves) on the margin: it tries, for each variable in turn, a relative
step up and down (``x (1 ± h)``) and an additive one (``x ± h (|x| + 1)``, which can cross 0), keeps a
step that lowers the margin and stays inside the domain, and halves ``h`` when none does.

The margins are evaluated at :data:`DIGITS` digits; the point each descent ends at is then checked by
the search like any other point, so a counterexample is reported only when it is confirmed at 150 and
1000 digits and by SymPy's exact evaluation. The number of evaluations is bounded
(:data:`MAX_EVALUATIONS`), not the time, so the phase gives the same answer on any machine.

>>> from symbolic_info.claims.syntax import parse_claim
>>> from symbolic_info.claims.translate import translate
>>> from symbolic_info.claims.point_check import PointChecker
>>> from fractions import Fraction
>>> checker = PointChecker(translate(parse_claim("x**3 - x >= -0.3849 where x > 0")))
>>> start = Point({}, {"x": Fraction(3, 2)}, None)
>>> [end] = descend(checker, [start])  # it stops where the claim fails
>>> x = end.values["x"]
>>> x**3 - x < Fraction(-3849, 10000)
True
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction

import mpmath
import sympy as sp

from ..engine.obligations import Relation
from ..errors import UndefinedValueError
from .bounds import Scalar
from .point_check import PointChecker
from .sampling import Point
from .translate import Claim, Comparison

__all__ = ["DIGITS", "MAX_EVALUATIONS", "STARTS", "applies", "descend", "nearest_to_failing"]

STARTS = 6  # descents per claim
MAX_EVALUATIONS = 2400  # margins evaluated over all descents of one claim
DIGITS = 30  # digits of the margins (the end point is confirmed at 150 and 1000 digits)
_SMALLEST_STEP = Fraction(1, 2**70)
_BITS = 80  # significant bits kept in a coordinate
_INEQUALITIES = (Relation.LE, Relation.LT, Relation.GE, Relation.GT)


def applies(claim: Claim) -> bool:
    """Whether the claim is in real variables only and has an inequality to walk down on."""
    v = claim.variables
    scalar_only = bool(v.scalars) and not (v.vectors or v.indices) and v.n is None
    return scalar_only and any(relation.relation in _INEQUALITIES for relation in claim.relations)


def _margin(checker: PointChecker, relation: Comparison, point: Point) -> mpmath.mpf | None:
    """How far the inequality is from failing at ``point``, relative to its sides (None outside the domain)."""
    if not _inside(checker.claim, point) or not checker.conditions_hold(point, DIGITS):
        return None
    try:
        a, b = checker.sides(relation, point, DIGITS)
    except UndefinedValueError:
        return None
    with mpmath.workdps(DIGITS):
        difference = b - a if relation.relation in (Relation.LE, Relation.LT) else a - b
        scale = abs(a) + abs(b)
        return mpmath.mpf(difference) / scale if scale else mpmath.mpf(difference)


def _inside(claim: Claim, point: Point) -> bool:
    return all(_within(scalar, point.values[scalar.symbol.name]) for scalar in claim.variables.scalars)


def _within(scalar: Scalar, value: Fraction) -> bool:
    """Whether ``value`` is in the variable's interval (an irrational end counts as open, at 50 digits)."""
    for end, closed, above in ((scalar.low, scalar.low_closed, True), (scalar.high, scalar.high_closed, False)):
        if end is None:
            continue
        exact = sp.sympify(end)
        if exact.is_Rational:
            bound, may_touch = Fraction(int(exact.p), int(exact.q)), closed
        else:
            bound, may_touch = Fraction(str(sp.N(exact, 50))), False
        if value == bound:
            if not may_touch:
                return False
        elif (value > bound) != above:
            return False
    return True


def nearest_to_failing(checker: PointChecker, points: Iterable[Point]) -> list[Point]:
    """The :data:`STARTS` points with the smallest margin over the claim's inequalities (ties: first seen)."""
    ranked: list[tuple[mpmath.mpf, int, Point]] = []
    inequalities = [r for r in checker.claim.relations if r.relation in _INEQUALITIES]
    for order, point in enumerate(points):
        margins = [m for m in (_margin(checker, r, point) for r in inequalities) if m is not None]
        if margins:
            ranked.append((min(margins), order, point))
    ranked.sort(key=lambda item: (item[0], item[1]))
    return [point for _, _, point in ranked[:STARTS]]


@dataclass
class _Counter:
    left: int = MAX_EVALUATIONS


def _rounded(value: Fraction) -> Fraction:
    """``value`` to :data:`_BITS` significant bits (the coordinates' fractions stay small)."""
    if value == 0:
        return value
    with mpmath.workprec(_BITS):
        x = mpmath.mpf(value.numerator) / value.denominator
        mantissa, exponent = int(x.man) * (1 if x >= 0 else -1), int(x.exp)
    return Fraction(mantissa) * Fraction(2) ** exponent


def _moves(value: Fraction, step: Fraction) -> list[Fraction]:
    relative = [value * (1 + step), value / (1 + step)] if value != 0 else []
    additive = [value + step * (abs(value) + 1), value - step * (abs(value) + 1)]
    return [_rounded(candidate) for candidate in (*relative, *additive)]


def _worst(checker: PointChecker, point: Point, counter: _Counter) -> mpmath.mpf | None:
    counter.left -= 1
    margins = [_margin(checker, r, point) for r in checker.claim.relations if r.relation in _INEQUALITIES]
    known = [m for m in margins if m is not None]
    return min(known) if len(known) == len(margins) else None


def _descend_one(checker: PointChecker, start: Point, counter: _Counter) -> Point:
    point, best = start, _worst(checker, start, counter)
    if best is None:
        return start
    names = [scalar.symbol.name for scalar in checker.claim.variables.scalars]
    step = Fraction(1)
    while step >= _SMALLEST_STEP and counter.left > 0 and best >= 0:
        improved = False
        for name in names:
            for candidate in _moves(point.values[name], step):
                if counter.left <= 0:
                    break
                trial = Point(point.integers, {**point.values, name: candidate}, None)
                margin = _worst(checker, trial, counter)
                if margin is not None and margin < best:
                    point, best, improved = trial, margin, True
                    break
        if not improved:
            step /= 2
    return point


def descend(checker: PointChecker, starts: Sequence[Point]) -> Iterator[Point]:
    """The point where each descent from ``starts`` ends (within :data:`MAX_EVALUATIONS` evaluations in all)."""
    counter = _Counter()
    for start in starts:
        if counter.left <= 0:
            return
        yield _descend_one(checker, start, counter)
