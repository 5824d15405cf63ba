"""``q = p where g = c``: two vectors equal because ``g`` is at its only minimum (issue 15: ``KL(p, q) = 0 iff p = q``).

The direction from ``KL(p, q) = 0`` to ``p = q`` is Gibbs' equality case: it is proved from two claims the
checker proves, ``argmin(KL(p, q), q) = p`` (the only minimiser) and ``KL(p, p) = 0`` (the minimum).
A condition that is an equation cannot be sampled: a false claim is refuted where the condition's sides
are equal (or cross) while the vectors differ; a claim neither proved nor refuted is not decided, and
the error says what was tried.
"""

from __future__ import annotations

from collections.abc import Callable

import mpmath
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


@pytest.mark.slow
def test_without_both_proofs_or_a_counterexample_the_claim_is_not_decided() -> None:
    """True, but ``sum((p - q)**4)`` has a flat minimum: strict convexity fails, so nothing is proved."""
    verdict = si.check("p = q where sum((p - q)**4) = 0")
    assert verdict.verdict == "error" and "not decided" in verdict.message
    assert "'sum((p - q)**4) != 0 where sum((p - q)**2) > 0': holds" in verdict.message


def _entropy(p: list[mpmath.mpf]) -> mpmath.mpf:
    return -mpmath.fsum(x * mpmath.log(x) for x in p)


def _kl(p: list[mpmath.mpf], q: list[mpmath.mpf]) -> mpmath.mpf:
    return mpmath.fsum(x * mpmath.log(x / y) for x, y in zip(p, q, strict=True))


@pytest.mark.slow
@pytest.mark.parametrize(
    ("claim", "condition"),
    [
        # a permutation of p has the same entropy
        ("p = q where H(p) = H(q)", lambda p, q: _entropy(p) - _entropy(q)),
        ("p = q where KL(p, q) = 1", lambda p, q: _kl(p, q) - 1),  # any q at divergence 1
        # the value uses q: KL(p, u) = log n - H(p) = H(u) - H(p) for the uniform u (once proved, wrongly)
        ("p = q where KL(p, q) = H(q) - H(p)", lambda p, q: _kl(p, q) - _entropy(q) + _entropy(p)),
        ("p = q where KL(p, q) <= H(q) - H(p)", lambda p, q: min(_kl(p, q) - _entropy(q) + _entropy(p), 0)),
    ],
)
def test_a_false_vector_equation_is_refuted_where_the_vectors_differ(
    claim: str, condition: Callable[[list[mpmath.mpf], list[mpmath.mpf]], mpmath.mpf]
) -> None:
    """The counterexample, re-checked here from the textbook formulas: ``p != q``, and the condition holds there
    (exactly, or, for a crossing found by bisection, to the 30 digits of the point shown)."""
    verdict = si.check(claim)
    assert verdict.verdict == "refuted" and verdict.counterexample is not None, verdict.report()
    values = verdict.counterexample["variables"]
    with mpmath.workdps(60):
        p, q = ([mpmath.mpf(entry) for entry in values[name]] for name in ("p", "q"))
        assert max(abs(a - b) for a, b in zip(p, q, strict=True)) > mpmath.mpf(10) ** -3
        assert abs(condition(p, q)) < mpmath.mpf(10) ** -25


def test_the_uniform_q_satisfies_the_condition_of_the_once_proved_claim() -> None:
    """The oracle for the soundness fix: ``KL(p, u) = H(u) - H(p)`` for every ``p``, so ``q = p`` does not follow."""
    with mpmath.workdps(50):
        p = [mpmath.mpf("0.7"), mpmath.mpf("0.2"), mpmath.mpf("0.1")]
        u = [mpmath.mpf(1) / 3] * 3
        assert abs(_kl(p, u) - (_entropy(u) - _entropy(p))) < mpmath.mpf(10) ** -45
    equation = vector_equation(parse_claim("p = q where KL(p, q) = H(q) - H(p)"))
    assert equation is not None and equation.attempts() == []  # the value uses both: no minimum argument


def test_only_a_condition_on_both_vectors_makes_a_vector_equation() -> None:
    assert vector_equation(parse_claim("p = q where x > 0")) is None
    assert vector_equation(parse_claim("p = q")) is None
    assert vector_equation(parse_claim("p = p where KL(p, q) = 0")) is None
    equation = vector_equation(parse_claim("q = p where 0 >= KL(p, q)"))
    assert equation is not None and (equation.function, equation.value, equation.bounded) == ("KL(p, q)", "0", True)
    assert_error_at("p = q where x > 0", 1, "not supported: a relation between whole vectors")
