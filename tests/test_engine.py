"""The verification engine: verdicts, counterexamples, the time bound, determinism, malformed steps."""

from __future__ import annotations

import time

import pytest
import sympy as sp

from symbolic_info.engine import DEFAULT_POINTS, Chain, Derivation, Relation, Step, StepVerdict, verify
from symbolic_info.engine.domain import CategoryCount, CategoryIndex, Domain, OnSimplex, Real
from symbolic_info.engine.operations import Rearrange, Solve, Stationarity, SubstituteInto
from symbolic_info.errors import DerivationError
from symbolic_info.formulas.vectors import Categories, Vector, index_symbol
from symbolic_info.render.latex import render_derivation

x = sp.Symbol("x", positive=True)
y = sp.Symbol("y", positive=True)
POSITIVE = Domain.of(Real(x, low=0), Real(y, low=0))


class Stubborn(sp.Function):
    """The identity function, but every question about its sign runs away: a stand-in for a hopeless proof."""

    def _eval_is_zero(self) -> None:
        time.sleep(120)

    def _eval_is_extended_real(self) -> None:
        time.sleep(120)

    def _eval_is_positive(self) -> None:
        time.sleep(120)

    def _eval_evalf(self, prec: int) -> sp.Expr:
        return self.args[0]._eval_evalf(prec)


class Endless(sp.Function):
    """The identity function, but its numeric value never comes: a stand-in for a hopeless evaluation."""

    def _eval_evalf(self, prec: int) -> sp.Expr:
        time.sleep(120)
        return self.args[0]._eval_evalf(prec)


def _verdicts(*chains: Chain, domain: Domain = POSITIVE, **options: float) -> list[StepVerdict]:
    report = verify(Derivation("test", "Test", domain, chains), **options)  # type: ignore[arg-type]
    return [result.verdict for result in report.step_results]


def test_a_true_identity_is_proved_symbolically() -> None:
    chain = Chain.start(sp.log(x * y)).equals(sp.log(x) + sp.log(y), "log of a product")
    assert _verdicts(chain) == [StepVerdict.SYMBOLIC]


@pytest.mark.slow
def test_a_false_identity_fails_with_a_counterexample() -> None:
    chain = Chain.start(sp.log(x * y)).equals(sp.log(x) * sp.log(y), "a wrong rule")
    report = verify(Derivation("wrong", "Wrong", POSITIVE, (chain,)))
    (result,) = report.step_results
    assert result.verdict is StepVerdict.FAILED and not report.ok
    assert "left = " in result.detail and "x = " in result.detail


@pytest.mark.slow
def test_a_true_inequality_without_a_symbolic_proof_is_certified_by_interval_arithmetic() -> None:
    chain = Chain.start(sp.log(x)).le(x - 1, "log x <= x - 1")
    report = verify(Derivation("certified", "Certified", POSITIVE, (chain,)))
    (result,) = report.step_results
    assert result.verdict is StepVerdict.CERTIFIED and report.ok
    assert "interval arithmetic on 1 box" in result.method and "Taylor bound of order 2 at x = 1" in result.method


@pytest.mark.slow
def test_an_inequality_outside_the_interval_table_is_only_numeric() -> None:
    chain = Chain.start(sp.erf(x)).le(1, "erf x <= 1")  # erf has no interval version: no certificate
    assert _verdicts(chain) == [StepVerdict.NUMERIC]


@pytest.mark.slow
def test_a_false_inequality_is_never_certified() -> None:
    """False only near x = 1 (the sampled points may miss it: then numeric, never a proof)."""
    for wrong in (x - sp.Rational(1001, 1000), x - 1 - sp.Rational(1, 10**12)):
        assert sp.log(1) > wrong.subs(x, 1)  # the counterexample x = 1, exactly
        [verdict] = _verdicts(Chain.start(sp.log(x)).le(wrong, "too tight"))
        assert verdict not in (StepVerdict.SYMBOLIC, StepVerdict.CERTIFIED)


@pytest.mark.slow
def test_a_false_inequality_fails() -> None:
    chain = Chain.start(x - 1).le(sp.log(x), "the wrong way round")
    assert _verdicts(chain) == [StepVerdict.FAILED]


@pytest.mark.slow
def test_a_strict_inequality_that_is_only_weak_fails() -> None:
    zero = Chain.start(sp.log(x * y) - sp.log(x) - sp.log(y)).gt(0, "zero is not positive")
    assert _verdicts(zero) == [StepVerdict.FAILED]


def test_a_bounded_variable_is_reparametrised_for_sign_proofs() -> None:
    p = sp.Symbol("p", positive=True)
    chain = Chain.start(-1 / (p * (1 - p))).lt(0, "p(1 - p) > 0 on (0, 1)")
    assert _verdicts(chain, domain=Domain.of(Real(p, 0, 1))) == [StepVerdict.SYMBOLIC]


@pytest.mark.slow
def test_a_runaway_prover_is_stopped_and_the_numeric_check_decides() -> None:
    chain = Chain.start(Stubborn(x)).equals(x, "the identity")
    started = time.perf_counter()
    report = verify(Derivation("slow", "Slow", POSITIVE, (chain,)), budget=0.5)
    assert time.perf_counter() - started < 30
    (result,) = report.step_results
    assert result.verdict is StepVerdict.NUMERIC
    assert "no proof within 0.5 s" in result.method
    assert f"{DEFAULT_POINTS} points" in result.method and DEFAULT_POINTS >= 20


