"""Counterexamples in dips too narrow for random points are found by the local descents.

Each false claim fails only on a small interval (its width is given); the reported counterexample is
re-checked here with the formula written out in mpmath at 60 digits, never with the checker's evaluator.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

import mpmath
import pytest

from symbolic_info import check
from symbolic_info.claims.point_check import PointChecker
from symbolic_info.claims.refine import MAX_EVALUATIONS, STARTS, applies, descend, nearest_to_failing
from symbolic_info.claims.sampling import Point
from symbolic_info.claims.syntax import parse_claim
from symbolic_info.claims.translate import translate

Fails = Callable[[dict[str, Any]], bool]  # the counterexample's values -> whether the claim fails there


def _number(text: str) -> Any:
    exact = Fraction(text)
    return mpmath.mpf(exact.numerator) / exact.denominator


NARROW = [
    # x^3 - x has its minimum -2/(3 sqrt 3) = -0.3849001795 at 1/sqrt 3: fails for |x - 0.57735| < 3.2e-4
    ("x**3 - x >= -0.3849 where x > 0", lambda v: v["x"] ** 3 - v["x"] < mpmath.mpf("-0.3849")),
    # x e^(-x) has its maximum 1/e = 0.36787944 at 1: fails for |x - 1| < 1.4e-3
    ("x*exp(-x) <= 0.367878 where x > 0", lambda v: v["x"] * mpmath.exp(-v["x"]) > mpmath.mpf("0.367878")),
    # in two variables: 1e-10 above the minimum 0 only near x = y = 1.0001
    (
        "(x - y)**2 + (x - 1.0001)**2 >= 1e-10 where x > 0, y > 0",
        lambda v: (v["x"] - v["y"]) ** 2 + (v["x"] - mpmath.mpf("1.0001")) ** 2 < mpmath.mpf("1e-10"),
    ),
    # log(1 + x) - x + x^2/2 - x^3/3 is below -1e-7 only for x in a thin band below 0
    (
        "log(1 + x) >= x - x**2/2 + x**3/3 - 1e-9 where -0.5 < x < 0.5",
        lambda v: mpmath.log(1 + v["x"]) < v["x"] - v["x"] ** 2 / 2 + v["x"] ** 3 / 3 - mpmath.mpf("1e-9"),
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(("claim", "fails"), NARROW, ids=[claim for claim, _ in NARROW])
def test_a_claim_false_only_in_a_narrow_dip_is_refuted(claim: str, fails: Fails) -> None:
    verdict = check(claim)
    assert verdict.verdict == "refuted", verdict.message
    assert verdict.counterexample is not None
    values = {name: _number(text) for name, text in verdict.counterexample["variables"].items()}
    with mpmath.workdps(60):
        assert fails(values), (claim, values)


TRUE_NEAR_THE_EDGE = [
    "x**3 - x >= -0.38491 where x > 0",  # the minimum is -0.3849002 > -0.38491
    "x*exp(-x) <= 0.3679 where x > 0",  # the maximum is 0.36787944 < 0.3679
    "(x - y)**2 + (x - 1.0001)**2 >= 0 where x > 0, y > 0",
]


@pytest.mark.slow
@pytest.mark.parametrize("claim", TRUE_NEAR_THE_EDGE)
def test_a_true_claim_close_to_failing_is_never_refuted(claim: str) -> None:
    verdict = check(claim)
    assert verdict.verdict in ("proved", "holds"), verdict.message


@pytest.mark.slow
def test_a_holds_verdict_says_how_many_descents_were_made() -> None:
    """Four variables (beyond the interval certificates): the claim only holds, after the descents."""
    claim = "x*exp(-x) + y*exp(-y) + z*exp(-z) + w*exp(-w) <= 1.5 where x > 0, y > 0, z > 0, w > 0"  # max 4/e
    verdict = check(claim)
    assert verdict.verdict == "holds", verdict.message
    assert f"{STARTS} local descents from the points nearest to failing" in verdict.message
    assert verdict.searched is not None and verdict.searched["descents"] == STARTS


@pytest.mark.slow
def test_a_proved_claim_costs_no_descent() -> None:
    verdict = check("x**2 + 1 >= 2*x")
    assert verdict.verdict == "proved" and verdict.searched is not None and verdict.searched["descents"] == 0


def test_the_descents_apply_to_inequalities_in_real_variables_only() -> None:
    assert applies(translate(parse_claim("x**2 >= 0")))
    assert not applies(translate(parse_claim("x**2 = x*x")))  # no inequality to walk down on
    assert not applies(translate(parse_claim("H(p) <= log(n)")))  # vectors: the structured phase covers them


@pytest.mark.slow
def test_a_descent_stays_inside_the_domain_and_its_budget() -> None:
    checker = PointChecker(translate(parse_claim("sqrt(x) >= x - 0.25 where 0 < x < 1")))
    starts = nearest_to_failing(checker, [Point({}, {"x": Fraction(k, 10)}, None) for k in range(1, 10)])
    assert len(starts) == STARTS
    ends = list(descend(checker, starts))
    assert len(ends) == STARTS
    assert all(0 < end.values["x"] < 1 for end in ends)
    assert MAX_EVALUATIONS <= 5000  # the phase is bounded by a count, not by time


@pytest.mark.slow
def test_a_limit_of_values_that_are_not_real_refutes_nothing() -> None:
    """log(x) -> oo as x -> -oo in SymPy, but log(x) is not real there: no refutation in that limit."""
    verdict = check("log(x) <= x - 1")
    assert verdict.verdict != "refuted", verdict.message
