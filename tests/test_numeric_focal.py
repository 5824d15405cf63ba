"""``sigmoid_focal_loss`` and its gradient: mpmath on the textbook formula, finite differences, limits, bad input.

The oracle is the focal loss as the paper and torchvision write it, evaluated in mpmath at 50 digits
(more where the naive ``1 - sigma(z)`` cancels: :func:`~tests.crosscheck.digits_for`) on the exact
float inputs: ``q = 1 / (1 + e^{-z})``, ``q_t = q y + (1 - q)(1 - y)``, and ``-(1 - q_t)^gamma log q_t``
for a label 0 or 1, ``(1 - q_t)^gamma`` times the binary cross-entropy for a soft label (torchvision).
The gradient's oracle is ``mpmath.diff`` of the same formula. Nothing of the package is involved.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import mpmath
import numpy as np
import pytest
import sympy as sp

from symbolic_info import numeric
from symbolic_info.catalogue.focal import focal_loss
from symbolic_info.errors import InvalidArgumentError
from symbolic_info.formulas.focal import numeric_form
from symbolic_info.numeric.focal_forms import FOCAL_SYMBOLS, focal_forms

from .crosscheck import DIFFERENCE_RTOL, assert_close, central_difference, digits_for

GAMMAS = (0.0, 0.5, 1.0, 2.0, 5.0)
#: Adversarial logits: 0 and tiny, moderate, where ``1 - sigma`` cancels, where ``e^{-|z|}`` underflows, 1e3.
LOGITS: tuple[float, ...] = (0.0, 1e-300, -1e-300, 1e-8, -1e-8, 0.5, -1.0, 3.0, -5.0, 17.0, -17.0, 36.5, -40.0)
LOGITS += (100.0, -300.0, 700.0, 740.0, -745.0, 1000.0, -1000.0)
TARGETS = (0.0, 1.0, 0.5, 0.3, 1e-9, 1.0 - 1e-9)
EPS = float(np.finfo(np.float64).eps)


def textbook(z: Any, y: Any, gamma: Any) -> Any:
    """The focal loss of a logit, from the definitions (run it at enough digits)."""
    q = 1 / (1 + mpmath.exp(-z))
    q_t = q * y + (1 - q) * (1 - y)
    if y in (0, 1):
        return -((1 - q_t) ** gamma) * mpmath.log(q_t)
    return (1 - q_t) ** gamma * -(y * mpmath.log(q) + (1 - y) * mpmath.log(1 - q))


def reference(z: float, y: float, gamma: float) -> Any:
    with mpmath.workdps(digits_for(z)):
        return +textbook(mpmath.mpf(z), mpmath.mpf(y), mpmath.mpf(gamma))


def reference_gradient(z: float, y: float, gamma: float) -> tuple[Any, Any]:
    """``d FL / d z`` by mpmath, and the sum of the magnitudes of its parts (the scale of its rounding).

    For a label 0 or 1 the parts have one sign and the scale is ``|d FL / d z|`` itself.
    """
    with mpmath.workdps(digits_for(z) + 30):
        logit, label, power = mpmath.mpf(z), mpmath.mpf(y), mpmath.mpf(gamma)
        derivative = mpmath.diff(lambda t: textbook(t, label, power), logit)
        q = 1 / (1 + mpmath.exp(-logit))
        weight = label * (1 - q) + (1 - label) * q
        cross = -(mpmath.log(q) if y == 1 else mpmath.log(1 - q)) if y in (0, 1) else textbook(logit, label, 0)
        scale = weight**power * ((1 - label) * q + label * (1 - q))  # sigma(z) - y = (1 - y) q - y (1 - q)
        if weight > 0:
            scale += power * abs(1 - 2 * label) * weight ** (power - 1) * q * (1 - q) * cross
        return +derivative, +scale


def float64_bound(gamma: float) -> float:
    """The relative error allowed in float64: ``sigma`` to about 2 ulp, then the power multiplies it by ``gamma``."""
    return (2 + 2 * gamma) * EPS


@pytest.mark.parametrize("gamma", GAMMAS)
def test_loss_against_mpmath_on_adversarial_inputs(gamma: float) -> None:
    for z, y in itertools.product(LOGITS, TARGETS):
        ours = numeric.sigmoid_focal_loss(z, y, gamma=gamma, alpha=None, reduction="none")
        exact = reference(z, y, gamma)
        error = abs(mpmath.mpf(float(ours)) - exact) / max(abs(exact), mpmath.mpf(np.finfo(np.float64).tiny))
        assert error <= float64_bound(gamma), (z, y, float(ours), exact)


@pytest.mark.parametrize(("dtype", "gamma"), list(itertools.product((np.float32, np.float16), (0.0, 2.0, 5.0))))
def test_narrow_dtypes_are_rounded_once(dtype: type[np.floating[Any]], gamma: float) -> None:
    z = np.array([0.0, 1e-3, -0.75, 4.0, -9.5, 30.0, -60.0, 1000.0, -1000.0], dtype=dtype)
    y = np.array([1.0, 0.0, 0.25, 1.0, 1.0, 0.5, 0.0, 0.0, 1.0], dtype=dtype)
    ours = numeric.sigmoid_focal_loss(z, y, gamma=gamma, alpha=None, reduction="none")
    assert ours.dtype == dtype
    info = np.finfo(dtype)
    for value, logit, label in zip(ours, z, y, strict=True):
        exact = reference(float(logit), float(label), gamma)
        # half a unit of the narrow type for its rounding, and the float64 error, relative to a normal number
        allowed = float(info.eps) * max(abs(exact), mpmath.mpf(float(info.tiny)))
        assert abs(mpmath.mpf(float(value)) - exact) <= allowed, (logit, label, float(value), exact)


@pytest.mark.slow
@pytest.mark.parametrize("gamma", GAMMAS)
def test_gradient_against_mpmath_derivative(gamma: float) -> None:
    for z, y in itertools.product(LOGITS, TARGETS):
        ours = numeric.sigmoid_focal_loss_grad(z, y, gamma=gamma, alpha=None, reduction="none")
        exact, scale = reference_gradient(z, y, gamma)
        # a soft label's two parts have opposite signs: the error is relative to their magnitudes, not their sum
        assert abs(mpmath.mpf(float(ours)) - exact) <= float64_bound(gamma) * max(scale, 1e-300), (z, y, ours, exact)


@pytest.mark.parametrize("gamma", GAMMAS)
def test_gradient_against_finite_differences(gamma: float) -> None:
    rng = np.random.default_rng(16)
    z, y = rng.normal(0.0, 3.0, 12), np.concatenate([rng.random(6), np.ones(3), np.zeros(3)])

    def summed(logits: np.ndarray) -> np.ndarray:
        return np.asarray(numeric.sigmoid_focal_loss(logits, y, gamma=gamma, reduction="sum"))

    differences = central_difference(summed, z)
    ours = numeric.sigmoid_focal_loss_grad(z, y, gamma=gamma, reduction="sum")
    assert_close(ours, differences, rtol=DIFFERENCE_RTOL, atol=1e-9)


def test_gamma_zero_is_the_binary_cross_entropy_with_logits() -> None:
    rng = np.random.default_rng(17)
    z, y = rng.normal(0.0, 20.0, 200), rng.random(200)
    y[:50] = np.round(y[:50])
    for reduction in ("none", "mean", "sum"):
        ours = numeric.sigmoid_focal_loss(z, y, gamma=0.0, alpha=None, reduction=reduction)
        assert_close(ours, numeric.binary_cross_entropy_with_logits(z, y, reduction=reduction), rtol=4 * EPS)
    gradient = numeric.sigmoid_focal_loss_grad(z, y, gamma=0.0, alpha=None)
    # (1 - y) sigma(z) - y sigma(-z) cancels for a soft label near sigma(z): an error relative to its parts (<= 1/n)
    parts = 1.0 / z.size
    assert_close(gradient, numeric.binary_cross_entropy_with_logits_grad(z, y), rtol=4 * EPS, atol=4 * EPS * parts)


def test_alpha_weights_each_example_as_torchvision() -> None:
    z, y = np.array([-2.0, 0.5, 3.0]), np.array([1.0, 0.0, 0.4])
    plain = numeric.sigmoid_focal_loss(z, y, alpha=None, reduction="none")
    balance = 0.25 * y + 0.75 * (1 - y)  # alpha_t = alpha y + (1 - alpha)(1 - y), alpha = 0.25
    assert_close(numeric.sigmoid_focal_loss(z, y, reduction="none"), balance * plain)  # 0.25 is the default
    assert_close(
        numeric.sigmoid_focal_loss_grad(z, y, reduction="none"),
        balance * np.asarray(numeric.sigmoid_focal_loss_grad(z, y, alpha=None, reduction="none")),
    )
    assert_close(numeric.sigmoid_focal_loss(z, y, alpha=-1.0, reduction="none"), plain)  # alpha < 0: no weighting
    assert math.isclose(float(numeric.sigmoid_focal_loss(z, y)), float(np.sum(balance * plain)) / 3, rel_tol=4 * EPS)


def test_keras_documented_example() -> None:
    # Keras's BinaryFocalCrossentropy(gamma=2, from_logits=True)(y, z) documents 0.691 for this batch of one row
    z, y = [-18.6, 0.51, 2.94, -12.8], [0.0, 1.0, 0.0, 0.0]
    assert round(float(numeric.sigmoid_focal_loss(z, y, gamma=2.0, alpha=None)), 3) == 0.691


def test_reductions_and_the_mean_gradient() -> None:
    z, y = np.array([[0.3, -1.2], [2.0, 0.0]]), np.array([1.0, 0.0])  # targets broadcast over the rows
    each = numeric.sigmoid_focal_loss(z, y, reduction="none")
    assert each.shape == (2, 2)
    assert math.isclose(float(numeric.sigmoid_focal_loss(z, y, reduction="sum")), float(each.sum()), rel_tol=4 * EPS)
    assert math.isclose(float(numeric.sigmoid_focal_loss(z, y)), float(each.sum()) / 4, rel_tol=4 * EPS)
    summed = numeric.sigmoid_focal_loss_grad(z, y, reduction="sum")
    assert_close(numeric.sigmoid_focal_loss_grad(z, y), summed / 4)
    row = np.array([[0.3, -1.2]])  # one row of logits against two rows of targets: the gradient sums over them
    targets = np.array([[1.0, 0.0], [0.0, 1.0]])
    assert_close(
        numeric.sigmoid_focal_loss_grad(row, targets, reduction="sum"),
        numeric.sigmoid_focal_loss_grad(np.repeat(row, 2, axis=0), targets, reduction="none").sum(
            axis=0, keepdims=True
        ),
    )


@pytest.mark.parametrize("gamma", GAMMAS)
def test_infinite_logits_give_the_limits(gamma: float) -> None:
    for z, y in itertools.product((math.inf, -math.inf), (0.0, 1.0, 0.5, 0.2)):
        q = 1.0 if z > 0 else 0.0
        weight = y * (1 - q) + (1 - y) * q
        wrong = (y > 0 and q == 0) or (y < 1 and q == 1)
        loss = numeric.sigmoid_focal_loss(z, y, gamma=gamma, alpha=None, reduction="none")
        assert loss == (math.inf if wrong else 0.0), (z, y, loss)
        gradient = numeric.sigmoid_focal_loss_grad(z, y, gamma=gamma, alpha=None, reduction="none")
        # the weight's own change vanishes in the limit; what is left is the cross-entropy's sigma(z) - y, weighted
        assert gradient == weight**gamma * (q - y), (z, y, gradient)
    # a class balance of 0 against an infinite loss is 0, not NaN
    assert numeric.sigmoid_focal_loss(math.inf, 0.0, alpha=1.0, reduction="none") == 0.0


def test_dtype_and_shape_are_kept() -> None:
    z = np.array([[0.5, -3.0]], dtype=np.float32)
    assert numeric.sigmoid_focal_loss(z, np.float32(1.0)).dtype == np.float32
    gradient = numeric.sigmoid_focal_loss_grad(z, np.float32(1.0))
    assert gradient.dtype == np.float32 and gradient.shape == (1, 2)
    assert numeric.sigmoid_focal_loss([1, 2], [1, 0]).dtype == np.float64  # integers: float64


@pytest.mark.parametrize(
    ("logits", "targets", "options", "message"),
    [
        ([0.0, math.nan], [1.0, 0.0], {}, "NaN"),
        ([0.0, 1.0], [1.0, math.nan], {}, "non-finite"),
        ([0.0, 1.0], [1.0, 1.5], {}, "not in \\[0, 1\\]"),
        ([0.0, 1.0], [1.0, -0.1], {}, "not in \\[0, 1\\]"),
        ([0.0, 1.0], [1.0, 0.0, 1.0], {}, "do not broadcast"),
        ([], [], {}, "empty"),
        ([True], [1.0], {}, "real numbers"),
        ([0.0], [1.0], {"gamma": -1.0}, "gamma"),
        ([0.0], [1.0], {"gamma": math.nan}, "gamma"),
        ([0.0], [1.0], {"gamma": True}, "gamma"),
        ([0.0], [1.0], {"gamma": "2"}, "gamma"),
        ([0.0], [1.0], {"alpha": 1.5}, "alpha"),
        ([0.0], [1.0], {"alpha": math.nan}, "alpha"),
        ([0.0], [1.0], {"alpha": "0.25"}, "alpha"),
        ([0.0], [1.0], {"reduction": "batchmean"}, "reduction"),
    ],
)
def test_bad_input_is_refused(logits: Any, targets: Any, options: dict[str, Any], message: str) -> None:
    for function in (numeric.sigmoid_focal_loss, numeric.sigmoid_focal_loss_grad):
        with pytest.raises(InvalidArgumentError, match=message):
            function(logits, targets, **options)


def test_the_kernels_evaluate_what_the_derivation_proves() -> None:
    """The kernels' forms are the last lines of the derivation's loss and gradient chains, sigma and softplus stable."""
    derivation = focal_loss()
    last_lines = {chain.label: sp.sympify(chain.steps[-1].statement) for chain in derivation.chains}
    z, y, gamma = (symbol for symbol in FOCAL_SYMBOLS)
    renamed = {
        symbol: {"z": z, "y": y, "gamma": gamma}[symbol.name]
        for statement in last_lines.values()
        for symbol in statement.free_symbols
        if symbol.name in ("z", "y", "gamma")
    }
    forms = focal_forms()
    assert forms["loss"] == numeric_form(last_lines[r"\mathrm{FL}(z, y)"].xreplace(renamed))
    assert forms["gradient"] == numeric_form(last_lines[r"\frac{\partial\,\mathrm{FL}}{\partial z}"].xreplace(renamed))
