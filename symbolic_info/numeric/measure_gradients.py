"""Gradients of the information measures: ``entropy_grad`` in p, ``cross_entropy_grad`` and ``kl_divergence_grad`` in q.

The same arguments and options as the measure (``axis``, ``base``, ``log_p``, ``log_q``,
``reduction``), the gradient in the distribution a model predicts: ``q`` for ``H(p, q)`` and
``D(p||q)`` (``log q`` with ``log_q=True``), ``p`` for ``H(p)``. The entries are treated as
independent (the gradient of the value as computed, not projected onto the simplex); each is a
term's derivative the book proves (``loss-gradients``):

- ``kl_divergence``: ``1 - p_i/q_i`` (the generalised form; 1 where ``p_i = 0``, ``-inf`` where a
  ``p_i > 0`` meets ``q_i = 0``); in ``log q``: ``q_i - p_i``, finite everywhere (through a
  log-softmax it gives the same gradient as PyTorch's ``-p``, the ``q`` part summing to 0);
- ``cross_entropy``: ``-p_i/q_i`` (0 where ``p_i = 0``); in ``log q``: ``-p_i``;
- ``entropy``: ``-log p_i - 1`` (``+inf`` at ``p_i = 0``: the true derivative).

``reduction`` as the measure's: ``"none"`` and ``"sum"`` give each row's own gradient, ``"mean"``
divides by the number of rows, ``"batchmean"`` (KL) by the size of the first axis.

>>> kl_divergence_grad([0.5, 0.5], [0.25, 0.75]).tolist()
[-1.0, 0.33333333333333337]
>>> entropy_grad([1.0, 0.0]).tolist()
[-1.0, inf]
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np
import sympy as sp

from ..formulas import losses
from .array_api import generic_path
from .arrays import as_real_array, axis_index, broadcast
from .kernels import lambdify_termwise
from .options import result_dtype, typed
from .reductions import check_measure, log_base
from .small import same_shape

__all__ = ["cross_entropy_grad", "entropy_grad", "kl_divergence_grad"]

_p, _q, _a, _b = sp.symbols("p q a b", real=True)
_KL_REDUCTIONS = ("none", "mean", "sum", "batchmean")


@cache
def _term(name: str) -> Callable[..., Any]:
    """The lambdified derivative ``name``, term by term, a term whose coefficient is 0 taken as 0 (``0/0``)."""
    expression = {
        "kl": losses.kl_term_gradient(_p, _q),
        "kl_logs": losses.kl_term_from_logs_gradient(_a, _b),
        "cross_entropy": losses.cross_entropy_term_gradient(_p, _q),
        "entropy": losses.entropy_term_gradient(_p),
    }[name]
    symbols = (_p,) if name == "entropy" else (_a, _b) if name == "kl_logs" else (_p, _q)
    return lambdify_termwise(symbols, expression)


def _finish(gradient: np.ndarray, arrays: list[np.ndarray], axis: int, base: object, reduction: str) -> Any:
    position = axis_index(gradient.ndim, axis)
    scale = log_base(base)
    if scale is not None:
        gradient = gradient / scale
    if reduction == "mean":
        gradient = gradient / (gradient.size // gradient.shape[position])
    elif reduction == "batchmean":
        gradient = gradient / (gradient.shape[0] if gradient.ndim > 1 else 1)
    return typed(gradient, result_dtype(*arrays))


def _pair(p: Any, q: Any) -> tuple[list[np.ndarray], np.ndarray, np.ndarray]:
    small = same_shape((p, q))  # plain arrays of one shape (checked already): no conversion beyond float64
    if small is not None:
        return small, small[0].astype(np.float64, copy=False), small[1].astype(np.float64, copy=False)
    arrays = [as_real_array(p, "p"), as_real_array(q, "q")]
    first, second = broadcast((arrays[0], "p"), (arrays[1], "q"))
    return arrays, first.astype(np.float64), second.astype(np.float64)


@generic_path
def kl_divergence_grad(
    p: Any,
    q: Any,
    *,
    axis: int = -1,
    base: float | None = None,
    log_p: bool = False,
    log_q: bool = False,
    reduction: str = "none",
) -> Any:
    """The gradient of :func:`~symbolic_info.numeric.kl_divergence` in ``q`` (in ``log q`` with ``log_q=True``)."""
    check_measure(
        (p, q), axis=axis, base=base, log_p=log_p, log_q=log_q, reduction=reduction, reductions=_KL_REDUCTIONS
    )
    arrays, first, second = _pair(p, q)
    with np.errstate(all="ignore"):
        if log_q:
            gradient = _term("kl_logs")(first if log_p else np.log(first), second)
        else:
            gradient = _term("kl")(np.exp(first) if log_p else first, second)
    return _finish(gradient, arrays, axis, base, reduction)


@generic_path
def cross_entropy_grad(
    p: Any,
    q: Any,
    *,
    axis: int = -1,
    base: float | None = None,
    log_p: bool = False,
    log_q: bool = False,
    reduction: str = "none",
) -> Any:
    """The gradient of :func:`~symbolic_info.numeric.cross_entropy` in ``q`` (in ``log q`` with ``log_q=True``)."""
    check_measure((p, q), axis=axis, base=base, log_p=log_p, log_q=log_q, reduction=reduction)
    arrays, first, second = _pair(p, q)
    probabilities = np.exp(first) if log_p else first
    with np.errstate(all="ignore"):
        gradient = -probabilities if log_q else _term("cross_entropy")(probabilities, second)
    return _finish(np.asarray(gradient, dtype=np.float64), arrays, axis, base, reduction)


@generic_path
def entropy_grad(p: Any, *, axis: int = -1, base: float | None = None, reduction: str = "none") -> Any:
    """The gradient of :func:`~symbolic_info.numeric.entropy` in ``p``: ``-log p_i - 1``."""
    check_measure((p,), axis=axis, base=base, reduction=reduction)
    array = as_real_array(p, "p")
    with np.errstate(all="ignore"):
        gradient = _term("entropy")(array.astype(np.float64))
    return _finish(np.asarray(gradient, dtype=np.float64), [array], axis, base, reduction)
