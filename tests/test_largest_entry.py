"""``max(z)`` and ``min(z)``: the largest and smallest entry of a vector (issue 15).

True claims hold (no symbolic proof is claimed: the search's evidence is all the verdict says); false
ones are refuted at a point whose sides are recomputed here with mpmath from the textbook formulas
(``max`` of the listed entries, never the checker's evaluator); misuse is an error with a column;
the LaTeX spellings are read back and written; a statement through second derivatives refuses ``max``.
"""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp

import symbolic_info as si
from symbolic_info.claims.connectives import claim_latex
from symbolic_info.claims.from_latex import latex_to_claim
from symbolic_info.formulas.vectors import Categories, LargestEntry, SmallestEntry, Vector

from .claim_errors import assert_error_at
from .counterexample_values import entries


def test_the_largest_entry_is_a_max_of_the_entries_once_n_is_anumber() -> None:
    categories = Categories.general()
    z = Vector("z", categories, positive=False)
    three = z.largest().xreplace({categories.n: 3})
    assert three == sp.Max(z[1], z[2], z[3], evaluate=False)
    at = {z[1]: sp.Rational(-1), z[2]: sp.Rational(5, 2), z[3]: sp.Rational(2)}
    assert three.xreplace(at) == sp.Rational(5, 2)
    assert z.smallest().xreplace({categories.n: 3}).xreplace(at) == -1
    assert isinstance(z.largest(), LargestEntry) and isinstance(z.smallest(), SmallestEntry)
    assert z.largest().is_real and Vector("p", categories).largest().is_positive
    assert sp.diff(z.largest(), Vector("w", categories, positive=False)[1]) == 0


@pytest.mark.slow
@pytest.mark.parametrize(
    "claim",
    [
        "max(z) >= z[k]",
        "min(z) <= z[k]",
        "logsumexp(z) <= max(z) + log(n)",
        "logsumexp(z) >= max(z)",
        "max(p) >= 1/n",
        "min(z) <= dot(p, z)",
        "H(p) >= -log(max(p))",
    ],
)
def test_true_claims_about_the_largest_entry_hold(claim: str) -> None:
    verdict = si.check(claim)
    assert verdict.verdict in ("proved", "holds"), verdict.report()


@pytest.mark.slow
def test_logsumexp_is_not_at_most_the_largest_logit() -> None:
    verdict = si.check("logsumexp(z) <= max(z)")
    assert verdict.verdict == "refuted" and verdict.counterexample is not None, verdict.report()
    z = entries(verdict.counterexample["variables"]["z"])
    with mpmath.workdps(60):
        assert mpmath.log(mpmath.fsum(mpmath.exp(v) for v in z)) > max(z)


@pytest.mark.slow
def test_a_strict_bound_fails_at_the_uniform_distribution() -> None:
    verdict = si.check("max(p) > 1/n")
    assert verdict.verdict == "refuted" and verdict.counterexample is not None, verdict.report()
    p = entries(verdict.counterexample["variables"]["p"])
    with mpmath.workdps(60):
        assert max(p) <= mpmath.mpf(1) / len(p)


@pytest.mark.slow
def test_the_entropy_is_not_bounded_by_the_largest_probability_from_above() -> None:
    verdict = si.check("H(p) <= -log(max(p))")
    assert verdict.verdict == "refuted" and verdict.counterexample is not None, verdict.report()
    p = entries(verdict.counterexample["variables"]["p"])
    with mpmath.workdps(60):
        assert -mpmath.fsum(v * mpmath.log(v) for v in p if v) > -mpmath.log(max(p))


@pytest.mark.parametrize(
    ("claim", "column", "message"),
    [
        ("max(z, z, z) = 1", 1, "max takes 1 or 2 argument(s), got 3"),
        ("max(z[1]) = 1", 5, "a vector is a name, as p or z, or softmax(z)"),
        ("max(softmax(z)) >= 0", 1, "not supported: max(softmax(z)); you can write max of a vector's name"),
        ("convex(max(z), z)", 8, "max(z) is not twice differentiable"),
        ("concave(min(z), z)", 9, "min(z) is not twice differentiable"),
    ],
)
def test_misused_extremes_are_errors_with_a_column(claim: str, column: int, message: str) -> None:
    assert_error_at(claim, column, message)


@pytest.mark.parametrize(
    ("latex", "plain"),
    [
        (r"\max_i z_i \geq z_k", "max(z) >= z[k]"),
        (r"\max_{j} w_{j} \ge \min_j w_j", "max(w) >= min(w)"),
        (r"\max(z) \geq z_1", "max(z) >= z[1]"),
        (r"\max_{x} \left(x - x^2\right) = \frac{1}{4}", "max((x - x**(2)), x) = ((1)/(4))"),  # still the optimum
    ],
)
def test_latex_spellings_of_the_largest_entry(latex: str, plain: str) -> None:
    assert latex_to_claim(latex) == plain


def test_the_largest_entry_is_written_as_a_max_over_the_index() -> None:
    assert claim_latex("max(z) >= z[k]") == r"\max_{i} z_{i} \geq z_{k}"
    assert latex_to_claim(claim_latex("min(w) <= max(w)")) == "min(w) <= max(w)"
