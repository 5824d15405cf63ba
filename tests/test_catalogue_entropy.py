"""The entropy and cross-entropy derivations: their mathematical content against independent oracles.

Expected values come from mpmath, scipy and finite differences, never from the derivations;
wrong variants of key steps must be rejected by the verifier.
"""

from __future__ import annotations

import random
from typing import Any

import mpmath
import pytest
import sympy as sp
from scipy import optimize, stats

from symbolic_info import catalogue
from symbolic_info.engine import Chain, Derivation, StepVerdict, verify
from symbolic_info.engine.domain import CategoryCount, CategoryIndex, Domain, OnSimplex, Real, RealVector
from symbolic_info.engine.operations import Differentiate, Integrate, Limit, Solve
from symbolic_info.formulas.definitions import cross_entropy, entropy
from symbolic_info.formulas.vectors import Categories, Vector, index_symbol

from .conftest import VerifiedLookup, catalogue_params
from .crosscheck import ORACLE_DIGITS, second_differences

MINE = (
    "information-content",
    "entropy-expectation",
    "binary-entropy",
    "entropy-hessian",
    "cross-entropy-minimum",
    "one-hot-cross-entropy",
)


def _chain(derivation: Derivation, label: str) -> Chain:
    (found,) = [chain for chain in derivation.chains if chain.label == label]
    return found


def _expr(statement: object) -> sp.Basic:
    assert isinstance(statement, sp.Basic)
    return statement


def _number(expr: sp.Basic) -> mpmath.mpf:
    with mpmath.workdps(ORACLE_DIGITS):
        return mpmath.mpf(sp.N(sp.sympify(expr).doit(), ORACLE_DIGITS))


def test_book_order_of_this_part() -> None:
    ids = catalogue.ids()
    order = [ids.index(i) for i in (*MINE[:2], "binary-entropy", "entropy-maximum", *MINE[3:5])]
    assert order == sorted(order) and order == list(range(order[0], order[0] + 6))
    assert ids.index("one-hot-cross-entropy") > ids.index("cross-entropy-minimum")


@pytest.mark.slow
@pytest.mark.parametrize(
    "derivation_id", catalogue_params(["information-content", "entropy-expectation", "one-hot-cross-entropy"])
)
def test_these_derivations_are_proved_symbolically_throughout(verified: VerifiedLookup, derivation_id: str) -> None:
    assert [r.verdict for r in verified(derivation_id).step_results] == [StepVerdict.SYMBOLIC] * len(
        verified(derivation_id).step_results
    )


@pytest.mark.slow  # verifies entropy-hessian and cross-entropy-minimum
def test_the_tangent_plane_bounds_and_h_nonnegative_are_proved(verified: VerifiedLookup) -> None:
    for derivation_id in ("entropy-hessian", "cross-entropy-minimum"):
        counts = verified(derivation_id).counts()
        assert counts == {"symbolic": counts["symbolic"], "certified": 0, "numeric": 0, "failed": 0}


def test_information_content_ends_at_minus_log_base_b() -> None:
    derivation = catalogue.build("information-content")
    h, t, b = sp.Function("h"), sp.Symbol("t", positive=True), sp.Symbol("b", positive=True)
    (in_base,) = [chain for chain in derivation.chains if chain.intro == "so that:"]
    final = in_base.steps[-1].statement  # h(t) = -log t / log b
    assert isinstance(final, sp.Equality) and final.lhs == h(t)
    rng = random.Random(7)
    with mpmath.workdps(ORACLE_DIGITS):
        for _ in range(5):
            tv, bv = mpmath.mpf(rng.uniform(0.01, 1)), mpmath.mpf(rng.uniform(1.1, 20))
            value = _number(final.rhs.subs({t: sp.Float(tv, 50), b: sp.Float(bv, 50)}))
            assert abs(value - (-mpmath.log(tv, bv))) < mpmath.mpf(10) ** -40
    units = {chain.label: chain for chain in derivation.chains}
    with mpmath.workdps(ORACLE_DIGITS):
        oracle = {
            r"1 \text{ bit}": mpmath.log(2),
            r"1 \text{ nat}": 1 / mpmath.log(2),
            r"1 \text{ dit}": mpmath.log(10, 2),
        }
        for label, expected in oracle.items():
            chain = units[label]
            assert abs(_number(chain.first) - expected) < mpmath.mpf(10) ** -40
            written = float(str(chain.steps[-1].statement))
            assert abs(written - float(expected)) <= 5e-5


