"""Independent cross-checks shared by the tests: mpmath oracles, finite differences, error measures, textbook formulas.

One set of constants decides how every numeric comparison is made, so two test files cannot
quietly check the same thing with different precisions:

* an **mpmath oracle** evaluates a formula written out by hand (never the code under test) on the
  exact float inputs, at :data:`ORACLE_DIGITS` digits, or more where the formula itself cancels
  (:func:`digits_for`); the accuracy suite keeps :data:`REFERENCE_DIGITS` and, for ``1 - p`` with
  ``p`` down to ``1e-300``, :data:`EXTENDED_DIGITS`;
* a **finite difference** is a central difference, in float64 with step :data:`DIFFERENCE_STEP`,
  or in mpmath with step :data:`SECOND_DIFFERENCE_STEP` for second derivatives;
* an **error** is either :func:`relative_error` of a float against an exact mpmath value (floored at
  :data:`SMALLEST_NORMAL`), or the NumPy rule ``|actual - expected| <= atol + rtol |expected|`` of
  :func:`assert_close`; both assertion helpers name the worst entry when they fail.

The textbook formulas at the end are the naive definitions (``sigma(z) = 1 / (1 + e^{-z})``, ...):
they cancel in float64 but not with enough digits, which is what makes them an oracle for the
stable forms the package evaluates.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

import mpmath
import numpy as np

__all__ = [
    "CLOSE_RTOL",
    "DIFFERENCE_RTOL",
    "DIFFERENCE_STEP",
    "EXTENDED_DIGITS",
    "NATS_PER_DIGIT",
    "ORACLE_DIGITS",
    "REFERENCE_DIGITS",
    "SECOND_DIFFERENCE_STEP",
    "SMALLEST_NORMAL",
    "TINY",
    "assert_close",
    "assert_relative_error",
    "central_difference",
    "digits_for",
    "evaluate",
    "exact",
    "exact_all",
    "relative_error",
    "second_differences",
    "sigmoid",
]

T = TypeVar("T")

# ---------------------------------------------------------------- constants

#: Digits of the mpmath oracle: 50, three times float64's 17, so the oracle's own rounding never shows.
ORACLE_DIGITS = 50
#: Digits of the accuracy suite's references (``tests/test_numeric_accuracy.py``): the oracle's 50 and 10 guard digits.
REFERENCE_DIGITS = 60
#: Digits where ``1 - p`` must keep its accuracy for ``p`` down to ``1e-300``: 300 lost to cancellation, 100 kept.
EXTENDED_DIGITS = 400
#: ``ln 10`` rounded down: ``1 - sigma(z)`` is about ``e^{-|z|}``, so a naive form loses ``|z| / 2.3`` digits to it.
NATS_PER_DIGIT = 2.3
#: Step of a float64 central difference: truncation ``~ h^2 f''' ~ 1e-12``, rounding ``~ eps f / h ~ 1e-10``.
DIFFERENCE_STEP = 1e-6
#: Relative tolerance against a float64 central difference at :data:`DIFFERENCE_STEP`, well above both errors.
DIFFERENCE_RTOL = 1e-7
#: Step of the mpmath central second differences (as a decimal string, read at the working precision):
#: truncation ``~ h^2 ~ 1e-24``, rounding ``~ 10^-ORACLE_DIGITS / h^2 ~ 1e-26``.
SECOND_DIFFERENCE_STEP = "1e-12"
#: The smallest normal double: the denominator floor of :func:`relative_error`.
SMALLEST_NORMAL = float(np.finfo(np.float64).tiny)
#: The absolute floor of :func:`assert_close`: below every normal double, so only relative agreement counts.
TINY = 1e-300
#: The default relative tolerance of :func:`assert_close`: about 18 units in the last place of a double.
CLOSE_RTOL = 4e-15


# ---------------------------------------------------------------- mpmath evaluation


def exact(value: Any) -> Any:
    """The float ``value`` as an mpmath number, exactly (a double is a dyadic rational; no rounding happens)."""
    return mpmath.mpf(float(value))


def exact_all(values: Iterable[Any]) -> list[Any]:
    """:func:`exact` of every entry of ``values``."""
    return [exact(value) for value in values]


def digits_for(*scores: float, base: int = ORACLE_DIGITS) -> int:
    """Digits for a naive formula that forms ``1 - sigma(z)``: ``base`` more than the ``|z| / 2.3`` it cancels.

    >>> digits_for(0.0), digits_for(230.0), digits_for(-23.0, base=REFERENCE_DIGITS)
    (50, 150, 70)
    """
    return base + int(max(abs(z) for z in scores) / NATS_PER_DIGIT)


def evaluate(function: Callable[..., T], *arguments: Any, digits: int = ORACLE_DIGITS) -> T:
    """``function`` at ``digits`` digits, each float argument read exactly (a sequence of floats entry by entry).

    Arguments that are already mpmath numbers, or sequences of them, are passed on unchanged.
    """
    with mpmath.workdps(digits):
        return function(*(_as_exact(argument) for argument in arguments))


def _as_exact(argument: Any) -> Any:
    if isinstance(argument, mpmath.mpf):
        return argument
    if isinstance(argument, (int, float, np.floating, np.integer)):
        return exact(argument)
    return [_as_exact(entry) for entry in argument]


# ---------------------------------------------------------------- errors


def relative_error(ours: Any, exact_value: Any) -> float:
    """``|ours - exact| / max(|exact|, smallest normal)`` for a float ``ours``; 0 for equal infinities.

    mpmath rounds the difference and the quotient correctly, so the measure itself is exact to
    the last bit of its float result at any working precision.

    >>> relative_error(0.1, mpmath.mpf(1) / 10) < 1e-16
    True
    """
    value = exact(ours)
    if mpmath.isinf(exact_value) or mpmath.isinf(value) or mpmath.isnan(value):
        return 0.0 if value == exact_value else math.inf
    return float(abs(value - exact_value) / max(abs(exact_value), mpmath.mpf(SMALLEST_NORMAL)))


def assert_relative_error(ours: Any, exact_values: Any, bound: float, what: str = "") -> None:
    """Assert ``relative_error(ours[k], exact[k]) <= bound`` for every ``k`` (or for one pair of scalars).

    On failure the message gives the worst ``k``, its two values and its error.
    """
    floats = np.ravel(np.asarray(ours, dtype=float))
    exacts = list(exact_values) if isinstance(exact_values, (Sequence, np.ndarray)) else [exact_values]
    assert len(floats) == len(exacts), f"{what}: {len(floats)} values against {len(exacts)} references"
    errors = [relative_error(value, reference) for value, reference in zip(floats, exacts, strict=True)]
    worst = max(range(len(errors)), key=lambda k: errors[k])
    assert errors[worst] <= bound, (
        f"{what + ': ' if what else ''}relative error {errors[worst]:.3g} > {bound:g} at entry {worst} of "
        f"{len(errors)}: ours {float(floats[worst])!r}, exact {mpmath.nstr(exacts[worst], 20)}"
    )


def assert_close(actual: Any, expected: Any, rtol: float = CLOSE_RTOL, atol: float = TINY) -> None:
    """Assert ``|actual - expected| <= atol + rtol |expected|`` entrywise, as :func:`numpy.testing.assert_allclose`.

    Both sides are read as float64 arrays (mpmath values are rounded to the nearest double). On
    failure the message gives the worst entry (the one furthest beyond its tolerance) and how many fail.
    """
    got, want = np.asarray(actual, dtype=float), np.asarray(expected, dtype=float)
    try:
        np.testing.assert_allclose(got, want, rtol=rtol, atol=atol)
    except AssertionError as failure:
        raise AssertionError(_worst_case(got, want, rtol, atol) + "\n" + str(failure)) from None


def _worst_case(got: np.ndarray, want: np.ndarray, rtol: float, atol: float) -> str:
    try:
        got, want = np.broadcast_arrays(got, want)
    except ValueError:
        return f"shapes differ: actual {got.shape}, expected {want.shape}"
    with np.errstate(invalid="ignore", over="ignore"):
        excess = np.abs(got - want) - (atol + rtol * np.abs(want))
    excess = np.where(np.isnan(excess) & ~(np.isnan(got) & np.isnan(want)), np.inf, excess)
    excess = np.where(got == want, -np.inf, excess)  # equal infinities agree
    index = np.unravel_index(int(np.argmax(excess)), excess.shape) if excess.size else ()
    failing = int(np.sum(excess > 0))
    with np.errstate(divide="ignore", invalid="ignore"):
        relative = abs(got[index] - want[index]) / abs(want[index]) if want[index] != 0 else math.inf
    return (
        f"worst entry {tuple(int(i) for i in index)}: actual {float(got[index])!r}, expected {float(want[index])!r}, "
        f"relative error {relative:.3g} (rtol {rtol:g}, atol {atol:g}); {failing} of {excess.size} outside"
    )


# ---------------------------------------------------------------- finite differences


def central_difference(
    function: Callable[[np.ndarray], Any], at: np.ndarray, step: float = DIFFERENCE_STEP
) -> np.ndarray:
    """``d function / d at`` by float64 central differences, one coordinate at a time; the last axis is the coordinate.

    >>> central_difference(lambda v: v[0] ** 2 + 3 * v[1], np.array([1.0, 2.0])).round(6)
    array([2., 3.])
    """
    columns = []
    for k in range(at.size):
        shift = np.zeros_like(at)
        shift.flat[k] = step
        columns.append((np.asarray(function(at + shift)) - np.asarray(function(at - shift))) / (2 * step))
    return np.stack(columns, axis=-1)


def second_differences(
    function: Callable[[list[Any]], Any], point: Sequence[Any], digits: int = ORACLE_DIGITS
) -> list[list[Any]]:
    """The Hessian of ``function`` at ``point`` by mpmath central second differences at :data:`SECOND_DIFFERENCE_STEP`.

    ``function`` takes a list of mpmath numbers; everything runs at ``digits`` digits (error ``~1e-24``).
    """
    with mpmath.workdps(digits):
        step = mpmath.mpf(SECOND_DIFFERENCE_STEP)
        size = len(point)

        def at(*shifts: tuple[int, int]) -> Any:
            moved = list(point)
            for index, sign in shifts:
                moved[index] += sign * step
            return function(moved)

        return [
            [
                (at((a, 1), (b, 1)) - at((a, 1), (b, -1)) - at((a, -1), (b, 1)) + at((a, -1), (b, -1))) / (4 * step**2)
                for b in range(size)
            ]
            for a in range(size)
        ]


# ---------------------------------------------------------------- textbook formulas


def sigmoid(z: Any) -> Any:
    """``sigma(z) = 1 / (1 + e^{-z})``, naively, in mpmath (give it enough digits: see :func:`digits_for`)."""
    return 1 / (1 + mpmath.exp(-z))
