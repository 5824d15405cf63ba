"""The options the losses share: ``reduction``, weights, ``label_smoothing``, and the dtype that comes out.

One meaning each, in every loss (the formulas are in :mod:`symbolic_info.formulas.losses`):

- ``reduction``: ``"none"`` (one value per example), ``"sum"``, ``"mean"``; the losses default to
  ``"mean"``, the information measures (``entropy``, ``cross_entropy``, ``kl_divergence``) to
  ``"none"`` (one value per distribution). ``"batchmean"`` (KL only) is the sum over the size of
  the first axis, as PyTorch's ``kl_div``.
- weights: finite and ``>= 0``, never NaN; checked in full.
- ``label_smoothing``: a number in ``[0, 1]``.

The dtype: float16, float32 and float64 inputs give that dtype back (the computation runs in float64
and is rounded once at the end: at most half a unit in the last place of the output dtype is added);
integers, and floats wider than float64, give float64.

>>> check_reduction("mean")
'mean'
>>> result_dtype(np.zeros(2, dtype=np.float32), np.zeros(2, dtype=np.float16))
dtype('float32')
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..errors import InvalidArgumentError
from .arrays import as_real_array

__all__ = [
    "LOSS_REDUCTIONS",
    "check_reduction",
    "check_smoothing",
    "check_weights",
    "reduced",
    "result_dtype",
    "typed",
]

#: The reductions of every loss; ``"batchmean"`` is added for ``kl_divergence``.
LOSS_REDUCTIONS = ("none", "mean", "sum")


def check_reduction(reduction: object, allowed: Sequence[str] = LOSS_REDUCTIONS) -> str:
    """``reduction`` if it is one of ``allowed``, else :class:`~symbolic_info.errors.InvalidArgumentError`."""
    if not isinstance(reduction, str) or reduction not in allowed:
        raise InvalidArgumentError(f"reduction must be one of {', '.join(map(repr, allowed))}; got {reduction!r}")
    return reduction


def check_smoothing(smoothing: object) -> float:
    """``label_smoothing`` as a float in ``[0, 1]``."""
    if isinstance(smoothing, bool) or not isinstance(smoothing, (int, float, np.integer, np.floating)):
        raise InvalidArgumentError(f"label_smoothing must be a number in [0, 1], got {smoothing!r}")
    value = float(smoothing)
    if not 0.0 <= value <= 1.0:  # False for NaN
        raise InvalidArgumentError(f"label_smoothing must be in [0, 1], got {smoothing!r}")
    return value


def check_weights(value: object, name: str) -> np.ndarray:
    """Weights as a float64 array, every entry finite and ``>= 0`` (checked in full)."""
    array = as_real_array(value, name).astype(np.float64, copy=False)
    if not (np.isfinite(array).all() and array.min() >= 0):
        bad = array[~(np.isfinite(array) & (array >= 0))].flat[0]
        raise InvalidArgumentError(f"{name} must be finite and >= 0; it has the entry {float(bad)!r}")
    return array


def result_dtype(*arrays: np.ndarray) -> np.dtype[Any]:
    """float16/32/64 when every array is one of them (the widest), else float64 (integers, long double)."""
    dtypes = [array.dtype for array in arrays]
    if dtypes and all(dtype.kind == "f" and dtype.itemsize <= 8 for dtype in dtypes):
        return np.dtype(np.result_type(*dtypes))
    return np.dtype(np.float64)


def typed(values: Any, dtype: np.dtype[Any]) -> Any:
    """``values`` (float64) rounded once to ``dtype``; a 0-d array becomes a NumPy scalar."""
    array = np.asarray(values, dtype=np.float64)
    if dtype != np.float64:
        with np.errstate(over="ignore"):
            array = array.astype(dtype)
    return array[()] if array.ndim == 0 else array


def _sum(values: np.ndarray) -> float:
    """The sum of nonnegative values: ``math.fsum`` for a few thousand, NumPy's pairwise sum beyond."""
    if values.size <= 4096:
        try:
            return math.fsum(values.reshape(-1).tolist())
        except ValueError:  # pragma: no cover - inf + -inf cannot occur for nonnegative values
            return math.nan
    return float(np.add.reduce(values, axis=None))


def reduced(values: np.ndarray, reduction: str, denominator: float | None = None) -> Any:
    """Per-example ``values`` (float64) reduced: as they are, their sum, or the sum over ``denominator``.

    ``denominator`` defaults to the number of values (the plain mean). A zero denominator (every row
    ignored, or weights that are all 0) has no mean: it raises rather than return NaN.
    """
    if reduction == "none":
        return values
    total = _sum(values)
    if reduction == "sum":
        return np.float64(total)
    count = float(values.size) if denominator is None else denominator
    if not count > 0:
        raise InvalidArgumentError(
            "the mean has nothing to average (every row ignored, or their weights are all 0); use reduction='sum'"
        )
    return np.float64(total / count)
