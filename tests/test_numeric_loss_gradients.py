"""The ``*_grad`` functions: the derivative of the documented PyTorch formula (mpmath), finite differences, edges.

The oracle differentiates the mpmath formulas of ``tests/test_numeric_losses.py`` (written from
PyTorch's documentation) with ``mpmath.diff`` at 50 digits: nothing of the package is involved.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import mpmath
import numpy as np
import pytest

from symbolic_info import numeric

from .crosscheck import DIFFERENCE_RTOL, ORACLE_DIGITS, assert_close, assert_relative_error, central_difference
from .test_numeric_losses import torch_bce, torch_bce_with_logits, torch_cross_entropy

BOUND = 1e-12
RNG = np.random.default_rng(14)


def _mp_gradient(loss: Callable[[np.ndarray], Any], x: np.ndarray) -> list[Any]:
    """``d loss / d x_i`` for every entry, by mpmath's differentiation of the oracle at 50 digits."""
    gradient = []
    with mpmath.workdps(ORACLE_DIGITS):
        for index in np.ndindex(x.shape):

            def along(t: Any, index: tuple[int, ...] = index) -> Any:
                moved = x.astype(object)
                moved[index] = t
                return loss(moved)

            # a fixed step: the oracle evaluates at 50 digits whatever precision diff raises to
            gradient.append(mpmath.diff(along, mpmath.mpf(float(x[index])), h=mpmath.mpf("1e-20")))
    return gradient


def _object_cross_entropy(logits: np.ndarray, labels: np.ndarray, **options: Any) -> Any:
    """The oracle, taking entries that may already be mpmath numbers (the differentiated one)."""
    return torch_cross_entropy(logits, labels, **options)


@pytest.mark.parametrize(("smoothing", "reduction"), [(0.0, "mean"), (0.1, "mean"), (0.1, "sum")])
def test_softmax_cross_entropy_grad_with_weights_smoothing_and_ignore_index(smoothing: float, reduction: str) -> None:
    z = RNG.normal(0.0, 2.0, (4, 3))
    labels = np.array([2, -100, 0, 1])
    weight = np.array([0.5, 2.0, 1.5])
    ours = numeric.softmax_cross_entropy_grad(
        z, labels, weight=weight, ignore_index=-100, label_smoothing=smoothing, reduction=reduction
    )
    expected = _mp_gradient(lambda v: torch_cross_entropy(v, labels, weight, -100, reduction, smoothing), z)
    assert ours.shape == z.shape
    assert_relative_error(ours.ravel(), expected, BOUND)


def test_softmax_cross_entropy_grad_with_probability_labels_and_sample_weight() -> None:
    z = RNG.normal(0.0, 2.0, (3, 4))
    y = RNG.dirichlet(np.ones(4), size=3)
    s = np.array([1.0, 0.25, 2.0])
    ours = numeric.softmax_cross_entropy_grad(z, y, sample_weight=s, label_smoothing=0.2)

    def loss(v: np.ndarray) -> Any:
        rows = torch_cross_entropy(v, y, None, -100, "none", 0.2)
        return mpmath.fsum(mpmath.mpf(float(w)) * r for w, r in zip(s, rows, strict=True)) / 3

    assert_relative_error(ours.ravel(), _mp_gradient(loss, z), BOUND)


@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_bce_with_logits_grad_with_weight_and_pos_weight(reduction: str) -> None:
    x = np.array([[-3.0, 0.5, 8.0], [1.0, -0.25, 30.0]])
    y = np.array([[1.0, 0.3, 0.0], [0.0, 1.0, 1.0]])
    weight, pos_weight = np.array([[0.5], [2.0]]), np.array([1.0, 3.0, 0.5])
    ours = numeric.binary_cross_entropy_with_logits_grad(
        x, y, weight=weight, pos_weight=pos_weight, reduction=reduction
    )
    expected = _mp_gradient(lambda v: torch_bce_with_logits(v, y, weight, pos_weight, reduction), x)
    assert_relative_error(ours.ravel(), expected, BOUND)


def test_bce_grad_in_the_prediction() -> None:
    q, y, w = np.array([0.1, 0.5, 0.93]), np.array([1.0, 0.2, 0.0]), np.array([1.0, 2.0, 0.5])
    ours = numeric.binary_cross_entropy_grad(q, y, weight=w)
    assert_relative_error(ours, _mp_gradient(lambda v: torch_bce(v, y, w), q), BOUND)


def test_gradients_agree_with_finite_differences_of_the_losses() -> None:
    z = RNG.normal(0.0, 1.0, (3, 5))
    labels = np.array([4, 0, 2])
    options: dict[str, Any] = {"weight": RNG.random(5) + 0.5, "label_smoothing": 0.15, "sample_weight": [1, 2, 3]}
    assert_close(
        numeric.softmax_cross_entropy_grad(z, labels, **options),
        central_difference(lambda v: numeric.softmax_cross_entropy(v, labels, **options), z).reshape(z.shape),
        rtol=DIFFERENCE_RTOL,
        atol=1e-9,
    )
    x, y = RNG.normal(0.0, 2.0, 6), RNG.random(6)
    assert_close(
        numeric.binary_cross_entropy_with_logits_grad(x, y, pos_weight=2.5, label_smoothing=0.1),
        central_difference(
            lambda v: numeric.binary_cross_entropy_with_logits(v, y, pos_weight=2.5, label_smoothing=0.1), x
        ),
        rtol=DIFFERENCE_RTOL,
        atol=1e-9,
    )


