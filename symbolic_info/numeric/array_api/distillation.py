"""The distillation loss ``T^2 KL(softmax(t/T) || softmax(s/T))`` and its gradient for any array API library.

The NumPy path's computation (:mod:`symbolic_info.numeric.distillation`) in the library's namespace,
by the same functions (:mod:`..distillation_forms`): ``a = log softmax(t/T)`` and
``d = log softmax(s/T) - a`` from the differences of the logits taken before dividing by ``T`` (a
student near its teacher keeps its digits), the KL term from logarithms and the gradient ``T (q - p)``
lambdified from the same forms. A ``-inf``
logit is a masked class. With JAX and PyTorch the loss carries its derivative in the student's logits
as a rule (:func:`.autodiff.ruled`): ``jax.grad`` and ``backward()`` give :func:`distillation_kl_grad`,
never NaN at a masked class.

>>> import array_api_strict as xp
>>> round(float(distillation_kl(xp.asarray([1.0, 0.0]), xp.asarray([0.0, 1.0]), temperature=2.0)), 12)
0.489837324807
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache
from typing import Any, NamedTuple

from ...errors import InvalidArgumentError
from ..distillation_forms import (
    DISTILLATION_REDUCTIONS,
    GRADIENT_SYMBOLS,
    TERM_SYMBOLS,
    check_temperature,
    gradient_form,
    log_ratios,
    student_probabilities,
    term_form,
)
from ..options import check_reduction
from .autodiff import ruled
from .checks import check, dtypes, is_foreign, namespace_of, position_of, prepared
from .printer import lambdify_namespace

__all__ = ["distillation_kl", "distillation_kl_grad"]

_NAMES = ("student_logits", "teacher_logits")


@cache
def _kernels(xp: Any) -> tuple[Callable[..., Any], Callable[..., Any]]:
    return lambdify_namespace(TERM_SYMBOLS, term_form(), xp), lambdify_namespace(GRADIENT_SYMBOLS, gradient_form(), xp)


def _values(xp: Any, s: Any, t: Any, temperature: float) -> Any:
    """``T^2 sum_k e^{a_k}(expm1(d_k) - d_k)`` per row (classes last)."""
    a, d = log_ratios(xp, s, t, temperature)
    p, q = xp.exp(a), student_probabilities(xp, s, temperature)
    change = xp.expm1(d)
    terms = _kernels(xp)[0](p, q, d, p + q, change / (2.0 + change))
    terms = xp.where((p == 0) & (q == 0), 0.0, terms)
    return xp.sum(terms, axis=-1) * (temperature * temperature)


def _gradient(xp: Any, s: Any, t: Any, temperature: float) -> Any:
    """``T (q_k - p_k)`` for every entry (classes last)."""
    a, d = log_ratios(xp, s, t, temperature)
    return _kernels(xp)[1](xp.exp(a), student_probabilities(xp, s, temperature), d, temperature)


@cache
def _ruled(temperature: float, xp: Any) -> Callable[[Any, Any], Any]:
    """The per-row loss, differentiated in the student's logits by the proved gradient (JAX and PyTorch)."""
    return ruled(
        xp,
        lambda s, t: _values(xp, s, t, temperature),
        lambda s, t: _gradient(xp, s, t, temperature),
        summed=True,
    )


class _Rows(NamedTuple):
    """The checked arguments: the logits broadcast, in the work dtype, classes moved last."""

    xp: Any
    s: Any
    t: Any
    output: Any  # the dtype of the result
    position: int  # where the classes were
    denominator: float  # of "mean" and "batchmean"
    temperature: float
    reduction: str


def _rows(student: Any, teacher: Any, axis: object, temperature: object, reduction: object) -> _Rows:
    """The arguments checked (as the NumPy path checks them), broadcast, the classes moved last."""
    chosen, power = check_reduction(reduction, DISTILLATION_REDUCTIONS), check_temperature(temperature)
    xp = namespace_of(student, teacher)
    like = student if is_foreign(student) else teacher
    arrays = prepared(xp, list(zip((student, teacher), _NAMES, strict=True)), like=like)
    for array, name in zip(arrays, _NAMES, strict=True):
        if array.ndim == 0:
            raise InvalidArgumentError(f"{name} need at least one dimension (the classes)")
    output, work = dtypes(xp, arrays)
    s, t = (xp.astype(array, work) for array in arrays)
    for array, name in ((s, _NAMES[0]), (t, _NAMES[1])):
        check(xp.all(~xp.isnan(array) & (array < math.inf)), InvalidArgumentError, f"{name} has NaN or +inf", array)
    try:
        s, t = xp.broadcast_arrays(s, t)
    except ValueError as error:
        raise InvalidArgumentError(f"shapes do not broadcast ({error})") from None
    shape, position = tuple(s.shape), position_of(s, axis)
    s, t = xp.moveaxis(s, position, -1), xp.moveaxis(t, position, -1)
    for array, name in ((s, _NAMES[0]), (t, _NAMES[1])):  # rows along the class axis, as the NumPy path
        every = xp.all(xp.max(array, axis=-1) > -math.inf)
        check(every, InvalidArgumentError, f"{name}: a row has every logit -inf (every class masked)", array)
    return _Rows(xp, s, t, output, position, _count(shape, position, chosen), power, chosen)


def _count(shape: tuple[int, ...], position: int, reduction: str) -> float:
    """The denominator of ``"mean"`` (the rows) and ``"batchmean"`` (the first axis, 1 for one row)."""
    if reduction == "batchmean":
        return float(shape[0]) if len(shape) > 1 else 1.0
    return float(math.prod(shape) // shape[position])


def distillation_kl(
    student_logits: Any,
    teacher_logits: Any,
    temperature: float = 1.0,
    *,
    axis: int = -1,
    reduction: str = "batchmean",
) -> Any:
    """As :func:`symbolic_info.numeric.distillation_kl`: ``T^2 KL(softmax(t/T) || softmax(s/T))`` per row, reduced."""
    rows = _rows(student_logits, teacher_logits, axis, temperature, reduction)
    xp = rows.xp
    values = _ruled(rows.temperature, xp)(rows.s, rows.t)
    if rows.reduction != "none":
        values = xp.sum(values)
        if rows.reduction != "sum":
            values = values / rows.denominator
    return xp.astype(values, rows.output)


def distillation_kl_grad(
    student_logits: Any,
    teacher_logits: Any,
    temperature: float = 1.0,
    *,
    axis: int = -1,
    reduction: str = "batchmean",
) -> Any:
    """As :func:`symbolic_info.numeric.distillation_kl_grad`: ``T (q - p)`` per entry, in the logits' shape."""
    rows = _rows(student_logits, teacher_logits, axis, temperature, reduction)
    xp = rows.xp
    gradient = _gradient(xp, rows.s, rows.t, rows.temperature)
    if rows.reduction in ("mean", "batchmean"):
        gradient = gradient / rows.denominator
    return xp.astype(xp.moveaxis(gradient, -1, rows.position), rows.output)
