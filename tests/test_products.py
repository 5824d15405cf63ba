"""``prod(expr, i)``: products over the categories, likelihoods (issue 15).

True claims are proved (the logarithm of a product is a sum; products of positive factors as
exponentials of sums); false ones are refuted at a point whose sides are recomputed here with mpmath
from the listed entries; malformed ones are errors with a column; the LaTeX ``\\prod`` is read back.
"""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp

import symbolic_info as si
from symbolic_info.claims.from_latex import latex_to_claim
from symbolic_info.claims.syntax import parse_claim
from symbolic_info.claims.translate import translate

from .claim_errors import assert_error_at
from .counterexample_values import entries


def test_prod_is_a_product_over_the_categories() -> None:
    claim = translate(parse_claim("prod(q[i], i) <= 1"))
    product = claim.relations[0].left
    assert isinstance(product, sp.Product) and product.limits[0][1:] == (1, claim.variables.n)


@pytest.mark.slow
@pytest.mark.parametrize(
    "claim",
    [
        "log(prod(q[i]**p[i], i)) = -H(p, q)",  # the log-likelihood of q on frequencies p
        "prod(exp(z[i]), i) = exp(sum(z[i], i))",
        "prod(q[i]*r[i], i) = prod(q[i], i)*prod(r[i], i)",
        "prod(q[i]**2, i) = prod(q[i], i)**2",
        "prod(q) > 0",
        "argmin(-log(prod(q[i]**p[i], i)), q) = argmin(KL(p, q), q)",  # maximum likelihood is minimum KL
    ],
)
def test_true_claims_about_products_are_proved(claim: str) -> None:
    verdict = si.check(claim)
    assert verdict.verdict == "proved", verdict.report()


@pytest.mark.slow
def test_a_product_of_probabilities_is_not_at_least_a_half() -> None:
    verdict = si.check("prod(q[i], i) >= 1/2")
    assert verdict.verdict == "refuted" and verdict.counterexample is not None, verdict.report()
    q = entries(verdict.counterexample["variables"]["q"])
    with mpmath.workdps(60):
        assert mpmath.fprod(q) < mpmath.mpf(1) / 2


@pytest.mark.slow
def test_a_wrong_power_of_a_product_is_refuted() -> None:
    verdict = si.check("prod(q[i]**2, i) = prod(q[i], i)**3")
    assert verdict.verdict == "refuted" and verdict.counterexample is not None, verdict.report()
    q = entries(verdict.counterexample["variables"]["q"])
    with mpmath.workdps(60):
        assert mpmath.fprod(v**2 for v in q) != mpmath.fprod(q) ** 3


def test_the_logarithm_of_a_product_of_reals_is_not_split() -> None:
    # log(z1 z2) = log z1 + log z2 only for positive factors: nothing is proved for real ones
    assert si.check("log(prod(z[i], i)) = sum(log(z[i]), i)").verdict != "proved"


@pytest.mark.parametrize(
    ("claim", "column", "message"),
    [
        ("prod(x) = 1", 1, "not supported: prod(x)"),
        ("prod(q[i], 2) = 1", 12, "the second argument of prod is the index name"),
        ("prod(q[i], n) = 1", 12, "'n' cannot be a summation index"),
    ],
)
def test_malformed_products_are_errors_with_a_column(claim: str, column: int, message: str) -> None:
    assert_error_at(claim, column, message)


def test_the_latex_product_is_read() -> None:
    assert latex_to_claim(r"\log \prod_{i=1}^{n} q_i^{p_i} = -H(p, q)") == "log(prod(q[i]**(p[i]), i)) = -H(p, q)"
