"""The losses' options against the documented PyTorch, optax and Keras formulas, evaluated in mpmath.

Each oracle below is written out from the library's documentation (never from our code or our
formulas): ``torch.nn.functional.cross_entropy`` (class weights, ``ignore_index``, label smoothing
as ``(1 - eps) nll + (eps/C) sum_c w_c (-log softmax_c)`` with PyTorch's mean over ``sum_n w_{y_n}``),
``binary_cross_entropy[_with_logits]`` (``weight``, ``pos_weight``, mean over elements),
``kl_div(input=log q, target=p, log_target)`` (``sum``, ``batchmean`` over ``input.size(0)``,
``mean`` over the number of elements), optax's per-example losses and Keras's ``sample_weight``
(the weighted sum over the batch size) and binary label smoothing (``y (1 - eps) + eps/2``).
Every row of the README's porting table is one test here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import mpmath
import numpy as np
import pytest

from symbolic_info import numeric
from symbolic_info.errors import InvalidArgumentError, InvalidProbabilityError

from .crosscheck import ORACLE_DIGITS, assert_relative_error, exact

#: Relative error allowed against the oracle: the accuracy goal of the reductions.
BOUND = 1e-13
RNG = np.random.default_rng(2026)
LOGITS = RNG.normal(0.0, 3.0, (6, 5))
INDICES = np.array([0, 4, 2, -100, 1, 4])
SOFT = RNG.dirichlet(np.ones(5), size=6)
CLASS_WEIGHT = np.array([0.5, 2.0, 1.0, 0.25, 3.0])
SAMPLE_WEIGHT = np.array([1.0, 0.5, 2.0, 1.0, 0.0, 1.5])


# ---------------------------------------------------------------- oracles (documented formulas, in mpmath)


def _mp(value: Any) -> Any:
    """A float read exactly; an mpmath number (a differentiated entry, tests/test_numeric_loss_gradients.py) as is."""
    return value if isinstance(value, mpmath.mpf) else exact(value)


def _log_softmax(row: Sequence[float]) -> list[Any]:
    values = [_mp(v) for v in row]
    total = mpmath.log(mpmath.fsum(mpmath.exp(v) for v in values))
    return [v - total for v in values]


def torch_cross_entropy(
    logits: np.ndarray,
    target: np.ndarray,
    weight: np.ndarray | None = None,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> Any:
    """``F.cross_entropy`` as documented (and as ATen's cross_entropy_loss_label_smoothing computes it)."""
    classes = logits.shape[1]
    w = [mpmath.mpf(1)] * classes if weight is None else [_mp(v) for v in weight]
    eps = _mp(label_smoothing)
    with mpmath.workdps(ORACLE_DIGITS):
        losses, denominator = [], mpmath.mpf(0)
        for row, label in zip(logits, target, strict=True):
            logp = _log_softmax(row)
            if target.dtype.kind in "iu":
                if label == ignore_index:
                    losses.append(mpmath.mpf(0))
                    continue
                nll = -w[label] * logp[label]
                smooth = -mpmath.fsum(w[c] * logp[c] for c in range(classes))
                losses.append((1 - eps) * nll + eps / classes * smooth)
                denominator += w[label]
            else:
                smoothed = [(1 - eps) * _mp(y) + eps / classes for y in label]
                losses.append(-mpmath.fsum(w[c] * smoothed[c] * logp[c] for c in range(classes)))
                denominator += 1
        return _reduce(losses, reduction, denominator)


def _reduce(losses: list[Any], reduction: str, denominator: Any) -> Any:
    if reduction == "none":
        return losses
    total = mpmath.fsum(losses)
    return total if reduction == "sum" else total / denominator


def torch_bce_with_logits(
    x: np.ndarray, y: np.ndarray, weight: Any = None, pos_weight: Any = None, reduction: str = "mean"
) -> Any:
    """``l = -w [p_c y log sigma(x) + (1 - y) log(1 - sigma(x))]``, mean over the elements."""
    shape = np.broadcast_shapes(x.shape, y.shape, np.shape(weight), np.shape(pos_weight))
    xs, ys = np.broadcast_to(x, shape).ravel(), np.broadcast_to(y, shape).ravel()
    ws = np.broadcast_to(1.0 if weight is None else weight, shape).ravel()
    ps = np.broadcast_to(1.0 if pos_weight is None else pos_weight, shape).ravel()
    with mpmath.workdps(ORACLE_DIGITS + 400):  # 1 - sigma(x) for |x| up to 800
        losses = []
        for xv, yv, wv, pv in zip(xs, ys, ws, ps, strict=True):
            sigma = 1 / (1 + mpmath.exp(-_mp(xv)))
            positive = _mp(pv) * _mp(yv) * mpmath.log(sigma) if yv else 0
            negative = (1 - _mp(yv)) * mpmath.log(1 - sigma) if yv != 1 else 0
            losses.append(-_mp(wv) * (positive + negative))
        return _reduce(losses, reduction, len(losses))


def torch_bce(q: np.ndarray, y: np.ndarray, weight: Any = None, reduction: str = "mean") -> Any:
    """``l = -w [y log q + (1 - y) log(1 - q)]`` (PyTorch clamps the log at -100; no input here reaches it)."""
    ws = np.broadcast_to(1.0 if weight is None else weight, q.shape).ravel()
    with mpmath.workdps(ORACLE_DIGITS):
        losses = [
            -_mp(w) * (_mp(b) * mpmath.log(_mp(a)) + (1 - _mp(b)) * mpmath.log(1 - _mp(a)))
            for a, b, w in zip(q.ravel(), y.ravel(), ws, strict=True)
        ]
        return _reduce(losses, reduction, len(losses))


def torch_kl_div(log_q: np.ndarray, target: np.ndarray, reduction: str, log_target: bool = False) -> Any:
    """``F.kl_div(input, target)``: pointwise ``target (log target - input)``, reduced as documented."""
    with mpmath.workdps(ORACLE_DIGITS):
        points = []
        for b, t in zip(log_q.ravel(), target.ravel(), strict=True):
            if log_target:
                points.append(mpmath.exp(_mp(t)) * (_mp(t) - _mp(b)))
            else:
                points.append(_mp(t) * (mpmath.log(_mp(t)) - _mp(b)) if t else mpmath.mpf(0))
        if reduction == "none":
            return points
        total = mpmath.fsum(points)
        return {"sum": total, "batchmean": total / log_q.shape[0], "mean": total / log_q.size}[reduction]


# ---------------------------------------------------------------- PyTorch: F.cross_entropy


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("smoothing", [0.0, 0.1])
@pytest.mark.parametrize("weighted", [False, True])
def test_torch_cross_entropy_class_indices(reduction: str, smoothing: float, weighted: bool) -> None:
    """weight + label_smoothing + ignore_index + every reduction, as PyTorch defines their combination."""
    weight = CLASS_WEIGHT if weighted else None
    ours = numeric.softmax_cross_entropy(
        LOGITS, INDICES, weight=weight, ignore_index=-100, label_smoothing=smoothing, reduction=reduction
    )
    expected = torch_cross_entropy(LOGITS, INDICES, weight, -100, reduction, smoothing)
    assert_relative_error(ours, expected, BOUND)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("smoothing", [0.0, 0.2])
def test_torch_cross_entropy_probabilities(reduction: str, smoothing: float) -> None:
    """Probability targets: class weights inside the sum, the mean over the rows (no weight normalisation)."""
    ours = numeric.softmax_cross_entropy(
        LOGITS, SOFT, weight=CLASS_WEIGHT, label_smoothing=smoothing, reduction=reduction
    )
    assert_relative_error(ours, torch_cross_entropy(LOGITS, SOFT, CLASS_WEIGHT, -100, reduction, smoothing), BOUND)


def test_torch_cross_entropy_with_the_classes_on_axis_1_of_a_3d_batch() -> None:
    """PyTorch's ``(N, C, d)`` layout: ``axis=1``; rows in ``(n, d)`` order, the same mean."""
    z = RNG.normal(0.0, 2.0, (3, 4, 2))
    labels = np.array([[0, 3], [2, 2], [1, 0]])
    flat_z = np.moveaxis(z, 1, -1).reshape(-1, 4)
    expected = torch_cross_entropy(flat_z, labels.reshape(-1), CLASS_WEIGHT[:4], label_smoothing=0.05)
    ours = numeric.softmax_cross_entropy(z, labels, axis=1, weight=CLASS_WEIGHT[:4], label_smoothing=0.05)
    assert_relative_error(ours, expected, BOUND)


def test_sample_weight_multiplies_each_row_and_keeps_pytorchs_denominator() -> None:
    """``sum_n s_n l_n / sum_n w_{y_n}`` (rows not ignored): Keras's sample_weight on PyTorch's weighted mean."""
    ours = numeric.softmax_cross_entropy(
        LOGITS, INDICES, weight=CLASS_WEIGHT, sample_weight=SAMPLE_WEIGHT, ignore_index=-100, label_smoothing=0.1
    )
    rows = torch_cross_entropy(LOGITS, INDICES, CLASS_WEIGHT, -100, "none", 0.1)
    counted = INDICES != -100
    with mpmath.workdps(ORACLE_DIGITS):
        total = mpmath.fsum(exact(s) * loss for s, loss in zip(SAMPLE_WEIGHT, rows, strict=True))
        expected = total / mpmath.fsum(exact(v) for v in CLASS_WEIGHT[INDICES[counted]])
    assert_relative_error(ours, expected, BOUND)


def test_keras_categorical_cross_entropy_with_sample_weight() -> None:
    """``CategoricalCrossentropy(from_logits=True)(y, z, sample_weight=s)`` = ``sum_n s_n l_n / N``."""
    ours = numeric.softmax_cross_entropy(LOGITS, SOFT, sample_weight=SAMPLE_WEIGHT, label_smoothing=0.1)
    rows = torch_cross_entropy(LOGITS, SOFT, None, -100, "none", 0.1)
    with mpmath.workdps(ORACLE_DIGITS):
        expected = mpmath.fsum(exact(s) * loss for s, loss in zip(SAMPLE_WEIGHT, rows, strict=True)) / len(rows)
    assert_relative_error(ours, expected, BOUND)


def test_optax_per_example_losses_are_reduction_none() -> None:
    """optax.softmax_cross_entropy[_with_integer_labels] return one loss per example, unreduced."""
    labels = np.array([0, 4, 2, 3, 1, 4])
    assert_relative_error(
        numeric.softmax_cross_entropy(LOGITS, labels, reduction="none"),
        torch_cross_entropy(LOGITS, labels, reduction="none"),
        BOUND,
    )
    smoothed = 0.9 * SOFT + 0.1 / 5  # optax.smooth_labels(labels, 0.1)
    assert_relative_error(
        numeric.softmax_cross_entropy(LOGITS, SOFT, label_smoothing=0.1, reduction="none"),
        torch_cross_entropy(LOGITS, smoothed, reduction="none"),
        1e-12,  # the oracle starts from the rounded smoothed labels
    )


# ---------------------------------------------------------------- PyTorch: binary losses


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_torch_bce_with_logits_weight_and_pos_weight(reduction: str) -> None:
    x = np.concatenate([RNG.normal(0.0, 4.0, (4, 3)), [[40.0, -40.0, 0.0]]])
    y = np.concatenate([RNG.random((4, 3)), [[1.0, 0.0, 1.0]]])
    weight, pos_weight = RNG.random((5, 1)), np.array([0.5, 2.0, 4.0])
    ours = numeric.binary_cross_entropy_with_logits(x, y, weight=weight, pos_weight=pos_weight, reduction=reduction)
    expected = torch_bce_with_logits(x, y, weight, pos_weight, reduction)
    assert_relative_error(np.ravel(ours), expected if reduction == "none" else [expected], BOUND)


def test_torch_bce_with_logits_default_is_the_mean() -> None:
    x, y = RNG.normal(0.0, 2.0, 7), RNG.random(7)
    assert_relative_error(numeric.binary_cross_entropy_with_logits(x, y), torch_bce_with_logits(x, y), BOUND)


@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_torch_bce_prediction_first_with_weight(reduction: str) -> None:
    q, y, w = RNG.uniform(0.01, 0.99, 8), RNG.random(8), RNG.random(8)
    assert_relative_error(
        numeric.binary_cross_entropy(q, y, weight=w, reduction=reduction), torch_bce(q, y, w, reduction), BOUND
    )


def test_keras_binary_cross_entropy_label_smoothing_towards_one_half() -> None:
    """``BinaryCrossentropy(from_logits=True, label_smoothing=eps)``: labels ``y (1 - eps) + eps/2``, mean."""
    x, y = RNG.normal(0.0, 3.0, (4, 3)), RNG.integers(0, 2, (4, 3)).astype(float)
    ours = numeric.binary_cross_entropy_with_logits(x, y, label_smoothing=0.2)
    assert_relative_error(ours, torch_bce_with_logits(x, y * 0.8 + 0.1), BOUND)


# ---------------------------------------------------------------- PyTorch: F.kl_div (arguments swapped)


P_ROWS = RNG.dirichlet(np.ones(4), size=3)
Q_ROWS = RNG.dirichlet(np.ones(4), size=3)


@pytest.mark.parametrize("reduction", ["sum", "batchmean"])
@pytest.mark.parametrize("log_target", [False, True])
def test_torch_kl_div_is_kl_divergence_with_the_arguments_swapped(reduction: str, log_target: bool) -> None:
    log_q = np.log(Q_ROWS)
    target = np.log(P_ROWS) if log_target else P_ROWS
    ours = numeric.kl_divergence(target, log_q, log_p=log_target, log_q=True, reduction=reduction)
    assert_relative_error(ours, torch_kl_div(log_q, target, reduction, log_target), BOUND)


def test_torch_kl_div_mean_is_the_sum_over_every_entry() -> None:
    """PyTorch's ``reduction='mean'`` divides by the number of entries: ``reduction='sum'`` over ``p.size``."""
    log_q = np.log(Q_ROWS)
    ours = numeric.kl_divergence(P_ROWS, log_q, log_q=True, reduction="sum") / P_ROWS.size
    assert_relative_error(ours, torch_kl_div(log_q, P_ROWS, "mean"), BOUND)


def test_torch_kl_div_none_summed_over_the_classes_is_one_value_per_row() -> None:
    log_q = np.log(Q_ROWS)
    points = torch_kl_div(log_q, P_ROWS, "none")
    with mpmath.workdps(ORACLE_DIGITS):
        rows = [mpmath.fsum(points[4 * k : 4 * k + 4]) for k in range(3)]
    assert_relative_error(numeric.kl_divergence(P_ROWS, log_q, log_q=True), rows, BOUND)


def test_optax_and_keras_kl_divergence() -> None:
    """optax.kl_divergence(log_predictions, targets): per row; Keras KLDivergence()(y_true, y_pred): the mean."""
    log_q = np.log(Q_ROWS)
    rows = numeric.kl_divergence(P_ROWS, log_q, log_q=True)
    points = torch_kl_div(log_q, P_ROWS, "none")
    with mpmath.workdps(ORACLE_DIGITS):
        expected = [mpmath.fsum(points[4 * k : 4 * k + 4]) for k in range(3)]
        mean = mpmath.fsum(expected) / 3
    assert_relative_error(rows, expected, BOUND)
    assert_relative_error(numeric.kl_divergence(P_ROWS, Q_ROWS, reduction="mean"), mean, BOUND)


def test_kl_from_log_q_stays_finite_where_exp_underflows() -> None:
    """``log q = -800``: exp(log q) is 0 in float64, so going through q gives inf; the true value is 399.3."""
    log_q = np.array([-800.0, float(mpmath.log1p(-mpmath.exp(-800)))])
    with mpmath.workdps(ORACLE_DIGITS):
        half = mpmath.mpf(0.5)
        expected = half * (mpmath.log(half) - exact(log_q[0])) + half * (mpmath.log(half) - exact(log_q[1]))
    ours = numeric.kl_divergence([0.5, 0.5], log_q, log_q=True)
    assert_relative_error(ours, expected, BOUND)
    assert numeric.kl_divergence([0.5, 0.5], np.exp(log_q)) == math.inf  # the route this replaces


@pytest.mark.parametrize("gap", [1e-9, -1e-5, 0.01, 0.2, -0.5, 0.9, 3.0, -3.0, -50.0])
def test_kl_from_logs_near_and_far_from_p_equal_q(gap: float) -> None:
    """Each branch of the log form (series, expm1, q - p(1 + d)) against the definition at 50 digits."""
    a = np.array([math.log(0.01), math.log(0.99)])
    with mpmath.workdps(ORACLE_DIGITS):
        first = exact(a[0]) + exact(gap)
        b0 = float(first)
        second = mpmath.log(1 - mpmath.exp(exact(b0)))
        b = np.array([b0, float(second)])
        expected = mpmath.fsum(mpmath.exp(exact(x)) * (exact(x) - exact(y)) for x, y in zip(a, b, strict=True))
        expected += mpmath.fsum(mpmath.exp(exact(y)) - mpmath.exp(exact(x)) for x, y in zip(a, b, strict=True))
    assert_relative_error(numeric.kl_divergence(a, b, log_p=True, log_q=True), expected, 1e-12)


def test_cross_entropy_from_log_probabilities() -> None:
    log_q = np.log(Q_ROWS)
    with mpmath.workdps(ORACLE_DIGITS):
        expected = [
            -mpmath.fsum(exact(p) * exact(b) for p, b in zip(pr, br, strict=True))
            for pr, br in zip(P_ROWS, log_q, strict=True)
        ]
    assert_relative_error(numeric.cross_entropy(P_ROWS, log_q, log_q=True), expected, BOUND)
    assert_relative_error(numeric.cross_entropy(np.log(P_ROWS), log_q, log_p=True, log_q=True), expected, 1e-12)


# ---------------------------------------------------------------- infinities as limits


def test_masked_classes_are_limits_never_nan() -> None:
    z = np.array([[0.0, -np.inf, 1.0], [-np.inf, 2.0, -np.inf]])
    ours = numeric.softmax_cross_entropy(z, np.array([2, 1]), reduction="none")
    expected = torch_cross_entropy(np.array([[0.0, 1.0]]), np.array([1]), reduction="none")
    assert_relative_error(ours[0], expected[0], BOUND)
    assert ours[1] == 0.0  # one class left: probability 1
    assert numeric.softmax_cross_entropy(z, np.array([1, 1]), reduction="none")[0] == math.inf  # label on a mask
    smoothed = numeric.softmax_cross_entropy(z, np.array([2, 1]), label_smoothing=0.1, reduction="none")
    assert np.all(smoothed == math.inf)  # smoothing puts eps/C on the masked class: the true value is +inf
    assert numeric.softmax([0.0, -np.inf]).tolist() == [1.0, 0.0]
    assert numeric.log_softmax([0.0, -np.inf]).tolist() == [0.0, -math.inf]


def test_infinite_logits_in_bce_are_limits() -> None:
    z = np.array([np.inf, -np.inf, np.inf, -np.inf, np.inf])
    y = np.array([1.0, 0.0, 0.0, 1.0, 0.5])
    ours = numeric.binary_cross_entropy_with_logits(z, y, reduction="none")
    assert ours.tolist() == [0.0, 0.0, math.inf, math.inf, math.inf]
    weighted = numeric.binary_cross_entropy_with_logits(z, y, pos_weight=2.0, weight=[1, 1, 0, 1, 1], reduction="none")
    assert weighted.tolist() == [0.0, 0.0, 0.0, math.inf, math.inf]  # a weight 0 drops even an infinite loss


@pytest.mark.parametrize(
    "call",
    [
        lambda: numeric.binary_cross_entropy_with_logits([math.nan], [1.0]),
        lambda: numeric.softmax_cross_entropy([[0.0, math.nan]], [0]),
        lambda: numeric.softmax_cross_entropy([[0.0, math.inf]], [0]),
        lambda: numeric.softmax_cross_entropy([[-math.inf, -math.inf]], [0]),
        lambda: numeric.kl_divergence([0.5, 0.5], [math.nan, 0.0], log_q=True),
    ],
)
def test_nan_and_meaningless_infinities_are_errors(call: Any) -> None:
    with pytest.raises((InvalidArgumentError, InvalidProbabilityError)):
        call()


# ---------------------------------------------------------------- dtype kept


def _ulps(value: Any, reference: Any, dtype: type[np.floating[Any]]) -> float:
    rounded = dtype(float(reference))
    spacing = float(np.spacing(np.abs(rounded)))
    return abs(float(value) - float(reference)) / spacing


@pytest.mark.parametrize("dtype", [np.float16, np.float32])
def test_float16_and_float32_are_kept_and_accurate_to_an_ulp(dtype: type[np.floating[Any]]) -> None:
    z = RNG.normal(0.0, 2.0, (4, 3)).astype(dtype)
    y = RNG.random((4, 3)).astype(dtype)
    labels = np.array([0, 2, 1, 1])
    p, q = RNG.dirichlet(np.ones(3)).astype(dtype), RNG.dirichlet(np.ones(3)).astype(dtype)
    cases = [
        (numeric.binary_cross_entropy_with_logits(z, y), torch_bce_with_logits(z.astype(float), y.astype(float))),
        (numeric.softmax_cross_entropy(z, labels), torch_cross_entropy(z.astype(float), labels)),
    ]
    for ours, reference in cases:
        assert ours.dtype == dtype
        assert _ulps(ours, reference, dtype) <= 1.0
    kl = numeric.kl_divergence(p, q)
    assert kl.dtype == dtype and kl >= 0
    assert numeric.kl_divergence(p, p) == 0


def test_kl_is_never_negative_in_float32() -> None:
    p = RNG.dirichlet(np.ones(50), size=200).astype(np.float32)
    q = (p + RNG.normal(0.0, 1e-7, p.shape).astype(np.float32)).clip(0)
    q = (q / q.sum(axis=1, keepdims=True)).astype(np.float32)
    values = numeric.kl_divergence(p, q)
    assert values.dtype == np.float32 and np.all(values >= 0)


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda: numeric.softmax_cross_entropy(LOGITS, INDICES, ignore_index=-100, reduction="avg"), "reduction"),
        (lambda: numeric.kl_divergence(P_ROWS, Q_ROWS, reduction="avg"), "reduction"),
        (lambda: numeric.softmax_cross_entropy(LOGITS, INDICES % 5, weight=[1.0, 2.0]), "one entry per class"),
        (lambda: numeric.softmax_cross_entropy(LOGITS, INDICES % 5, weight=-CLASS_WEIGHT), ">= 0"),
        (lambda: numeric.softmax_cross_entropy(LOGITS, SOFT, ignore_index=0), "class-index labels"),
        (lambda: numeric.softmax_cross_entropy(LOGITS, INDICES), "out of range"),
        (lambda: numeric.softmax_cross_entropy(LOGITS, np.full(6, -100), ignore_index=-100), "nothing to average"),
        (lambda: numeric.softmax_cross_entropy(LOGITS, INDICES % 5, label_smoothing=1.5), "label_smoothing"),
        (lambda: numeric.softmax_cross_entropy(LOGITS, INDICES % 5, sample_weight=[1.0, 2.0]), "sample_weight"),
        (lambda: numeric.binary_cross_entropy_with_logits([0.0], [1.0], pos_weight=[math.nan]), "pos_weight"),
        (lambda: numeric.kl_divergence(P_ROWS, Q_ROWS, log_q=_one()), "log_q must be True or False"),
        (lambda: numeric.kl_divergence(P_ROWS, Q_ROWS, log_q=True), "exponentials sum"),
    ],
)
def test_bad_options_are_clear_errors(call: Any, fragment: str) -> None:
    with pytest.raises((InvalidArgumentError, InvalidProbabilityError), match=fragment):
        call()


