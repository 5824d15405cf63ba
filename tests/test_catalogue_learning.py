"""The learning derivations say what is true: their results against independent oracles.

Each derived formula is taken from the derivation itself (a statement of a verified chain) and
checked against mpmath derivatives of the loss typed out by hand here, exact hand values, or
scipy's optimisers. A wrong variant of a derivation is rejected by the verifier.
"""

from __future__ import annotations

from dataclasses import replace

import mpmath
import numpy as np
import pytest
import sympy as sp
from scipy import optimize, stats

from symbolic_info import catalogue
from symbolic_info.engine import Chain, Derivation, StepVerdict, VerifiedDerivation, verify
from symbolic_info.engine.normalization import interior
from symbolic_info.engine.operations import Limit
from symbolic_info.formulas.learning import ce_gradient_factor, unfold
from symbolic_info.formulas.named import unfold as unfold_names
from symbolic_info.render.latex import render_derivation

from .conftest import VerifiedLookup, catalogue_params
from .crosscheck import ORACLE_DIGITS, REFERENCE_DIGITS
from .crosscheck import sigmoid as sigma

LEARNING = (
    "sigmoid-derivative",
    "mse-sigmoid-gradient",
    "ce-sigmoid-gradient",
    "gradient-comparison",
    "logistic-regression-hessian",
    "mse-sigmoid-nonconvex",
    "focal-loss",
    "softmax-gradient",
    "softmax-hessian",
    "mle-bernoulli",
    "mle-categorical",
    "mle-cross-entropy-kl",
)


def statement(report: VerifiedDerivation, chain: int, step: int = -1) -> sp.Basic:
    """A statement of a chain of the verified derivation (the last one by default)."""
    return report.derivation.chains[chain].steps[step].statement


def names(expr: sp.Basic) -> dict[str, sp.Basic]:
    """The symbols and indexed bases of ``expr`` by name."""
    found: dict[str, sp.Basic] = {s.name: s for s in expr.free_symbols if isinstance(s, sp.Symbol)}
    found.update({str(base.label): base for base in expr.atoms(sp.IndexedBase)})
    return found


def value(expr: sp.Basic, values: dict[sp.Basic, object]) -> mpmath.mpf:
    """``expr`` at ``values`` (integers first, so sums over symbolic ranges expand), at 50 digits."""
    expanded = interior(unfold_names(sp.sympify(expr)))
    integers = {k: v for k, v in values.items() if isinstance(v, int)}
    expanded = expanded.xreplace({k: sp.Integer(v) for k, v in integers.items()}).doit()
    reals = {k: sp.Float(v, REFERENCE_DIGITS) for k, v in values.items() if not isinstance(v, int)}
    expanded = expanded.xreplace({k: sp.Integer(v) for k, v in integers.items()}).xreplace(reals)
    return mpmath.mpf(sp.N(expanded, ORACLE_DIGITS))


def test_the_learning_part_lists_the_issue_ids_in_order() -> None:
    (part,) = [part for part in catalogue.parts() if part.title.startswith("Learning")]
    assert part.title == "Learning: gradients, Hessians and maximum likelihood"
    assert tuple(entry.id for entry in part.entries) == LEARNING
    assert catalogue.parts().index(part) > 0  # after the first Part, on entropy, cross-entropy and KL


@pytest.mark.slow  # verifies sigmoid-derivative
def test_sigmoid_derivatives_match_mpmath(verified: VerifiedLookup) -> None:
    report = verified("sigmoid-derivative")
    slope, curvature = statement(report, 1, -2), statement(report, 4)
    z = names(slope)["z"]
    with mpmath.workdps(ORACLE_DIGITS):
        for t in (-7.5, -1.0, 0.3, 4.0):
            assert abs(value(slope, {z: t}) - mpmath.diff(sigma, t)) < 1e-40
            assert abs(value(curvature, {z: t}) - mpmath.diff(sigma, t, 2)) < 1e-40
    at_zero = report.derivation.chains[3]
    assert at_zero.steps[-1].statement == sp.Rational(1, 4)


