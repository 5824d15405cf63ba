"""The softmax cross-entropy of logits, with PyTorch's options: class weights, label smoothing, ignore_index.

Each row's loss is ``sum_c a_c (log1p(s) - (z_c - m))`` (``stable-log-softmax``), nonnegative terms,
with the coefficients ``a_c = w_c y'_c``: the class weights times the labels mixed with the uniform,
``y'_c = (1 - eps) y_c + eps/C`` (``stable-loss-options`` proves this is ``(1 - eps)`` the weighted
loss plus ``eps`` the weighted loss against the uniform: PyTorch's formula). For class-index labels
without smoothing only the label's term is taken (one gather per row).

Reductions follow PyTorch (formulas: :mod:`symbolic_info.formulas.losses`): ``"mean"`` over
class-index labels divides by the summed class weights of the rows not ignored (the number of those
rows without ``weight``); over probability labels by the number of rows. ``sample_weight`` (Keras)
multiplies each row's loss and leaves the denominator as it is.

A logit ``-inf`` is a masked class (probability 0): its terms are 0 where its coefficient is 0 and
``+inf`` where it is positive (a label, or smoothing, on a masked class).

>>> float(softmax_cross_entropy([[2.0, 0.0], [0.0, 2.0]], [0, 1])) == float(np.log1p(np.exp(-2.0)))
True
>>> float(softmax_cross_entropy([[0.0, -np.inf, 0.0]], [2]))  # the masked class takes no probability
0.6931471805599453
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from ..errors import InvalidArgumentError, InvalidProbabilityError
from . import lazy
from .array_api import generic_path
from .arrays import (
    as_real_array,
    axis_index,
    check_classes,
    check_probabilities,
    is_lazy,
    refuse_unsupported,
    sum_tolerance,
)
from .chunks import Partials, Scratch, Tile, as_tiles, fetch, row_groups, row_sums
from .kernels import kernel
from .options import check_reduction, check_smoothing, check_weights, reduced, result_dtype, typed
from .small import kept_dtype, small_array, small_path
from .softmax import Logits, shifted_rows, small_logits

__all__ = ["class_indices", "class_weights", "label_rows", "sample_weights", "softmax_cross_entropy"]

#: The coefficients ``a_c`` of the rows of a tile (one row per distribution, one column per class of the tile).
Coefficients = Callable[[Tile], np.ndarray]


def class_indices(labels: Any, shape: tuple[int, ...], axis: int, ignore_index: int | None) -> np.ndarray | None:
    """Integer labels as a flat table of class indices (one per row, in row order); None for probability labels."""
    refuse_unsupported(labels, "labels")
    array = np.asarray(labels)
    if array.dtype.kind not in "iu":
        return None
    classes = shape[axis]
    expected = tuple(size for k, size in enumerate(shape) if k != axis)
    if array.shape != expected:
        raise InvalidArgumentError(f"class labels need shape {expected} (one per row), got {array.shape}")
    flat = array.reshape(-1).astype(np.intp, copy=False)
    wrong = (flat < 0) | (flat >= classes)
    if ignore_index is not None:
        wrong &= flat != ignore_index
    if wrong.any():
        bad = flat[wrong][0]
        ignored = "" if ignore_index is None else f", and ignore_index is {ignore_index}"
        raise InvalidArgumentError(
            f"label {bad} is out of range: there are {classes} classes (0..{classes - 1}){ignored}"
        )
    return flat


def label_rows(labels: Any, shape: tuple[int, ...], axis: int) -> np.ndarray:
    """Probability labels broadcast to the logits' shape (a view), after the class axis is checked."""
    array = as_real_array(labels, "labels")
    check_classes(array.shape, shape, axis)
    try:
        return np.broadcast_to(array, shape)
    except ValueError:
        raise InvalidArgumentError(
            f"probability labels of shape {array.shape} do not fit logits of shape {shape}"
        ) from None


def _terms(coefficients: np.ndarray, shifted: np.ndarray, rest: np.ndarray) -> np.ndarray:
    """``sum_c a_c (log1p(s) - d_c)`` per row; 0 for a term whose coefficient is 0 at a masked class (``d = -inf``)."""
    terms = kernel("softmax_cross_entropy_term")(coefficients, shifted, rest[:, None])
    sums = row_sums(terms)
    if math.isnan(np.add.reduce(sums, axis=None)):  # 0 * inf: the only NaN checked input can give
        sums = row_sums(np.where(np.isnan(terms), 0.0, terms))
    return sums


def _row_values(z: Logits, coefficients: Coefficients) -> np.ndarray:
    """Each row's ``sum_c a_c (log1p(s) - d_c)``, in row order (long rows in column tiles, added exactly)."""
    values = np.empty(z.tiles.shape[0] * z.tiles.shape[2])
    for group in row_groups(z.tiles.shape):
        if len(group) == 1:
            shifted, rest = shifted_rows(z.fetch(group.first), z.scratch)
            values[group.rows] = _terms(coefficients(group.first), shifted, rest)
            continue
        largest, rest = z.statistics(group)
        parts = Partials(group)
        for tile in group:
            parts.add(_terms(coefficients(tile), z.shifted(tile, largest), rest))
        values[group.rows] = parts.totals()
    return values