def test_edges_are_limits_never_nan() -> None:
    masked = numeric.softmax_cross_entropy_grad([[0.0, -np.inf, 0.0]], [0], reduction="sum")
    assert masked.tolist() == [[-0.5, 0.0, 0.5]]  # a masked class has a zero gradient (no label on it)
    logits = numeric.binary_cross_entropy_with_logits_grad([np.inf, -np.inf, np.inf], [1.0, 1.0, 0.0], reduction="sum")
    assert logits.tolist() == [0.0, -1.0, 1.0]  # the limits of sigma(z) - y
    probabilities = numeric.binary_cross_entropy_grad([0.0, 1.0, 0.0, 1.0], [1.0, 0.0, 0.0, 1.0], reduction="sum")
    assert probabilities.tolist() == [-math.inf, math.inf, 1.0, -1.0]
    saturated = numeric.softmax_cross_entropy_grad([[0.0, 40.0]], [1], reduction="sum")
    assert saturated[0, 0] > 0 and saturated[0, 1] < 0  # 1 - p_2 = e^-40/(1 + e^-40), not rounded to 0


@pytest.mark.parametrize("dtype", [np.float16, np.float32])
def test_gradients_keep_the_dtype(dtype: type[np.floating[Any]]) -> None:
    z = RNG.normal(0.0, 1.0, (2, 3)).astype(dtype)
    assert numeric.softmax_cross_entropy_grad(z, np.array([0, 2])).dtype == dtype
    assert numeric.binary_cross_entropy_with_logits_grad(z, np.ones((2, 3), dtype=dtype)).dtype == dtype


# ---------------------------------------------------------------- the information measures


def _kl_rows(p: np.ndarray, q: np.ndarray) -> Any:
    """``sum_i p_i log(p_i/q_i) - p_i + q_i`` per row: the generalised form kl_divergence sums (textbook, mpmath)."""
    total = mpmath.mpf(0)
    for a, b in zip(p, q, strict=True):
        a, b = (
            mpmath.mpf(a) if not isinstance(a, mpmath.mpf) else a,
            mpmath.mpf(b) if not isinstance(b, mpmath.mpf) else b,
        )
        total += (a * mpmath.log(a / b) if a else 0) - a + b
    return total


def test_kl_and_cross_entropy_grads_in_q_against_mpmath() -> None:
    p, q = RNG.dirichlet(np.ones(4)), RNG.dirichlet(np.ones(4))
    assert_relative_error(numeric.kl_divergence_grad(p, q), _mp_gradient(lambda v: _kl_rows(p, v), q), BOUND)

    def cross(v: np.ndarray) -> Any:
        return -mpmath.fsum(
            mpmath.mpf(float(a)) * mpmath.log(b if isinstance(b, mpmath.mpf) else mpmath.mpf(b))
            for a, b in zip(p, v, strict=True)
        )

    assert_relative_error(numeric.cross_entropy_grad(p, q), _mp_gradient(cross, q), BOUND)

    def entropy(v: np.ndarray) -> Any:
        return -mpmath.fsum((a if isinstance(a, mpmath.mpf) else mpmath.mpf(a)) * mpmath.log(a) for a in v)

    assert_relative_error(numeric.entropy_grad(p, base=2) * math.log(2), _mp_gradient(entropy, p), BOUND)


def test_kl_grad_in_log_q_is_q_minus_p_and_matches_finite_differences() -> None:
    p, q = RNG.dirichlet(np.ones(5), size=2), RNG.dirichlet(np.ones(5), size=2)
    ours = numeric.kl_divergence_grad(p, np.log(q), log_q=True, reduction="batchmean")
    assert_close(ours, (q - p) / 2, rtol=1e-15, atol=1e-17)

    def generalised(flat: np.ndarray) -> float:  # defined off the simplex too: every entry perturbed freely
        b = flat.reshape(p.shape)
        return float(np.sum(np.exp(b) - p + p * (np.log(p) - b)))

    unconstrained = central_difference(generalised, np.log(q).ravel()).reshape(q.shape)
    assert_close(ours * 2, unconstrained, rtol=DIFFERENCE_RTOL, atol=1e-9)


def test_measure_gradients_at_the_edges() -> None:
    assert numeric.kl_divergence_grad([0.0, 1.0], [0.5, 0.5]).tolist() == [1.0, -1.0]  # finite where p = 0
    assert numeric.kl_divergence_grad([0.5, 0.5], [1.0, 0.0]).tolist() == [0.5, -math.inf]
    assert numeric.cross_entropy_grad([0.0, 1.0], [0.0, 1.0]).tolist() == [0.0, -1.0]
    assert numeric.entropy_grad([1.0, 0.0]).tolist() == [-1.0, math.inf]  # the true derivative at p = 0
    assert numeric.kl_divergence_grad([0.5, 0.5], [-800.0, 0.0], log_q=True).tolist() == [-0.5, 0.5]
    with pytest.raises(ValueError):
        numeric.kl_divergence_grad([0.5, 0.6], [0.5, 0.5])
