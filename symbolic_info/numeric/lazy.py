"""Dask arrays: the same checks as for NumPy, then the lambdified stable forms through NumPy's protocols, lazily.

What can be checked without computing is checked at once, on the dask array's metadata, with the
errors of the NumPy path (:func:`prepared`): the dtype (integers and floats of any width are
computed in float64, like NumPy input, converted chunk by chunk; bool, complex and object data are
refused), emptiness, shapes that do not broadcast, the axis, the label shapes, and the chunk type
(NumPy chunks only: a masked or CuPy-backed dask array is refused). Chunk sizes must be known.

The values are checked when computed: the kernels use only ufuncs and ``np.where``/``np.select``,
and the reductions are ``np.sum``, so the result is a dask array. An invalid entry marks the result
with NaN, and a block function turns the mark into :class:`~symbolic_info.errors.InvalidProbabilityError`
when computed (valid input never gives NaN).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..errors import InvalidArgumentError, InvalidProbabilityError
from .arrays import SUM_TOLERANCE, as_float_array, axis_index, broadcast, check_classes, is_lazy, refuse_unsupported
from .kernels import kernel

__all__ = ["elementwise", "prepared", "reduction", "rowwise", "softmax_cross_entropy"]


def _checked_metadata(value: Any, name: str, kinds: str = "iuf") -> None:
    """The checks a dask array allows before it is computed: chunk type, dtype, known and nonzero size."""
    meta = getattr(value, "_meta", None)
    if isinstance(meta, np.ma.MaskedArray):
        raise InvalidArgumentError(f"{name} is a masked dask array: masks are not supported (they would be dropped)")
    if meta is not None and not isinstance(meta, np.ndarray):
        kind = f"{type(meta).__module__}.{type(meta).__qualname__}"
        raise InvalidArgumentError(f"{name} is a dask array of {kind} chunks: only NumPy chunks are accepted")
    dtype = np.dtype(value.dtype)
    if dtype.kind not in kinds:
        raise InvalidArgumentError(f"{name} must hold real numbers, got dtype {dtype}")
    if any(isinstance(size, float) and math.isnan(size) for size in value.shape):
        raise InvalidArgumentError(f"{name} has unknown chunk sizes (call compute_chunk_sizes() first)")
    if math.prod(value.shape) == 0:
        raise InvalidProbabilityError(f"{name} is empty")


def prepared(value: Any, name: str) -> Any:
    """A dask array checked on its metadata, as float64 (converted lazily); anything else as a checked NumPy array."""
    if not is_lazy(value):
        return as_float_array(value, name)
    _checked_metadata(value, name)
    return value if np.dtype(value.dtype) == np.float64 else value.astype(np.float64)


def _raise_on_mark(block: np.ndarray) -> np.ndarray:
    if np.isnan(block).any():
        raise InvalidProbabilityError(
            "invalid input (checked when computed): an entry is negative or not finite, a label is out of range, "
            f"or a row does not sum to 1 within {SUM_TOLERANCE:g} (rows are never renormalised)"
        )
    return block


def _guarded(value: Any, valid: Any) -> Any:
    """``value`` with the mark where ``valid`` fails; raises when computed (``value`` is a dask array)."""
    marked: Any = np.where(valid, value, np.nan)
    return marked.map_blocks(_raise_on_mark, dtype=np.float64)


def _quietly(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` computed without NumPy's floating-point warnings (``0 log 0`` divides by zero on the way)."""

    def quiet(*blocks: np.ndarray) -> Any:
        with np.errstate(all="ignore"):
            return function(*blocks)

    return quiet


def _apply(name: str, *values: Any) -> Any:
    """The kernel ``name`` chunk by chunk over dask arrays of one shape, without warnings when computed."""
    import dask.array

    library: Any = dask.array  # dask has no annotations
    arrays = [library.asarray(value) for value in values]
    return library.map_blocks(_quietly(kernel(name)), *arrays, dtype=np.float64)


def _probability_rows(value: Any, axis: int) -> Any:
    return (np.min(value) >= 0) & np.all(np.abs(np.sum(value, axis=axis) - 1) <= SUM_TOLERANCE)


