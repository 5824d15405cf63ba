"""Refute ``a != b`` where the sides cross: they are in one order at a point and in the other order at another.

Equal sides are a set of measure zero: random points almost never land on it, so a search for an
exact counterexample to ``sigmoid(z) != 0.7`` finds none although ``z = log(7/3)`` is one. Both sides
of a claim are built from functions that are continuous wherever they are defined (``log``, ``exp``,
``sqrt``, ``abs``, the sigmoid, sums, products, quotients, entropies), and the domain is convex (the
simplex, intervals). So when ``a - b`` is negative at a point ``A`` and positive at a point ``B`` with
the same integers (``n``, the indices), and it is defined and continuous on the segment between them,
the sides are equal somewhere on it (the intermediate value theorem).

:func:`crossing` finds such a pair among seeded random points and bisects the segment
:data:`BISECTIONS` times, exactly (the points are fractions): each midpoint must satisfy the
conditions and have a real value, and at the end the ends must be :data:`NARROW` apart and within
:data:`CLOSE` of equality at 150 digits, in opposite orders. A pole between the ends would show as
values that grow instead: no refutation then. When a midpoint is exactly a counterexample, that point
is returned instead.

>>> from symbolic_info.claims.syntax import parse_claim
>>> from symbolic_info.claims.translate import translate
>>> found = crossing(translate(parse_claim("sigmoid(z) != 7/10")), seed=1)
>>> found is not None and found.exact is False
True
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import mpmath

from ..engine.obligations import Relation, slack
from ..errors import UndefinedValueError
from .claim import Claim, Comparison
from .evaluate import NotRealError
from .point_check import RECHECK_DIGITS, WORKING_DIGITS, PointChecker
from .sampling import Point, sample

__all__ = ["BISECTIONS", "CLOSE", "NARROW", "Crossing", "crossing"]

CROSSING_POINTS = 240  # random points among which a pair in opposite orders is looked for
BISECTIONS = 2400  # at most this many halvings of the segment (from 1e300 apart to 2**-200 takes about 2200)
NARROW = Fraction(1, 2**200)  # the ends' distance at the end, relative to the size of their coordinates
CLOSE = mpmath.mpf(10) ** -40  # how close to equal both ends must then be (a pole would give large values)
PAIRS = 8  # segments tried at most


@dataclass(frozen=True)
class Crossing:
    """Where ``claim.relations[position]`` (``a != b``) fails: at ``point`` exactly, or next to it (``exact=False``)."""

    position: int
    point: Point
    exact: bool
    distance: Fraction  # the largest difference between the coordinates of the two ends (0 when exact)


def _difference(checker: PointChecker, relation: Comparison, point: Point, digits: int) -> Any | None:
    """``left - right`` at ``point``, None where a side has no real value."""
    try:
        left, right = checker.sides(relation, point, digits)
    except (UndefinedValueError, NotRealError):
        return None
    return left - right, slack(left, right, digits=digits, relative=True), abs(left) + abs(right)


def _midpoint(a: Point, b: Point) -> Point:
    return Point(dict(a.integers), {name: (value + b.values[name]) / 2 for name, value in a.values.items()})


def _key(point: Point) -> tuple[tuple[str, int], ...]:
    return tuple(sorted((str(symbol), value) for symbol, value in point.integers.items()))


def _pairs(checker: PointChecker, relation: Comparison, seed: int) -> Iterator[tuple[Point, Point]]:
    """Pairs of points with the same integers where ``left - right`` has opposite signs (below first)."""
    below: dict[tuple[tuple[str, int], ...], Point] = {}
    above: dict[tuple[tuple[str, int], ...], Point] = {}
    for point in sample(checker.claim.variables, seed, CROSSING_POINTS):
        if not checker.conditions_hold(point, WORKING_DIGITS):
            continue
        found = _difference(checker, relation, point, WORKING_DIGITS)
        if found is None or abs(found[0]) <= found[1]:
            continue
        key = _key(point)
        mine, other = (below, above) if found[0] < 0 else (above, below)
        if key in other:
            yield (point, other.pop(key)) if found[0] < 0 else (other.pop(key), point)
        else:
            mine[key] = point


def _distance(low: Point, high: Point) -> Fraction:
    """The largest difference between the coordinates of two points."""
    return max((abs(value - high.values[name]) for name, value in low.values.items()), default=Fraction(0))


def _narrow(low: Point, high: Point) -> bool:
    size = max((abs(value) for value in low.values.values()), default=Fraction(0))
    return _distance(low, high) <= NARROW * (1 + size)


def _bisect(checker: PointChecker, relation: Comparison, low: Point, high: Point, position: int) -> Crossing | None:
    """Halve the segment from ``low`` (left < right) to ``high`` (left > right); a crossing, or None."""
    digits = WORKING_DIGITS  # raised to 150 once the sides agree to the working digits
    for _ in range(BISECTIONS):
        if _narrow(low, high):
            break
        middle = _midpoint(low, high)
        if not checker.conditions_hold(middle, WORKING_DIGITS):
            return None  # the segment leaves the domain the conditions allow
        found = _difference(checker, relation, middle, digits)
        if found is not None and abs(found[0]) <= found[1] and digits == WORKING_DIGITS:
            digits = RECHECK_DIGITS[0]
            found = _difference(checker, relation, middle, digits)
        if found is None:
            return None  # undefined between the ends: no continuity to rely on
        if abs(found[0]) <= found[1]:  # equal at 150 digits: exactly, or closer than can be told
            if checker.confirmed(relation, middle):
                return Crossing(position, middle, True, Fraction(0))
            break
        low, high = (middle, high) if found[0] < 0 else (low, middle)
    if not _narrow(low, high):
        return None
    digits = RECHECK_DIGITS[0]
    ends = [_difference(checker, relation, end, digits) for end in (low, high)]
    if any(end is None for end in ends):
        return None
    with mpmath.workdps(digits):
        (first, first_slack, first_size), (second, second_slack, second_size) = ends  # type: ignore[misc]
        in_order = first < -first_slack and second > second_slack
        close = abs(first) <= CLOSE * (1 + first_size) and abs(second) <= CLOSE * (1 + second_size)
    if not (in_order and close):
        return None
    return Crossing(position, low, False, _distance(low, high))


def crossing(claim: Claim, seed: int) -> Crossing | None:
    """A point where a ``!=`` relation of ``claim`` fails, or next to which it fails (see the module).

    None for a claim with entries that take listed values (``y[i] in {0, 1}``): the points between two
    such vectors are not in the domain.
    """
    if any(domain.values for domain in claim.variables.entry_domains):
        return None
    checker = PointChecker(claim)
    for position, relation in enumerate(claim.relations):
        if relation.relation is not Relation.NE:
            continue
        for low, high in itertools.islice(_pairs(checker, relation, seed), PAIRS):
            found = _bisect(checker, relation, low, high, position)
            if found is not None:
                return found
    return None
