"""KL decomposition, Gibbs' inequality, the worked examples and the Gaussian results against independent oracles.

Expected values come from mpmath (50 digits), scipy.stats and numeric quadrature, never from
the derivations; wrong variants (the seeds' errors among them) must be rejected by the verifier.
"""

from __future__ import annotations

import random
from fractions import Fraction

import mpmath
import pytest
import sympy as sp
from scipy import integrate, stats

from symbolic_info.catalogue.continuous import Expectation
from symbolic_info.engine import Chain, Derivation, StepVerdict, verify
from symbolic_info.engine.domain import CategoryCount, Domain, OnSimplex, Real
from symbolic_info.engine.operations import Rounded
from symbolic_info.formulas.definitions import entropy, kl_divergence
from symbolic_info.formulas.named import CrossEntropy, Entropy, KLDivergence
from symbolic_info.formulas.vectors import Categories, Vector

from .conftest import VerifiedLookup, catalogue_params
from .crosscheck import ORACLE_DIGITS

MINE = ("kl-decomposition", "gibbs-inequality", "worked-examples", "gaussian-entropy-kl")


def _verdicts(*chains: Chain, domain: Domain) -> list[StepVerdict]:
    """Verdicts on wrong variants; no proof exists, so a short symbolic budget only saves time."""
    report = verify(Derivation("variant", "Variant", domain, chains), budget=1.0)
    return [result.verdict for result in report.step_results]


def _simplex(n: int, rng: random.Random) -> list[mpmath.mpf]:
    weights = [-mpmath.log(mpmath.mpf(rng.random()) + mpmath.mpf("1e-30")) for _ in range(n)]
    total = mpmath.fsum(weights)
    return [w / total for w in weights]


@pytest.mark.slow
@pytest.mark.parametrize("derivation_id", catalogue_params(MINE))
def test_every_step_is_proved_symbolically(verified: VerifiedLookup, derivation_id: str) -> None:
    report = verified(derivation_id)
    assert report.ok
    assert {result.verdict for result in report.step_results} == {StepVerdict.SYMBOLIC}


@pytest.mark.slow  # verifies gibbs-inequality and gaussian-entropy-kl
def test_the_last_line_of_each_derivation_is_the_true_result(verified: VerifiedLookup) -> None:
    gibbs = verified("gibbs-inequality").derivation
    assert gibbs.chains[2].steps[-1].relation.value == ">=" and gibbs.chains[2].steps[-1].statement == 0
    decomposition = verified("kl-decomposition").derivation.chains[0]
    p, q = Vector("p", Categories.general()), Vector("q", Categories.general())
    assert decomposition.steps[-1].statement == CrossEntropy.of(p, q) - Entropy.of(p)
    gaussian = verified("gaussian-entropy-kl").derivation
    sigma = sp.Symbol("sigma", positive=True)
    assert gaussian.chains[4].steps[-1].statement == sp.log(2 * sp.pi * sp.E * sigma**2) / 2


# --- KL decomposition and Gibbs' inequality -------------------------------------------------------------


def test_decomposition_and_gibbs_weights_match_mpmath_at_random_distributions() -> None:
    rng = random.Random(20240602)
    with mpmath.workdps(ORACLE_DIGITS):
        for n in (2, 3, 5):
            p, q = _simplex(n, rng), _simplex(n, rng)
            divergence = mpmath.fsum(a * mpmath.log(a / b) for a, b in zip(p, q, strict=True))
            cross = -mpmath.fsum(a * mpmath.log(b) for a, b in zip(p, q, strict=True))
            own = -mpmath.fsum(a * mpmath.log(a) for a in p)
            assert abs(divergence - (cross - own)) < mpmath.mpf("1e-45")
            weights = [
                mpmath.quad(lambda u, a=a, b=b: u / ((1 - u) * a + u * b), [0, 1]) for a, b in zip(p, q, strict=True)
            ]
            squares = mpmath.fsum((a - b) ** 2 * w for a, b, w in zip(p, q, weights, strict=True))
            assert abs(divergence - squares) < mpmath.mpf("1e-40")
            assert min(weights) > 0 and divergence > 0


def test_the_lemma_integral_form_matches_quadrature() -> None:
    with mpmath.workdps(ORACLE_DIGITS):
        for x in (mpmath.mpf("0.01"), mpmath.mpf("0.5"), mpmath.mpf(3), mpmath.mpf(40)):
            gap = x - 1 - mpmath.log(x)
            remainder = (x - 1) ** 2 * mpmath.quad(lambda u, x=x: u / (1 + (x - 1) * u), [0, 1])
            assert abs(gap - remainder) < mpmath.mpf("1e-40") and gap > 0


