"""The sigmoid focal loss and its gradient for arrays of any array API library (JAX, array-api-strict, ...).

The same terms as the NumPy path (:mod:`symbolic_info.numeric.focal_forms`: the proved loss and
gradient in the logit, with the stable ``sigma`` and softplus), printed for the library's namespace;
a term whose coefficient is exactly 0 is 0 (NaN from ``0 * inf`` at an infinite logit taken as 0),
the same checks (values only outside tracing) and the same dtypes. With JAX and PyTorch the loss
carries its derivative in the logits as a rule (:func:`.autodiff.ruled`): ``jax.grad`` and
``backward()`` give the proved gradient, :func:`sigmoid_focal_loss_grad`, with its limits at
infinite logits (where differentiating the kernel would give ``0 * inf``), never NaN; the
derivative in the targets is the kernel's own.

>>> import array_api_strict as xp
>>> float(sigmoid_focal_loss(xp.asarray([0.0]), xp.asarray([1.0]), alpha=None))  # (1/2)^2 log 2
0.17328679513998632
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache
from typing import Any

from ...errors import InvalidArgumentError, InvalidProbabilityError
from ..focal_forms import FOCAL_SYMBOLS, check_alpha, check_gamma, focal_terms
from ..options import check_reduction
from .autodiff import ruled
from .checks import check, dtypes, is_foreign, namespace_of, prepared
from .gradients import summed_to
from .kernels import namespace_termwise
from .losses import reduced

__all__ = ["sigmoid_focal_loss", "sigmoid_focal_loss_grad"]


@cache
def _kernel(name: str, xp: Any) -> Callable[[Any, Any, float], Any]:
    """The form ``name`` over ``xp``, term by term, a NaN term (``0 * inf``) taken as 0."""
    return namespace_termwise(FOCAL_SYMBOLS, focal_terms(name), xp)


@cache
def _ruled(power: float, xp: Any) -> Callable[[Any, Any], Any]:
    """The elementwise loss, differentiated in the logits by the proved gradient (JAX and PyTorch)."""
    loss, gradient = _kernel("loss", xp), _kernel("gradient", xp)
    return ruled(xp, lambda z, y: loss(z, y, power), lambda z, y: gradient(z, y, power), summed=False)


def _evaluated(
    name: str, logits: Any, targets: Any, options: tuple[object, object, object]
) -> tuple[Any, Any, Any, str, tuple[int, ...]]:
    """``(xp, values, output dtype, reduction, the logits' shape)``: the kernel ``name`` times ``alpha_t``."""
    gamma, alpha, reduction = options
    chosen, power, balance = check_reduction(reduction), check_gamma(gamma), check_alpha(alpha)
    xp = namespace_of(logits, targets)
    z, y = prepared(xp, [(logits, "logits"), (targets, "targets")], like=logits if is_foreign(logits) else None)
    output, work = dtypes(xp, [z, y])
    shape = tuple(z.shape)
    z, y = xp.astype(z, work), xp.astype(y, work)
    check(xp.all(~xp.isnan(z)), InvalidArgumentError, "logits has a NaN entry", z)
    check(xp.all((y >= 0) & (y <= 1)), InvalidProbabilityError, "targets has an entry outside [0, 1]", y)
    try:
        z, y = xp.broadcast_arrays(z, y)
    except ValueError as error:
        raise InvalidArgumentError(f"shapes do not broadcast ({error})") from None
    values = _ruled(power, xp)(z, y) if name == "loss" else _kernel(name, xp)(z, y, power)
    if balance is not None:
        weight = balance * y + (1.0 - balance) * (1.0 - y)
        values = xp.where(weight == 0, 0.0, weight * values)  # 0, also against an infinite loss
    return xp, values, output, chosen, shape


def sigmoid_focal_loss(
    logits: Any, targets: Any, *, gamma: float = 2.0, alpha: float | None = 0.25, reduction: str = "mean"
) -> Any:
    """As :func:`symbolic_info.numeric.sigmoid_focal_loss`: ``alpha_t (1 - q_t)^gamma BCE(sigma(z), y)``, reduced."""
    xp, values, output, chosen, _ = _evaluated("loss", logits, targets, (gamma, alpha, reduction))
    return xp.astype(reduced(xp, values, chosen), output)


def sigmoid_focal_loss_grad(
    logits: Any, targets: Any, *, gamma: float = 2.0, alpha: float | None = 0.25, reduction: str = "mean"
) -> Any:
    """As :func:`symbolic_info.numeric.sigmoid_focal_loss_grad`: the gradient in the logits, their shape and dtype."""
    xp, gradient, output, chosen, shape = _evaluated("gradient", logits, targets, (gamma, alpha, reduction))
    if chosen == "mean":
        gradient = gradient / math.prod(gradient.shape)
    return xp.astype(summed_to(xp, gradient, shape), output)
