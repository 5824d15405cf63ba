"""Where a derivation's variables live, as declarations that can be described, sampled and used.

Each declaration knows three things: its LaTeX description (for the rendered
assumptions), how to draw seeded random points from it at high precision (for the numeric
check), and which facts it gives the prover (``sum_i p_i = 1``, ``1 <= k <= n``).

>>> import sympy as sp
>>> from symbolic_info.formulas.vectors import Categories, Vector
>>> cats = Categories.general()
>>> domain = Domain.of(CategoryCount(cats.n), OnSimplex(Vector("p", cats)))
>>> points = domain.sample(seed=1, count=3)
>>> [point.integers[cats.n] for point in points]
[2, 3, 4]
>>> p = sp.IndexedBase("p", positive=True)
>>> abs(sum(points[1].values[p[k]] for k in (1, 2, 3)) - 1) < 1e-55
True
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

import mpmath
import sympy as sp

from ..errors import DerivationError
from ..formulas.printer import to_latex
from ..formulas.vectors import Vector
from .intervals import positive_form
from .normalization import CANONICAL_INDEX

__all__ = [
    "WORKING_DIGITS",
    "BinaryLabel",
    "CategoryCount",
    "CategoryIndex",
    "DefinedVector",
    "Domain",
    "JointDistribution",
    "LabelVector",
    "OnSimplex",
    "Point",
    "Real",
    "RealMatrix",
    "RealVector",
]

#: Digits carried when sampling and evaluating (the checks compare all but the last ``GUARD_DIGITS`` of them).
WORKING_DIGITS = 60
_RANDOM_BITS = 224  # > 60 decimal digits


@dataclass
class Point:
    """One sampled point: integer parameters (n, indices) and real values (60 digits)."""

    integers: dict[sp.Basic, int] = field(default_factory=dict)
    values: dict[sp.Basic, mpmath.mpf] = field(default_factory=dict)

    def describe(self) -> str:
        parts = [f"{k} = {v}" for k, v in self.integers.items()]
        parts += [f"{k} = {mpmath.nstr(v, 12)}" for k, v in self.values.items()]
        return ", ".join(parts)


def _uniform(rng: random.Random) -> mpmath.mpf:
    """Uniform in the open interval (0, 1) with 224 random bits."""
    return (mpmath.mpf(rng.getrandbits(_RANDOM_BITS)) + mpmath.mpf("0.5")) / mpmath.mpf(2) ** _RANDOM_BITS


def _value(expr: sp.Expr, integers: Mapping[sp.Basic, int]) -> int:
    value = sp.sympify(expr).xreplace({k: sp.Integer(v) for k, v in integers.items()})
    if not value.is_Integer:
        raise DerivationError(f"{expr} is not fixed by the domain's integer parameters")
    return int(value)


class Declaration(Protocol):
    """What every variable declaration provides."""

    @property
    def stage(self) -> int:
        """0: integer parameters, 1: indices, 2: values (sampled in that order)."""

    def latex(self) -> str: ...

    def sample(self, rng: random.Random, point: Point, draw: int) -> None: ...

    def facts(self) -> Iterable[tuple[sp.Basic, sp.Basic]]: ...


@dataclass(frozen=True)
class CategoryCount:
    """The number of categories ``n`` (a symbol), an integer ``>= low``; checked at ``n in values``.

    >>> print(CategoryCount(sp.Symbol("n", integer=True, positive=True)).latex())
    n \\geq 2
    """

    n: sp.Expr
    low: int = 2
    values: tuple[int, ...] = (2, 3, 4, 5, 7)
    stage: int = 0

    def latex(self) -> str:
        return rf"{to_latex(self.n)} \geq {self.low}"

    def sample(self, rng: random.Random, point: Point, draw: int) -> None:
        if self.n.is_Integer:
            return
        point.integers[self.n] = self.values[draw % len(self.values)]

    def facts(self) -> Iterable[tuple[sp.Basic, sp.Basic]]:
        return ()


@dataclass(frozen=True)
class CategoryIndex:
    """An index ``k`` ranging over ``1..n``.

    >>> n, k = sp.symbols("n k", integer=True, positive=True)
    >>> print(CategoryIndex(k, n).latex())
    k \\in \\{1, \\dots, n\\}
    """

    index: sp.Symbol
    n: sp.Expr
    stage: int = 1

    def latex(self) -> str:
        return rf"{to_latex(self.index)} \in \{{1, \dots, {to_latex(self.n)}\}}"

    def sample(self, rng: random.Random, point: Point, draw: int) -> None:
        point.integers[self.index] = rng.randint(1, _value(self.n, point.integers))

    def facts(self) -> Iterable[tuple[sp.Basic, sp.Basic]]:
        k, n = self.index, self.n
        for relation in (sp.Le(k, n), sp.Ge(n, k), sp.Ge(k, 1), sp.Le(1, k)):
            yield relation, sp.true


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
        n = _value(self.vector.n, point.integers)
        weights = [-mpmath.log(_uniform(rng)) for _ in range(n)]  # Dirichlet(1, ..., 1)
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
        n, m = _value(self.rows.n, point.integers), _value(self.cols.n, point.integers)
        weights = [[-mpmath.log(_uniform(rng)) for _ in range(m)] for _ in range(n)]  # Dirichlet(1, ..., 1)
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
        values = {symbol: sp.Float(value, WORKING_DIGITS) for symbol, value in point.values.items()}
        for k in range(1, _value(self.vector.n, point.integers) + 1):
            exact = self.value(sp.Integer(k)).xreplace(values)
            point.values[self.vector[k]] = mpmath.mpf(sp.Float(exact.evalf(WORKING_DIGITS), WORKING_DIGITS)._mpf_)

    def facts(self) -> Iterable[tuple[sp.Basic, sp.Basic]]:
        for index in dict.fromkeys((self.vector.categories.index, CANONICAL_INDEX)):
            yield self.vector[index], self.value(index)


@dataclass(frozen=True)
class Real:
    """A real variable in the open interval ``(low, high)`` (unbounded when a bound is None).

    >>> Real(sp.Symbol("t"), 0, 1).latex()
    '0 < t < 1'
    """

    symbol: sp.Symbol
    low: sp.Expr | None = None
    high: sp.Expr | None = None
    stage: int = 2

    def __post_init__(self) -> None:
        if not isinstance(self.symbol, (sp.Symbol, sp.Dummy)):
            raise DerivationError(f"Real declares a SymPy symbol (x = sympy.Symbol('x')), got {self.symbol!r}")
        for bound in (self.low, self.high):
            if isinstance(bound, str):
                raise DerivationError(f"Real({self.symbol}): the bound {bound!r} is a string; give a number")

    def latex(self) -> str:
        x = to_latex(self.symbol)
        if self.low is None and self.high is None:
            return rf"{x} \in \mathbb{{R}}"
        if self.high is None:
            return rf"{x} > {to_latex(self.low)}"
        if self.low is None:
            return rf"{x} < {to_latex(self.high)}"
        return rf"{to_latex(self.low)} < {x} < {to_latex(self.high)}"

    def draw(self, rng: random.Random) -> mpmath.mpf:
        u = _uniform(rng)
        if self.low is not None and self.high is not None:
            low, high = mpmath.mpf(sp.N(self.low, 70)), mpmath.mpf(sp.N(self.high, 70))
            return low + (high - low) * u
        scale = mpmath.mpf(10) ** rng.choice((-1, 0, 0, 1))
        if self.low is None and self.high is None:
            return scale * (2 * u - 1) * 4
        magnitude = -mpmath.log(u) * scale  # exponential: positive, unbounded
        if self.high is None:
            return mpmath.mpf(sp.N(self.low, 70)) + magnitude
        return mpmath.mpf(sp.N(self.high, 70)) - magnitude

    def sample(self, rng: random.Random, point: Point, draw: int) -> None:
        point.values[self.symbol] = self.draw(rng)

    def facts(self) -> Iterable[tuple[sp.Basic, sp.Basic]]:
        return ()

    def positive_form(self) -> sp.Expr | None:
        """The variable written with a positive symbol covering exactly the interval (:mod:`.intervals`), or None.

        SymPy's assumptions then know the signs the interval implies (``1 - p > 0``).
        """
        return positive_form(self.low, self.high)


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
        for k in range(1, _value(self.vector.n, point.integers) + 1):
            point.values[self.vector[k]] = entry.draw(rng)

    def facts(self) -> Iterable[tuple[sp.Basic, sp.Basic]]:
        return ()


@dataclass(frozen=True)
class BinaryLabel:
    """A label ``y`` in ``{0, 1}``.

    >>> print(BinaryLabel(sp.Symbol("y")).latex())
    y \\in \\{0, 1\\}
    """

    symbol: sp.Symbol
    stage: int = 1

    def latex(self) -> str:
        return rf"{to_latex(self.symbol)} \in \{{0, 1\}}"

    def sample(self, rng: random.Random, point: Point, draw: int) -> None:
        point.integers[self.symbol] = draw % 2

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
        high = _value(self.high, point.integers)
        for k in range(1, _value(self.vector.n, point.integers) + 1):
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
        for row in range(1, _value(self.rows, point.integers) + 1):
            for col in range(1, _value(self.cols, point.integers) + 1):
                point.values[self.base[row, col]] = entry.draw(rng)

    def facts(self) -> Iterable[tuple[sp.Basic, sp.Basic]]:
        return ()


@dataclass(frozen=True)
class Domain:
    """The declarations of a derivation's variables.

    >>> x = sp.Symbol("x", positive=True)
    >>> Domain.of(Real(x, low=0)).latex()
    'x > 0'
    """

    declarations: tuple[Declaration, ...] = ()

    @classmethod
    def of(cls, *declarations: Declaration) -> Domain:
        """The domain of ``declarations`` (:class:`Real`, :class:`OnSimplex`, :class:`CategoryCount`, ...).

        >>> print(Domain.of(Real(sp.Symbol("x"))).latex())
        x \\in \\mathbb{R}
        >>> Domain.of("x > 0")
        Traceback (most recent call last):
        ...
        symbolic_info.errors.DerivationError: a domain is made of declarations such as Real(x, low=0), \
