"""The distillation loss ``T^2 KL(softmax(t/T) || softmax(s/T))`` of a student's logits, and its gradient.

PyTorch writes it ``F.kl_div(F.log_softmax(s/T, -1), F.log_softmax(t/T, -1), log_target=True,
reduction="batchmean") * T**2``. Here it is computed from the logits: with ``a = log softmax(t/T)``
and ``b = log softmax(s/T)`` (``stable-log-softmax``), each class contributes the generalised KL term
``e^{a}(expm1(d) - d)`` of ``d = b - a`` (``stable-kl-from-logs``), never ``log(p/q)`` from
exponentiated values, and ``d`` is formed from the differences ``s_k - t_k`` before dividing by ``T``,
so that a student close to its teacher keeps the digits of their small difference. The gradient in
``s`` is ``T (q_k - p_k)`` (``distillation-temperature``), computed as ``T p_k expm1(d_k)`` where
``d_k <= 0`` and ``-T q_k expm1(-d_k)`` elsewhere: no cancellation, no overflow.

A logit ``-inf`` is a masked class: a class masked for the teacher adds nothing, one masked for the
student only gives ``+inf`` (the limit); ``+inf`` and NaN logits are errors.

>>> float(distillation_kl([[0.0, 0.0]], [[0.0, 0.0]], temperature=4.0))
0.0
>>> round(float(distillation_kl([1.0, 0.0], [0.0, 1.0], temperature=2.0)), 12)  # 4 KL at logits /2
0.489837324807
>>> distillation_kl_grad([[0.0, 0.0]], [[0.0, 0.0]], temperature=2.0).tolist()
[[0.0, 0.0]]
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np

from ..errors import InvalidArgumentError
from .array_api import generic_path
from .arrays import as_real_array, axis_index, broadcast, is_lazy, refuse_beyond_float64
from .distillation_blocks import row_values
from .distillation_forms import (
    DISTILLATION_REDUCTIONS,
    GRADIENT_SYMBOLS,
    check_temperature,
    gradient_form,
    log_ratios,
    student_probabilities,
)
from .kernels import lambdify_numpy
from .options import check_reduction, reduced, result_dtype, typed
from .softmax import check_logits, check_row_maxima

__all__ = ["distillation_kl", "distillation_kl_grad"]


@cache
def _gradient() -> Callable[..., Any]:
    """``T (q - p)`` in its stable form (:func:`.distillation_forms.gradient_form`)."""
    return lambdify_numpy(GRADIENT_SYMBOLS, gradient_form())


class _Rows:
    """Student and teacher logits as float64 rows (classes last), with what both the loss and its gradient need."""

    def __init__(self, student: Any, teacher: Any, axis: int, temperature: float) -> None:
        if is_lazy(student) or is_lazy(teacher):
            raise InvalidArgumentError("the distillation loss takes NumPy arrays (dask arrays: not yet)")
        s, t = as_real_array(student, "student_logits"), as_real_array(teacher, "teacher_logits")
        finite = []
        for array, name in ((s, "student_logits"), (t, "teacher_logits")):
            refuse_beyond_float64(array, name)
            if array.ndim == 0:
                raise InvalidArgumentError(f"{name} need at least one dimension (the classes)")
            finite.append(_all_finite(array))
            if not finite[-1]:
                check_logits(array, name)
        self.finite = all(finite)  # no logit is -inf
        self.dtype = result_dtype(s, t)
        s, t = broadcast((s, "student_logits"), (t, "teacher_logits"))
        self.shape = s.shape
        self.position = axis_index(s.ndim, axis)
        classes = s.shape[self.position]
        self.moved = np.moveaxis(s, self.position, -1).shape
        self.s = np.moveaxis(s, self.position, -1).reshape(-1, classes).astype(np.float64, copy=False)
        self.t = np.moveaxis(t, self.position, -1).reshape(-1, classes).astype(np.float64, copy=False)
        self.temperature = temperature
        if not self.finite:
            check_row_maxima(self.s.max(axis=1), "student_logits")
            check_row_maxima(self.t.max(axis=1), "teacher_logits")

    def values(self) -> np.ndarray:
        """``T^2 sum_k e^{a_k}(expm1(d_k) - d_k)`` per row (``e^{b_k}`` where the teacher masks class ``k``)."""
        with np.errstate(all="ignore"):
            return row_values(self.s, self.t, self.temperature, self.finite)

    def gradient(self) -> np.ndarray:
        """``T (q_k - p_k)`` for every entry, as ``T p expm1(d)`` (``d <= 0``) or ``-T q expm1(-d)`` (``d > 0``).

        ``a = log softmax(t/T)`` and ``d = log softmax(s/T) - a`` from :func:`.distillation_forms.log_ratios`.
        """
        with np.errstate(all="ignore"):
            a, d = log_ratios(np, self.s, self.t, self.temperature)
            p, q = np.exp(a), student_probabilities(np, self.s, self.temperature)
            return np.asarray(_gradient()(p, q, d, self.temperature), dtype=np.float64)

    def restore(self, values: np.ndarray) -> np.ndarray:
        """Per-entry values back in the logits' shape."""
        return np.asarray(np.moveaxis(values.reshape(self.moved), -1, self.position), dtype=np.float64)

    def count(self, reduction: str) -> float:
        """The denominator of ``"mean"`` (the rows) and ``"batchmean"`` (the first axis, 1 for one row)."""
        if reduction == "batchmean":
            return float(self.shape[0]) if len(self.shape) > 1 else 1.0
        return float(self.s.shape[0])


