"""Engine additions: the ``~=`` relation (rounded decimals), signs of sums and integrals, termwise identities.

Every rule is checked both ways: it proves what is true, and it never proves what is false
(the false variants must fail, with a counterexample from the numeric check).
"""

from __future__ import annotations

import pytest
import sympy as sp

from symbolic_info.engine import Chain, Derivation, Relation, Step, StepVerdict, verify
from symbolic_info.engine.domain import CategoryCount, Domain, OnSimplex, Real
from symbolic_info.engine.operations import Rounded
from symbolic_info.engine.prover import prove_sign, prove_zero
from symbolic_info.errors import DerivationError
from symbolic_info.formulas.vectors import Categories, Vector
from symbolic_info.render.latex import render_derivation

x = sp.Symbol("x", positive=True)
u = sp.Symbol("u", positive=True)
t = sp.Symbol("t", real=True)


def _verdicts(*chains: Chain, domain: Domain | None = None) -> list[StepVerdict]:
    report = verify(Derivation("test", "Test", domain or Domain.of(Real(x, low=0)), chains), budget=2.0)
    return [result.verdict for result in report.step_results]


# --- the ~= relation ---------------------------------------------------------------------------------------


def test_a_decimal_stands_for_the_interval_of_half_a_unit_in_its_last_digit() -> None:
    assert Rounded.parse("0.602").bounds() == ((sp.Rational(6015, 10000), sp.Rational(6025, 10000)),)
    assert Rounded.parse("2").bounds() == ((sp.Rational(3, 2), sp.Rational(5, 2)),)
    assert Rounded.parse("-1.5").bounds() == ((sp.Rational(-155, 100), sp.Rational(-145, 100)),)
    assert Rounded.parse(["0.1", "0.25"]).column


@pytest.mark.parametrize("bad", ["0.6e1", "1/2", "", "0.", "pi", ["0.1", 2]])
def test_malformed_decimals_are_rejected(bad: object) -> None:
    with pytest.raises(DerivationError):
        Rounded.parse(bad)  # type: ignore[arg-type]


@pytest.mark.slow
def test_rounding_is_checked_against_the_exact_value() -> None:
    log10_4 = sp.log(4) / sp.log(10)  # 0.60205999...
    good = Chain.start(log10_4).approx("0.602", "three decimals").approx("0.6", "one decimal")
    too_coarse_claim = Chain.start(log10_4).approx("0.603", "wrong last digit")
    truncated = Chain.start(sp.log(3) / sp.log(2)).approx("1.584", "truncated, not rounded")  # 1.58496...
    assert _verdicts(good) == [StepVerdict.SYMBOLIC, StepVerdict.SYMBOLIC]
    assert _verdicts(too_coarse_claim, truncated) == [StepVerdict.FAILED, StepVerdict.FAILED]


@pytest.mark.slow
def test_the_half_unit_boundary_is_included() -> None:
    exact_boundary = Chain.start(sp.Rational(1205, 1000)).approx("1.20", "ties are within the interval")
    just_outside = Chain.start(sp.Rational(12051, 10000)).approx("1.20", "just outside")
    assert _verdicts(exact_boundary, just_outside) == [StepVerdict.SYMBOLIC, StepVerdict.FAILED]


@pytest.mark.slow
def test_several_decimals_round_a_vector_entry_by_entry() -> None:
    values = sp.Matrix([sp.log(2), sp.log(3)])  # 0.6931..., 1.0986...
    good = Chain.start(values).approx(["0.693", "1.099"], "both")
    one_wrong = Chain.start(values).approx(["0.693", "1.098"], "second wrong")
    assert _verdicts(good, one_wrong) == [StepVerdict.SYMBOLIC, StepVerdict.FAILED]
    with pytest.raises(DerivationError):
        verify(Derivation("shape", "Shape", Domain.of(), (Chain.start(values).approx("0.693", "scalar"),)))


@pytest.mark.slow
def test_an_approximation_depends_on_the_domain_variables() -> None:
    varying = Chain.start(sp.log(x)).approx("0.0", "not a constant")
    assert _verdicts(varying) == [StepVerdict.FAILED]


def test_approx_steps_render_as_approx_and_need_a_rounding() -> None:
    report = verify(Derivation("show", "Show", Domain.of(), (Chain.start(sp.log(2)).approx("0.693", "nats"),)))
    assert r"&\approx 0.693" in render_derivation(report)
    assert report.to_dict()["steps"][0]["relation"] == "~="
    with pytest.raises(DerivationError):
        Step(Relation.APPROX, sp.Float("0.693"), "no rounding given")


# --- signs of sums and integrals --------------------------------------------------------------------------


def test_integrals_of_positive_functions_are_positive() -> None:
    assert prove_sign(sp.Integral(u / (1 + (x - 1) * u), (u, 0, 1)), facts=(), strict=True)
    assert prove_sign((x - 1) ** 2 * sp.Integral(u / (1 + (x - 1) * u), (u, 0, 1)), facts=())
    assert prove_sign(sp.Integral(sp.exp(-(t**2)), (t, -sp.oo, sp.oo)), facts=(), strict=True)
    assert prove_sign(sp.Integral(sp.exp(-t), (t, 0, sp.oo)), facts=(), strict=True)


