"""Entropy, cross-entropy and the generalised KL divergence of probability rows.

Each is a row sum of a stable elementwise term from :mod:`symbolic_info.formulas.stable`. The NumPy path walks the
rows in cache-sized blocks (:mod:`.chunks`) with the term written out as fused NumPy calls:
``-sum p log p`` is ``np.log`` into a reused buffer and one dot product (``np.vecdot``). Whatever the fused code
cannot take exactly (zeros, an infinite logarithm, the KL series region) is handed to the
lambdified stable form (:func:`.kernels.kernel`), so both compute the same expression.

>>> float(entropy([0.5, 0.25, 0.25], base=2))
1.5
>>> float(kl_divergence([0.5, 0.5], [0.5, 0.5]))
0.0
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..errors import InvalidArgumentError, InvalidProbabilityError
from ..formulas.stable import KL_SERIES_RADIUS, KL_SERIES_TERMS
from . import lazy
from .array_api import generic_path
from .arrays import as_real_array, axis_index, broadcast, is_lazy, raise_probability_error, restore, sum_tolerance
from .chunks import Kernel, Scratch, as_tiles, row_dot, row_sums, walk
from .kernels import kernel, math_kernel
from .options import check_reduction, reduced, result_dtype, typed
from .small import Rows, as_result, reduce_rows, small_path, tiny_rows

__all__ = ["check_measure", "cross_entropy", "entropy", "kl_divergence", "log_base"]

# Term by term, the fused KL form is accurate for c <= |log(p/q)| <= 708 (c just above 2 atanh(1/8), the edge
# of the series region |u| <= 1/8); a block's fused total is kept when it is at least 1/32 of the block's sum of p.
_SERIES_EDGE = 2 * math.atanh(float(KL_SERIES_RADIUS)) + 1e-4
_NORMAL_EDGE = 708.0
_MIDDLE, _HALF_WIDTH = (_SERIES_EDGE + _NORMAL_EDGE) / 2, (_NORMAL_EDGE - _SERIES_EDGE) / 2
_SERIES_RADIUS = float(KL_SERIES_RADIUS)
_SMALLEST_NORMAL = float(np.finfo(np.float64).tiny)
_LARGEST = float(np.finfo(np.float64).max)
_FUSED_MARGIN = 32.0
#: ``1/3, 1/5, ..., 1/(2K+1)``: the coefficients of ``atanh(u) - u = u^3 (1/3 + u^2/5 + ...)``.
_SERIES_COEFFICIENTS = tuple(1.0 / (2 * k + 1) for k in range(1, KL_SERIES_TERMS + 1))


def log_base(base: object) -> float | None:
    """``log(base)`` for a valid base, None for natural units."""
    if base is None:
        return None
    if isinstance(base, bool) or not isinstance(base, (int, float, np.integer, np.floating)):
        raise InvalidArgumentError(f"base must be a number, got {base!r}")
    if not (math.isfinite(base) and base > 0 and base != 1):
        raise InvalidArgumentError(f"a logarithm base must be positive, finite and not 1, got {base!r}")
    return math.log(base)


def _with_fallback(values: np.ndarray, blocks: Sequence[np.ndarray], name: str) -> np.ndarray:
    """Rows whose fused value is not finite, recomputed with the lambdified stable term (0 log 0 = 0 and friends)."""
    if math.isfinite(np.add.reduce(values, axis=None)):
        return values
    bad = ~np.isfinite(values)
    if bad.any():
        values[bad] = row_sums(kernel(name)(*(block[bad] for block in blocks)))
    return values


def _entropy_block(blocks: Sequence[np.ndarray], scratch: Scratch) -> np.ndarray:
    (p,) = blocks
    logs = np.log(p, out=scratch.buffer(0, p.shape))
    values = -row_dot(p, logs)
    if math.isfinite(np.add.reduce(values, axis=None)):
        return values
    values = -row_dot(p, np.maximum(logs, -_LARGEST, out=logs))  # log 0 = -inf: a finite stand-in gives 0 log 0 = 0
    return _with_fallback(values, blocks, "entropy_term")  # NaN (a negative entry) stays NaN


def _cross_entropy_block(blocks: Sequence[np.ndarray], scratch: Scratch) -> np.ndarray:
    """``-sum p log q`` per row; NaN for a row where ``log q`` is NaN (``q < 0`` or NaN), whatever ``p`` is there.

    A negative ``q`` has no other trace: the row sums can still be 1, and the fix-up below for
    ``0 log 0 = 0`` would zero its NaN where ``p = 0``. So the mark is taken before the fix-up.
    """
    p, q = blocks
    logs = np.log(q, out=scratch.buffer(0, q.shape))
    values = -row_dot(p, logs)
    if not math.isfinite(np.add.reduce(values, axis=None)):  # 0 log 0 = 0 where p = 0; p log 0 = -inf stays
        invalid = np.isnan(logs).any(axis=1)
        np.copyto(logs, 0.0, where=np.equal(p, 0.0, out=scratch.buffer(0, p.shape, "?")))
        values = _with_fallback(-row_dot(p, logs), blocks, "cross_entropy_term")
        values[invalid] = math.nan
    return values


def _kl_series(p: np.ndarray, q: np.ndarray, scratch: Scratch) -> tuple[np.ndarray, np.ndarray]:
    """``t u^2 - t (1 - u) u^3 P(u^2)`` (the truncated series form) for 1-D ``p, q``, and where ``|u| <= 1/8``."""
    size = p.shape
    total, u, square, nested = (scratch.buffer(slot, size) for slot in range(5, 9))
    np.add(p, q, out=total)
    np.subtract(q, p, out=u)
    np.divide(u, total, out=u)
    np.multiply(u, u, out=square)
    nested.fill(_SERIES_COEFFICIENTS[-1])
    for coefficient in reversed(_SERIES_COEFFICIENTS[:-1]):
        np.multiply(nested, square, out=nested)
        np.add(nested, coefficient, out=nested)
    np.multiply(nested, square, out=nested)
    np.multiply(nested, u, out=nested)  # u^3 P(u^2): the series of atanh(u) - u
    inside = np.abs(u) <= _SERIES_RADIUS  # False for p = 0 (u = 1) and NaN
    np.subtract(1.0, u, out=u)
    np.multiply(nested, u, out=nested)
    np.subtract(square, nested, out=nested)
    np.multiply(nested, total, out=nested)
    return nested, inside


def _kl_block(blocks: Sequence[np.ndarray], scratch: Scratch) -> np.ndarray:
    """The generalised KL terms of a block, summed per row: ``p log(p/q) + (q - p)`` fused, where that is exact enough.

    The fused form loses accuracy only near ``p = q`` (``|log(p/q)| < c``), and there its absolute
    error is below ``2.3 u p`` (``u = 2^-53``: the rounding of ``p/q``, the logarithm's own error,
    the product). So when the block's total ``T`` is at least ``P/32`` (``P = sum p``), those errors
    add up to less than ``1e-14 T`` and the fused total stands (a term with ``p = 0`` is ``q``).
    Otherwise (a small divergence), and for infinities and ratios ``p/q`` that are not normal
    doubles, the block is redone term by term (:func:`_kl_block_exact`).
    """
    p, q = blocks
    ratio, logs, terms, products = (scratch.buffer(slot, p.shape) for slot in range(4))
    np.divide(p, q, out=ratio)
    np.log(ratio, out=logs)
    np.subtract(q, p, out=terms)
    np.multiply(p, logs, out=products)
    totals = row_sums(np.add(terms, products, out=products))
    smallest = ratio.min()
    overall = np.add.reduce(totals, axis=None)
    if math.isnan(overall):
        # p = 0: log(0/q) = -inf (or NaN for q = 0), and the term is q: a finite stand-in for the logarithm
        # makes p log(p/q) = 0. (Negative and NaN inputs fail the checks on the row sums and minima.)
        np.fmax(logs, -_LARGEST, out=logs)
        totals = row_sums(np.add(terms, np.multiply(p, logs, out=products), out=products))
        zero = np.equal(p, 0.0, out=scratch.buffer(0, p.shape, "?"))
        smallest = np.fmin.reduce(np.add(ratio, zero, out=ratio), axis=None)  # only p > 0 count here
        overall = np.add.reduce(totals, axis=None)
    # An infinite total is exact only where some p > 0 meets q = 0; p/q also overflows for a tiny q > 0
    # (0.5/5e-324), and there the term is p (log p - log q), finite: both go term by term.
    if smallest >= _SMALLEST_NORMAL and math.isfinite(overall) and np.all(totals * _FUSED_MARGIN >= row_sums(p)):
        return totals
    return _kl_block_exact(p, q, scratch)


def _kl_block_exact(p: np.ndarray, q: np.ndarray, scratch: Scratch) -> np.ndarray:
    """Each term to a few units in the last place: fused where ``c <= |log(p/q)| <= 708``, else series or kernel."""
    ratio, logs, terms = (scratch.buffer(slot, p.shape) for slot in range(3))
    exact = scratch.buffer(0, p.shape, "?")
    np.divide(p, q, out=ratio)
    np.log(ratio, out=logs)
    np.subtract(q, p, out=terms)
    np.multiply(p, logs, out=ratio)
    np.add(terms, ratio, out=terms)
    np.abs(logs, out=logs)
    np.subtract(logs, _MIDDLE, out=logs)
    np.abs(logs, out=logs)
    np.less_equal(logs, _HALF_WIDTH, out=exact)  # False for NaN too
    np.logical_not(exact, out=exact)
    wild = np.flatnonzero(exact)
    if wild.size:
        flat_p, flat_q, flat_terms = p.reshape(-1), q.reshape(-1), terms.reshape(-1)
        near_p = np.take(flat_p, wild, out=scratch.buffer(3, wild.shape))
        near_q = np.take(flat_q, wild, out=scratch.buffer(4, wild.shape))
        series, inside = _kl_series(near_p, near_q, scratch)
        flat_terms[wild] = series
        rest = wild[~inside]
        zero = flat_p[rest] == 0.0
        flat_terms[rest[zero]] = flat_q[rest[zero]]  # the kernel's first branch: t(0, q) = q
        rest = rest[~zero]
        if rest.size:
            flat_terms[rest] = kernel("kl_term")(flat_p[rest], flat_q[rest])
    return row_sums(terms)


def _reduce(
    named: list[tuple[object, str]],
    axis: int,
    base: object,
    block: Kernel,
    term: str,
    minima: Sequence[int],
    reduction: str = "none",
    logs: Sequence[int] = (),
) -> Any:
    """Row sums of ``block`` over the probability arrays ``named``; ``minima``: the arrays whose sign NaN cannot reveal.

    A negative or non-finite entry makes the fused value NaN or the row sum wrong, except a
    negative entry the formula does not take a logarithm of: those arrays are in ``minima``.
    ``logs`` holds the arrays given as log-probabilities: their exponentials are the rows checked.
    The arrays are walked tile by tile in their own layout (no transposed or converted copy).
    """
    scale = log_base(base)
    if any(is_lazy(value) for value, _ in named):
        if logs or reduction != "none":
            raise InvalidArgumentError("dask arrays take log_p=False, log_q=False and reduction='none' only (for now)")
        return lazy.reduction(term, named, axis, scale)
    arrays = broadcast(*((as_real_array(value, name), name) for value, name in named))
    position = axis_index(arrays[0].ndim, axis)
    tiles = [as_tiles(array, position) for array in arrays]
    linear = [index for index in range(len(arrays)) if index not in logs]
    with np.errstate(all="ignore"):
        result = walk(tiles, block, linear, [index for index in minima if index not in logs])
        for index in logs:
            _check_log_rows(arrays[index], tiles[index], named[index][1], position)
    tolerances = [sum_tolerance(arrays[index].dtype, arrays[index].shape[position]) for index in linear]
    sums_ok = all(np.all(np.abs(total - 1) <= tol) for total, tol in zip(result.sums, tolerances, strict=True))
    if not (sums_ok and all(lowest >= 0 for lowest in result.minima)) or np.isnan(result.values).any():
        for index in linear:
            raise_probability_error(arrays[index], named[index][1], position)
        names = " and ".join(name for _, name in named)
        raise InvalidProbabilityError(f"{names}: invalid probability rows (a NaN came out)")  # pragma: no cover
    values = result.values + 0.0  # no -0.0
    if scale is not None:
        values = values / scale
    dtype = result_dtype(*arrays)
    if reduction == "none":
        return typed(restore(values, arrays[0].shape, position), dtype)
    count = {"mean": values.size, "batchmean": arrays[0].shape[0] if arrays[0].ndim > 1 else 1}.get(reduction)
    return typed(reduced(values, "sum" if count is None else "mean", count), dtype)


def _no_value(blocks: Sequence[np.ndarray], scratch: Scratch) -> np.ndarray:
    """A block function that computes nothing: the walk takes the row sums and minima that are the checks."""
    return np.zeros(blocks[0].shape[0])


def check_measure(
    arguments: Sequence[object],
    *,
    axis: int = -1,
    base: object = None,
    log_p: object = False,
    log_q: object = False,
    reduction: object = "none",
    reductions: Sequence[str] = ("none", "mean", "sum"),
) -> None:
    """Every check the measure of ``arguments`` (``(p,)`` or ``(p, q)``) makes, in its order, without its value.

    The gradients' validation: one pass of row sums and minima (on the small path, a few NumPy calls).

    >>> check_measure([[0.5, 0.6]])
    Traceback (most recent call last):
    ...
    symbolic_info.errors.InvalidProbabilityError: p sums to 1.1 along the axis, not 1 (tolerance 1e-06; ...)
    """
    check_reduction(reduction, reductions)
    flags = _flags(log_p, log_q)[: len(arguments)]
    named = [
        (value, f"log_{name}" if flag else name) for value, name, flag in zip(arguments, "pq", flags, strict=False)
    ]
    logs = tuple(index for index, flag in enumerate(flags) if flag)
    values = tuple(arguments)
    if not logs and (tiny_rows(values, axis) is not None or reduce_rows(values, axis, _no_value) is not None):
        log_base(base)
        return
    linear = tuple(index for index in range(len(named)) if index not in logs)
    _reduce(named, axis, base, _no_value, "entropy_term", linear, "none", logs)


def _check_log_rows(array: np.ndarray, tiles: np.ndarray, name: str, position: int) -> None:
    """Log-probability rows: ``sum_i e^{a_i}`` within the tolerance of 1 (NaN and ``+inf`` fail it too)."""

    def exponential_sums(blocks: Sequence[np.ndarray], scratch: Scratch) -> np.ndarray:
        return row_sums(np.exp(blocks[0], out=scratch.buffer(0, blocks[0].shape)))

    sums = walk([tiles], exponential_sums).values
    tolerance = sum_tolerance(array.dtype, array.shape[position])
    if not np.all(np.abs(sums - 1) <= tolerance):  # False for NaN
        if np.isnan(array).any() or (array == math.inf).any():
            bad = np.argwhere(np.isnan(array) | (array == math.inf))[0]
            raise InvalidProbabilityError(f"{name} has an entry {float(array[tuple(bad)])!r} at {tuple(map(int, bad))}")
        total = float(sums[np.abs(sums - 1) > tolerance][0])
        raise InvalidProbabilityError(
            f"{name} holds log-probabilities whose exponentials sum to {total:.15g} along the axis, not 1 "
            f"(tolerance {tolerance:g}; rows are never renormalised)"
        )


def _log_kl_block(log_p: bool, log_q: bool) -> Kernel:
    """KL terms from logarithms: ``a = log p`` and ``b = log q``, given or taken (``stable-kl-from-logs``)."""

    def block(blocks: Sequence[np.ndarray], scratch: Scratch) -> np.ndarray:
        a = blocks[0] if log_p else np.log(blocks[0])
        b = blocks[1] if log_q else np.log(blocks[1])
        return row_sums(kernel("kl_term_from_logs")(a, b))

    return block


def _log_cross_entropy_block(log_p: bool) -> Kernel:
    """Cross-entropy terms ``-p b`` with ``b = log q`` given (0 where ``p = 0``)."""

    def block(blocks: Sequence[np.ndarray], scratch: Scratch) -> np.ndarray:
        p = np.exp(blocks[0]) if log_p else blocks[0]
        return row_sums(kernel("cross_entropy_term_from_logs")(p, blocks[1]))

    return block


def _flags(log_p: object, log_q: object) -> tuple[bool, bool]:
    for name, flag in (("log_p", log_p), ("log_q", log_q)):
        if not isinstance(flag, (bool, np.bool_)):
            raise InvalidArgumentError(f"{name} must be True or False, got {flag!r}")
    return bool(log_p), bool(log_q)


def _small_result(rows: Rows | None, base: object, reduction: str) -> Any:
    """The small path's row values finished as :func:`_reduce` finishes them (None: the general path)."""
    if rows is None:
        return None
    scale = log_base(base)
    if not rows.kept and reduction == "none" and isinstance(rows.values, list):  # one row of Python floats
        value = rows.values[0] + 0.0
        return rows.dtype.type(value if scale is None else value / scale)
    values = np.asarray(rows.values) + 0.0  # no -0.0
    if scale is not None:
        values = values / scale
    if reduction == "none":
        return as_result(values, rows.kept, rows.dtype)
    count = {"mean": values.size, "batchmean": rows.shape[0] if len(rows.shape) > 1 else 1}.get(reduction)
    return typed(reduced(values, "sum" if count is None else "mean", count), rows.dtype)


