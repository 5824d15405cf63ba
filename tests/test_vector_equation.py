"""``q = p where g = c``: two vectors equal because ``g`` is at its only minimum (issue 15: ``KL(p, q) = 0 iff p = q``).

The direction from ``KL(p, q) = 0`` to ``p = q`` is Gibbs' equality case: it is proved from two claims the
checker proves, ``argmin(KL(p, q), q) = p`` (the only minimiser) and ``KL(p, p) = 0`` (the minimum).
A condition that is an equation cannot be sampled, so a claim without both proofs is not decided, and
the error says what was tried.
"""

from __future__ import annotations

import pytest

import symbolic_info as si
from symbolic_info.claims.syntax import parse_claim
from symbolic_info.claims.vector_equation import vector_equation

from .claim_errors import assert_error_at


@pytest.mark.parametrize(
    "claim",
    [
        "KL(p, q) = 0 iff p = q",  # Gibbs' equality case, both directions
        "p = q where KL(p, q) = 0",
        "p = q where KL(q, p) <= 0",
        "q = p where 0 >= KL(p, q)",
        "q = p where H(p, q) = H(p)",  # the cross-entropy is at its minimum H(p) only at q = p
    ],
)
def test_equal_vectors_at_the_only_minimum_are_proved(claim: str) -> None:
    verdict = si.check(claim)
    assert verdict.verdict == "proved", verdict.report()


def test_the_latex_equivalence_is_read_and_proved() -> None:
    verdict = si.check(r"\mathrm{KL}(p, q) = 0 \iff p = q", latex=True)
    assert verdict.verdict == "proved" and verdict.latex.endswith(r"= 0 \iff p = q"), verdict.report()


@pytest.mark.parametrize(
    ("claim", "tried"),
    [
        # false (p and q a permutation of each other have the same entropy), but the condition is an equation
        ("p = q where H(p) = H(q)", "'argmin(H(p), q) = p': holds"),
        ("p = q where KL(p, q) = 1", "'KL(p, q) = 1 where q = p': refuted"),  # false: 1 is not the minimum
    ],
)
def test_without_both_proofs_the_claim_is_not_decided(claim: str, tried: str) -> None:
    verdict = si.check(claim)
    assert verdict.verdict == "error" and "not decided" in verdict.message and tried in verdict.message


def test_only_a_condition_on_both_vectors_makes_a_vector_equation() -> None:
    assert vector_equation(parse_claim("p = q where x > 0")) is None
    assert vector_equation(parse_claim("p = q")) is None
    assert vector_equation(parse_claim("p = p where KL(p, q) = 0")) is None
    equation = vector_equation(parse_claim("q = p where 0 >= KL(p, q)"))
    assert equation is not None and (equation.function, equation.value, equation.bounded) == ("KL(p, q)", "0", True)
    assert_error_at("p = q where x > 0", 1, "not supported: a relation between whole vectors")
