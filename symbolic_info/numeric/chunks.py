"""Chunked evaluation: walk 2-D rows in blocks small enough that every temporary stays in cache.

A reduction over 1e7 numbers written as ``np.sum(f(x))`` allocates and fills an 80 MB
temporary per operation; walking the data in blocks of :data:`BLOCK` elements and reusing the
same scratch buffers keeps them in the CPU cache, so each extra pass costs little. Long rows
are cut into column blocks (their partial sums added with ``math.fsum``); short rows are grouped
into blocks of whole rows.

While it walks, the engine also takes each probability array's row sums and smallest entry, so
the input checks cost no extra pass over memory.

>>> x = np.arange(1.0, 7.0).reshape(2, 3)
>>> walk([x], lambda blocks, scratch: row_sums(blocks[0]), sums=(0,)).values
array([ 6., 15.])
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

__all__ = ["BLOCK", "Scratch", "Walk", "row_dot", "row_sums", "walk"]

#: Elements per block: 8192 float64 = 64 KiB per buffer, so the few buffers a kernel uses fit in L2. It also
#: stays under OpenBLAS's 10000-element threshold for a multithreaded dot product: on a busy machine, waking
#: its threads stalls a call for milliseconds.
BLOCK = 8192


@dataclass
class Scratch:
    """Reusable buffers (at least :data:`BLOCK` elements), handed out shaped like the current block."""

    _buffers: dict[tuple[int, str], np.ndarray] = field(default_factory=dict)

    def buffer(self, slot: int, shape: tuple[int, ...], dtype: str = "f8") -> np.ndarray:
        """Buffer number ``slot`` viewed with ``shape`` (contents undefined)."""
        key = (slot, dtype)
        size = math.prod(shape)
        if key not in self._buffers or self._buffers[key].size < size:
            self._buffers[key] = np.empty(max(BLOCK, size), dtype=dtype)
        return self._buffers[key][:size].reshape(shape)


_VECDOT = getattr(np, "vecdot", None)


def row_dot(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``sum_j a[i, j] b[i, j]`` for each row (``np.vecdot``; single-threaded for rows under 10000 entries)."""
    products: np.ndarray = np.einsum("ij,ij->i", a, b) if _VECDOT is None else _VECDOT(a, b)  # NumPy < 2: einsum
    return products


def row_sums(a: np.ndarray) -> np.ndarray:
    """``sum_j a[i, j]`` for each row."""
    sums: np.ndarray = np.add.reduce(a, axis=1)
    return sums


#: A block kernel: the blocks of each input (same shape) and the scratch buffers -> one value per row.
Kernel = Callable[[Sequence[np.ndarray], Scratch], np.ndarray]


@dataclass(frozen=True)
class Walk:
    """The kernel's row values, the row sums of the arrays in ``sums`` and the smallest entry of those in ``minima``."""

    values: np.ndarray
    sums: tuple[np.ndarray, ...]
    minima: tuple[float, ...]


def walk(arrays: Sequence[np.ndarray], kernel: Kernel, sums: Sequence[int] = (), minima: Sequence[int] = ()) -> Walk:
    """Apply ``kernel`` block by block to C-contiguous 2-D ``arrays`` of one shape; sum its values per row.

    ``sums`` and ``minima`` name (by position) the arrays whose row sums and smallest entry are
    wanted, for the input checks.
    """
    count, width = arrays[0].shape
    scratch = Scratch()
    values = np.empty(count)
    totals = [np.empty(count) for _ in sums]
    lowest = [math.inf for _ in minima]
    if width >= BLOCK // 2:
        for row in range(count):
            parts: list[list[float]] = [[] for _ in range(len(sums) + 1)]
            for start in range(0, width, BLOCK):
                blocks = [array[row : row + 1, start : start + BLOCK] for array in arrays]
                parts[0].append(kernel(blocks, scratch)[0])
                for slot, index in enumerate(sums):
                    parts[slot + 1].append(np.add.reduce(blocks[index], axis=None))
                for slot, index in enumerate(minima):
                    lowest[slot] = min(lowest[slot], blocks[index].min(), key=_nan_first)
            values[row] = _total(parts[0])
            for slot in range(len(sums)):
                totals[slot][row] = _total(parts[slot + 1])
    else:
        step = max(1, BLOCK // width)
        for row in range(0, count, step):
            blocks = [array[row : row + step] for array in arrays]
            values[row : row + step] = kernel(blocks, scratch)
            for slot, index in enumerate(sums):
                totals[slot][row : row + step] = row_sums(blocks[index])
            for slot, index in enumerate(minima):
                lowest[slot] = min(lowest[slot], blocks[index].min(), key=_nan_first)
    return Walk(values, tuple(totals), tuple(float(value) for value in lowest))


def _total(parts: Sequence[float]) -> float:
    """The correctly rounded sum of the partial sums (NaN when they hold both infinities)."""
    try:
        return math.fsum(parts)
    except ValueError:  # inf + -inf
        return math.nan


def _nan_first(value: float) -> float:
    """Order for ``min`` that keeps a NaN once seen (NaN compares as smallest)."""
    return -math.inf if math.isnan(value) else value
