"""Accuracy of symbolic_info.numeric against mpmath, on the exact float inputs, over an adversarial suite.

The reference for each function is its own symbolic definition (symbolic_info.formulas.definitions)
lambdified with modules="mpmath" and evaluated with enough digits (at least
:data:`~tests.crosscheck.REFERENCE_DIGITS`, 60) that nothing it cancels reaches the 17th digit.
Relative error (:func:`~tests.crosscheck.relative_error`) is measured with the denominator floored at
the smallest normal double. Goals (issue 4): pointwise functions <= 1e-15; reductions,
log_softmax, softmax and softmax_cross_entropy <= 1e-13; kl_divergence <= 1e-13 also when the
divergence is 1e-24; sigmoid_focal_loss <= (2 + 2 gamma) eps (the power ``(1 - q_t)^gamma`` multiplies
the error of ``sigma`` by ``gamma``).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from typing import Any

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from symbolic_info import numeric
from symbolic_info.formulas import definitions, focal
from symbolic_info.formulas.special import MPMATH_FUNCTIONS
from symbolic_info.numeric.chunks import Scratch, row_sums
from symbolic_info.numeric.kernels import kernel
from symbolic_info.numeric.reductions import _kl_block, _kl_block_exact

from . import strategies
from .crosscheck import (
    EXTENDED_DIGITS,
    NATS_PER_DIGIT,
    REFERENCE_DIGITS,
    assert_relative_error,
    digits_for,
    exact,
    exact_all,
    relative_error,
)

POINTWISE, REDUCTION = 1e-15, 1e-13
_p, _q, _y, _z = sp.symbols("p q y z", real=True)
_gamma = sp.Symbol("gamma", nonnegative=True)


def _mpmath(expression: sp.Expr, *symbols: sp.Symbol) -> Callable[..., Any]:
    function: Callable[..., Any] = sp.lambdify(symbols, expression, modules=[MPMATH_FUNCTIONS, "mpmath"])
    return function


# Each function's own definition, one term or one value at a time.
ENTROPY_TERM = _mpmath(definitions.entropy([_p]), _p)
CROSS_ENTROPY_TERM = _mpmath(definitions.cross_entropy([_p], [_q]), _p, _q)
KL_TERM = _mpmath(definitions.kl_divergence([_p], [_q]) - _p + _q, _p, _q)  # the generalised term
SIGMOID = _mpmath(definitions.sigmoid(_z), _z)
LOG_SIGMOID = _mpmath(sp.log(definitions.sigmoid(_z)), _z)
LOGISTIC_LOSS = _mpmath(definitions.binary_cross_entropy(_y, definitions.sigmoid(_z)), _y, _z)
BINARY_ENTROPY = _mpmath(definitions.binary_entropy(_p), _p)
BINARY_CROSS_ENTROPY = _mpmath(definitions.binary_cross_entropy(_y, _q), _y, _q)
SIGMOID_FOCAL_LOSS = _mpmath(focal.torchvision_focal_loss(definitions.sigmoid(_z), _y, _gamma), _y, _z, _gamma)


#: ``[log softmax(z)_k for k = 1..n]`` from the definition, as an mpmath function of ``z_1 .. z_n``, for each ``n``.
LogSoftmaxReference = Callable[[int], Callable[..., Any]]


@pytest.fixture(scope="session")
def log_softmax_reference() -> LogSoftmaxReference:
    """The log-softmax references, each lambdified once per test session."""
    lambdified: dict[int, Callable[..., Any]] = {}

    def lookup(n: int) -> Callable[..., Any]:
        if n not in lambdified:
            z = sp.symbols(f"z1:{n + 1}", real=True)
            logs = [sp.log(definitions.softmax(list(z), k)) for k in range(1, n + 1)]
            lambdified[n] = sp.lambdify(z, logs, "mpmath", cse=True)
        return lambdified[n]

    return lookup


def reference_sum(term: Callable[..., Any], *arrays: np.ndarray) -> Any:
    """``sum_i term(p_i, q_i)`` at 60 digits (a term ``p log(p/0)`` with ``p > 0`` is ``+inf``)."""
    with mpmath.workdps(REFERENCE_DIGITS):
        values = []
        for entries in zip(*(exact_all(a) for a in arrays), strict=True):
            try:
                values.append(term(*entries))
            except ZeroDivisionError:
                values.append(mpmath.inf if entries[0] > 0 else mpmath.mpf(0))
        return mpmath.fsum(values)


# ---------------------------------------------------------------- pointwise functions (<= 1e-15)

ADVERSARIAL_LOGITS: tuple[float, ...] = (0.0, -0.0, 1e-300, -1e-300, 1e-17, 3.5, -3.5, 36.7, -36.7, 40.0, -40.0)
ADVERSARIAL_LOGITS += (709.0, -745.0, 750.0, -750.0, 1e3, -1e3, 1e4, -1e4)
ADVERSARIAL_LABELS = (0.0, 1.0, 0.5, 1.0 - 1e-10, 1e-10, 1.0 - 2.0**-53, 1e-300)


def _check_pointwise(z: float, y: float) -> None:
    with mpmath.workdps(digits_for(z, base=REFERENCE_DIGITS)):
        x, label = exact(z), exact(y)
        assert relative_error(numeric.sigmoid(z), SIGMOID(x)) <= POINTWISE
        assert relative_error(numeric.log_sigmoid(z), LOG_SIGMOID(x)) <= POINTWISE
        assert relative_error(numeric.binary_cross_entropy_with_logits(z, y), LOGISTIC_LOSS(label, x)) <= POINTWISE


@pytest.mark.slow
@pytest.mark.parametrize("z", ADVERSARIAL_LOGITS)
def test_pointwise_functions_on_adversarial_logits(z: float) -> None:
    for y in ADVERSARIAL_LABELS:
        _check_pointwise(z, y)


@pytest.mark.slow
@settings(max_examples=80)
@given(strategies.logits(limit=800.0), strategies.labels())
def test_pointwise_functions_against_mpmath(z: float, y: float) -> None:
    _check_pointwise(z, y)


#: The focal loss's goal: ``sigma`` to about 2 ulp, and the power ``(1 - q_t)^gamma`` multiplies that by ``gamma``.
FOCAL_GAMMAS = (0.0, 0.5, 2.0, 5.0)


def focal_bound(gamma: float) -> float:
    return (2 + 2 * gamma) * float(np.finfo(np.float64).eps)


def _check_focal(z: float, y: float, gamma: float) -> None:
    with mpmath.workdps(digits_for(z, base=REFERENCE_DIGITS)):  # 1 - q_t cancels in the definition
        expected = SIGMOID_FOCAL_LOSS(exact(y), exact(z), exact(gamma))
        assert relative_error(numeric.sigmoid_focal_loss(z, y, gamma=gamma, alpha=None), expected) <= focal_bound(gamma)


@pytest.mark.parametrize(
    "z", [pytest.param(z, marks=pytest.mark.slow if abs(z) >= 1e4 else ()) for z in ADVERSARIAL_LOGITS]
)  # |z| = 1e4: the definition at 4,400 digits
def test_sigmoid_focal_loss_on_adversarial_logits(z: float) -> None:
    for y, gamma in itertools.product(ADVERSARIAL_LABELS, FOCAL_GAMMAS):
        _check_focal(z, y, gamma)


@settings(max_examples=40)
@given(strategies.logits(limit=800.0), strategies.labels(), st.sampled_from(FOCAL_GAMMAS))
def test_sigmoid_focal_loss_against_mpmath(z: float, y: float, gamma: float) -> None:
    _check_focal(z, y, gamma)


@pytest.mark.slow
@settings(max_examples=80)
@given(strategies.unit_interval(), strategies.unit_interval())
def test_binary_entropy_and_cross_entropy_against_mpmath(p: float, y: float) -> None:
    with mpmath.workdps(EXTENDED_DIGITS):  # 1 - p for p down to 1e-300
        assert relative_error(numeric.binary_entropy(p), BINARY_ENTROPY(exact(p))) <= POINTWISE
        expected = BINARY_CROSS_ENTROPY(exact(y), exact(p))  # +inf for a confident wrong prediction
        assert relative_error(numeric.binary_cross_entropy(p, y), expected) <= POINTWISE


# ---------------------------------------------------------------- reductions (<= 1e-13)


def _check_reductions(p: np.ndarray, q: np.ndarray) -> None:
    assert relative_error(numeric.entropy(p), reference_sum(ENTROPY_TERM, p)) <= REDUCTION
    assert relative_error(numeric.cross_entropy(p, q), reference_sum(CROSS_ENTROPY_TERM, p, q)) <= REDUCTION
    assert relative_error(numeric.kl_divergence(p, q), reference_sum(KL_TERM, p, q)) <= REDUCTION


@pytest.mark.slow
@settings(max_examples=100)
@given(strategies.probability_pairs())
def test_reductions_against_mpmath(pair: tuple[np.ndarray, np.ndarray]) -> None:
    _check_reductions(*pair)


@pytest.mark.slow
@settings(max_examples=100)
@given(strategies.near_pairs())
def test_kl_divergence_of_near_pairs_against_mpmath(pair: tuple[np.ndarray, np.ndarray]) -> None:
    _check_reductions(*pair)


def _adversarial_pairs() -> list[tuple[str, np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(20240604)
    base = rng.dirichlet(np.ones(64))
    one_hot = np.array([1.0 - 3e-300, 1e-300, 1e-300, 1e-300])
    near_one_hot = np.array([1.0 - 1e-12, 5e-13, 5e-13, 0.0])
    tiny = np.array([1.0 - 2e-300, 1e-300, 1e-300])
    half = np.array([0.5, 0.5])
    return [
        ("KL ~ 1e-24", base, base * (1 + 1e-12 * rng.uniform(-1, 1, 64)) / np.sum(base * 1.0)),
        ("KL ~ 1e-24 exactly", half, np.array([0.5 + 2.0**-40, 0.5 - 2.0**-40])),
        ("p == q", base, base.copy()),
        ("near one-hot vs one-hot", near_one_hot, one_hot),
        ("entries 1e-300", tiny, tiny[::-1].copy()),
        ("zeros in p", np.array([0.0, 0.25, 0.75]), np.array([0.5, 0.25, 0.25])),
        ("zero in q", np.array([0.5, 0.5, 0.0]), np.array([0.0, 0.5, 0.5])),
        ("subnormal q", np.array([0.5, 0.5 - 1e-310, 1e-310]), np.array([0.5, 0.5 - 4e-320, 4e-320])),
        ("p ~ q to 1e-12", half, np.array([0.5 * (1 + 1e-12), 0.5 * (1 - 1e-12)])),
    ]


@pytest.mark.parametrize(("name", "p", "q"), _adversarial_pairs(), ids=[case[0] for case in _adversarial_pairs()])
def test_reductions_on_adversarial_pairs(name: str, p: np.ndarray, q: np.ndarray) -> None:
    q = q / q.sum() if name == "KL ~ 1e-24" else q
    _check_reductions(p, q)
    _check_reductions(q, p)


def test_kl_divergence_of_1e_24_is_accurate_where_summing_rel_entr_is_not() -> None:
    p = np.array([0.5, 0.5])
    q = np.array([0.5 + 2.0**-40, 0.5 - 2.0**-40])
    expected = reference_sum(KL_TERM, p, q)
    assert 1e-24 < float(expected) < 2e-24
    assert relative_error(numeric.kl_divergence(p, q), expected) <= 1e-15
    naive = float(np.sum(p * np.log(p / q)))  # the textbook sum cancels: its error is of the size of the value
    assert relative_error(naive, expected) > 1e-3


@pytest.mark.slow
def test_long_rows_go_through_the_chunked_path_accurately() -> None:
    rng = np.random.default_rng(7)
    p = rng.dirichlet(np.ones(20_000) * 0.3)
    q = rng.dirichlet(np.ones(20_000) * 0.3)
    _check_reductions(p, q)
    near = p * (1 + 1e-9 * rng.uniform(-1, 1, p.size))
    near /= near.sum()
    assert relative_error(numeric.kl_divergence(p, near), reference_sum(KL_TERM, p, near)) <= REDUCTION


# ---------------------------------------------------------------- softmax family (<= 1e-13)


def _check_softmax_row(reference: LogSoftmaxReference, z: np.ndarray, label: int, weights: np.ndarray) -> None:
    # |log(1 + s)| for s down to 1e-310 (smaller is below the floor) and the spread of the logits
    digits = REFERENCE_DIGITS + int(min(float(z.max() - z.min()) / NATS_PER_DIGIT, 320.0))
    with mpmath.workdps(digits):
        logs = reference(z.size)(*exact_all(z))
        assert_relative_error(numeric.log_softmax(z), logs, REDUCTION, "log_softmax")
        assert_relative_error(numeric.softmax(z), [mpmath.exp(value) for value in logs], REDUCTION, "softmax")
        assert relative_error(numeric.softmax_cross_entropy(z, label), -logs[label]) <= REDUCTION
        soft = mpmath.fsum(-exact(w) * value for w, value in zip(weights, logs, strict=True))
        assert relative_error(numeric.softmax_cross_entropy(z, weights), soft) <= REDUCTION


@pytest.mark.slow
@settings(max_examples=60)
@given(strategies.logit_rows(), st.data())
def test_softmax_family_against_mpmath(
    log_softmax_reference: LogSoftmaxReference, z: np.ndarray, data: st.DataObject
) -> None:
    label = data.draw(st.integers(0, z.size - 1))
    weights = data.draw(strategies.probability_vectors(min_size=z.size, max_size=z.size))
    _check_softmax_row(log_softmax_reference, z, label, weights)


@pytest.mark.parametrize(
    "row",
    [
        [0.0, -40.0, -40.0],  # a dominant class: log-probability -1.7e-17 (SciPy returns 0: scipy #19521)
        [0.0, -700.0],  # -1e-304, still a normal double
        [1e4, -1e4, 0.0],
        [-1e4, -1e4 + 1e-12],
        [3.0, 3.0, 3.0],  # ties
        [677.184424, -6103.92107, 27.9982603, -1.4e-287, -745.0],  # e^(z - m) near the underflow edge
    ],
)
def test_softmax_family_on_adversarial_rows(log_softmax_reference: LogSoftmaxReference, row: list[float]) -> None:
    z = np.array(row)
    _check_softmax_row(log_softmax_reference, z, int(np.argmin(z)), np.full(z.size, 1.0 / z.size))


def test_dominant_class_keeps_its_tiny_log_probability() -> None:
    value = numeric.log_softmax(np.array([0.0, -40.0, -40.0]))[0]
    assert value < 0
    assert math.isclose(value, -2 * math.exp(-40.0), rel_tol=1e-15)


# ---------------------------------------------------------------- fast paths equal the lambdified forms


@pytest.mark.parametrize("case", ["random", "near", "zeros", "tiny"])
def test_fused_reductions_equal_the_lambdified_stable_terms(case: str) -> None:
    rng = np.random.default_rng(3)
    p = rng.dirichlet(np.ones(5000))
    q = {
        "random": rng.dirichlet(np.ones(5000)),
        "near": p * (1 + 1e-8 * rng.uniform(-1, 1, 5000)),
        "zeros": np.where(rng.random(5000) < 0.2, 0.0, p),
        "tiny": np.where(rng.random(5000) < 0.2, 1e-300, p),
    }[case]
    q = q / q.sum()
    p = np.where(rng.random(5000) < 0.1, 0.0, p) if case == "zeros" else p
    p = p / p.sum()
    with np.errstate(all="ignore"):
        lambdified = {
            "entropy": float(np.sum(kernel("entropy_term")(p))),
            "cross": float(np.sum(kernel("cross_entropy_term")(p, q))),
            "kl": float(np.sum(kernel("kl_term")(p, q))),
        }
    assert math.isclose(numeric.entropy(p), lambdified["entropy"], rel_tol=1e-14)
    assert math.isclose(numeric.cross_entropy(p, q), lambdified["cross"], rel_tol=1e-14)
    assert math.isclose(numeric.kl_divergence(p, q), lambdified["kl"], rel_tol=1e-13)


def test_exact_kl_block_equals_the_lambdified_kernel_term_by_term() -> None:
    rng = np.random.default_rng(5)
    p = rng.dirichlet(np.ones(4000))
    q = np.concatenate([p[:1000] * (1 + 1e-3 * rng.uniform(-1, 1, 1000)), rng.dirichlet(np.ones(3000)) * 0.7])
    q[5], p[7], q[9] = 0.0, 0.0, 1e-320
    blocks = [p[None, :], q[None, :]]
    with np.errstate(all="ignore"):
        exact = _kl_block_exact(blocks[0], blocks[1], Scratch())[0]
        lambdified = float(row_sums(kernel("kl_term")(blocks[0], blocks[1]))[0])
        fused = _kl_block(blocks, Scratch())[0]
    assert math.isinf(exact) and math.isinf(lambdified) and math.isinf(fused)  # p > 0 where q = 0
    q[5] = 1e-3
    with np.errstate(all="ignore"):
        exact = _kl_block_exact(blocks[0], blocks[1], Scratch())[0]
        lambdified = float(row_sums(kernel("kl_term")(blocks[0], blocks[1]))[0])
    assert math.isclose(exact, lambdified, rel_tol=1e-15)


def test_fused_logistic_loss_is_bitwise_the_lambdified_form() -> None:
    rng = np.random.default_rng(11)
    z = np.concatenate([rng.normal(0, 30, 40_000), [0.0, -0.0, 800.0, -800.0]])
    y = np.concatenate([rng.random(40_000), [0.0, 1.0, 0.0, 1.0]])
    fused = numeric.binary_cross_entropy_with_logits(z, y, reduction="none")
    assert np.array_equal(fused, kernel("logistic_loss")(z, y))
