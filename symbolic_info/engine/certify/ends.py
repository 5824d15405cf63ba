"""The ends of interval enclosures: mpmath's raw floats rounded outward, one function per operation.

Every function here takes an end ``x`` (a raw mpmath float) and a rounding direction (:data:`FLOOR`
for a lower end, :data:`CEILING` for an upper one) and returns a bound on ``f(x)`` in that direction,
using mpmath's directed rounding (``mpf_add(..., round_floor)``, the primitives ``mpmath.iv`` is built
on). Transcendental functions are computed at :data:`WORKING` bits and widened outward by ``2**10``
units in the last place of that precision, so that the bounds hold even if mpmath's last bits were
off. Beyond ``+-2**24`` the arguments of ``exp`` and its kin are bounded by the value there (an
``exp(exp(exp(x)))`` with ``x >= 1000`` is ``[huge, +inf)``, not a computation with 10^217-bit numbers).

>>> import mpmath
>>> with mpmath.workdps(60):
...     mpmath.make_mpf(exp_end(ONE, FLOOR)) < mpmath.e < mpmath.make_mpf(exp_end(ONE, CEILING))
True
>>> log_end(ZERO, FLOOR) == NINF, log_end(ONE, CEILING) == ZERO
(True, True)
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import TypeAlias

from mpmath import libmp

from ...errors import InvalidArgumentError, SymbolicInfoError

__all__ = [
    "ASINH",
    "ATAN",
    "CEILING",
    "FLOOR",
    "INF",
    "NAN",
    "NINF",
    "ONE",
    "PRECISION",
    "SINH",
    "TANH",
    "WORKING",
    "ZERO",
    "Mpf",
    "Undefined",
    "Unsupported",
    "add_end",
    "as_raw",
    "atanh_end",
    "cosh_end",
    "exp_end",
    "expm1_end",
    "from_fraction",
    "is_finite",
    "less",
    "log1p_end",
    "log_end",
    "mul_end",
    "power_end",
    "sign_of",
    "widen",
]

#: Bits of precision of the interval ends.
PRECISION = 96
WORKING = PRECISION + 40  # transcendental functions are computed at this precision, then widened
_SLACK = WORKING - 10  # ... by |y| * 2**-_SLACK

#: An mpmath raw float: (sign, mantissa, exponent, bitcount).
Mpf: TypeAlias = tuple[int, int, int, int]

FLOOR: str = libmp.round_floor
CEILING: str = libmp.round_ceiling
ZERO: Mpf = libmp.fzero
ONE: Mpf = libmp.fone
INF: Mpf = libmp.finf
NINF: Mpf = libmp.fninf
NAN: Mpf = libmp.fnan
_HUGE: Mpf = libmp.from_int(2**24)  # exp and its kin: arguments beyond +-_HUGE are bounded by the value there
_NEGATIVE_HUGE: Mpf = libmp.from_int(-(2**24))


class Undefined(SymbolicInfoError, ArithmeticError):
    """An operation's argument may leave its domain on the box (``definite``: it does at every point)."""

    def __init__(self, message: str, *, definite: bool = False) -> None:
        super().__init__(message)
        self.definite = definite


class Unsupported(InvalidArgumentError):
    """An expression uses something the compiler has no interval version of."""


def as_raw(value: object) -> Mpf:
    """A raw mpmath float with its type (mpmath has no type information)."""
    result: Mpf = value  # type: ignore[assignment]
    return result


def sign_of(a: Mpf) -> int:
    """-1, 0 or 1."""
    return int(libmp.mpf_sign(a))


def less(a: Mpf, b: Mpf) -> bool:
    """``a < b``."""
    return bool(libmp.mpf_lt(a, b))


def is_finite(a: Mpf) -> bool:
    """Not an infinity (ends are never nan)."""
    return a not in (INF, NINF)


def from_fraction(value: Fraction, rounding: str) -> Mpf:
    """A rational rounded to :data:`PRECISION` bits in the direction ``rounding``."""
    result: Mpf = libmp.from_rational(value.numerator, value.denominator, PRECISION, rounding)
    return result


def add_end(a: Mpf, b: Mpf, rounding: str) -> Mpf:
    result: Mpf = libmp.mpf_add(a, b, PRECISION, rounding)
    return result


def mul_end(a: Mpf, b: Mpf, rounding: str) -> Mpf:
    if a == ZERO or b == ZERO:
        return ZERO  # 0 * inf = 0: an infinite end is a limit, the product at the points is 0
    result: Mpf = libmp.mpf_mul(a, b, PRECISION, rounding)
    return result


def widen(y: Mpf, rounding: str) -> Mpf:
    """``y`` (computed at the working precision) moved outward by ``|y| 2**-_SLACK``, at :data:`PRECISION`."""
    if not is_finite(y) or y == ZERO:
        return y
    slack = libmp.mpf_shift(libmp.mpf_abs(y), -_SLACK)
    if rounding == FLOOR:
        moved: Mpf = libmp.mpf_sub(y, slack, PRECISION, FLOOR)
    else:
        moved = libmp.mpf_add(y, slack, PRECISION, CEILING)
    return moved


