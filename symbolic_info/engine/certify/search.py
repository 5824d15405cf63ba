"""Where an expression may touch 0: a numeric local minimum, and a simple exact number near it.

Nothing here proves anything: the points it proposes are checked exactly by :mod:`.touching`, and an
enclosure below 0 at one of them only refutes. :func:`local_minimum` takes damped Newton steps from a
box's middle at 120 bits; :func:`identify` looks for an exact number close to a coordinate: one of the
box's ends, a rational with a small denominator, ``r K`` or ``r + K`` for a constant ``K`` (``pi``,
``e``, ``1/e``, ``log 2``, ``sqrt 2``, ``sqrt 3``), or a root of a quadratic with small integer
coefficients.

>>> with mpmath.workprec(120):
...     print(identify(mpmath.mpf(1) / 3, (), Fraction(1, 10**20)), identify(mpmath.e / 2, (), Fraction(1, 10**20)))
1/3 E/2
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import mpmath
import sympy as sp
from mpmath import libmp

from .axes import Box, exact_fraction
from .enclosures import Enclosure
from .functions import Compiled
from .programs import constant

__all__ = ["Minimum", "identify", "local_minimum"]

_EXTENT = 2**30  # the numeric search stays within |x| <= this
_CONSTANTS = (sp.pi, sp.E, sp.exp(-1), sp.log(2), sp.sqrt(2), sp.sqrt(3))  # touching points r*K or r + K


@dataclass
class Minimum:
    """A numeric local minimum: the point, the value there and at the start, the size of the last step."""

    point: list[mpmath.mpf]
    value: mpmath.mpf
    start: mpmath.mpf
    step: mpmath.mpf


def _as_mpf(value: Fraction) -> mpmath.mpf:
    return mpmath.mpf(value.numerator) / value.denominator


def _numbers(run: Compiled, key: str, x: Sequence[mpmath.mpf]) -> list[mpmath.mpf] | None:
    """The midpoints of the enclosures at a point (None where undefined or infinite)."""
    values = run.evaluate(key, [Enclosure.exact(v._mpf_) for v in x])
    if values is None:
        return None
    numbers = []
    for value in values:
        if libmp.finf in (value.lo, value.hi) or libmp.fninf in (value.lo, value.hi):
            return None
        numbers.append(mpmath.mpf(libmp.mpf_shift(libmp.mpf_add(value.lo, value.hi, 200), -1)))
    return numbers


def _direction(gradient: list[mpmath.mpf], packed: list[mpmath.mpf], n: int) -> mpmath.matrix:
    """A Newton step, damped until it points downhill (steepest descent as the last resort)."""
    hessian = mpmath.matrix(n, n)
    k = 0
    for i in range(n):
        for j in range(i, n):
            hessian[i, j] = hessian[j, i] = packed[k]
            k += 1
    g = mpmath.matrix(gradient)
    scale = 1 + mpmath.mnorm(hessian, 1)
    for damping in (0, mpmath.mpf(10) ** -20, mpmath.mpf(10) ** -8, mpmath.mpf(10) ** -2, 1):
        try:
            step = mpmath.lu_solve(hessian + damping * scale * mpmath.eye(n), -g)
        except ZeroDivisionError:
            continue
        if sum(step[i] * g[i] for i in range(n)) < 0:
            return step
    return -g / scale


def local_minimum(run: Compiled, box: Box) -> Minimum | None:
    """A local minimum of ``f`` in the box: damped Newton steps from the box's middle (numbers, no proof)."""
    n = len(run.axes)
    if run.program("gradient") is None or run.program("hessian") is None:
        return None
    limits = [
        (
            mpmath.mpf(-_EXTENT) if e.low is None else _as_mpf(e.low),
            mpmath.mpf(_EXTENT) if e.high is None else _as_mpf(e.high),
        )
        for e in run.ends(box)
    ]
    with mpmath.workprec(120):
        x = [_as_mpf(v) for v in run.middle(box)]
        values = _numbers(run, "value", x)
        if values is None:
            return None
        fx = start = values[0]
        moved = mpmath.inf
        for _ in range(30):
            gradient, packed = _numbers(run, "gradient", x), _numbers(run, "hessian", x)
            if gradient is None or packed is None or all(g == 0 for g in gradient):
                break
            step = _direction(gradient, packed, n)
            for _halving in range(10):
                y = [min(max(x[i] + step[i], limits[i][0]), limits[i][1]) for i in range(n)]
                fy = _numbers(run, "value", y)
                if fy is not None and fy[0] <= fx + mpmath.mpf(2) ** -90 * (1 + abs(fx)):
                    break
                step = step / 2
            else:
                break
            moved = max(abs(a - b) for a, b in zip(y, x, strict=True))
            x, fx = y, fy[0]
            if moved <= mpmath.mpf(10) ** -30 * (1 + max(abs(v) for v in x)):
                break
        return Minimum(x, fx, start, moved)


def identify(value: mpmath.mpf, known: Sequence[Fraction | None], tolerance: Fraction) -> sp.Expr | None:
    """A simple exact number within ``tolerance`` of ``value``, or None.

    In this order: one of the ``known`` numbers (the box's ends, where the search started), a rational
    with a small denominator, ``r K`` or ``r + K`` for a constant ``K`` of :data:`_CONSTANTS`, a root of a
    quadratic with small integer coefficients.
    """
    exact = exact_fraction(value._mpf_)
    for end in known:
        if end is not None and abs(end - exact) <= tolerance:
            return sp.Rational(end.numerator, end.denominator)
    for bound in (1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 100, 1000, 10**4, 10**6):
        if bound * bound * tolerance > Fraction(1, 1000):
            break  # every number has approximations p/q within 1/q^2: only a much closer one means anything
        candidate = exact.limit_denominator(bound)
        if abs(candidate - exact) <= tolerance:
            return sp.Rational(candidate.numerator, candidate.denominator)
    if tolerance < Fraction(1, 10**6):
        for known in _CONSTANTS:
            k = exact_fraction(constant(known).lo)
            for ratio, times in ((exact / k, True), (exact - k, False)):
                simple = ratio.limit_denominator(12)
                if simple and abs(simple - ratio) * (k if times else 1) <= tolerance:
                    r = sp.Rational(simple.numerator, simple.denominator)
                    return r * known if times else r + known
        return _quadratic_root(value, tolerance)
    return None


def _quadratic_root(value: mpmath.mpf, tolerance: Fraction) -> sp.Expr | None:
    """A root of ``a t^2 + b t + c`` (small integers) within ``tolerance`` of ``value``, such as ``(3 + sqrt 7)/2``."""
    with mpmath.workdps(30):
        coefficients = mpmath.findpoly(value, 2, maxcoeff=10**4)
    if not coefficients or len(coefficients) != 3:
        return None
    t = sp.Dummy("t")
    for root in sp.Poly([int(c) for c in coefficients], t).all_roots():
        if root.is_real and abs(sp.N(root, 40) - sp.Float(mpmath.nstr(value, 40), 40)) <= float(tolerance) * 2:
            return sp.radsimp(root)
    return None
