"""numeric.gaussian_kl_diagonal (the VAE's KL term) and its gradients against mpmath on the textbook formula.

The oracle is ``sum_k [log(tau_k/sigma_k) + (sigma_k^2 + (mu_k - nu_k)^2)/(2 tau_k^2) - 1/2]`` with
``sigma^2 = e^{log_var}``, written out here in mpmath on the exact float inputs with 200 digits: near
``sigma = tau`` it cancels everything but ``d^2/4`` of ``d = log_var - log_var_prior`` (``1e-40`` at
``d = 1e-20``). The package evaluates ``expm1(d) - d`` instead, so it is within a few units in the
last place where ``1 + log_var - exp(log_var)`` in float64 would have no correct digit.
"""

from __future__ import annotations

import math
from typing import Any

import mpmath
import numpy as np
import pytest

from symbolic_info import numeric
from symbolic_info.errors import InvalidArgumentError
from symbolic_info.numeric.block_series import series_into
from symbolic_info.numeric.chunks import Scratch
from symbolic_info.numeric.gaussian_forms import SERIES_SYMBOLS, VARIANCE_SYMBOLS, variance_forms
from symbolic_info.numeric.kernels import lambdify_numpy

from .crosscheck import DIFFERENCE_RTOL, ORACLE_DIGITS, assert_close, central_difference, exact

EPS64 = float(np.finfo(np.float64).eps)
ULPS = 4
DIGITS = 200


def _term(mu: Any, log_var: Any, mu_prior: Any, log_var_prior: Any) -> Any:
    sigma, tau = mpmath.exp(log_var / 2), mpmath.exp(log_var_prior / 2)
    return mpmath.log(tau / sigma) + (sigma**2 + (mu - mu_prior) ** 2) / (2 * tau**2) - mpmath.mpf(1) / 2


def oracle(*arrays: np.ndarray) -> Any:
    """The textbook divergence of one sample (coordinates along the last axis), in mpmath."""
    with mpmath.workdps(DIGITS):
        columns = np.broadcast_arrays(*(np.asarray(array, dtype=np.float64) for array in arrays))
        return mpmath.fsum(_term(*(exact(value) for value in entry)) for entry in zip(*columns, strict=True))


def ulps(ours: float, exact_value: Any, eps: float = EPS64) -> float:
    return float(abs(exact(ours) - exact_value) / max(abs(exact_value), mpmath.mpf(np.finfo(np.float64).tiny))) / eps


