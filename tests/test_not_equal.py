"""``a != b``: proved as a strict inequality, refuted where the sides are equal, exactly or where they cross.

The crossings are checked against the textbook roots computed with mpmath (``sigmoid(z) = 7/10`` at
``z = log(7/3)``, ``x**2 = 2`` at ``sqrt(2)``); a change of order across a pole (``1/x``) or a jump
must never refute.
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


@pytest.mark.parametrize("claim", ["sigmoid(z) != 1", "x**2 + 1 != 0", "x != 1 where x > 2", "exp(x) != 0"])
def test_sides_that_are_never_equal_are_proved(claim: str) -> None:
    verdict = si.check(claim)
    assert verdict.verdict == "proved", verdict.report()


@pytest.mark.parametrize(
    ("claim", "name", "expected"),
    [("KL(p, q) != 0", "p", None), ("sigmoid(z) != 1/2", "z", "0"), ("log(x) != x - 1 where x > 0", "x", "1")],
)
def test_sides_equal_at_a_drawn_point_are_refuted_there(claim: str, name: str, expected: str | None) -> None:
    verdict = si.check(claim)
    assert verdict.verdict == "refuted" and verdict.counterexample is not None, verdict.report()
    variables = verdict.counterexample["variables"]
    if expected is None:
        assert variables["p"] == variables["q"]
    else:
        assert variables[name] == expected


@pytest.mark.parametrize(
    ("claim", "name", "root"),
    [
        ("sigmoid(z) != 7/10", "z", lambda: mpmath.log(mpmath.mpf(7) / 3)),
        ("x**2 != 2 where x > 0", "x", lambda: mpmath.sqrt(2)),
        ("exp(t) != 3", "t", lambda: mpmath.log(3)),
    ],
)
def test_sides_that_cross_are_refuted_next_to_the_crossing(claim: str, name: str, root: object) -> None:
    verdict = si.check(claim)
    assert verdict.verdict == "refuted", verdict.report()
    assert verdict.counterexample is not None
    assert "intermediate value theorem" in verdict.message
    with mpmath.workdps(50):
        shown = mpmath.mpf(verdict.counterexample["variables"][name])
        assert abs(shown - root()) < mpmath.mpf(10) ** -25  # type: ignore[operator]


@pytest.mark.parametrize("claim", ["1/x != 0 where x != 0", "exp(x) != 1 + x where x > 0"])
def test_a_change_of_order_across_a_pole_or_none_at_all_is_not_a_refutation(claim: str) -> None:
    verdict = si.check(claim)
    assert verdict.verdict in ("holds", "proved"), verdict.report()
    if verdict.verdict == "holds":
        assert "touch without crossing" in verdict.message  # what the search cannot see, said


def test_a_jump_is_not_a_crossing() -> None:
    """``d|x|/dx = sign(x)`` jumps from -1 to 1 at 0: it is never 1/2, and must not be refuted."""
    verdict = si.check("diff(abs(x), x) != 1/2")
    assert verdict.verdict in ("holds", "proved"), verdict.report()


def test_a_condition_with_not_equal_leaves_out_its_points() -> None:
    assert si.check("x/x = 1 where x != 0").verdict == "proved"
    assert si.check("hessian(logsumexp(z), z)[j, k] = -softmax(z)[j]*softmax(z)[k] where j != k").verdict in (
        "proved",
        "holds",
    )


@pytest.mark.parametrize(
    ("claim", "column", "message"),
    [
        ("x != 1 != 2", 1, "'!=' cannot be chained with other relations"),
        ("x ! 1", 3, "'!' is not allowed: write '!=' for 'not equal'"),
    ],
)
def test_malformed_not_equal_is_an_error(claim: str, column: int, message: str) -> None:
    assert_error_at(claim, column, message)


def test_not_equal_in_latex_and_unicode() -> None:
    assert render_claim(parse_claim("KL(p, q) != 0")) == r"D\left(p \,\middle\|\, q\right) \neq 0"
    assert latex_to_claim(r"D(p \| q) \neq 0") == "KL(p, q) != 0"
    assert latex_to_claim(r"x \ne 1") == "x != 1"
    assert si.check("x ≠ 1 where x > 2").verdict == "proved"
