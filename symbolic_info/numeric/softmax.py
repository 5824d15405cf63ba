"""Softmax and log-softmax of logits, row by row along ``axis`` (the softmax cross-entropy: :mod:`.classification`).

Both come from the stable forms of :mod:`symbolic_info.formulas.stable`: with ``a`` a position of the largest
logit ``m = z_a`` and ``s = sum_{j != a} e^{z_j - m}`` (every exponent ``<= 0``),
``log softmax_k = (z_k - m) - log1p(s)`` and ``softmax_k = e^{z_k - m} / (1 + s)``. Leaving the
``j = a`` term (exactly 1) out of ``s`` is what keeps the tiny log-probability of a dominant
class: ``log1p(s)`` of ``s = 1e-20`` is ``1e-20``, where ``log(1 + s)`` would give 0.

>>> log_softmax([0.0, -50.0]).tolist()  # [-e^-50, -50 - e^-50]
[-1.9287498479639178e-22, -50.0]
>>> softmax([0.0, -np.inf]).tolist()  # a masked class (logit -inf) has probability 0
[1.0, 0.0]
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..errors import InvalidArgumentError
from . import lazy
from .array_api import generic_path
from .arrays import as_real_array, axis_index, is_lazy, refuse_beyond_float64
from .chunks import Group, Partials, Scratch, Tile, as_tiles, fetch, row_groups, store
from .kernels import kernel
from .options import result_dtype, typed
from .small import SMALL_LIMIT, as_result, kept_dtype, small_array, small_path, small_rows

__all__ = [
    "Logits",
    "check_logits",
    "check_row_maxima",
    "log_softmax",
    "shifted_rows",
    "small_logits",
    "softmax",
    "softmax_rows",
]


_NARROW = 32  # up to this many classes, a row maximum is faster as a loop over columns


def check_logits(array: np.ndarray, name: str) -> None:
    """Logits are real or ``-inf`` (a masked class: probability 0); NaN and ``+inf`` are errors."""
    bad = np.isnan(array) | (array == math.inf)
    if bad.any():
        where = ", ".join(str(int(k)) for k in np.argwhere(bad)[0])
        raise InvalidArgumentError(
            f"{name} has a non-finite entry {name}[{where}] = {float(array[tuple(np.argwhere(bad)[0])])!r} "
            "(-inf, a masked class, is allowed; NaN and +inf are not)"
        )


def check_row_maxima(largest: np.ndarray, name: str) -> None:
    """A row whose logits are all ``-inf`` has no softmax (every class masked)."""
    if not np.all(largest > -math.inf):
        raise InvalidArgumentError(f"{name}: a row has every logit -inf (every class masked): it has no softmax")


def _row_max(z: np.ndarray, scratch: Scratch) -> np.ndarray:
    """The largest entry of each row of a 2-D block (a loop over columns for many short rows, else one reduction)."""
    if z.shape[1] > _NARROW or z.shape[0] <= _NARROW:
        largest: np.ndarray = np.max(z, axis=1)
        return largest
    largest = scratch.buffer(2, z.shape[:1])
    np.copyto(largest, z[:, 0])
    for column in range(1, z.shape[1]):
        np.maximum(largest, z[:, column], out=largest)
    return largest


def _exponentials(shifted: np.ndarray, scratch: Scratch) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The ``e^{d_j}`` of a block with 0 at the maxima (``d_j = 0``, where ``e^0 = 1``), their sum per row
    (over ``d_j < 0``), and where the maxima are."""
    exponentials = np.exp(shifted, out=scratch.buffer(1, shifted.shape))
    at_maximum = np.equal(shifted, 0.0, out=scratch.buffer(0, shifted.shape, "?"))
    np.copyto(exponentials, 0.0, where=at_maximum)
    return exponentials, exponentials @ np.ones(shifted.shape[1]), at_maximum


