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
from typing import Any

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


def _rows(
    student: Any, teacher: Any, axis: object, temperature: object, reduction: object
) -> tuple[Any, Any, Any, Any, int, float, str]:
    """``(xp, s, t, output dtype, axis, T, reduction)``: checked, broadcast, classes moved last."""
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
        every = xp.all(xp.max(array, axis=-1) > -math.inf) if array.ndim else True
        check(every, InvalidArgumentError, f"{name}: a row has every logit -inf (every class masked)", array)
    try:
        s, t = xp.broadcast_arrays(s, t)
    except ValueError as error:
        raise InvalidArgumentError(f"shapes do not broadcast ({error})") from None
    position = position_of(s, axis)
    return xp, xp.moveaxis(s, position, -1), xp.moveaxis(t, position, -1), output, position, power, chosen


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
    xp, s, t, output, position, power, chosen = _rows(student_logits, teacher_logits, axis, temperature, reduction)
    values = _ruled(power, xp)(s, t)
    if chosen != "none":
        values = xp.sum(values)
        if chosen != "sum":
            shape = (*s.shape[:-1][:position], s.shape[-1], *s.shape[:-1][position:])
            values = values / _count(shape, position, chosen)
    return xp.astype(values, output)


def distillation_kl_grad(
    student_logits: Any,
    teacher_logits: Any,
    temperature: float = 1.0,
    *,
    axis: int = -1,
    reduction: str = "batchmean",
) -> Any:
    """As :func:`symbolic_info.numeric.distillation_kl_grad`: ``T (q - p)`` per entry, in the logits' shape."""
    xp, s, t, output, position, power, chosen = _rows(student_logits, teacher_logits, axis, temperature, reduction)
    gradient = _gradient(xp, s, t, power)
    if chosen in ("mean", "batchmean"):
        shape = (*s.shape[:-1][:position], s.shape[-1], *s.shape[:-1][position:])
        gradient = gradient / _count(shape, position, chosen)
    return xp.astype(xp.moveaxis(gradient, -1, position), output)
