"""Input checks at the boundary: arrays of real numbers, broadcasting, the reduction axis, probability rows.

Every check raises from the package's hierarchy (:class:`~symbolic_info.errors.InvalidArgumentError`
and its subclass :class:`~symbolic_info.errors.InvalidProbabilityError`, both ``ValueError``).
Probability rows must sum to 1 within :data:`SUM_TOLERANCE`; they are never renormalised.

What is accepted: NumPy arrays and anything :func:`numpy.asarray` turns into an array of integers or
floats (computed in float64), and dask arrays (:func:`is_lazy`; checked in :mod:`.lazy`). Refused
with :class:`~symbolic_info.errors.InvalidArgumentError`: bool, complex, text and object data, masked
arrays (their mask would be dropped silently: pass ``a.compressed()`` or ``a.filled(x)``), and any other
array library's object (``__array_function__``: CuPy, sparse, ...), whose entries these checks cannot see.

>>> axis_index(2, -1)
1
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
    "as_real_array",
    "axis_index",
    "broadcast",
    "check_classes",
    "check_finite",
    "check_probabilities",
    "check_unit_interval",
    "is_lazy",
    "raise_probability_error",
    "refuse_beyond_float64",
    "refuse_unsupported",
    "restore",
    "sum_tolerance",
    "summed_to",
]

#: Largest accepted ``|sum - 1|`` of a probability row. Loose enough for data normalised in float32,
#: tight enough to reject counts, percentages and unnormalised weights.
SUM_TOLERANCE = 1e-6


def sum_tolerance(dtype: np.dtype[Any], length: int) -> float:
    """:data:`SUM_TOLERANCE`, or for a narrow float the rounding of ``length`` entries (``length * eps/2``) if larger.

    A float16 row cannot sum to 1 within ``1e-6`` (its unit roundoff is ``4.9e-4``).

    >>> sum_tolerance(np.dtype(np.float16), 3)
    0.00146484375
    """
    if dtype.kind == "f" and dtype.itemsize < 8:
        return max(SUM_TOLERANCE, length * float(np.finfo(dtype).eps) / 2)
    return SUM_TOLERANCE


def is_lazy(value: object) -> bool:
    """A dask array: computed lazily through NumPy's protocols (:mod:`.lazy`), never converted here."""
    if not type(value).__module__.startswith("dask."):
        return False
    try:
        import dask.array
    except ImportError:  # pragma: no cover - a dask object without dask.array
        return False
    return isinstance(value, dask.array.Array)


def refuse_unsupported(value: object, name: str) -> None:
    """Refuse what :func:`numpy.asarray` would turn into wrong numbers: masked arrays and other array libraries."""
    if isinstance(value, np.ma.MaskedArray):
        raise InvalidArgumentError(
            f"{name} is a masked array: masks are not supported (they would be dropped silently); "
            "pass a.compressed() or a.filled(value)"
        )
    if not isinstance(value, (np.ndarray, np.generic)) and hasattr(value, "__array_function__"):
        kind = f"{type(value).__module__}.{type(value).__qualname__}"
        raise InvalidArgumentError(
            f"{name} is a {kind}, whose entries cannot be checked here: pass a NumPy array "
            "(dask arrays are taken by the functions of symbolic_info.numeric, not by its gradients)"
        )


def as_real_array(value: object, name: str) -> np.ndarray:
    """``value`` as a nonempty array of integers or floats, not converted (the callers convert block by block)."""
    refuse_unsupported(value, name)
    try:
        array = np.asarray(value)
    except (TypeError, ValueError) as error:
        raise InvalidArgumentError(f"{name} is not an array of numbers ({error})") from None
    if array.dtype.kind not in "iuf":
        raise InvalidArgumentError(f"{name} must hold real numbers, got dtype {array.dtype}")
    if array.size == 0:
        raise InvalidProbabilityError(f"{name} is empty")
    return array