def test_all_ignored_rows_sum_to_zero() -> None:
    assert numeric.softmax_cross_entropy(LOGITS, np.full(6, -100), ignore_index=-100, reduction="sum") == 0.0


def _one() -> Any:
    """An int where a bool is expected (typed Any, as a caller without type checking would pass it)."""
    return 1


# ---------------------------------------------------------------- accuracy per dtype, every function

_DTYPES = [np.float16, np.float32]


def _rows(dtype: type[np.floating[Any]]) -> tuple[np.ndarray, np.ndarray]:
    """Probability rows in ``dtype`` (random, near one-hot, and p close to q), normalised there."""
    p = np.vstack([RNG.dirichlet(np.ones(6), size=3), [[1 - 5e-3, 1e-3, 1e-3, 1e-3, 1e-3, 1e-3]]])
    q = np.vstack([RNG.dirichlet(np.ones(6), size=3), [[1 - 6e-3, 2e-3, 1e-3, 1e-3, 1e-3, 1e-3]]])
    return p.astype(dtype), q.astype(dtype)


def _worst_ulps(ours: Any, reference: Sequence[Any], dtype: type[np.floating[Any]]) -> float:
    return max(_ulps(value, exact_value, dtype) for value, exact_value in zip(np.ravel(ours), reference, strict=True))


