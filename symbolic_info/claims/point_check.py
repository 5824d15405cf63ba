"""Check one point of a claim: its conditions, its sides, and a candidate confirmed at higher precision.

A candidate counterexample found at :data:`WORKING_DIGITS` is evaluated again at each of
:data:`RECHECK_DIGITS` from the same exact point, and confirmed only when the relation fails at both
with the same difference of the sides and SymPy's evalf of the exact point agrees.

>>> from symbolic_info.claims.syntax import parse_claim
>>> from symbolic_info.claims.translate import translate
>>> from symbolic_info.claims.sampling import Point
>>> from fractions import Fraction
>>> claim = translate(parse_claim("x**2 >= 2*x where x > 0"))
>>> checker = PointChecker(claim)
>>> checker.check(Point({}, {"x": Fraction(1)}, None))
(0, False)
>>> checker.check(Point({}, {"x": Fraction(3)}, None))
<Status.FINE: 'fine'>
"""

from __future__ import annotations

from enum import Enum
from typing import Any

import mpmath
import sympy as sp

from ..engine.obligations import Relation, relation_holds, slack
from ..errors import UndefinedValueError
from . import structured
from .evaluate import Evaluator
from .sampling import Point
from .translate import Claim, Comparison

__all__ = ["RECHECK_DIGITS", "WORKING_DIGITS", "PointChecker", "Status"]

WORKING_DIGITS = 60
RECHECK_DIGITS = (150, 1000)


class Status(Enum):
    """What a point shows when it is not a counterexample."""

    OUTSIDE = "outside"  # the conditions do not hold
    UNDEFINED = "undefined"  # a side has no real value
    FINE = "fine"  # every relation holds


