"""``argmin(f, x) = argmin(g, x)``: two problems with the same solutions (issue 15).

True equivalences are proved (a difference free of the variable, a constant multiple, or the same
only optimum); false ones are refuted at a point that is re-checked here with mpmath on the textbook
formulas; an equivalence whose difference is only locally constant is never proved; malformed ones
are errors with a column.
"""

from __future__ import annotations

import mpmath
import pytest

import symbolic_info as si
from symbolic_info.claims.equivalence import constancy_text, problems_of
from symbolic_info.claims.from_latex import latex_to_claim
from symbolic_info.claims.syntax import parse_claim

from .claim_errors import assert_error_at
from .counterexample_values import number


def test_the_two_problems_are_read_from_the_claim() -> None:
    problems = problems_of(parse_claim("argmax(-KL(p, q), q) = argmin(KL(p, q), q) where n > 2"))
    assert problems is not None
    assert problems.kinds == ("argmax", "argmin") and problems.bodies == ("-KL(p, q)", "KL(p, q)")
    assert problems.variable == "q" and problems.conditions == ("n > 2",) and not problems.same_direction
    assert problems_of(parse_claim("argmin(KL(p, q), q) = p")) is None
    assert problems_of(parse_claim("min(x**2, x) = 0")) is None


def test_the_constancy_claim_renames_the_variable_in_the_functions_and_the_conditions() -> None:
    problems = problems_of(parse_claim("argmin(x*log(x), x) = argmin(x*log(x) + xx, x) where x > 0, xx > 1"))
    assert problems is not None
    text = constancy_text(problems, "1", "x2")
    left, right = "(x*log(x) + xx) - (1)*(x*log(x))", "(x2*log(x2) + xx) - (1)*(x2*log(x2))"
    assert text == f"{left} = {right} where x > 0, xx > 1, x2 > 0"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("claim", "how"),
    [
        ("argmin(H(p, q), q) = argmin(KL(p, q), q)", "KL(p, q) - (H(p, q)) does not depend on q"),
        ("argmax(-KL(p, q), q) = argmin(KL(p, q), q)", "KL(p, q) + (-KL(p, q)) does not depend on q"),
        ("argmin(2*x**2 - 4*x, x) = argmin(x**2 - 2*x, x)", "x**2 - 2*x - (1/2)*(2*x**2 - 4*x) does not depend on x"),
        ("argmin(KL(q, p), q) = argmin(KL(p, q), q)", "p is the only optimum of both"),
        # maximum likelihood is minimum KL: the likelihood is positive, and its logarithm is -H(p, q)
        ("argmax(prod(q[i]**p[i], i), q) = argmin(KL(p, q), q)", "so log(prod(q[i]**p[i], i)) has the same optima"),
    ],
)
def test_equivalent_problems_are_proved(claim: str, how: str) -> None:
    verdict = si.check(claim)
    assert verdict.verdict == "proved", verdict.report()
    assert how in verdict.message, verdict.message


@pytest.mark.slow
def test_problems_with_different_minimisers_are_refuted_at_a_point_below_the_other_minimum() -> None:
    verdict = si.check("argmin((x - 1)**2, x) = argmin((x - 2)**2, x)")
    assert verdict.verdict == "refuted" and verdict.counterexample is not None, verdict.report()
    assert "argmin((x - 1)**2, x) = 1 (proved), but 1 is not in argmin((x - 2)**2, x)" in verdict.note
    x = number(verdict.counterexample["variables"]["x"])
    assert (x - 2) ** 2 < (mpmath.mpf(1) - 2) ** 2  # (x - 2)**2 is smaller than at the other problem's optimum 1


@pytest.mark.slow
def test_swapping_the_arguments_of_the_cross_entropy_is_refuted() -> None:
    verdict = si.check("argmin(H(q, p), q) = argmin(KL(p, q), q)")
    assert verdict.verdict == "refuted" and verdict.counterexample is not None, verdict.report()
    values = verdict.counterexample["variables"]
    p, q = ([number(v) for v in values[name]] for name in ("p", "q"))
    with mpmath.workdps(60):

        def cross_entropy(a: list[mpmath.mpf], b: list[mpmath.mpf]) -> mpmath.mpf:
            return -mpmath.fsum(x * mpmath.log(y) for x, y in zip(a, b, strict=True) if x)

        assert cross_entropy(q, p) < cross_entropy(p, p)  # H(q, p) is smaller at q than at q = p, KL's minimiser


@pytest.mark.slow
def test_a_difference_that_is_only_locally_constant_is_never_proved() -> None:
    # sqrt(x**2)/x is -1 for x < 0 and 1 for x > 0: its derivative is 0, yet it is not a constant, and the
    # two problems differ (x**2 + sqrt(x**2)/x has no minimum). Not proved: not decided.
    verdict = si.check("argmin(x**2, x) = argmin(x**2 + sqrt(x**2)/x, x)")
    assert verdict.verdict != "proved", verdict.report()
    assert verdict.verdict == "error" and "not decided" in verdict.message and not verdict.internal


@pytest.mark.parametrize(
    ("claim", "column", "message"),
    [
        ("argmin(x**2, x) = argmin(y**2, y)", 1, "an equivalence of two problems over one variable"),
        ("argmin(x**2, x) = argmin(x**2, x) + 1", 19, "argmin(...) is a whole side of one equation"),
        ("argmin(x**2, x) <= argmin(x**4, x)", 1, "argmin(...) is a whole side of one equation"),
    ],
)
def test_malformed_equivalences_are_errors_with_a_column(claim: str, column: int, message: str) -> None:
    assert_error_at(claim, column, message)


def test_the_latex_spelling_reads_two_problems() -> None:
    latex = r"\arg\min_q H(p, q) = \arg\min_q D_{\mathrm{KL}}(p \| q)"
    assert latex_to_claim(latex) == "argmin(H(p, q), q) = argmin(KL(p, q), q)"
