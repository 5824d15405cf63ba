"""``min(f, x) = m`` and ``max(f, x) = m``: ``f >= m`` everywhere (refutable at a point), and ``m`` reached.

A value reached at an exact point (a critical point or a closed end) and a bound that is proved give
*proved*; a value never reached (``f > m`` proved) refutes the claim without a point; otherwise the
verdict is at most *holds*, and says why. Counterexamples are re-checked here in mpmath at 50 digits.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import mpmath
import pytest

import symbolic_info as si
from symbolic_info.claims.connectives import claim_latex
from symbolic_info.claims.from_latex import latex_to_claim
from tests.claim_errors import assert_error_at

pytestmark = pytest.mark.slow

mpmath.mp.dps = 50


@pytest.mark.parametrize(
    ("claim", "point"),
    [
        ("min((x - a)**2 + b, x) = b", "x = a"),
        ("max(x*(1 - x), x) = 1/4", "x = 1/2"),
        ("min(x**4 - 2*x**2, x) = -1", "x = -1"),
        ("min(x, x) = 0 where x >= 0", "x = 0"),
    ],
)
def test_a_bound_reached_at_an_exact_point_is_proved(claim: str, point: str) -> None:
    verdict = si.check(claim)
    assert verdict.verdict == "proved", verdict.report()
    assert f"reached at {point} (exact)" in verdict.message


@pytest.mark.parametrize(
    "claim", ["min(exp(x), x) = 0", "min(x**2 + 1, x) = 0", "min(x, x) = 0 where x > 0", "max(x*(1 - x), x) = 1/3"]
)
def test_a_value_never_reached_is_refuted_by_a_proof(claim: str) -> None:
    verdict = si.check(claim)
    assert verdict.verdict == "refuted", verdict.report()
    assert verdict.counterexample is None and "the value is never reached" in verdict.message


def test_a_point_below_the_claimed_minimum_refutes() -> None:
    verdict = si.check("min(x**2 - 2*x, x) = 0")
    assert verdict.verdict == "refuted" and verdict.counterexample is not None, verdict.report()
    x = mpmath.mpf(verdict.counterexample["variables"]["x"])
    assert x**2 - 2 * x < 0


@pytest.mark.parametrize(
    ("claim", "point"),
    [("min(KL(p, q), q) = 0", "q = p"), ("max(H(p), p) = log(n)", "p uniform"), ("min(H(p, q), q) = H(p)", "q = p")],
)
def test_a_value_over_vectors_reached_at_another_vector_or_the_uniform_one_is_proved(claim: str, point: str) -> None:
    verdict = si.check(claim)
    assert verdict.verdict == "proved", verdict.report()
    assert f"reached at {point} (exact)" in verdict.message


def test_a_value_over_vectors_not_shown_reached_at_most_holds() -> None:
    verdict = si.check("min(H(p), p) = 0")  # reached at a vertex of the simplex, which is not tried
    assert verdict.verdict == "holds", verdict.report()
    assert "that the value is reached is not established" in verdict.message


@pytest.mark.parametrize(
    ("claim", "column", "fragment"),
    [
        ("min(x**2, x) = x", 16, "cannot use x"),
        ("min(x**2, x) + 1 = 1", 1, "a whole side of one equation"),
        ("min(KL(p, q), q) = q[1]", 20, "cannot use q"),
    ],
)
def test_malformed_values_are_errors(claim: str, column: int, fragment: str) -> None:
    assert_error_at(claim, column, fragment)


def test_latex_both_ways() -> None:
    assert claim_latex("max(x*(1 - x), x) = 1/4") == r"\max_{x} x \left(1 - x\right) = \frac{1}{4}"
    assert latex_to_claim(r"\min_{x} \left(\left(x - a\right)^{2} + b\right) = b") == "min(((x - a)**(2) + b), x) = b"


_Real = Callable[[mpmath.mpf], Any]


@pytest.mark.parametrize(
    ("claim", "function", "value", "domain", "excluded", "inside"),
    [
        # the claim, f, m, its conditions, the critical point where f = m that a condition excludes, and a
        # point of the domain where f is not m
        ("min(x**2, x) = 0 where abs(x) >= 1", lambda x: x**2, 0, lambda x: abs(x) >= 1, 0, 1),
        ("min(x**2 - 2*x, x) = -1 where abs(x - 1) >= 1", lambda x: x**2 - 2 * x, -1, lambda x: abs(x - 1) >= 1, 1, 2),
        (
            "max(x*(1 - x), x) = 1/4 where abs(x - 1/2) >= 1/10",
            lambda x: x * (1 - x),
            mpmath.mpf(1) / 4,
            lambda x: abs(x - mpmath.mpf(1) / 2) >= mpmath.mpf(1) / 10,
            mpmath.mpf(1) / 2,
            mpmath.mpf(3) / 10,
        ),
        ("min(x**2, x) = 0 where x != 0", lambda x: x**2, 0, lambda x: x != 0, 0, mpmath.mpf("1e-3")),
        ("min(x + 1/x, x) = 2 where x > 0, x != 1", lambda x: x + 1 / x, 2, lambda x: x > 0 and x != 1, 1, 2),
    ],
)
def test_a_value_reached_only_outside_the_conditions_is_not_proved(
    claim: str, function: _Real, value: object, domain: _Real, excluded: object, inside: object
) -> None:
    """Once "proved": the value is reached at a critical point the other conditions exclude (found by a red team).

    The oracle (mpmath): at ``excluded`` ``f = m`` but a condition fails; at ``inside`` the conditions hold.
    """
    verdict = si.check(claim)
    assert verdict.verdict in ("holds", "refuted"), verdict.report()
    assert "reached at" not in verdict.message
    x, y = mpmath.mpf(excluded), mpmath.mpf(inside)
    assert function(x) == value and not domain(x)
    assert domain(y) and function(y) != value
