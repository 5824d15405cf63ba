"""Engine additions for the learning derivations: w^T x and sigma as names, the prover's new rewritings,
label vectors and real matrices in domains, infinity in the printer."""

from __future__ import annotations

import random

import pytest
import sympy as sp

from symbolic_info.engine import Chain, Derivation, StepVerdict, verify
from symbolic_info.engine.domain import CategoryIndex, Domain, LabelVector, Point, Real, RealMatrix
from symbolic_info.engine.operations import Limit
from symbolic_info.engine.prover import normalize, prove_sign, prove_zero
from symbolic_info.formulas.learning import Dot, Sigmoid, Softmax
from symbolic_info.formulas.printer import to_latex
from symbolic_info.formulas.vectors import Categories, Vector, index_symbol

d = sp.Symbol("d", integer=True, positive=True)
n = sp.Symbol("n", integer=True, positive=True)
i, j, k, ell = (index_symbol(name) for name in "ijkl")
w, x = sp.IndexedBase("w", real=True), sp.IndexedBase("x", real=True)
p, v = sp.IndexedBase("p", positive=True), sp.IndexedBase("v", real=True)
K_IN_D = tuple(CategoryIndex(k, d).facts()) + tuple(CategoryIndex(ell, d).facts())


def test_names_print_as_in_a_textbook() -> None:
    z = sp.Symbol("z", real=True)
    assert to_latex(Sigmoid(z)) == r"\sigma(z)"
    assert to_latex(Sigmoid(-z)) == r"\sigma(- z)"
    assert to_latex(Sigmoid(Dot(w, x, d))) == r"\sigma(w^{\top} x)"
    assert to_latex(Dot(w, x, d, i)) == r"w^{\top} x_{i}"
    assert to_latex(Softmax(sp.IndexedBase("z"), n, k)) == r"\hat{y}_{k}"
    assert (to_latex(sp.oo), to_latex(-sp.oo)) == (r"\infty", r"-\infty")


@pytest.mark.slow
def test_the_score_differentiates_to_the_feature_and_stays_folded_in_proofs() -> None:
    assert str(prove_zero(sp.Derivative(Dot(w, x, d), w[k]) - x[k], K_IN_D)) == "direct"
    assert str(prove_zero(sp.Derivative(Dot(w, x, 3), w[k]) - x[k], tuple(CategoryIndex(k, 3).facts()))) == "direct"
    assert prove_zero(sp.Derivative(Dot(w, x, d), w[k]) - x[ell], K_IN_D) is None
    assert normalize(Sigmoid(Dot(w, x, d)), ()) == 1 / (1 + sp.exp(-Dot(w, x, d)))


@pytest.mark.slow
def test_a_kronecker_delta_identifies_its_two_indices() -> None:
    assert prove_zero(sp.KroneckerDelta(j, k) * p[j] - sp.KroneckerDelta(j, k) * p[k], ()) is not None
    assert prove_zero(sp.KroneckerDelta(j, k) * p[j] - p[k], ()) is None


def test_a_delta_sum_leaves_no_range_condition_behind() -> None:
    double = sp.Sum(sp.Sum(v[i] * v[j] * sp.KroneckerDelta(i, j) * p[i], (j, 1, n)), (i, 1, n))
    assert prove_zero(double - sp.Sum(p[i] * v[i] ** 2, (i, 1, n)), ()) is not None


@pytest.mark.slow
def test_sums_over_the_same_range_are_compared_termwise() -> None:
    y = sp.IndexedBase("y", real=True)
    left = sp.Sum(x[i] / (1 + sp.exp(-y[i])), (i, 1, n))
    right = sp.Sum(x[i] * sp.exp(y[i]) / (sp.exp(y[i]) + 1), (i, 1, n))
    assert prove_zero(left - right, ()) is not None
    assert prove_zero(left - right - sp.Sum(x[i], (i, 1, n)), ()) is None


def test_a_sum_of_nonnegative_terms_is_nonnegative_and_a_mixed_one_is_not_claimed() -> None:
    assert prove_sign(sp.Sum(p[i] * (v[i] - 1) ** 2, (i, 1, n)), ()) is not None
    assert prove_sign(sp.Sum(v[i], (i, 1, n)), ()) is None


@pytest.mark.slow
def test_bounded_variables_help_equalities_and_limits_are_left_alone() -> None:
    beta, a, q = sp.Symbol("beta", positive=True), sp.Symbol("a", real=True), sp.Symbol("q", positive=True)
    power = Chain.start(sp.log((1 - beta) ** a)).equals(a * sp.log(1 - beta), "a power inside the log")
    domain = Domain.of(Real(beta, 0, 1), Real(a), Real(q, 0, 1))
    limit = Chain.start(-sp.log(q)).tends(sp.oo, "unbounded", by=Limit(q, 0, "+"))
    wrong = Chain.start(sp.log((1 - beta) ** a)).equals(a * sp.log(beta), "not the same")
    report = verify(Derivation("bounded", "Bounded", domain, (power, limit, wrong)))
    assert [r.verdict for r in report.step_results] == [StepVerdict.SYMBOLIC, StepVerdict.SYMBOLIC, StepVerdict.FAILED]


def test_label_vectors_and_real_matrices_are_declared_and_sampled() -> None:
    count = sp.Symbol("N", integer=True, positive=True)
    labels = Vector("y", Categories(count, i), positive=False)
    classes = Vector("c", Categories(count, i), positive=False)
    assert LabelVector(labels).latex() == r"y \in \{0, 1\}^{N}"
    assert LabelVector(classes, 1, n).latex() == r"c \in \{1, \dots, n\}^{N}"
    assert RealMatrix(x, count, d).latex() == r"x \in \mathbb{R}^{N \times d}"
    point = Point(integers={count: 4, n: 3, d: 2})
    rng = random.Random(3)
    for declaration in (LabelVector(labels), LabelVector(classes, 1, n), RealMatrix(x, count, d, low=0, high=1)):
        declaration.sample(rng, point, 0)
    assert {point.integers[labels[r]] for r in range(1, 5)} <= {0, 1}
    assert {point.integers[classes[r]] for r in range(1, 5)} <= {1, 2, 3}
    assert all(0 < point.values[x[r, c]] < 1 for r in range(1, 5) for c in (1, 2))


def test_identifying_delta_indices_never_captures_a_summation_index() -> None:
    from symbolic_info.engine.normalization import canonical_delta

    shadowed = sp.KroneckerDelta(i, k) * sp.Sum(p[i] * v[k], (i, 1, n))  # k -> i would be captured by the sum
    assert canonical_delta(shadowed) == shadowed
    assert canonical_delta(sp.KroneckerDelta(j, k) * p[k] * v[j]) == sp.KroneckerDelta(j, k) * p[j] * v[j]