@pytest.mark.slow
def test_integral_signs_are_not_claimed_without_reason() -> None:
    changes_sign = sp.Integral(u - sp.Rational(3, 4), (u, 0, 1))  # = -1/4
    reversed_interval = sp.Integral(u, (u, 1, 0))  # = -1/2
    negative_factor = -sp.Integral(u, (u, 0, 1))
    for expression in (changes_sign, reversed_interval, negative_factor):
        assert prove_sign(expression, facts=()) is None
    weak_only = (x - 1) ** 2 * sp.Integral(u / (1 + (x - 1) * u), (u, 0, 1))  # zero at x = 1
    assert prove_sign(weak_only, facts=(), strict=True) is None


@pytest.mark.slow
def test_sums_of_nonnegative_terms_over_a_proper_range() -> None:
    categories = Categories.general()
    p, q = Vector("p", categories), Vector("q", categories)
    i = categories.index
    facts = Domain.of(CategoryCount(categories.n), OnSimplex(p), OnSimplex(q)).facts()
    weighted = p.total(lambda k: (p[k] - q[k]) ** 2 * sp.Integral(u / ((1 - u) * p[k] + u * q[k]), (u, 0, 1)))
    assert prove_sign(weighted, facts=facts)
    backwards = sp.Sum(sp.Integral(u, (u, 0, 1)), (i, 3, 1))  # Karr's convention: a negative sum
    assert prove_sign(backwards, facts=()) is None


@pytest.mark.slow
def test_the_gap_in_log_x_le_x_minus_1_is_proved_through_its_integral_form() -> None:
    gap = (
        Chain.start(x - 1 - sp.log(x))
        .equals((x - 1) ** 2 * sp.Integral(u / (1 + (x - 1) * u), (u, 0, 1)), "Taylor")
        .ge(0, "sign")
    )
    wrong_form = Chain.start(x - 1 - sp.log(x)).equals((x - 1) * sp.Integral(u / (1 + (x - 1) * u), (u, 0, 1)), "x")
    assert _verdicts(gap) == [StepVerdict.SYMBOLIC, StepVerdict.SYMBOLIC]
    assert _verdicts(wrong_form) == [StepVerdict.FAILED]


# --- termwise identities: sums and integrals --------------------------------------------------------------


@pytest.mark.slow
def test_sums_of_integrals_are_compared_termwise_with_the_domain_facts() -> None:
    categories = Categories.general()
    p, q = Vector("p", categories), Vector("q", categories)
    facts = Domain.of(CategoryCount(categories.n), OnSimplex(p), OnSimplex(q)).facts()
    divergence = p.total(lambda k: p[k] * sp.log(p[k] / q[k]))
    weighted = p.total(lambda k: (p[k] - q[k]) ** 2 * sp.Integral(u / ((1 - u) * p[k] + u * q[k]), (u, 0, 1)))
    assert str(prove_zero(divergence - weighted, facts)) == "termwise"
    domain = Domain.of(CategoryCount(categories.n), OnSimplex(p), OnSimplex(q))
    assert _verdicts(Chain.start(divergence).equals(2 * weighted, "twice"), domain=domain) == [StepVerdict.FAILED]


@pytest.mark.slow
def test_linearity_of_the_integral_needs_convergent_parts() -> None:
    gaussian = sp.exp(-(t**2) / 2)
    line = (t, -sp.oo, sp.oo)
    split = sp.Integral((1 + t**2) * gaussian, line) - sp.Integral(gaussian, line) - sp.Integral(t**2 * gaussian, line)
    assert str(prove_zero(split, facts=())) == "linearity of the integral"
    rewritten = sp.Integral(sp.log(sp.exp(t) * gaussian), line) - sp.Integral(t - t**2 / 2, line)
    assert str(prove_zero(rewritten, facts=())) == "linearity of the integral"  # the same integral, rewritten
    divergent = sp.Integral(1 + t**2, line) - sp.Integral(1, line) - sp.Integral(t**2, line)  # oo - oo - oo
    assert prove_zero(divergent, facts=()) is None
    wrong = sp.Integral((1 + t**2) * gaussian, line) - sp.Integral(gaussian, line)
    assert prove_zero(wrong, facts=()) is None


def test_integration_and_summation_variables_are_not_trusted_beyond_their_range() -> None:
    from symbolic_info.engine.prover import _integrals_cancel, _sign_by_structure

    # u is declared positive, but the interval (-1, 1) also holds negative u, where sqrt(u^2) = -u
    absolute = sp.Integral(sp.sqrt(u**2), (u, -1, 1)) - sp.Integral(u, (u, -1, 1))
    assert _integrals_cancel(absolute, facts=()) is False
    i = sp.Symbol("i", integer=True, positive=True)
    from_zero = sp.Sum((i - sp.Rational(1, 2)) * sp.Integral(u, (u, 0, 1)), (i, 0, 0))  # = -1/4
    assert _sign_by_structure(from_zero, facts=(), strict=False, positive_forms=()) is False
