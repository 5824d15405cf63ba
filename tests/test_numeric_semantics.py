"""Semantics of symbolic_info.numeric: conventions, infinities, errors, broadcasting, axes, scalars, dtypes.

Expected values are hand-derived (0 log 0 = 0, log 2, ...) or come from SciPy as an independent oracle.
"""

from __future__ import annotations

import math
import re

import mpmath
import numpy as np
import pytest

from symbolic_info import numeric
from symbolic_info.errors import InvalidArgumentError, InvalidProbabilityError, SymbolicInfoError

from .conftest import require
from .crosscheck import ORACLE_DIGITS, exact

try:
    import scipy.special
    import scipy.stats
except ImportError:  # pragma: no cover - scipy is in the test extra
    scipy = None

LOG2 = math.log(2.0)


# ---------------------------------------------------------------- conventions


def test_zero_log_zero_is_zero() -> None:
    assert numeric.entropy([1.0, 0.0]) == 0.0
    assert numeric.cross_entropy([1.0, 0.0], [1.0, 0.0]) == 0.0
    assert numeric.kl_divergence([1.0, 0.0], [1.0, 0.0]) == 0.0
    assert numeric.binary_entropy(0.0) == 0.0 and numeric.binary_entropy(1.0) == 0.0
    assert numeric.binary_cross_entropy(1.0, 1.0) == 0.0 and numeric.binary_cross_entropy(0.0, 0.0) == 0.0
    assert numeric.kl_divergence([0.0, 1.0], [0.5, 0.5]) == LOG2  # 0 log(0/q) = 0, the generalised term is q


def test_positive_p_where_q_is_zero_gives_plus_infinity() -> None:
    assert numeric.cross_entropy([0.5, 0.5], [1.0, 0.0]) == math.inf
    assert numeric.kl_divergence([0.5, 0.5], [1.0, 0.0]) == math.inf
    assert numeric.binary_cross_entropy(1.0, 0.0) == math.inf
    assert numeric.binary_cross_entropy(1.0, 0.25) == math.inf  # prediction 1, label 0.25


def test_hand_derived_values() -> None:
    assert numeric.entropy(np.full(8, 0.125), base=2) == 3.0
    assert numeric.cross_entropy([1.0, 0.0], [0.25, 0.75], base=2) == 2.0
    assert math.isclose(numeric.kl_divergence([0.5, 0.5], [0.25, 0.75]), 0.5 * math.log(2) + 0.5 * math.log(2 / 3))
    assert numeric.binary_entropy(0.5) == LOG2
    assert numeric.sigmoid(0.0) == 0.5
    assert numeric.log_sigmoid(0.0) == -LOG2
    assert numeric.binary_cross_entropy_with_logits(0.0, 0.3) == LOG2
    assert np.allclose(numeric.softmax([0.0, math.log(3.0)]), [0.25, 0.75], rtol=1e-15)


def test_kl_divergence_is_never_negative_and_zero_exactly_when_p_equals_q() -> None:
    rng = np.random.default_rng(1)
    p = rng.dirichlet(np.ones(50), size=2000)
    q = p * (1 + 1e-13 * rng.uniform(-1, 1, p.shape))
    q /= q.sum(axis=1, keepdims=True)
    divergences = numeric.kl_divergence(p, q)
    assert divergences.shape == (2000,)
    assert np.all(divergences >= 0) and np.all(divergences > 0)
    assert np.all(numeric.kl_divergence(p, p) == 0.0)
    if scipy is not None:  # the summed rel_entr comes out negative for many of the same pairs
        assert np.sum(scipy.special.rel_entr(p, q).sum(axis=1) < 0) > 100


def test_kl_divergence_is_the_generalised_form_off_the_simplex() -> None:
    p, q = np.array([0.6, 0.4]), np.array([0.6, 0.4 + 5e-7])  # q sums to 1 + 5e-7, within the tolerance
    with mpmath.workdps(ORACLE_DIGITS):
        a, b = exact(0.4), exact(q[1])
        expected = float(a * mpmath.log(a / b) - a + b)  # about 3.1e-13, where sum p log(p/q) is about -5e-7
    assert math.isclose(numeric.kl_divergence(p, q), expected, rel_tol=1e-14)