@pytest.mark.slow
def test_a_wrong_integration_of_the_functional_equation_is_rejected() -> None:
    h, y, t = sp.Function("h"), sp.Symbol("y", positive=True), sp.Symbol("t", positive=True)
    c = sp.Symbol("c", real=True)
    domain = Domain.of(Real(y, 0, 1), Real(t, 0, 1), Real(c))
    start = sp.Eq(sp.diff(h(y), y), -c / y)
    wrong = Chain.start(start).implies(sp.Eq(h(t) - h(1), -c / t), "a wrong antiderivative", by=Integrate(y, 1, t))
    right = Chain.start(start).implies(sp.Eq(h(t) - h(1), -c * sp.log(t)), "integrating", by=Integrate(y, 1, t))
    wrong_chain_rule = Chain.start(sp.Eq(h(y * t), h(y) + h(t))).implies(
        sp.Eq(sp.diff(h(y * t), y) / t, sp.diff(h(y), y)), "forgetting the chain rule", by=Differentiate(y)
    )
    report = verify(Derivation("wrong-h", "Wrong", domain, (wrong, right, wrong_chain_rule)))
    assert [r.verdict for r in report.step_results] == [StepVerdict.FAILED, StepVerdict.SYMBOLIC, StepVerdict.FAILED]


def test_entropy_as_an_expectation_matches_scipy_and_the_limit_matches_mpmath() -> None:
    derivation = catalogue.build("entropy-expectation")
    expectation = _chain(derivation, r"\mathbb{E}\left[-\log p(X)\right]")
    n = sp.Symbol("n", integer=True, positive=True)
    p = sp.IndexedBase("p", positive=True)
    weights = [0.5, 0.2, 0.2, 0.1]
    values = {p[k + 1]: sp.Rational(str(w)) for k, w in enumerate(weights)}
    for statement in (expectation.first, expectation.steps[0].statement):
        value = _number(_expr(statement).xreplace({n: 4}).doit().xreplace(values))
        assert abs(float(value) - stats.entropy(weights)) < 1e-14
    limit_chain = derivation.chains[1]  # x log x -> 0
    x = sp.Symbol("x", positive=True)
    with mpmath.workdps(ORACLE_DIGITS):
        for small in ("1e-10", "1e-30", "1e-60"):
            expected = mpmath.mpf(small) * mpmath.log(mpmath.mpf(small))
            assert abs(_number(_expr(limit_chain.first).subs(x, sp.Float(small, 50))) - expected) < 1e-70
    assert limit_chain.steps[0].statement == 0 and abs(expected) < mpmath.mpf("1e-57")
    edge = _chain(derivation, r"H\left(\tfrac{1-x}{2}, \tfrac{1-x}{2}, x\right)")
    near = float(_number(_expr(edge.first).subs(x, sp.Float("1e-12", 50))))
    assert abs(near - stats.entropy([0.5, 0.5, 0])) < 1e-9 and edge.steps[0].statement == sp.log(2)


@pytest.mark.slow
def test_a_wrong_limit_is_rejected() -> None:
    x = sp.Symbol("x", positive=True)
    chain = Chain.start(x * sp.log(x)).tends(-sp.oo, "wrong: the log does not win", by=Limit(x, 0, "+"))
    report = verify(Derivation("wrong-limit", "Wrong", Domain.of(Real(x, 0, 1)), (chain,)))
    assert report.step_results[0].verdict is StepVerdict.FAILED


def _entropy(p: list[mpmath.mpf]) -> mpmath.mpf:
    return -mpmath.fsum(pi * mpmath.log(pi) for pi in p)


def _cross_entropy(p: list[mpmath.mpf], q: list[mpmath.mpf]) -> mpmath.mpf:
    return -mpmath.fsum(pi * mpmath.log(qi) for pi, qi in zip(p, q, strict=True))