def reduction(name: str, named: Sequence[tuple[Any, str]], axis: object, scale: float | None) -> Any:
    """``sum`` along ``axis`` of the kernel ``name`` over the probability arrays ``named``, lazily checked."""
    values = broadcast(*((prepared(value, label), label) for value, label in named))
    position = axis_index(values[0].ndim, axis)
    total = np.sum(_apply(name, *values), axis=position)
    if scale is not None:
        total = total / scale
    valid = _probability_rows(values[0], position)
    for value in values[1:]:
        valid = valid & _probability_rows(value, position)
    return _guarded(total, valid)


def elementwise(name: str, named: Sequence[tuple[Any, str, bool]]) -> Any:
    """The kernel ``name`` elementwise; entries must be finite (and in ``[0, 1]`` where flagged)."""
    values = broadcast(*((prepared(value, label), label) for value, label, _ in named))
    result = _apply(name, *values)
    valid: Any = True
    for value, (_, _, bounded) in zip(values, named, strict=True):
        valid = valid & (((value >= 0) & (value <= 1)) if bounded else np.isfinite(value))
    return _guarded(result, valid)


def _shifted(z: Any, axis: int) -> tuple[Any, Any]:
    """``d = z - m`` and ``s = sum_{j != a} e^{d_j}``: the sum over ``d_j < 0``, plus one per extra tie."""
    shifted = z - np.max(z, axis=axis, keepdims=True)
    at_maximum = shifted == 0
    rest = np.sum(np.where(at_maximum, 0.0, np.exp(shifted)), axis=axis, keepdims=True)
    return shifted, rest + (np.sum(at_maximum, axis=axis, keepdims=True) - 1)


def rowwise(name: str, logits: Any, axis: object) -> Any:
    """The kernel ``name`` of ``d = z - m`` and ``s`` (softmax, log-softmax) along ``axis``; logits must be finite."""
    z = prepared(logits, "z")
    shifted, rest = _shifted(z, axis_index(z.ndim, axis))
    return _guarded(kernel(name)(shifted, rest), np.all(np.isfinite(z)))


def _class_labels(labels: Any, shape: tuple[int, ...]) -> Any:
    """Integer labels (dask or NumPy), one per row: ``shape`` is the logits' shape without the class axis."""
    if is_lazy(labels):
        _checked_metadata(labels, "labels", "iu")
    else:
        refuse_unsupported(labels, "labels")
        labels = np.asarray(labels)
    if tuple(labels.shape) != shape:
        raise InvalidArgumentError(f"class labels need shape {shape} (one per row), got {tuple(labels.shape)}")
    return labels


def softmax_cross_entropy(logits: Any, labels: Any, axis: object) -> Any:
    """Mean over rows of ``sum_k y_k (log1p(s) - d_k)``; integer ``labels`` are class indices (one-hot rows)."""
    z = prepared(logits, "logits")
    position = axis_index(z.ndim, axis)
    dtype = np.dtype(labels.dtype) if hasattr(labels, "dtype") else np.asarray(labels).dtype
    moved = np.moveaxis(z, position, -1)
    shifted, rest = _shifted(moved, -1)
    valid = np.all(np.isfinite(z))
    classes = moved.shape[-1]
    if dtype.kind in "iu":
        indices = _class_labels(labels, tuple(moved.shape[:-1]))
        picked = indices[..., None] == np.arange(classes)
        terms = np.where(picked, kernel("softmax_cross_entropy_term")(1.0, shifted, rest), 0.0)
        valid = valid & (np.min(indices) >= 0) & (np.max(indices) < classes)
    else:
        weights = prepared(labels, "labels")
        check_classes(tuple(weights.shape), tuple(z.shape), position)
        weights, _ = broadcast((weights, "labels"), (z, "logits"))
        if tuple(weights.shape) != tuple(z.shape):
            raise InvalidArgumentError(
                f"probability labels of shape {tuple(weights.shape)} do not fit logits of shape {tuple(z.shape)}"
            )
        weights = np.moveaxis(weights, position, -1)
        terms = kernel("softmax_cross_entropy_term")(weights, shifted, rest)
        valid = valid & _probability_rows(weights, -1)
    return _guarded(np.mean(np.sum(terms, axis=-1)), valid)