OnSimplex(p) or CategoryCount(n), got 'x > 0'
        """
        for declaration in declarations:
            if not hasattr(declaration, "sample") or not hasattr(declaration, "latex"):
                raise DerivationError(
                    "a domain is made of declarations such as Real(x, low=0), OnSimplex(p) or CategoryCount(n), "
                    f"got {declaration!r}"
                )
        return cls(tuple(declarations))

    def latex(self) -> str:
        """The assumptions as one line of LaTeX (empty when there are none)."""
        return ",\\quad ".join(d.latex() for d in self.declarations)

    def facts(self) -> tuple[tuple[sp.Basic, sp.Basic], ...]:
        """Substitutions that hold on the whole domain, for the prover."""
        return tuple(fact for d in self.declarations for fact in d.facts())

    def positive_forms(self) -> tuple[tuple[sp.Basic, sp.Basic], ...]:
        """Bounded real variables rewritten with positive symbols, for sign proofs."""
        forms = []
        for declaration in self.declarations:
            if isinstance(declaration, Real):
                form = declaration.positive_form()
                if form is not None:
                    forms.append((declaration.symbol, form))
            elif isinstance(declaration, OnSimplex):
                forms.append((declaration.vector.base, declaration.positive_form()))
        return tuple(forms)

    def sample(self, seed: int, count: int) -> list[Point]:
        """``count`` points drawn with ``random.Random(seed)``: identical on every run."""
        rng = random.Random(seed)
        ordered = sorted(self.declarations, key=lambda d: d.stage)
        points = []
        with mpmath.workdps(WORKING_DIGITS):
            for draw in range(count):
                point = Point()
                for declaration in ordered:
                    declaration.sample(rng, point, draw)
                points.append(point)
        return points
