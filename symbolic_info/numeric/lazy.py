"""Arrays from other libraries (dask): the lambdified stable forms applied through NumPy's protocols, lazily.

The kernels use only ufuncs and ``np.where``/``np.select``, and the reductions are ``np.sum``,
so a dask array goes through ``__array_ufunc__``/``__array_function__`` and the result is a
dask array: nothing is computed until the caller asks. The input checks are lazy too: they
mark an invalid result with NaN, and for arrays with ``map_blocks`` (dask) a block function
turns the mark into :class:`~symbolic_info.errors.InvalidProbabilityError` when computed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..errors import InvalidProbabilityError
from .arrays import SUM_TOLERANCE
from .kernels import kernel

__all__ = ["elementwise", "reduction", "rowwise", "softmax_cross_entropy"]


def _raise_on_mark(block: np.ndarray) -> np.ndarray:
    if np.isnan(block).any():
        raise InvalidProbabilityError(
            "invalid input (checked when computed): an entry is negative or not finite, a label is out of range, "
            f"or a row does not sum to 1 within {SUM_TOLERANCE:g} (rows are never renormalised)"
        )
    return block


def _guarded(value: Any, valid: Any) -> Any:
    marked = np.where(valid, value, np.nan)
    if hasattr(marked, "map_blocks"):
        return marked.map_blocks(_raise_on_mark, dtype=np.float64)
    return marked


def _probability_rows(value: Any, axis: int) -> Any:
    return (np.min(value) >= 0) & np.all(np.abs(np.sum(value, axis=axis) - 1) <= SUM_TOLERANCE)


def reduction(name: str, values: Sequence[Any], axis: int, scale: float | None) -> Any:
    """``sum`` along ``axis`` of the kernel ``name`` over probability arrays ``values``, lazily checked."""
    total = np.sum(kernel(name)(*values), axis=axis)
    if scale is not None:
        total = total / scale
    valid = _probability_rows(values[0], axis)
    for value in values[1:]:
        valid = valid & _probability_rows(value, axis)
    return _guarded(total, valid)


def elementwise(name: str, values: Sequence[Any], unit_interval: Sequence[bool]) -> Any:
    """The kernel ``name`` elementwise; entries must be finite (and in ``[0, 1]`` where flagged)."""
    result = kernel(name)(*values)
    valid = True
    for value, bounded in zip(values, unit_interval, strict=True):
        valid = valid & (((value >= 0) & (value <= 1)) if bounded else np.isfinite(value))
    return _guarded(result, valid)


def _shifted(z: Any, axis: int) -> tuple[Any, Any]:
    """``d = z - m`` and ``s = sum_{j != a} e^{d_j}``: the sum over ``d_j < 0``, plus one per extra tie."""
    shifted = z - np.max(z, axis=axis, keepdims=True)
    at_maximum = shifted == 0
    rest = np.sum(np.where(at_maximum, 0.0, np.exp(shifted)), axis=axis, keepdims=True)
    return shifted, rest + (np.sum(at_maximum, axis=axis, keepdims=True) - 1)


def rowwise(name: str, logits: Any, axis: int) -> Any:
    """The kernel ``name`` of ``d = z - m`` and ``s`` (softmax, log-softmax) along ``axis``; logits must be finite."""
    shifted, rest = _shifted(logits, axis)
    return _guarded(kernel(name)(shifted, rest), np.all(np.isfinite(logits)))


def softmax_cross_entropy(logits: Any, labels: Any, axis: int) -> Any:
    """Mean over rows of ``sum_k y_k (log1p(s) - d_k)``; integer ``labels`` are class indices (one-hot rows)."""
    z = np.moveaxis(logits, axis, -1)
    labels = labels if hasattr(labels, "dtype") else np.asarray(labels)
    shifted, rest = _shifted(z, -1)
    valid = np.all(np.isfinite(z))
    if np.dtype(labels.dtype).kind in "iu":
        classes = z.shape[-1]
        picked = labels[..., None] == np.arange(classes)
        terms = np.where(picked, kernel("softmax_cross_entropy_term")(1.0, shifted, rest), 0.0)
        valid = valid & (np.min(labels) >= 0) & (np.max(labels) < classes)
    else:
        weights = np.moveaxis(labels, axis, -1)
        terms = kernel("softmax_cross_entropy_term")(weights, shifted, rest)
        valid = valid & _probability_rows(weights, -1)
    return _guarded(np.mean(np.sum(terms, axis=-1)), valid)
