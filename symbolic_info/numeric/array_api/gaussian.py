"""The diagonal Gaussians' KL (the VAE's KL term) and its gradients for arrays of any array API library.

The same forms as the NumPy path (:mod:`symbolic_info.numeric.gaussian_forms`), printed for the
library's namespace: per coordinate ``1/2 [(mu - mu_p)^2 e^{-l_p} + expm1(d) - d]``, ``d = l - l_p``,
the last part the KL term from logarithms with its series near ``d = 0`` (chosen by a ``where``,
both branches evaluated on safe inputs), so that ``jax.grad`` goes through without NaN. The same
checks (values only outside tracing), the same dtypes, the coordinates along ``axis``.

>>> import array_api_strict as xp
>>> float(gaussian_kl_diagonal(xp.asarray([0.0]), xp.asarray([1e-9]))[()])
2.5000000008333335e-19
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache
from typing import Any

from ...errors import InvalidArgumentError
from ..gaussian_forms import SERIES_SYMBOLS, VARIANCE_SYMBOLS, gradient_forms, variance_forms
from ..options import check_reduction
from .checks import check, dtypes, is_foreign, namespace_of, position_of, prepared
from .gradients import summed_to
from .losses import reduced
from .printer import lambdify_namespace

__all__ = ["gaussian_kl_diagonal", "gaussian_kl_diagonal_grad"]

_NAMES = ("mu", "log_var", "mu_prior", "log_var_prior")


@cache
def _kernels(xp: Any) -> tuple[Callable[..., Any], Callable[..., Any], float]:
    series, elsewhere, radius = variance_forms()
    return (
        lambdify_namespace(SERIES_SYMBOLS, series, xp),
        lambdify_namespace(VARIANCE_SYMBOLS, elsewhere, xp),
        float(radius),
    )


@cache
def _gradient_kernels(xp: Any) -> tuple[Callable[..., Any], Callable[..., Any]]:
    (mean_symbols, in_mean), (log_var_symbols, in_log_var) = gradient_forms()
    return lambdify_namespace(mean_symbols, in_mean, xp), lambdify_namespace(log_var_symbols, in_log_var, xp)


def _arrays(values: tuple[Any, Any, Any, Any], axis: object) -> tuple[Any, list[Any], Any, int, list[tuple[int, ...]]]:
    """``(xp, the four arrays broadcast in the work dtype, the output dtype, the axis, the given shapes)``."""
    xp = namespace_of(*values)
    first = next(value for value in values if is_foreign(value))
    arrays = prepared(xp, list(zip(values, _NAMES, strict=True)), like=first)
    if arrays[0].ndim == 0 or arrays[1].ndim == 0:
        raise InvalidArgumentError("mu and log_var need at least one dimension (the coordinates)")
    output, work = dtypes(xp, arrays[:2])
    shapes = [tuple(array.shape) for array in arrays]
    arrays = [xp.astype(array, work) for array in arrays]
    for array, name in zip(arrays, _NAMES, strict=True):
        check(xp.all(xp.isfinite(array)), InvalidArgumentError, f"{name} has a non-finite entry", array)
    try:
        arrays = list(xp.broadcast_arrays(*arrays))
    except ValueError as error:
        raise InvalidArgumentError(f"shapes do not broadcast ({error})") from None
    return xp, arrays, output, position_of(arrays[0], axis), shapes


def _terms(xp: Any, mu: Any, log_var: Any, mu_prior: Any, log_var_prior: Any) -> Any:
    series, elsewhere, radius = _kernels(xp)
    gap = log_var - log_var_prior
    change = xp.expm1(gap)
    u = change / (2.0 + change)
    near = xp.abs(u) <= radius
    # each branch on inputs where it is finite (the double where): the other's value is never used
    close = series(xp.where(near, 2.0 + change, 2.0), xp.where(near, u, 0.0))
    far = elsewhere(xp.where(near, math.e, xp.exp(gap)), xp.where(near, 1.0, gap))
    variance = xp.where(near, close, far)
    return 0.5 * ((mu - mu_prior) ** 2 * xp.exp(-log_var_prior) + variance)


def gaussian_kl_diagonal(
    mu: Any,
    log_var: Any,
    mu_prior: Any = 0.0,
    log_var_prior: Any = 0.0,
    *,
    axis: int = -1,
    reduction: str = "none",
) -> Any:
    """As :func:`symbolic_info.numeric.gaussian_kl_diagonal`: summed over ``axis``, one value per sample, reduced."""
    chosen = check_reduction(reduction)
    xp, (m, lv, mp, lvp), output, position, _ = _arrays((mu, log_var, mu_prior, log_var_prior), axis)
    values = xp.sum(_terms(xp, m, lv, mp, lvp), axis=position)
    return xp.astype(reduced(xp, values, chosen), output)


def gaussian_kl_diagonal_grad(
    mu: Any,
    log_var: Any,
    mu_prior: Any = 0.0,
    log_var_prior: Any = 0.0,
    *,
    axis: int = -1,
    reduction: str = "none",
) -> tuple[Any, Any]:
    """As :func:`symbolic_info.numeric.gaussian_kl_diagonal_grad`: the gradients in ``mu`` and ``log_var``."""
    chosen = check_reduction(reduction)
    xp, (m, lv, mp, lvp), output, position, shapes = _arrays((mu, log_var, mu_prior, log_var_prior), axis)
    in_mean, in_log_var = _gradient_kernels(xp)
    grad_mu = xp.broadcast_to(in_mean(m, mp, lvp) + xp.zeros_like(m), m.shape)
    grad_log_var = xp.broadcast_to(in_log_var(lv, lvp) + xp.zeros_like(m), m.shape)
    if chosen == "mean":
        samples = max(1, math.prod(m.shape) // m.shape[position])
        grad_mu, grad_log_var = grad_mu / samples, grad_log_var / samples
    return (
        xp.astype(summed_to(xp, grad_mu, shapes[0]), output),
        xp.astype(summed_to(xp, grad_log_var, shapes[1]), output),
    )