def _second_derivative(chain: Chain, base: str, point: list[mpmath.mpf], **others: list[mpmath.mpf]) -> list[list[Any]]:
    """The chain's final formula for the (j, k) second derivative at ``point``, for every j, k."""
    j, k = sp.Symbol("j", integer=True, positive=True), sp.Symbol("k", integer=True, positive=True)
    formula = _expr(chain.steps[-1].statement)
    symbols = {sp.IndexedBase(base, positive=True): point}
    symbols.update({sp.IndexedBase(name, positive=True): values for name, values in others.items()})
    rows = []
    for a in range(len(point)):
        row = []
        for b in range(len(point)):
            value = formula.xreplace({j: a + 1, k: b + 1})
            for indexed_base, values in symbols.items():
                value = value.xreplace({indexed_base[m + 1]: sp.Float(v, 50) for m, v in enumerate(values)})
            row.append(_number(value))
        rows.append(row)
    return rows


def test_entropy_hessian_matches_finite_differences() -> None:
    derivation = catalogue.build("entropy-hessian")
    with mpmath.workdps(ORACLE_DIGITS):
        point = [mpmath.mpf(v) for v in ("0.1", "0.25", "0.3", "0.35")]
        expected = second_differences(_entropy, point)
        claimed = _second_derivative(_chain(derivation, r"\frac{\partial^2 H}{\partial p_k \partial p_j}"), "p", point)
        for a in range(4):
            for b in range(4):
                assert abs(claimed[a][b] - expected[a][b]) < mpmath.mpf("1e-15")
        rng = random.Random(3)
        for _ in range(20):  # the Hessian is negative definite: v^T H v < 0 for v != 0
            v = [mpmath.mpf(rng.uniform(-1, 1)) for _ in range(4)]
            assert mpmath.fsum(v[a] * expected[a][b] * v[b] for a in range(4) for b in range(4)) < 0


def test_entropy_bounds_hold_at_random_distributions() -> None:
    rng = random.Random(11)
    for n in (2, 3, 5, 8):
        for _ in range(10):
            weights = [rng.random() for _ in range(n)]
            p = [w / sum(weights) for w in weights]
            assert 0 <= stats.entropy(p) <= mpmath.log(n) + 1e-12
    assert stats.entropy([1, 0, 0]) == 0
    hessian = catalogue.build("entropy-hessian")
    assert _chain(hessian, "H(1, 0, 0)").steps[-1].statement == 0


@pytest.mark.slow
def test_wrong_hessian_and_wrong_sign_are_rejected() -> None:
    categories = Categories.general()
    p, v = Vector("p", categories), Vector("v", categories, positive=False)
    j, k, n = index_symbol("j"), index_symbol("k"), categories.n
    domain = Domain.of(CategoryCount(n), CategoryIndex(j, n), CategoryIndex(k, n), OnSimplex(p), RealVector(v))
    squared = Chain.start(sp.Derivative(-sp.log(p[j]) - 1, p[k])).equals(
        -sp.KroneckerDelta(j, k) / p[j] ** 2, "wrong power"
    )
    positive = Chain.start(-p.total(lambda i: v[i] ** 2 / p[i])).ge(0, "wrong sign")
    first = Chain.start(sp.Derivative(entropy(p), p[j])).equals(-sp.log(p[j]), "forgetting the product rule")
    report = verify(Derivation("wrong-hessian", "Wrong", domain, (squared, positive, first)))
    assert [r.verdict for r in report.step_results] == [StepVerdict.FAILED] * 3


@pytest.mark.slow
def test_cross_entropy_hessian_matches_finite_differences_and_the_minimiser_is_p() -> None:
    derivation = catalogue.build("cross-entropy-minimum")
    chain = _chain(derivation, r"\frac{\partial^2 H(p, q)}{\partial q_k \partial q_j}")
    with mpmath.workdps(ORACLE_DIGITS):
        p = [mpmath.mpf(v) for v in ("0.2", "0.5", "0.3")]
        q = [mpmath.mpf(v) for v in ("0.4", "0.35", "0.25")]
        expected = second_differences(lambda x: _cross_entropy(p, x), q)
        claimed = _second_derivative(chain, "p", p, q=q)
    for a in range(3):
        for b in range(3):
            assert abs(claimed[a][b] - expected[a][b]) < mpmath.mpf("1e-15")
    lagrange = derivation.chains[0]
    q_k, p_k = sp.IndexedBase("q", positive=True), sp.IndexedBase("p", positive=True)
    k = sp.Symbol("k", integer=True, positive=True)
    assert lagrange.steps[-1].statement == sp.Eq(q_k[k], p_k[k])
    target = [0.2, 0.5, 0.3]

    def loss(z: list[float]) -> float:  # q = softmax(z): unconstrained
        e = [mpmath.exp(zi) for zi in z]
        return float(_cross_entropy([mpmath.mpf(t) for t in target], [ei / mpmath.fsum(e) for ei in e]))

    best = optimize.minimize(loss, [0.0, 0.0, 0.0], method="BFGS", options={"gtol": 1e-10})
    e = [mpmath.exp(zi) for zi in best.x]
    assert max(abs(float(ei / mpmath.fsum(e)) - t) for ei, t in zip(e, target, strict=True)) < 1e-5
    assert abs(best.fun - stats.entropy(target)) < 1e-10


