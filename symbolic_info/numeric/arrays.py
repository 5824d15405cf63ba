"""Input checks at the boundary: float64 arrays, broadcasting, the reduction axis, probability rows.

Every check raises from the package's hierarchy (:class:`~symbolic_info.errors.InvalidArgumentError`
and its subclass :class:`~symbolic_info.errors.InvalidProbabilityError`, both ``ValueError``).
Probability rows must sum to 1 within :data:`SUM_TOLERANCE`; they are never renormalised.

>>> rows(np.array([[0.5, 0.5], [1.0, 0.0]]), axis=-1).shape
(2, 2)
>>> check_probabilities(np.array([0.5, 0.6]), "p")
Traceback (most recent call last):
...
symbolic_info.errors.InvalidProbabilityError: p sums to 1.1 along the axis, not 1 (tolerance 1e-06; ...)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import InvalidArgumentError, InvalidProbabilityError

__all__ = [
    "SUM_TOLERANCE",
    "as_float_array",
    "broadcast",
    "check_finite",
    "check_probabilities",
    "check_unit_interval",
    "is_lazy",
    "raise_probability_error",
    "restore",
    "rows",
]

#: Largest accepted ``|sum - 1|`` of a probability row. Loose enough for data normalised in float32,
#: tight enough to reject counts, percentages and unnormalised weights.
SUM_TOLERANCE = 1e-6


def is_lazy(value: object) -> bool:
    """An array from another library that implements NumPy's protocols (dask): kept as it is, never converted."""
    return not isinstance(value, (np.ndarray, np.generic)) and hasattr(value, "__array_function__")


def as_float_array(value: object, name: str) -> np.ndarray:
    """``value`` as a nonempty float64 array (integers are converted; bool, complex and text are refused)."""
    try:
        array = np.asarray(value)
    except (TypeError, ValueError) as error:
        raise InvalidArgumentError(f"{name} is not an array of numbers ({error})") from None
    if array.dtype.kind not in "iuf":
        raise InvalidArgumentError(f"{name} must hold real numbers, got dtype {array.dtype}")
    if array.size == 0:
        raise InvalidProbabilityError(f"{name} is empty")
    return array.astype(np.float64, copy=False)


def broadcast(*named: tuple[np.ndarray, str]) -> list[np.ndarray]:
    """The arrays broadcast to one shape, or a clear error naming the shapes."""
    try:
        return list(np.broadcast_arrays(*(array for array, _ in named)))
    except ValueError:
        shapes = ", ".join(f"{name} {array.shape}" for array, name in named)
        raise InvalidArgumentError(f"shapes do not broadcast: {shapes}") from None


def _axis(ndim: int, axis: object) -> int:
    if ndim == 0:
        raise InvalidArgumentError("a distribution needs at least one dimension; got a scalar")
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)):
        raise InvalidArgumentError(f"axis must be an int, got {axis!r}")
    if not -ndim <= axis < ndim:
        raise InvalidArgumentError(f"axis {axis} is out of range for an array of {ndim} dimension(s)")
    return int(axis) % ndim


def rows(array: np.ndarray, axis: object) -> np.ndarray:
    """A C-contiguous 2-D view (or copy) with ``axis`` last: one row per distribution."""
    moved = np.moveaxis(array, _axis(array.ndim, axis), -1)
    return np.ascontiguousarray(moved).reshape(-1, moved.shape[-1])


def restore(values: np.ndarray, shape: tuple[int, ...], axis: object) -> Any:
    """Per-row results back in the shape without ``axis``; a 0-d result becomes a NumPy scalar."""
    kept = tuple(size for k, size in enumerate(shape) if k != _axis(len(shape), axis))
    result = values.reshape(kept)
    return result[()] if result.ndim == 0 else result


def _entry(array: np.ndarray, name: str, wrong: np.ndarray) -> str:
    """``name[i, j] = value`` for the first entry where ``wrong`` holds (``name = value`` for a scalar)."""
    where = tuple(int(k) for k in np.argwhere(wrong)[0])
    label = f"{name}[{', '.join(map(str, where))}]" if where else name
    return f"{label} = {float(array[where])!r}"


def raise_probability_error(array: np.ndarray, name: str, axis: int = -1) -> None:
    """Raise the error that describes what is wrong with ``array`` as probability rows (if anything)."""
    bad = ~np.isfinite(array)
    if bad.any():
        raise InvalidProbabilityError(f"{name} has a non-finite entry {_entry(array, name, bad)}")
    negative = array < 0
    if negative.any():
        raise InvalidProbabilityError(f"{name} has a negative entry {_entry(array, name, negative)}")
    sums = array.sum(axis=axis)
    off = np.abs(sums - 1) > SUM_TOLERANCE
    if np.any(off):
        total = float(np.asarray(sums)[off].flat[0])
        raise InvalidProbabilityError(
            f"{name} sums to {total:.15g} along the axis, not 1 "
            f"(tolerance {SUM_TOLERANCE:g}; rows are never renormalised)"
        )


def check_probabilities(array: np.ndarray, name: str, axis: int = -1) -> None:
    """Every entry finite and ``>= 0``, every row summing to 1 within :data:`SUM_TOLERANCE`."""
    if not (array.min() >= 0 and np.all(np.abs(array.sum(axis=axis) - 1) <= SUM_TOLERANCE)):
        raise_probability_error(array, name, axis)


def check_finite(array: np.ndarray, name: str) -> None:
    """Every entry finite (logits may be any real number, but not NaN or infinite)."""
    if not np.isfinite(array).all():
        raise InvalidArgumentError(f"{name} has a non-finite entry {_entry(array, name, ~np.isfinite(array))}")


def check_unit_interval(array: np.ndarray, name: str) -> None:
    """Every entry in ``[0, 1]`` (a probability or a soft label)."""
    if not (array.min() >= 0 and array.max() <= 1):
        if not np.isfinite(array).all():
            raise InvalidProbabilityError(f"{name} has a non-finite entry {_entry(array, name, ~np.isfinite(array))}")
        raise InvalidProbabilityError(f"{_entry(array, name, (array < 0) | (array > 1))} is not in [0, 1]")
