"""Continuous distributions: the closed forms against their defining integrals, and claims about them (issue 15).

Oracles: mpmath's numerical quadrature of ``-f log f`` and ``f log(f/g)`` at 30 digits, written here from
the textbook densities (not from the closed forms), and SymPy's integration of the same integrals at
symbolic parameters (an independent derivation).
"""

from __future__ import annotations

from collections.abc import Callable

import mpmath
import pytest
import sympy as sp

import symbolic_info as si
from symbolic_info.claims.from_latex import latex_to_claim
from symbolic_info.formulas import densities

from .claim_errors import assert_error_at

pytestmark = pytest.mark.slow  # these check claims: a second or so each (the quick loop leaves them out)

Pdf = Callable[[mpmath.mpf], mpmath.mpf]


def _normal_pdf(mu: float, sigma: float) -> Pdf:
    return lambda x: mpmath.exp(-((x - mu) ** 2) / (2 * sigma**2)) / mpmath.sqrt(2 * mpmath.pi * sigma**2)


def _exponential_pdf(lam: float) -> Pdf:
    return lambda x: lam * mpmath.exp(-lam * x)


def _quad(integrand: Pdf, low: object, high: object) -> mpmath.mpf:
    return mpmath.quad(integrand, [low, high])


@pytest.mark.parametrize(
    ("density", "pdf", "support"),
    [
        (densities.normal(sp.Rational(1, 2), sp.Rational(3, 2)), _normal_pdf(0.5, 1.5), (-mpmath.inf, mpmath.inf)),
        (densities.uniform(-1, sp.Rational(1, 4)), lambda x: mpmath.mpf(1) / mpmath.mpf(1.25), (-1, 0.25)),
        (densities.exponential(3), _exponential_pdf(3), (0, mpmath.inf)),
    ],
)
def test_differential_entropy_is_the_integral(
    density: densities.Density, pdf: Pdf, support: tuple[object, object]
) -> None:
    with mpmath.workdps(30):
        numeric = _quad(lambda x: -pdf(x) * mpmath.log(pdf(x)), *support)
        closed = sp.N(densities.differential_entropy(density), 30)
        assert abs(numeric - mpmath.mpf(str(closed))) < mpmath.mpf(10) ** -20


@pytest.mark.parametrize(
    ("first", "second", "pdfs", "support"),
    [
        (
            densities.normal(0, 1),
            densities.normal(1, 2),
            (_normal_pdf(0, 1), _normal_pdf(1, 2)),
            (-mpmath.inf, mpmath.inf),
        ),
        (
            densities.exponential(2),
            densities.exponential(sp.Rational(1, 3)),
            (_exponential_pdf(2), _exponential_pdf(1 / 3)),
            (0, mpmath.inf),
        ),
        # against a normal density, any first one: log of a normal density is a quadratic
        (
            densities.uniform(-1, sp.Rational(1, 4)),
            densities.normal(sp.Rational(1, 2), sp.Rational(3, 2)),
            (lambda x: mpmath.mpf(1) / mpmath.mpf(1.25), _normal_pdf(0.5, 1.5)),
            (-1, 0.25),
        ),
        (
            densities.exponential(3),
            densities.normal(-1, 2),
            (_exponential_pdf(3), _normal_pdf(-1, 2)),
            (0, mpmath.inf),
        ),
    ],
)
def test_kl_and_cross_entropy_are_the_integrals(
    first: densities.Density, second: densities.Density, pdfs: tuple[Pdf, Pdf], support: tuple[object, object]
) -> None:
    f, g = pdfs
    with mpmath.workdps(30):
        kl = _quad(lambda x: f(x) * mpmath.log(f(x) / g(x)), *support)
        cross = _quad(lambda x: -f(x) * mpmath.log(g(x)), *support)
        assert abs(kl - mpmath.mpf(str(sp.N(densities.kl_divergence(first, second), 30)))) < mpmath.mpf(10) ** -15
        assert abs(cross - mpmath.mpf(str(sp.N(densities.cross_entropy(first, second), 30)))) < mpmath.mpf(10) ** -15


