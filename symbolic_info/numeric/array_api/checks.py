"""Arrays of other libraries at the boundary: their namespace, the dtypes, and the value checks (eager only).

An argument goes the generic way when it is not a NumPy or dask array and has
``__array_namespace__`` (JAX, array-api-strict, CuPy, PyTorch through ``array_api_compat``). The
other arguments (lists, NumPy arrays, scalars) are converted to that library's arrays on the first
argument's device.

Dtypes as on the NumPy path: float16/32/64 come back in their dtype (the widest of the inputs), and
integers in the library's default real floating dtype (float64, or float32 for JAX without
``jax_enable_x64``). The work is done in float64 where the library has it by default, else in the
output dtype.

Value checks (negative entries, rows that do not sum to 1, NaN) read the values, which a traced
array (under ``jax.jit``, ``jax.grad``) does not have: under tracing they are skipped, never replaced
by clipping; the metadata checks (dtype, shape, axis, options) always run.

>>> import array_api_strict as xp
>>> namespace_of(xp.asarray([1.0]), [2.0]) is xp
True
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from ...errors import InvalidArgumentError, InvalidProbabilityError
from ..arrays import SUM_TOLERANCE, axis_index

__all__ = [
    "check",
    "check_probability_rows",
    "device_of",
    "dtypes",
    "is_foreign",
    "is_traced",
    "namespace_of",
    "position_of",
    "prepared",
    "scale_of",
]


#: Libraries whose arrays ``array_api_compat`` wraps without an ``__array_namespace__`` of their own.
_WRAPPED = frozenset({"torch", "cupy"})


def is_foreign(value: object) -> bool:
    """Not a NumPy or dask array, but an array of a library with the array API (``__array_namespace__``).

    PyTorch tensors (and CuPy arrays) count too: ``array_api_compat`` gives their namespace.
    """
    kind = type(value)
    if kind is np.ndarray or isinstance(value, (np.ndarray, np.generic)):
        return False
    if kind.__module__.partition(".")[0] in _WRAPPED:
        return True
    return hasattr(kind, "__array_namespace__") and not kind.__module__.startswith("dask.")


def namespace_of(*values: object) -> Any:
    """The array namespace of the foreign arrays among ``values`` (``array_api_compat``'s, unwrapped for JAX)."""
    import array_api_compat

    foreign = [value for value in values if is_foreign(value)]
    try:
        return array_api_compat.array_namespace(*foreign)
    except TypeError as error:  # an unknown library, or arrays of two libraries
        kinds = ", ".join(sorted({f"{type(value).__module__}.{type(value).__qualname__}" for value in foreign}))
        message = f"arrays of {kinds} are not supported together or by array_api_compat ({error})"
        raise InvalidArgumentError(message) from None


def device_of(array: Any) -> Any:
    """The device ``array`` lives on (new arrays are made there)."""
    import array_api_compat

    return array_api_compat.device(array)


def is_traced(*values: object) -> bool:
    """Some value is a JAX tracer (inside ``jax.jit``, ``jax.grad``, ``jax.vmap``): it has no values to check."""
    if not any(type(value).__module__.startswith("jax") for value in values):
        return False
    import jax

    return any(isinstance(value, jax.core.Tracer) for value in values)


def prepared(xp: Any, named: Sequence[tuple[object, str]], kinds: str = "real", like: Any = None) -> list[Any]:
    """Each value as an array of ``xp`` (on the device of ``like``, or of the first foreign one), nonempty and real."""
    import array_api_compat

    device = array_api_compat.device(like if like is not None else next(v for v, _ in named if is_foreign(v)))
    arrays = []
    for value, name in named:
        array: Any = value if is_foreign(value) else xp.asarray(np.asarray(value).tolist(), device=device)
        wanted = ("integral",) if kinds == "integral" else ("integral", "real floating")
        if not xp.isdtype(array.dtype, wanted):
            raise InvalidArgumentError(
                f"{name} must hold {'integers' if kinds == 'integral' else 'real numbers'}, got dtype {array.dtype}"
            )
        if math.prod(array.shape) == 0:
            raise InvalidProbabilityError(f"{name} is empty")
        arrays.append(array)
    return arrays


def dtypes(xp: Any, arrays: Sequence[Any]) -> tuple[Any, Any]:
    """The output dtype (float kept, integers to the default float) and the dtype the work is done in."""
    default = xp.__array_namespace_info__().default_dtypes()["real floating"]
    floats = [array.dtype for array in arrays if xp.isdtype(array.dtype, "real floating")]
    output = xp.result_type(*floats) if len(floats) == len(arrays) else default
    work = xp.float64 if default == xp.float64 else output
    return output, work


def check(valid: Any, error: type[InvalidArgumentError], message: str, *arrays: object) -> None:
    """Raise ``error(message)`` unless ``valid`` (a 0-d boolean array) holds; nothing under tracing."""
    if not is_traced(*arrays, valid) and not bool(valid):
        raise error(message)


def check_probability_rows(xp: Any, array: Any, name: str, axis: int, output: Any) -> None:
    """Every entry finite and ``>= 0``, every row summing to 1 within the tolerance (float16: its rounding)."""
    if is_traced(array):
        return
    check(xp.all(xp.isfinite(array)), InvalidProbabilityError, f"{name} has a non-finite entry")
    check(xp.all(array >= 0), InvalidProbabilityError, f"{name} has a negative entry")
    length = array.shape[axis]
    tolerance = SUM_TOLERANCE
    if xp.finfo(output).bits < 64:
        tolerance = max(SUM_TOLERANCE, length * float(xp.finfo(output).eps) / 2)
    off = xp.abs(xp.sum(array, axis=axis) - 1)
    if not bool(xp.all(off <= tolerance)):  # the largest offset is read only for the message
        raise InvalidProbabilityError(
            f"{name} has a row whose sum is off 1 by {float(xp.max(off)):.3g} (tolerance {tolerance:g}; "
            "rows are never renormalised)"
        )


def scale_of(base: object) -> float | None:
    """``log(base)`` for a valid logarithm base, None for natural units (the NumPy path's rule)."""
    if base is None:
        return None
    if isinstance(base, bool) or not isinstance(base, (int, float, np.integer, np.floating)):
        raise InvalidArgumentError(f"base must be a number, got {base!r}")
    if not (math.isfinite(base) and base > 0 and base != 1):
        raise InvalidArgumentError(f"a logarithm base must be positive, finite and not 1, got {base!r}")
    return math.log(base)


def position_of(array: Any, axis: object) -> int:
    """``axis`` as an index of ``array``'s dimensions (the NumPy path's check)."""
    return axis_index(array.ndim, axis)
