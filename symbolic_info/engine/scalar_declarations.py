"""The declarations of scalar variables and integer parameters, and the sampled :class:`Point`.

A declaration (the :class:`Declaration` protocol) knows its LaTeX description, how to draw seeded
random points at high precision, and the facts it gives the prover. Vector declarations are in
:mod:`.vector_declarations`; :mod:`.domain` gathers both.

>>> import random
>>> import sympy as sp
>>> point = Point()
>>> Real(sp.Symbol("t"), 0, 1).sample(random.Random(0), point, draw=0)
>>> 0 < point.values[sp.Symbol("t")] < 1
True
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol

import mpmath
import sympy as sp

from ..errors import DerivationError
from ..formulas.printer import to_latex
from .intervals import positive_form

__all__ = [
    "WORKING_DIGITS",
    "BinaryLabel",
    "CategoryCount",
    "CategoryIndex",
    "Declaration",
    "Point",
    "Real",
    "SampledFunction",
    "fixed_integer",
    "uniform_open",
]

#: Digits carried when sampling and evaluating (the checks compare all but the last ``GUARD_DIGITS`` of them).
WORKING_DIGITS = 60
_RANDOM_BITS = 224  # > 60 decimal digits


class SampledFunction(NamedTuple):
    """A concrete function drawn for an unknown one (a density): its formula, and where its mass is centred."""

    form: sp.Lambda
    centres: tuple[Any, ...] = ()
    #: What was drawn, for a counterexample (``a mixture of N(0.3, 1.2^2) and ...``).
    description: str = ""
    #: The width of its mass about each centre (a standard deviation), if known.
    scale: Any = None

    def numeric(self) -> Callable[..., Any]:
        """The formula as an mpmath callable (the point's other values already in it)."""
        function: Callable[..., Any] = sp.lambdify(self.form.variables, self.form.expr, "mpmath")
        return function


@dataclass
class Point:
    """One sampled point: integer parameters (n, indices), real values (60 digits), concrete functions."""

    integers: dict[sp.Basic, int] = field(default_factory=dict)
    values: dict[sp.Basic, mpmath.mpf] = field(default_factory=dict)
    functions: dict[sp.Basic, SampledFunction] = field(default_factory=dict)

    def floats(self, without: sp.Basic | None = None) -> dict[sp.Basic, sp.Float]:
        """The real values as SymPy floats of :data:`WORKING_DIGITS` digits, for substitution (``without``: a
        variable left as it is, such as a function's own variable)."""
        return {symbol: sp.Float(value, WORKING_DIGITS) for symbol, value in self.values.items() if symbol != without}

    def value_of(self, expr: sp.Basic) -> mpmath.mpf:
        """``expr`` at this point's real values, as an mpmath number (a variable it uses must be sampled first)."""
        exact = sp.sympify(expr).xreplace(self.floats()).evalf(WORKING_DIGITS)
        if exact.free_symbols:
            names = ", ".join(sorted(str(s) for s in exact.free_symbols))
            raise DerivationError(f"declare {names} before the variable that uses it")
        return mpmath.mpf(sp.Float(exact, WORKING_DIGITS)._mpf_)

    def describe(self) -> str:
        parts = [f"{k} = {v}" for k, v in self.integers.items()]
        parts += [f"{k} = {mpmath.nstr(v, 12)}" for k, v in self.values.items()]
        parts += [f"{k} = {v.description or v.form}" for k, v in self.functions.items()]
        return ", ".join(parts)


def uniform_open(rng: random.Random) -> mpmath.mpf:
    """Uniform in the open interval (0, 1) with 224 random bits."""
    return (mpmath.mpf(rng.getrandbits(_RANDOM_BITS)) + mpmath.mpf("0.5")) / mpmath.mpf(2) ** _RANDOM_BITS


def fixed_integer(expr: sp.Expr, integers: Mapping[sp.Basic, int]) -> int:
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
        point.integers[self.index] = rng.randint(1, fixed_integer(self.n, point.integers))

    def facts(self) -> Iterable[tuple[sp.Basic, sp.Basic]]:
        k, n = self.index, self.n
        for relation in (sp.Le(k, n), sp.Ge(n, k), sp.Ge(k, 1), sp.Le(1, k)):
            yield relation, sp.true


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
        u = uniform_open(rng)
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
