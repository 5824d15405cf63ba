"""Named quantities: ``H(p)``, ``H(p, q)``, ``D(p || q)`` as they are written, unfolding to the definitions.

A derivation step may say "= H(p, q) - H(p)"; the prover unfolds each name to its
definition in :mod:`symbolic_info.formulas.definitions` before checking, so the names are display
only and the definitions stay the single source of truth.

>>> from symbolic_info.formulas.vectors import Categories, Vector
>>> p = Vector("p", Categories.general())
>>> H = Entropy.of(p)
>>> unfold(H)
-Sum(log(p[i])*p[i], (i, 1, n))
"""

from __future__ import annotations

import sympy as sp

from . import definitions
from .vectors import Categories, Vector, index_symbol

__all__ = ["CrossEntropy", "Entropy", "KLDivergence", "NamedQuantity", "unfold"]

_INDEX = index_symbol("i")


def _vector(base: sp.IndexedBase, n: sp.Expr) -> Vector:
    return Vector(str(base.label), Categories(n, _INDEX), positive=bool(base.is_positive))


class NamedQuantity(sp.Function):
    """A quantity shown by its name; :meth:`unfold` gives its definition."""

    is_real = True

    def unfold(self) -> sp.Expr:
        raise NotImplementedError


class Entropy(NamedQuantity):
    """``H(p)``: arguments ``(p, n)``."""

    nargs = 2

    @classmethod
    def of(cls, p: Vector) -> Entropy:
        return cls(p.base, p.n)

    def unfold(self) -> sp.Expr:
        base, n = self.args
        return definitions.entropy(_vector(base, n))


class CrossEntropy(NamedQuantity):
    """``H(p, q)``: arguments ``(p, q, n)``."""

    nargs = 3

    @classmethod
    def of(cls, p: Vector, q: Vector) -> CrossEntropy:
        return cls(p.base, q.base, p.n)

    def unfold(self) -> sp.Expr:
        p, q, n = self.args
        return definitions.cross_entropy(_vector(p, n), _vector(q, n))


class KLDivergence(NamedQuantity):
    """``D(p || q)``: arguments ``(p, q, n)``."""

    nargs = 3

    @classmethod
    def of(cls, p: Vector, q: Vector) -> KLDivergence:
        return cls(p.base, q.base, p.n)

    def unfold(self) -> sp.Expr:
        p, q, n = self.args
        return definitions.kl_divergence(_vector(p, n), _vector(q, n))


def unfold(expr: sp.Basic) -> sp.Basic:
    """Replace every named quantity in ``expr`` by its definition."""
    return expr.replace(lambda e: isinstance(e, NamedQuantity), lambda e: e.unfold())
