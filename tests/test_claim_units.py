"""``H(p, base=2)`` and ``KL(p, q, base=2)``: entropy and divergence in bits or any base (issue 15).

The expected values are textbook facts: a fair coin carries 1 bit, a fair die log2(6) bits; H in base b
is H in nats over log b.
"""

from __future__ import annotations

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
        "H([0.5, 0.5], base=2) = 1",
        "H([1/6, 1/6, 1/6, 1/6, 1/6, 1/6], base=2) = log2(6)",
        "H([0.25, 0.25, 0.25, 0.25], base=4) = 1",
        "H(p, base=2) = H(p)/log(2)",
        "KL(p, q, base=2) >= 0",
        "KL(p, q, base=10) = KL(p, q)/log(10)",
        "H(p, q, base=2) = H(p, base=2) + KL(p, q, base=2)",
        "H(p, base=b) = H(p)/log(b) where b > 1",
    ],
)
def test_quantities_in_other_units_are_proved(claim: str) -> None:
    verdict = si.check(claim)
    assert verdict.verdict == "proved", verdict.report()


@pytest.mark.parametrize(
    "claim", ["H([0.5, 0.5], base=2) = log(2)", "H(p, base=2) = H(p)", "KL(p, q, base=2) <= KL(p, q)"]
)
def test_a_unit_mixed_up_is_refuted(claim: str) -> None:
    """1 bit is not log 2 nats; H in bits exceeds H in nats (log 2 < 1) wherever H > 0."""
    verdict = si.check(claim)
    assert verdict.verdict == "refuted", verdict.report()


@pytest.mark.parametrize(
    ("claim", "column", "message"),
    [
        ("H(p, base=1) = 0", 1, "a logarithm base must be positive and not 1, got 1"),
        ("H(p, bas=2) = 0", 6, "H has no keyword argument bas=; it takes base="),
        ("log(8, base=2) = 3", 8, "log has no keyword argument base="),
        ("H(p, base=2, base=2) = 1", 1, "a keyword argument is given twice"),
        ("H(p, base=-2) = 1", 1, "a logarithm base must be positive"),
    ],
)
def test_a_wrong_unit_is_an_error_with_a_column(claim: str, column: int, message: str) -> None:
    assert_error_at(claim, column, message)


@pytest.mark.parametrize(
    ("claim", "latex"),
    [
        ("H([0.5, 0.5], base=2) = 1", r"H_{2}\left((0.5, 0.5)\right) = 1"),
        ("KL(p, q, base=10) >= 0", r"D_{10}\left(p \,\middle\|\, q\right) \geq 0"),
    ],
)
def test_the_base_is_written_as_a_subscript_and_read_back(claim: str, latex: str) -> None:
    assert render_claim(parse_claim(claim)) == latex
    assert latex_to_claim(latex) == claim


def test_a_subscripted_name_is_still_a_name() -> None:
    assert latex_to_claim("H_1 + H_2 = 0") == "H_1 + H_2 = 0"
