"""The small-size path: a call whose data fit in one block runs the block function once, without the walk.

Every public function of :mod:`symbolic_info.numeric` is wrapped by :func:`small_path`: first a
small version of it runs, with the same arguments. It accepts only plain NumPy arrays (or Python
numbers and lists) of float16/32/64 or integers with at most :data:`SMALL_LIMIT` entries, and the
options it knows; it checks them in the same passes as its one block, and calls the same block
function as the general path (so a result comes out bit for bit the same). For anything else it
declines (returns None): an option, dtype or layout it does not take, a masked or foreign array, a
dask array, or input that fails a check. The general path then runs and raises the error that
describes the input, so every error comes from one place.

Why: at 10 entries a dozen NumPy calls of checks, option parsing and block machinery cost 20 to 50
times the arithmetic. The small versions skip ``np.errstate`` (a few microseconds) when their input
cannot raise a floating-point warning, and fall back to the general path on ``FloatingPointError``
(``np.seterr(all="raise")``).

>>> def small_double(x: object) -> object:
...     array = small_array(x)
...     return None if array is None else 2 * array
>>> @small_path(small_double)
... def double(x: object) -> object:
...     return "general path"
>>> double(np.array([1.0, 2.0])).tolist(), double("text")
([2.0, 4.0], 'general path')
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any, NamedTuple, ParamSpec, TypeVar

import numpy as np

from .arrays import sum_tolerance
from .chunks import BLOCK, Kernel, Scratch, row_sums
from .options import result_dtype

__all__ = [
    "QUIET",
    "SMALL_LIMIT",
    "TINY_LIMIT",
    "Rows",
    "TinyRows",
    "all_finite",
    "as_result",
    "general_path",
    "in_unit_interval",
    "kept_dtype",
    "reduce_rows",
    "same_shape",
    "small_array",
    "small_path",
    "small_rows",
    "tiny_rows",
]

#: The most entries (of the largest argument) a call may have to take the small path: one block.
SMALL_LIMIT = BLOCK

_Arguments = ParamSpec("_Arguments")
_Result = TypeVar("_Result")
_PLAIN = (float, int, list, tuple)
#: The most entries for the Python-float path (:func:`.kernels.math_kernel`, one call per entry): below
#: this, a loop in Python costs less than the dozen NumPy calls of one block.
TINY_LIMIT = 32
#: A row sum this close to the edge of the tolerance is left to the general path (its sum, not ``math.fsum``, decides).
_EDGE = 1e-12
#: Entries at least this large (and finite) cannot make a logarithm, a ratio of two or a product warn.
QUIET = 1e-290


def small_path(
    small: Callable[_Arguments, Any],
) -> Callable[[Callable[_Arguments, _Result]], Callable[_Arguments, _Result]]:
    """Wrap a general function: ``small(*arguments)`` first, the general function where it returns None.

    ``small`` takes the same arguments; it must return exactly what the general function would,
    or None. A ``FloatingPointError`` (under ``np.seterr(all="raise")``) also hands over to the general path.
    """

    def wrap(general: Callable[_Arguments, _Result]) -> Callable[_Arguments, _Result]:
        @functools.wraps(general)
        def function(*args: _Arguments.args, **kwargs: _Arguments.kwargs) -> _Result:
            try:
                result = small(*args, **kwargs)
            except FloatingPointError:
                result = None
            if result is None:
                return general(*args, **kwargs)
            answer: _Result = result
            return answer

        function.__dict__["general"] = general  # the general path alone (the tests compare both)
        return function

    return wrap


def general_path(function: Callable[_Arguments, _Result]) -> Callable[_Arguments, _Result]:
    """The general path of a function wrapped by :func:`small_path` (the function itself if it is not wrapped)."""
    general: Callable[_Arguments, _Result] = function.__dict__.get("general", function)
    return general


def small_array(value: object, limit: int = SMALL_LIMIT) -> np.ndarray | None:
    """``value`` as a NumPy array of float16/32/64 or integers with 1 to ``limit`` entries, else None.

    Only exact ``numpy.ndarray`` objects, NumPy scalars and Python numbers, lists and tuples are taken:
    subclasses (masked arrays), other libraries' arrays and dask arrays go to the general path.

    >>> small_array([0.5, 0.5]).dtype, small_array([True]), small_array(np.ma.masked_array([1.0]))
    (dtype('float64'), None, None)
    """
    kind = type(value)
    if kind is np.ndarray:
        array: np.ndarray = value  # type: ignore[assignment]
    elif kind in _PLAIN or isinstance(value, np.generic):
        try:
            array = np.asarray(value)
        except (TypeError, ValueError):
            return None
    else:
        return None
    dtype = array.dtype
    if not ((dtype.kind == "f" and dtype.itemsize <= 8) or dtype.kind in "iu") or not 0 < array.size <= limit:
        return None
    return array


def small_rows(array: np.ndarray, axis: object) -> np.ndarray | None:
    """The rows along ``axis`` as a 2-D float64 array (one row per distribution, in the general path's row order).

    A view when ``axis`` is the last one and the array is float64; else a small copy. None for an
    axis that is not a plain int in range (the general path says what is wrong with it).

    >>> small_rows(np.arange(6.0).reshape(2, 3), 0).tolist()
    [[0.0, 3.0], [1.0, 4.0], [2.0, 5.0]]
    """
    ndim = array.ndim
    if type(axis) is not int or not -ndim <= axis < ndim:
        return None
    if axis % ndim != ndim - 1:
        array = np.moveaxis(array, axis, -1)
    rows: np.ndarray = array.reshape(-1, array.shape[-1]).astype(np.float64, copy=False)
    return rows


def all_finite(values: list[float]) -> bool:
    """Every value finite (a finite ``math.fsum``; False also where the sum overflows: the general path decides).

    >>> all_finite([1.0, 2.0]), all_finite([1.0, math.inf, -math.inf])
    (True, False)
    """
    try:
        return math.isfinite(math.fsum(values))
    except (ValueError, OverflowError):
        return False


def in_unit_interval(values: list[float]) -> bool:
    """Every value in ``[0, 1]`` (NaN is not: Python's ``min`` and ``max`` would skip it).

    >>> in_unit_interval([0.0, 1.0]), in_unit_interval([0.5, math.nan])
    (True, False)
    """
    return all_finite(values) and min(values) >= 0 and max(values) <= 1


def same_shape(values: tuple[object, ...], limit: int = SMALL_LIMIT) -> list[np.ndarray] | None:
    """:func:`small_array` of each value, broadcast to one shape of at most ``limit`` entries, or None.

    >>> [array.shape for array in same_shape(([1.0, 2.0], [[3.0], [4.0]]))]
    [(2, 2), (2, 2)]
    """
    arrays: list[np.ndarray] = []
    for value in values:
        array = small_array(value, limit)
        if array is None:
            return None
        arrays.append(array)
    shape = arrays[0].shape
    if len(arrays) > 1 and any(array.shape != shape for array in arrays):
        try:
            arrays = list(np.broadcast_arrays(*arrays))
        except ValueError:  # the general path names the shapes
            return None
        if arrays[0].size > limit:
            return None
    return arrays


def kept_dtype(arrays: list[np.ndarray]) -> np.dtype[Any]:
    """:func:`.options.result_dtype`, without ``np.result_type`` when every array has the same dtype."""
    dtype = arrays[0].dtype
    if len(arrays) == 1 or all(array.dtype is dtype for array in arrays):
        return dtype if dtype.kind == "f" else _FLOAT64
    return result_dtype(*arrays)


_FLOAT64 = np.dtype(np.float64)


def as_result(values: np.ndarray, shape: tuple[int, ...], dtype: np.dtype[Any]) -> Any:
    """Float64 ``values`` in ``shape``, rounded once to ``dtype``; a 0-d result becomes a NumPy scalar.

    >>> as_result(np.array([0.5]), (), np.dtype(np.float32))
    np.float32(0.5)
    """
    result = values.reshape(shape)
    if dtype != np.float64:
        with np.errstate(over="ignore"):
            result = result.astype(dtype)
    return result[()] if result.ndim == 0 else result


class Rows(NamedTuple):
    """Each row's value (float64, or Python floats), the arrays' shape, that shape without the axis, the dtype kept."""

    values: np.ndarray | list[float]
    shape: tuple[int, ...]
    kept: tuple[int, ...]
    dtype: np.dtype[Any]


class TinyRows(NamedTuple):
    """The rows of each array as lists of Python floats, the arrays' shape, without the axis, the dtype kept."""

    tables: list[list[list[float]]]
    shape: tuple[int, ...]
    kept: tuple[int, ...]
    dtype: np.dtype[Any]

    def reduced(self, term: Callable[..., float]) -> Rows | None:
        """``math.fsum`` of ``term`` over each row (None where ``term`` raises: an infinity or a NaN is near)."""
        try:
            values = [math.fsum(map(term, *row)) for row in zip(*self.tables, strict=True)]
        except (ArithmeticError, ValueError):
            return None
        return Rows(values, self.shape, self.kept, self.dtype)


def tiny_rows(values: tuple[object, ...], axis: object) -> TinyRows | None:
    """The probability rows of ``values`` as lists of Python floats, or None.

    Like :func:`reduce_rows` for at most :data:`TINY_LIMIT` entries: each row finite, ``>= 0`` and
    summing to 1 within the tolerance (by ``math.fsum``), else None.

    >>> tiny_rows(([[0.5, 0.5], [1.0, 0.0]],), -1).tables
    [[[0.5, 0.5], [1.0, 0.0]]]
    """
    arrays = same_shape(values, TINY_LIMIT)
    if arrays is None or arrays[0].ndim == 0:
        return None
    shape = arrays[0].shape
    if type(axis) is not int or not -len(shape) <= axis < len(shape):
        return None
    position = axis % len(shape)
    tables: list[list[list[float]]] = []
    for array in arrays:
        rows = (
            [array.tolist()]
            if array.ndim == 1
            else np.moveaxis(array, position, -1).reshape(-1, shape[position]).tolist()
        )
        tolerance = sum_tolerance(array.dtype, shape[position]) - _EDGE
        for row in rows:
            try:
                total = math.fsum(row)
            except (ValueError, OverflowError):  # inf - inf, or an overflow: not a distribution
                return None
            if not (abs(total - 1) <= tolerance and min(row) >= 0):  # False for NaN
                return None
        tables.append(rows)
    kept = shape[:position] + shape[position + 1 :]
    return TinyRows(tables, shape, kept, kept_dtype(arrays))


def reduce_rows(values: tuple[object, ...], axis: object, block: Kernel, logged: tuple[int, ...] = ()) -> Rows | None:
    """``block`` once over the probability rows of ``values`` (one shape, at most one block), or None.

    None unless every row is a distribution: entries ``>= 0`` and row sums within the tolerance of 1
    (checked before the block runs, so nothing invalid reaches it); then the general path says
    what is wrong. ``logged``: the arrays whose logarithm the block takes; an entry of theirs
    below :data:`QUIET` (a 0) runs the block under ``np.errstate``.

    >>> reduce_rows(([0.25, 0.75],), -1, lambda blocks, scratch: row_sums(blocks[0])).values
    array([1.])
    >>> reduce_rows(([0.25, 0.5],), -1, lambda blocks, scratch: row_sums(blocks[0])) is None
    True
    """
    arrays = same_shape(values)
    if arrays is None or arrays[0].ndim == 0:
        return None
    tables: list[np.ndarray] = []
    for array in arrays:
        table = small_rows(array, axis)
        if table is None:
            return None
        tables.append(table)
    count, length = tables[0].shape
    if count > 1 and length >= BLOCK // 2:  # the general path takes such rows one at a time
        return None
    quiet = True
    for index, (array, table) in enumerate(zip(arrays, tables, strict=True)):
        lowest = np.minimum.reduce(table, axis=None)
        if count == 1:
            off = abs(np.add.reduce(table, axis=None) - 1.0)
        else:
            off = np.maximum.reduce(np.abs(np.subtract(row_sums(table), 1.0)), axis=None)  # NaN stays NaN
        if not (lowest >= 0 and off <= sum_tolerance(array.dtype, length)):
            return None
        quiet = quiet and (index not in logged or bool(lowest >= QUIET))
    if quiet:
        result = block(tables, Scratch())
    else:
        with np.errstate(all="ignore"):
            result = block(tables, Scratch())
    if math.isnan(result[0] if count == 1 else np.add.reduce(result, axis=None)):
        return None
    shape = arrays[0].shape
    position = int(axis) % len(shape)  # type: ignore[call-overload]
    kept = shape[:position] + shape[position + 1 :]
    return Rows(result, shape, kept, kept_dtype(arrays))