def _all_finite(array: np.ndarray) -> bool:
    """Every entry finite, from one sum (an overflowing sum of finite logits says no, and the full check follows)."""
    if array.dtype.kind != "f":
        return True
    with np.errstate(all="ignore"):
        return math.isfinite(np.add.reduce(array, axis=None))


@generic_path
def distillation_kl(
    student_logits: Any,
    teacher_logits: Any,
    temperature: float = 1.0,
    *,
    axis: int = -1,
    reduction: str = "batchmean",
) -> Any:
    """``T^2 KL(softmax(t/T) || softmax(s/T))`` per row of logits (classes along ``axis``), reduced.

    ``reduction``: ``"batchmean"`` (default: the sum over the size of the first axis, as PyTorch's
    ``kl_div``; one row: its value), ``"mean"`` (over rows), ``"sum"``, ``"none"`` (one value per row).
    PyTorch's ``reduction="mean"`` averages over every element (rows times classes), not over rows.

    >>> distillation_kl([[2.0, 0.0], [0.0, 0.0]], [[0.0, 2.0], [0.0, 0.0]], reduction="none").tolist()
    [1.5231883119115297, 0.0]
    """
    chosen = check_reduction(reduction, DISTILLATION_REDUCTIONS)
    rows = _Rows(student_logits, teacher_logits, axis, check_temperature(temperature))
    values = rows.values()
    if chosen == "none":
        kept = tuple(size for k, size in enumerate(rows.shape) if k != rows.position)
        return typed(values.reshape(kept), rows.dtype)
    result = reduced(values, "sum" if chosen == "sum" else "mean", rows.count(chosen))
    return typed(result, rows.dtype)


@generic_path
def distillation_kl_grad(
    student_logits: Any,
    teacher_logits: Any,
    temperature: float = 1.0,
    *,
    axis: int = -1,
    reduction: str = "batchmean",
) -> Any:
    """The gradient of :func:`distillation_kl` in the student's logits (same arguments): ``T (q - p)`` per entry.

    ``q = softmax(s/T)``, ``p = softmax(t/T)``; divided by the reduction's denominator for
    ``"batchmean"`` and ``"mean"``; ``"sum"`` and ``"none"`` give the gradient of the sum.

    >>> distillation_kl_grad([0.0, 0.0], [0.0, np.log(3.0)], temperature=1.0).tolist()  # q - p
    [0.25, -0.25]
    """
    chosen = check_reduction(reduction, DISTILLATION_REDUCTIONS)
    rows = _Rows(student_logits, teacher_logits, axis, check_temperature(temperature))
    gradient = rows.gradient()
    if chosen in ("mean", "batchmean"):
        gradient = gradient / rows.count(chosen)
    return typed(rows.restore(gradient), rows.dtype)