@pytest.mark.slow
def test_mse_gradient_matches_a_finite_difference_of_the_loss(verified: VerifiedLookup) -> None:
    gradient = statement(verified("mse-sigmoid-gradient"), 2)
    named = names(gradient)
    w_values, x_values, label = (0.5, -1.25, 0.75), (1.5, 0.25, -2.0), 1  # binary fractions: exact in floats
    values: dict[sp.Basic, object] = {named["d"]: 3, named["k"]: 2, named["y"]: label}
    values.update({named["w"][j + 1]: w_values[j] for j in range(3)})
    values.update({named["x"][j + 1]: x_values[j] for j in range(3)})
    with mpmath.workdps(ORACLE_DIGITS):

        def loss(w2: mpmath.mpf) -> mpmath.mpf:
            score = w_values[0] * x_values[0] + w2 * x_values[1] + w_values[2] * x_values[2]
            return (sigma(score) - label) ** 2 / 2

        assert abs(value(gradient, values) - mpmath.diff(loss, w_values[1])) < 1e-40


@pytest.mark.slow  # verifies ce-sigmoid-gradient
def test_ce_gradient_matches_a_finite_difference_of_the_loss(verified: VerifiedLookup) -> None:
    gradient = statement(verified("ce-sigmoid-gradient"), 3)
    named = names(gradient)
    w_values, x_values = (0.5, -1.25), (1.5, 0.25)
    for label in (0, 1):
        values: dict[sp.Basic, object] = {named["d"]: 2, named["k"]: 1, named["y"]: label}
        values.update({named["w"][j + 1]: w_values[j] for j in range(2)})
        values.update({named["x"][j + 1]: x_values[j] for j in range(2)})
        with mpmath.workdps(ORACLE_DIGITS):

            def loss(w1: mpmath.mpf, label: int = label) -> mpmath.mpf:
                q = sigma(w1 * x_values[0] + w_values[1] * x_values[1])
                return -(label * mpmath.log(q) + (1 - label) * mpmath.log(1 - q))

            assert abs(value(gradient, values) - mpmath.diff(loss, w_values[0])) < 1e-40


@pytest.mark.slow  # verifies the derivation twice, for d = 3 and d = 200
def test_explicit_dimension_writes_the_vector_and_stays_small_for_large_d() -> None:
    small = verify(catalogue.build("mse-sigmoid-gradient", n=3))
    assert small.ok and small.counts()["numeric"] == 0
    (vector,) = [
        chain.steps[-1].statement for chain in small.derivation.chains if chain.steps[-1].relation.value == "=>"
    ]
    assert isinstance(vector, sp.MatrixBase) and vector.shape == (3, 1)
    assert r"w \in \mathbb{R}^{3}" in render_derivation(small)
    large = verify(catalogue.build("mse-sigmoid-gradient", n=200))
    assert large.ok and large.derivation.step_count == 5
    assert r"\sum_{j=1}^{200}" in render_derivation(large)


@pytest.mark.slow
def test_the_mse_gradient_without_the_sigmoid_factor_is_rejected() -> None:
    derivation = catalogue.build("mse-sigmoid-gradient")
    chain = derivation.chains[2]
    assert isinstance(chain.first, sp.Basic)
    (dot,) = [f for f in chain.first.atoms(sp.Function) if type(f).__name__ == "Dot"]
    named = names(chain.steps[0].statement)
    k, x, y = named["k"], named["x"], named["y"]
    wrong_step = replace(chain.steps[0], statement=ce_gradient_factor(dot, y) * x[k])
    wrong = replace(derivation, chains=(replace(chain, steps=(wrong_step,)),))
    report = verify(wrong)
    assert [r.verdict for r in report.step_results] == [StepVerdict.FAILED]
    assert "left = " in report.step_results[0].detail


