"""Claims with an infinite side at the values written: ``H([0.7, 0.2, 0.1], [1, 0, 0]) = -log(0.7)``.

A cross-entropy or KL divergence whose second vector has a 0 where the first has mass is ``+inf``
(``-p_i log 0``). When a side of a claim without variables is ``+inf`` or ``-inf`` exactly and the other
side is a real number (or infinite too), the relation is decided exactly, in the extended reals, with
no evaluation: a violated relation is refuted, the infinite side shown as ``+inf``; one that holds
there (``H([0.7, 0.3], [1, 0]) >= 10``, ``limit(1/x, x, 0, '+') = oo``) is proved, in the extended reals,
and the verdict says so. Only a claim without variables is decided this way.

>>> import sympy as sp
>>> from symbolic_info.claims.translate import Comparison
>>> verdict = infinite_comparison(Comparison(sp.oo, Relation.EQ, -sp.log(sp.Rational(7, 10))))
>>> verdict.violated, verdict.left, verdict.right[:12]
(True, '+inf', '0.3566749439')
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy as sp

from ..engine.obligations import Relation
from ..errors import ClaimError
from .verdict import Verdict

__all__ = ["InfiniteSide", "InfiniteSideError", "decided_infinite", "infinite_comparison"]

_SHOWN_DIGITS = 50
_INFINITIES = (sp.oo, -sp.oo)


@dataclass(frozen=True)
class InfiniteSide:
    """A relation with an infinite side, decided exactly: whether it is violated, and both sides as shown."""

    violated: bool
    left: str
    right: str
    position: int = 0  # which relation of a chain


class InfiniteSideError(ClaimError):
    """A relation of a claim without variables has a side that is ``+inf`` or ``-inf``."""

    def __init__(self, side: InfiniteSide) -> None:
        super().__init__(f"a side is infinite: left = {side.left}, right = {side.right}")
        self.side = side


def _shown(value: sp.Expr) -> str:
    if value is sp.oo:
        return "+inf"
    if value is -sp.oo:
        return "-inf"
    return str(value) if value.is_Integer else str(sp.N(value, _SHOWN_DIGITS))


def _decided(value: sp.Expr) -> bool:
    """Whether ``value`` is a real number or an infinity, with no variable and nothing undefined in it."""
    if value in _INFINITIES:
        return True
    return not value.free_symbols and not value.has(sp.zoo, sp.nan, *_INFINITIES) and value.is_extended_real is True


def infinite_comparison(relation: Any, position: int = 0) -> InfiniteSide | None:
    """The exact decision for ``relation`` (a :class:`~.translate.Comparison`) when a side is infinite; else None."""
    left, right = sp.sympify(relation.left), sp.sympify(relation.right)
    if not (left in _INFINITIES or right in _INFINITIES) or not (_decided(left) and _decided(right)):
        return None
    holds = {
        Relation.EQ: left == right,
        Relation.NE: left != right,
        Relation.APPROX: left == right,
        Relation.LE: bool(left <= right),
        Relation.GE: bool(left >= right),
        Relation.LT: bool(left < right),
        Relation.GT: bool(left > right),
    }[relation.relation]
    return InfiniteSide(not holds, _shown(left), _shown(right), position)


def decided_infinite(claim: str, latex: str, side: InfiniteSide, relation_text: str | None) -> Verdict:
    """The verdict for a claim with an infinite side: refuted at the values written, or proved in the extended reals."""
    if not side.violated:
        message = (
            f"proved exactly, in the extended reals: a side is infinite (left = {side.left}, right = {side.right}), "
            "and every relation holds there"
        )
        return Verdict(claim, "proved", "exact: in the extended reals", None, message, latex)
    counterexample: dict[str, Any] = {"variables": {}}
    if relation_text is not None:
        counterexample["relation"] = relation_text
    counterexample["left"], counterexample["right"] = side.left, side.right
    note = "a side is infinite at the values written: decided exactly, in the extended reals"
    message = f"counterexample at the values written: left = {side.left}, right = {side.right} ({note})"
    return Verdict(claim, "refuted", "counterexample: an infinite side", counterexample, message, latex, note=note)
