"""Real vectors in claims: logits ``z[k]``, ``softmax(z)``, ``logsumexp(z)``, ``dot(w, x)`` (issue 15).

Each construct: true claims proved (or holding), false ones refuted with a counterexample whose sides
are recomputed here with mpmath from the textbook formulas (never by the checker's own evaluator),
malformed ones an error with a column, and the LaTeX spellings read back.
"""

from __future__ import annotations

import random
from fractions import Fraction

import mpmath
import pytest
import sympy as sp

import symbolic_info as si
from symbolic_info.claims.evaluate import _exactly_zero
from symbolic_info.claims.from_latex import latex_to_claim
from symbolic_info.claims.sampling import REAL_REGIONS, real_entries, sample
from symbolic_info.claims.syntax import parse_claim
from symbolic_info.claims.translate import translate

from .claim_errors import assert_error_at
from .counterexample_values import entries

pytestmark = pytest.mark.slow  # these check claims: a second or so each (the quick loop leaves them out)

PROVED = [
    "sum(softmax(z)[i], i) = 1",
    "softmax(z)[k] > 0",
    "softmax(z)[k] = exp(z[k])/sum(exp(z[j]), j)",
    "softmax(z)[k] = exp(z[k] - z[1])/sum(exp(z[j] - z[1]), j)",
    "H(p, softmax(z)) = logsumexp(z) - dot(p, z)",
    "KL(p, softmax(z)) = logsumexp(z) - dot(p, z) - H(p)",
    "dot(p, z) <= logsumexp(z)",
    "dot(w, w) >= 0",
]


@pytest.mark.parametrize("claim", PROVED)
def test_true_claims_about_logits_are_proved(claim: str) -> None:
    verdict = si.check(claim)
    assert verdict.verdict == "proved", verdict.report()


@pytest.mark.slow
@pytest.mark.parametrize("claim", ["logsumexp(z) >= z[k]", "dot(w, x)**2 <= dot(w, w)*dot(x, x)"])
def test_true_claims_without_a_proof_hold(claim: str) -> None:
    verdict = si.check(claim)
    assert verdict.verdict in ("proved", "holds"), verdict.report()


def _softmax_entry(z: list[mpmath.mpf], k: int) -> mpmath.mpf:
    return mpmath.exp(z[k - 1]) / mpmath.fsum(mpmath.exp(v) for v in z)


def _dot(w: list[mpmath.mpf], x: list[mpmath.mpf]) -> mpmath.mpf:
    return mpmath.fsum(a * b for a, b in zip(w, x, strict=True))


def _logsumexp(z: list[mpmath.mpf]) -> mpmath.mpf:
    return mpmath.log(mpmath.fsum(mpmath.exp(v) for v in z))


def test_a_false_bound_on_a_softmax_entry_is_refuted_at_a_point_that_violates_it() -> None:
    verdict = si.check("softmax(z)[k] <= 1/2")
    assert verdict.verdict == "refuted" and verdict.counterexample is not None
    variables = verdict.counterexample["variables"]
    with mpmath.workdps(60):
        assert _softmax_entry(entries(variables["z"]), variables["k"]) > mpmath.mpf(1) / 2


def test_cross_entropy_without_its_normaliser_is_refuted() -> None:
    verdict = si.check("H(p, softmax(z)) = -dot(p, z)")
    assert verdict.verdict == "refuted" and verdict.counterexample is not None
    variables = verdict.counterexample["variables"]
    p, z = entries(variables["p"]), entries(variables["z"])
    with mpmath.workdps(60):
        cross_entropy = -mpmath.fsum(pi * mpmath.log(_softmax_entry(z, i)) for i, pi in enumerate(p, start=1))
        assert abs(cross_entropy - (-_dot(p, z))) > mpmath.mpf(10) ** -10
        assert abs(cross_entropy - (_logsumexp(z) - _dot(p, z))) < mpmath.mpf(10) ** -40  # the true identity


def test_a_false_inner_product_bound_is_refuted() -> None:
    verdict = si.check("dot(w, x) <= dot(w, w)")
    assert verdict.verdict == "refuted" and verdict.counterexample is not None
    variables = verdict.counterexample["variables"]
    w, x = entries(variables["w"]), entries(variables["x"])
    assert _dot(w, x) > _dot(w, w)


def test_a_claim_false_only_beyond_twenty_classes_is_refuted_by_structured_logits() -> None:
    """``H(softmax(z)) <= log(20)`` holds for n <= 20 (H <= log n); nearly equal logits break it at n = 21."""
    verdict = si.check("H(softmax(z)) <= log(20)")
    assert verdict.verdict == "refuted" and verdict.counterexample is not None, verdict.report()
    assert verdict.counterexample["n"] > 20


