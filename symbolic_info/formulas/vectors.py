"""Vectors over a set of categories ``{1, ..., n}``, for a symbolic ``n`` or an explicit one.

A :class:`Vector` is an ``IndexedBase`` tied to :class:`Categories`; its sums are
``Sum(term, (i, 1, n))``. With a symbolic ``n`` this is the general case; with an integer
``n`` the same expression stays compact for display and expands with ``doit()``.

>>> cats = Categories.general()
>>> p = Vector("p", cats)
>>> p.total(lambda i: p[i])
Sum(p[i], (i, 1, n))
>>> Vector("q", Categories.explicit(3)).total(lambda i: i).doit()
6
>>> z = Vector("z", cats, positive=False)
>>> z.largest(), z.largest().xreplace({cats.n: 3})
(LargestEntry(z, n), Max(z[1], z[2], z[3]))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp

from ..errors import InvalidArgumentError

__all__ = [
    "MAX_LISTED_ENTRIES",
    "Categories",
    "ExtremeEntry",
    "LargestEntry",
    "SmallestEntry",
    "Vector",
    "index_symbol",
]


def index_symbol(name: str) -> sp.Symbol:
    """A summation or component index: a positive integer symbol."""
    return sp.Symbol(name, integer=True, positive=True)


@dataclass(frozen=True)
class Categories:
    """The categories ``1..n`` and the index used to sum over them."""

    n: sp.Expr
    index: sp.Symbol

    @classmethod
    def general(cls, n: str = "n", index: str = "i") -> Categories:
        """Categories for a symbolic number ``n`` (a positive integer symbol)."""
        return cls(sp.Symbol(n, integer=True, positive=True), index_symbol(index))

    @classmethod
    def explicit(cls, n: int, index: str = "i") -> Categories:
        """Categories for a given number ``n >= 1`` of categories."""
        if isinstance(n, bool) or not isinstance(n, int):
            raise InvalidArgumentError(f"the number of categories must be an int, got {n!r}")
        if n < 1:
            raise InvalidArgumentError(f"the number of categories must be at least 1, got {n}")
        return cls(sp.Integer(n), index_symbol(index))

    @property
    def is_explicit(self) -> bool:
        return bool(self.n.is_Integer)

    def total(self, term: Callable[[sp.Expr], sp.Expr], index: sp.Symbol | None = None) -> sp.Expr:
        """``Sum(term(i), (i, 1, n))`` left unevaluated."""
        i = self.index if index is None else index
        return sp.Sum(term(i), (i, 1, self.n))


@dataclass(frozen=True)
class Vector:
    """A vector ``name_1, ..., name_n`` over ``categories``; entries positive or real."""

    name: str
    categories: Categories
    positive: bool = True

    @property
    def base(self) -> sp.IndexedBase:
        if self.positive:
            return sp.IndexedBase(self.name, positive=True)
        return sp.IndexedBase(self.name, real=True)

    @property
    def n(self) -> sp.Expr:
        return self.categories.n

    def __getitem__(self, k: sp.Expr | int) -> sp.Indexed:
        return self.base[k]

    def entries(self) -> tuple[sp.Indexed, ...]:
        """All entries, for explicit categories only."""
        if not self.categories.is_explicit:
            raise InvalidArgumentError(f"{self.name} has a symbolic length; its entries cannot be listed")
        return tuple(self.base[k] for k in range(1, int(self.n) + 1))

    def total(self, term: Callable[[sp.Expr], sp.Expr]) -> sp.Expr:
        """``Sum(term(i), (i, 1, n))`` over this vector's categories."""
        return self.categories.total(term)

    def largest(self) -> sp.Expr:
        """``max_i v_i`` (:class:`LargestEntry`)."""
        return LargestEntry(self.base, self.n)

    def smallest(self) -> sp.Expr:
        """``min_i v_i`` (:class:`SmallestEntry`)."""
        return SmallestEntry(self.base, self.n)


#: The most entries :class:`ExtremeEntry` lists as a ``Max`` or ``Min`` (a larger number leaves it unevaluated).
MAX_LISTED_ENTRIES = 10_000


class ExtremeEntry(sp.Function):
    """The largest (smallest) entry of the vector ``base`` of ``n`` entries: ``LargestEntry(z, n)``.

    With a symbolic ``n`` it stays a function of the vector; once ``n`` is a number it is ``Max`` (``Min``)
    of the entries, so substituting ``n`` is all a numeric evaluation needs.
    """

    nargs = 2
    extreme: type[sp.Max] | type[sp.Min] = sp.Max
    operator = r"\max"

    @classmethod
    def eval(cls, base: sp.Basic, n: sp.Basic) -> sp.Expr | None:
        if isinstance(base, sp.IndexedBase) and n.is_Integer:
            if int(n) < 1:
                raise InvalidArgumentError(f"a vector has at least one entry, not {n}")
            if int(n) > MAX_LISTED_ENTRIES:
                return None
            result: sp.Expr = cls.extreme(*(base[k] for k in range(1, int(n) + 1)), evaluate=False)
            return result
        return None

    def _eval_derivative(self, symbol: sp.Symbol) -> sp.Expr:
        """0 in what it does not depend on; else left unevaluated (it is not differentiable everywhere)."""
        entry = isinstance(symbol, sp.Indexed) and symbol.base == self.args[0]
        if not entry and symbol not in self.args[1].free_symbols:
            return sp.S.Zero
        return sp.Derivative(self, symbol, evaluate=False)

    def _eval_is_real(self) -> bool:
        return True

    def _eval_is_positive(self) -> bool | None:
        return True if self.args[0].assumptions0.get("positive") else None

    def _latex(self, printer: sp.printing.latex.LatexPrinter) -> str:
        name = printer._print(self.args[0])
        return rf"{self.operator}_{{i}} {name}_{{i}}"


class LargestEntry(ExtremeEntry):
    """``max_i v_i``, the largest entry of a vector (:class:`ExtremeEntry`)."""

    extreme = sp.Max
    operator = r"\max"


class SmallestEntry(ExtremeEntry):
    """``min_i v_i``, the smallest entry of a vector (:class:`ExtremeEntry`)."""

    extreme = sp.Min
    operator = r"\min"
