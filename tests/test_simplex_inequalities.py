"""Inequalities over the simplex proved by a tangent line (at the uniform point) or by Jensen's inequality for log.

Each proof step adds a term that is 0 on the simplex; a false neighbour of each proved claim is
refuted, its counterexample re-checked here in mpmath from the textbook formulas.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import pytest

from symbolic_info import check
from symbolic_info.claims import Verdict


def _vector(verdict: Verdict, name: str) -> list[mpmath.mpf]:
    assert verdict.counterexample is not None
    entries = [Fraction(x) for x in verdict.counterexample["variables"][name]]
    return [mpmath.mpf(x.numerator) / x.denominator for x in entries]


@pytest.fixture(autouse=True)
def _precision() -> object:
    with mpmath.workdps(60):
        yield


@pytest.mark.slow
@pytest.mark.parametrize(
    ("claim", "method"),
    [
        ("sum(p[i]**2, i) >= 1/n", "termwise, with sum_i p_i = 1"),  # sum_i (p_i - 1/n)^2 >= 0
        ("sum(p[i]**3, i) >= 1/n**2", "termwise, with sum_i p_i = 1"),
        ("H(p) >= -log(sum(p[i]**2, i))", "Jensen's inequality for log (from gibbs-inequality)"),
        ("log(sum(p[i]*q[i], i)) >= sum(p[i]*log(q[i]), i)", "Jensen's inequality for log"),
        ("3*log(sum(p[i]*q[i], i)) + 1 > 3*sum(p[i]*log(q[i]), i)", "Jensen's inequality for log"),
    ],
)
def test_simplex_inequalities_are_proved_and_say_how(claim: str, method: str) -> None:
    verdict = check(claim)
    assert verdict.verdict == "proved", verdict.report()
    assert method in verdict.message, verdict.message


def _sum_of_squares(p: list[mpmath.mpf]) -> mpmath.mpf:
    return mpmath.fsum(x**2 for x in p)


@pytest.mark.slow
def test_a_strict_tangent_bound_is_refuted_at_the_uniform_point() -> None:
    verdict = check("sum(p[i]**2, i) > 1/n")
    assert verdict.verdict == "refuted", verdict.report()
    p = _vector(verdict, "p")
    assert _sum_of_squares(p) <= 1 / mpmath.mpf(len(p)) + mpmath.mpf(10) ** -50


@pytest.mark.slow
def test_a_bound_beyond_the_tangent_is_refuted() -> None:
    verdict = check("sum(p[i]**2, i) >= 2/n")
    assert verdict.verdict == "refuted", verdict.report()
    p = _vector(verdict, "p")
    assert _sum_of_squares(p) < 2 / mpmath.mpf(len(p))


@pytest.mark.slow
def test_jensen_the_wrong_way_round_is_refuted() -> None:
    verdict = check("log(sum(p[i]*q[i], i)) <= sum(p[i]*log(q[i]), i)")
    assert verdict.verdict == "refuted", verdict.report()
    p, q = _vector(verdict, "p"), _vector(verdict, "q")
    mean = mpmath.fsum(a * b for a, b in zip(p, q, strict=True))
    assert mpmath.log(mean) > mpmath.fsum(a * mpmath.log(b) for a, b in zip(p, q, strict=True))


@pytest.mark.slow
def test_strict_jensen_is_refuted_where_it_is_an_equality() -> None:
    verdict = check("log(sum(p[i]*q[i], i)) > sum(p[i]*log(q[i]), i)")  # equal when q is uniform
    assert verdict.verdict == "refuted", verdict.report()
    p, q = _vector(verdict, "p"), _vector(verdict, "q")
    mean = mpmath.fsum(a * b for a, b in zip(p, q, strict=True))
    gap = mpmath.log(mean) - mpmath.fsum(a * mpmath.log(b) for a, b in zip(p, q, strict=True))
    assert gap <= mpmath.mpf(10) ** -50


@pytest.mark.slow
def test_collision_entropy_above_shannon_entropy_is_refuted() -> None:
    verdict = check("-log(sum(p[i]**2, i)) > H(p)")  # a negative weight: Jensen does not apply
    assert verdict.verdict == "refuted", verdict.report()
    p = _vector(verdict, "p")
    assert -mpmath.log(_sum_of_squares(p)) <= -mpmath.fsum(x * mpmath.log(x) for x in p) + mpmath.mpf(10) ** -50