@pytest.mark.slow
def test_a_wrong_lagrange_solution_is_rejected() -> None:
    categories = Categories.general()
    p, q = Vector("p", categories), Vector("q", categories)
    k, lam = index_symbol("k"), sp.Symbol("lambda", real=True)
    domain = Domain.of(
        CategoryCount(categories.n), CategoryIndex(k, categories.n), OnSimplex(p), OnSimplex(q), Real(lam)
    )
    stationary = sp.Eq(-p[k] / q[k] + lam, 0)
    wrong = Chain.start(stationary).implies(sp.Eq(q[k], p[k] * lam), "wrong", by=Solve(q[k]))
    report = verify(Derivation("wrong-lagrange", "Wrong", domain, (wrong,)))
    assert report.step_results[0].verdict is StepVerdict.FAILED


def test_one_hot_example_matches_scipy_and_the_seed_formula_is_not_cross_entropy() -> None:
    derivation = catalogue.build("one-hot-cross-entropy")
    p, q = [1, 0, 0], [0.7, 0.2, 0.1]
    kl = stats.entropy(p, q)  # scipy: KL divergence
    assert abs(kl - (-mpmath.log(mpmath.mpf("0.7")))) < 1e-15
    for label in ("H(p, q)", r"D(p \,\|\, q)"):
        chains = [chain for chain in derivation.chains if chain.label == label]
        for chain in chains:
            for statement in (chain.first, *(s.statement for s in chain.steps if s.relation.value == "=")):
                value = float(_number(statement))
                assert abs(value - kl) < 1e-14 or abs(value - kl / float(mpmath.log(2))) < 1e-14
    assert _chain(derivation, "H(p)").steps[-1].statement == 0 == stats.entropy(p)
    seed = _chain(derivation, r"-\sum_i p_i q_i")
    with mpmath.workdps(ORACLE_DIGITS):
        assert abs(_number(seed.first) + mpmath.mpf("0.7")) < mpmath.mpf(10) ** -45
    assert seed.steps[-1].statement == 0 and seed.steps[-1].relation.value == "<"


@pytest.mark.slow
def test_the_seed_formula_claimed_as_cross_entropy_is_rejected() -> None:
    categories = Categories.general()
    p, q = Vector("p", categories), Vector("q", categories)
    domain = Domain.of(CategoryCount(categories.n), OnSimplex(p), OnSimplex(q))
    chain = Chain.start(cross_entropy(p, q)).equals(-p.total(lambda i: p[i] * q[i]), "the seed's formula")
    assert verify(Derivation("seed", "Seed", domain, (chain,))).step_results[0].verdict is StepVerdict.FAILED


@pytest.mark.slow
def test_binary_entropy_value_is_log_2_nats_and_one_bit() -> None:
    derivation = catalogue.build("binary-entropy")
    (nats,) = [c for c in derivation.chains if c.label == r"H_b(\tfrac12)"]
    (bits,) = [c for c in derivation.chains if c.label == r"H_b(\tfrac12) \text{ in bits}"]
    assert abs(float(_number(nats.first)) - stats.entropy([0.5, 0.5])) < 1e-15
    assert abs(float(_number(bits.first)) - stats.entropy([0.5, 0.5], base=2)) < 1e-15
    assert nats.steps[-1].statement == sp.log(2) and bits.steps[-1].statement == 1
    assert all(sp.sympify(step.statement).free_symbols == set() for step in (*nats.steps, *bits.steps))
