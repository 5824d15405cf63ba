"""Statements of convexity and definiteness: ``convex(f, x)``, ``concave(H(p), p)``, ``psd(hessian(f, z))``.

True statements are proved (or hold); false ones are refuted, and each counterexample is re-checked
here without the checker: at the point and along the direction it reports, the textbook function is
evaluated in mpmath at 50 digits on a short segment, where the midpoint inequality
``f(a - h) + f(a + h) - 2 f(a) >= 0`` (convexity) fails. Statements the second derivative cannot
decide (a kink, a pole inside the domain, an unprovable domain) are refused with the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import mpmath
import pytest

import symbolic_info as si
from symbolic_info.claims.connectives import claim_latex
from symbolic_info.claims.from_latex import latex_to_claim
from tests.claim_errors import assert_error_at

pytestmark = pytest.mark.slow

mpmath.mp.dps = 50


def _entropy(p: Sequence[mpmath.mpf]) -> mpmath.mpf:
    return -mpmath.fsum(x * mpmath.log(x) for x in p)


def _logsumexp(z: Sequence[mpmath.mpf]) -> mpmath.mpf:
    return mpmath.log(mpmath.fsum(mpmath.exp(x) for x in z))


def _kl(p: Sequence[mpmath.mpf], q: Sequence[mpmath.mpf]) -> mpmath.mpf:
    return mpmath.fsum(a * mpmath.log(a / b) for a, b in zip(p, q, strict=True))


def _midpoint_gap(f: Callable[[mpmath.mpf], mpmath.mpf]) -> mpmath.mpf:
    """``f(-h) + f(h) - 2 f(0)`` for a step ``h = 1e-6``: negative where ``f`` is not convex near 0."""
    step = mpmath.mpf("1e-6")
    return f(-step) + f(step) - 2 * f(mpmath.mpf(0))


def _variables(verdict: si.Verdict) -> dict[str, Any]:
    assert verdict.verdict == "refuted" and verdict.counterexample is not None, verdict.report()
    values: dict[str, Any] = verdict.counterexample["variables"]
    return values


def _numbers(values: Sequence[str]) -> list[mpmath.mpf]:
    return [mpmath.mpf(value) for value in values]


TRUE_PROVED = [
    "concave(H(p), p)",
    "convex(KL(p, q), q)",
    "convex(KL(p, q), p)",
    "convex(H(p, q), q)",
    "concave(H(p) + KL(p, q), p)",
    "convex(sum(p[i]**2, i), p)",
    "concave(sum(log(p[i]), i), p)",
    "nsd(hessian(H(p), p))",
    "convex(x**2, x)",
    "convex(x*y, x)",
    "convex(x**3, x) where x > 0",
    "convex(x*log(x), x) where x > 0",
    "concave(log(x), x) where x > 0",
    "convex(exp(x)*a, x) where a > 0",
    "convex(-log(sigmoid(z)), z)",
    "convex(-y*log(sigmoid(z)) - (1 - y)*log(1 - sigmoid(z)), z) where 0 <= y <= 1",
]


@pytest.mark.parametrize("claim", TRUE_PROVED)
def test_true_statements_are_proved(claim: str) -> None:
    verdict = si.check(claim)
    assert verdict.verdict == "proved", verdict.report()
    assert verdict.message.startswith("read as: the second derivative of"), verdict.message


@pytest.mark.parametrize(
    "claim",
    ["convex(logsumexp(z), z)", "psd(hessian(logsumexp(z), z))", "concave(sqrt(x), x) where x >= 0"],
)
def test_true_statements_beyond_the_prover_hold(claim: str) -> None:
    verdict = si.check(claim)
    assert verdict.verdict in ("proved", "holds"), verdict.report()


def test_a_definite_hessian_is_checked_for_every_direction_but_zero() -> None:
    verdict = si.check("pd(hessian(dot(w, w), w))")
    assert verdict.verdict in ("proved", "holds"), verdict.report()
    assert "for every v != 0" in verdict.message
    assert si.check("pd(hessian(dot(w, w) - 3*w[1]**2, w))").verdict == "refuted"


def _along(values: dict[str, list[str]], name: str, *, tangent: bool) -> Callable[[mpmath.mpf], list[mpmath.mpf]]:
    """The point ``name`` moved by ``t`` along the counterexample's direction ``v`` (minus its mean if ``tangent``)."""
    point, direction = _numbers(values[name]), _numbers(values["v"])
    mean = mpmath.fsum(direction) / len(direction) if tangent else 0
    return lambda t: [x + t * (d - mean) for x, d in zip(point, direction, strict=True)]


def test_entropy_is_not_convex_and_the_direction_shows_it() -> None:
    verdict = si.check("convex(H(p), p)")
    assert verdict.verdict == "refuted", verdict.report()
    values = _variables(verdict)
    moved = _along(values, "p", tangent=True)
    assert abs(mpmath.fsum(moved(mpmath.mpf("0.001"))) - 1) < mpmath.mpf("1e-40")  # it stays in the simplex
    assert _midpoint_gap(lambda t: _entropy(moved(t))) < 0


