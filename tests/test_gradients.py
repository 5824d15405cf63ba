"""The numeric gradients against (a) mpmath at 50 digits of the same derived expressions, (b) finite differences.

The mpmath oracle lambdifies the derived expression with ``sigma`` unfolded to its textbook definition
``1 / (1 + e^{-z})`` (not the stable form NumPy evaluates), with as many digits as the input needs:
50, or more where the textbook form cancels (``1 - sigma(700)``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import mpmath
import numpy as np
import pytest
import sympy as sp

from symbolic_info.errors import InvalidArgumentError, InvalidProbabilityError
from symbolic_info.formulas.learning import unfold
from symbolic_info.numeric import gradients
from symbolic_info.numeric.gradients import EXPRESSIONS

RNG_SEED = 20240613
SATURATED = (-1e4, -745.0, -700.0, -300.0, -40.0, -1.0, 0.0, 1.0, 40.0, 300.0, 700.0, 745.0, 1e4)


def textbook(name: str, substitutions: dict[sp.Basic, sp.Basic] | None = None) -> Callable[..., Any]:
    """The derived expression ``name`` with sigma unfolded, lambdified for mpmath."""
    item = EXPRESSIONS[name]
    expr = unfold(item.expr).xreplace(substitutions or {})
    return sp.lambdify(item.symbols, expr, modules="mpmath")


def digits_for(*scores: float) -> int:
    """Enough digits for the textbook forms to resolve ``1 - sigma(z)`` (about ``|z| / 2.3`` digits) and 50 more."""
    return 50 + int(max(abs(z) for z in scores) / 2.3)


def assert_close(actual: Any, expected: Any, rtol: float = 4e-15, atol: float = 1e-300) -> None:
    np.testing.assert_allclose(np.asarray(actual, dtype=float), np.asarray(expected, dtype=float), rtol=rtol, atol=atol)


def central_difference(function: Callable[[np.ndarray], Any], at: np.ndarray, step: float = 1e-6) -> np.ndarray:
    """d function / d at, by central differences, one coordinate at a time (the output may be an array)."""
    columns = []
    for k in range(at.size):
        shift = np.zeros_like(at)
        shift.flat[k] = step
        columns.append((np.asarray(function(at + shift)) - np.asarray(function(at - shift))) / (2 * step))
    return np.stack(columns, axis=-1)


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(RNG_SEED)


def test_sigmoid_matches_mpmath_including_saturation() -> None:
    oracle = textbook("sigmoid")
    expected = []
    for z in SATURATED:
        with mpmath.workdps(50):
            expected.append(oracle(mpmath.mpf(z)))
    actual = gradients.sigmoid(np.array(SATURATED))
    assert np.isfinite(actual).all()
    assert_close(actual, expected)
    assert actual[0] == 0.0 and actual[-1] == 1.0


@pytest.mark.parametrize("name", ["ce_gradient", "mse_gradient"])
def test_sigmoid_gradients_match_mpmath_at_saturated_scores(name: str) -> None:
    oracle = textbook(name)
    function = gradients.ce_sigmoid_gradient if name == "ce_gradient" else gradients.mse_sigmoid_gradient
    for z in SATURATED:
        for label in (0.0, 1.0, 0.25):
            actual = function(np.array([1.0]), np.array([z]), label)[0]
            with mpmath.workdps(digits_for(z)):
                expected = oracle(mpmath.mpf(z), mpmath.mpf(label), mpmath.mpf(z))
            assert np.isfinite(actual)
            assert_close(actual, expected, rtol=2e-14)


def test_the_residual_for_a_right_label_does_not_cancel() -> None:
    # sigma(z) - 1 = -sigma(-z): at z = 40 the naive float difference is exactly 0.
    assert 1.0 / (1.0 + np.exp(-40.0)) - 1.0 == 0.0
    actual = gradients.ce_sigmoid_gradient(np.array([1.0]), np.array([[40.0], [300.0]]), 1.0)[:, 0]
    with mpmath.workdps(200):
        expected = [-mpmath.mpf(40) / (1 + mpmath.exp(40)), -mpmath.mpf(300) / (1 + mpmath.exp(300))]
    assert_close(actual, expected)
    assert (actual < 0).all()


@pytest.mark.parametrize("name", ["ce_loss", "mse_loss"])
def test_losses_match_mpmath(name: str, rng: np.random.Generator) -> None:
    oracle = textbook(name) if name == "mse_loss" else sp.lambdify(EXPRESSIONS[name].symbols, _textbook_ce(), "mpmath")
    function = gradients.ce_sigmoid_loss if name == "ce_loss" else gradients.mse_sigmoid_loss
    for z in (*SATURATED, *rng.normal(0, 5, size=6)):
        for label in (0.0, 1.0, 0.7):
            with mpmath.workdps(digits_for(z)):
                expected = oracle(mpmath.mpf(z), mpmath.mpf(label))
            assert_close(function(np.array([1.0]), np.array([z]), label), expected, rtol=2e-14)


def _textbook_ce() -> sp.Expr:
    """The binary cross-entropy of sigma(z), straight from the definitions."""
    from symbolic_info.formulas.learning import ce_loss

    z, y = EXPRESSIONS["ce_loss"].symbols
    return unfold(ce_loss(z, y)).replace(lambda e: e.func.__name__ == "xlogy", lambda e: e.args[0] * sp.log(e.args[1]))


def _per_example(function: Callable[..., np.ndarray], w: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return function(w, x, y)


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
    assert_close(gradient(w, x, y), numeric, rtol=1e-7, atol=1e-10)


def test_mse_gradient_vanishes_where_the_cross_entropy_one_does_not() -> None:
    x = np.array([[-10.0]])
    mse, ce = gradients.mse_sigmoid_gradient([1.0], x, 1.0), gradients.ce_sigmoid_gradient([1.0], x, 1.0)
    with mpmath.workdps(50):
        ratio = 1 / (mpmath.exp(10) + 2 + mpmath.exp(-10))  # the exact fraction of gradient-comparison
    assert_close(mse / ce, ratio, rtol=1e-13)


def test_logistic_regression_matches_mpmath_and_finite_differences(rng: np.random.Generator) -> None:
    w, x = rng.normal(size=3), rng.normal(size=(5, 3)) * 3
    y = rng.choice([0.0, 1.0], size=5)
    z, _, x_k = EXPRESSIONS["ce_gradient"].symbols
    x_l = sp.Symbol("x_l", real=True)
    weight = sp.lambdify((z, x_k, x_l), unfold(EXPRESSIONS["logistic_weight"].expr) * x_k * x_l, "mpmath")
    residual = textbook("ce_gradient")
    with mpmath.workdps(50):
        scores = [mpmath.fsum(mpmath.mpf(a) * mpmath.mpf(b) for a, b in zip(w, row, strict=True)) for row in x]
        hessian = [
            [mpmath.fsum(weight(s, row[k], row[ell]) for s, row in zip(scores, x, strict=True)) for ell in range(3)]
            for k in range(3)
        ]
        grad = [
            mpmath.fsum(residual(s, label, row[k]) for s, label, row in zip(scores, y, x, strict=True))
            for k in range(3)
        ]
    assert_close(gradients.logistic_regression_hessian(w, x), hessian, rtol=1e-14)
    assert_close(gradients.logistic_regression_gradient(w, x, y), grad, rtol=1e-13, atol=1e-15)
    assert_close(
        gradients.logistic_regression_gradient(w, x, y),
        central_difference(lambda v: gradients.logistic_regression_loss(v, x, y), w),
        rtol=1e-7,
    )
    assert_close(
        gradients.logistic_regression_hessian(w, x),
        central_difference(lambda v: gradients.logistic_regression_gradient(v, x, y), w),
        rtol=1e-7,
        atol=1e-9,
    )


def test_logistic_hessian_at_saturated_scores_is_finite_and_accurate() -> None:
    x = np.array([[700.0], [-745.0], [1e4], [-1e4]])
    actual = gradients.logistic_regression_hessian([1.0], x)
    with mpmath.workdps(digits_for(1e4)):
        expected = mpmath.fsum(
            mpmath.mpf(s) ** 2 / ((1 + mpmath.exp(mpmath.mpf(s))) * (1 + mpmath.exp(-mpmath.mpf(s)))) for s in x[:, 0]
        )
    assert np.isfinite(actual).all() and actual[0, 0] > 0
    assert_close(actual, [[expected]], rtol=1e-13)


def _explicit_softmax(name: str, classes: int) -> list[Callable[..., Any]]:
    """The derived softmax expression for ``classes`` classes, one mpmath function per component."""
    item = EXPRESSIONS[name]
    n = next(iter(s for s in item.expr.free_symbols if s.name == "n"))
    k = sp.Symbol("k", integer=True, positive=True)
    z = sp.symbols(f"z1:{classes + 1}", real=True)
    y = sp.symbols(f"y1:{classes + 1}", real=True)
    bases = {str(base.label): base for base in item.expr.atoms(sp.IndexedBase)}
    entries = {bases["z"][j + 1]: z[j] for j in range(classes)}
    if "y" in bases:
        entries.update({bases["y"][j + 1]: y[j] for j in range(classes)})
    c = item.symbols[-1]
    expanded = unfold(item.expr).subs(n, classes).doit()
    components = (
        [expanded.subs(k, j + 1).xreplace(entries) for j in range(classes)]
        if expanded.has(k)
        else [expanded.xreplace(entries)]
    )
    return [sp.lambdify((z, y, c), component, "mpmath") for component in components]


@pytest.mark.parametrize("scale", [1.0, 30.0, 1e4])
def test_softmax_functions_match_mpmath(scale: float, rng: np.random.Generator) -> None:
    z = rng.normal(size=4) * scale
    y = rng.dirichlet(np.ones(4))
    probabilities = _explicit_softmax("softmax", 4)
    (loss,) = _explicit_softmax("softmax_loss", 4)
    with mpmath.workdps(50):
        zs, ys = [mpmath.mpf(v) for v in z], [mpmath.mpf(v) for v in y]
        shift = mpmath.mpf(0)  # any shift gives the same value: the oracle does not shift
        p = [component(zs, ys, shift) for component in probabilities]
        hessian = [[p[k] * (1 if k == ell else 0) - p[k] * p[ell] for ell in range(4)] for k in range(4)]
        expected_loss = loss(zs, ys, shift)
        gradient = [p[k] - ys[k] for k in range(4)]
    assert_close(gradients.softmax(z), p, atol=1e-300)
    assert_close(gradients.softmax_cross_entropy(z, y), expected_loss, rtol=1e-14)
    assert_close(gradients.softmax_cross_entropy_gradient(z, y), gradient, rtol=1e-14, atol=1e-16)
    assert_close(gradients.softmax_cross_entropy_hessian(z), hessian, rtol=1e-14, atol=1e-300)


def test_softmax_derivatives_match_finite_differences(rng: np.random.Generator) -> None:
    z, y = rng.normal(size=5), rng.dirichlet(np.ones(5))
    assert_close(
        gradients.softmax_cross_entropy_gradient(z, y),
        central_difference(lambda v: gradients.softmax_cross_entropy(v, y), z),
        rtol=1e-7,
        atol=1e-9,
    )
    assert_close(
        gradients.softmax_cross_entropy_hessian(z),
        central_difference(lambda v: gradients.softmax_cross_entropy_gradient(v, y), z),
        rtol=1e-7,
        atol=1e-9,
    )
    assert np.linalg.eigvalsh(gradients.softmax_cross_entropy_hessian(z)).min() > -1e-15


def test_shapes_and_broadcasting(rng: np.random.Generator) -> None:
    w, x = rng.normal(size=3), rng.normal(size=(2, 4, 3))
    labels = np.array([0.0, 1.0, 1.0, 0.0])  # broadcast against x.shape[:-1] == (2, 4)
    assert gradients.ce_sigmoid_gradient(w, x, labels).shape == (2, 4, 3)
    assert gradients.mse_sigmoid_loss(w, x, 1.0).shape == (2, 4)
    assert gradients.logistic_regression_hessian(w, x[0]).shape == (3, 3)
    assert gradients.sigmoid(5.0).shape == ()
    z = rng.normal(size=(2, 5))
    one_hot = np.eye(5)[2]
    assert gradients.softmax_cross_entropy(z, one_hot).shape == (2,)
    assert gradients.softmax_cross_entropy_gradient(z, one_hot).shape == (2, 5)
    assert gradients.softmax_cross_entropy_hessian(z).shape == (2, 5, 5)
    assert_close(gradients.ce_sigmoid_gradient(w, x, labels)[1, 2], gradients.ce_sigmoid_gradient(w, x[1, 2], 1.0))


BAD_INPUTS: Sequence[tuple[Callable[[], Any], type[Exception]]] = (
    (lambda: gradients.sigmoid([0.0, np.nan]), InvalidArgumentError),
    (lambda: gradients.sigmoid(np.inf), InvalidArgumentError),
    (lambda: gradients.sigmoid("1.0"), InvalidArgumentError),
    (lambda: gradients.sigmoid([]), InvalidArgumentError),
    (lambda: gradients.ce_sigmoid_gradient([[1.0]], [1.0], 1.0), InvalidArgumentError),
    (lambda: gradients.ce_sigmoid_gradient([1.0, 2.0], [1.0, 2.0, 3.0], 1.0), InvalidArgumentError),
    (lambda: gradients.ce_sigmoid_gradient([1.0], [[1.0], [2.0]], [1.0, 0.0, 1.0]), InvalidArgumentError),
    (lambda: gradients.mse_sigmoid_gradient([1.0], [1.0], 2.0), InvalidProbabilityError),
    (lambda: gradients.logistic_regression_gradient([1.0], [1.0], [1.0]), InvalidArgumentError),
    (lambda: gradients.softmax(3.0), InvalidArgumentError),
    (lambda: gradients.softmax_cross_entropy([1.0, 2.0], [0.5, 0.6]), InvalidProbabilityError),
    (lambda: gradients.softmax_cross_entropy([1.0, 2.0], [1.5, -0.5]), InvalidProbabilityError),
    (lambda: gradients.softmax_cross_entropy_gradient([1.0, 2.0, 3.0], [0.5, 0.5]), InvalidArgumentError),
)


@pytest.mark.parametrize(("call", "error"), BAD_INPUTS)
def test_bad_input_raises_the_package_errors(call: Callable[[], Any], error: type[Exception]) -> None:
    with pytest.raises(error):
        call()


@pytest.mark.parametrize("gap", [40.0, 300.0])
def test_softmax_derivatives_keep_their_accuracy_when_one_class_dominates(gap: float) -> None:
    z, y = np.array([0.0, gap, -5.0]), np.array([0.0, 1.0, 0.0])
    # y_2 - yhat_2 = 1 - yhat_2 is about e^{-gap}: the naive difference of floats would be exactly 0.
    with mpmath.workdps(digits_for(gap)):
        exps = [mpmath.exp(mpmath.mpf(t)) for t in z]
        p = [e / mpmath.fsum(exps) for e in exps]
        gradient = [p[k] - y[k] for k in range(3)]
        hessian = [[p[k] * (1 if k == m else 0) - p[k] * p[m] for m in range(3)] for k in range(3)]
    actual = gradients.softmax_cross_entropy_gradient(z, y)
    assert actual[1] < 0 and actual[0] > 0
    assert_close(actual, gradient, rtol=1e-14)
    assert_close(gradients.softmax_cross_entropy_hessian(z), hessian, rtol=1e-14)


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
