"""``where y in {0, 1}``: a variable that takes only the values listed, checked case by case (issue 15).

A claim true only on the set is proved by its cases; a false one is refuted in a case whose
counterexample names the value, re-checked here with mpmath; malformed sets are errors with a
column; the LaTeX ``y \\in \\{0, 1\\}`` is read and written.
"""

from __future__ import annotations

import mpmath
import pytest

import symbolic_info as si
from symbolic_info.claims.connectives import claim_latex
from symbolic_info.claims.discrete import MAX_CASES, split_memberships
from symbolic_info.claims.from_latex import latex_to_claim

from .claim_errors import assert_error_at


def test_the_cases_replace_each_set_by_its_values() -> None:
    memberships = split_memberships("x*y >= 0 where x in {-1, 1}, t > 0, y in {0, 1}")
    assert memberships is not None
    assert memberships.cases() == [
        "x*y >= 0 where t > 0, x = -1, y = 0",
        "x*y >= 0 where t > 0, x = -1, y = 1",
        "x*y >= 0 where t > 0, x = 1, y = 0",
        "x*y >= 0 where t > 0, x = 1, y = 1",
    ]
    repeated = split_memberships("y**2 = y where y in {1, 1, 0}")
    assert repeated is not None and repeated.cases() == ["y**2 = y where y = 1", "y**2 = y where y = 0"]
    assert split_memberships("p[k] <= 1 where k <= n") is None


@pytest.mark.parametrize(
    "claim",
    [
        "y**2 = y where y in {0, 1}",
        # the Bernoulli likelihood of one label: a product form equal to a sum form only for y in {0, 1}
        "t**y*(1 - t)**(1 - y) = y*t + (1 - y)*(1 - t) where y in {0, 1}, 0 < t < 1",
        "-log(t**y*(1 - t)**(1 - y)) = -(y*log(t) + (1 - y)*log(1 - t)) where y in {0, 1}, 0 < t < 1",
        "-(y*log(sigmoid(z)) + (1 - y)*log(1 - sigmoid(z))) >= 0 where y in {0, 1}",
    ],
)
def test_claims_true_on_the_set_are_proved_case_by_case(claim: str) -> None:
    verdict = si.check(claim)
    assert verdict.verdict == "proved", verdict.report()
    assert verdict.message.startswith("every case")


def test_a_claim_true_on_the_set_only_is_refuted_without_it() -> None:
    assert si.check("t**y*(1 - t)**(1 - y) = y*t + (1 - y)*(1 - t) where 0 < y < 1, 0 < t < 1").verdict == "refuted"


def test_a_false_case_is_refuted_and_the_counterexample_names_its_value() -> None:
    verdict = si.check("x*y >= 0 where x in {-1, 1}, y in {0, 1}")
    assert verdict.verdict == "refuted" and verdict.counterexample is not None, verdict.report()
    values = verdict.counterexample["variables"]
    x, y = mpmath.mpf(values["x"]), mpmath.mpf(values["y"])
    assert x in (-1, 1) and y in (0, 1) and x * y < 0
    assert "in the case x = -1, y = 1" in verdict.note


@pytest.mark.parametrize(
    ("claim", "column", "message"),
    [
        ("x = 1 where x in {a, 1}", 13, "the values of x are numbers"),
        ("x = 1 where x < {1}", 17, "a set of values is written as in 'where y in {0, 1}'"),
        ("x = 1 where x in {1, 2, 3, 4, 5, 6, 7, 8, 9}", 13, "a set lists at most 8 values"),
    ],
)
def test_malformed_sets_are_errors_with_a_column(claim: str, column: int, message: str) -> None:
    assert_error_at(claim, column, message)


def test_too_many_cases_are_refused() -> None:
    verdict = si.check("a + b + c = 1 where a in {0, 1, 2}, b in {0, 1, 2}, c in {0, 1}")
    assert verdict.verdict == "error" and f"at most {MAX_CASES} are checked" in verdict.message


def test_the_latex_spelling_of_a_set() -> None:
    assert latex_to_claim(r"y^2 = y \quad \text{where } y \in \{0, 1\}") == "y**(2) = y where y in {0, 1}"
    latex = claim_latex("y**2 = y where t > 0, y in {0, 1}")
    assert latex == r"y^{2} = y \quad \text{where } t > 0,\ y \in \{0, 1\}"
    assert latex_to_claim(latex) == "y**(2) = y where t > 0, y in {0, 1}"
    assert claim_latex("y = 1 where y in {1}") == r"y = 1 \quad \text{where } y \in \{1\}"


def test_a_case_whose_domain_only_looks_empty_is_not_counted_as_proved() -> None:
    # in the case y = 0 no point satisfies 'y = 1': that case is not proved (emptiness was only not contradicted),
    # so the claim holds at best; a false case is still refuted
    verdict = si.check("y = 1 implies y**2 = 1 where y in {0, 1}")
    assert verdict.verdict == "holds" and "no point satisfies its conditions" in verdict.message, verdict.report()
    assert si.check("y = 1 implies y**2 = 2 where y in {0, 1}").verdict == "refuted"