@pytest.mark.slow  # verifies gibbs-inequality
def test_asymmetry_example_matches_scipy_and_the_exact_difference(verified: VerifiedLookup) -> None:
    p, q = [0.5, 0.5], [0.25, 0.75]
    forward, backward = stats.entropy(p, q), stats.entropy(q, p)
    assert forward == pytest.approx(float(mpmath.log(mpmath.mpf(4) / 3) / 2), rel=1e-14)
    assert backward == pytest.approx(float(mpmath.log(3) * 3 / 4 - mpmath.log(2)), rel=1e-14)
    assert forward - backward == pytest.approx(float(mpmath.log(mpmath.mpf(256) / 243) / 4), rel=1e-12)
    report = verified("gibbs-inequality")
    shown = [
        step.by.written[0] for chain in report.derivation.chains for step in chain.steps if isinstance(step.by, Rounded)
    ]
    assert shown == ["0.1438", "0.1308"]
    for decimal, value in zip(shown, (forward, backward), strict=True):
        assert abs(float(decimal) - value) <= 0.5e-4


@pytest.mark.slow
def test_seed_000_sign_and_other_wrong_kl_steps_are_rejected() -> None:
    categories = Categories.general()
    p, q = Vector("p", categories), Vector("q", categories)
    domain = Domain.of(CategoryCount(categories.n), OnSimplex(p), OnSimplex(q))
    seed_sign = Chain.start(KLDivergence.of(p, q)).equals(-kl_divergence(p, q), "seed 000's formula")
    reversed_decomposition = Chain.start(KLDivergence.of(p, q)).equals(
        Entropy.of(p) - CrossEntropy.of(p, q), "entropy minus cross-entropy"
    )
    wrong_sign = Chain.start(KLDivergence.of(p, q)).le(0, "the divergence is never positive")
    symmetric = Chain.start(kl_divergence([sp.Rational(1, 2)] * 2, [sp.Rational(1, 4), sp.Rational(3, 4)])).equals(
        kl_divergence([sp.Rational(1, 4), sp.Rational(3, 4)], [sp.Rational(1, 2)] * 2), "symmetry"
    )
    assert (
        _verdicts(seed_sign, reversed_decomposition, wrong_sign, symmetric, domain=domain) == [StepVerdict.FAILED] * 4
    )


# --- Worked examples --------------------------------------------------------------------------------------


@pytest.mark.slow
def test_worked_example_decimals_match_scipy(verified: VerifiedLookup) -> None:
    oracles = {
        "0.602": stats.entropy([0.25] * 4, base=10),
        "0.1859": stats.entropy([0.9, 0.05, 0.02, 0.03], base=10),
        "1.585": stats.entropy([1 / 3] * 3, base=2),
        "1.369": stats.entropy([0.45, 0.45, 0.1], base=2),
    }
    report = verified("worked-examples")
    decimals = [step.by for chain in report.derivation.chains for step in chain.steps if isinstance(step.by, Rounded)]
    scalars = {rounded.written[0] for rounded in decimals if not rounded.column}
    assert scalars == set(oracles)
    for decimal, value in oracles.items():
        places = len(decimal.partition(".")[2])
        assert abs(float(decimal) - value) <= 0.5 * 10.0**-places
    (terms,) = [rounded for rounded in decimals if rounded.column]
    for decimal, p in zip(terms.written, (0.9, 0.05, 0.02, 0.03), strict=True):
        assert abs(float(decimal) + p * mpmath.log10(p)) <= 0.5e-3
    assert sum(Fraction(decimal) for decimal in terms.written) == Fraction("0.186")
    assert stats.entropy([0.25] * 4, base=2) == pytest.approx(2.0, rel=1e-15)


@pytest.mark.slow
@pytest.mark.parametrize("wrong", ["0.086", "0.2007", "0.1858", "0.1860"])
def test_wrong_values_for_the_skewed_example_are_rejected(wrong: str) -> None:
    skewed = entropy([sp.Rational(9, 10), sp.Rational(1, 20), sp.Rational(1, 50), sp.Rational(3, 100)], base=10)
    assert _verdicts(Chain.start(skewed).approx(wrong, "a wrong decimal"), domain=Domain.of()) == [StepVerdict.FAILED]