def test_kl_is_not_concave_in_q() -> None:
    verdict = si.check("concave(KL(p, q), q)")
    assert verdict.verdict == "refuted", verdict.report()
    values = _variables(verdict)
    p, moved = _numbers(values["p"]), _along(values, "q", tangent=True)
    assert _midpoint_gap(lambda t: -_kl(p, moved(t))) < 0


def test_logsumexp_is_not_concave() -> None:
    verdict = si.check("concave(logsumexp(z), z)")
    assert verdict.verdict == "refuted", verdict.report()
    moved = _along(_variables(verdict), "z", tangent=False)
    assert _midpoint_gap(lambda t: -_logsumexp(moved(t))) < 0


@pytest.mark.parametrize(
    ("claim", "function"),
    [
        ("convex(x**3, x)", lambda x, a: x**3),
        ("convex(sigmoid(x), x)", lambda x, a: 1 / (1 + mpmath.exp(-x))),
        ("convex(x**4 - x**2, x)", lambda x, a: x**4 - x**2),
        ("convex(a*x**2, x)", lambda x, a: a * x**2),
        ("concave(log(1 + exp(x)), x)", lambda x, a: mpmath.log(1 + mpmath.exp(x))),
        ("convex(x**3, x) where -2 < x < 1", lambda x, a: x**3),
    ],
)
def test_false_scalar_statements_are_refuted_where_the_midpoint_inequality_fails(
    claim: str, function: Callable[[mpmath.mpf, mpmath.mpf], mpmath.mpf]
) -> None:
    verdict = si.check(claim)
    assert verdict.verdict == "refuted", verdict.report()
    values = _variables(verdict)
    x, a = mpmath.mpf(values["x"]), mpmath.mpf(values.get("a", "1"))
    sign = -1 if claim.startswith("concave") else 1  # f is concave where -f is convex
    assert _midpoint_gap(lambda t: sign * function(x + t, a)) < 0


@pytest.mark.parametrize(
    ("claim", "column", "fragment"),
    [
        ("convex(abs(x), x)", 8, "Abs is not twice differentiable"),
        ("convex(1/x**2, x)", 8, "not continuous on (-oo, oo), only on (-oo, 0) and (0, oo)"),
        ("convex(x*log(x), x) where x >= 0", 8, "not continuous on [0, oo)"),
        ("convex(x**2, x) where x**2 < 1", 14, "an interval with bounds that are numbers"),
        ("concave(log(dot(w, w)), w)", 9, "cannot show that"),
        ("convex(H(p), p) where p[1] > 1/2", 14, "a condition on the entries of p"),
        ("psd(x**2)", 5, "psd takes a Hessian"),
        ("convex(x, n)", 11, "'n' cannot be the variable"),
        ("convex(x**2, x) + 1 >= 0", 1, "a claim of its own"),
        ("0 <= convex(x**2, x)", 6, "a claim of its own"),
        ("y > 0 where convex(y, x)", 12, "a condition needs a relation"),
        ("convex(x**2)", 1, "convex takes 2 argument(s)"),
        ("convex(x**2, 2)", 14, "the variable is a name"),
    ],
)
def test_what_the_second_derivative_cannot_decide_is_refused(claim: str, column: int, fragment: str) -> None:
    assert_error_at(claim, column, fragment)


def test_a_kink_is_never_proved_convex_or_concave() -> None:
    """``-abs(x)`` has second derivative 0 wherever it is evaluated: a search alone would say it holds."""
    for claim in ("convex(-abs(x), x)", "concave(abs(x), x)", "convex(x**2 - abs(x - 1), x)"):
        assert si.check(claim).verdict == "error", claim


@pytest.mark.parametrize(
    ("claim", "latex"),
    [
        ("convex(x**2, x)", r"x^{2} \text{ is convex in } x"),
        ("concave(H(p), p)", r"H\left(p\right) \text{ is concave in } p"),
        (
            "concave(log(x), x) where x > 0",
            r"\log x \text{ is concave in } x \quad \text{where } x > 0",
        ),
        ("psd(hessian(logsumexp(z), z))", r"\nabla^{2}_{z} \operatorname{logsumexp}\left(z\right) \succeq 0"),
        ("nd(hessian(-dot(w, w), w))", r"\nabla^{2}_{w} \left(-\operatorname{dot}\left(w, w\right)\right) \prec 0"),
    ],
)
def test_latex_both_ways(claim: str, latex: str) -> None:
    assert claim_latex(claim) == latex
    assert si.check(latex_to_claim(latex)).verdict == si.check(claim).verdict


@pytest.mark.parametrize(
    ("latex", "plain"),
    [
        (r"-\sum_i p_i \log p_i \text{ is concave in } p", "concave(-sum(p[i]*log(p[i]), i), p)"),
        (r"-\log \sigma(z) \text{ is convex in } z", "convex(-log(sigmoid(z)), z)"),
        (r"\nabla^2_w \operatorname{dot}(w, w) \succ 0", "pd(hessian(dot(w, w), w))"),
        (r"\nabla^2_p H(p) \preceq 0", "nsd(hessian(H(p), p))"),
    ],
)
def test_textbook_latex_is_read(latex: str, plain: str) -> None:
    assert latex_to_claim(latex) == plain
