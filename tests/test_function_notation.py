"""``P(x)`` and ``p(x_i)``: probabilities written as functions, as the articles write them (issue 15)."""

from __future__ import annotations

import pytest

import symbolic_info as si
from symbolic_info.claims.from_latex import latex_to_claim
from symbolic_info.claims.render import render_claim
from symbolic_info.claims.syntax import parse_claim
from symbolic_info.claims.translate import translate

from .claim_errors import assert_error_at

pytestmark = pytest.mark.slow  # these check claims: a second or so each (the quick loop leaves them out)


@pytest.mark.parametrize(
    "claim",
    [
        "H(P) = -sum(P(x)*log(P(x)), x)",
        "KL(P, Q) = sum(P(x)*log(P(x)/Q(x)), x)",
        "H(p) = -sum(p(x_i)*log(p(x_i)), i)",
        "H(P, Q) >= H(P)",
        "sum(P(x), x) = 1",
    ],
)
def test_claims_written_with_function_notation_are_proved(claim: str) -> None:
    verdict = si.check(claim)
    assert verdict.verdict == "proved", verdict.report()


def test_the_notation_means_the_entry() -> None:
    written, indexed = translate(parse_claim("P(x) + q(x_k) <= 2")), translate(parse_claim("P[x] + q[k] <= 2"))
    assert written.relations == indexed.relations and written.variables == indexed.variables


def test_a_wrong_claim_in_function_notation_is_refuted() -> None:
    verdict = si.check("H(P) = -sum(P(x)*log(Q(x)), x)")  # an article's slip: that is H(P, Q)
    assert verdict.verdict == "refuted", verdict.report()


@pytest.mark.parametrize(
    ("claim", "column", "message"),
    [
        ("P(x, y) = 1", 1, "'P' is a probability vector: its entry is P(x) or P[x]"),
        ("P + 1 = 2", 1, "'P' is a probability vector"),
        ("F(x) = 1", 1, "'F' is not a function of the claim language"),
    ],
)
def test_misuse_is_an_error_with_a_column(claim: str, column: int, message: str) -> None:
    assert_error_at(claim, column, message)


@pytest.mark.parametrize(
    ("claim", "latex"),
    [
        ("sum(p(x_i), i) = 1", r"\sum_{i=1}^{n} p\left(x_{i}\right) = 1"),
        ("P(2) + Q(x) <= 2", r"P\left(2\right) + Q\left(x\right) \leq 2"),
    ],
)
def test_it_is_rendered_as_written_and_read_back(claim: str, latex: str) -> None:
    assert render_claim(parse_claim(claim)) == latex
    assert latex_to_claim(latex) == claim


def test_latex_as_the_articles_write_it() -> None:
    assert latex_to_claim(r"D(P \| Q) = \sum_{x} P(x) \log \frac{P(x)}{Q(x)}") == (
        "KL(P, Q) = sum(P(x)*log(((P(x))/(Q(x)))), x)"
    )
