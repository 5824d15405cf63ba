"""Interval enclosures with open and closed ends, and the operations on them, rounded outward.

An :class:`Enclosure` of a value ``v`` over a set of points is ``[lo, hi]`` with ``lo <= v <= hi`` at
every point, and ``lo < v`` when ``lo_open`` (``v < hi`` when ``hi_open``); an infinite end is always
open (a limit, never a value). ``x`` on ``(0, 1]`` is ``(0, 1]``, ``log`` of it is ``(-oo, 0]``,
defined at every point, and ``x > 0`` is proved from the open end. Two things ``mpmath.iv`` does not
have and a proof needs: these open ends, and domains: every operation checks that its argument lies
in its domain at every point (``log`` needs ``> 0``, ``sqrt`` ``>= 0``, a division a nonzero
denominator) and otherwise raises :class:`~.ends.Undefined` (``definite=True`` when the argument is
outside the domain at every point), where ``mpmath.iv`` gives ``log([0, 1]) = [-inf, 0]`` silently.

>>> log(Enclosure.between(0, 1, low_open=True))
(-inf, 0]
>>> power_int(Enclosure.between(-1, 2), 2)  # an even power over a sign change is >= 0, not x*x = [-2, 4]
[0, 4]
>>> log(Enclosure.between(0, 1))
Traceback (most recent call last):
...
symbolic_info.engine.certify.ends.Undefined: log of an argument that may be <= 0
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction

from mpmath import libmp

from .ends import (
    CEILING,
    FLOOR,
    INF,
    NAN,
    NINF,
    ONE,
    PRECISION,
    ZERO,
    Mpf,
    Undefined,
    add_end,
    as_raw,
    atanh_end,
    exp_end,
    expm1_end,
    from_fraction,
    is_finite,
    less,
    log1p_end,
    log_end,
    mul_end,
    power_end,
    sign_of,
)

__all__ = [
    "Enclosure",
    "absolute",
    "add",
    "atanh",
    "exp",
    "expm1_",
    "increasing",
    "log",
    "log1p_",
    "maximum",
    "minimum",
    "mul",
    "neg",
    "power",
    "power_int",
    "power_rational",
    "reciprocal",
    "sqrt",
    "sub",
    "xlog1py_",
    "xlogy_",
]


class Enclosure:
    """Bounds ``[lo, hi]`` of a value over a set of points, each end open (never attained) or closed.

    >>> Enclosure.between(0, 1, low_open=True)
    (0, 1]
    >>> Enclosure.between(Fraction(1, 3), None)
    [0.33333333333333333333333333333, +inf)
    >>> third = Enclosure.between(Fraction(1, 3), Fraction(1, 3))  # 1/3 is no binary number: two ends around it
    >>> third.lo != third.hi
    True
    """

    __slots__ = ("hi", "hi_open", "lo", "lo_open")

    def __init__(self, lo: Mpf, hi: Mpf, lo_open: bool = False, hi_open: bool = False) -> None:
        if lo in (NAN, INF) or hi in (NAN, NINF) or libmp.mpf_gt(lo, hi):
            raise Undefined("an interval operation gave no valid bounds")
        self.lo = lo
        self.hi = hi
        self.lo_open = lo_open or lo == NINF
        self.hi_open = hi_open or hi == INF

    @classmethod
    def between(
        cls,
        low: Fraction | int | None,
        high: Fraction | int | None,
        *,
        low_open: bool = False,
        high_open: bool = False,
    ) -> Enclosure:
        """The interval between two rationals (``None``: unbounded), rounded outward."""
        lo = NINF if low is None else from_fraction(Fraction(low), FLOOR)
        hi = INF if high is None else from_fraction(Fraction(high), CEILING)
        return cls(lo, hi, low_open, high_open)

    @classmethod
    def exact(cls, value: Mpf) -> Enclosure:
        return cls(value, value)

    def lower(self) -> float:
        """The lower end as a float (for display and tests)."""
        return float(libmp.to_float(self.lo))

    def upper(self) -> float:
        return float(libmp.to_float(self.hi))

    def positive(self) -> bool:
        """Every value is > 0."""
        return sign_of(self.lo) > 0 or (self.lo == ZERO and self.lo_open)

    def nonnegative(self) -> bool:
        return sign_of(self.lo) >= 0

    def negative(self) -> bool:
        return sign_of(self.hi) < 0 or (self.hi == ZERO and self.hi_open)

    def nonpositive(self) -> bool:
        return sign_of(self.hi) <= 0

    def contains_zero(self) -> bool:
        return not (self.positive() or self.negative())

    def __repr__(self) -> str:
        def show(end: Mpf) -> str:
            if end == INF:
                return "+inf"
            if end == NINF:
                return "-inf"
            text: str = libmp.to_str(end, 29)
            return text[:-2] if text.endswith(".0") else text

        return f"{'(' if self.lo_open else '['}{show(self.lo)}, {show(self.hi)}{')' if self.hi_open else ']'}"


def neg(a: Enclosure) -> Enclosure:
    return Enclosure(libmp.mpf_neg(a.hi), libmp.mpf_neg(a.lo), a.hi_open, a.lo_open)


def add(a: Enclosure, b: Enclosure) -> Enclosure:
    lo_open, hi_open = a.lo_open or b.lo_open, a.hi_open or b.hi_open
    return Enclosure(add_end(a.lo, b.lo, FLOOR), add_end(a.hi, b.hi, CEILING), lo_open, hi_open)


def sub(a: Enclosure, b: Enclosure) -> Enclosure:
    return add(a, neg(b))


def _least(values: Sequence[Mpf]) -> Mpf:
    best = values[0]
    for value in values[1:]:
        if less(value, best):
            best = value
    return best


def _greatest(values: Sequence[Mpf]) -> Mpf:
    best = values[0]
    for value in values[1:]:
        if less(best, value):
            best = value
    return best


def mul(a: Enclosure, b: Enclosure) -> Enclosure:
    if (a.lo == a.hi == ZERO) or (b.lo == b.hi == ZERO):
        return Enclosure.exact(ZERO)  # 0 times any real number
    if a.nonnegative() and b.nonnegative():
        # x > a.lo >= 0 and y >= b.lo > 0 (or y > b.lo >= 0) give x y > a.lo b.lo; likewise at the top
        lo_open = (a.lo_open and (b.lo_open or sign_of(b.lo) > 0)) or (b.lo_open and (a.lo_open or sign_of(a.lo) > 0))
        hi_open = (a.hi_open and sign_of(b.hi) > 0) or (b.hi_open and sign_of(a.hi) > 0)
        return Enclosure(mul_end(a.lo, b.lo, FLOOR), mul_end(a.hi, b.hi, CEILING), lo_open, hi_open)
    if a.nonpositive():
        return neg(mul(neg(a), b))
    if b.nonpositive():
        return neg(mul(a, neg(b)))
    ends = [(x, y) for x in (a.lo, a.hi) for y in (b.lo, b.hi)]
    return Enclosure(
        _least([mul_end(x, y, FLOOR) for x, y in ends]), _greatest([mul_end(x, y, CEILING) for x, y in ends])
    )


def reciprocal(a: Enclosure) -> Enclosure:
    if a.positive():
        lo = ZERO if a.hi == INF else libmp.mpf_div(ONE, a.hi, PRECISION, FLOOR)
        hi = INF if a.lo == ZERO else libmp.mpf_div(ONE, a.lo, PRECISION, CEILING)
        return Enclosure(lo, hi, a.hi_open, a.lo_open)
    if a.negative():
        return neg(reciprocal(neg(a)))
    raise Undefined("division by a value that may be 0", definite=a.lo == a.hi == ZERO)


def increasing(a: Enclosure, end: Callable[[Mpf, str], Mpf]) -> Enclosure:
    """A strictly increasing function, from its values at the ends (open ends stay open)."""
    return Enclosure(end(a.lo, FLOOR), end(a.hi, CEILING), a.lo_open, a.hi_open)


def exp(a: Enclosure) -> Enclosure:
    return increasing(a, exp_end)


def log(a: Enclosure) -> Enclosure:
    if not a.positive():
        raise Undefined("log of an argument that may be <= 0", definite=a.nonpositive())
    return increasing(a, log_end)


def log1p_(a: Enclosure) -> Enclosure:
    if not add(a, Enclosure.exact(ONE)).positive():
        raise Undefined("log1p of an argument that may be <= -1", definite=not less(libmp.mpf_neg(ONE), a.hi))
    return increasing(a, log1p_end)


def expm1_(a: Enclosure) -> Enclosure:
    return increasing(a, expm1_end)


def atanh(a: Enclosure) -> Enclosure:
    one = Enclosure.exact(ONE)
    if not (add(one, a).positive() and sub(one, a).positive()):
        outside = not less(a.lo, ONE) or not less(libmp.mpf_neg(ONE), a.hi)
        raise Undefined("atanh of an argument that may be outside (-1, 1)", definite=outside)
    return increasing(a, atanh_end)


def sqrt(a: Enclosure) -> Enclosure:
    if not a.nonnegative():
        raise Undefined("sqrt of an argument that may be < 0", definite=a.negative())

    def end(x: Mpf, rounding: str) -> Mpf:
        return x if not is_finite(x) else as_raw(libmp.mpf_sqrt(x, PRECISION, rounding))

    return increasing(a, end)


def absolute(a: Enclosure) -> Enclosure:
    if a.nonnegative():
        return a
    if a.nonpositive():
        return neg(a)
    top_of_negatives = libmp.mpf_neg(a.lo)
    if less(a.hi, top_of_negatives):
        return Enclosure(ZERO, top_of_negatives, False, a.lo_open)
    if less(top_of_negatives, a.hi):
        return Enclosure(ZERO, a.hi, False, a.hi_open)
    return Enclosure(ZERO, a.hi, False, a.hi_open and a.lo_open)


def power_int(a: Enclosure, n: int) -> Enclosure:
    """``a**n`` for an integer ``n``: even powers are ``>= 0`` however the argument's sign varies."""
    if n < 0:
        return reciprocal(power_int(a, -n))
    if n == 0:
        return Enclosure.exact(ONE)
    if n % 2 == 0:
        a = absolute(a)

    def end(x: Mpf, rounding: str) -> Mpf:  # x**n is increasing for odd n, and for even n on x >= 0
        if sign_of(x) >= 0:
            return power_end(x, n, rounding)
        return libmp.mpf_neg(power_end(libmp.mpf_neg(x), n, CEILING if rounding == FLOOR else FLOOR))  # type: ignore[no-any-return]

    return increasing(a, end)