def test_agrees_with_scipy_on_ordinary_input() -> None:
    require(scipy is not None, "scipy is not installed")
    rng = np.random.default_rng(2)
    p, q = rng.dirichlet(np.ones(100)), rng.dirichlet(np.ones(100))
    z = rng.normal(0, 3, (7, 100))
    assert math.isclose(numeric.entropy(p, base=2), scipy.stats.entropy(p, base=2), rel_tol=1e-13)
    assert math.isclose(numeric.kl_divergence(p, q), scipy.stats.entropy(p, q), rel_tol=1e-12)
    assert np.allclose(numeric.log_softmax(z, axis=0), scipy.special.log_softmax(z, axis=0), rtol=1e-13)
    assert np.allclose(numeric.sigmoid(z), scipy.special.expit(z), rtol=1e-15)
    assert np.allclose(numeric.log_sigmoid(z), scipy.special.log_expit(z), rtol=1e-14)


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: numeric.entropy([0.5, -0.1, 0.6]), "negative entry"),
        (lambda: numeric.entropy([0.5, math.nan, 0.5]), "non-finite"),
        (lambda: numeric.entropy([0.5, math.inf]), "non-finite"),
        (lambda: numeric.entropy([0.2, 0.2]), "sums to 0.4"),  # no silent renormalisation (scipy #12553)
        (lambda: numeric.entropy([]), "empty"),
        (lambda: numeric.cross_entropy([0.5, 0.5], [-0.5, 1.5]), "negative entry"),
        (lambda: numeric.cross_entropy([-0.5, 1.5], [0.5, 0.5]), "negative entry"),
        (lambda: numeric.kl_divergence([-0.5, 1.5], [-0.5, 1.5]), "negative entry"),
        (lambda: numeric.kl_divergence([0.0, 1.0], [-0.5, 1.5]), "negative entry"),
        (lambda: numeric.kl_divergence(np.ones(20_000) / 10_000, np.ones(20_000) / 20_000), "sums to 2"),
        (lambda: numeric.binary_entropy(1.5), "not in [0, 1]"),
        (lambda: numeric.binary_cross_entropy([0.5], [math.nan]), "non-finite"),
        (lambda: numeric.binary_cross_entropy_with_logits(1.0, -0.1), "not in [0, 1]"),
    ],
)
def test_bad_probabilities_raise_invalid_probability_error(call: object, message: str) -> None:
    with pytest.raises(InvalidProbabilityError, match=re.escape(message)):
        call()  # type: ignore[operator]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: numeric.cross_entropy([0.5, 0.5], [0.2, 0.3, 0.5]), "do not broadcast"),
        (lambda: numeric.binary_cross_entropy_with_logits([1.0, 2.0], [0.0, 1.0, 1.0]), "do not broadcast"),
        (lambda: numeric.entropy(0.5), "at least one dimension"),
        (lambda: numeric.entropy([0.5, 0.5], axis=1), "out of range"),
        (lambda: numeric.entropy([0.5, 0.5], base=1), "base"),
        (lambda: numeric.entropy([0.5, 0.5], base=-2.0), "base"),
        (lambda: numeric.entropy([True, False]), "real numbers"),
        (lambda: numeric.sigmoid([1j]), "real numbers"),
        (lambda: numeric.sigmoid("0.5"), "real numbers"),
        (lambda: numeric.sigmoid([math.inf]), "non-finite"),
        (lambda: numeric.log_softmax([0.0, math.nan]), "non-finite"),
        (lambda: numeric.softmax_cross_entropy([[0.0, 1.0]], [2]), "out of range"),
        (lambda: numeric.softmax_cross_entropy([[0.0, 1.0]], [-1]), "out of range"),
        (lambda: numeric.softmax_cross_entropy([[0.0, 1.0]], [0, 1]), "one per row"),
        (lambda: numeric.softmax_cross_entropy([0.0, 1.0], [[0.5, 0.5], [0.5, 0.5]]), "do not fit"),
    ],
)
def test_bad_arguments_raise_invalid_argument_error(call: object, message: str) -> None:
    with pytest.raises(InvalidArgumentError, match=re.escape(message)) as raised:
        call()  # type: ignore[operator]
    assert isinstance(raised.value, ValueError) and isinstance(raised.value, SymbolicInfoError)