def _rows(values: tuple[object, ...], axis: object, term: str, block: Kernel, logged: tuple[int, ...]) -> Rows | None:
    """Each row's value on the small path: Python floats for a few entries, else the block once (None: declined)."""
    tiny = tiny_rows(values, axis)
    if tiny is not None:
        rows = tiny.reduced(math_kernel(term))
        if rows is not None:
            return rows
    return reduce_rows(values, axis, block, logged)


def _small_entropy(p: Any, *, axis: int = -1, base: float | None = None) -> Any:
    return _small_result(_rows((p,), axis, "entropy_term", _entropy_block, (0,)), base, "none")


def _small_measure(
    term: str, block: Kernel, logged: tuple[int, ...], reductions: tuple[str, ...]
) -> Callable[..., Any]:
    """The small path of a measure of ``(p, q)`` (no ``log_p``/``log_q``: those go to the general path)."""

    def small(
        p: Any,
        q: Any,
        *,
        axis: int = -1,
        base: Any = None,
        log_p: Any = False,
        log_q: Any = False,
        reduction: str = "none",
    ) -> Any:
        chosen = check_reduction(reduction, reductions)
        if any(_flags(log_p, log_q)):
            return None
        return _small_result(_rows((p, q), axis, term, block, logged), base, chosen)

    return small


