"""``integrate(f, x, a, b)`` in claims: the value SymPy's integration gives at translation (issue 15).

Expected values are textbook integrals written by hand; mpmath's quadrature is the oracle for a
refuted claim's side.
"""

from __future__ import annotations

import mpmath
import pytest

import symbolic_info as si
from symbolic_info.claims.from_latex import latex_to_claim
from symbolic_info.claims.render import render_claim
from symbolic_info.claims.syntax import parse_claim

from .claim_errors import assert_error_at

pytestmark = pytest.mark.slow  # these check claims: a second or so each (the quick loop leaves them out)


@pytest.mark.parametrize(
    "claim",
    [
        "integrate(x**2, x, 0, 1) = 1/3",
        "integrate(exp(-x), x, 0, oo) = 1",
        "integrate(exp(-x**2/2), x, -oo, oo) = sqrt(2*pi)",
        "integrate(x, x, 0, a) = a**2/2",
        "integrate(2*exp(-2*t), t, 0, oo) = 1",
    ],
)
def test_textbook_integrals_are_proved(claim: str) -> None:
    verdict = si.check(claim)
    assert verdict.verdict == "proved", verdict.report()


def test_a_wrong_integral_is_refuted_with_the_value_quadrature_gives() -> None:
    verdict = si.check("integrate(exp(-x**2), x, 0, oo) = 1")
    assert verdict.verdict == "refuted" and verdict.counterexample is not None, verdict.report()
    with mpmath.workdps(40):
        expected = mpmath.quad(lambda x: mpmath.exp(-(x**2)), [0, mpmath.inf])
        assert abs(mpmath.mpf(verdict.counterexample["left"]) - expected) < mpmath.mpf(10) ** -30


def test_a_divergent_integral_is_an_infinite_side() -> None:
    verdict = si.check("integrate(1/x, x, 0, 1) = 1")
    assert verdict.verdict == "refuted" and verdict.counterexample is not None, verdict.report()
    assert verdict.counterexample["left"] == "+inf"


@pytest.mark.parametrize(
    ("claim", "column", "message"),
    [
        ("integrate(x, x, 0, 1) + x = 1", 25, "'x' is a variable of integration: use it inside integrate(...)"),
        ("integrate(x, x, x, 1) = 0", 17, "the bounds of an integral cannot depend on its variable x"),
        ("integrate(x, 2, 0, 1) = 0", 14, "the second argument of integrate is its variable"),
        ("integrate(x, x, 0) = 0", 1, "integrate takes 4 argument(s), got 3"),
        ("integrate(exp(-a*t), t, 0, oo) = 1/a where a > 0", 1, "holds only under a condition on the parameters"),
    ],
)
def test_misused_integrals_are_errors_with_a_column(claim: str, column: int, message: str) -> None:
    assert_error_at(claim, column, message)


def test_integrals_in_latex() -> None:
    assert render_claim(parse_claim("integrate(x**2, x, 0, 1) = 1/3")) == r"\int_{0}^{1} x^{2} \, dx = \frac{1}{3}"
    assert latex_to_claim(r"\int_0^\infty \lambda e^{-\lambda x} dx = 1") == "integrate(lam*e**(-lam*x), x, 0, oo) = 1"
    assert latex_to_claim(r"\int_{0}^{1} t \, d t = 1") == "integrate(t, t, 0, 1) = 1"
