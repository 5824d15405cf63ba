"""The declarations of vector and matrix variables: probability vectors, joint distributions, real vectors,
label vectors, matrices, and vectors defined entry by entry from the others.

>>> from symbolic_info.formulas.vectors import Categories, Vector
>>> print(OnSimplex(Vector("p", Categories.general())).latex())
p \\in \\Delta^{\\circ}_{n}
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import mpmath
import sympy as sp

from ..formulas.printer import to_latex
from ..formulas.vectors import Vector
from .normalization import CANONICAL_INDEX
from .scalar_declarations import Point, Real, fixed_integer, uniform_open

__all__ = ["DefinedVector", "JointDistribution", "LabelVector", "OnSimplex", "RealMatrix", "RealVector"]


@dataclass(frozen=True)
class OnSimplex:
    """A probability vector in the open simplex: every ``p_i > 0`` and ``sum_i p_i = 1``.

    >>> from symbolic_info.formulas.vectors import Categories, Vector
    >>> print(OnSimplex(Vector("p", Categories.general())).latex())
    p \\in \\Delta^{\\circ}_{n}
    """

    vector: Vector
    stage: int = 2

    def latex(self) -> str:
        p, n = to_latex(self.vector.base), to_latex(self.vector.n)
        return rf"{p} \in \Delta^{{\circ}}_{{{n}}}"

    def sample(self, rng: random.Random, point: Point, draw: int) -> None:
        n = fixed_integer(self.vector.n, point.integers)
        weights = [-mpmath.log(uniform_open(rng)) for _ in range(n)]  # Dirichlet(1, ..., 1)
        total = mpmath.fsum(weights)
        for k, weight in enumerate(weights, start=1):
            point.values[self.vector[k]] = weight / total

    def facts(self) -> Iterable[tuple[sp.Basic, sp.Basic]]:
        yield self.vector.total(lambda i: self.vector[i]), sp.S.One

    def positive_form(self) -> sp.Lambda:
        """Every entry in ``(0, 1]`` (summing to 1 with positive entries): ``p_k = 1 / (1 + w_k)`` with ``w_k >= 0``."""
        k = sp.Dummy("k", integer=True, positive=True)
        w = sp.IndexedBase(sp.Dummy("w"), nonnegative=True)
        return sp.Lambda(k, 1 / (1 + w[k]))


@dataclass(frozen=True)
class JointDistribution:
    """A joint distribution ``p_{ij} > 0`` over ``n x m`` pairs (summing to 1) and its two marginals.

    ``rows[i] = sum_j p_{ij}`` and ``cols[j] = sum_i p_{ij}`` are sampled from the joint and given to
    the prover as facts, with the indices ``i`` and ``j`` of ``rows`` and ``cols``.
    """

    joint: sp.IndexedBase
    rows: Vector
    cols: Vector
    stage: int = 2

    def latex(self) -> str:
        p, r, c = (to_latex(base) for base in (self.joint, self.rows.base, self.cols.base))
        i, j = to_latex(self.rows.categories.index), to_latex(self.cols.categories.index)
        n, m = to_latex(self.rows.n), to_latex(self.cols.n)
        return (
            rf"{p}_{{{i} {j}}} > 0,\ \sum_{{{i}, {j}}} {p}_{{{i} {j}}} = 1\ ({i} \leq {n},\ {j} \leq {m}),\ "
            rf"{r}_{{{i}}} = \sum_{{{j}}} {p}_{{{i} {j}}},\ {c}_{{{j}}} = \sum_{{{i}}} {p}_{{{i} {j}}}"
        )

    def sample(self, rng: random.Random, point: Point, draw: int) -> None:
        n, m = fixed_integer(self.rows.n, point.integers), fixed_integer(self.cols.n, point.integers)
        weights = [[-mpmath.log(uniform_open(rng)) for _ in range(m)] for _ in range(n)]  # Dirichlet(1, ..., 1)
        total = mpmath.fsum(weight for row in weights for weight in row)
        for row in range(n):
            for col in range(m):
                point.values[self.joint[row + 1, col + 1]] = weights[row][col] / total
        for row in range(n):
            point.values[self.rows[row + 1]] = mpmath.fsum(weights[row]) / total
        for col in range(m):
            point.values[self.cols[col + 1]] = mpmath.fsum(weights[row][col] for row in range(n)) / total

    def facts(self) -> Iterable[tuple[sp.Basic, sp.Basic]]:
        i, j = self.rows.categories.index, self.cols.categories.index
        p = self.joint
        yield sp.Sum(p[i, j], (j, 1, self.cols.n)), self.rows[i]
        yield sp.Sum(p[i, j], (i, 1, self.rows.n)), self.cols[j]
        yield self.rows.total(lambda k: self.rows[k]), sp.S.One
        yield self.cols.total(lambda k: self.cols[k]), sp.S.One


@dataclass(frozen=True)
class DefinedVector:
    """A vector defined from the other variables, entry by entry: ``m_i = (p_i + q_i) / 2``.

    Sampled after them; the prover knows the definition (for the summation index ``i``) as a fact, and
    otherwise treats the entries as the positive (or real) symbols they are declared as.
    """

    vector: Vector
    value: Callable[[sp.Expr], sp.Expr]
    stage: int = 3

    def latex(self) -> str:
        index = self.vector.categories.index
        return rf"{to_latex(self.vector[index])} = {to_latex(self.value(index))}"

    def sample(self, rng: random.Random, point: Point, draw: int) -> None:
        for k in range(1, fixed_integer(self.vector.n, point.integers) + 1):
            point.values[self.vector[k]] = point.value_of(self.value(sp.Integer(k)))

    def facts(self) -> Iterable[tuple[sp.Basic, sp.Basic]]:
        for index in dict.fromkeys((self.vector.categories.index, CANONICAL_INDEX)):
            yield self.vector[index], self.value(index)


@dataclass(frozen=True)
class RealVector:
    """A vector whose entries are each real in ``(low, high)``.

    >>> from symbolic_info.formulas.vectors import Categories, Vector
    >>> print(RealVector(Vector("z", Categories.general(), positive=False)).latex())
    z \\in \\mathbb{R}^{n}
    """

    vector: Vector
    low: sp.Expr | None = None
    high: sp.Expr | None = None
    stage: int = 2

    def latex(self) -> str:
        entry = Real(sp.Symbol(self.vector.name), self.low, self.high).latex()
        return entry.replace(r"\in \mathbb{R}", rf"\in \mathbb{{R}}^{{{to_latex(self.vector.n)}}}")

    def sample(self, rng: random.Random, point: Point, draw: int) -> None:
        entry = Real(sp.Dummy(), self.low, self.high)
        for k in range(1, fixed_integer(self.vector.n, point.integers) + 1):
            point.values[self.vector[k]] = entry.draw(rng)

    def facts(self) -> Iterable[tuple[sp.Basic, sp.Basic]]:
        return ()


@dataclass(frozen=True)
class LabelVector:
    """A vector of integer labels, each in ``{low, ..., high}`` (``high`` may be the number of classes ``n``)."""

    vector: Vector
    low: int = 0
    high: int | sp.Expr = 1
    stage: int = 1

    def latex(self) -> str:
        y, length = to_latex(self.vector.base), to_latex(self.vector.n)
        if self.high == self.low + 1:
            values = f"{self.low}, {to_latex(self.high)}"
        else:
            values = rf"{self.low}, \dots, {to_latex(self.high)}"
        return rf"{y} \in \{{{values}\}}^{{{length}}}"

    def sample(self, rng: random.Random, point: Point, draw: int) -> None:
        high = fixed_integer(self.high, point.integers)
        for k in range(1, fixed_integer(self.vector.n, point.integers) + 1):
            point.integers[self.vector[k]] = rng.randint(self.low, high)

    def facts(self) -> Iterable[tuple[sp.Basic, sp.Basic]]:
        """Every label is in ``low..high``: the conditions a sum over a Kronecker delta leaves behind are true."""
        for index in dict.fromkeys((self.vector.categories.index, CANONICAL_INDEX)):
            label = self.vector[index]
            for relation in (
                sp.Le(self.low, label),
                sp.Ge(label, self.low),
                sp.Le(label, self.high),
                sp.Ge(self.high, label),
            ):
                yield relation, sp.true


@dataclass(frozen=True)
class RealMatrix:
    """A matrix ``x_{r,c}`` of ``rows`` by ``cols`` real entries, each in ``(low, high)``."""

    base: sp.IndexedBase
    rows: sp.Expr
    cols: sp.Expr
    low: sp.Expr | None = None
    high: sp.Expr | None = None
    stage: int = 2

    def latex(self) -> str:
        entry = Real(sp.Symbol(str(self.base.label)), self.low, self.high).latex()
        size = rf"{to_latex(self.rows)} \times {to_latex(self.cols)}"
        return entry.replace(r"\in \mathbb{R}", rf"\in \mathbb{{R}}^{{{size}}}")

    def sample(self, rng: random.Random, point: Point, draw: int) -> None:
        entry = Real(sp.Dummy(), self.low, self.high)
        for row in range(1, fixed_integer(self.rows, point.integers) + 1):
            for col in range(1, fixed_integer(self.cols, point.integers) + 1):
                point.values[self.base[row, col]] = entry.draw(rng)

    def facts(self) -> Iterable[tuple[sp.Basic, sp.Basic]]:
        return ()