@pytest.mark.parametrize("dtype", _DTYPES)
def test_every_function_is_within_an_ulp_of_its_dtype(dtype: type[np.floating[Any]]) -> None:
    """Each function's float16/float32 output against the exactly rounded mpmath value of its definition."""
    p, q = _rows(dtype)
    z = np.array([-20.0, -3.5, -0.25, 0.0, 0.75, 4.0, 15.0], dtype=dtype)
    y = np.array([0.0, 1.0, 0.25, 0.5, 1.0, 0.0, 0.875], dtype=dtype)
    u = np.array([1e-3, 0.125, 0.5, 0.75, 0.999, 0.3, 0.6], dtype=dtype)
    log = mpmath.log
    with mpmath.workdps(ORACLE_DIGITS):
        sig = [1 / (1 + mpmath.exp(-exact(v))) for v in z]
        cases = {
            "entropy": (numeric.entropy(p), [-mpmath.fsum(exact(a) * log(exact(a)) for a in r) for r in p]),
            "cross_entropy": (
                numeric.cross_entropy(p, q),
                [
                    -mpmath.fsum(exact(a) * log(exact(b)) for a, b in zip(r, s, strict=True))
                    for r, s in zip(p, q, strict=True)
                ],
            ),
            "kl_divergence": (
                numeric.kl_divergence(p, q),
                [
                    mpmath.fsum(
                        exact(a) * log(exact(a) / exact(b)) - exact(a) + exact(b) for a, b in zip(r, s, strict=True)
                    )
                    for r, s in zip(p, q, strict=True)
                ],
            ),
            "sigmoid": (numeric.sigmoid(z), sig),
            "log_sigmoid": (numeric.log_sigmoid(z), [log(v) for v in sig]),
            "binary_entropy": (
                numeric.binary_entropy(u),
                [-exact(a) * log(exact(a)) - (1 - exact(a)) * log(1 - exact(a)) for a in u],
            ),
            "binary_cross_entropy": (
                numeric.binary_cross_entropy(u, y, reduction="none"),
                torch_bce(u, y, reduction="none"),
            ),
            "binary_cross_entropy_with_logits": (
                numeric.binary_cross_entropy_with_logits(z, y, reduction="none"),
                torch_bce_with_logits(z, y, reduction="none"),
            ),
            "log_softmax": (numeric.log_softmax(z), _log_softmax(z.tolist())),
            "softmax_cross_entropy": (
                numeric.softmax_cross_entropy(np.vstack([z, z[::-1]]), np.array([3, 6]), reduction="none"),
                torch_cross_entropy(np.vstack([z, z[::-1]]).astype(float), np.array([3, 6]), reduction="none"),
            ),
        }
        for name, (ours, reference) in cases.items():
            assert np.asarray(ours).dtype == dtype, name
            assert _worst_ulps(ours, reference, dtype) <= 1.0, name
    assert np.all(numeric.kl_divergence(p, q) >= 0)