def _index_values(z: Logits, indices: np.ndarray) -> np.ndarray:
    """Each row's ``log1p(s) - d_k``, ``k`` its class index (``+inf`` where that class is masked)."""
    term = kernel("softmax_cross_entropy_term")
    values = np.empty(indices.size)
    for group in row_groups(z.tiles.shape):
        if len(group) == 1:
            shifted, rest = shifted_rows(z.fetch(group.first), z.scratch)
            picked = np.take_along_axis(shifted, indices[group.rows, None], axis=1)[:, 0]
        else:
            largest, rest = z.statistics(group)
            inner = np.arange(group.inner.start, group.inner.stop)
            picked = z.tiles[group.outer.start, indices[group.rows], inner].astype(np.float64) - largest
        values[group.rows] = term(1.0, picked, rest)
    return values


class _Labels:
    """Probability labels tile by tile, each block checked as it is fetched; their row sums checked at the end."""

    def __init__(self, array: np.ndarray, axis: int, rows: int) -> None:
        self.array, self.axis, self.tiles, self.scratch = array, axis, as_tiles(array, axis), Scratch()
        self.sums = np.zeros(rows)

    def fetch(self, tile: Tile) -> np.ndarray:
        block = fetch(self.tiles, tile, self.scratch, 1)
        if not block.min() >= 0:  # False for NaN
            check_probabilities(self.array, "labels", self.axis)
        self.sums[tile.rows] += row_sums(block)
        return block

    def check(self) -> None:
        """Every row's sum must be 1 within the tolerance."""
        tolerance = sum_tolerance(self.array.dtype, self.array.shape[self.axis])
        if not np.all(np.abs(self.sums - 1) <= tolerance):  # False for NaN
            check_probabilities(self.array, "labels", self.axis)
            raise InvalidProbabilityError("labels do not sum to 1 along the axis")  # pragma: no cover


def class_weights(weight: Any, classes: int) -> np.ndarray | None:
    if weight is None:
        return None
    array = check_weights(weight, "weight")
    if array.shape != (classes,):
        raise InvalidArgumentError(f"weight needs one entry per class, shape ({classes},); got {array.shape}")
    return array


def sample_weights(sample_weight: Any, rows: tuple[int, ...]) -> np.ndarray | None:
    if sample_weight is None:
        return None
    array = check_weights(sample_weight, "sample_weight")
    try:
        return np.broadcast_to(array, rows).reshape(-1)
    except ValueError:
        raise InvalidArgumentError(
            f"sample_weight of shape {array.shape} does not fit the rows {rows} (one weight per row)"
        ) from None


def _check_ignore_index(ignore_index: object) -> int | None:
    if ignore_index is None:
        return None
    if isinstance(ignore_index, bool) or not isinstance(ignore_index, (int, np.integer)):
        raise InvalidArgumentError(f"ignore_index must be an int or None, got {ignore_index!r}")
    return int(ignore_index)


def _lazy_loss(logits: Any, labels: Any, axis: int, options: tuple[object, ...], reduction: str) -> Any:
    if any(option is not None for option in options[:3]) or options[3] or reduction != "mean":
        raise InvalidArgumentError("dask arrays take softmax_cross_entropy's default options only (for now)")
    return lazy.softmax_cross_entropy(logits, labels, axis)


def _small_loss(
    logits: Any,
    labels: Any,
    *,
    axis: int = -1,
    weight: Any = None,
    sample_weight: Any = None,
    ignore_index: int | None = None,
    label_smoothing: float = 0.0,
    reduction: str = "mean",
) -> Any:
    """The small path: class-index labels and no other option, one block (``d``, ``s``, one gather per row)."""
    chosen = check_reduction(reduction)
    smoothing = check_smoothing(label_smoothing)
    ignored = _check_ignore_index(ignore_index)
    if weight is not None or sample_weight is not None or ignored is not None or smoothing:
        return None
    rows = small_logits(logits, axis)
    indices = small_array(labels)
    if rows is None or indices is None or indices.dtype.kind not in "iu":
        return None
    array, table = rows
    position = axis % array.ndim
    kept = array.shape[:position] + array.shape[position + 1 :]
    flat = indices.reshape(-1)
    if indices.shape != kept or not (np.minimum.reduce(flat) >= 0 and np.maximum.reduce(flat) < table.shape[1]):
        return None
    with np.errstate(all="ignore"):
        shifted, rest = shifted_rows(table, Scratch())
        picked = np.take_along_axis(shifted, flat.astype(np.intp, copy=False)[:, None], axis=1)[:, 0]
        values = np.asarray(kernel("softmax_cross_entropy_term")(1.0, picked, rest), dtype=np.float64)
    result = reduced(values, chosen, float(values.size))
    return typed(result.reshape(kept) if chosen == "none" else result, kept_dtype([array]))


