"""A claim translated into SymPy objects: its relations, its conditions and what its variables are.

:func:`.translate.translate` builds a :class:`Claim`; the search, the prover and the certificates read it.

>>> import sympy as sp
>>> Comparison(sp.Integer(1), Relation.LE, sp.Integer(2)).relation.value
'<='
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

from ..engine.obligations import Relation
from .bounds import Scalar

__all__ = ["Claim", "Comparison", "EntryDomain", "Variables"]


@dataclass(frozen=True)
class Comparison:
    """``left relation right`` with relation one of ``= <= >= < > ~=``."""

    left: sp.Expr
    relation: Relation
    right: sp.Expr


@dataclass(frozen=True)
class EntryDomain:
    """Where every entry of the real vector ``name`` lies: an interval, or the finite set ``values`` in it."""

    name: str
    interval: Scalar  # for a set: from its smallest to its largest value, closed
    values: tuple[sp.Rational, ...] = ()

    def contains(self, number: Fraction) -> bool:
        """Whether ``number`` is a possible entry."""
        value = sp.Rational(number.numerator, number.denominator)
        if self.values:
            return value in self.values
        low, high = self.interval.low, self.interval.high
        above = low is None or value > low or (self.interval.low_closed and value == low)
        below = high is None or value < high or (self.interval.high_closed and value == high)
        return bool(above and below)


@dataclass(frozen=True)
class Variables:
    """What the claim's variables are, for sampling and for the prover's domain."""

    n: sp.Symbol | None
    n_values: tuple[int, ...]
    vectors: tuple[sp.IndexedBase, ...]
    indices: tuple[sp.Symbol, ...]
    scalars: tuple[Scalar, ...]
    #: Vectors of real entries over the same categories (logits ``z``, weights ``w``).
    real_vectors: tuple[sp.IndexedBase, ...] = ()
    #: The domains of real vectors whose entries are bounded or take listed values (``0 < t[i] < 1``).
    entry_domains: tuple[EntryDomain, ...] = ()

    def entry_domain(self, base: sp.IndexedBase) -> EntryDomain | None:
        """The domain of the real vector ``base``'s entries, None when they are any real numbers."""
        return next((domain for domain in self.entry_domains if domain.name == str(base.label)), None)


@dataclass(frozen=True)
class Claim:
    """A claim as SymPy objects: relations that must all hold wherever the conditions do."""

    text: str
    relations: tuple[Comparison, ...]
    conditions: tuple[Comparison, ...]
    variables: Variables
    tolerance: sp.Rational | None  # the precision of the decimals written (used by ~=), None without decimals
    side_texts: tuple[str, ...] = ()
    #: What each relation says, where that is not its sides as typed (``argmin``: the optimum in the domain).
    relation_texts: tuple[str, ...] = ()
    #: For ``argmin(f, x) = e`` and ``argmax``: the squared distance from ``x`` to ``e``, positive wherever ``x != e``.
    optimum_distance: sp.Expr | None = None
