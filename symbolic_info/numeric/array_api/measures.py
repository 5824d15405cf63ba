"""The information measures and the elementwise and row-wise functions, for arrays of any array API library.

The same stable forms as the NumPy path (:mod:`.kernels`), the same arguments, options and checks
(:mod:`.checks`; value checks skipped under tracing); the result is the input library's array (a
0-d array where NumPy gives a scalar).

>>> import array_api_strict as xp
>>> float(entropy(xp.asarray([0.5, 0.5]), base=2))
1.0
>>> log_softmax(xp.asarray([0.0, -50.0]))[0] == -1.9287498479639178e-22
Array(True, dtype=array_api_strict.bool)
"""

from __future__ import annotations

from typing import Any

from ...errors import InvalidArgumentError, InvalidProbabilityError
from ..options import check_reduction
from .autodiff import constant
from .checks import (
    check,
    check_probability_rows,
    device_of,
    dtypes,
    is_traced,
    namespace_of,
    position_of,
    prepared,
    scale_of,
)
from .kernels import namespace_kernel

__all__ = [
    "binary_entropy",
    "cross_entropy",
    "entropy",
    "kl_divergence",
    "log_sigmoid",
    "log_softmax",
    "shifted_rows",
    "sigmoid",
    "softmax",
]


def _flags(log_p: object, log_q: object) -> tuple[bool, bool]:
    for name, flag in (("log_p", log_p), ("log_q", log_q)):
        if not isinstance(flag, bool):
            raise InvalidArgumentError(f"{name} must be True or False, got {flag!r}")
    return bool(log_p), bool(log_q)


def _check_log_rows(xp: Any, array: Any, name: str, axis: int, output: Any) -> None:
    if not is_traced(array):
        check(xp.all(~xp.isnan(array) & (array < float("inf"))), InvalidProbabilityError, f"{name} has NaN or +inf")
        check_probability_rows(xp, xp.exp(array), name, axis, output)


def _reduce(
    term: str, named: list[tuple[object, str]], axis: object, base: object, reduction: str, logs: tuple[bool, ...]
) -> Any:
    """Row sums of the stable term ``term`` over probability rows (or log-probability rows where ``logs``)."""
    scale = scale_of(base)
    xp = namespace_of(*(value for value, _ in named))
    arrays = prepared(xp, named)
    output, work = dtypes(xp, arrays)
    try:
        values = xp.broadcast_arrays(*(xp.astype(array, work) for array in arrays))
    except ValueError:
        shapes = ", ".join(f"{name} {tuple(array.shape)}" for array, (_, name) in zip(arrays, named, strict=True))
        raise InvalidArgumentError(f"shapes do not broadcast: {shapes}") from None
    position = position_of(values[0], axis)
    for value, (_, name), logged in zip(values, named, logs, strict=True):
        (_check_log_rows if logged else check_probability_rows)(xp, value, name, position, output)
    if term == "kl_term" and any(logs):
        values = [value if logged else xp.log(value) for value, logged in zip(values, logs, strict=True)]
        term = "kl_term_from_logs"
    elif term == "cross_entropy_term" and any(logs):
        p, q = values
        values = [xp.exp(p) if logs[0] else p, q if logs[1] else xp.log(q)]
        term = "cross_entropy_term_from_logs"
    totals = xp.sum(namespace_kernel(term, xp)(*values), axis=position) + 0.0
    if scale is not None:
        totals = totals / scale
    if reduction == "sum":
        totals = xp.sum(totals)
    elif reduction == "mean":
        totals = xp.mean(totals)
    elif reduction == "batchmean":
        totals = xp.sum(totals) / (values[0].shape[0] if values[0].ndim > 1 else 1)
    return xp.astype(totals, output)


def entropy(p: Any, *, axis: int = -1, base: float | None = None) -> Any:
    """``H(p)`` of each row, as :func:`symbolic_info.numeric.entropy` (``0 log 0 = 0``; rows sum to 1)."""
    return _reduce("entropy_term", [(p, "p")], axis, base, "none", (False,))


def cross_entropy(
    p: Any,
    q: Any,
    *,
    axis: int = -1,
    base: float | None = None,
    log_p: bool = False,
    log_q: bool = False,
    reduction: str = "none",
) -> Any:
    """``H(p, q)`` of each row pair, as :func:`symbolic_info.numeric.cross_entropy`."""
    chosen, flags = check_reduction(reduction), _flags(log_p, log_q)
    named: list[tuple[object, str]] = [(p, "log_p" if flags[0] else "p"), (q, "log_q" if flags[1] else "q")]
    return _reduce("cross_entropy_term", named, axis, base, chosen, flags)


