"""Mutual information, information gain, the GAN optimum, perplexity, diagonal Gaussians, the softmax entropy.

Each derivation's result is checked against an independent oracle: mpmath at 50 digits on the textbook
formula (and quadrature, SciPy, PyTorch-free NumPy where a second opinion helps), never the engine.
"""

from __future__ import annotations

import math
import random

import mpmath
import numpy as np
import pytest
import sympy as sp
from scipy import integrate
from scipy.spatial.distance import jensenshannon

from symbolic_info import catalogue
from symbolic_info.catalogue.decision_tree import decision_tree_information_gain
from symbolic_info.catalogue.perplexity import perplexity
from symbolic_info.engine import StepVerdict
from symbolic_info.engine.operations import Rounded

from .conftest import VerifiedLookup, catalogue_params
from .crosscheck import ORACLE_DIGITS

MINE = (
    "mutual-information",
    "decision-tree-information-gain",
    "gan-discriminator-optimum",
    "perplexity",
    "gaussian-kl-diagonal",
    "entropy-of-softmax",
    "differential-entropy-sign",
)


def _simplex(size: int, rng: random.Random) -> list[mpmath.mpf]:
    weights = [-mpmath.log(mpmath.mpf(rng.random()) + mpmath.mpf("1e-30")) for _ in range(size)]
    total = mpmath.fsum(weights)
    return [weight / total for weight in weights]


def _entropy(p: list[mpmath.mpf]) -> mpmath.mpf:
    return -mpmath.fsum(x * mpmath.log(x) for x in p if x != 0)


def _kl(p: list[mpmath.mpf], q: list[mpmath.mpf]) -> mpmath.mpf:
    return mpmath.fsum(x * mpmath.log(x / y) for x, y in zip(p, q, strict=True) if x != 0)


def test_the_new_part_of_the_book_lists_them_in_order() -> None:
    sections = dict(catalogue.book_sections())
    assert sections["Information measures in today's models"][: len(MINE)] == MINE  # then label smoothing, ...


@pytest.mark.parametrize("derivation_id", catalogue_params(MINE))
def test_every_step_is_proved_symbolically(verified: VerifiedLookup, derivation_id: str) -> None:
    report = verified(derivation_id)
    assert report.ok
    assert {result.verdict for result in report.step_results} == {StepVerdict.SYMBOLIC}


# --- mutual information and information gain --------------------------------------------------------------


def test_mutual_information_forms_agree_at_random_joint_distributions() -> None:
    rng = random.Random(20261201)
    with mpmath.workdps(ORACLE_DIGITS):
        for n, m in ((2, 2), (2, 3), (4, 3)):
            cells = _simplex(n * m, rng)
            joint = [cells[row * m : (row + 1) * m] for row in range(n)]
            rows = [mpmath.fsum(row) for row in joint]
            cols = [mpmath.fsum(joint[row][col] for row in range(n)) for col in range(m)]
            product = [rows[row] * cols[col] for row in range(n) for col in range(m)]
            divergence = _kl(cells, product)
            # H(X | Y) as the average over y of the entropy of the conditional distribution p(x | y)
            conditional = mpmath.fsum(
                cols[col] * _entropy([joint[row][col] / cols[col] for row in range(n)]) for col in range(m)
            )
            joint_entropy = _entropy(cells)
            assert abs(divergence - (_entropy(rows) + _entropy(cols) - joint_entropy)) < mpmath.mpf("1e-45")
            assert abs(divergence - (_entropy(rows) - conditional)) < mpmath.mpf("1e-45")
            assert abs(joint_entropy - (_entropy(cols) + conditional)) < mpmath.mpf("1e-45")  # the chain rule
            assert divergence > 0 and conditional < _entropy(rows)
        column = _simplex(3, rng)
        independent = [a * b for a in (mpmath.mpf("0.3"), mpmath.mpf("0.7")) for b in column]
        rows = [mpmath.fsum(independent[:3]), mpmath.fsum(independent[3:])]
        cols = [independent[k] + independent[k + 3] for k in range(3)]
        assert abs(_kl(independent, [r * c for r in rows for c in cols])) < mpmath.mpf("1e-45")


@pytest.mark.slow
def test_quinlan_outlook_split_gains_0_247_bits() -> None:
    table = {"sunny": (2, 3), "overcast": (4, 0), "rain": (3, 2)}  # (play, no play) on 14 days
    with mpmath.workdps(ORACLE_DIGITS):

        def bits(counts: tuple[int, ...]) -> mpmath.mpf:
            total = sum(counts)
            return _entropy([mpmath.mpf(c) / total for c in counts]) / mpmath.log(2)

        root = bits((9, 5))
        children = mpmath.fsum(mpmath.mpf(sum(c)) / 14 * bits(c) for c in table.values())
        gain = root - children
        assert mpmath.nstr(root, 3) == "0.94" and mpmath.nstr(children, 3) == "0.694"
        assert mpmath.nstr(gain, 3) == "0.247"  # Mitchell, Machine Learning (1997), table 3.2: 0.246 truncated
        last = decision_tree_information_gain().chains[-1]
        exact = last.first
        assert abs(mpmath.mpf(sp.N(exact, ORACLE_DIGITS)) - gain) < mpmath.mpf("1e-45")
        assert [step.by.written for step in last.steps if isinstance(step.by, Rounded)] == [("0.247",)]