@pytest.mark.parametrize(
    ("claim", "column", "message"),
    [
        ("z + z[1] = 1", 5, "'z' is used as a real variable and as a real vector"),
        ("z[1] + z = 1", 8, "'z' is a real vector: use its entries"),
        ("softmax(z) = 1", 1, "softmax(...) is a probability vector: index it"),
        ("H(z) >= 0", 3, "for a real vector z: softmax(z)"),
        ("logsumexp(z[1]) = 0", 11, "a vector is a name, as p or z, or softmax(z)"),
        ("dot(w) = 0", 1, "dot takes 2 argument(s), got 1"),
        ("sigmoid(z)[1] = 0", 11, "sigmoid(z) is a number, not a vector"),
        ("n[1] = 0", 1, "'n' is not a vector"),
        ("sum(exp(z[i]), z) = 1", 9, "'z' is bound here: it cannot be a vector"),
    ],
)
def test_misused_vectors_are_errors_with_a_column(claim: str, column: int, message: str) -> None:
    assert_error_at(claim, column, message)


@pytest.mark.parametrize(
    ("latex", "plain"),
    [
        (r"\operatorname{softmax}(z)_k > 0", "softmax(z)[k] > 0"),
        (r"\sum_{j=1}^{n} e^{z_j} \geq e^{z_k}", "sum(e**(z[j]), j) >= e**(z[k])"),
        (r"w^\top x \leq w^{\top} w", "dot(w, x) <= dot(w, w)"),
        (r"\operatorname{LSE}(z) \geq z_1", "logsumexp(z) >= z[1]"),
        (r"x_1 + x_2 \geq 0", "x_1 + x_2 >= 0"),  # numbered names, not entries, unless x is a vector
    ],
)
def test_latex_spellings_of_vectors(latex: str, plain: str) -> None:
    assert latex_to_claim(latex) == plain


def test_real_vectors_are_sampled_from_every_region_and_deterministically() -> None:
    claim = translate(parse_claim("logsumexp(z) >= dot(w, z)"))
    first = [dict(point.values) for point in sample(claim.variables, seed=3, count=60)]
    again = [dict(point.values) for point in sample(claim.variables, seed=3, count=60)]
    assert first == again
    entries = [value for point in first for name, value in point.items() if name.startswith("z[")]
    assert max(abs(value) for value in entries) >= 100  # large logits, where exp overflows a double
    assert any(0 < abs(value) < Fraction(1, 10**8) for value in entries)  # and tiny ones
    assert any(len({v for name, v in point.items() if name.startswith("z[")}) == 1 for point in first)  # equal
    for region in REAL_REGIONS:
        assert len(real_entries(random.Random(0), 4, region)) == 4


def test_an_exact_zero_is_looked_for_only_at_short_numbers() -> None:
    """SymPy can take hours to simplify at numbers of 65 bits: such a point confirms nothing (no refutation)."""
    x, y = sp.symbols("x y", positive=True)
    difference = sp.log(x * y) - sp.log(x) - sp.log(y)  # 0 everywhere, but not once the values are put in
    assert _exactly_zero(difference, {x: sp.Rational(1, 3), y: sp.Rational(2, 5)})
    long = sp.Rational(2**64 + 1, 2**65)
    assert not _exactly_zero(difference, {x: long, y: long + 1})


def test_the_entropy_of_a_softmax_is_proved_not_stuck_at_huge_logits() -> None:
    """At z = (-0.87, 100000, -3.49) the right side cancels to 0 at 1000 digits while the left is 1.6e-43425.

    SymPy's exact evaluation would raise its precision to ~43000 digits (minutes) to tell them apart; beyond
    e^5000 it is not tried, the point is not a counterexample, and the claim is proved in seconds. The same
    claim shifted by 1e-50 is still refuted.
    """
    identity = "E(softmax(z), -log(softmax(z))) = logsumexp(z) - E(softmax(z), z)"
    assert si.check(identity).verdict == "proved"
    shifted = si.check(identity + " + 1/10**50")
    assert shifted.verdict == "refuted" and shifted.counterexample is not None
    z = [mpmath.mpf(value) for value in shifted.counterexample["variables"]["z"]]
    with mpmath.workdps(2000):
        total = mpmath.fsum(mpmath.exp(entry) for entry in z)
        softmax = [mpmath.exp(entry) / total for entry in z]
        left = -mpmath.fsum(s * mpmath.log(s) for s in softmax)
        right = mpmath.log(total) - mpmath.fsum(s * entry for s, entry in zip(softmax, z, strict=True))
        assert abs(left - (right + mpmath.mpf(10) ** -50)) > mpmath.mpf(10) ** -60
