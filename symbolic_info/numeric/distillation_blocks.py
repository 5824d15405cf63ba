"""The distillation loss's row values, walked in blocks of rows: fused NumPy calls where every logit is finite.

:func:`row_values` cuts the student's and the teacher's logits (2-D, classes last) into blocks of
whole rows. A block whose logits are all finite (no masked class) takes :func:`_finite_block`: the
computation of :func:`.distillation_forms.log_ratios`, :func:`.distillation_forms.student_probabilities`
and the lambdified KL term (:func:`.distillation_forms.term_form`), operation for operation, in
reused buffers, with what they share computed once (``e^{y}``, ``s - t``) and each branch of the term
evaluated only on the entries that take it. What differs: the row sums are BLAS's (matrix products
with ones: as accurate, in another order), the largest of ``x = (s - s_top)/T`` is ``(max s - s_top)/T``
(rounding is monotone: the same number), ``expm1(-|shift|)`` once for the two ``expm1(+-shift)``
(each branch takes the one that is ``<= 0``), and the series' ``u^3`` is ``u * u^2``
(:func:`.block_series.series_into`). A block with a ``-inf`` logit (or a sum that overflows) takes
:func:`generic_values`, the forms on whole arrays, which give the masked classes their limits.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np

from ..formulas.stable import KL_SERIES_RADIUS
from .block_series import series_into
from .chunks import BLOCK, Scratch, row_totals
from .distillation_forms import TERM_SYMBOLS, log_ratios, student_probabilities, term_form
from .kernels import lambdify_numpy

__all__ = ["generic_values", "row_values"]

#: Entries per block: the kernel makes some 60 short NumPy calls a block, which larger blocks amortise.
_BLOCK = 8 * BLOCK
_SERIES_RADIUS = float(KL_SERIES_RADIUS)
#: ``u = tanh(d/2)``: the series region ``|u| <= 1/8`` is ``|d| <= 2 atanh(1/8) = 0.2513...``; ``u`` is computed to a
#: few units in the last place, so a margin far above that: only the entries within it are tested.
_NEAR = 2 * math.atanh(_SERIES_RADIUS) + 1e-9
#: Up to this many classes, a row's maximum is faster as a loop over the columns.
_NARROW = 32


@cache
def _term() -> Callable[..., Any]:
    """The KL term from the logarithms (:func:`.distillation_forms.term_form`), given ``p, q, d, p + q, u``."""
    return lambdify_numpy(TERM_SYMBOLS, term_form())


def generic_values(s: np.ndarray, t: np.ndarray, temperature: float) -> np.ndarray:
    """``T^2 sum_k e^{a_k}(expm1(d_k) - d_k)`` per row from the forms on whole arrays (any logits, ``-inf`` too)."""
    a, d = log_ratios(np, s, t, temperature)
    p, q = np.exp(a), student_probabilities(np, s, temperature)
    change = np.expm1(d)
    terms = np.asarray(_term()(p, q, d, p + q, change / (2.0 + change)), dtype=np.float64)
    terms = np.where((p == 0) & (q == 0), 0.0, terms)
    return np.asarray(np.sum(terms, axis=1) * (temperature * temperature), dtype=np.float64)


def row_values(s: np.ndarray, t: np.ndarray, temperature: float, finite: bool) -> np.ndarray:
    """The loss of each row of the 2-D float64 logits ``s``, ``t`` (``finite``: no ``-inf`` in them), block by block."""
    count, classes = s.shape
    values = np.empty(count)
    scratch = Scratch()
    step = max(1, _BLOCK // classes)
    scale = _Scaled(temperature)
    for start in range(0, count, step):
        rows = slice(start, start + step)
        student, teacher = s[rows], t[rows]
        if finite or math.isfinite(np.add.reduce(student, axis=None) + np.add.reduce(teacher, axis=None)):
            values[rows] = _finite_block(student, teacher, scale, scratch)
        else:
            values[rows] = generic_values(student, teacher, temperature)
    return values


def _row_max(z: np.ndarray, out: np.ndarray) -> np.ndarray:
    """The largest entry of each row (a loop over the columns for many short rows)."""
    if z.shape[1] > _NARROW or z.shape[0] <= _NARROW:
        return np.max(z, axis=1, out=out)
    np.copyto(out, z[:, 0])
    for column in range(1, z.shape[1]):
        np.maximum(out, z[:, column], out=out)
    return out


class _Scaled:
    """Division by the temperature ``T``, as a multiplication by ``1/T`` where that is exact (``T`` a power of 2).

    ``x / 2^k`` and ``x * 2^-k`` are the same correctly rounded number; elsewhere it divides.
    """

    def __init__(self, temperature: float) -> None:
        self.temperature = temperature
        inverse = 1.0 / temperature
        self.inverse = inverse if math.frexp(temperature)[0] == 0.5 and math.isfinite(inverse) else None

    def __call__(self, values: np.ndarray) -> np.ndarray:
        if self.inverse is None:
            np.divide(values, self.temperature, out=values)
        elif self.inverse != 1.0:
            np.multiply(values, self.inverse, out=values)
        return values


def _rest(shifted: np.ndarray, exponentials: np.ndarray, scratch: Scratch) -> np.ndarray:
    """``sum_{j != a} e^{x_j}`` per row (``x`` shifted by the row's maximum, ties counting 1 each), as ``_rest``.

    Where ``x_j = 0`` the exponential is exactly 1, so subtracting the mark ``x_j == 0`` zeroes it
    (a masked copy costs several times more where the marks are scattered).
    """
    at_maximum = np.equal(shifted, 0.0, out=scratch.buffer(0, shifted.shape, "?"))
    others = np.subtract(exponentials, at_maximum, out=scratch.buffer(12, shifted.shape))  # e^0 - 1 = 0
    rest = row_totals(others)
    if np.count_nonzero(at_maximum) != shifted.shape[0]:  # a tie: more than one maximum in some row
        rest += np.count_nonzero(at_maximum, axis=1) - 1.0
    return rest


def _finite_block(s: np.ndarray, t: np.ndarray, scale: _Scaled, scratch: Scratch) -> np.ndarray:
    """:func:`generic_values` for rows of finite logits, in reused buffers (see the module's docstring)."""
    count, classes = shape = s.shape
    temperature = scale.temperature
    largest_t, largest_s = _row_max(t, np.empty(count)), _row_max(s, np.empty(count))
    top = np.equal(t, largest_t[:, None], out=scratch.buffer(0, shape, "?")).argmax(axis=1)  # np.argmax(t), faster
    at_top = np.take(s, top + np.arange(0, count * classes, classes))  # the student's logit at the teacher's top
    y = scale(np.subtract(t, largest_t[:, None], out=scratch.buffer(0, shape)))
    exp_y = np.exp(y, out=scratch.buffer(1, shape))
    rest_t = _rest(y, exp_y, scratch)
    log_rest_t = np.log1p(rest_t)
    shifted_s = scale(np.subtract(s, largest_s[:, None], out=scratch.buffer(2, shape)))
    exp_s = np.exp(shifted_s, out=scratch.buffer(3, shape))
    rest_s = _rest(shifted_s, exp_s, scratch)
    difference = np.subtract(s, t, out=scratch.buffer(4, shape))
    gaps = scratch.buffer(5, shape)
    near = (largest_s - at_top) / temperature <= 1.0  # the largest x = (s - s_top)/T, without NaN: finite logits
    if not near.all():  # ((s - t) - (max s - max t))/T - (log1p(rest_s) - log1p(rest_t))
        scale(np.subtract(difference, (largest_s - largest_t)[:, None], out=gaps))
        np.subtract(gaps, (np.log1p(rest_s) - log_rest_t)[:, None], out=gaps)
    if near.any():
        _near_gaps(difference, s, exp_y, at_top, largest_t, rest_t, scale, near, gaps, scratch)
    # q = softmax(s/T) = exp(x - log(sum e^x)), x shifted by the row's maximum
    q = np.subtract(shifted_s, np.log(row_totals(exp_s))[:, None], out=scratch.buffer(3, shape))
    np.exp(q, out=q)
    p = np.subtract(y, log_rest_t[:, None], out=scratch.buffer(0, shape))  # a = y - log1p(rest_t)
    np.exp(p, out=p)
    return _terms(p, q, gaps, scratch) * (temperature * temperature)


def _near_gaps(
    difference: np.ndarray,
    s: np.ndarray,
    exp_y: np.ndarray,
    at_top: np.ndarray,
    largest_t: np.ndarray,
    rest_t: np.ndarray,
    scale: _Scaled,
    near: np.ndarray,
    gaps: np.ndarray,
    scratch: Scratch,
) -> None:
    """``d`` of the rows in ``near`` (a student near its teacher) from ``e^{x_j} - e^{y_j}``, into ``gaps``."""
    shape = s.shape
    shifts = np.subtract(difference, (at_top - largest_t)[:, None], out=scratch.buffer(6, shape))
    scale(shifts)
    factor = np.negative(np.abs(shifts, out=scratch.buffer(7, shape)), out=scratch.buffer(7, shape))  # -|shift|
    np.expm1(factor, out=factor)  # expm1(-shift) where shift > 0, expm1(shift) elsewhere
    chosen = np.subtract(s, at_top[:, None], out=scratch.buffer(8, shape))
    scale(chosen)
    np.exp(chosen, out=chosen)
    np.negative(chosen, out=chosen)
    _select(np.greater(shifts, 0.0, out=scratch.buffer(1, shape, "?")), chosen, exp_y, chosen, scratch)
    np.multiply(chosen, factor, out=chosen)  # -e^{x} expm1(-shift) where shift > 0, e^{y} expm1(shift) elsewhere
    adjustment = np.log1p(row_totals(chosen) / (1.0 + rest_t))
    if near.all():
        np.subtract(shifts, adjustment[:, None], out=gaps)
    else:
        chosen_rows = np.flatnonzero(near)
        gaps[chosen_rows] = np.subtract(shifts[chosen_rows], adjustment[chosen_rows, None])


def _select(mask: np.ndarray, first: np.ndarray, second: np.ndarray, out: np.ndarray, scratch: Scratch) -> None:
    """``out = where(mask, first, second)`` by bitwise operations on the float64 bits (exact, branch-free).

    ``np.where`` and a masked copy branch on each entry: where the mask is random they cost several
    times more than these five passes. ``out`` may be ``first`` or ``second``; all are C-contiguous float64.
    """
    bits = np.subtract(0, mask, dtype=np.int64, out=scratch.buffer(10, mask.shape, "i8"))  # all ones where mask
    others = np.invert(bits, out=scratch.buffer(11, mask.shape, "i8"))
    np.bitwise_and(first.view(np.int64), bits, out=bits)
    np.bitwise_and(second.view(np.int64), others, out=others)
    np.bitwise_or(bits, others, out=out.view(np.int64))


def _terms(p: np.ndarray, q: np.ndarray, gaps: np.ndarray, scratch: Scratch) -> np.ndarray:
    """The row sums of the KL term from logarithms (``term_form``), each branch on its entries alone."""
    shape = p.shape
    change = np.expm1(gaps, out=scratch.buffer(6, shape))
    terms = np.subtract(change, gaps, out=scratch.buffer(7, shape))
    np.multiply(p, terms, out=terms)  # p (-d + expm1(d)): d <= 1
    flat_p, flat_q, flat_gaps, flat_terms = (array.reshape(-1) for array in (p, q, gaps, terms))
    far = np.flatnonzero(np.greater(gaps, 1.0, out=scratch.buffer(0, shape, "?")))  # d is never NaN here
    if far.size:
        beyond, weight = flat_gaps[far], flat_p[far]
        np.add(beyond, 1.0, out=beyond)
        flat_terms[far] = np.add(np.negative(np.multiply(weight, beyond, out=beyond), out=beyond), flat_q[far])
    candidates = np.flatnonzero(
        np.less_equal(np.abs(gaps, out=scratch.buffer(8, shape)), _NEAR, out=scratch.buffer(0, shape, "?"))
    )
    if candidates.size:
        changes = change.reshape(-1)[candidates]
        total = np.add(changes, 2.0, out=scratch.buffer(9, changes.shape))
        u = np.divide(changes, total, out=changes)
        inside = np.less_equal(np.abs(u, out=total), _SERIES_RADIUS)
        if not inside.all():
            candidates, u = candidates[inside], u[inside]
        total = np.add(np.take(flat_p, candidates), np.take(flat_q, candidates))
        flat_terms[candidates] = series_into(total, u, scratch.buffer(9, u.shape), scratch, 13)
    if not np.minimum.reduce(p, axis=None) > 0:  # p = 0 (e^{a} underflows): the term is q
        vanished = np.flatnonzero(np.equal(p, 0.0, out=scratch.buffer(0, shape, "?")))
        flat_terms[vanished] = flat_q[vanished]
    return row_totals(terms)
