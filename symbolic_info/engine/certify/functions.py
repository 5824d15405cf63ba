"""An expression compiled for a certificate: its value and derivatives as interval programs, on boxes.

A :class:`Compiled` holds ``f`` on the domain of its :class:`~.axes.Axis` objects and gives
enclosures of ``f``, its gradient, its Hessian (upper triangle, row by row) and, in one variable, its
derivatives of order ``k``, over a box or at a point; each derivative is differentiated (SymPy's
``diff``) and compiled on first use. It also decides, with SymPy, whether a derivative is exactly 0
at an exact point (:func:`vanishes`). :mod:`.touching` and :mod:`.boxes` build on it.

>>> import sympy as sp
>>> from .axes import Axis, Variable
>>> x = sp.Symbol("x")
>>> f = Compiled(x - 1 - sp.log(x), (x,), (Axis.of(Variable.open(x, 0, sp.oo)),), strict=False)
>>> f.evaluate("gradient", [point_enclosure(Fraction(1))])
[[0, 0]]
>>> vanishes(sp.log(2) + sp.log(3) - sp.log(6)), vanishes(sp.pi - sp.Rational(355, 113))
(True, None)
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import sympy as sp

from .axes import Axis, Box, Ends
from .enclosures import Enclosure
from .ends import Undefined, Unsupported
from .programs import Program

__all__ = [
    "MAX_ORDER",
    "PROVED",
    "REFUTED",
    "SIMPLIFY_OPS",
    "SPLIT",
    "UNKNOWN",
    "UNSUPPORTED",
    "Compiled",
    "point_enclosure",
    "vanishes",
]

#: The highest Taylor order in one variable.
MAX_ORDER = 4
#: Larger expressions are not given to ``sp.simplify`` (it can take very long on them).
SIMPLIFY_OPS = 200
#: What examining a box, or a whole run, concludes.
PROVED, REFUTED, SPLIT, UNKNOWN, UNSUPPORTED = "proved", "refuted", "split", "unknown", "unsupported"


def vanishes(value: sp.Expr) -> bool | None:
    """True when the number ``value`` is exactly 0: SymPy simplifies it to 0 and 100 digits agree; else None.

    ``simplify`` is only tried on small expressions (it can take very long on large ones).
    """
    if value == 0:
        return True
    if not value.is_number or sp.count_ops(value) > SIMPLIFY_OPS:
        return None
    numeric = sp.N(value, 100)
    if not numeric.is_Number or abs(numeric) > sp.Float(10) ** -90:
        return None
    return True if sp.simplify(value) == 0 else None


def point_enclosure(value: Fraction) -> Enclosure:
    """The enclosure of one rational number (two binary ends around it, or one)."""
    return Enclosure.between(value, value)


@dataclass
class Compiled:
    """An expression on a domain, compiled to interval programs: its value and its derivatives (on first use)."""

    expr: sp.Expr
    symbols: tuple[sp.Symbol, ...]
    axes: tuple[Axis, ...]
    strict: bool
    deadline: float = math.inf  # time.process_time() after which the run gives up (CPU seconds: load-independent)
    methods: Counter[str] = field(default_factory=Counter)
    value: Program = field(init=False)
    _programs: dict[str, Program | None] = field(default_factory=dict)
    _derivatives: dict[str, list[sp.Expr]] = field(default_factory=dict)
    _zeros: dict[tuple[sp.Expr, tuple[sp.Expr, ...]], bool | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.value = Program.compile([self.expr], self.symbols)  # raises Unsupported

    def expired(self) -> bool:
        """The time guard (CPU seconds of this process): the deadline has passed."""
        return time.process_time() > self.deadline

    # -- derivatives: "gradient", "hessian" (upper triangle, row by row), "order k" (one variable) --

    def derivative_exprs(self, key: str) -> list[sp.Expr]:
        if key not in self._derivatives:
            xs = self.symbols
            if key == "gradient":
                exprs = [sp.diff(self.expr, x) for x in xs]
            elif key == "hessian":
                gradient = self.derivative_exprs("gradient")
                exprs = [sp.diff(gradient[i], xs[j]) for i in range(len(xs)) for j in range(i, len(xs))]
            else:
                k = int(key.split()[1])
                exprs = [self.expr if k == 0 else sp.diff(self.derivative_exprs(f"order {k - 1}")[0], xs[0])]
            self._derivatives[key] = exprs
        return self._derivatives[key]

    def program(self, key: str) -> Program | None:
        """The compiled derivatives, or None when they use a function outside the table (``sign``, ...)."""
        if key == "value":
            return self.value
        if key not in self._programs:
            try:
                self._programs[key] = Program.compile(self.derivative_exprs(key), self.symbols)
            except Unsupported:
                self._programs[key] = None
        return self._programs[key]

    def evaluate(self, key: str, coordinates: Sequence[Enclosure]) -> list[Enclosure] | None:
        """Enclosures over the box (None: a derivative is unsupported, or something may be undefined there)."""
        program = self.program(key)
        if program is None:
            return None
        try:
            return program.evaluate(coordinates)
        except Undefined:
            return None

    def proves(self, value: Enclosure) -> bool:
        return value.positive() if self.strict else value.nonnegative()

    def refutes(self, value: Enclosure) -> bool:
        return value.nonpositive() if self.strict else value.negative()

    # -- boxes --

    def ends(self, box: Box) -> list[Ends]:
        """The box in each variable, in ``x`` (:class:`.axes.Ends`)."""
        return [axis.ends(t0, t1) for axis, (t0, t1) in zip(self.axes, box, strict=True)]

    def coordinates(self, box: Box) -> list[Enclosure]:
        return [Enclosure.between(e.low, e.high, low_open=e.low_open, high_open=e.high_open) for e in self.ends(box)]

    def at_point(self, xs: Sequence[Fraction]) -> Enclosure | None:
        result = self.evaluate("value", [point_enclosure(x) for x in xs])
        return None if result is None else result[0]

    def middle(self, box: Box) -> list[Fraction]:
        """A point inside the box: the image of its middle in ``t``."""
        points = []
        for axis, (t0, t1) in zip(self.axes, box, strict=True):
            x = axis.x((t0 + t1) / 2)
            assert x is not None  # a middle is never an infinite end
            points.append(x)
        return points

    def is_zero(self, key: str, index: int, point: tuple[sp.Expr, ...], enclosure: Enclosure) -> bool | None:
        """Whether output ``index`` of ``key`` is exactly 0 at ``point``: True (SymPy), False (the enclosure), None."""
        if not enclosure.contains_zero():
            return False
        expr = self.derivative_exprs(key)[index] if key != "value" else self.expr
        if (expr, point) not in self._zeros:
            self._zeros[expr, point] = vanishes(expr.xreplace(dict(zip(self.symbols, point, strict=True))))
        return self._zeros[expr, point]
