"""The distillation loss's row values, walked in blocks of rows: fused NumPy calls where every logit is finite.

:func:`row_values` cuts the student's and the teacher's logits (2-D, classes last) into blocks of
whole rows. A block whose logits are all finite (no masked class) takes :func:`_finite_block`: the
computation of :func:`.distillation_forms.log_ratios`, :func:`.distillation_forms.student_probabilities`
and the lambdified KL term (:func:`.distillation_forms.term_form`), operation for operation, in
reused buffers, with what they share computed once (``e^{y}``, ``s - t``) and each branch of the term
evaluated only on the entries that take it. Rows of at most :data:`_NARROW` classes are transposed
(:class:`_Layout`): a value per row then broadcasts along whole lines, and the row sums are vector
additions in NumPy's own order. The numbers are those of the whole-array forms, except that
``u^3`` in the series is ``u * u^2`` (:func:`.block_series.series_into`: within a unit in the
last place of a term); the rest is the same arithmetic: the largest of ``x = (s - s_top)/T`` is
``(max s - s_top)/T`` (rounding is monotone), ``expm1(-|shift|)`` serves for both ``expm1(+-shift)``
(each branch takes the one that is ``<= 0``), a division by a power-of-two ``T`` is the exact
product with ``1/T``, and the selections are exact. A block with a ``-inf`` logit (or a sum that
overflows) takes :func:`generic_values`, the forms on whole arrays, which give the masked classes
their limits.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np

from ..formulas.stable import KL_SERIES_RADIUS
from .block_series import series_into
from .chunks import BLOCK, Scratch, row_sums
from .distillation_forms import TERM_SYMBOLS, log_ratios, student_probabilities, term_form
from .kernels import lambdify_numpy

__all__ = ["generic_values", "row_values"]

#: Entries per block: the kernel makes some 60 short NumPy calls a block, which larger blocks amortise.
_BLOCK = 8 * BLOCK
_SERIES_RADIUS = float(KL_SERIES_RADIUS)
#: ``u = tanh(d/2)``: the series region ``|u| <= 1/8`` is ``|d| <= 2 atanh(1/8) = 0.2513...``; ``u`` is computed to a
#: few units in the last place, so a margin far above that: only the entries within it are tested.
_NEAR = 2 * math.atanh(_SERIES_RADIUS) + 1e-9
#: Up to this many classes, a block is transposed (:class:`_Layout`).
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
            layout = _Layout(student.shape, scratch)
            values[rows] = _finite_block(layout.fetch(student, 20), layout.fetch(teacher, 21), layout, scale)
        else:
            values[rows] = generic_values(student, teacher, temperature)
    return values


class _Layout:
    """A block's classes along its rows, or, for rows of at most :data:`_NARROW` classes, down its columns.

    Transposed (one column per row of logits), an operation of every entry with a value per row
    runs over long contiguous lines instead of one short row at a time, and the reductions over the
    classes are a few vector operations: several times faster for 10 classes.
    """

    def __init__(self, shape: tuple[int, ...], scratch: Scratch) -> None:
        self.count, self.classes = shape
        self.transposed = self.classes <= _NARROW
        self.axis = 0 if self.transposed else 1
        self.shape = (self.classes, self.count) if self.transposed else (self.count, self.classes)
        self.scratch = scratch

    def fetch(self, block: np.ndarray, slot: int) -> np.ndarray:
        """The block in this layout (a transposed copy into scratch buffer ``slot``, or the block itself)."""
        if not self.transposed:
            return block
        copy = self.scratch.buffer(slot, self.shape)
        np.copyto(copy, block.T)
        return copy

    def buffer(self, slot: int, dtype: str = "f8") -> np.ndarray:
        return self.scratch.buffer(slot, self.shape, dtype)

    def per_row(self, values: np.ndarray) -> np.ndarray:
        """One value per row of logits, shaped to broadcast against the block."""
        return values[None, :] if self.transposed else values[:, None]

    def totals(self, values: np.ndarray) -> np.ndarray:
        """The sum over the classes of each row, in NumPy's order (``np.sum(axis=1)``: the same numbers).

        NumPy sums a row of fewer than 8 entries from left to right, and one of up to 128 in 8
        interleaved partial sums added as a tree, then the rest from left to right; the same
        additions on the columns (whole lines at a time) give the same numbers as ``np.sum(axis=1)``.
        """
        if not self.transposed:
            return row_sums(values)
        classes = values.shape[0]
        if classes < 8:
            sums: np.ndarray = values[0].copy()
            for index in range(1, classes):
                np.add(sums, values[index], out=sums)
            return sums
        whole = classes - classes % 8
        partial = values[:8]
        if whole > 8:
            partial = np.add(values[:8], values[8:16], out=self.scratch.buffer(16, (8, self.count)))
            for start in range(16, whole, 8):
                np.add(partial, values[start : start + 8], out=partial)
        pairs = np.add(partial[0::2], partial[1::2], out=self.scratch.buffer(17, (4, self.count)))
        np.add(pairs[0::2], pairs[1::2], out=pairs[:2])
        sums = np.add(pairs[0], pairs[1])
        for index in range(whole, classes):
            np.add(sums, values[index], out=sums)
        return sums

    def largest(self, values: np.ndarray) -> np.ndarray:
        """The largest entry of each row of logits."""
        largest: np.ndarray = np.max(values, axis=self.axis)
        return largest

    def top(self, values: np.ndarray, largest: np.ndarray) -> np.ndarray:
        """The flat positions of each row's first largest entry (``np.argmax``)."""
        at_largest = np.equal(values, self.per_row(largest), out=self.buffer(0, "?"))
        first: np.ndarray = np.argmax(at_largest, axis=self.axis)  # np.argmax(values) is slower on short rows
        if not self.transposed:
            return first + np.arange(0, self.count * self.classes, self.classes)
        return first * self.count + np.arange(self.count)

    def ties(self, marks: np.ndarray) -> np.ndarray:
        """The number of marked entries in each row."""
        counts: np.ndarray = np.count_nonzero(marks, axis=self.axis)
        return counts


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