@pytest.mark.slow
def test_the_ternary_example_lies_between_one_bit_and_log2_3() -> None:
    value = stats.entropy([0.45, 0.45, 0.1], base=2)
    assert 1.0 < value < float(mpmath.log(3, 2))
    too_high = Chain.start(entropy([sp.Rational(9, 20), sp.Rational(9, 20), sp.Rational(1, 10)], base=2)).gt(
        sp.log(3) / sp.log(2), "above the maximum"
    )
    assert _verdicts(too_high, domain=Domain.of()) == [StepVerdict.FAILED]


# --- Gaussians --------------------------------------------------------------------------------------------

MU, MU1, MU2 = sp.symbols("mu mu_1 mu_2", real=True)
SIGMA, SIGMA1, SIGMA2 = sp.symbols("sigma sigma_1 sigma_2", positive=True)
GAUSSIAN_DOMAIN = Domain.of(
    Real(MU), Real(SIGMA, low=0), Real(MU1), Real(SIGMA1, low=0), Real(MU2), Real(SIGMA2, low=0)
)


def _closed_form_kl(mu1: float, s1: float, mu2: float, s2: float) -> float:
    value = sp.log(SIGMA2 / SIGMA1) + (SIGMA1**2 + (MU1 - MU2) ** 2) / (2 * SIGMA2**2) - sp.Rational(1, 2)
    return float(value.subs({MU1: mu1, SIGMA1: s1, MU2: mu2, SIGMA2: s2}))


@pytest.mark.slow  # verifies gaussian-entropy-kl
@pytest.mark.parametrize(("mu", "sigma"), [(0.0, 1.0), (-3.0, 0.1), (2.5, 7.0)])
def test_gaussian_entropy_matches_scipy(verified: VerifiedLookup, mu: float, sigma: float) -> None:
    derived = verified("gaussian-entropy-kl").derivation.chains[4].steps[-1].statement
    assert isinstance(derived, sp.Expr)
    value = float(derived.subs({MU: mu, SIGMA: sigma}))
    assert value == pytest.approx(float(stats.norm(mu, sigma).entropy()), rel=1e-12)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("mu1", "s1", "mu2", "s2"), [(0.0, 1.0, 0.0, 1.0), (0.0, 1.0, 1.0, 2.0), (-1.5, 0.5, 2.0, 0.8)]
)
def test_gaussian_kl_matches_quadrature(mu1: float, s1: float, mu2: float, s2: float) -> None:
    first, second = stats.norm(mu1, s1), stats.norm(mu2, s2)
    low, high = mu1 - 40 * s1, mu1 + 40 * s1
    quadrature, _ = integrate.quad(lambda x: first.pdf(x) * (first.logpdf(x) - second.logpdf(x)), low, high, limit=200)
    assert _closed_form_kl(mu1, s1, mu2, s2) == pytest.approx(quadrature, abs=1e-10)


@pytest.mark.slow  # verifies gaussian-entropy-kl
def test_wrong_gaussian_formulas_are_rejected(verified: VerifiedLookup) -> None:
    x = sp.Symbol("x", real=True)
    after_moments = verified("gaussian-entropy-kl").derivation.chains[4].steps[-2].statement
    without_e = Chain.start(after_moments).equals(sp.log(2 * sp.pi * SIGMA**2) / 2, "forgetting the 1/2")
    variance = Chain.start(Expectation((MU - x) ** 2, MU, SIGMA)).equals(SIGMA, "the standard deviation")
    moments = verified("gaussian-entropy-kl").derivation.chains[5].steps[3].statement
    assert isinstance(moments, sp.Expr)
    minus_one = Chain.start(moments).equals(
        sp.log(SIGMA2 / SIGMA1) + (SIGMA1**2 + (MU1 - MU2) ** 2) / (2 * SIGMA2**2) - 1, "minus one"
    )
    swapped = Chain.start(moments).equals(
        sp.log(SIGMA1 / SIGMA2) + (SIGMA2**2 + (MU1 - MU2) ** 2) / (2 * SIGMA1**2) - sp.Rational(1, 2),
        "the roles of the two Gaussians swapped",
    )
    assert after_moments == sp.log(2 * sp.pi * SIGMA**2) / 2 + sp.Rational(1, 2)
    assert moments.has(SIGMA1) and not moments.has(sp.Integral, Expectation)
    verdicts = _verdicts(without_e, variance, minus_one, swapped, domain=GAUSSIAN_DOMAIN)
    assert verdicts == [StepVerdict.FAILED] * 4
