"""``A implies B`` and ``A iff B``: each direction is the claim ``B where A`` (issue 15).

A refutation must be a point where the premise holds and the conclusion does not; the counterexamples
are checked here by evaluating both relations with mpmath at the point reported.
"""

from __future__ import annotations

import mpmath
import pytest

import symbolic_info as si
from symbolic_info.claims.connectives import split_connective
from symbolic_info.claims.from_latex import latex_to_claim

from .claim_errors import assert_error_at

pytestmark = pytest.mark.slow  # these check claims: a second or so each (the quick loop leaves them out)


@pytest.mark.parametrize(
    "claim",
    ["x > 1 implies log(x) > 0", "x > 2 iff 2 < x", "x > 1 implies log(x) < x - 1 where x < 10"],
)
def test_implications_and_equivalences_that_are_true_are_proved(claim: str) -> None:
    verdict = si.check(claim)
    assert verdict.verdict == "proved", verdict.report()


def test_an_equivalence_with_a_direction_not_proved_holds_and_says_which() -> None:
    verdict = si.check("x > 0 iff exp(x) > 1")
    assert verdict.verdict in ("proved", "holds"), verdict.report()
    assert "'x > 0 implies exp(x) > 1'" in verdict.message and "'exp(x) > 1 implies x > 0'" in verdict.message


@pytest.mark.parametrize(
    ("claim", "premise", "conclusion"),
    [
        ("x > 0 iff x**2 > 0", lambda x: x**2 > 0, lambda x: x > 0),
        ("x > 1 implies log(x) > 1", lambda x: x > 1, lambda x: mpmath.log(x) > 1),
        ("x**2 < 4 implies x < 1", lambda x: x**2 < 4, lambda x: x < 1),
    ],
)
def test_a_false_direction_is_refuted_where_its_premise_holds_and_its_conclusion_fails(
    claim: str, premise: object, conclusion: object
) -> None:
    verdict = si.check(claim)
    assert verdict.verdict == "refuted" and verdict.counterexample is not None, verdict.report()
    x = mpmath.mpf(verdict.counterexample["variables"]["x"])
    assert premise(x) and not conclusion(x)  # type: ignore[operator]
    assert "fails" in verdict.message


@pytest.mark.parametrize(
    ("claim", "column", "message"),
    [
        ("x > 1 iff", 10, "a relation is missing on one side of 'iff'"),
        ("x > 1 implies y > 1 implies z > 0", 21, "a claim has one 'iff' or 'implies'"),
        ("x > 1 implies log(x, 2, 3) > 0", 15, "log takes 1 or 2 argument(s), got 3"),
        # vectors compared whole, with no condition that pins them down: the error says what to write
        ("x > 0 implies p = softmax(z)", 15, "not supported: a relation between whole vectors, such as p = q"),
    ],
)
def test_malformed_connectives_are_errors_with_a_column_in_the_claim_as_typed(
    claim: str, column: int, message: str
) -> None:
    assert_error_at(claim, column, message)


def test_a_connective_inside_brackets_or_a_name_is_not_one() -> None:
    assert split_connective("log(x) <= x - 1 where x > 0") is None
    assert split_connective("iffy + 1 > iffy") is None


def test_latex_connectives() -> None:
    assert latex_to_claim(r"x > 0 \iff e^{x} > 1") == "x > 0 iff e**(x) > 1"
    assert latex_to_claim(r"x > 1 \Rightarrow \log x > 0") == "x > 1 implies log(x) > 0"
    verdict = si.check("x > 1 implies log(x) > 0")
    assert verdict.latex == r"x > 1 \implies \log x > 0"
