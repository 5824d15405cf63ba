"""Elementwise functions: the sigmoid and its logarithm, and the binary entropy (the binary losses: :mod:`.binary`).

Each evaluates its stable form from :mod:`symbolic_info.formulas.stable` (lambdified in :mod:`.kernels`);
inputs broadcast together, float16/32/64 come back in their dtype (others as float64), and a scalar
input gives a NumPy scalar.
Every function walks its inputs in cache-sized blocks (:func:`.chunks.map_blocks`), checking each
block before it is used, so the memory a call needs beyond its output is a few blocks.

>>> float(sigmoid(0.0)), float(log_sigmoid(-1000.0))
(0.5, -1000.0)
>>> float(binary_entropy(0.5)) == float(np.log(2))
True
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..errors import InvalidArgumentError
from . import lazy
from .array_api import generic_path
from .arrays import as_real_array, broadcast, check_finite, check_unit_interval, is_lazy
from .chunks import map_blocks
from .kernels import kernel, math_kernel
from .options import result_dtype, typed
from .small import TINY_LIMIT, all_finite, as_result, in_unit_interval, kept_dtype, same_shape, small_path

__all__ = ["binary_entropy", "log_sigmoid", "sigmoid"]

#: An argument: its value, its name, and whether it is a probability (``[0, 1]``) rather than a finite real.
Named = Sequence[tuple[object, str, bool]]


def _valid(block: np.ndarray, unit: bool) -> bool:
    """A block's entries are all in ``[0, 1]`` (``unit``) or all finite (a sum is finite only when they are)."""
    if unit:
        return bool(block.min() >= 0 and block.max() <= 1)  # False for NaN
    return math.isfinite(np.add.reduce(block, axis=None)) or bool(np.isfinite(block).all())


def _refuse(arrays: Sequence[np.ndarray], named: Named) -> None:
    """Raise the error that describes the first invalid argument (found on a block, located in the whole array)."""
    for array, (_, name, unit) in zip(arrays, named, strict=True):
        (check_unit_interval if unit else check_finite)(array, name)
    names = " or ".join(name for _, name, _ in named)
    raise InvalidArgumentError(f"{names} has an entry beyond the range of float64")  # a long double


def _blockwise(named: Named, compute: Callable[[Sequence[np.ndarray], np.ndarray], None]) -> Any:
    """``compute(blocks, out)`` over the broadcast arguments, block by block, each block checked first."""
    arrays = [as_real_array(value, name) for value, name, _ in named]
    broadcast(*((array, name) for array, (_, name, _) in zip(arrays, named, strict=True)))  # or a clear error
    units = [unit for _, _, unit in named]

    def fill(blocks: Sequence[np.ndarray], out: np.ndarray) -> None:
        if not all(_valid(block, unit) for block, unit in zip(blocks, units, strict=True)):
            _refuse(arrays, named)
        compute(blocks, out)

    with np.errstate(all="ignore"):
        return typed(map_blocks(arrays, fill), result_dtype(*arrays))


def _tiny(function: Callable[..., float], arrays: list[np.ndarray], units: Sequence[bool]) -> list[float] | None:
    """The kernel on Python floats, entry by entry, after every entry is checked (None: not here)."""
    columns = [array.reshape(-1).tolist() for array in arrays]
    for column, unit in zip(columns, units, strict=True):
        if not (in_unit_interval(column) if unit else all_finite(column)):
            return None
    try:
        return [function(*entries) for entries in zip(*columns, strict=True)]
    except (ArithmeticError, ValueError):
        return None


def small_elementwise(name: str, named: Named) -> Any:
    """The small path of an elementwise function of arguments of one shape: Python floats, or one block."""
    arrays = same_shape(tuple(value for value, _, _ in named))
    if arrays is None:
        return None
    units = [unit for _, _, unit in named]
    shape, dtype = arrays[0].shape, kept_dtype(arrays)
    if arrays[0].size <= TINY_LIMIT:
        values = _tiny(math_kernel(name), arrays, units)
        if values is not None:
            return dtype.type(values[0]) if not shape else as_result(np.array(values), shape, dtype)
    blocks = [array.reshape(-1).astype(np.float64, copy=False) for array in arrays]
    if not all(_valid(block, unit) for block, unit in zip(blocks, units, strict=True)):
        return None
    with np.errstate(all="ignore"):
        out = np.asarray(kernel(name)(*blocks), dtype=np.float64)
    return as_result(out, shape, dtype)


def _elementwise(name: str, named: Named) -> Any:
    if any(is_lazy(value) for value, _, _ in named):
        return lazy.elementwise(name, named)
    function = kernel(name)

    def compute(blocks: Sequence[np.ndarray], out: np.ndarray) -> None:
        out[...] = function(*blocks)

    return _blockwise(named, compute)


@generic_path
@small_path(lambda z: small_elementwise("sigmoid", [(z, "z", False)]))
def sigmoid(z: Any) -> Any:
    """The logistic function ``sigma(z) = 1 / (1 + e^{-z})``, as ``e^{min(z, 0)} / (1 + e^{-|z|})`` (never overflows).

    >>> float(sigmoid(-800.0)), float(sigmoid(800.0))
    (0.0, 1.0)
    """
    return _elementwise("sigmoid", [(z, "z", False)])


@generic_path
@small_path(lambda z: small_elementwise("log_sigmoid", [(z, "z", False)]))
def log_sigmoid(z: Any) -> Any:
    """``log sigma(z) = min(z, 0) - log1p(e^{-|z|})``: accurate for large ``|z|`` of either sign.

    >>> float(log_sigmoid(40.0))
    -4.248354255291589e-18
    """
    return _elementwise("log_sigmoid", [(z, "z", False)])


@generic_path
@small_path(lambda p: small_elementwise("binary_entropy", [(p, "p", True)]))
def binary_entropy(p: Any) -> Any:
    """``H_b(p) = -p log p - (1 - p) log(1 - p)`` in nats, elementwise, with ``log(1 - p)`` as ``log1p(-p)``.

    >>> float(binary_entropy(0.5)) == float(np.log(2))
    True
    >>> float(binary_entropy(1e-300))  # 1e-300 (log(1e300) + 1)
    6.9177...e-298
    """
    return _elementwise("binary_entropy", [(p, "p", True)])
