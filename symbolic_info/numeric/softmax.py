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

import math
from typing import Any

import numpy as np

from ..errors import InvalidArgumentError, InvalidProbabilityError
from . import lazy
from .arrays import (
    SUM_TOLERANCE,
    as_real_array,
    axis_index,
    check_classes,
    check_finite,
    check_probabilities,
    is_lazy,
    refuse_unsupported,
)
from .chunks import Group, Partials, Scratch, Tile, as_tiles, fetch, row_groups, row_sums, store, total
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


def _exponentials(shifted: np.ndarray, scratch: Scratch) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the sum of ``e^{d_j}`` over ``d_j < 0``; and where ``d_j = 0`` (the maxima: ``e^0 = 1``)."""
    exponentials = np.exp(shifted, out=scratch.buffer(1, shifted.shape))
    at_maximum = np.equal(shifted, 0.0, out=scratch.buffer(0, shifted.shape, "?"))
    np.copyto(exponentials, 0.0, where=at_maximum)
    return exponentials @ np.ones(shifted.shape[1]), at_maximum


def _shifted(z: np.ndarray, scratch: Scratch) -> tuple[np.ndarray, np.ndarray]:
    """``d = z - m`` for the rows of a block, and ``s = sum_{j != a} e^{d_j}`` (``a``: one position of the maximum).

    The entries with ``d_j = 0`` are the maxima (``x - y = 0`` only when ``x == y``); each has
    ``e^0 = 1`` exactly, so ``s`` is the sum over ``d_j < 0`` plus one for every tie beyond the first.
    """
    shifted = np.subtract(z, _row_max(z, scratch)[:, None], out=scratch.buffer(0, z.shape))
    rest, at_maximum = _exponentials(shifted, scratch)
    if np.count_nonzero(at_maximum) != z.shape[0]:
        rest += np.count_nonzero(at_maximum, axis=1) - 1
    return shifted, rest


class _Logits:
    """Logits viewed as ``(outer, classes, inner)`` tiles, each checked to be finite as it is fetched."""

    def __init__(self, array: np.ndarray, axis: int, name: str) -> None:
        self.array, self.name, self.tiles = array, name, as_tiles(array, axis)
        self.scratch = Scratch()
        # distributions along the last axis, in float64: the tiles are plain slices of a 2-D view (the fast path)
        self.table = self.tiles[:, :, 0] if self.tiles.shape[2] == 1 and array.dtype == np.float64 else None

    def fetch(self, tile: Tile) -> np.ndarray:
        if self.table is not None:
            block: np.ndarray = self.table[tile.outer, tile.columns]
        else:
            block = fetch(self.tiles, tile, self.scratch, 0)
        if not (math.isfinite(np.add.reduce(block, axis=None)) or np.isfinite(block).all()):
            check_finite(self.array, self.name)
            raise InvalidArgumentError(f"{self.name} has an entry beyond the range of float64")  # long double
        return block

    def statistics(self, group: Group) -> tuple[np.ndarray, np.ndarray]:
        """``m`` and ``s`` of the rows of a group cut into column tiles (long rows): a pass for each."""
        largest = np.full(group.count, -math.inf)
        for tile in group:
            np.maximum(largest, _row_max(self.fetch(tile), self.scratch), out=largest)
        rest, ties = Partials(group), np.zeros(group.count, dtype=np.intp)
        for tile in group:
            exponentials, at_maximum = _exponentials(self.shifted(tile, largest), self.scratch)
            rest.add(exponentials)
            ties += np.count_nonzero(at_maximum, axis=1)
        return largest, rest.totals() + (ties - 1)

    def shifted(self, tile: Tile, largest: np.ndarray) -> np.ndarray:
        block = self.fetch(tile)
        shifted: np.ndarray = np.subtract(block, largest[:, None], out=self.scratch.buffer(0, block.shape))
        return shifted


def _rowwise(z: Any, axis: int, name: str) -> Any:
    """The kernel ``name`` of ``d = z - m`` and ``s`` along ``axis``, tile by tile into an array of ``z``'s shape."""
    if is_lazy(z):
        return lazy.rowwise(name, z, axis)
    array = as_real_array(z, "z")
    logits = _Logits(array, axis_index(array.ndim, axis), "z")
    result = np.empty(array.shape)
    out = as_tiles(result, axis % array.ndim)
    function = kernel(name)
    with np.errstate(all="ignore"):
        for group in row_groups(logits.tiles.shape):
            if len(group) == 1:
                shifted, rest = _shifted(logits.fetch(group.first), logits.scratch)
                store(out, group.first, function(shifted, rest[:, None]))
                continue
            largest, rest = logits.statistics(group)
            for tile in group:
                store(out, tile, function(logits.shifted(tile, largest), rest[:, None]))
    return result


def log_softmax(z: Any, axis: int = -1) -> Any:
    """``log softmax(z)_k = z_k - log sum_j e^{z_j}`` along ``axis``, accurate also for a dominant class.

    >>> log_softmax([1000.0, 0.0]).tolist()
    [0.0, -1000.0]
    """
    return _rowwise(z, axis, "log_softmax")


def softmax(z: Any, axis: int = -1) -> Any:
    """``softmax(z)_k = e^{z_k} / sum_j e^{z_j}`` along ``axis`` (no overflow: every exponent is ``<= 0``).

    >>> softmax([0.0, np.log(3.0)]).round(12).tolist()
    [0.25, 0.75]
    """
    return _rowwise(z, axis, "softmax")