@pytest.mark.slow  # verifies gradient-comparison
def test_the_saturated_ratio_is_the_stated_exact_fraction(verified: VerifiedLookup) -> None:
    chain = verified("gradient-comparison").derivation.chains[3]
    exact = chain.steps[1].statement
    with mpmath.workdps(ORACLE_DIGITS):
        expected = sigma(mpmath.mpf(-10)) * sigma(mpmath.mpf(10))
        assert abs(mpmath.mpf(sp.N(exact, ORACLE_DIGITS)) - expected) < 1e-55
        assert mpmath.mpf("4.5395e-5") < expected < mpmath.mpf("4.5397e-5")
    assert chain.steps[-1].statement == sp.Rational(1, 22000)


@pytest.mark.slow  # verifies logistic-regression-hessian; second derivatives by mpmath.diff
def test_logistic_hessian_matches_mpmath_second_derivatives(verified: VerifiedLookup) -> None:
    hessian = statement(verified("logistic-regression-hessian"), 1)
    named = names(hessian)
    weights, data = (0.3, -0.8), ((1.0, 2.0), (-0.5, 0.4), (3.0, -1.0))
    values: dict[sp.Basic, object] = {named["N"]: 3, named["d"]: 2, named["k"]: 1, named["l"]: 2}
    values.update({named["w"][j + 1]: weights[j] for j in range(2)})
    values.update({named["x"][i + 1, j + 1]: data[i][j] for i in range(3) for j in range(2)})
    labels = (1, 0, 1)
    with mpmath.workdps(ORACLE_DIGITS):

        def loss(w1: mpmath.mpf, w2: mpmath.mpf) -> mpmath.mpf:
            total = mpmath.mpf(0)
            for row, label in zip(data, labels, strict=True):
                q = sigma(w1 * row[0] + w2 * row[1])
                total -= label * mpmath.log(q) + (1 - label) * mpmath.log(1 - q)
            return total

        assert abs(value(hessian, values) - mpmath.diff(loss, weights, (1, 1))) < 1e-35


@pytest.mark.slow
def test_squared_error_curvature_is_negative_at_the_stated_point(verified: VerifiedLookup) -> None:
    def f(w: mpmath.mpf) -> mpmath.mpf:
        return (sigma(w) - 1) ** 2 / 2

    with mpmath.workdps(ORACLE_DIGITS):
        assert abs(mpmath.diff(f, -mpmath.log(3), 2) - mpmath.mpf(-9) / 256) < 1e-40
        assert abs(mpmath.diff(f, mpmath.log(3), 2) - mpmath.mpf(15) / 256) < 1e-40
    negative = verified("mse-sigmoid-nonconvex").derivation.chains[2]
    assert negative.steps[-2].statement == sp.Rational(-9, 256)


@pytest.mark.slow  # verifies softmax-hessian
def test_softmax_gradient_and_hessian_match_mpmath(verified: VerifiedLookup) -> None:
    gradient, hessian = statement(verified("softmax-gradient"), 1), statement(verified("softmax-hessian"), 0)
    scores, labels = (0.5, -1.0, 2.0), (0.2, 0.3, 0.5)
    with mpmath.workdps(ORACLE_DIGITS):

        def loss(*z: mpmath.mpf) -> mpmath.mpf:
            return mpmath.log(mpmath.fsum(mpmath.exp(t) for t in z)) - mpmath.fsum(
                a * b for a, b in zip(labels, z, strict=True)
            )

        for k in (1, 3):
            named = names(gradient)
            values: dict[sp.Basic, object] = {named["n"]: 3, named["k"]: k}
            values.update({named["z"][j + 1]: scores[j] for j in range(3)})
            values.update({named["y"][j + 1]: labels[j] for j in range(3)})
            order = tuple(1 if j == k - 1 else 0 for j in range(3))
            assert abs(value(gradient, values) - mpmath.diff(loss, scores, order)) < 1e-40
            for ell in (1, 2):
                named = names(hessian)
                entry: dict[sp.Basic, object] = {named["n"]: 3, named["k"]: k, named["l"]: ell}
                entry.update({named["z"][j + 1]: scores[j] for j in range(3)})
                second = tuple(order[j] + (1 if j == ell - 1 else 0) for j in range(3))
                assert abs(value(hessian, entry) - mpmath.diff(loss, scores, second)) < 1e-35


