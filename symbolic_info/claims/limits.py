"""The ends of the domain: one-sided limits of a claim's sides, and points that approach an end.

Sampling cannot reach ``x = 10**5000`` or ``n = 10**1000``, but a limit can: when the sides of a
claim have limits at an end of the domain that violate the relation (``log(x) <= 8``: the left side
tends to infinity), points closer and closer to that end are tried until one is a counterexample
(which is then re-checked like any other). A limit is a guide to where to look, never a verdict on
its own. Limits are SymPy's, each bounded in time (:func:`timed_limit`).

>>> import sympy as sp
>>> x = sp.Symbol("x", positive=True)
>>> timed_limit(sp.log(x), x, sp.oo, "-")
oo
>>> violates(sp.oo, Relation.LE, sp.Integer(8), None)
True
>>> [str(value) for value in approaching(sp.oo, "-", sp.Integer(0))][:3]
['100', '10000', '100000000']
>>> len(list(approaching(sp.oo, "-", sp.Integer(0))))  # up to 10**4096: printable, and within mpmath's reach
12
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction
from types import FrameType

import sympy as sp

from ..engine.obligations import Relation

__all__ = ["LIMIT_SECONDS", "approaching", "timed_limit", "violates"]

#: Seconds SymPy may spend on one limit.
LIMIT_SECONDS = 2.0
#: Points approach an end as 10**(2**j) (or 10**-(2**j) from a finite end) for j = 1..APPROACH_STEPS.
APPROACH_STEPS = 12


class _Expired(Exception):
    pass


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    def expire(signum: int, frame: FrameType | None) -> None:
        raise _Expired

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def timed_limit(expr: sp.Basic, variable: sp.Symbol, end: sp.Basic, direction: str) -> sp.Basic | None:
    """SymPy's one-sided limit of ``expr`` (None when it fails, is not a real number or infinity, or takes too long).

    The time bound needs the main thread of the process (where the claim checker's search runs);
    elsewhere no limit is taken.
    """
    if threading.current_thread() is not threading.main_thread():
        return None
    try:
        with _alarm(LIMIT_SECONDS):
            value = sp.limit(expr, variable, end, direction)
    except (_Expired, Exception):  # SymPy raises many kinds of errors on limits it cannot take
        return None
    if value in (sp.S.Infinity, sp.S.NegativeInfinity):
        return value
    if not (value.is_number and value.is_extended_real and value.is_finite):
        return None
    return value


def violates(left: sp.Basic, relation: Relation, right: sp.Basic, tolerance: sp.Basic | None) -> bool:
    """Whether limits ``left`` and ``right`` (reals or infinities) violate the relation *strictly*.

    Equal limits never count (``exp(-x) > 0`` has both sides tend to 0, yet holds everywhere).
    """
    if left == right or relation is Relation.NE:  # different limits show no point where the sides are equal
        return False
    if relation is Relation.EQ:
        return True
    if relation is Relation.APPROX:
        if left.is_infinite or right.is_infinite:
            return True
        return bool(sp.Abs(left - right) > tolerance)
    greater = bool(sp.Gt(left, right))
    return greater if relation in (Relation.LE, Relation.LT) else not greater


def approaching(end: sp.Basic, direction: str, width: sp.Basic) -> Iterator[Fraction]:
    """Exact points closer and closer to ``end``: ``±10**(2**j)`` at an infinity, ``end ± width 10**-(2**j)`` else."""
    for step in range(1, APPROACH_STEPS + 1):
        power = Fraction(10) ** (2**step)
        if end is sp.S.Infinity:
            yield power
        elif end is sp.S.NegativeInfinity:
            yield -power
        else:
            offset = Fraction(int(sp.Rational(width).p), int(sp.Rational(width).q)) / power
            exact = _rational(end, offset)
            yield exact + offset if direction == "+" else exact - offset


def _rational(end: sp.Basic, offset: Fraction) -> Fraction:
    """``end`` exactly when rational, else to within a thousandth of ``offset`` (``log(2) + 10**-60``).

    The point ``end ± offset`` then stays on its side of ``end``, at nearly the distance asked for.
    """
    if end.is_Rational:
        rational = sp.Rational(end)
        return Fraction(int(rational.p), int(rational.q))
    magnitude = max(1, abs(int(sp.N(end, 20))))
    digits = len(str(magnitude)) + len(str(offset.denominator)) - len(str(offset.numerator)) + 10
    return Fraction(str(sp.N(end, digits)))
