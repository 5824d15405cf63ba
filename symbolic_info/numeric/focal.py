"""The sigmoid focal loss and its gradient in the logits, lambdified from the forms the book proves (``focal-loss``).

``sigmoid_focal_loss(logits, targets)`` is torchvision's ``sigmoid_focal_loss``: with ``q = sigma(z)``
and ``q_t = q y + (1 - q)(1 - y)``, each element's loss is ``alpha_t (1 - q_t)^gamma`` times the binary
cross-entropy, ``alpha_t = alpha y + (1 - alpha)(1 - y)`` (no weighting for ``alpha`` None or ``< 0``).
It is evaluated in the softplus form of :func:`symbolic_info.formulas.focal.logit_focal_loss`:
``1 - q_t = y sigma(-z) + (1 - y) sigma(z)`` and the cross-entropy ``y softplus(-z) + (1 - y) softplus(z)``,
each ``sigma`` and softplus in its stable form (:func:`~symbolic_info.formulas.focal.numeric_form`),
so an easy example's tiny ``1 - q_t`` is never ``1`` minus a rounded probability. Block by block
(:mod:`.chunks`): beyond its output a call needs a few blocks.

The package's conventions (:mod:`symbolic_info.numeric`): prediction first; ``reduction`` ``"mean"``
(default), ``"sum"`` or ``"none"``; float16/32/64 kept; ``z = +-inf`` gives the limit (a term whose
coefficient is exactly 0 contributes 0, as ``0 log 0``); NaN, targets outside ``[0, 1]``, ``gamma < 0`` and
``alpha > 1`` are errors.

>>> float(sigmoid_focal_loss(0.0, 1.0, gamma=2.0, alpha=None))  # (1/2)^2 log 2
0.17328679513998632
>>> sigmoid_focal_loss_grad([np.inf, -np.inf], [1.0, 1.0], alpha=None, reduction="none").tolist()
[0.0, -1.0]
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

import numpy as np
import sympy as sp

from ..errors import InvalidArgumentError
from .array_api import generic_path
from .arrays import as_real_array, broadcast, check_unit_interval, is_lazy, refuse_beyond_float64, summed_to
from .chunks import map_blocks, sum_blocks
from .focal_forms import FOCAL_SYMBOLS, check_alpha, check_gamma, focal_terms
from .kernels import lambdify_numpy
from .options import check_reduction, result_dtype, typed
from .small import as_result, kept_dtype, same_shape, small_path

__all__ = ["sigmoid_focal_loss", "sigmoid_focal_loss_grad"]


@cache
def _kernel(name: str) -> Callable[..., Any]:
    """The lambdified form ``name``, term by term (shared subexpressions computed once); a ``0 * inf`` term is 0.

    A term is a coefficient (``y``, ``1 - y``, ``gamma``) times a part that may be infinite at an infinite
    logit; where the coefficient is exactly 0 the term is 0, its limit.
    """
    terms = focal_terms(name)
    together = lambdify_numpy(FOCAL_SYMBOLS, sp.Tuple(*terms), cse=True)

    def termwise(*values: Any) -> Any:
        total: Any = 0.0
        for value in together(*values):
            value = np.asarray(value, dtype=np.float64)
            total = total + np.where(np.isnan(value), 0.0, value)
        return total

    return termwise


def _prepared(
    logits: Any, targets: Any, gamma: object, alpha: object, reduction: object
) -> tuple[np.ndarray, np.ndarray, float, float | None, str]:
    """The checked arguments: logits and targets as given (checked in full, never copied), ``gamma``, ``alpha``."""
    chosen, power, balance = check_reduction(reduction), check_gamma(gamma), check_alpha(alpha)
    if is_lazy(logits) or is_lazy(targets):
        raise InvalidArgumentError("the focal loss takes NumPy arrays (dask arrays: not yet)")
    z, y = as_real_array(logits, "logits"), as_real_array(targets, "targets")
    refuse_beyond_float64(z, "logits")
    with np.errstate(all="ignore"):  # inf - inf is NaN too: then the mask decides
        total = np.add.reduce(z, axis=None)
    if math.isnan(total) and np.isnan(z).any():  # the sum first: no mask of the whole array unless needed
        where = tuple(int(k) for k in np.argwhere(np.isnan(z))[0])
        raise InvalidArgumentError(f"logits has a NaN entry at {where}")
    check_unit_interval(y, "targets")
    broadcast((z, "logits"), (y, "targets"))  # or a clear error naming the shapes
    return z, y, power, balance, chosen


def _filler(name: str, power: float, alpha: float | None) -> Callable[[Sequence[np.ndarray], np.ndarray], None]:
    """Fills one output block with the kernel ``name`` of the logit and target blocks, times ``alpha_t``."""
    evaluate = _kernel(name)

    def fill(blocks: Sequence[np.ndarray], out: np.ndarray) -> None:
        z, y = blocks
        out[...] = evaluate(z, y, power)
        if alpha is not None:
            balance = alpha * y + (1.0 - alpha) * (1.0 - y)
            np.copyto(out, np.where(balance == 0, 0.0, balance * out))  # 0, also against an infinite loss

    return fill


def _small_loss(
    logits: Any, targets: Any, *, gamma: float = 2.0, alpha: float | None = 0.25, reduction: str = "mean"
) -> Any:
    """The small path (:mod:`.small`): the block function once over plain arrays of at most one block."""
    chosen, power, balance = check_reduction(reduction), check_gamma(gamma), check_alpha(alpha)
    arrays = same_shape((logits, targets))
    if arrays is None:
        return None
    z, y = (array.reshape(-1).astype(np.float64, copy=False) for array in arrays)
    with np.errstate(invalid="ignore"):  # inf - inf is NaN: then the general path decides
        total = np.add.reduce(z, axis=None)
    if math.isnan(total) or not (np.minimum.reduce(y) >= 0 and np.maximum.reduce(y) <= 1):
        return None  # a NaN (or both infinities) or a target out of [0, 1]: the general path says which
    out = np.empty(z.size)
    with np.errstate(all="ignore"):
        _filler("loss", power, balance)([z, y], out)
    dtype = kept_dtype(arrays)
    if chosen == "none":
        return as_result(out, arrays[0].shape, dtype)
    total = float(np.add.reduce(out))
    return typed(total if chosen == "sum" else total / out.size, dtype)


@generic_path
@small_path(_small_loss)
def sigmoid_focal_loss(
    logits: Any, targets: Any, *, gamma: float = 2.0, alpha: float | None = 0.25, reduction: str = "mean"
) -> Any:
    """The focal loss ``alpha_t (1 - q_t)^gamma BCE(sigma(z), y)`` of logits and targets in ``[0, 1]``, reduced.

    torchvision's ``sigmoid_focal_loss(inputs, targets, alpha, gamma, reduction)`` with the same
    ``alpha = 0.25`` and ``gamma = 2``; the one default that differs is ``reduction``: ``"mean"`` here
    (the package's losses), ``"none"`` in torchvision. ``alpha=None`` (or ``< 0``) turns the class
    balance off (optax's default); ``gamma = 0`` and no ``alpha`` is
    :func:`~symbolic_info.numeric.binary_cross_entropy_with_logits`.

    >>> # log(2)/4 and sigma(-5)^2 softplus(-5)
    >>> sigmoid_focal_loss([0.0, 5.0], [1.0, 1.0], alpha=None, reduction="none").tolist()
    [0.17328679513998632, 3.0080902252680976e-07]
    """
    z, y, power, balance, chosen = _prepared(logits, targets, gamma, alpha, reduction)
    fill = _filler("loss", power, balance)
    with np.errstate(all="ignore"):
        if chosen == "none":
            return typed(map_blocks([z, y], fill), result_dtype(z, y))
        total, count = sum_blocks([z, y], fill)
    return typed(total if chosen == "sum" else total / count, result_dtype(z, y))


@generic_path
def sigmoid_focal_loss_grad(
    logits: Any, targets: Any, *, gamma: float = 2.0, alpha: float | None = 0.25, reduction: str = "mean"
) -> Any:
    """The gradient in the logits of :func:`sigmoid_focal_loss` (same arguments), the logits' shape and dtype.

    Each entry is ``alpha_t [m^gamma ((1 - y) sigma(z) - y sigma(-z)) + gamma (1 - 2y) m^(gamma - 1)
    sigma(z) sigma(-z) l]`` with ``m = 1 - q_t`` and ``l`` the cross-entropy, over the number of elements
    for ``"mean"``; ``"sum"`` and ``"none"`` give the gradient of the sum. Infinite logits give the limit.

    >>> float(sigmoid_focal_loss_grad(0.0, 1.0, alpha=None))  # -(1/4)(2 (1/2) log 2 + 1/2)
    -0.2982867951399863
    """
    z, y, power, balance, chosen = _prepared(logits, targets, gamma, alpha, reduction)
    with np.errstate(all="ignore"):
        gradient = map_blocks([z, y], _filler("gradient", power, balance))
    if chosen == "mean":
        gradient = gradient / gradient.size
    return typed(summed_to(gradient, z.shape), result_dtype(z, y))
