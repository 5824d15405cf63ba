"""``argmin(f, x) = e`` and ``argmax``: a minimiser (``f >= f(e)`` everywhere, ``e`` in the domain), and the only one.

True claims are proved where both parts are, and otherwise at most hold, with the reason; false ones are
refuted, and each counterexample is re-checked here in mpmath at 50 digits from the textbook formula:
``f`` at the reported point is below its value at the claimed minimiser (or ``e`` is outside the domain).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import mpmath
import pytest

import symbolic_info as si
from symbolic_info.claims.connectives import claim_latex
from symbolic_info.claims.from_latex import latex_to_claim
from tests.claim_errors import assert_error_at

pytestmark = pytest.mark.slow

mpmath.mp.dps = 50


def _variables(verdict: si.Verdict) -> dict[str, Any]:
    assert verdict.verdict == "refuted" and verdict.counterexample is not None, verdict.report()
    values: dict[str, Any] = verdict.counterexample["variables"]
    return values


def _vector(values: Sequence[str]) -> list[mpmath.mpf]:
    return [mpmath.mpf(value) for value in values]


def _cross_entropy(p: Sequence[mpmath.mpf], q: Sequence[mpmath.mpf]) -> mpmath.mpf:
    return -mpmath.fsum(a * mpmath.log(b) for a, b in zip(p, q, strict=True))


def _kl(p: Sequence[mpmath.mpf], q: Sequence[mpmath.mpf]) -> mpmath.mpf:
    return mpmath.fsum(a * mpmath.log(a / b) for a, b in zip(p, q, strict=True))


@pytest.mark.parametrize(
    "claim",
    [
        "argmin(KL(p, q), q) = p",
        "argmin(H(p, q), q) = p",
        "p = argmin(KL(q, p), q)",
        "argmin((x - a)**2, x) = a",
        "argmax(-(x - a)**2, x) = a",
    ],
)
def test_a_unique_optimum_is_proved_in_both_parts(claim: str) -> None:
    verdict = si.check(claim)
    assert verdict.verdict == "proved", verdict.report()
    assert verdict.message.startswith("read as: ") and "the only one, since strictly" in verdict.message
    assert "strictly c" in verdict.method


def test_an_optimum_not_shown_to_be_the_only_one_at_most_holds() -> None:
    verdict = si.check("argmin(x**4, x) = 0")  # the only minimiser, but x^4 is not strictly convex at 0
    assert verdict.verdict == "holds", verdict.report()
    assert "that it is the only one is not established" in verdict.message


def test_the_minimum_of_x_log_x() -> None:
    verdict = si.check("argmin(x*log(x), x) = exp(-1) where x > 0")
    assert verdict.verdict in ("proved", "holds"), verdict.report()


def test_cross_entropy_is_not_largest_at_p() -> None:
    verdict = si.check("argmax(H(p, q), q) = p")
    values = _variables(verdict)
    p, q = _vector(values["p"]), _vector(values["q"])
    assert _cross_entropy(p, q) > _cross_entropy(p, p)


def test_a_softmax_is_not_the_minimiser_of_kl() -> None:
    verdict = si.check("argmin(KL(p, q), q) = softmax(z)")
    values = _variables(verdict)
    p, q, z = _vector(values["p"]), _vector(values["q"]), _vector(values["z"])
    total = mpmath.fsum(mpmath.exp(entry) for entry in z)
    softmax = [mpmath.exp(entry) / total for entry in z]
    assert _kl(p, q) < _kl(p, softmax)
    assert "KL(p, q) >= its value at q = softmax(z) fails" in verdict.message


@pytest.mark.parametrize(
    ("claim", "value"),
    [
        ("argmin((x - a)**2, x) = -a", lambda x, a: ((x - a) ** 2, (-a - a) ** 2)),
        ("argmin(x**2 - 2*x, x) = 2", lambda x, a: (x**2 - 2 * x, mpmath.mpf(0))),
    ],
)
def test_a_point_below_the_claimed_minimum_refutes(claim: str, value: Any) -> None:
    values = _variables(si.check(claim))
    x, a = mpmath.mpf(values["x"]), mpmath.mpf(values.get("a", "0"))
    there, at_claimed = value(x, a)
    assert there < at_claimed


def test_a_minimiser_outside_the_domain_refutes() -> None:
    verdict = si.check("argmin(x**2, x) = -1 where x > 0")
    _variables(verdict)
    assert "(-1 in the domain: -1 > 0 fails)" in verdict.message


@pytest.mark.parametrize(
    ("claim", "column", "fragment"),
    [
        ("argmin(KL(p, q), q) = argmin(H(p, r), r)", 1, "an equivalence of two problems over one variable"),
        ("argmin(KL(p, q), q) + 1 = p", 1, "a whole side of one equation"),
        ("argmin(x**2, x) <= 1", 1, "a whole side of one equation"),
        ("argmin(x**2, x) = x", 19, "cannot use x"),
        ("argmin(KL(p, q), q) = 0", 23, "is another probability vector"),
        ("argmin(H(p, softmax(z)), z) = p", 31, "is another real vector"),
        ("argmin(x**2, 2) = 0", 14, "the variable is a name"),
        ("argmin(KL(p, q), q) = p where q[1] > 1/2", 18, "a condition on the entries of q"),
    ],
)
def test_malformed_optima_are_errors(claim: str, column: int, fragment: str) -> None:
    assert_error_at(claim, column, fragment)


def test_latex_both_ways() -> None:
    assert claim_latex("argmin(H(p, q), q) = p") == r"\arg\min_{q} H\left(p, q\right) = p"
    assert claim_latex("argmax(-(x - a)**2, x) = a") == r"\arg\max_{x} \left(-\left(x - a\right)^{2}\right) = a"
    assert latex_to_claim(r"\arg\min_{q} H\left(p, q\right) = p") == "argmin(H(p, q), q) = p"
    assert latex_to_claim(r"p = \operatorname{argmin}_q D_{KL}(p \| q)") == "p = argmin(KL(p, q), q)"
    assert latex_to_claim(r"\arg\max_x \left(-x^2\right) = 0") == "argmax((-x**(2)), x) = 0"


# --- the only one: a second optimum refutes the claim (it used to "hold") ------------------------------------


def test_a_function_that_ignores_the_variable_has_every_point_as_minimiser() -> None:
    """``argmin(x**2, y) = 0``: ``x**2`` does not depend on ``y``, so every ``y`` is a minimiser."""
    verdict = si.check("argmin(x**2, y) = 0")
    values = _variables(verdict)
    assert mpmath.mpf(values["y"]) != 0  # another point than the claimed minimiser
    assert verdict.counterexample is not None and verdict.counterexample["left"] == verdict.counterexample["right"]


def test_the_entropy_of_p_is_minimised_by_every_q() -> None:
    values = _variables(si.check("argmin(H(p), q) = p"))
    p, q = _vector(values["p"]), _vector(values["q"])
    assert max(abs(a - b) for a, b in zip(p, q, strict=True)) > mpmath.mpf(10) ** -3  # q is not p


def test_a_second_minimiser_of_a_double_well_is_found() -> None:
    """``(x^2 - 1)^2`` is 0 at both 1 and -1: the mpmath value at the reported point is 0, as at 1."""
    values = _variables(si.check("argmin((x**2 - 1)**2, x) = 1"))
    x = mpmath.mpf(values["x"])
    assert x != 1 and (x**2 - 1) ** 2 == 0


def test_an_only_minimiser_without_strict_convexity_still_holds() -> None:
    """``x**4`` has its only minimum at 0, with a zero second derivative there: not proved, never refuted."""
    verdict = si.check("argmin(x**4, x) = 0")
    assert verdict.verdict == "holds" and "not established" in verdict.message, verdict.report()


def test_a_second_minimiser_at_an_exact_critical_point_is_found() -> None:
    """``x^4 - x^2`` is smallest at both ``1/sqrt(2)`` and ``-1/sqrt(2)``: random points never hit the second."""
    verdict = si.check("argmin(x**4 - x**2, x) = 1/sqrt(2)")
    assert verdict.verdict == "refuted" and "another minimiser at x = -sqrt(2)/2 (exact)" in verdict.message
    root = 1 / mpmath.sqrt(2)
    assert (-root) ** 4 - (-root) ** 2 == root**4 - root**2  # the oracle: the same value at both


def test_only_the_minimiser_inside_the_conditions_counts() -> None:
    verdict = si.check("argmin(x**4 - x**2, x) = 1/sqrt(2) where x > 0")
    assert verdict.verdict == "holds", verdict.report()