def samples(seed: int) -> list[tuple[np.ndarray, ...]]:
    """log_var in [-50, 50], sigma within 1e-8 and 1e-20 of 1, priors at and near the posterior."""
    rng = np.random.default_rng(seed)
    drawn: list[tuple[np.ndarray, ...]] = []
    for case in range(80):
        size = int(rng.integers(1, 6))
        mu = rng.standard_normal(size) * (0.0, 1e-8, 1.0, 10.0)[case % 4]
        log_var = (
            rng.uniform(-50, 50, size),
            rng.standard_normal(size) * 1e-8,
            10.0 ** rng.uniform(-20, 0, size) * rng.choice([-1.0, 1.0], size),
            rng.standard_normal(size),
        )[(case // 4) % 4]
        if case % 2:
            drawn.append((mu, log_var, rng.standard_normal(size), log_var + rng.standard_normal(size) * 1e-6))
        else:
            drawn.append((mu, log_var, np.zeros(size), np.zeros(size)))
    return drawn


def test_the_divergence_is_within_a_few_ulp_of_the_textbook_formula() -> None:
    for mu, log_var, mu_prior, log_var_prior in samples(11):
        exact_value = oracle(mu, log_var, mu_prior, log_var_prior)
        ours = float(numeric.gaussian_kl_diagonal(mu, log_var, mu_prior, log_var_prior))
        assert ulps(ours, exact_value) <= ULPS, (mu, log_var, mu_prior, log_var_prior)


def test_near_sigma_one_the_naive_formula_fails_and_this_one_does_not() -> None:
    log_var = np.array([1e-9, -3e-12, 2e-20])
    exact_value = oracle(np.zeros(3), log_var, np.zeros(3), np.zeros(3))
    naive = float(-0.5 * np.sum(1 + log_var - np.exp(log_var)))
    assert ulps(naive, exact_value) > 1e6  # 1 + l - e^l cancels
    assert ulps(float(numeric.gaussian_kl_diagonal(np.zeros(3), log_var)), exact_value) <= ULPS


def test_the_default_prior_is_the_standard_normal() -> None:
    mu, log_var = np.array([[0.5, -1.0], [2.0, 0.0]]), np.array([[0.1, -0.3], [1.0, 2.0]])
    ours = numeric.gaussian_kl_diagonal(mu, log_var)
    for row in range(2):
        assert ulps(float(ours[row]), oracle(mu[row], log_var[row], np.zeros(2), np.zeros(2))) <= ULPS


def test_gradients_are_mpmaths_derivatives() -> None:
    mu, log_var, mu_prior, log_var_prior = np.array([0.7, -2.0]), np.array([1e-7, 3.0]), 0.25, -0.5
    grad_mu, grad_log_var = numeric.gaussian_kl_diagonal_grad(mu, log_var, mu_prior, log_var_prior)
    with mpmath.workdps(ORACLE_DIGITS):
        prior = (exact(mu_prior), exact(log_var_prior))
        for k in range(2):
            in_mu = mpmath.diff(lambda m, k=k: _term(m, exact(log_var[k]), *prior), exact(mu[k]), h=mpmath.mpf("1e-20"))
            in_log_var = mpmath.diff(
                lambda lv, k=k: _term(exact(mu[k]), lv, *prior), exact(log_var[k]), h=mpmath.mpf("1e-20")
            )
            assert ulps(float(grad_mu[k]), in_mu) <= ULPS
            assert ulps(float(grad_log_var[k]), in_log_var) <= ULPS


def test_gradients_agree_with_finite_differences() -> None:
    rng = np.random.default_rng(5)
    mu, log_var = rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    for reduction in ("none", "mean", "sum"):

        def total(values: np.ndarray, which: int, reduction: str = reduction) -> float:
            arguments = [mu, log_var]
            arguments[which] = values.reshape(3, 4)
            return float(np.sum(numeric.gaussian_kl_diagonal(*arguments, reduction=reduction)))

        grad_mu, grad_log_var = numeric.gaussian_kl_diagonal_grad(mu, log_var, reduction=reduction)
        assert_close(grad_mu.reshape(-1), central_difference(lambda v: total(v, 0), mu.reshape(-1)), DIFFERENCE_RTOL)
        differences = central_difference(lambda v: total(v, 1), log_var.reshape(-1))
        assert_close(grad_log_var.reshape(-1), differences, DIFFERENCE_RTOL)


def test_gradients_take_the_shape_of_their_argument() -> None:
    grad_mu, grad_log_var = numeric.gaussian_kl_diagonal_grad(np.zeros(4), np.ones((3, 4)))
    assert grad_mu.shape == (4,) and grad_log_var.shape == (3, 4)
    assert_close(grad_log_var, np.full((3, 4), math.expm1(1.0) / 2))


def test_reductions_and_the_axis() -> None:
    rng = np.random.default_rng(6)
    mu, log_var = rng.standard_normal((5, 3)), rng.standard_normal((5, 3))
    rows = numeric.gaussian_kl_diagonal(mu, log_var)
    assert rows.shape == (5,)
    assert_close(numeric.gaussian_kl_diagonal(mu, log_var, reduction="sum"), float(math.fsum(rows.tolist())))
    assert_close(numeric.gaussian_kl_diagonal(mu, log_var, reduction="mean"), float(math.fsum(rows.tolist())) / 5)
    assert_close(numeric.gaussian_kl_diagonal(mu.T, log_var.T, axis=0), rows)


@pytest.mark.parametrize("dtype", [np.float32, np.float16])
def test_narrow_floats_keep_their_dtype_and_are_rounded_once(dtype: type) -> None:
    eps = float(np.finfo(dtype).eps)
    for mu, log_var, _, _ in samples(12)[:40:2]:
        narrow_mu: np.ndarray = mu.astype(dtype)
        narrow_log_var: np.ndarray = log_var.astype(dtype)
        ours = numeric.gaussian_kl_diagonal(narrow_mu, narrow_log_var)
        assert ours.dtype == dtype
        exact_value = oracle(narrow_mu, narrow_log_var, np.zeros(1), np.zeros(1))
        if np.finfo(dtype).tiny < abs(exact_value) < np.finfo(dtype).max:
            assert ulps(float(ours), exact_value, eps) <= 1.0
        elif abs(exact_value) >= np.finfo(dtype).max:
            assert ours == np.inf  # overflow of the dtype: the limit, never NaN
        assert all(g.dtype == dtype for g in numeric.gaussian_kl_diagonal_grad(narrow_mu, narrow_log_var))


def test_a_huge_variance_gives_infinity_not_nan() -> None:
    assert float(numeric.gaussian_kl_diagonal([0.0], [800.0])) == math.inf
    assert float(numeric.gaussian_kl_diagonal([0.0], [-800.0])) == pytest.approx(399.5, rel=1e-15)


@pytest.mark.parametrize(
    ("arguments", "options"),
    [
        (([math.nan], [0.0]), {}),
        (([0.0], [math.inf]), {}),
        (([0.0], [0.0], [math.nan]), {}),
        (([0.0, 0.0], [0.0, 0.0, 0.0]), {}),
        (([], []), {}),
        ((0.0, 0.0), {}),
        (([True], [0.0]), {}),
        ((["a"], [0.0]), {}),
        (([0.0], [0.0]), {"reduction": "batchmean"}),
        (([0.0], [0.0]), {"axis": 2}),
    ],
)
def test_bad_input_raises_the_packages_errors(arguments: tuple[Any, ...], options: dict[str, Any]) -> None:
    for function in (numeric.gaussian_kl_diagonal, numeric.gaussian_kl_diagonal_grad):
        with pytest.raises(InvalidArgumentError):
            function(*arguments, **options)


def _lambdified_terms(mu: np.ndarray, log_var: np.ndarray, mu_prior: Any, log_var_prior: Any) -> np.ndarray:
    """Each coordinate's term from the lambdified forms (:func:`variance_forms`) on whole arrays, chosen by masks."""
    series_form, elsewhere_form, radius = variance_forms()
    series, elsewhere = lambdify_numpy(SERIES_SYMBOLS, series_form), lambdify_numpy(VARIANCE_SYMBOLS, elsewhere_form)
    with np.errstate(all="ignore"):
        gap = log_var - log_var_prior
        change = np.expm1(gap)
        variance = np.array(elsewhere(np.exp(gap), gap), dtype=np.float64)
        u = change / (2.0 + change)
        near = np.abs(u) <= float(radius)
        variance[near] = series(2.0 + change[near], u[near])
        return np.asarray(0.5 * ((mu - mu_prior) ** 2 * np.exp(-log_var_prior) + variance), dtype=np.float64)


@pytest.mark.parametrize("shape", [(3000, 7), (3, 40000), (1, 5)])
def test_the_block_walk_is_the_lambdified_forms_summed(shape: tuple[int, int]) -> None:
    """Every branch (series, ``d <= 1``, ``d > 1``), long and short rows, broadcast priors, a non-last axis."""
    rng = np.random.default_rng(sum(shape))
    for scale in (1e-9, 0.2, 1.0, 5.0):
        mu, log_var = rng.standard_normal(shape), rng.standard_normal(shape) * scale
        for mu_prior, log_var_prior in ((0.0, 0.0), (rng.standard_normal(shape[-1]), rng.standard_normal(shape))):
            terms = _lambdified_terms(mu, log_var, mu_prior, log_var_prior)
            expected = [math.fsum(row) for row in terms.tolist()]
            ours = numeric.gaussian_kl_diagonal(mu, log_var, mu_prior, log_var_prior)
            assert_close(ours, expected, rtol=8 * EPS64, atol=0)
            moved = np.asarray(log_var_prior).T if np.ndim(log_var_prior) == 2 else log_var_prior
            transposed = numeric.gaussian_kl_diagonal(mu.T, log_var.T, np.asarray(mu_prior)[..., None], moved, axis=0)
            assert_close(transposed, expected, rtol=8 * EPS64, atol=0)


def test_the_block_series_is_the_lambdified_series() -> None:
    """:func:`series_into` within one unit in the last place of the lambdified form (``u^3`` as ``u * u^2``)."""
    series_form, _, radius = variance_forms()
    series = lambdify_numpy(SERIES_SYMBOLS, series_form)
    rng = np.random.default_rng(9)
    u = rng.uniform(-float(radius), float(radius), 100_000)
    total = rng.uniform(1e-3, 4.0, u.size)
    ours = series_into(total, u, np.empty(u.size), Scratch(), 0)
    expected = series(total, u)
    assert np.all(np.abs(ours - expected) <= np.spacing(np.abs(expected)))
