"""What must hold, and the two ways it is checked: a symbolic proof, or a comparison at a point.

A derivation step and a typed claim both come down to *obligations*: ``a = b``, ``a <= b``,
``a < b`` (and, for equivalent equations, ``a = c b`` with a nonzero constant ``c``). This module is
the one place where an obligation is proved (:func:`prove_all`, with the strategies of
:mod:`.prover`) and the one place where a relation is compared at a sampled point
(:func:`holds` and :func:`relation_holds`): the derivation engine and the claim checker share both.

At a point, values carry ``digits`` working digits and the last :data:`GUARD_DIGITS` of them are
taken as rounding: two values are equal when they agree to ``digits - GUARD_DIGITS`` digits
relative to the larger of them (and 1).

>>> import mpmath, sympy as sp
>>> x = sp.Symbol("x", positive=True)
>>> prove_all([Obligation.of(sp.log(x**2), Relation.EQ, 2 * sp.log(x))], facts=(), positive_forms=())
'expand'
>>> with mpmath.workdps(60):
...     relation_holds(mpmath.mpf(1), Relation.LT, mpmath.mpf(1) + mpmath.mpf(10) ** -50, digits=60)
False
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Any

import mpmath
import sympy as sp

from .normalization import Facts, normalize
from .prover import Proof, Strategy, prove_sign, prove_zero

__all__ = [
    "GUARD_DIGITS",
    "Obligation",
    "ObligationKind",
    "Relation",
    "holds",
    "prove",
    "prove_all",
    "relation_holds",
    "relative_slack",
    "slack",
]

#: Of the digits carried at a point, this many trailing ones are taken as rounding.
GUARD_DIGITS = 20


class Relation(Enum):
    """How two statements relate: in a derivation, a step to the previous line; in a claim, its two sides."""

    EQ = "="
    LE = "<="
    GE = ">="
    LT = "<"
    GT = ">"
    IMPLIES = "=>"
    TENDS = "->"
    APPROX = "~="
    NE = "!="

    @property
    def is_inequality(self) -> bool:
        return self in (Relation.LE, Relation.GE, Relation.LT, Relation.GT)


class ObligationKind(StrEnum):
    """``left = right``, ``left <= right``, ``left < right``, or ``left = c * right`` for a nonzero constant."""

    EQUAL = "equal"
    LE = "le"
    LT = "lt"
    PROPORTIONAL = "proportional"


#: The obligation of each comparison between two expressions, as (kind, sides swapped).
_OF_RELATION = {
    Relation.EQ: (ObligationKind.EQUAL, False),
    Relation.LE: (ObligationKind.LE, False),
    Relation.GE: (ObligationKind.LE, True),
    Relation.LT: (ObligationKind.LT, False),
    Relation.GT: (ObligationKind.LT, True),
}


@dataclass(frozen=True)
class Obligation:
    """One thing to establish about two expressions (see :class:`ObligationKind`)."""

    kind: ObligationKind
    left: sp.Basic
    right: sp.Basic
    #: Written the other way round (``a >= b`` is checked as ``b <= a``): reports show it as written.
    swapped: bool = False

    @classmethod
    def of(cls, left: sp.Basic, relation: Relation, right: sp.Basic) -> Obligation:
        """The obligation ``left relation right`` for ``=``, ``<=``, ``>=``, ``<`` or ``>``."""
        if relation not in _OF_RELATION:
            raise ValueError(f"'{relation.value}' does not compare two expressions")
        kind, swapped = _OF_RELATION[relation]
        return cls(kind, right, left, swapped=True) if swapped else cls(kind, left, right)

    def written(self) -> tuple[sp.Basic, str, sp.Basic]:
        """``(left, relation, right)`` in the order the author wrote them.

        >>> x = sp.Symbol("x")
        >>> Obligation.of(x, Relation.GE, 1).written()
        (x, '>=', 1)
        """
        symbol = {ObligationKind.EQUAL: "=", ObligationKind.LE: "<=", ObligationKind.LT: "<"}.get(self.kind, "= c *")
        if self.swapped:
            return self.right, symbol.replace("<", ">"), self.left
        return self.left, symbol, self.right

    @classmethod
    def within(cls, left: sp.Basic, right: sp.Basic, tolerance: sp.Basic) -> Obligation:
        """``|left - right| <= tolerance``: what ``left ~= right`` means for a written decimal's precision."""
        return cls(ObligationKind.LE, sp.Abs(left - right), tolerance)


def _same_infinity(left: sp.Basic, right: sp.Basic, facts: Facts) -> bool:
    """Both sides are the same signed infinity (``oo - oo`` is nan, so a difference cannot show it)."""
    if isinstance(left, sp.MatrixBase) or isinstance(right, sp.MatrixBase):
        return False
    value = normalize(left, facts)
    return value in (sp.S.Infinity, sp.S.NegativeInfinity) and value == normalize(right, facts)