@generic_path
@small_path(_small_entropy)
def entropy(p: Any, *, axis: int = -1, base: float | None = None) -> Any:
    """Shannon entropy ``H(p) = -sum_i p_i log p_i`` of each probability row along ``axis``.

    ``0 log 0 = 0``. Rows must be finite, nonnegative and sum to 1 within
    :data:`~symbolic_info.numeric.arrays.SUM_TOLERANCE` (``1e-6``); they are never renormalised.
    ``base=None`` gives nats, ``base=2`` bits. A 1-D input gives a scalar.

    >>> float(entropy([0.5, 0.5], base=2))
    1.0
    >>> entropy([[1.0, 0.0], [0.5, 0.5]]).round(6).tolist()
    [0.0, 0.693147]
    """
    return _reduce([(p, "p")], axis, base, _entropy_block, "entropy_term", minima=())


@generic_path
@small_path(_small_measure("cross_entropy_term", _cross_entropy_block, (1,), ("none", "mean", "sum")))
def cross_entropy(
    p: Any,
    q: Any,
    *,
    axis: int = -1,
    base: float | None = None,
    log_p: bool = False,
    log_q: bool = False,
    reduction: str = "none",
) -> Any:
    """Cross-entropy ``H(p, q) = -sum_i p_i log q_i`` of probability rows (broadcast together), in that order.

    ``0 log q = 0`` (also for ``q = 0``); ``p_i > 0`` where ``q_i = 0`` gives ``+inf``. Both
    arguments are checked like :func:`entropy`'s (rows sum to 1 within ``1e-6``). With ``log_p``
    or ``log_q`` that argument holds log-probabilities (``-inf`` for 0; the exponentials of a row
    sum to 1), and ``-p_i log q_i`` is taken as ``-p_i b_i`` directly (``stable-kl-from-logs``).
    ``reduction``: ``"none"`` (one value per row, default), ``"sum"``, ``"mean"`` (over rows).

    >>> float(cross_entropy([1.0, 0.0], [0.5, 0.5], base=2))
    1.0
    >>> float(cross_entropy([0.5, 0.5], [1.0, 0.0]))
    inf
    >>> float(cross_entropy([1.0, 0.0], [0.0, -1000.0], log_q=True))  # -log q_1 with log q_1 = 0
    0.0
    """
    chosen = check_reduction(reduction)
    flags = _flags(log_p, log_q)
    named: list[tuple[object, str]] = [(p, "log_p" if flags[0] else "p"), (q, "log_q" if flags[1] else "q")]
    if any(flags):
        logs = [index for index, flag in enumerate(flags) if flag]
        block = _log_cross_entropy_block(flags[0])
        if not flags[1]:  # q given: its logarithm taken here (0 -> -inf), then the same kernel
            block = _with_log_q(block)
        return _reduce(named, axis, base, block, "cross_entropy_term", (), chosen, logs)
    return _reduce(named, axis, base, _cross_entropy_block, "cross_entropy_term", (0,), chosen)