class PointChecker:
    """Checks points of one claim: conditions, sides, candidates, confirmation at higher precision."""

    def __init__(self, claim: Claim) -> None:
        self.claim = claim
        self.evaluator = Evaluator()
        self.template = structured.template_cache()
        #: The claim has numbers too small (or powers too high) for its sides to be told apart at the
        #: working digits (``H(p) <= log(n) - 1/10**60``): sides equal there are compared at 150 and 1000.
        self.fine = any(_fine_print(side) for relation in claim.relations for side in (relation.left, relation.right))

    def prepared(self, expr: sp.Basic, point: Point) -> tuple[sp.Basic, dict[sp.Basic, int]]:
        """The expression to evaluate at ``point`` and its integer parameters (sums by block for a structured one)."""
        if point.blocks is None:
            return expr, point.integers
        n = self.claim.variables.n
        template = self.template(expr, n, point.blocks)
        if template is None:
            raise UndefinedValueError("a sum's terms use their index: not evaluated by blocks")
        return template, {symbol: value for symbol, value in point.integers.items() if symbol != n}

    def value(self, expr: sp.Basic, point: Point, digits: int) -> Any:
        prepared, integers = self.prepared(expr, point)
        return self.evaluator.value(prepared, integers, point.values, digits)

    def conditions_hold(self, point: Point, digits: int) -> bool:
        """Whether every condition holds at ``point`` (a condition without a real value does not).

        Conditions are compared relative to the size of their sides (``t < 10**-44`` is decided at that
        scale); one that is too close to call at ``digits`` is decided at the highest precision.
        """
        try:
            for relation in self.claim.conditions:
                if not self._condition_holds(relation, point, digits):
                    return False
        except UndefinedValueError:
            return False
        return True

    def _condition_holds(self, relation: Comparison, point: Point, digits: int) -> bool:
        a, b = self.value(relation.left, point, digits), self.value(relation.right, point, digits)
        if relation_holds(a, relation.relation, b, digits=digits, relative=True):
            return True
        close = abs(a - b) <= 10 * slack(a, b, digits=digits, relative=True)
        if not close or digits >= RECHECK_DIGITS[-1]:
            return False
        return self._condition_holds(relation, point, RECHECK_DIGITS[-1])

    def sides(self, relation: Comparison, point: Point, digits: int) -> tuple[Any, Any]:
        return self.value(relation.left, point, digits), self.value(relation.right, point, digits)

    def violated(self, a: Any, relation: Comparison, b: Any, digits: int) -> bool:
        """Whether the sides fail the relation beyond rounding, relative to their size (``1e-250 >= 1e-200`` fails)."""
        tolerance = self.claim.tolerance
        return not relation_holds(a, relation.relation, b, digits=digits, tolerance=tolerance, relative=True)

    def confirmed(self, relation: Comparison, point: Point) -> bool:
        """The relation fails at ``point`` at 150 and 1000 digits (same difference) and by SymPy's exact evalf.

        A failure caused by cancellation shrinks as the precision grows, so it does not converge
        and is not confirmed; SymPy's adaptive evaluation of the exact point has the last word.
        A strict relation between sides equal at both precisions fails.
        """
        differences = []
        for digits in RECHECK_DIGITS:
            if not self.conditions_hold(point, digits):
                return False
            try:
                a, b = self.sides(relation, point, digits)
            except UndefinedValueError:
                return False
            if not self.violated(a, relation, b, digits):
                return False
            differences.append((a - b, slack(a, b, digits=digits, relative=True)))
        (first, first_slack), (second, second_slack) = differences
        strict = relation.relation in (Relation.LT, Relation.GT, Relation.NE)  # equal sides violate them
        equal = strict and abs(first) <= first_slack and abs(second) <= second_slack
        if not (equal or _converged(first, second)):
            return False
        left, integers = self.prepared(relation.left, point)
        right, _ = self.prepared(relation.right, point)
        exact = Comparison(left, relation.relation, right)
        return self.evaluator.exactly_violated(exact, integers, point.values, self.claim.tolerance)

    def check(self, point: Point) -> Status | tuple[int, bool]:
        """The status of ``point``, or ``(relation, close to the decimals)`` for a confirmed counterexample."""
        if not self.conditions_hold(point, WORKING_DIGITS):
            return Status.OUTSIDE
        try:
            sides = [self.sides(relation, point, WORKING_DIGITS) for relation in self.claim.relations]
        except UndefinedValueError:
            return Status.UNDEFINED
        tolerance = self.claim.tolerance
        for position, (relation, (a, b)) in enumerate(zip(self.claim.relations, sides, strict=True)):
            suspect = self.violated(a, relation, b, WORKING_DIGITS) or (
                self.fine and abs(a - b) <= 10 * slack(a, b, digits=WORKING_DIGITS, relative=True)
            )
            if suspect and self.confirmed(relation, point):
                close = (
                    relation.relation is Relation.EQ
                    and tolerance is not None
                    and relation_holds(a, Relation.APPROX, b, digits=WORKING_DIGITS, tolerance=tolerance)
                )
                return position, close
        return Status.FINE


#: A number this small in a claim, or a power this high, can make its sides differ below the working digits.
_TINY = sp.Rational(1, 10**30)
_HIGH_POWER = 100


def _fine_print(expr: sp.Basic) -> bool:
    """Whether ``expr`` holds a nonzero number below :data:`_TINY` in size, or a power of at least :data:`_HIGH_POWER`.

    >>> n = sp.Symbol("n")
    >>> _fine_print(sp.log(n) - sp.Rational(1, 10**60)), _fine_print(1 / n**300), _fine_print(sp.log(n) - 1)
    (True, True, False)
    """
    for atom in sp.sympify(expr).atoms(sp.Number):
        if atom != 0 and abs(atom) < _TINY:
            return True
    return any(power.exp.is_Number and abs(power.exp) >= _HIGH_POWER for power in sp.sympify(expr).atoms(sp.Pow))


def _converged(first: Any, second: Any) -> bool:
    """The difference of the sides is the same at two precisions (not a rounding artefact)."""
    with mpmath.workdps(RECHECK_DIGITS[-1]):
        return bool(second != 0 and abs(first - second) <= abs(second) / 1000)
