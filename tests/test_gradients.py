"""The numeric gradients against (a) textbook formulas in mpmath, (b) finite differences.

The mpmath oracle is the naive formula typed out by hand (``sigma(z) = 1 / (1 + e^{-z})``, the MSE
gradient ``(s - y) s (1 - s) x``, ``softmax(z)_k = e^{z_k} / sum_j e^{z_j}``, ...), never the derived
or stable expressions the package compiles. It is evaluated on the exact float inputs with
:data:`~tests.crosscheck.ORACLE_DIGITS` digits, or more where the naive form cancels
(``1 - sigma(700)`` needs 304 digits to be nonzero: :func:`~tests.crosscheck.digits_for`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import mpmath
import numpy as np
import pytest
import sympy as sp

from symbolic_info import numeric
from symbolic_info.errors import InvalidArgumentError, InvalidProbabilityError
from symbolic_info.numeric import gradients

from .crosscheck import DIFFERENCE_RTOL, assert_close, central_difference, digits_for, evaluate, sigmoid

RNG_SEED = 20240613
SATURATED = (-1e4, -745.0, -700.0, -300.0, -40.0, -1.0, 0.0, 1.0, 40.0, 300.0, 700.0, 745.0, 1e4)


# ---------------------------------------------------------------- the textbook formulas, naively, in mpmath


def mse_loss(z: Any, y: Any) -> Any:
    """``(sigma(z) - y)^2 / 2``."""
    return (sigmoid(z) - y) ** 2 / 2


def mse_gradient(z: Any, y: Any, x: Any) -> Any:
    """``(s - y) s (1 - s) x`` with ``s = sigma(z)``: the chain rule through the square and the sigmoid."""
    s = sigmoid(z)
    return (s - y) * s * (1 - s) * x


def ce_loss(z: Any, y: Any) -> Any:
    """The logistic loss ``-[y log s + (1 - y) log(1 - s)]`` with ``s = sigma(z)``."""
    s = sigmoid(z)
    return -(y * mpmath.log(s) + (1 - y) * mpmath.log(1 - s))


def ce_gradient(z: Any, y: Any, x: Any) -> Any:
    """``(s - y) x`` with ``s = sigma(z)``."""
    return (sigmoid(z) - y) * x


def logistic_gradient(w: list[Any], x: list[list[Any]], y: list[Any]) -> list[Any]:
    """``sum_i (s_i - y_i) x_i`` with ``s_i = sigma(w^T x_i)``."""
    scores = [mpmath.fsum(a * b for a, b in zip(w, row, strict=True)) for row in x]
    return [
        mpmath.fsum(ce_gradient(s, label, row[k]) for s, label, row in zip(scores, y, x, strict=True))
        for k in range(len(w))
    ]


def logistic_hessian(w: list[Any], x: list[list[Any]]) -> list[list[Any]]:
    """``sum_i s_i (1 - s_i) x_i x_i^T`` with ``s_i = sigma(w^T x_i)``."""
    scores = [mpmath.fsum(a * b for a, b in zip(w, row, strict=True)) for row in x]
    weights = [sigmoid(s) * (1 - sigmoid(s)) for s in scores]
    return [
        [mpmath.fsum(c * row[k] * row[ell] for c, row in zip(weights, x, strict=True)) for ell in range(len(w))]
        for k in range(len(w))
    ]


def softmax(z: list[Any]) -> list[Any]:
    """``e^{z_k} / sum_j e^{z_j}``, without a shift (mpmath does not overflow)."""
    exps = [mpmath.exp(t) for t in z]
    total = mpmath.fsum(exps)
    return [e / total for e in exps]


def softmax_cross_entropy(z: list[Any], y: list[Any]) -> Any:
    """``log sum_j e^{z_j} - sum_j y_j z_j``."""
    return mpmath.log(mpmath.fsum(mpmath.exp(t) for t in z)) - mpmath.fsum(a * b for a, b in zip(y, z, strict=True))


def softmax_gradient(z: list[Any], y: list[Any]) -> list[Any]:
    """``p - y`` with ``p = softmax(z)``."""
    return [p_k - y_k for p_k, y_k in zip(softmax(z), y, strict=True)]


def softmax_hessian(z: list[Any]) -> list[list[Any]]:
    """``diag(p) - p p^T`` with ``p = softmax(z)``."""
    p = softmax(z)
    return [[p[k] * (1 if k == ell else 0) - p[k] * p[ell] for ell in range(len(p))] for k in range(len(p))]


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(RNG_SEED)


def test_sigmoid_matches_mpmath_including_saturation() -> None:
    expected = [evaluate(sigmoid, z) for z in SATURATED]
    actual = numeric.sigmoid(np.array(SATURATED))
    assert np.isfinite(actual).all()
    assert_close(actual, expected)
    assert actual[0] == 0.0 and actual[-1] == 1.0


@pytest.mark.parametrize("name", ["ce_gradient", "mse_gradient"])
def test_sigmoid_gradients_match_mpmath_at_saturated_scores(name: str) -> None:
    oracle = ce_gradient if name == "ce_gradient" else mse_gradient
    function = gradients.ce_sigmoid_gradient if name == "ce_gradient" else gradients.mse_sigmoid_gradient
    for z in SATURATED:
        for label in (0.0, 1.0, 0.25):
            actual = function(np.array([1.0]), np.array([z]), label)[0]
            expected = evaluate(oracle, z, label, z, digits=digits_for(z))  # w = 1, so the score is x = z
            assert np.isfinite(actual)
            assert_close(actual, expected, rtol=2e-14)


def test_the_residual_for_a_right_label_does_not_cancel() -> None:
    # sigma(z) - 1 = -sigma(-z): at z = 40 the naive float difference is exactly 0.
    assert 1.0 / (1.0 + np.exp(-40.0)) - 1.0 == 0.0
    actual = gradients.ce_sigmoid_gradient(np.array([1.0]), np.array([[40.0], [300.0]]), 1.0)[:, 0]
    expected = [evaluate(ce_gradient, z, 1.0, z, digits=200) for z in (40.0, 300.0)]  # 1 - sigma(300) ~ 5e-131
    assert_close(actual, expected)
    assert (actual < 0).all()


@pytest.mark.slow
@pytest.mark.parametrize("name", ["ce_loss", "mse_loss"])
def test_losses_match_mpmath(name: str, rng: np.random.Generator) -> None:
    oracle = ce_loss if name == "ce_loss" else mse_loss
    function = gradients.ce_sigmoid_loss if name == "ce_loss" else gradients.mse_sigmoid_loss
    for z in (*SATURATED, *rng.normal(0, 5, size=6)):
        for label in (0.0, 1.0, 0.7):
            expected = evaluate(oracle, z, label, digits=digits_for(z))
            assert_close(function(np.array([1.0]), np.array([z]), label), expected, rtol=2e-14)


@pytest.mark.parametrize(
    ("loss", "gradient"),
    [
        (gradients.mse_sigmoid_loss, gradients.mse_sigmoid_gradient),
        (gradients.ce_sigmoid_loss, gradients.ce_sigmoid_gradient),
    ],
)
def test_sigmoid_gradients_are_the_derivatives_of_the_losses(
    loss: Callable[..., np.ndarray], gradient: Callable[..., np.ndarray], rng: np.random.Generator
) -> None:
    w, x = rng.normal(size=4), rng.normal(size=(6, 4))
    y = rng.choice([0.0, 1.0], size=6)
    numeric = central_difference(lambda v: loss(v, x, y), w)  # (6, 4): one row of derivatives per example
    assert_close(gradient(w, x, y), numeric, rtol=DIFFERENCE_RTOL, atol=1e-10)


def test_mse_gradient_vanishes_where_the_cross_entropy_one_does_not() -> None:
    x = np.array([[-10.0]])
    mse, ce = gradients.mse_sigmoid_gradient([1.0], x, 1.0), gradients.ce_sigmoid_gradient([1.0], x, 1.0)
    ratio = evaluate(lambda: 1 / (mpmath.exp(10) + 2 + mpmath.exp(-10)))  # the exact fraction of gradient-comparison
    assert_close(mse / ce, ratio, rtol=1e-13)


def test_logistic_regression_matches_mpmath_and_finite_differences(rng: np.random.Generator) -> None:
    w, x = rng.normal(size=3), rng.normal(size=(5, 3)) * 3
    y = rng.choice([0.0, 1.0], size=5)
    hessian = evaluate(logistic_hessian, w, x)
    grad = evaluate(logistic_gradient, w, x, y)
    assert_close(gradients.logistic_regression_hessian(w, x), hessian, rtol=1e-14)
    assert_close(gradients.logistic_regression_gradient(w, x, y), grad, rtol=1e-13, atol=1e-15)
    assert_close(
        gradients.logistic_regression_gradient(w, x, y),
        central_difference(lambda v: gradients.logistic_regression_loss(v, x, y), w),
        rtol=DIFFERENCE_RTOL,
    )
    assert_close(
        gradients.logistic_regression_hessian(w, x),
        central_difference(lambda v: gradients.logistic_regression_gradient(v, x, y), w),
        rtol=DIFFERENCE_RTOL,
        atol=1e-9,
    )


def test_logistic_hessian_at_saturated_scores_is_finite_and_accurate() -> None:
    x = np.array([[700.0], [-745.0], [1e4], [-1e4]])
    actual = gradients.logistic_regression_hessian([1.0], x)
    expected = evaluate(logistic_hessian, [1.0], x, digits=digits_for(1e4))
    assert np.isfinite(actual).all() and actual[0, 0] > 0
    assert_close(actual, expected, rtol=1e-13)


@pytest.mark.parametrize("scale", [1.0, 30.0, 1e4])
def test_softmax_functions_match_mpmath(scale: float, rng: np.random.Generator) -> None:
    z = rng.normal(size=4) * scale
    y = rng.dirichlet(np.ones(4))
    assert_close(numeric.softmax(z), evaluate(softmax, z), atol=1e-300)
    assert_close(
        numeric.softmax_cross_entropy(z, y, reduction="none"), evaluate(softmax_cross_entropy, z, y), rtol=1e-14
    )
    assert_close(
        numeric.softmax_cross_entropy_grad(z, y, reduction="none"),
        evaluate(softmax_gradient, z, y),
        rtol=1e-14,
        atol=1e-16,
    )
    assert_close(gradients.softmax_cross_entropy_hessian(z), evaluate(softmax_hessian, z), rtol=1e-14, atol=1e-300)


def test_softmax_derivatives_match_finite_differences(rng: np.random.Generator) -> None:
    z, y = rng.normal(size=5), rng.dirichlet(np.ones(5))
    assert_close(
        numeric.softmax_cross_entropy_grad(z, y, reduction="none"),
        central_difference(lambda v: numeric.softmax_cross_entropy(v, y, reduction="none"), z),
        rtol=DIFFERENCE_RTOL,
        atol=1e-9,
    )
    assert_close(
        gradients.softmax_cross_entropy_hessian(z),
        central_difference(lambda v: numeric.softmax_cross_entropy_grad(v, y, reduction="none"), z),
        rtol=DIFFERENCE_RTOL,
        atol=1e-9,
    )
    assert np.linalg.eigvalsh(gradients.softmax_cross_entropy_hessian(z)).min() > -1e-15


def test_shapes_and_broadcasting(rng: np.random.Generator) -> None:
    w, x = rng.normal(size=3), rng.normal(size=(2, 4, 3))
    labels = np.array([0.0, 1.0, 1.0, 0.0])  # broadcast against x.shape[:-1] == (2, 4)
    assert gradients.ce_sigmoid_gradient(w, x, labels).shape == (2, 4, 3)
    assert gradients.mse_sigmoid_loss(w, x, 1.0).shape == (2, 4)
    assert gradients.logistic_regression_hessian(w, x[0]).shape == (3, 3)
    assert numeric.sigmoid(5.0).shape == ()
    z = rng.normal(size=(2, 5))
    one_hot = np.eye(5)[2]
    assert numeric.softmax_cross_entropy(z, one_hot, reduction="none").shape == (2,)
    assert numeric.softmax_cross_entropy_grad(z, one_hot, reduction="none").shape == (2, 5)
    assert gradients.softmax_cross_entropy_hessian(z).shape == (2, 5, 5)
    assert_close(gradients.ce_sigmoid_gradient(w, x, labels)[1, 2], gradients.ce_sigmoid_gradient(w, x[1, 2], 1.0))


BAD_INPUTS: Sequence[tuple[Callable[[], Any], type[Exception]]] = (
    (lambda: numeric.sigmoid([0.0, np.nan]), InvalidArgumentError),
    (lambda: numeric.sigmoid(np.inf), InvalidArgumentError),
    (lambda: numeric.sigmoid("1.0"), InvalidArgumentError),
    (lambda: numeric.sigmoid([]), InvalidArgumentError),
    (lambda: gradients.ce_sigmoid_gradient([[1.0]], [1.0], 1.0), InvalidArgumentError),
    (lambda: gradients.ce_sigmoid_gradient([1.0, 2.0], [1.0, 2.0, 3.0], 1.0), InvalidArgumentError),
    (lambda: gradients.ce_sigmoid_gradient([1.0], [[1.0], [2.0]], [1.0, 0.0, 1.0]), InvalidArgumentError),
    (lambda: gradients.mse_sigmoid_gradient([1.0], [1.0], 2.0), InvalidProbabilityError),
    (lambda: gradients.logistic_regression_gradient([1.0], [1.0], [1.0]), InvalidArgumentError),
    (lambda: numeric.softmax(3.0), InvalidArgumentError),
    (lambda: numeric.softmax_cross_entropy([1.0, 2.0], [0.5, 0.6], reduction="none"), InvalidProbabilityError),
    (lambda: numeric.softmax_cross_entropy([1.0, 2.0], [1.5, -0.5], reduction="none"), InvalidProbabilityError),
    (lambda: numeric.softmax_cross_entropy_grad([1.0, 2.0, 3.0], [0.5, 0.5], reduction="none"), InvalidArgumentError),
)


@pytest.mark.parametrize(("call", "error"), BAD_INPUTS)
def test_bad_input_raises_the_package_errors(call: Callable[[], Any], error: type[Exception]) -> None:
    with pytest.raises(error):
        call()


@pytest.mark.parametrize("gap", [40.0, 300.0])
def test_softmax_derivatives_keep_their_accuracy_when_one_class_dominates(gap: float) -> None:
    z, y = np.array([0.0, gap, -5.0]), np.array([0.0, 1.0, 0.0])
    # y_2 - yhat_2 = 1 - yhat_2 is about e^{-gap}: the naive difference of floats would be exactly 0.
    gradient = evaluate(softmax_gradient, z, y, digits=digits_for(gap))
    hessian = evaluate(softmax_hessian, z, digits=digits_for(gap))
    actual = numeric.softmax_cross_entropy_grad(z, y, reduction="none")
    assert actual[1] < 0 and actual[0] > 0
    assert_close(actual, gradient, rtol=1e-14)
    assert_close(gradients.softmax_cross_entropy_hessian(z), hessian, rtol=1e-14)


@pytest.mark.slow
def test_the_benchmarked_hessian_is_the_derived_one_with_or_without_cse(rng: np.random.Generator) -> None:
    from symbolic_info.benchmarks.gradients import logistic_hessian

    symbols, hessian = logistic_hessian()
    w, x = rng.normal(size=6), rng.normal(size=6)
    point = dict(zip(symbols, (*w, *x, 1.0), strict=True))
    with_cse = np.array(sp.lambdify(symbols, hessian, "numpy", cse=True)(*point.values()), dtype=float)
    without = np.array(sp.lambdify(symbols, hessian, "numpy")(*point.values()), dtype=float)
    derived = gradients.logistic_regression_hessian(w, x[None, :])
    assert_close(with_cse, derived, rtol=1e-12)
    assert_close(without, derived, rtol=1e-12)