def _with_log_q(block: Kernel) -> Kernel:
    """``block`` handed ``log q`` for a block of ``q``."""

    def logged(blocks: Sequence[np.ndarray], scratch: Scratch) -> np.ndarray:
        return block([blocks[0], np.log(blocks[1])], scratch)

    return logged


@generic_path
@small_path(_small_measure("kl_term", _kl_block, (0, 1), ("none", "mean", "sum", "batchmean")))
def kl_divergence(
    p: Any,
    q: Any,
    *,
    axis: int = -1,
    base: float | None = None,
    log_p: bool = False,
    log_q: bool = False,
    reduction: str = "none",
) -> Any:
    """The KL divergence ``D(p || q)``, in this order, as ``sum_i [p_i log(p_i/q_i) - p_i + q_i]``.

    On the simplex the extra terms add up to 0, so this is ``D(p || q)``; every term is
    ``>= 0``, so the sum never comes out negative and is exactly 0 when ``p == q``. Near
    ``p = q`` each term is summed from a series (no cancellation): the relative error stays
    near machine precision even when the divergence is ``1e-24``. ``0 log(0/q) = 0``;
    ``p_i > 0`` where ``q_i = 0`` gives ``+inf``. Rows sum to 1 within ``1e-6``.

    >>> float(kl_divergence([1.0, 0.0], [0.5, 0.5], base=2))
    1.0
    >>> float(kl_divergence([0.5, 0.5], [0.5 + 2**-40, 0.5 - 2**-40]))  # 2^-79 (1 + 2^-80 + ...)
    1.6543612251060553e-24

    ``log_p``/``log_q``: that argument holds log-probabilities (``-inf`` for 0), and each term is
    taken from the logarithms, ``e^a (expm1(d) - d)`` with ``d = log q - log p`` (or its series
    near ``p = q``), never through ``exp(log q)``: at ``log q = -800`` the value stays finite
    (``stable-kl-from-logs``). PyTorch's ``F.kl_div(log_q, p)`` is ``kl_divergence(p, log_q, log_q=True)``
    (the arguments swapped). ``reduction``: ``"none"`` (one value per row, default), ``"sum"``,
    ``"mean"`` (over rows), ``"batchmean"`` (the sum over the size of the first axis, PyTorch's).

    >>> float(kl_divergence([0.5, 0.5], [-800.0, np.log1p(-np.exp(-800.0))], log_q=True))
    399.3068528194401
    """
    chosen = check_reduction(reduction, ("none", "mean", "sum", "batchmean"))
    flags = _flags(log_p, log_q)
    named: list[tuple[object, str]] = [(p, "log_p" if flags[0] else "p"), (q, "log_q" if flags[1] else "q")]
    if any(flags):
        logs = [index for index, flag in enumerate(flags) if flag]
        return _reduce(named, axis, base, _log_kl_block(*flags), "kl_term", (), chosen, logs)
    return _reduce(named, axis, base, _kl_block, "kl_term", (0, 1), chosen)