@pytest.mark.slow
def test_the_exponential_closed_forms_are_sympys_integrals_at_symbolic_rates() -> None:
    """The Gaussian forms are proved step by step in the book (gaussian-entropy-kl); these are not: SymPy integrates."""
    x = sp.Symbol("x", positive=True)
    lam, mu = sp.symbols("lam mu", positive=True)
    f, g = lam * sp.exp(-lam * x), mu * sp.exp(-mu * x)
    entropy = sp.integrate(sp.expand(-f * sp.expand_log(sp.log(f), force=True)), (x, 0, sp.oo))
    kl = sp.integrate(sp.expand(f * sp.expand_log(sp.log(f / g), force=True)), (x, 0, sp.oo))
    assert sp.simplify(entropy - densities.differential_entropy(densities.exponential(lam))) == 0
    assert sp.simplify(kl - densities.kl_divergence(densities.exponential(lam), densities.exponential(mu))) == 0


@pytest.mark.parametrize(
    "claim",
    [
        "h(normal(mu, sigma)) = log(2*pi*e*sigma**2)/2",
        "h(uniform(0, 1/2)) < 0",
        "KL(normal(m1, s1), normal(m2, s2)) >= 0",
        "H(normal(0, 1), normal(0, 2)) = h(normal(0, 1)) + KL(normal(0, 1), normal(0, 2))",
        "h(exponential(lam)) = 1 - log(lam)",
    ],
)
def test_true_claims_about_densities_are_proved(claim: str) -> None:
    verdict = si.check(claim)
    assert verdict.verdict == "proved", verdict.report()


def test_a_false_claim_about_a_density_is_refuted_where_the_integral_says_so() -> None:
    verdict = si.check("h(exponential(lam)) <= 1")
    assert verdict.verdict == "refuted" and verdict.counterexample is not None, verdict.report()
    lam = float(verdict.counterexample["variables"]["lam"])
    with mpmath.workdps(30):
        pdf = _exponential_pdf(lam)
        assert _quad(lambda x: -pdf(x) * mpmath.log(pdf(x)), 0, mpmath.inf) > 1


@pytest.mark.parametrize(
    ("claim", "column", "message"),
    [
        ("normal(0, 1) = 1", 1, "normal(...) is a continuous distribution: give it to h, KL or H"),
        ("h(normal(0, -1)) = 0", 3, "normal(mu, sigma) needs 0 < -1"),
        ("H(normal(0, 1)) = 1", 1, "write h(...)"),
        ("KL(normal(0, 1), uniform(0, 1)) = 1", 1, "the second distribution must be normal, or both exponential"),
        ("H(uniform(0, 1), exponential(1)) = 1", 1, "H(uniform, exponential) has no closed form here"),
        ("h(p) = 0", 3, "a continuous distribution is one of normal, uniform, exponential"),
        ("KL(normal(0, 1), normal(0, 1), base=2) = 0", 32, "KL of continuous distributions is in nats"),
    ],
)
def test_misused_distributions_are_errors_with_a_column(claim: str, column: int, message: str) -> None:
    assert_error_at(claim, column, message)


def test_latex_takes_the_variance() -> None:
    assert latex_to_claim(r"h(\mathcal{N}(\mu, \sigma^2)) = \frac{1}{2} \log 2 \pi e \sigma^2") == (
        "h(normal(mu, sigma)) = ((1)/(2))*log(2*pi*e*sigma**(2))"
    )
    assert latex_to_claim(r"h(\mathcal{N}(0, 4)) = 0") == "h(normal(0, sqrt(4))) = 0"
    assert si.check(r"h(\mathcal{N}(0, 4)) = \log 2 + \frac{1}{2} \log 2 \pi e", latex=True).verdict == "proved"