def prove(obligation: Obligation, facts: Facts, positive_forms: Facts, *, quick: bool = False) -> Proof | None:
    """A symbolic proof of ``obligation`` on the domain given by ``facts`` and ``positive_forms``, else None.

    ``quick`` tries only the cheap rewritings (:data:`~.prover.QUICK`).
    """
    left, right = sp.sympify(obligation.left), sp.sympify(obligation.right)
    if obligation.kind is ObligationKind.EQUAL:
        proof = prove_zero(left - right, facts, positive_forms, quick=quick)
        if proof is None and _same_infinity(left, right, facts):
            return Proof(Strategy.DIRECT)
        return proof
    if obligation.kind in (ObligationKind.LE, ObligationKind.LT):
        strict = obligation.kind is ObligationKind.LT
        return prove_sign(right - left, facts, strict=strict, positive_forms=positive_forms, quick=quick)
    proof = prove_zero(left - right, facts, quick=quick) or prove_zero(left + right, facts, quick=quick)
    if proof:
        return proof
    ratio = sp.simplify(normalize(left, facts) / normalize(right, facts))
    return Proof(Strategy.NONZERO_FACTOR) if ratio.is_nonzero and ratio.is_finite else None


def prove_all(
    obligations: Iterable[Obligation], facts: Facts, positive_forms: Facts, *, quick: bool = False
) -> str | None:
    """The strategies that prove every obligation (named once each, in order), or None if one is not proved."""
    methods = []
    for obligation in obligations:
        proof = prove(obligation, facts, positive_forms, quick=quick)
        if proof is None:
            return None
        methods.append(str(proof))
    return ", ".join(dict.fromkeys(methods))


def relative_slack(digits: int) -> Any:
    """The relative difference taken as rounding for values carried to ``digits`` digits.

    >>> with mpmath.workdps(30):
    ...     print(relative_slack(60))
    1.0e-40
    """
    return _power_of_ten(GUARD_DIGITS - digits, mpmath.mp.prec)


@functools.lru_cache(maxsize=256)
def _power_of_ten(exponent: int, precision: int) -> Any:
    """``10**exponent`` at ``precision`` bits (the working precision it is used at), computed once."""
    with mpmath.workprec(precision):
        return mpmath.mpf(10) ** exponent


def slack(*values: Any, digits: int, relative: bool = False) -> Any:
    """The absolute difference taken as rounding between ``values`` carried to ``digits`` digits.

    Relative to the largest value, and at least to 1 unless ``relative`` (for values known exactly
    at any scale, such as the sides of a condition ``t < 10**-44``).
    """
    floor = [] if relative else [mpmath.mpf(1)]
    scale = max([*floor, mpmath.mpf(0), *(abs(value) for value in values if mpmath.isfinite(value))])
    return relative_slack(digits) * scale


def _within(kind: ObligationKind, a: Any, b: Any, slack: Any) -> bool:
    if kind is ObligationKind.EQUAL:
        return bool(a == b) if not (mpmath.isfinite(a) and mpmath.isfinite(b)) else bool(abs(a - b) <= slack)
    if kind is ObligationKind.LE:
        return bool(a <= b or abs(a - b) <= slack)
    if kind is ObligationKind.LT:
        return bool(b - a > slack)
    raise ValueError("a proportionality is checked over several points, not at one")


def holds(kind: ObligationKind, a: Any, b: Any, *, digits: int) -> bool:
    """Whether ``a kind b`` holds for two values carried to ``digits`` digits (infinities allowed for ``=``)."""
    return _within(kind, a, b, slack(a, b, digits=digits))


def relation_holds(
    a: Any, relation: Relation, b: Any, *, digits: int, tolerance: Any = None, relative: bool = False
) -> bool:
    """Whether ``a relation b`` holds for two values carried to ``digits`` digits.

    ``~=`` holds when the values differ by at most ``tolerance`` (beyond rounding). With ``relative``,
    rounding is relative to the values alone (see :func:`slack`).
    """
    rounding = slack(a, b, digits=digits, relative=relative)
    if relation is Relation.NE:
        return bool(abs(a - b) > rounding)
    if relation is Relation.APPROX:
        if tolerance is None:
            raise ValueError("'~=' needs a tolerance")
        exact = sp.Rational(tolerance)
        return bool(abs(a - b) <= mpmath.mpf(int(exact.p)) / int(exact.q) + rounding)
    kind, swapped = _OF_RELATION[relation]
    return _within(kind, b, a, rounding) if swapped else _within(kind, a, b, rounding)