def _class_indices(labels: Any, shape: tuple[int, ...], axis: int) -> np.ndarray | None:
    """Integer labels as a flat table of class indices (one per row, in row order); None for probability labels."""
    refuse_unsupported(labels, "labels")
    array = np.asarray(labels)
    if array.dtype.kind not in "iu":
        return None
    classes = shape[axis]
    expected = tuple(size for k, size in enumerate(shape) if k != axis)
    if array.shape != expected:
        raise InvalidArgumentError(f"class labels need shape {expected} (one per row), got {array.shape}")
    if array.size and (array.min() < 0 or array.max() >= classes):
        bad = array[(array < 0) | (array >= classes)].flat[0]
        raise InvalidArgumentError(f"label {bad} is out of range: there are {classes} classes (0..{classes - 1})")
    return array.reshape(-1).astype(np.intp, copy=False)


def _label_rows(labels: Any, shape: tuple[int, ...], axis: int) -> np.ndarray:
    """Probability labels broadcast to the logits' shape (a view), after the class axis is checked."""
    array = as_real_array(labels, "labels")
    check_classes(array.shape, shape, axis)
    try:
        return np.broadcast_to(array, shape)
    except ValueError:
        raise InvalidArgumentError(
            f"probability labels of shape {array.shape} do not fit logits of shape {shape}"
        ) from None


class _Labels:
    """Probability labels tile by tile, each block checked as it is fetched (its row sums are returned)."""

    def __init__(self, array: np.ndarray, axis: int, scratch: Scratch) -> None:
        self.array, self.axis, self.tiles, self.scratch = array, axis, as_tiles(array, axis), scratch

    def fetch(self, tile: Tile) -> tuple[np.ndarray, np.ndarray]:
        block = fetch(self.tiles, tile, self.scratch, 1)
        if not block.min() >= 0:  # False for NaN
            check_probabilities(self.array, "labels", self.axis)
        return block, row_sums(block)

    def check(self, sums: np.ndarray) -> None:
        """The rows' sums (whole rows) must be 1 within the tolerance."""
        if not np.all(np.abs(sums - 1) <= SUM_TOLERANCE):  # False for NaN
            check_probabilities(self.array, "labels", self.axis)
            raise InvalidProbabilityError("labels do not sum to 1 along the axis")  # pragma: no cover


def _index_losses(z: _Logits, indices: np.ndarray) -> list[float]:
    """Sums of ``log1p(s) - d_k`` over groups of rows, ``k`` each row's class index."""
    term = kernel("softmax_cross_entropy_term")
    losses = []
    for group in row_groups(z.tiles.shape):
        if len(group) == 1:
            shifted, rest = _shifted(z.fetch(group.first), z.scratch)
            picked = np.take_along_axis(shifted, indices[group.rows, None], axis=1)[:, 0]
        else:
            largest, rest = z.statistics(group)
            inner = np.arange(group.inner.start, group.inner.stop)
            picked = z.tiles[group.outer.start, indices[group.rows], inner].astype(np.float64) - largest
        losses.append(float(np.add.reduce(term(1.0, picked, rest))))
    return losses


def _row_losses(z: _Logits, labels: _Labels) -> list[float]:
    """Sums of ``sum_k y_k (log1p(s) - d_k)`` over groups of rows (row by row for long rows)."""
    term = kernel("softmax_cross_entropy_term")
    losses: list[float] = []
    for group in row_groups(z.tiles.shape):
        if len(group) == 1:
            shifted, rest = _shifted(z.fetch(group.first), z.scratch)
            weights, sums = labels.fetch(group.first)
            labels.check(sums)
            losses.append(float(np.add.reduce(row_sums(term(weights, shifted, rest[:, None])))))
            continue
        largest, rest = z.statistics(group)
        parts, label_sums = Partials(group), Partials(group)
        for tile in group:
            weights, sums = labels.fetch(tile)
            parts.add(row_sums(term(weights, z.shifted(tile, largest), rest[:, None])))
            label_sums.add(sums)
        labels.check(label_sums.totals())
        losses.extend(parts.totals().tolist())
    return losses


def softmax_cross_entropy(logits: Any, labels: Any, axis: int = -1) -> Any:
    """Mean over rows of ``-sum_k y_k log softmax(z)_k``; ``labels`` are class indices or probability rows.

    Integer ``labels`` hold one class index per row (the logits' shape without ``axis``); float
    ``labels`` are probability rows with the classes along ``axis``, broadcast to the logits on the
    other axes (checked like :func:`~symbolic_info.numeric.entropy`'s ``p``). Each row's loss is a
    sum of nonnegative parts, ``(m - z_k) + log1p(s)``, so it is accurate even when it is tiny.

    >>> float(softmax_cross_entropy([0.0, 0.0], 1)) == float(np.log(2))
    True
    >>> float(softmax_cross_entropy([[0.0, 0.0]], [[0.25, 0.75]])) == float(np.log(2))
    True
    """
    if is_lazy(logits) or is_lazy(labels):
        return lazy.softmax_cross_entropy(logits, labels, axis)
    array = as_real_array(logits, "logits")
    if array.ndim == 0:
        raise InvalidArgumentError("logits need at least one dimension (the classes)")
    position = axis_index(array.ndim, axis)
    z = _Logits(array, position, "logits")
    indices = _class_indices(labels, array.shape, position)
    with np.errstate(all="ignore"):
        if indices is not None:
            losses = _index_losses(z, indices)
        else:
            losses = _row_losses(z, _Labels(_label_rows(labels, array.shape, position), position, z.scratch))
    return np.float64(total(losses) / (array.size // array.shape[position]))