def kl_divergence(
    p: Any,
    q: Any,
    *,
    axis: int = -1,
    base: float | None = None,
    log_p: bool = False,
    log_q: bool = False,
    reduction: str = "none",
) -> Any:
    """``D(p || q)`` of each row pair (the generalised terms, series near ``p = q``), as the NumPy path's."""
    chosen = check_reduction(reduction, ("none", "mean", "sum", "batchmean"))
    flags = _flags(log_p, log_q)
    named: list[tuple[object, str]] = [(p, "log_p" if flags[0] else "p"), (q, "log_q" if flags[1] else "q")]
    return _reduce("kl_term", named, axis, base, chosen, flags)


def _elementwise(term: str, value: object, name: str, unit: bool) -> Any:
    xp = namespace_of(value)
    (array,) = prepared(xp, [(value, name)])
    output, work = dtypes(xp, [array])
    x = xp.astype(array, work)
    if unit:
        check(xp.all((x >= 0) & (x <= 1)), InvalidProbabilityError, f"{name} has an entry outside [0, 1]", x)
    else:
        check(xp.all(xp.isfinite(x)), InvalidArgumentError, f"{name} has a non-finite entry", x)
    return xp.astype(namespace_kernel(term, xp)(x), output)


def sigmoid(z: Any) -> Any:
    """``sigma(z)``, as :func:`symbolic_info.numeric.sigmoid` (never overflows)."""
    return _elementwise("sigmoid", z, "z", False)


def log_sigmoid(z: Any) -> Any:
    """``log sigma(z)``, as :func:`symbolic_info.numeric.log_sigmoid`."""
    return _elementwise("log_sigmoid", z, "z", False)


def binary_entropy(p: Any) -> Any:
    """``H_b(p)`` in nats, as :func:`symbolic_info.numeric.binary_entropy`."""
    return _elementwise("binary_entropy", p, "p", True)


def shifted_rows(xp: Any, z: Any, axis: int) -> tuple[Any, Any]:
    """``d = z - m`` and ``s = sum_{j != a} e^{d_j}`` along ``axis``, ``a`` the first position of the maximum ``m``.

    Logits are real or ``-inf`` (a masked class); NaN, ``+inf`` and rows with every class masked are
    errors. At ``a``, ``d_a = 0`` exactly, and ``s`` takes ``d_a`` (0, with derivative 1 = ``e^0``) in
    place of ``e^{d_a}`` (1): the value leaves the 1 out (no cancellation for a dominant class) and the
    derivative in every ``d_j`` is ``e^{d_j}``, so the maximum can be held constant (it cancels).
    """
    check(xp.all(~xp.isnan(z) & (z < float("inf"))), InvalidArgumentError, "logits have NaN or +inf", z)
    first = xp.argmax(z, axis=axis, keepdims=True)
    largest = constant(xp)(xp.take_along_axis(z, first, axis=axis))
    check(xp.all(largest > -float("inf")), InvalidArgumentError, "a row has every logit -inf (every class masked)", z)
    shifted = z - largest
    positions = [1] * z.ndim
    positions[axis] = z.shape[axis]
    at_first = xp.reshape(xp.arange(z.shape[axis], device=device_of(z)), tuple(positions)) == first
    return shifted, xp.sum(xp.where(at_first, shifted, xp.exp(shifted)), axis=axis, keepdims=True)


def _rowwise(term: str, z: Any, axis: object) -> Any:
    xp = namespace_of(z)
    (array,) = prepared(xp, [(z, "z")])
    output, work = dtypes(xp, [array])
    x = xp.astype(array, work)
    shifted, rest = shifted_rows(xp, x, position_of(x, axis))
    return xp.astype(namespace_kernel(term, xp)(shifted, rest), output)


def log_softmax(z: Any, axis: int = -1) -> Any:
    """``log softmax(z)`` along ``axis``, as :func:`symbolic_info.numeric.log_softmax`."""
    return _rowwise("log_softmax", z, axis)


def softmax(z: Any, axis: int = -1) -> Any:
    """``softmax(z)`` along ``axis``, as :func:`symbolic_info.numeric.softmax`."""
    return _rowwise("softmax", z, axis)