def _rest(shifted: np.ndarray, exponentials: np.ndarray, layout: _Layout) -> np.ndarray:
    """``sum_{j != a} e^{x_j}`` per row (``x`` shifted by the row's maximum, ties counting 1 each), as ``_rest``.

    Where ``x_j = 0`` the exponential is exactly 1, so subtracting the mark ``x_j == 0`` zeroes it
    (a masked copy, or the marks' positions, cost several times more: the marks are scattered).
    """
    at_maximum = np.equal(shifted, 0.0, out=layout.buffer(0, "?"))
    rest = layout.totals(np.subtract(exponentials, at_maximum, out=layout.buffer(12)))  # e^0 - 1 = 0
    if np.count_nonzero(at_maximum) != layout.count:  # a tie: more than one maximum in some row
        rest += layout.ties(at_maximum) - 1.0
    return rest


def _finite_block(s: np.ndarray, t: np.ndarray, layout: _Layout, scale: _Scaled) -> np.ndarray:
    """:func:`generic_values` for rows of finite logits, in reused buffers (see the module's docstring)."""
    temperature, row = scale.temperature, layout.per_row
    largest_t, largest_s = layout.largest(t), layout.largest(s)
    at_top = np.take(s, layout.top(t, largest_t))  # the student's logit at the teacher's top class
    y = scale(np.subtract(t, row(largest_t), out=layout.buffer(0)))
    exp_y = np.exp(y, out=layout.buffer(1))
    rest_t = _rest(y, exp_y, layout)
    log_rest_t = np.log1p(rest_t)
    shifted_s = scale(np.subtract(s, row(largest_s), out=layout.buffer(2)))
    exp_s = np.exp(shifted_s, out=layout.buffer(3))
    rest_s = _rest(shifted_s, exp_s, layout)
    difference = np.subtract(s, t, out=layout.buffer(4))
    # Both branches are ((s - t) - c)/T - c' with constants per row: far, c = max s - max t and
    # c' = log1p(rest_s) - log1p(rest_t); near, c = s_top - max t and c' from e^{x_j} - e^{y_j} (_near_adjustment).
    near = (largest_s - at_top) / temperature <= 1.0  # the largest x = (s - s_top)/T, without NaN: finite logits
    gaps = scale(np.subtract(difference, row(np.where(near, at_top, largest_s) - largest_t), out=layout.buffer(5)))
    if near.all():
        after = _near_adjustment(gaps, s, exp_y, at_top, rest_t, scale, layout)
    else:
        after = np.log1p(rest_s) - log_rest_t
        if near.any():
            after = np.where(near, _near_adjustment(gaps, s, exp_y, at_top, rest_t, scale, layout), after)
    np.subtract(gaps, row(after), out=gaps)
    # q = softmax(s/T) = exp(x - log(sum e^x)), x shifted by the row's maximum
    q = np.subtract(shifted_s, row(np.log(layout.totals(exp_s))), out=layout.buffer(3))
    np.exp(q, out=q)
    p = np.subtract(y, row(log_rest_t), out=layout.buffer(0))  # a = y - log1p(rest_t)
    np.exp(p, out=p)
    return _terms(p, q, gaps, layout) * (temperature * temperature)


