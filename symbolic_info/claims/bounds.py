"""What the conditions after ``where`` and the literals of a claim say about its variables.

``x > 0`` and ``0 < y < 1`` become intervals (sampled directly, and given to SymPy as
assumptions so the prover can use them); ``x = 2`` substitutes the value; conditions on
``n`` choose the numbers of categories to check; the decimals written in a ``~=`` claim
set its tolerance (``~= 1.585`` means within 0.0005).

>>> decimal_tolerance("1.585"), decimal_tolerance("2.50"), decimal_tolerance("1e-3")
(1/2000, 1/200, 1/2000)
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import sympy as sp

from ..engine.intervals import positive_form
from ..engine.obligations import Relation
from ..errors import ClaimSyntaxError
from .syntax import ParsedClaim, Piece

__all__ = [
    "Scalar",
    "allowed_counts",
    "bound_scalars",
    "compare",
    "count_values",
    "decimal_tolerance",
    "finite_counts",
    "literal_tolerance",
]

DEFAULT_N_VALUES = (2, 3, 4, 5, 7, 10, 20)
LARGEST_N = 201  # n = 2..201: 200 values, checked one by one when n is the only variable


@dataclass(frozen=True)
class Scalar:
    """A real variable in an interval: ``low < x < high`` (``<=`` where closed; None for unbounded)."""

    symbol: sp.Symbol
    low: sp.Expr | None = None
    high: sp.Expr | None = None
    low_closed: bool = False
    high_closed: bool = False

    def positive_form(self) -> sp.Expr | None:
        """The variable as a positive symbol covering exactly its open interval (see :mod:`..engine.intervals`)."""
        if self.low_closed or self.high_closed:
            return None
        return positive_form(self.low, self.high)


def _true(relation: Any) -> bool | None:
    try:
        return bool(relation)
    except TypeError:
        return None


_SYMPY_RELATIONS = {
    Relation.EQ: sp.Eq,
    Relation.NE: sp.Ne,
    Relation.LT: sp.Lt,
    Relation.LE: sp.Le,
    Relation.GT: sp.Gt,
    Relation.GE: sp.Ge,
}


def compare(left: sp.Expr, relation: Relation, right: sp.Expr) -> bool | None:
    """Whether ``left relation right`` holds for two exact real numbers (None when SymPy cannot tell)."""
    return _true(_SYMPY_RELATIONS[relation](left, right))


_FLIP = {
    Relation.LT: Relation.GT,
    Relation.LE: Relation.GE,
    Relation.GT: Relation.LT,
    Relation.GE: Relation.LE,
    Relation.EQ: Relation.EQ,
    Relation.NE: Relation.NE,
}


def _is_constant(value: sp.Expr) -> bool:
    return bool(value.is_number) and value.is_extended_real is True and value.is_finite is True


def _tighter(current: tuple[sp.Expr, bool] | None, new: tuple[sp.Expr, bool], lower: bool) -> tuple[sp.Expr, bool]:
    if current is None:
        return new
    if current[0] == new[0]:
        return (new[0], current[1] and new[1])
    better = compare(new[0], Relation.GT if lower else Relation.LT, current[0])
    return new if better else current


def bound_scalars(
    symbols: Sequence[sp.Symbol], conditions: Iterable[Any]
) -> tuple[tuple[Scalar, ...], dict[sp.Basic, sp.Expr]]:
    """Intervals (and fixed values) for ``symbols`` from conditions ``x rel c`` or ``c rel x``.

    Returns the scalars, with symbols that carry the interval's sign as assumptions, and the
    replacements (old symbol -> new symbol or fixed value) to apply to the claim.
    """
    lows: dict[sp.Symbol, tuple[sp.Expr, bool]] = {}
    highs: dict[sp.Symbol, tuple[sp.Expr, bool]] = {}
    fixed: dict[sp.Basic, sp.Expr] = {}
    for condition in conditions:
        left, relation, right = condition.left, condition.relation, condition.right
        if right in symbols and _is_constant(left):
            left, relation, right = right, _FLIP[relation], left
        if relation is Relation.EQ and left in symbols and right.is_number and right.is_extended_real is False:
            raise ClaimSyntaxError(f"no value satisfies the conditions: {left} = {right} is not a real number")
        if left not in symbols or not _is_constant(right) or relation is Relation.NE:
            continue  # x != c bounds nothing: the points where x = c are left out when they are drawn
        if relation is Relation.EQ:
            fixed[left] = right
        elif relation in (Relation.GT, Relation.GE):
            lows[left] = _tighter(lows.get(left), (right, relation is Relation.GE), lower=True)
        else:
            highs[left] = _tighter(highs.get(left), (right, relation is Relation.LE), lower=False)
    scalars, replacements = [], dict(fixed)
    for symbol in symbols:
        if symbol in fixed:
            continue
        low, high = lows.get(symbol), highs.get(symbol)
        if low and high and (compare(low[0], Relation.GT, high[0]) or (low[0] == high[0] and not (low[1] and high[1]))):
            raise ClaimSyntaxError(f"no value of {symbol} satisfies the conditions")
        assumptions = {"real": True}
        if low and (compare(low[0], Relation.GT, 0) or (low[0] == 0 and not low[1])):
            assumptions["positive"] = True
        elif low and low[0] == 0:
            assumptions["nonnegative"] = True
        if high and (compare(high[0], Relation.LT, 0) or (high[0] == 0 and not high[1])):
            assumptions["negative"] = True
        elif high and high[0] == 0:
            assumptions["nonpositive"] = True
        new = sp.Symbol(symbol.name, **assumptions)
        replacements[symbol] = new
        low_value, high_value = (low[0] if low else None), (high[0] if high else None)
        scalars.append(Scalar(new, low_value, high_value, bool(low and low[1]), bool(high and high[1])))
    return tuple(scalars), replacements


def allowed_counts(conditions: Iterable[Any], n: sp.Symbol) -> Callable[[int], bool]:
    """Whether a number of categories satisfies the conditions on ``n`` alone."""
    on_n = [c for c in conditions if (c.left.free_symbols | c.right.free_symbols) == {n}]

    def allowed(value: int) -> bool:
        k = sp.Integer(value)
        return all(compare(c.left.xreplace({n: k}), c.relation, c.right.xreplace({n: k})) for c in on_n)

    return allowed


def finite_counts(conditions: Iterable[Any], n: sp.Symbol) -> tuple[int, ...] | None:
    """Every number of categories the conditions allow, when a condition ``n <= c`` (``n < c``, ``c >= n``...)
    bounds ``n`` by a constant up to :data:`LARGEST_N`; None when nothing bounds it so.

    >>> n = sp.Symbol("n", integer=True, positive=True)
    >>> from types import SimpleNamespace as Condition
    >>> finite_counts([Condition(left=n, relation=Relation.LE, right=sp.Integer(3))], n)
    (2, 3)
    >>> finite_counts([Condition(left=n, relation=Relation.GE, right=sp.Integer(3))], n) is None
    True
    """
    conditions = list(conditions)
    highest = None
    for condition in conditions:
        left, relation, right = condition.left, condition.relation, condition.right
        if right == n and _is_constant(left):
            left, relation, right = right, _FLIP[relation], left
        if left == n and _is_constant(right) and relation in (Relation.LE, Relation.LT, Relation.EQ):
            bound = int(sp.floor(right))
            highest = bound if highest is None else min(highest, bound)
    if highest is None or highest > LARGEST_N:
        return None
    allowed = allowed_counts(conditions, n)
    return tuple(value for value in range(2, highest + 1) if allowed(value))


def count_values(
    conditions: Iterable[Any], n: sp.Symbol, min_n: int, exhaustive: bool = False, larger: Iterable[int] = ()
) -> tuple[int, ...]:
    """The numbers of categories to check at random points: the usual ones that satisfy the conditions on ``n``.

    With ``exhaustive`` (``n`` is the claim's only variable), every allowed ``n`` up to 201. When none
    up to 201 is allowed but one of ``larger`` is, there are none to check at random points (the
    structured search covers the larger ones): the result is empty.
    """
    allowed = allowed_counts(conditions, n)
    passing = [value for value in range(max(2, min_n), LARGEST_N + 1) if allowed(value)]
    if not passing:
        if any(value > LARGEST_N and allowed(value) for value in larger):
            return ()
        raise ClaimSyntaxError(f"no number of categories n allowed by the conditions: none from 2 to {LARGEST_N}")
    if exhaustive:
        return tuple(passing)
    usual = tuple(value for value in DEFAULT_N_VALUES if value in passing)
    return usual if len(usual) >= 3 else tuple(passing[:7])


def decimal_tolerance(text: str) -> sp.Rational:
    """Half a unit in the last place of the decimal ``text``."""
    mantissa, _, exponent = text.lower().replace("_", "").partition("e")
    decimals = len(mantissa.partition(".")[2]) - int(exponent or 0)
    return sp.Rational(1, 2) * sp.Integer(10) ** (-decimals)


def _bare_literal(piece: Piece) -> str | None:
    """The text of a side that is a plain number (``0.44``, ``-1.585``, ``2``, ``1e-3``), else None."""
    tree = piece.tree
    if isinstance(tree, ast.UnaryOp) and isinstance(tree.op, (ast.USub, ast.UAdd)):
        tree = tree.operand
    if isinstance(tree, ast.Constant) and type(tree.value) in (int, float):
        return piece.source(tree)
    return None


def literal_tolerance(parsed: ParsedClaim) -> sp.Rational:
    """The tolerance of ``a ~= b``: half a unit in the last digit written on the side that is a plain number.

    ``log2(3) ~= 1.585`` means within 0.0005. Only a side that is a number literal sets it (a decimal
    inside an expression is a coefficient, not a precision); with numbers on both sides, the less
    precise one counts.
    """
    literals = [text for text in (_bare_literal(piece) for piece in parsed.sides) if text is not None]
    if literals:
        return max(decimal_tolerance(text) for text in literals)
    column = parsed.sides[-1].column(parsed.sides[-1].tree)
    raise ClaimSyntaxError(
        "'~=' compares an expression with a number written to the precision meant, as in 'log2(3) ~= 1.585': "
        "write one side as a plain decimal (use '=' for an exact claim)",
        column,
    )