@pytest.mark.slow
def test_a_solve_step_is_checked_by_substituting_back() -> None:
    lam = sp.Symbol("lambda", real=True)
    domain = Domain.of(Real(x, low=0), Real(lam))
    good = Chain.start(sp.Eq(sp.log(x), lam - 1)).implies(sp.Eq(x, sp.exp(lam - 1)), "solve", by=Solve(x))
    bad = Chain.start(sp.Eq(sp.log(x), lam - 1)).implies(sp.Eq(x, sp.exp(lam + 1)), "solve", by=Solve(x))
    assert _verdicts(good, domain=domain) == [StepVerdict.SYMBOLIC]
    assert _verdicts(bad, domain=domain) == [StepVerdict.FAILED]


@pytest.mark.slow
def test_rearranging_allows_a_constant_factor_but_not_a_different_equation() -> None:
    same = Chain.start(sp.Eq(2 * x, 4 * y)).implies(sp.Eq(x, 2 * y), "halve", by=Rearrange())
    different = Chain.start(sp.Eq(2 * x, 4 * y)).implies(sp.Eq(x, y + 1), "wrong", by=Rearrange())
    assert _verdicts(same) == [StepVerdict.SYMBOLIC]
    assert _verdicts(different) == [StepVerdict.FAILED]


@pytest.mark.slow
def test_general_n_steps_use_the_simplex_and_index_facts() -> None:
    cats = Categories.general()
    p, k, lam = Vector("p", cats), index_symbol("k"), sp.Symbol("lambda", real=True)
    domain = Domain.of(CategoryCount(cats.n), CategoryIndex(k, cats.n), OnSimplex(p), Real(lam))
    lagrangian = -p.total(lambda i: p[i] * sp.log(p[i])) + lam * (p.total(lambda i: p[i]) - 1)
    stationary = Chain.start(lagrangian).implies(sp.Eq(lam - 1 - sp.log(p[k]), 0), "d/dp_k", by=Stationarity(p[k]))
    constraint = Chain.start(p.total(lambda i: 3 * p[i])).equals(3, "the entries sum to one")
    into = Chain.start(sp.Eq(p[k], sp.exp(lam - 1))).implies(
        sp.Eq(cats.n * sp.exp(lam - 1), 1), "into the constraint", by=SubstituteInto(sp.Eq(p.total(lambda i: p[i]), 1))
    )
    assert _verdicts(stationary, constraint, into, domain=domain) == [StepVerdict.SYMBOLIC] * 3


@pytest.mark.slow
def test_verification_and_rendering_are_deterministic() -> None:
    chain = Chain.start(sp.log(x)).le(x - 1, "log x <= x - 1").equals(x - 1, "itself")
    # two equal derivations: verify keeps its result per derivation object, so one would be verified only once
    first, second = (verify(Derivation("same", "Same", POSITIVE, (chain,))) for _ in range(2))
    assert first is not second
    assert [r.verdict for r in first.step_results] == [r.verdict for r in second.step_results]
    assert [r.detail for r in first.step_results] == [r.detail for r in second.step_results]
    assert render_derivation(first) == render_derivation(second)


def test_malformed_derivations_are_rejected() -> None:
    with pytest.raises(DerivationError):
        Step(Relation.EQ, x, "   ")
    with pytest.raises(DerivationError):
        Chain.start(x).implies(sp.Eq(x, 1), "no operation", by=None)  # type: ignore[arg-type]
    with pytest.raises(DerivationError):
        Derivation("Bad Id", "Bad", POSITIVE, (Chain.start(x).equals(x, "same"),))
    with pytest.raises(DerivationError):
        Derivation("empty", "Empty", POSITIVE, (Chain.start(x),))
    mixed = Chain.start(sp.Eq(x, 1)).equals(x, "an equation is not an expression")
    with pytest.raises(DerivationError):
        verify(Derivation("mixed", "Mixed", POSITIVE, (mixed,)))


def test_an_uncovered_symbol_fails_with_a_clear_message() -> None:
    z = sp.Symbol("z")
    chain = Chain.start(x + z).le(x + z + 1, "z is not declared")
    report = verify(Derivation("undeclared", "Undeclared", Domain.of(Real(x, low=0)), (chain,)), symbolic=False)
    (result,) = report.step_results
    assert result.verdict is StepVerdict.FAILED
    assert "does not give a value to z" in result.detail


def test_renaming_a_sum_index_never_captures_an_inner_bound_index() -> None:
    from symbolic_info.engine.normalization import normalize_sums

    i, j = sp.symbols("i j", integer=True, positive=True)
    m, n = sp.symbols("m n", integer=True, positive=True)
    a = sp.IndexedBase("a", positive=True)
    nested = sp.Sum(a[j] * sp.Sum(a[i], (i, 1, m)), (j, 1, n))  # sum_j a_j * (sum_i a_i)
    expected = sp.Sum(a[j], (j, 1, n)) * sp.Sum(a[i], (i, 1, m))
    assert sp.simplify(normalize_sums(nested).doit() - expected.doit()) == 0
    values = {m: 2, n: 3}
    numbers = {a[1]: 2, a[2]: 3, a[3]: 5}
    assert normalize_sums(nested).subs(values).doit().subs(numbers) == (2 + 3 + 5) * (2 + 3)


@pytest.mark.slow
def test_a_numeric_check_that_does_not_finish_fails_instead_of_hanging() -> None:
    chain = Chain.start(Endless(x)).equals(x, "the identity")
    started = time.perf_counter()
    report = verify(Derivation("slow-numeric", "Slow", POSITIVE, (chain,)), numeric_budget=0.5, symbolic=False)
    assert time.perf_counter() - started < 30
    (result,) = report.step_results
    assert result.verdict is StepVerdict.FAILED
    assert "did not finish within 0.5 s" in result.detail