def power_rational(a: Enclosure, p: int, q: int) -> Enclosure:
    """``a**(p/q)`` for a non-integer ``p/q``: the real power, defined for ``a >= 0`` (``a > 0`` if ``p < 0``)."""
    if p < 0:
        return reciprocal(power_rational(a, -p, q))
    if not a.nonnegative():
        raise Undefined("a fractional power of a value that may be < 0", definite=a.negative())
    if q == 2:
        return power_int(sqrt(a), p)
    exponent = Enclosure.between(Fraction(p, q), Fraction(p, q))

    def end(x: Mpf, rounding: str) -> Mpf:
        if x in (ZERO, INF):
            return x
        thin = exp(mul(exponent, log(Enclosure.exact(x))))
        return thin.lo if rounding == FLOOR else thin.hi

    return increasing(a, end)


def power(a: Enclosure, b: Enclosure) -> Enclosure:
    """``a**b = exp(b log a)`` for a base that is > 0 at every point."""
    if not a.positive():
        raise Undefined("a real power of a base that may be <= 0")
    return exp(mul(b, log(a)))


def minimum(a: Enclosure, b: Enclosure) -> Enclosure:
    if less(a.lo, b.lo):
        lo, lo_open = a.lo, a.lo_open
    elif less(b.lo, a.lo):
        lo, lo_open = b.lo, b.lo_open
    else:
        lo, lo_open = a.lo, a.lo_open and b.lo_open
    if less(a.hi, b.hi):
        hi, hi_open = a.hi, a.hi_open
    elif less(b.hi, a.hi):
        hi, hi_open = b.hi, b.hi_open
    else:
        hi, hi_open = a.hi, a.hi_open or b.hi_open
    return Enclosure(lo, hi, lo_open, hi_open)


def maximum(a: Enclosure, b: Enclosure) -> Enclosure:
    return neg(minimum(neg(a), neg(b)))


def xlogy_(a: Enclosure, b: Enclosure) -> Enclosure:
    """``x log y`` (0 where ``x = 0``); the enclosure asks for ``y > 0`` at every point."""
    return mul(a, log(b))


def xlog1py_(a: Enclosure, b: Enclosure) -> Enclosure:
    return mul(a, log1p_(b))