# --- the GAN discriminator ---------------------------------------------------------------------------------


def test_gan_optimum_is_the_maximum_and_its_value_is_2js_minus_log4() -> None:
    rng = random.Random(7)
    with mpmath.workdps(ORACLE_DIGITS):
        for _ in range(5):
            a, b = mpmath.mpf(rng.random()) + mpmath.mpf("0.01"), mpmath.mpf(rng.random()) + mpmath.mpf("0.01")

            def value(d: mpmath.mpf, a: mpmath.mpf = a, b: mpmath.mpf = b) -> mpmath.mpf:
                return a * mpmath.log(d) + b * mpmath.log(1 - d)

            best = mpmath.findroot(lambda d, a=a, b=b: a / d - b / (1 - d), mpmath.mpf("0.5"))
            assert abs(best - a / (a + b)) < mpmath.mpf("1e-45")
            assert all(value(best) > value(best + step) for step in (mpmath.mpf("-1e-3"), mpmath.mpf("1e-3")))
        for n in (2, 3, 6):
            p, q = _simplex(n, rng), _simplex(n, rng)
            middle = [(x + y) / 2 for x, y in zip(p, q, strict=True)]
            js = (_kl(p, middle) + _kl(q, middle)) / 2
            optimum = mpmath.fsum(
                x * mpmath.log(x / (x + y)) + y * mpmath.log(y / (x + y)) for x, y in zip(p, q, strict=True)
            )
            assert abs(optimum - (2 * js - mpmath.log(4))) < mpmath.mpf("1e-45")
            assert 0 < js < mpmath.log(2)
            scipy_js = jensenshannon(np.array(p, dtype=float), np.array(q, dtype=float)) ** 2  # its square root
            assert scipy_js == pytest.approx(float(js), rel=1e-12)
        near_disjoint = ([mpmath.mpf(1) - mpmath.mpf("1e-30"), mpmath.mpf("1e-30")],) * 2
        p, q = near_disjoint[0], near_disjoint[1][::-1]
        middle = [(x + y) / 2 for x, y in zip(p, q, strict=True)]
        assert mpmath.log(2) - (_kl(p, middle) + _kl(q, middle)) / 2 < mpmath.mpf("1e-27")


# --- perplexity --------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_perplexity_bounds_uniform_model_and_geometric_mean() -> None:
    rng = random.Random(11)
    with mpmath.workdps(ORACLE_DIGITS):
        for n in (2, 5, 50):
            p, q = _simplex(n, rng), _simplex(n, rng)
            cross = -mpmath.fsum(x * mpmath.log(y) for x, y in zip(p, q, strict=True))
            assert mpmath.exp(cross) > mpmath.exp(_entropy(p))
            assert abs(mpmath.exp(-mpmath.fsum(x * mpmath.log(x) for x in p)) - mpmath.exp(_entropy(p))) < 1e-40
            uniform = -mpmath.fsum(x * mpmath.log(mpmath.mpf(1) / n) for x in p)
            assert abs(mpmath.exp(uniform) - n) < mpmath.mpf("1e-40")
            assert abs(mpmath.exp(cross) - mpmath.power(2, cross / mpmath.log(2))) < mpmath.mpf("1e-40")
        tokens = [mpmath.mpf("0.5"), mpmath.mpf("0.1"), mpmath.mpf("0.02")]
        per_token = -mpmath.fsum(mpmath.log(t) for t in tokens) / 3
        assert abs(mpmath.exp(per_token) - 1 / mpmath.cbrt(tokens[0] * tokens[1] * tokens[2])) < 1e-45
    bound = perplexity().chains[0]
    assert bound.relation is not None and bound.relation.value == ">="


# --- diagonal Gaussians ------------------------------------------------------------------------------------


def _closed_form(mu1: list[float], s1: list[float], mu2: list[float], s2: list[float]) -> mpmath.mpf:
    return mpmath.fsum(
        mpmath.log(mpmath.mpf(b) / a)
        + (mpmath.mpf(a) ** 2 + (mpmath.mpf(m1) - m2) ** 2) / (2 * mpmath.mpf(b) ** 2)
        - 0.5
        for m1, a, m2, b in zip(mu1, s1, mu2, s2, strict=True)
    )