def _near_adjustment(
    shifts: np.ndarray,
    s: np.ndarray,
    exp_y: np.ndarray,
    at_top: np.ndarray,
    rest_t: np.ndarray,
    scale: _Scaled,
    layout: _Layout,
) -> np.ndarray:
    """``log1p(sum_j (e^{x_j} - e^{y_j}) / (1 + rest_t))`` per row, ``d = shift - it`` (a student near its teacher).

    ``shift = ((s - t) - (s_top - max t))/T``; rows that are not near come out as anything (even NaN).
    """
    factor = np.negative(np.abs(shifts, out=layout.buffer(7)), out=layout.buffer(7))  # -|shift|
    np.expm1(factor, out=factor)  # expm1(-shift) where shift > 0, expm1(shift) elsewhere
    chosen = scale(np.subtract(s, layout.per_row(at_top), out=layout.buffer(8)))
    np.exp(chosen, out=chosen)
    np.negative(chosen, out=chosen)
    _select(np.greater(shifts, 0.0, out=layout.buffer(1, "?")), chosen, exp_y, chosen, layout.scratch)
    np.multiply(chosen, factor, out=chosen)  # -e^{x} expm1(-shift) where shift > 0, e^{y} expm1(shift) elsewhere
    adjustment: np.ndarray = np.log1p(layout.totals(chosen) / (1.0 + rest_t))
    return adjustment


def _select(mask: np.ndarray, first: np.ndarray, second: np.ndarray, out: np.ndarray, scratch: Scratch) -> None:
    """``out = where(mask, first, second)`` by bitwise operations on the float64 bits (exact, branch-free).

    ``np.where`` and a masked copy branch on each entry: where the mask is random they cost several
    times more than these four passes (``second ^ ((first ^ second) & mask)``). ``out`` may be ``first``
    or ``second``; all are C-contiguous float64.
    """
    bits = np.subtract(0, mask, dtype=np.int64, out=scratch.buffer(10, mask.shape, "i8"))  # all ones where mask
    other = second.view(np.int64)
    np.bitwise_and(
        np.bitwise_xor(first.view(np.int64), other, out=scratch.buffer(11, mask.shape, "i8")), bits, out=bits
    )
    np.bitwise_xor(other, bits, out=out.view(np.int64))


def _terms(p: np.ndarray, q: np.ndarray, gaps: np.ndarray, layout: _Layout) -> np.ndarray:
    """The row sums of the KL term from logarithms (``term_form``), each branch on its entries alone."""
    scratch, shape = layout.scratch, p.shape
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
    return layout.totals(terms)
