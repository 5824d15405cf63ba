"""The symbolic definitions: conventions, bases, errors, and values against independent oracles."""

from __future__ import annotations

import math

import mpmath
import pytest
import sympy as sp
from scipy import stats

from symbolic_info.errors import InvalidArgumentError, InvalidProbabilityError, SymbolicInfoError
from symbolic_info.formulas import definitions as d
from symbolic_info.formulas.special import xlogy
from symbolic_info.formulas.vectors import Categories, Vector

from .crosscheck import ORACLE_DIGITS


def test_zero_log_zero_is_zero_not_nan() -> None:
    assert sp.Integer(0) * sp.log(0) is sp.nan  # the pitfall the convention avoids
    assert xlogy(0, 0) == 0
    assert d.entropy([1, 0, 0]) == 0
    assert d.cross_entropy([1, 0], [sp.Rational(1, 3), sp.Rational(2, 3)]) == sp.log(3)


def test_support_mismatch_gives_plus_infinity() -> None:
    assert d.cross_entropy([1, 0], [0, 1]) is sp.oo
    assert d.kl_divergence([1, 0], [0, 1]) is sp.oo
    assert d.kl_divergence([0, 1], [sp.Rational(1, 2), sp.Rational(1, 2)]) == sp.log(2)


@pytest.mark.parametrize(
    ("p", "base", "expected"),
    [
        ([0.25, 0.25, 0.25, 0.25], 2, 2.0),
        ([0.5, 0.5], 2, 1.0),
        ([0.25, 0.25, 0.25, 0.25], 10, math.log10(4)),
        ([0.9, 0.05, 0.02, 0.03], None, float(stats.entropy([0.9, 0.05, 0.02, 0.03]))),
        ([0.45, 0.45, 0.1], 2, float(stats.entropy([0.45, 0.45, 0.1], base=2))),
    ],
)
def test_entropy_values_match_scipy(p: list[float], base: int | None, expected: float) -> None:
    assert float(d.entropy(p, base=base)) == pytest.approx(expected, rel=1e-14)


def test_floats_are_read_as_their_decimal() -> None:
    assert d.entropy([0.5, 0.5]) == sp.log(2)
    assert d.as_exact(0.1) == sp.Rational(1, 10)


@pytest.mark.slow
def test_kl_is_cross_entropy_minus_entropy_at_fifty_digits() -> None:
    p, q = (
        [sp.Rational(1, 2), sp.Rational(1, 3), sp.Rational(1, 6)],
        [sp.Rational(1, 5), sp.Rational(3, 5), sp.Rational(1, 5)],
    )
    with mpmath.workdps(ORACLE_DIGITS):
        expected = mpmath.fsum(
            mpmath.mpf(pi) * mpmath.log(mpmath.mpf(pi) / mpmath.mpf(qi))
            for pi, qi in (
                (mpmath.mpf(1) / 2, mpmath.mpf(1) / 5),
                (mpmath.mpf(1) / 3, mpmath.mpf(3) / 5),
                (mpmath.mpf(1) / 6, mpmath.mpf(1) / 5),
            )
        )
        assert abs(sp.N(d.kl_divergence(p, q), ORACLE_DIGITS) - expected) < mpmath.mpf(10) ** -45
    assert sp.simplify(d.kl_divergence(p, q) - (d.cross_entropy(p, q) - d.entropy(p))) == 0


def test_general_n_definitions_are_sums_over_the_categories() -> None:
    cats = Categories.general()
    p, q = Vector("p", cats), Vector("q", cats)
    i, n = cats.index, cats.n
    assert d.entropy(p) == -sp.Sum(p[i] * sp.log(p[i]), (i, 1, n))
    assert d.cross_entropy(p, q) == -sp.Sum(p[i] * sp.log(q[i]), (i, 1, n))
    assert d.kl_divergence(p, q, base=2) == sp.Sum(p[i] * sp.log(p[i] / q[i]), (i, 1, n)) / sp.log(2)


def test_information_content_in_bits_nats_and_dits() -> None:
    assert d.information_content(sp.Rational(1, 8), base=2) == 3
    assert d.information_content(sp.Rational(1, 100), base=10) == 2
    assert d.information_content(sp.exp(-3)) == 3


def test_sigmoid_and_softmax() -> None:
    z = sp.Symbol("z", real=True)
    assert sp.simplify(d.sigmoid(z) + d.sigmoid(-z) - 1) == 0
    assert sp.simplify(d.softmax([0, sp.log(3)], 2) - sp.Rational(3, 4)) == 0


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: d.entropy([0.5, 0.6]), InvalidProbabilityError),
        (lambda: d.entropy([-0.5, 1.5]), InvalidProbabilityError),
        (lambda: d.entropy([]), InvalidProbabilityError),
        (lambda: d.cross_entropy([0.5, 0.5], [1.0]), InvalidProbabilityError),
        (lambda: d.entropy([0.5, 0.5], base=1), InvalidArgumentError),
        (lambda: d.entropy([0.5, 0.5], base=-2), InvalidArgumentError),
        (lambda: d.entropy("ab"), InvalidArgumentError),
        (lambda: d.entropy([float("nan"), 1.0]), InvalidArgumentError),
        (lambda: d.softmax([1, 2], 3), InvalidArgumentError),
        (lambda: Categories.explicit(0), InvalidArgumentError),
    ],
)
def test_bad_input_gets_a_package_error(call: object, error: type[Exception]) -> None:
    with pytest.raises(error) as caught:
        call()  # type: ignore[operator]
    assert isinstance(caught.value, SymbolicInfoError) and isinstance(caught.value, ValueError)