@pytest.mark.slow  # verifies mle-bernoulli
def test_bernoulli_estimate_is_the_mean_label(verified: VerifiedLookup) -> None:
    labels = np.array([1, 0, 1, 1, 0, 1, 1, 0])

    def negative_log_likelihood(beta: float) -> float:
        return float(-np.sum(labels * np.log(beta) + (1 - labels) * np.log(1 - beta)))

    found = optimize.minimize_scalar(negative_log_likelihood, bounds=(1e-9, 1 - 1e-9), method="bounded")
    assert found.x == pytest.approx(labels.mean(), abs=1e-6)
    solution = verified("mle-bernoulli").derivation.chains[1].steps[-1].statement
    assert isinstance(solution, sp.Equality) and str(solution.rhs) == "ybar"


@pytest.mark.slow
def test_categorical_estimate_is_the_empirical_frequencies(verified: VerifiedLookup) -> None:
    counts = np.array([5.0, 1.0, 3.0, 11.0])

    def negative_log_likelihood(logits: np.ndarray) -> float:
        return float(-np.sum(counts * (logits - np.log(np.sum(np.exp(logits))))))

    found = optimize.minimize(negative_log_likelihood, np.zeros(4), method="BFGS", options={"gtol": 1e-10})
    estimate = np.exp(found.x) / np.exp(found.x).sum()
    np.testing.assert_allclose(estimate, counts / counts.sum(), atol=1e-6)
    solution = verified("mle-categorical").derivation.chains[1].steps[-1].statement
    assert str(solution) == "Eq(q[k], phat[k])"


@pytest.mark.slow  # verifies mle-cross-entropy-kl
def test_average_log_likelihood_is_minus_cross_entropy_and_kl_differs_by_a_constant(verified: VerifiedLookup) -> None:
    rng = np.random.default_rng(7)
    sample, q = rng.integers(0, 4, size=50), rng.dirichlet(np.ones(4))
    frequencies = np.bincount(sample, minlength=4) / sample.size
    average = np.mean(np.log(q[sample]))
    cross = -np.sum(frequencies * np.log(q))
    assert average == pytest.approx(-cross, rel=1e-12)
    assert cross == pytest.approx(stats.entropy(frequencies) + stats.entropy(frequencies, q), rel=1e-12)
    report = verified("mle-cross-entropy-kl")
    assert report.derivation.chains[2].steps[-1].statement == 0


@pytest.mark.slow
@pytest.mark.parametrize("derivation_id", catalogue_params(LEARNING))
def test_learning_derivations_are_ascii_and_name_their_domain(verified: VerifiedLookup, derivation_id: str) -> None:
    text = render_derivation(verified(derivation_id))
    text.encode("ascii")
    assert r"\textbf{Domain:}" in text and r"\text{Infinity}" not in text


@pytest.mark.slow  # verifies sigmoid-derivative
def test_a_wrong_limit_of_the_sigmoid_slope_fails(verified: VerifiedLookup) -> None:
    tail = verified("sigmoid-derivative").derivation.chains[7]
    limit = tail.steps[-1].by
    assert isinstance(limit, Limit) and isinstance(tail.first, sp.Basic)
    wrong = Chain.start(unfold(tail.first)).tends(sp.Rational(1, 4), "not the limit", by=limit)
    report = verify(Derivation("wrong-limit", "Wrong", verified("sigmoid-derivative").derivation.domain, (wrong,)))
    assert [r.verdict for r in report.step_results] == [StepVerdict.FAILED]
