"""The VAE's KL term: ``KL(N(mu, diag e^{l}) || N(mu_p, diag e^{l_p}))`` from means and log-variances, and its gradient.

Each coordinate is ``1/2 [(mu - mu_p)^2 e^{-l_p} + expm1(d) - d]`` with ``d = l - l_p``
(``gaussian-kl-diagonal``), and ``expm1(d) - d`` is evaluated as the KL term from logarithms at
``p = 1``, ``q = e^{d}`` (``stable-kl-from-logs``: its series near ``d = 0``), so a variance close to
the prior's keeps its digits where the usual ``1 + l - mu^2 - e^{l}`` cancels. The gradients are
``(mu - mu_p) e^{-l_p}`` in ``mu`` and ``expm1(d)/2`` in ``l``.

The arguments broadcast; the coordinates are along the last axis (``axis``) and summed. A variance
that overflows gives ``+inf`` (the limit); NaN and infinite inputs are errors.

>>> float(gaussian_kl_diagonal([0.0, 0.0], [0.0, 0.0]))
0.0
>>> float(gaussian_kl_diagonal([1.0], [1e-9]))  # mu^2/2 + (e^l - 1 - l)/2, the second part 2.5e-19
0.5
>>> float(gaussian_kl_diagonal([0.0], [1e-9]))
2.5000000008333335e-19
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

import numpy as np

from ..errors import InvalidArgumentError
from ..formulas.stable import KL_SERIES_RADIUS
from .array_api import generic_path
from .arrays import (
    as_real_array,
    axis_index,
    broadcast,
    check_finite,
    is_lazy,
    refuse_beyond_float64,
    restore,
    summed_to,
)
from .block_series import series_into
from .chunks import BLOCK, Scratch, as_tiles, row_totals, walk
from .gaussian_forms import gradient_forms
from .kernels import lambdify_numpy
from .options import check_reduction, reduced, result_dtype, typed

__all__ = ["gaussian_kl_diagonal", "gaussian_kl_diagonal_grad"]

_SERIES_RADIUS = float(KL_SERIES_RADIUS)
#: ``u = expm1(d)/(2 + expm1(d)) = tanh(d/2)``: ``|u| <= 1/8`` only where ``|d| <= 2 atanh(1/8) = 0.2513...``; ``u``
#: is computed to a few units in the last place, so beyond this bound (a margin far above that) it never is.
_NEAR = 2 * math.atanh(_SERIES_RADIUS) + 1e-9
#: Entries per tile: :func:`_block` makes some 40 short NumPy calls a tile, which larger tiles amortise.
_BLOCK = 8 * BLOCK


def _block(blocks: Sequence[np.ndarray], scratch: Scratch) -> np.ndarray:
    """``sum 1/2 [(mu - mu_p)^2 e^{-l_p} + t(1, e^{d})]`` for each row of a block (``gaussian-kl-diagonal``).

    ``t(1, e^{d}) = expm1(d) - d`` is :func:`.gaussian_forms.variance_forms` branch by branch, as its
    lambdified code computes it, in reused buffers: ``-d + expm1(d)`` everywhere (the branch
    ``d <= 1``), then ``-d + e^{d} - 1`` on the entries with ``d > 1`` and the series
    (:func:`.block_series.series_into`) on those with ``|u| <= 1/8``, ``u = expm1(d)/(2 + expm1(d))``,
    each on those entries alone (only the entries with ``|d| <= _NEAR`` can be in the series region).
    The terms are nonnegative: their row sums (by matrix products) are accurate in any order.
    """
    mu, log_var, mu_prior, log_var_prior = blocks
    shape = mu.shape
    gap, change, variance, mean = (scratch.buffer(slot, shape) for slot in range(4))
    np.subtract(log_var, log_var_prior, out=gap)
    np.expm1(gap, out=change)
    np.subtract(change, gap, out=variance)
    far = np.flatnonzero(np.greater(gap, 1.0, out=scratch.buffer(0, shape, "?")))  # d is never NaN: finite input
    if far.size:
        beyond = gap.reshape(-1)[far]
        variance.reshape(-1)[far] = np.subtract(np.exp(beyond) - beyond, 1.0, out=beyond)
    candidates = np.flatnonzero(np.less_equal(np.abs(gap, out=mean), _NEAR, out=scratch.buffer(0, shape, "?")))
    if candidates.size:
        changes = change.reshape(-1)[candidates]
        total = np.add(changes, 2.0, out=scratch.buffer(4, changes.shape))
        u = np.divide(changes, total, out=changes)
        inside = np.less_equal(np.abs(u, out=scratch.buffer(5, u.shape)), _SERIES_RADIUS)
        if inside.all():
            variance.reshape(-1)[candidates] = series_into(total, u, scratch.buffer(5, u.shape), scratch, 6)
        else:
            total, u = total[inside], u[inside]
            variance.reshape(-1)[candidates[inside]] = series_into(total, u, scratch.buffer(5, u.shape), scratch, 6)
    np.subtract(mu, mu_prior, out=mean)
    np.square(mean, out=mean)
    if log_var_prior.strides == (0,) * log_var_prior.ndim:  # one prior for every entry: one exponential
        np.multiply(mean, np.exp(-log_var_prior.reshape(-1)[:1]), out=mean)
    else:
        np.multiply(mean, np.exp(np.negative(log_var_prior, out=gap), out=gap), out=mean)
    np.add(mean, variance, out=mean)
    np.multiply(mean, 0.5, out=mean)
    return row_totals(mean)


@cache
def _gradients() -> tuple[Callable[..., Any], Callable[..., Any]]:
    """The gradients in ``mu`` and in ``l`` that ``gaussian-kl-diagonal`` proves."""
    (mean_symbols, in_mean), (log_var_symbols, in_log_var) = gradient_forms()
    return lambdify_numpy(mean_symbols, in_mean), lambdify_numpy(log_var_symbols, in_log_var)


def _arrays(
    mu: Any, log_var: Any, mu_prior: Any, log_var_prior: Any, axis: int
) -> tuple[list[np.ndarray], int, np.dtype[Any], tuple[tuple[int, ...], ...]]:
    named = [(mu, "mu"), (log_var, "log_var"), (mu_prior, "mu_prior"), (log_var_prior, "log_var_prior")]
    if any(is_lazy(value) for value, _ in named):
        raise InvalidArgumentError("gaussian_kl_diagonal takes NumPy arrays (dask arrays: not yet)")
    arrays = []
    for value, name in named:
        array = as_real_array(value, name)
        refuse_beyond_float64(array, name)
        check_finite(array, name)
        arrays.append(array)
    if arrays[0].ndim == 0 or arrays[1].ndim == 0:
        raise InvalidArgumentError("mu and log_var need at least one dimension (the coordinates)")
    dtype = result_dtype(arrays[0], arrays[1])
    widened = broadcast(
        *((array.astype(np.float64, copy=False), name) for array, (_, name) in zip(arrays, named, strict=True))
    )
    position = axis_index(widened[0].ndim, axis)
    return widened, position, dtype, (widened[0].shape, arrays[0].shape, arrays[1].shape)


@generic_path
def gaussian_kl_diagonal(
    mu: Any,
    log_var: Any,
    mu_prior: Any = 0.0,
    log_var_prior: Any = 0.0,
    *,
    axis: int = -1,
    reduction: str = "none",
) -> Any:
    """``KL(N(mu, diag e^{log_var}) || N(mu_prior, diag e^{log_var_prior}))``, summed over ``axis``, reduced.

    The default prior is the standard normal: the VAE's ``-1/2 sum(1 + log_var - mu^2 - exp(log_var))``.
    ``reduction``: ``"none"`` (default: one value per sample), ``"mean"`` (over samples), ``"sum"``.

    >>> gaussian_kl_diagonal([[0.0, 1.0], [0.0, 0.0]], [[0.0, 0.0], [np.log(4.0), 0.0]]).tolist()
    [0.5, 0.8068528194400546]
    """
    chosen = check_reduction(reduction)
    (m, lv, mp, lvp), position, dtype, _ = _arrays(mu, log_var, mu_prior, log_var_prior, axis)
    with np.errstate(all="ignore"):
        values = restore(
            walk([as_tiles(array, position) for array in (m, lv, mp, lvp)], _block, block=_BLOCK).values,
            m.shape,
            position,
        )
    if chosen == "none":
        return typed(values, dtype)
    return typed(reduced(np.asarray(values).reshape(-1), chosen), dtype)


@generic_path
def gaussian_kl_diagonal_grad(
    mu: Any,
    log_var: Any,
    mu_prior: Any = 0.0,
    log_var_prior: Any = 0.0,
    *,
    axis: int = -1,
    reduction: str = "none",
) -> tuple[Any, Any]:
    """The gradients of :func:`gaussian_kl_diagonal` in ``mu`` and in ``log_var`` (same arguments), as a pair.

    ``(mu - mu_prior) e^{-log_var_prior}`` and ``expm1(log_var - log_var_prior)/2``, each in the shape of
    its argument (summed over the axes it was broadcast along); over the number of samples for ``"mean"``.

    >>> grad_mu, grad_log_var = gaussian_kl_diagonal_grad([1.0, 0.0], [0.0, 1e-9])
    >>> grad_mu.tolist(), grad_log_var.tolist()
    ([1.0, 0.0], [0.0, 5.000000002500001e-10])
    """
    chosen = check_reduction(reduction)
    (m, lv, mp, lvp), position, dtype, (shape, mu_shape, log_var_shape) = _arrays(
        mu, log_var, mu_prior, log_var_prior, axis
    )
    in_mean, in_log_var = _gradients()
    with np.errstate(all="ignore"):
        grad_mu = np.broadcast_to(np.asarray(in_mean(m, mp, lvp), dtype=np.float64), shape)
        grad_log_var = np.broadcast_to(np.asarray(in_log_var(lv, lvp), dtype=np.float64), shape)
    if chosen == "mean":
        samples = max(1, int(np.prod(shape)) // shape[position])
        grad_mu, grad_log_var = grad_mu / samples, grad_log_var / samples
    return typed(summed_to(grad_mu, mu_shape), dtype), typed(summed_to(grad_log_var, log_var_shape), dtype)