def _shifted_exponentials(z: np.ndarray, scratch: Scratch) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``d = z - m``, its exponentials (0 at the maxima), ``s`` and where the maxima are (see :func:`shifted_rows`)."""
    largest = _row_max(z, scratch)
    check_row_maxima(largest, "logits")
    shifted = np.subtract(z, largest[:, None], out=scratch.buffer(0, z.shape))
    exponentials, rest, at_maximum = _exponentials(shifted, scratch)
    if np.count_nonzero(at_maximum) != z.shape[0]:
        rest += np.count_nonzero(at_maximum, axis=1) - 1
    return shifted, exponentials, rest, at_maximum


def softmax_rows(z: np.ndarray, scratch: Scratch) -> np.ndarray:
    """The softmax of the rows of a block, ``e^{d_k} / (1 + s)``: the stable form's operations, with the
    exponentials of the sum ``s`` used again instead of taken twice (bit for bit the kernel's values:
    ``e^0 = 1`` at the maxima, the same ``e^{d_k}`` elsewhere, the same sum and division)."""
    _, exponentials, rest, at_maximum = _shifted_exponentials(z, scratch)
    np.copyto(exponentials, 1.0, where=at_maximum)
    rest += 1.0
    values: np.ndarray = np.divide(exponentials, rest[:, None], out=exponentials)
    return values


def shifted_rows(z: np.ndarray, scratch: Scratch) -> tuple[np.ndarray, np.ndarray]:
    """``d = z - m`` for the rows of a block, and ``s = sum_{j != a} e^{d_j}`` (``a``: one position of the maximum).

    The entries with ``d_j = 0`` are the maxima (``x - y = 0`` only when ``x == y``); each has
    ``e^0 = 1`` exactly, so ``s`` is the sum over ``d_j < 0`` plus one for every tie beyond the first.
    """
    shifted, _, rest, _ = _shifted_exponentials(z, scratch)
    return shifted, rest


class Logits:
    """Logits viewed as ``(outer, classes, inner)`` tiles, each checked to be finite as it is fetched."""

    def __init__(self, array: np.ndarray, axis: int, name: str) -> None:
        refuse_beyond_float64(array, name)
        self.array, self.name, self.tiles = array, name, as_tiles(array, axis)
        self.scratch = Scratch()
        # distributions along the last axis, in float64: the tiles are plain slices of a 2-D view (the fast path)
        self.table = self.tiles[:, :, 0] if self.tiles.shape[2] == 1 and array.dtype == np.float64 else None

    def fetch(self, tile: Tile) -> np.ndarray:
        if self.table is not None:
            block: np.ndarray = self.table[tile.outer, tile.columns]
        else:
            block = fetch(self.tiles, tile, self.scratch, 0)
        if not math.isfinite(np.add.reduce(block, axis=None)) and not (np.isfinite(block) | (block < 0)).all():
            check_logits(self.array, self.name)
            raise InvalidArgumentError(f"{self.name} has an entry beyond the range of float64")  # long double
        return block

    def statistics(self, group: Group) -> tuple[np.ndarray, np.ndarray]:
        """``m`` and ``s`` of the rows of a group cut into column tiles (long rows): a pass for each."""
        largest = np.full(group.count, -math.inf)
        for tile in group:
            np.maximum(largest, _row_max(self.fetch(tile), self.scratch), out=largest)
        check_row_maxima(largest, self.name)
        rest, ties = Partials(group), np.zeros(group.count, dtype=np.intp)
        for tile in group:
            _, sums, at_maximum = _exponentials(self.shifted(tile, largest), self.scratch)
            rest.add(sums)
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
    logits = Logits(array, axis_index(array.ndim, axis), "z")
    result = np.empty(array.shape)
    out = as_tiles(result, axis % array.ndim)
    function = kernel(name)
    with np.errstate(all="ignore"):
        for group in row_groups(logits.tiles.shape):
            if len(group) == 1 and name == "softmax":
                store(out, group.first, softmax_rows(logits.fetch(group.first), logits.scratch))
                continue
            if len(group) == 1:
                shifted, rest = shifted_rows(logits.fetch(group.first), logits.scratch)
                store(out, group.first, function(shifted, rest[:, None]))
                continue
            largest, rest = logits.statistics(group)
            for tile in group:
                store(out, tile, function(logits.shifted(tile, largest), rest[:, None]))
    return typed(result, result_dtype(array))


def small_logits(z: object, axis: object) -> tuple[np.ndarray, np.ndarray] | None:
    """The logits' array and their rows (2-D float64) on the small path: every entry finite (else None)."""
    array = small_array(z, SMALL_LIMIT)
    if array is None or array.ndim == 0:
        return None
    table = small_rows(array, axis)
    if table is None:
        return None
    with np.errstate(invalid="ignore"):  # inf - inf is NaN
        total = np.add.reduce(table, axis=None)
    if not math.isfinite(total):  # -inf (masked), +inf or NaN: the general path
        return None
    return array, table


def _small_rowwise(z: Any, axis: Any, name: str) -> Any:
    """The small path of :func:`_rowwise`: the one tile's ``d``, ``s`` and kernel, without tiles."""
    logits = small_logits(z, axis)
    if logits is None:
        return None
    array, table = logits
    with np.errstate(all="ignore"):
        if name == "softmax":
            values = softmax_rows(table, Scratch())
        else:
            shifted, rest = shifted_rows(table, Scratch())
            values = np.asarray(kernel(name)(shifted, rest[:, None]), dtype=np.float64)
    position = axis % array.ndim
    if position != array.ndim - 1:
        moved = (*array.shape[:position], *array.shape[position + 1 :], array.shape[position])
        return as_result(np.moveaxis(values.reshape(moved), -1, position), array.shape, kept_dtype([array]))
    return as_result(values, array.shape, kept_dtype([array]))


@generic_path
@small_path(lambda z, axis=-1: _small_rowwise(z, axis, "log_softmax"))
def log_softmax(z: Any, axis: int = -1) -> Any:
    """``log softmax(z)_k = z_k - log sum_j e^{z_j}`` along ``axis``, accurate also for a dominant class.

    >>> log_softmax([1000.0, 0.0]).tolist()
    [0.0, -1000.0]
    """
    return _rowwise(z, axis, "log_softmax")


@generic_path
@small_path(lambda z, axis=-1: _small_rowwise(z, axis, "softmax"))
def softmax(z: Any, axis: int = -1) -> Any:
    """``softmax(z)_k = e^{z_k} / sum_j e^{z_j}`` along ``axis`` (no overflow: every exponent is ``<= 0``).

    >>> softmax([0.0, np.log(3.0)]).round(12).tolist()
    [0.25, 0.75]
    """
    return _rowwise(z, axis, "softmax")