def test_probability_labels_are_checked() -> None:
    with pytest.raises(InvalidProbabilityError, match="sums to"):
        numeric.softmax_cross_entropy([[0.0, 1.0]], [[0.5, 0.6]])


def test_sum_tolerance_is_as_documented() -> None:
    assert numeric.SUM_TOLERANCE == 1e-6
    numeric.entropy([0.5, 0.5 + 0.9e-6])
    with pytest.raises(InvalidProbabilityError):
        numeric.entropy([0.5, 0.5 + 1.1e-6])


# ---------------------------------------------------------------- shapes, axes, scalars, dtypes


def test_broadcasting_and_axis() -> None:
    rng = np.random.default_rng(4)
    p = rng.dirichlet(np.ones(3))
    q = rng.dirichlet(np.ones(3), size=4)
    row_by_row = [numeric.cross_entropy(p, row) for row in q]
    assert np.array_equal(numeric.cross_entropy(p, q), row_by_row)
    assert np.array_equal(numeric.kl_divergence(q.T, p[:, None], axis=0), [numeric.kl_divergence(r, p) for r in q])
    cube = rng.dirichlet(np.ones(5), size=(2, 3))
    assert numeric.entropy(cube).shape == (2, 3)
    assert np.allclose(numeric.entropy(np.moveaxis(cube, 2, 0), axis=0), numeric.entropy(cube), rtol=1e-15)
    z = rng.normal(size=(3, 1))
    y = rng.random((1, 4))
    assert numeric.binary_cross_entropy_with_logits(z, y, reduction="none").shape == (3, 4)


def test_softmax_keeps_the_shape_and_normalises_along_the_axis() -> None:
    z = np.random.default_rng(5).normal(0, 10, (4, 6, 3))
    for axis in (0, 1, -1):
        probabilities = numeric.softmax(z, axis=axis)
        assert probabilities.shape == z.shape
        assert np.allclose(probabilities.sum(axis=axis), 1.0, rtol=0, atol=1e-15)
        assert np.allclose(np.exp(numeric.log_softmax(z, axis=axis)), probabilities, rtol=1e-14)


def test_softmax_cross_entropy_labels_as_indices_or_rows_and_mean_over_rows() -> None:
    rng = np.random.default_rng(6)
    z = rng.normal(0, 3, (50, 7))
    labels = rng.integers(0, 7, 50)
    one_hot = np.eye(7)[labels]
    by_index = numeric.softmax_cross_entropy(z, labels)
    assert math.isclose(by_index, numeric.softmax_cross_entropy(z, one_hot), rel_tol=1e-14)
    per_row = [-numeric.log_softmax(row)[label] for row, label in zip(z, labels, strict=True)]
    assert math.isclose(by_index, float(np.mean(per_row)), rel_tol=1e-14)
    assert math.isclose(numeric.softmax_cross_entropy(z.T, labels, axis=0), by_index, rel_tol=1e-14)


def test_scalars_give_scalars_and_float64_or_integers_give_float64() -> None:
    for value in (
        numeric.sigmoid(1.0),
        numeric.log_sigmoid(np.float64(1.0)),
        numeric.binary_entropy(0.25),
        numeric.binary_cross_entropy(1, 0.5),
        numeric.binary_cross_entropy_with_logits(2, 1),
        numeric.entropy([1, 0]),
        numeric.cross_entropy([1, 0], [0.5, 0.5]),
        numeric.kl_divergence([1, 0], [0.5, 0.5]),
        numeric.softmax_cross_entropy([1.0, 2.0], 0),
    ):
        assert isinstance(value, np.float64)
    assert numeric.sigmoid(np.arange(3, dtype=np.int32)).dtype == np.float64
    assert numeric.log_softmax(np.array([1.0, 2.0], dtype=np.float32)).dtype == np.float32  # the dtype is kept
    assert isinstance(numeric.log_sigmoid(np.float16(1.0)), np.float16)