def _clamped(end: Callable[[Mpf, str], Mpf], at_ninf: Mpf, at_inf: Mpf) -> Callable[[Mpf, str], Mpf]:
    """An increasing function's end, with arguments beyond ``+-_HUGE`` bounded by its value at ``+-_HUGE``.

    ``exp(exp(exp(x)))`` at ``x = 1000`` would make mpmath compute with 10^217-bit integers: beyond
    ``_HUGE`` the lower end uses ``f(_HUGE)`` and the upper end the limit ``at_inf`` (and symmetrically).
    """

    def clamped(x: Mpf, rounding: str) -> Mpf:
        if libmp.mpf_gt(x, _HUGE):
            return end(_HUGE, rounding) if rounding == FLOOR else at_inf
        if libmp.mpf_lt(x, _NEGATIVE_HUGE):
            return at_ninf if rounding == FLOOR else end(_NEGATIVE_HUGE, rounding)
        return end(x, rounding)

    return clamped


def _exp_unclamped(x: Mpf, rounding: str) -> Mpf:
    if x == ZERO:
        return ONE
    return widen(libmp.mpf_exp(x, WORKING, rounding), rounding)


exp_end = _clamped(_exp_unclamped, ZERO, INF)


def log_end(x: Mpf, rounding: str) -> Mpf:
    """``log(x)`` for ``x >= 0`` (``log 0 = -inf``, ``log 1 = 0`` exactly)."""
    if x == ZERO:
        return NINF
    if x == ONE:
        return ZERO
    return widen(libmp.mpf_log(x, WORKING, rounding), rounding)


def log1p_end(x: Mpf, rounding: str) -> Mpf:
    """``log(1 + x)`` for ``x >= -1``; ``1 + x`` is formed exactly."""
    return log_end(libmp.mpf_add(ONE, x, 0), rounding) if is_finite(x) else INF


def _expm1_unclamped(x: Mpf, rounding: str) -> Mpf:
    if x == ZERO:
        return x
    _, _, exponent, bitcount = x
    extra = max(0, -(exponent + bitcount)) + 10  # cancellation in exp(x) - 1 for small x
    e = libmp.mpf_exp(x, WORKING + extra, rounding)
    return widen(libmp.mpf_sub(e, ONE, WORKING, rounding), rounding)


expm1_end = _clamped(_expm1_unclamped, as_raw(libmp.mpf_neg(ONE)), INF)


def atanh_end(x: Mpf, rounding: str) -> Mpf:
    """``atanh(x) = log1p(2x / (1 - x)) / 2`` for ``-1 <= x <= 1`` (infinite at the ends)."""
    if x == ONE:
        return INF
    if x == libmp.mpf_neg(ONE):
        return NINF
    if x == ZERO:
        return ZERO
    ratio = libmp.mpf_div(libmp.mpf_shift(x, 1), libmp.mpf_sub(ONE, x, 0), WORKING, rounding)
    return as_raw(libmp.mpf_shift(log1p_end(ratio, rounding), -1))


def _library_end(function: Callable[[Mpf, int, str], Mpf], at_ninf: Mpf, at_inf: Mpf) -> Callable[[Mpf, str], Mpf]:
    """An increasing mpmath function with known limits, widened (``f(0) = 0`` exactly)."""

    def end(x: Mpf, rounding: str) -> Mpf:
        if x == ZERO:
            return ZERO
        return widen(function(x, WORKING, rounding), rounding)

    return _clamped(end, at_ninf, at_inf)


def _half_pi(rounding: str) -> Mpf:
    return widen(libmp.mpf_shift(libmp.mpf_pi(WORKING, rounding), -1), rounding)


def _asinh(x: Mpf, prec: int, rounding: str) -> Mpf:
    # asinh(x) = sign(x) log(|x| + sqrt(x^2 + 1)); each step rounded in the direction of the result
    negative = sign_of(x) < 0
    a = libmp.mpf_abs(x)
    inner_rounding = CEILING if (rounding == CEILING) != negative else FLOOR
    root = libmp.mpf_sqrt(libmp.mpf_add(libmp.mpf_mul(a, a), ONE, 0), prec, inner_rounding)
    value = libmp.mpf_log(libmp.mpf_add(a, root, prec, inner_rounding), prec, inner_rounding)
    return as_raw(libmp.mpf_neg(value) if negative else value)


def _sinh(x: Mpf, prec: int, rounding: str) -> Mpf:
    return as_raw(libmp.mpf_cosh_sinh(x, prec, rounding)[1])


ATAN = _library_end(libmp.mpf_atan, libmp.mpf_neg(_half_pi(CEILING)), _half_pi(CEILING))
TANH = _library_end(libmp.mpf_tanh, libmp.mpf_neg(ONE), ONE)
SINH = _library_end(_sinh, NINF, INF)
ASINH = _library_end(_asinh, NINF, INF)


def _cosh_unclamped(x: Mpf, rounding: str) -> Mpf:
    """``cosh`` on ``x >= 0`` (increasing there)."""
    if x == ZERO:
        return ONE
    return widen(libmp.mpf_cosh_sinh(x, WORKING, rounding)[0], rounding)


cosh_end = _clamped(_cosh_unclamped, ONE, INF)  # only used on x >= 0


def power_end(x: Mpf, n: int, rounding: str) -> Mpf:
    """``x**n`` for ``x >= 0`` and ``n >= 1``, by squaring (every factor >= 0, so one rounding direction holds)."""
    result, base = ONE, x
    while True:
        if n & 1:
            result = mul_end(result, base, rounding)
        n >>= 1
        if not n:
            return result
        base = mul_end(base, base, rounding)