@generic_path
@small_path(_small_loss)
def softmax_cross_entropy(
    logits: Any,
    labels: Any,
    *,
    axis: int = -1,
    weight: Any = None,
    sample_weight: Any = None,
    ignore_index: int | None = None,
    label_smoothing: float = 0.0,
    reduction: str = "mean",
) -> Any:
    """``-sum_c w_c y'_c log softmax(z)_c`` per row, reduced; ``labels`` are class indices or probability rows.

    PyTorch's ``F.cross_entropy(logits, labels, weight, ignore_index=..., reduction=...,
    label_smoothing=...)`` with the classes along ``axis`` (PyTorch: ``dim=1``), and Keras's
    ``sample_weight``:

    - integer ``labels`` hold one class index per row (the logits' shape without ``axis``); float
      ``labels`` are probability rows with the classes along ``axis``, broadcast to the logits on
      the other axes (rows sum to 1 within ``1e-6``);
    - ``weight``: one weight per class; ``y'_c = (1 - eps) y_c + eps/C`` with ``eps = label_smoothing``;
    - ``ignore_index``: rows with that class index count for nothing (0 with ``reduction="none"``);
      class-index labels only, as in PyTorch (where the default is -100; here None: no index ignored);
    - ``reduction="mean"`` (default): for class indices the sum over ``sum_n w_{y_n}`` of the rows
      not ignored (PyTorch; with label smoothing too), for probability labels over the number of
      rows; ``"sum"``; ``"none"`` (one value per row). An empty mean (every row ignored) raises.
    - ``sample_weight``: one weight per row, multiplying its loss (not the denominator: Keras).

    >>> float(softmax_cross_entropy([0.0, 0.0], 1)) == float(np.log(2))
    True
    >>> softmax_cross_entropy([[0.0, 0.0], [5.0, 0.0]], [1, -100], ignore_index=-100, reduction="none").tolist()
    [0.6931471805599453, 0.0]
    """
    chosen = check_reduction(reduction)
    smoothing = check_smoothing(label_smoothing)
    ignored = _check_ignore_index(ignore_index)
    if is_lazy(logits) or is_lazy(labels):
        return _lazy_loss(logits, labels, axis, (weight, sample_weight, ignored, smoothing), chosen)
    array = as_real_array(logits, "logits")
    if array.ndim == 0:
        raise InvalidArgumentError("logits need at least one dimension (the classes)")
    position = axis_index(array.ndim, axis)
    classes = array.shape[position]
    rows = tuple(size for k, size in enumerate(array.shape) if k != position)
    z = Logits(array, position, "logits")
    class_weight = class_weights(weight, classes)
    samples = sample_weights(sample_weight, rows)
    indices = class_indices(labels, array.shape, position, ignored)
    with np.errstate(all="ignore"):
        if indices is not None:
            dtype = result_dtype(array)
            values, denominator = _index_loss(z, indices, class_weight, smoothing, ignored)
        else:
            if ignored is not None:
                raise InvalidArgumentError("ignore_index needs class-index labels (as in PyTorch)")
            rows_of_labels = label_rows(labels, array.shape, position)
            dtype = result_dtype(array, rows_of_labels)
            reader = _Labels(rows_of_labels, position, array.size // classes)
            values = _soft_loss(z, reader, class_weight, smoothing)
            denominator = float(values.size)
        if samples is not None:
            values = np.where(samples == 0, 0.0, values * samples)  # a weight 0 drops even an infinite loss
    result = reduced(values, chosen, denominator)
    return typed(result.reshape(rows) if chosen == "none" else result, dtype)


def _index_loss(
    z: Logits, indices: np.ndarray, class_weight: np.ndarray | None, smoothing: float, ignored: int | None
) -> tuple[np.ndarray, float]:
    """Per-row losses of class-index labels, and PyTorch's mean denominator ``sum_n w_{y_n}`` over counted rows."""
    if ignored is None and class_weight is None and not smoothing:  # the plain loss: one gather per row
        return _index_values(z, indices), float(indices.size)
    counted = np.ones(indices.size, dtype=bool) if ignored is None else indices != ignored
    safe = np.where(counted, indices, 0)
    nll = _index_values(z, safe)
    label_weight = np.ones(indices.size) if class_weight is None else class_weight[safe]
    values = np.where(label_weight == 0, 0.0, label_weight * nll)
    if smoothing:
        classes = z.tiles.shape[1]
        everywhere = np.ones(classes) if class_weight is None else class_weight

        def uniform(tile: Tile) -> np.ndarray:
            return everywhere[None, tile.columns]

        values = (1.0 - smoothing) * values + (smoothing / classes) * _row_values(z, uniform)
    values[~counted] = 0.0
    return values, float(math.fsum(label_weight[counted].tolist()))


def _soft_loss(z: Logits, labels: _Labels, class_weight: np.ndarray | None, smoothing: float) -> np.ndarray:
    """Per-row losses of probability labels (checked as they are read)."""
    classes = z.tiles.shape[1]

    def coefficients(tile: Tile) -> np.ndarray:
        block = labels.fetch(tile)
        if smoothing:
            block = block * (1.0 - smoothing) + smoothing / classes
        return block if class_weight is None else block * class_weight[None, tile.columns]

    values = _row_values(z, coefficients)
    labels.check()
    return values