def as_float_array(value: object, name: str) -> np.ndarray:
    """``value`` as a nonempty float64 array (integers are converted; bool, complex and text are refused)."""
    return as_real_array(value, name).astype(np.float64, copy=False)


def broadcast(*named: tuple[np.ndarray, str]) -> list[np.ndarray]:
    """The arrays broadcast to one shape, or a clear error naming the shapes."""
    try:
        return list(np.broadcast_arrays(*(array for array, _ in named)))
    except ValueError:
        shapes = ", ".join(f"{name} {array.shape}" for array, name in named)
        raise InvalidArgumentError(f"shapes do not broadcast: {shapes}") from None


def axis_index(ndim: int, axis: object) -> int:
    """``axis`` as an index in ``range(ndim)``, or a clear error (also for a 0-d array: it has no axis)."""
    if ndim == 0:
        raise InvalidArgumentError("a distribution needs at least one dimension; got a scalar")
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)):
        raise InvalidArgumentError(f"axis must be an int, got {axis!r}")
    if not -ndim <= axis < ndim:
        raise InvalidArgumentError(f"axis {axis} is out of range for an array of {ndim} dimension(s)")
    return int(axis) % ndim


def check_classes(labels: tuple[int, ...], logits: tuple[int, ...], axis: int, name: str = "labels") -> None:
    """Probability labels must have the classes' length along the class axis (``axis`` of the logits, in range).

    Broadcasting is allowed on the other axes only: a label row of length 1 would otherwise be
    stretched to every class, and a wrong loss would come out.
    """
    position = axis - (len(logits) - len(labels))
    if position < 0 or labels[position] != logits[axis]:
        raise InvalidArgumentError(
            f"probability {name} of shape {labels} need the {logits[axis]} classes along the class axis "
            f"(logits of shape {logits}, axis {axis})"
        )


def restore(values: np.ndarray, shape: tuple[int, ...], axis: object) -> Any:
    """Per-row results back in the shape without ``axis``; a 0-d result becomes a NumPy scalar."""
    kept = tuple(size for k, size in enumerate(shape) if k != axis_index(len(shape), axis))
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
    sums = array.sum(axis=axis, dtype=np.float64)
    tolerance = sum_tolerance(array.dtype, array.shape[axis])
    off = np.abs(sums - 1) > tolerance
    if np.any(off):
        total = float(np.asarray(sums)[off].flat[0])
        raise InvalidProbabilityError(
            f"{name} sums to {total:.15g} along the axis, not 1 (tolerance {tolerance:g}; rows are never renormalised)"
        )


def check_probabilities(array: np.ndarray, name: str, axis: int = -1) -> None:
    """Every entry finite and ``>= 0``, every row summing to 1 within :data:`SUM_TOLERANCE`."""
    tolerance = sum_tolerance(array.dtype, array.shape[axis])
    if not (array.min() >= 0 and np.all(np.abs(array.sum(axis=axis, dtype=np.float64) - 1) <= tolerance)):
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


def refuse_beyond_float64(array: np.ndarray, name: str) -> None:
    """Refuse finite entries of a wider float (long double) that float64 would turn into an infinity."""
    if array.dtype.kind == "f" and array.dtype.itemsize > 8:
        finite = np.isfinite(array)
        if (
            finite & (np.abs(array, where=finite, out=np.zeros(array.shape, array.dtype)) > np.finfo(np.float64).max)
        ).any():
            raise InvalidArgumentError(f"{name} has an entry beyond the range of float64")


def summed_to(gradient: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """The gradient in an argument of ``shape`` that was broadcast: summed over the axes it was stretched along.

    >>> summed_to(np.ones((2, 3)), (1, 3)).tolist()
    [[2.0, 2.0, 2.0]]
    """
    extra = gradient.ndim - len(shape)
    summed = gradient.sum(axis=tuple(range(extra))) if extra else gradient
    stretched = tuple(k for k, size in enumerate(shape) if size == 1 and summed.shape[k] != 1)
    return summed.sum(axis=stretched, keepdims=True) if stretched else summed