@pytest.mark.slow
def test_diagonal_gaussian_kl_matches_two_dimensional_quadrature() -> None:
    """The divergence of the two product densities, integrated over the plane (SciPy, double precision)."""
    mu1, s1, mu2, s2 = [0.3, -1.0], [0.7, 1.5], [1.0, 0.5], [1.2, 0.8]

    def log_density(point: tuple[float, float], means: list[float], sds: list[float]) -> float:
        return sum(
            -((v - m) ** 2) / (2 * s**2) - math.log(s) - 0.5 * math.log(2 * math.pi)
            for v, m, s in zip(point, means, sds, strict=True)
        )

    def integrand(y: float, x: float) -> float:
        log_first = log_density((x, y), mu1, s1)
        return math.exp(log_first) * (log_first - log_density((x, y), mu2, s2))

    numeric, error = integrate.dblquad(integrand, -12.0, 12.0, -25.0, 25.0, epsabs=1e-12, epsrel=1e-12)
    assert error < 1e-9
    assert abs(numeric - float(_closed_form(mu1, s1, mu2, s2))) < 1e-9


def test_vae_kl_term_is_the_closed_form_against_the_standard_normal() -> None:
    rng = random.Random(3)
    with mpmath.workdps(ORACLE_DIGITS):
        for d in (1, 4, 16):
            mu = [rng.uniform(-3, 3) for _ in range(d)]
            sigma = [rng.uniform(0.05, 4) for _ in range(d)]
            vae = (
                mpmath.fsum(
                    mpmath.mpf(m) ** 2 + mpmath.mpf(s) ** 2 - 1 - mpmath.log(mpmath.mpf(s) ** 2)
                    for m, s in zip(mu, sigma, strict=True)
                )
                / 2
            )
            assert abs(vae - _closed_form(mu, sigma, [0.0] * d, [1.0] * d)) < mpmath.mpf("1e-45")
            assert vae > 0
        assert _closed_form([0.0], [1.0], [0.0], [1.0]) == 0


# --- the entropy of a softmax ------------------------------------------------------------------------------


def test_softmax_entropy_is_logsumexp_minus_the_expected_score() -> None:
    rng = random.Random(5)
    with mpmath.workdps(ORACLE_DIGITS):
        for n in (2, 3, 10):
            z = [mpmath.mpf(rng.uniform(-20, 20)) for _ in range(n)]
            total = mpmath.fsum(mpmath.exp(v) for v in z)
            s = [mpmath.exp(v) / total for v in z]
            identity = mpmath.log(total) - mpmath.fsum(a * b for a, b in zip(s, z, strict=True))
            assert abs(_entropy(s) - identity) < mpmath.mpf("1e-45")
        d = mpmath.mpf(2)
        for temperature, limit in ((mpmath.mpf("1e-3"), 0), (mpmath.mpf("1e6"), mpmath.log(2))):
            first = 1 / (1 + mpmath.exp(-d / temperature))
            assert abs(_entropy([first, 1 - first]) - limit) < mpmath.mpf("1e-5")


# --- differential entropy ----------------------------------------------------------------------------------


def _differential_entropy(density: object, pieces: list[object]) -> mpmath.mpf:
    def integrand(x: mpmath.mpf) -> mpmath.mpf:
        value = density(x)  # type: ignore[operator]  # a one-argument mpmath function
        return -value * mpmath.log(value) if value > 0 else mpmath.mpf(0)

    return mpmath.quad(integrand, pieces)


@pytest.mark.slow
def test_differential_entropy_by_quadrature() -> None:
    with mpmath.workdps(30):
        half = _differential_entropy(lambda x: mpmath.mpf(2), [0, mpmath.mpf("0.5")])
        assert abs(half + mpmath.log(2)) < mpmath.mpf("1e-25") and half < 0
        for c in (mpmath.mpf("0.1"), mpmath.mpf(-3), mpmath.mpf(7)):
            sigma = mpmath.mpf("0.8")
            base = _differential_entropy(lambda x, s=sigma: mpmath.npdf(x, 0, s), [-mpmath.inf, 0, mpmath.inf])
            scaled = _differential_entropy(
                lambda x, s=sigma, c=c: mpmath.npdf(x, 0, abs(c) * s), [-mpmath.inf, 0, mpmath.inf]
            )
            assert abs(scaled - base - mpmath.log(abs(c))) < mpmath.mpf("1e-20")
        sigma = mpmath.mpf("1.3")
        normal = mpmath.log(2 * mpmath.pi * mpmath.e * sigma**2) / 2
        b = sigma / mpmath.sqrt(2)  # Laplace(b) has variance 2 b^2
        laplace = _differential_entropy(lambda x: mpmath.exp(-abs(x) / b) / (2 * b), [-mpmath.inf, 0, mpmath.inf])
        assert abs(laplace - (1 + mpmath.log(2 * b))) < mpmath.mpf("1e-20")
        width = mpmath.sqrt(12) * sigma  # the uniform of variance sigma^2
        assert normal > laplace > mpmath.log(width)
