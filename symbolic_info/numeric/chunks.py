"""Chunked evaluation: walk the data in blocks small enough that every temporary stays in cache.

A reduction over 1e7 numbers written as ``np.sum(f(x))`` allocates and fills an 80 MB temporary per
operation; walking the data in blocks of :data:`BLOCK` elements and reusing the same scratch buffers
keeps them in the CPU cache, so each extra pass costs little, and the memory a call needs beyond its
output is a few blocks, whatever the size of the input.

Functions of distributions see an array as ``(outer, length, inner)`` (:func:`as_tiles`): a
distribution runs along ``length``, and there is one per ``(outer, inner)`` pair, in that (C) order.
:func:`row_groups` cuts this into :class:`Tile` s (in :class:`Group` s), each handed to a kernel as
a 2-D block with one row per distribution (:func:`fetch`): a view when the axis is the last one,
else a transposed copy of the tile into a scratch buffer, so no full transposed copy is ever made.
Long rows are cut into column tiles (their partial sums added with ``math.fsum``); short rows are
grouped into blocks of whole rows.
:func:`map_blocks` does the same for elementwise functions, with NumPy's buffered iterator.

While it walks, :func:`walk` also takes each probability array's row sums and smallest entry, so
the input checks cost no extra pass over memory.

>>> x = np.arange(1.0, 7.0).reshape(2, 3)
>>> walk([as_tiles(x, -1)], lambda blocks, scratch: row_sums(blocks[0]), sums=(0,)).values
array([ 6., 15.])
>>> walk([as_tiles(x, 0)], lambda blocks, scratch: row_sums(blocks[0])).values
array([5., 7., 9.])
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np

__all__ = [
    "BLOCK",
    "Group",
    "Partials",
    "Scratch",
    "Tile",
    "Walk",
    "as_tiles",
    "fetch",
    "map_blocks",
    "row_dot",
    "row_groups",
    "row_sums",
    "row_totals",
    "store",
    "sum_blocks",
    "total",
    "walk",
]

#: Elements per block: 8192 float64 = 64 KiB per buffer, so the few buffers a kernel uses fit in L2. It also
#: stays under OpenBLAS's 10000-element threshold for a multithreaded dot product: on a busy machine, waking
#: its threads stalls a call for milliseconds.
BLOCK = 8192
#: Fewest rows of a tile cut from a distribution along a non-last axis: 8 float64 = one 64-byte cache line.
_NARROWEST = 8
#: Scratch slots from this one on hold the tiles :func:`fetch` copies (the kernels use the lower ones).
_TILE_SLOT = 32
#: Rows at least this long are summed pairwise by :func:`row_totals` (NumPy's pairwise sum adds blocks of 128).
_SHORT = 128


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


def row_totals(a: np.ndarray) -> np.ndarray:
    """``sum_j a[i, j]`` for each row of a 2-D block: short rows as matrix products with ones, long ones pairwise.

    Summing many short rows is several times faster as a product (BLAS) than as a NumPy reduction;
    each product takes at most :data:`BLOCK` entries (OpenBLAS stays single-threaded), so a block is
    summed a slice of rows at a time. The order of the additions is BLAS's: for terms of one sign and
    rows of fewer than :data:`_SHORT` entries, as accurate as NumPy's; longer rows are summed
    pairwise (:func:`row_sums`), which keeps the error from growing with their length.
    """
    count, width = a.shape
    if width >= _SHORT:
        return row_sums(a)
    ones = np.ones(width)
    if count * width <= BLOCK:
        sums: np.ndarray = a @ ones
        return sums
    sums = np.empty(count)
    step = BLOCK // width
    for start in range(0, count, step):
        np.matmul(a[start : start + step], ones, out=sums[start : start + step])
    return sums


def as_tiles(array: np.ndarray, axis: int) -> np.ndarray:
    """``array`` viewed as ``(outer, length, inner)`` with ``axis`` (in range) as ``length``: no copy where possible.

    A copy is made only when no such view exists (a broadcast array whose repeated axes cannot merge).
    """
    shape = array.shape
    axis %= len(shape)
    three = (math.prod(shape[:axis]), shape[axis], math.prod(shape[axis + 1 :]))
    try:
        view: np.ndarray = np.reshape(array, three, copy=False)  # NumPy >= 2.1
    except TypeError:  # pragma: no cover - NumPy < 2.1 has no copy argument (reshape copies when it must)
        view = array.reshape(three)
    except ValueError:
        view = np.ascontiguousarray(array).reshape(three)
    return view


class Tile(NamedTuple):
    """A piece of an ``(outer, length, inner)`` array, and the positions of its rows in the row order."""

    outer: slice
    columns: slice
    inner: slice
    rows: slice


class Group:
    """Tiles that cover some rows' whole length: one tile, or the column tiles of a few long rows (made as needed)."""

    __slots__ = ("count", "first", "length", "rows", "step")

    def __init__(self, outer: slice, inner: slice, rows: slice, length: int, step: int) -> None:
        self.rows, self.length, self.step = rows, length, step
        self.count: int = rows.stop - rows.start  # the number of rows
        self.first = Tile(outer, slice(0, min(step, length)), inner, rows)

    @property
    def outer(self) -> slice:
        return self.first.outer

    @property
    def inner(self) -> slice:
        return self.first.inner

    def __len__(self) -> int:
        return -(-self.length // self.step)

    def __iter__(self) -> Iterator[Tile]:
        outer, _, inner, rows = self.first
        for start in range(0, self.length, self.step):
            yield Tile(outer, slice(start, min(start + self.step, self.length)), inner, rows)


class Partials:
    """Per-row partial sums over the column tiles of a group, added exactly (``math.fsum``) at the end."""

    def __init__(self, group: Group) -> None:
        self.values = np.empty((len(group), group.count))
        self.filled = 0

    def add(self, values: np.ndarray) -> None:
        self.values[self.filled] = values
        self.filled += 1

    def totals(self) -> np.ndarray:
        return np.array([total(column.tolist()) for column in self.values.T])


def row_groups(shape: tuple[int, int, int], block: int = BLOCK) -> Iterator[Group]:
    """Tiles of at most about ``block`` elements, grouped so that each group covers its rows' whole length."""
    outer, length, inner = shape
    if length * inner <= block:  # whole rows, several outer indices at once
        step = max(1, block // (length * inner))
        for start in range(0, outer, step):
            stop = min(start + step, outer)
            yield Group(slice(start, stop), slice(0, inner), slice(start * inner, stop * inner), length, length)
        return
    width = min(inner, max(_NARROWEST, block // length))
    columns = max(1, block // width)
    for index in range(outer):
        for first in range(0, inner, width):
            last = min(first + width, inner)
            rows = slice(index * inner + first, index * inner + last)
            yield Group(slice(index, index + 1), slice(first, last), rows, length, columns)


def fetch(array: np.ndarray, tile: Tile, scratch: Scratch, slot: int) -> np.ndarray:
    """The tile of an ``(outer, length, inner)`` array as a float64 2-D block, one row per distribution.

    A view when the distributions run along the last axis and the array is float64; else a copy into
    scratch buffer ``slot`` (transposed, converted), so nothing bigger than a tile is ever allocated.
    """
    piece = array[tile.outer, tile.columns, tile.inner]
    count, length, width = piece.shape
    if width == 1 and array.dtype == np.float64:
        block: np.ndarray = piece[:, :, 0]
        return block
    block = scratch.buffer(_TILE_SLOT + slot, (count, width, length))
    np.copyto(block, piece.transpose(0, 2, 1), casting="same_kind")
    return block.reshape(count * width, length)


def store(array: np.ndarray, tile: Tile, block: np.ndarray) -> None:
    """Write a 2-D block (one row per distribution) back into the tile of an ``(outer, length, inner)`` array."""
    piece = array[tile.outer, tile.columns, tile.inner]
    count, length, width = piece.shape
    piece[...] = block.reshape(count, width, length).transpose(0, 2, 1)


def total(parts: Sequence[float]) -> float:
    """The correctly rounded sum of partial sums (NaN when they hold both infinities, or a NaN)."""
    try:
        return math.fsum(parts)
    except ValueError:  # inf + -inf
        return math.nan


#: A block kernel: the blocks of each input (same shape) and the scratch buffers -> one value per row.
Kernel = Callable[[Sequence[np.ndarray], Scratch], np.ndarray]


@dataclass(frozen=True)
class Walk:
    """The kernel's row values, the row sums of the arrays in ``sums`` and the smallest entry of those in ``minima``."""

    values: np.ndarray
    sums: tuple[np.ndarray, ...]
    minima: tuple[float, ...]


def walk(
    arrays: Sequence[np.ndarray],
    kernel: Kernel,
    sums: Sequence[int] = (),
    minima: Sequence[int] = (),
    block: int = BLOCK,
) -> Walk:
    """Apply ``kernel`` tile by tile to ``(outer, length, inner)`` ``arrays`` of one shape; sum its values per row.

    ``sums`` and ``minima`` name (by position) the arrays whose row sums and smallest entry are
    wanted, for the input checks. Rows come out in the order ``outer * inner + inner index``.
    ``block``: the entries of a tile (a kernel of many short NumPy calls amortises them on larger tiles).
    """
    outer, _, inner = arrays[0].shape
    if inner == 1 and all(array.dtype == np.float64 for array in arrays):
        return _walk_rows([array[:, :, 0] for array in arrays], kernel, sums, minima, block)
    scratch = Scratch()
    values = np.empty(outer * inner)
    totals = [np.empty(outer * inner) for _ in sums]
    lowest = [math.inf for _ in minima]
    for group in row_groups(arrays[0].shape, block):
        if len(group) == 1:
            blocks = [fetch(array, group.first, scratch, slot) for slot, array in enumerate(arrays)]
            values[group.rows] = kernel(blocks, scratch)
            for slot, index in enumerate(sums):
                totals[slot][group.rows] = row_sums(blocks[index])
            for slot, index in enumerate(minima):
                lowest[slot] = min(lowest[slot], blocks[index].min(), key=_nan_first)
            continue
        parts = [Partials(group) for _ in range(len(sums) + 1)]  # long rows (a few of them) in column tiles
        for tile in group:
            blocks = [fetch(array, tile, scratch, slot) for slot, array in enumerate(arrays)]
            parts[0].add(kernel(blocks, scratch))
            for slot, index in enumerate(sums):
                parts[slot + 1].add(row_sums(blocks[index]))
            for slot, index in enumerate(minima):
                lowest[slot] = min(lowest[slot], blocks[index].min(), key=_nan_first)
        for target, partials in zip((values, *totals), parts, strict=True):
            target[group.rows] = partials.totals()
    return Walk(values, tuple(totals), tuple(float(value) for value in lowest))


def _walk_rows(
    tables: Sequence[np.ndarray], kernel: Kernel, sums: Sequence[int], minima: Sequence[int], block: int
) -> Walk:
    """:func:`walk` for float64 2-D views, one distribution per row: plain slices, no tiles (the fast path)."""
    count, width = tables[0].shape
    scratch = Scratch()
    values = np.empty(count)
    totals = [np.empty(count) for _ in sums]
    lowest = [math.inf for _ in minima]
    if width >= block // 2:
        for row in range(count):
            parts: list[list[float]] = [[] for _ in range(len(sums) + 1)]
            for start in range(0, width, block):
                blocks = [table[row : row + 1, start : start + block] for table in tables]
                parts[0].append(kernel(blocks, scratch)[0])
                for slot, index in enumerate(sums):
                    parts[slot + 1].append(np.add.reduce(blocks[index], axis=None))
                for slot, index in enumerate(minima):
                    lowest[slot] = min(lowest[slot], blocks[index].min(), key=_nan_first)
            values[row] = total(parts[0])
            for slot in range(len(sums)):
                totals[slot][row] = total(parts[slot + 1])
    else:
        step = max(1, block // width)
        for row in range(0, count, step):
            blocks = [table[row : row + step] for table in tables]
            values[row : row + step] = kernel(blocks, scratch)
            for slot, index in enumerate(sums):
                totals[slot][row : row + step] = row_sums(blocks[index])
            for slot, index in enumerate(minima):
                lowest[slot] = min(lowest[slot], blocks[index].min(), key=_nan_first)
    return Walk(values, tuple(totals), tuple(float(value) for value in lowest))


def _nan_first(value: float) -> float:
    """Order for ``min`` that keeps a NaN once seen (NaN compares as smallest)."""
    return -math.inf if math.isnan(value) else value


#: An elementwise block function: the 1-D float64 blocks of the inputs, and the output block to fill.
Fill = Callable[[Sequence[np.ndarray], np.ndarray], None]


def map_blocks(arrays: Sequence[np.ndarray], fill: Fill) -> np.ndarray:
    """A new float64 array of the broadcast shape, filled block by block by ``fill`` (NumPy's buffered iterator).

    Blocks of at most :data:`BLOCK` elements: views where the inputs allow it, else converted or
    broadcast copies in the iterator's buffers. Only the output is allocated in full.

    >>> def double(blocks: Sequence[np.ndarray], out: np.ndarray) -> None:
    ...     np.multiply(blocks[0], 2.0, out=out)
    >>> map_blocks([np.arange(3)], double)
    array([0., 2., 4.])
    """
    operands: list[np.ndarray | None] = [*arrays, None]
    flags: list[Any] = ["external_loop", "buffered", "zerosize_ok"]
    modes: list[Any] = [*(["readonly"] for _ in arrays), ["writeonly", "allocate"]]
    iterator = np.nditer(
        operands, flags, modes, op_dtypes=["f8"] * len(operands), casting="same_kind", buffersize=BLOCK
    )
    with iterator:
        for *blocks, out in iterator:
            fill(blocks, out)
        result: np.ndarray = iterator.operands[-1]
    return result


def sum_blocks(arrays: Sequence[np.ndarray], fill: Fill) -> tuple[float, int]:
    """The sum of what ``fill`` writes, block by block over the broadcast ``arrays``, and the number of entries.

    Like :func:`map_blocks`, without the output: each block is written into one reused buffer and
    summed there, and the block sums are added exactly (``math.fsum``), so the memory needed is a block.

    >>> def double(blocks: Sequence[np.ndarray], out: np.ndarray) -> None:
    ...     np.multiply(blocks[0], 2.0, out=out)
    >>> sum_blocks([np.arange(3)], double)
    (6.0, 3)
    """
    flags: list[Any] = ["external_loop", "buffered", "zerosize_ok"]
    modes: list[Any] = [["readonly"] for _ in arrays]
    iterator = np.nditer(
        list(arrays), flags, modes, op_dtypes=["f8"] * len(arrays), casting="same_kind", buffersize=BLOCK
    )
    buffer = np.empty(BLOCK)
    sums: list[float] = []
    with iterator:
        for step in iterator:
            blocks: Any = (step,) if len(arrays) == 1 else step  # one operand: the iterator yields the block itself
            out = buffer[: blocks[0].size]
            fill(blocks, out)
            sums.append(float(np.add.reduce(out)))
        count = int(iterator.itersize)
    return total(sums), count
