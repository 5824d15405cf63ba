"""Softmax, log-softmax and the softmax cross-entropy of logits, row by row along ``axis``.

All three come from the stable forms of :mod:`symbolic_info.formulas.stable`: with ``a`` a position of the largest
logit ``m = z_a`` and ``s = sum_{j != a} e^{z_j - m}`` (every exponent ``<= 0``),
``log softmax_k = (z_k - m) - log1p(s)`` and ``softmax_k = e^{z_k - m} / (1 + s)``. Leaving the
``j = a`` term (exactly 1) out of ``s`` is what keeps the tiny log-probability of a dominant
class: ``log1p(s)`` of ``s = 1e-20`` is ``1e-20``, where ``log(1 + s)`` would give 0.

>>> log_softmax([0.0, -50.0]).tolist()  # [-e^-50, -50 - e^-50]
[-1.9287498479639178e-22, -50.0]
>>> float(softmax_cross_entropy([[2.0, 0.0], [0.0, 2.0]], [0, 1])) == float(np.log1p(np.exp(-2.0)))
True
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..errors import InvalidArgumentError
from . import lazy
from .arrays import as_float_array, broadcast, check_finite, check_probabilities, is_lazy, rows
from .chunks import BLOCK, Scratch, row_sums
from .kernels import kernel

__all__ = ["log_softmax", "softmax", "softmax_cross_entropy"]


_NARROW = 32  # up to this many classes, a row maximum is faster as a loop over columns


def _row_max(z: np.ndarray, scratch: Scratch) -> np.ndarray:
    """The largest entry of each row of a 2-D block."""
    if z.shape[1] > _NARROW:
        largest: np.ndarray = np.max(z, axis=1)
        return largest
    largest = scratch.buffer(2, z.shape[:1])
    np.copyto(largest, z[:, 0])
    for column in range(1, z.shape[1]):
        np.maximum(largest, z[:, column], out=largest)
    return largest


def _shifted(z: np.ndarray, scratch: Scratch) -> tuple[np.ndarray, np.ndarray]:
    """``d = z - m`` for the rows of a block, and ``s = sum_{j != a} e^{d_j}`` (``a``: one position of the maximum).

    The entries with ``d_j = 0`` are the maxima (``x - y = 0`` only when ``x == y``); each has
    ``e^0 = 1`` exactly, so ``s`` is the sum over ``d_j < 0`` plus one for every tie beyond the first.
    """
    shifted = np.subtract(z, _row_max(z, scratch)[:, None], out=scratch.buffer(0, z.shape))
    exponentials = np.exp(shifted, out=scratch.buffer(1, z.shape))
    at_maximum = np.equal(shifted, 0.0, out=scratch.buffer(0, z.shape, "?"))
    np.copyto(exponentials, 0.0, where=at_maximum)
    rest = exponentials @ np.ones(z.shape[1])
    if np.count_nonzero(at_maximum) != z.shape[0]:
        rest += np.count_nonzero(at_maximum, axis=1) - 1
    return shifted, rest


def _row_blocks(table: np.ndarray) -> range:
    return range(0, table.shape[0], max(1, BLOCK // table.shape[1]))


def _rowwise(z: Any, axis: int, fill: Callable[[np.ndarray, np.ndarray, Scratch], None], name: str) -> Any:
    """Apply ``fill(block, out_block, scratch)`` to the rows of ``z`` along ``axis``; same shape out."""
    if is_lazy(z):
        return lazy.rowwise(name, z, axis)
    logits = as_float_array(z, "z")
    check_finite(logits, "z")
    table = rows(logits, axis)
    result = np.empty_like(table)
    scratch = Scratch()
    with np.errstate(all="ignore"):
        for start in _row_blocks(table):
            stop = start + max(1, BLOCK // table.shape[1])
            fill(table[start:stop], result[start:stop], scratch)
    moved = np.moveaxis(logits, axis, -1).shape
    return np.moveaxis(result.reshape(moved), -1, axis)


def _fill_log_softmax(z: np.ndarray, out: np.ndarray, scratch: Scratch) -> None:
    shifted, rest = _shifted(z, scratch)
    out[...] = kernel("log_softmax")(shifted, rest[:, None])


def _fill_softmax(z: np.ndarray, out: np.ndarray, scratch: Scratch) -> None:
    shifted, rest = _shifted(z, scratch)
    out[...] = kernel("softmax")(shifted, rest[:, None])


def log_softmax(z: Any, axis: int = -1) -> Any:
    """``log softmax(z)_k = z_k - log sum_j e^{z_j}`` along ``axis``, accurate also for a dominant class.

    >>> log_softmax([1000.0, 0.0]).tolist()
    [0.0, -1000.0]
    """
    return _rowwise(z, axis, _fill_log_softmax, "log_softmax")


def softmax(z: Any, axis: int = -1) -> Any:
    """``softmax(z)_k = e^{z_k} / sum_j e^{z_j}`` along ``axis`` (no overflow: every exponent is ``<= 0``).

    >>> softmax([0.0, np.log(3.0)]).round(12).tolist()
    [0.25, 0.75]
    """
    return _rowwise(z, axis, _fill_softmax, "softmax")


def _labels(labels: Any, logits: np.ndarray, axis: int) -> tuple[np.ndarray, bool]:
    """Class indices (integer dtype, one per row) or probability rows (float dtype), as a flat or 2-D table."""
    array = np.asarray(labels)
    classes = logits.shape[axis % logits.ndim]
    if array.dtype.kind in "iu":
        expected = tuple(size for k, size in enumerate(logits.shape) if k != axis % logits.ndim)
        if array.shape != expected:
            raise InvalidArgumentError(f"class labels need shape {expected} (one per row), got {array.shape}")
        if array.size and (array.min() < 0 or array.max() >= classes):
            bad = array[(array < 0) | (array >= classes)].flat[0]
            raise InvalidArgumentError(f"label {bad} is out of range: there are {classes} classes (0..{classes - 1})")
        return array.reshape(-1).astype(np.intp), True
    probabilities, _ = broadcast((as_float_array(array, "labels"), "labels"), (logits, "logits"))
    if probabilities.shape != logits.shape:
        raise InvalidArgumentError(
            f"probability labels of shape {array.shape} do not fit logits of shape {logits.shape}"
        )
    check_probabilities(probabilities, "labels", axis)
    return rows(probabilities, axis), False


def softmax_cross_entropy(logits: Any, labels: Any, axis: int = -1) -> Any:
    """Mean over rows of ``-sum_k y_k log softmax(z)_k``; ``labels`` are class indices or probability rows.

    Integer ``labels`` hold one class index per row (the logits' shape without ``axis``); float
    ``labels`` are probability rows broadcast to the logits (checked like
    :func:`~symbolic_info.numeric.entropy`'s ``p``). Each row's loss is a sum of nonnegative parts,
    ``(m - z_k) + log1p(s)``, so it is accurate even when it is tiny.

    >>> float(softmax_cross_entropy([0.0, 0.0], 1)) == float(np.log(2))
    True
    >>> float(softmax_cross_entropy([[0.0, 0.0]], [[0.25, 0.75]])) == float(np.log(2))
    True
    """
    if is_lazy(logits) or is_lazy(labels):
        return lazy.softmax_cross_entropy(logits, labels, axis)
    z = as_float_array(logits, "logits")
    if z.ndim == 0:
        raise InvalidArgumentError("logits need at least one dimension (the classes)")
    check_finite(z, "logits")
    table = rows(z, axis)
    targets, indices = _labels(labels, z, axis)
    losses = np.empty(table.shape[0])
    scratch = Scratch()
    step = max(1, BLOCK // table.shape[1])
    with np.errstate(all="ignore"):
        for start in range(0, table.shape[0], step):
            block = table[start : start + step]
            shifted, rest = _shifted(block, scratch)
            if indices:
                picked = np.take_along_axis(shifted, targets[start : start + step, None], axis=1)[:, 0]
                losses[start : start + step] = kernel("softmax_cross_entropy_term")(1.0, picked, rest)
            else:
                terms = kernel("softmax_cross_entropy_term")(targets[start : start + step], shifted, rest[:, None])
                losses[start : start + step] = row_sums(terms)
    return np.float64(np.add.reduce(losses) / losses.size)
