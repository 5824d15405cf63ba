"""The domain of a certificate: real variables on intervals, and each interval split in a parameter ``t``.

A :class:`Variable` is a SymPy symbol on an interval (ends open or closed, ``-oo``/``oo`` allowed).
Branch and bound splits an :class:`Axis`, the interval with rational ends, in a bounded parameter
``t``: ``x = t`` on a bounded interval, ``x = a + t/(1 - t)`` (``t`` in ``[0, 1)``) on ``(a, oo)``,
``x = b + t/(1 + t)`` (``t`` in ``(-1, 0]``) on ``(-oo, b)`` and ``x = t/(1 - |t|)`` (``t`` in
``(-1, 1)``) on the whole line, so that finitely many boxes cover an unbounded domain: the box at
``t -> 1`` is ``[X, +oo)``, evaluated with an infinite end.

>>> import sympy as sp
>>> x = sp.Symbol("x")
>>> axis = Axis.of(Variable.open(x, 0, sp.oo))
>>> axis.t_range, axis.x(Fraction(1, 2)), axis.ends(Fraction(1, 2), Fraction(1))
((Fraction(0, 1), Fraction(1, 1)), Fraction(1, 1), Ends(low=Fraction(1, 1), high=None, low_open=False, high_open=True))
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import NamedTuple

import sympy as sp
from mpmath import libmp

from ...errors import InvalidArgumentError
from .enclosures import Enclosure
from .programs import constant

__all__ = ["Axis", "Box", "Ends", "Variable", "exact_fraction", "rational", "surely_above", "surely_below"]

#: A box: one interval of the parameter ``t`` per variable.
Box = tuple[tuple[Fraction, Fraction], ...]


def _real_end(value: object, name: str) -> sp.Expr:
    end = sp.sympify(value)
    if end in (sp.S.Infinity, sp.S.NegativeInfinity):
        return end
    if not (end.is_number and end.is_real and end.is_finite):
        raise InvalidArgumentError(f"{name} must be a real number or an infinity, got {value!r}")
    return end


@dataclass(frozen=True)
class Variable:
    """A real variable on an interval: ``low < high``, each end included or not, ``-oo``/``oo`` allowed.

    Finite ends are real numbers (rationals are used exactly; others, such as ``pi``, are widened to a
    rational bound). Raises :class:`~symbolic_info.errors.InvalidArgumentError` for anything else.

    >>> x = sp.Symbol("x")
    >>> print(Variable.open(x, 0, sp.oo), Variable.closed(x, 0, 1), Variable.real(x))
    x in (0, oo) x in [0, 1] x in (-oo, oo)
    >>> print(Variable.of(x, sp.Interval.Lopen(-1, 2)))
    x in (-1, 2]
    >>> Variable.closed(x, 0, sp.oo)
    Traceback (most recent call last):
    ...
    symbolic_info.errors.InvalidArgumentError: an infinite end cannot be included
    """

    symbol: sp.Symbol
    low: sp.Expr
    high: sp.Expr
    low_included: bool = False
    high_included: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.symbol, sp.Symbol):
            raise InvalidArgumentError(f"a variable must be a SymPy Symbol, got {self.symbol!r}")
        low, high = _real_end(self.low, "low"), _real_end(self.high, "high")
        object.__setattr__(self, "low", low)
        object.__setattr__(self, "high", high)
        if (low == sp.S.NegativeInfinity and self.low_included) or (high == sp.S.Infinity and self.high_included):
            raise InvalidArgumentError("an infinite end cannot be included")
        if low == sp.S.Infinity or high == sp.S.NegativeInfinity or not bool(low < high):
            raise InvalidArgumentError(f"need low < high, got {low} and {high}")

    @classmethod
    def open(cls, symbol: sp.Symbol, low: object, high: object) -> Variable:
        """The variable on ``(low, high)``."""
        return cls(symbol, sp.sympify(low), sp.sympify(high))

    @classmethod
    def closed(cls, symbol: sp.Symbol, low: object, high: object) -> Variable:
        """The variable on ``[low, high]``."""
        return cls(symbol, sp.sympify(low), sp.sympify(high), True, True)

    @classmethod
    def real(cls, symbol: sp.Symbol) -> Variable:
        """The variable on the whole line."""
        return cls(symbol, sp.S.NegativeInfinity, sp.S.Infinity)

    @classmethod
    def of(cls, symbol: sp.Symbol, interval: sp.Interval) -> Variable:
        """The variable on a SymPy ``Interval``."""
        return cls(symbol, interval.start, interval.end, not interval.left_open, not interval.right_open)

    def assumptions_hold(self) -> bool:
        """The symbol's SymPy assumptions (``positive=True``, ...) hold on the whole interval.

        SymPy may already have used them to rewrite an expression (``sqrt(x**2) = x``), so a variable
        whose interval contradicts them cannot be certified.
        """
        s, low, high = self.symbol, self.low, self.high
        if s.is_real is False or s.is_integer or s.is_zero:
            return False
        if s.is_positive and not (low > 0 or (low == 0 and not self.low_included)):
            return False
        if s.is_nonnegative and not low >= 0:
            return False
        if s.is_negative and not (high < 0 or (high == 0 and not self.high_included)):
            return False
        return not (s.is_nonpositive and not high <= 0)

    def __str__(self) -> str:
        left, right = "[" if self.low_included else "(", "]" if self.high_included else ")"
        return f"{self.symbol} in {left}{self.low}, {self.high}{right}"


def exact_fraction(value: tuple[int, int, int, int]) -> Fraction:
    """The exact value of a finite raw mpmath float."""
    sign, mantissa, exponent, _ = value
    magnitude = Fraction(mantissa) * Fraction(2) ** exponent
    return -magnitude if sign else magnitude


class Ends(NamedTuple):
    """A box in one variable, in ``x``: its ends (``None``: infinite), and which are open ends of the domain."""

    low: Fraction | None
    high: Fraction | None
    low_open: bool
    high_open: bool


@dataclass(frozen=True)
class Axis:
    """One variable's interval with rational ends (``None``: infinite), split in a parameter ``t``."""

    low: Fraction | None
    high: Fraction | None
    low_open: bool
    high_open: bool

    @classmethod
    def of(cls, variable: Variable) -> Axis:
        """Irrational ends become outer rational bounds (closed: the axis may cover a little more)."""
        low = high = None
        if variable.low != sp.S.NegativeInfinity:
            low = rational(variable.low) if variable.low.is_Rational else exact_fraction(constant(variable.low).lo)
        if variable.high != sp.S.Infinity:
            high = rational(variable.high) if variable.high.is_Rational else exact_fraction(constant(variable.high).hi)
        low_open = low is None or (not variable.low_included and variable.low.is_Rational)
        high_open = high is None or (not variable.high_included and variable.high.is_Rational)
        return cls(low, high, bool(low_open), bool(high_open))

    @property
    def t_range(self) -> tuple[Fraction, Fraction]:
        if self.low is not None and self.high is not None:
            return self.low, self.high
        return Fraction(0 if self.low is not None else -1), Fraction(0 if self.high is not None else 1)

    def x(self, t: Fraction) -> Fraction | None:
        """The image of the parameter ``t`` (``None``: an infinite end)."""
        if self.low is not None and self.high is not None:
            return t
        if self.low is not None:
            return None if t == 1 else self.low + t / (1 - t)
        if self.high is not None:
            return None if t == -1 else self.high + t / (1 + t)
        return None if abs(t) == 1 else t / (1 - abs(t))

    def ends(self, t0: Fraction, t1: Fraction) -> Ends:
        """The image of ``[t0, t1]``, with which of its ends are open ends of the domain."""
        low, high = self.t_range
        return Ends(self.x(t0), self.x(t1), t0 == low and self.low_open, t1 == high and self.high_open)

    def contains(self, exact: Fraction | None, enclosure: Enclosure) -> bool:
        """Whether a number (exact if rational, else its enclosure) is surely a point of the interval."""
        above = surely_below(self.low, exact, enclosure) or (
            exact is not None and exact == self.low and not self.low_open
        )
        below = surely_above(self.high, exact, enclosure) or (
            exact is not None and exact == self.high and not self.high_open
        )
        return above and below

    def describe(self, symbol: sp.Symbol) -> str:
        if self.low is not None and self.high is not None:
            return f"{symbol} split directly on [{self.low}, {self.high}]"
        if self.low is not None:
            offset = f"{self.low} + " if self.low else ""
            return f"{symbol} = {offset}t/(1 - t), t in [0, 1); the last box is [X, +oo)"
        if self.high is not None:
            offset = f"{self.high} + " if self.high else ""
            return f"{symbol} = {offset}t/(1 + t), t in (-1, 0]; the first box is (-oo, X]"
        return f"{symbol} = t/(1 - |t|), t in (-1, 1); the end boxes are (-oo, X] and [X, +oo)"


def rational(value: sp.Expr) -> Fraction:
    """A SymPy rational as a fraction."""
    return Fraction(int(value.p), int(value.q))


def surely_below(low: Fraction | None, exact: Fraction | None, enclosure: Enclosure) -> bool:
    """``low < c`` (``low`` None: minus infinity), for ``c`` given exactly or by an enclosure."""
    if low is None:
        return True
    if exact is not None:
        return low < exact
    return bool(libmp.mpf_lt(Enclosure.between(low, low).hi, enclosure.lo))


def surely_above(high: Fraction | None, exact: Fraction | None, enclosure: Enclosure) -> bool:
    """``c < high`` (``high`` None: plus infinity)."""
    if high is None:
        return True
    if exact is not None:
        return exact < high
    return bool(libmp.mpf_lt(enclosure.hi, Enclosure.between(high, high).lo))
