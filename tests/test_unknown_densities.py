"""Unknown densities in derivations (issue 16): facts, the split of their integrals, proofs, numeric checks.

The oracles are closed forms from the textbooks (the entropy of a normal and of a logistic density, the
moments each sampled family is built to have), evaluated with mpmath; false steps must fail, with a
counterexample that names the density drawn.
"""

from __future__ import annotations

import random

import mpmath
import pytest
import sympy as sp

from symbolic_info.engine import Chain, Derivation, verify
from symbolic_info.engine.density_declarations import DefinedFunction, Density, density_function
from symbolic_info.engine.density_integrals import split_density_integrals
from symbolic_info.engine.domain import Domain, Point, Real
from symbolic_info.engine.evaluation import evaluate
from symbolic_info.engine.obligations import Obligation, Relation, prove_all
from symbolic_info.errors import DerivationError

X = sp.Symbol("x", real=True)
Y = sp.Symbol("y", real=True)
MU = sp.Symbol("mu", real=True)
SIGMA = sp.Symbol("sigma", positive=True)
C = sp.Symbol("c", real=True, nonzero=True)
F = density_function("f")
LINE = (X, -sp.oo, sp.oo)
DENSITY = Density(F, X, mean=MU, variance=SIGMA**2)
DOMAIN = Domain.of(Real(MU), Real(SIGMA, low=0), Real(C), DENSITY)
FACTS = DOMAIN.facts()


def entropy(g: sp.Expr, variable: sp.Symbol = X) -> sp.Expr:
    return -sp.Integral(g * sp.log(g), (variable, -sp.oo, sp.oo))


def proved(left: sp.Expr, relation: Relation, right: sp.Expr) -> bool:
    return prove_all([Obligation.of(left, relation, right)], FACTS, DOMAIN.positive_forms()) is not None


# The split of integrals by linearity -------------------------------------------------------------------------


def test_an_integral_of_the_density_splits_into_its_declared_moments() -> None:
    second_moment = split_density_integrals(sp.Integral((X - MU) ** 2 * F(X), LINE), FACTS)
    assert sp.expand(second_moment - SIGMA**2) == 0
    assert split_density_integrals(sp.Integral(F(X) * sp.log(F(X)), LINE), FACTS) == -DENSITY.entropy


@pytest.mark.parametrize(
    "integral",
    [
        sp.Integral(X**4 * F(X), LINE),  # no fourth moment is declared: it may diverge
        sp.Integral(F(X) ** 2, LINE),
        sp.Integral(F(X), (X, 0, 1)),  # not over the whole line
        sp.Integral(F(X**2), LINE),  # not a change of scale
        sp.Integral(F(X) + 1, LINE),  # the constant part diverges
    ],
)
def test_an_integral_the_declaration_does_not_cover_is_left_whole(integral: sp.Integral) -> None:
    assert split_density_integrals(integral, FACTS) == integral


def test_the_variable_is_changed_for_a_negative_scale() -> None:
    """``int f(-2y + 1) dy = 1/2``: the limits swap, ``|a|`` keeps the sign right."""
    changed = split_density_integrals(sp.Integral(F(-2 * Y + 1), (Y, -sp.oo, sp.oo)), FACTS)
    assert changed == sp.Rational(1, 2)


def test_the_declared_variable_is_not_captured() -> None:
    """Inside ``int f(y) x dy`` the ``x`` is another quantity: renaming ``y`` to ``x`` would capture it."""
    integral = sp.Integral(F(Y) * X, (Y, -sp.oo, sp.oo))
    assert split_density_integrals(integral, FACTS) == integral


# Proofs: the general results proved, their false variants not --------------------------------------------------


def test_scaling_adds_log_abs_c_for_every_density() -> None:
    scaled = F(Y / C) / sp.Abs(C)
    left = -sp.Integral(scaled * sp.log(scaled), (Y, -sp.oo, sp.oo))
    assert proved(left, Relation.EQ, entropy(F(X)) + sp.log(sp.Abs(C)))
    assert not proved(left, Relation.EQ, entropy(F(X)) - sp.log(sp.Abs(C)))
    assert not proved(left, Relation.EQ, entropy(F(X)))


@pytest.mark.slow
def test_only_the_declared_moments_are_known() -> None:
    assert proved(sp.Integral((X - MU) ** 2 * F(X), LINE), Relation.EQ, SIGMA**2)
    assert not proved(sp.Integral((X - MU) ** 2 * F(X), LINE), Relation.EQ, SIGMA)
    assert not proved(sp.Integral((X - MU) ** 4 * F(X), LINE), Relation.EQ, 3 * SIGMA**4)  # true for the normal only


@pytest.mark.slow
def test_the_entropy_bound_is_not_proved_the_wrong_way() -> None:
    bound = sp.log(2 * sp.pi * sp.E * SIGMA**2) / 2
    assert not proved(entropy(F(X)), Relation.GE, bound)
    assert not proved(entropy(F(X)), Relation.LE, bound)  # true, but only through Gibbs' inequality, written out


# Declarations ------------------------------------------------------------------------------------------------


def test_declarations_refuse_what_they_cannot_mean() -> None:
    with pytest.raises(DerivationError, match="density_function"):
        Density(sp.Function("g"), X)
    with pytest.raises(DerivationError, match="real symbol"):
        Density(F, sp.Symbol("z"))
    with pytest.raises(DerivationError, match="with its mean"):
        Density(F, X, variance=SIGMA**2)
    with pytest.raises(DerivationError, match="not known to be positive"):
        DefinedFunction(sp.Function("phi", positive=True), X, X**2 - 1)
    with pytest.raises(DerivationError, match="identifier"):
        density_function("f g")


# The numeric check: concrete densities with the declared moments ---------------------------------------------


def _point(draw: int, seed: int = 7) -> Point:
    point = Point(values={MU: mpmath.mpf("0.75"), SIGMA: mpmath.mpf("1.5")})
    DENSITY.sample(random.Random(seed), point, draw)
    return point


@pytest.mark.slow
@pytest.mark.parametrize("draw", [0, 1, 2])
def test_each_sampled_family_has_the_declared_moments(draw: int) -> None:
    point = _point(draw)
    with mpmath.workdps(60):
        for integrand, exact in ((F(X), 1), (X * F(X), MU), (X**2 * F(X), SIGMA**2 + MU**2)):
            value = evaluate(sp.Integral(integrand, LINE), point)
            target = mpmath.mpf(sp.Float(sp.sympify(exact).subs({MU: sp.Rational(3, 4), SIGMA: sp.Rational(3, 2)}), 70))
            assert abs(value - target) < mpmath.mpf(10) ** -45


@pytest.mark.slow
def test_the_entropy_of_a_sampled_family_matches_its_closed_form() -> None:
    """The normal: ``1/2 log(2 pi e sigma^2)``; the logistic of scale ``s``: ``log s + 2``."""
    with mpmath.workdps(60):
        sigma = mpmath.mpf("1.5")
        normal = evaluate(entropy(F(X)), _point(0))
        assert abs(normal - mpmath.log(2 * mpmath.pi * mpmath.e * sigma**2) / 2) < mpmath.mpf(10) ** -45
        scale = sigma * mpmath.sqrt(3) / mpmath.pi
        logistic = evaluate(entropy(F(X)), _point(2))
        assert abs(logistic - (mpmath.log(scale) + 2)) < mpmath.mpf(10) ** -45


@pytest.mark.slow
def test_a_false_step_about_every_density_fails_with_the_density_drawn() -> None:
    """``int (x - mu)^4 f = 3 sigma^4`` holds for the normal density and fails for the others."""
    chain = Chain.start(sp.Integral((X - MU) ** 4 * F(X), LINE)).equals(3 * SIGMA**4, "as for a normal density")
    report = verify(Derivation("fourth-moment", "Fourth moment", DOMAIN, (chain,)))
    assert not report.ok
    ((_, _, _, result),) = report.failures()
    assert result.counterexample is not None
    assert "f = the mixture" in result.detail or "f = the logistic" in result.detail


@pytest.mark.slow
def test_the_reverse_entropy_bound_fails_numerically() -> None:
    chain = Chain.start(entropy(F(X))).ge(sp.log(2 * sp.pi * sp.E * SIGMA**2) / 2, "reversed")
    report = verify(Derivation("reversed-bound", "Reversed", DOMAIN, (chain,)))
    assert not report.ok
    ((_, _, _, result),) = report.failures()
    assert result.counterexample is not None


@pytest.mark.slow
def test_the_general_chains_hold_numerically_too() -> None:
    """Every step of the book's general-density chains, checked at three densities without the prover.

    The steps whose integrand holds an integral (the lemma's remainder) are not evaluated numerically;
    every other step must hold at the normal, a mixture and a logistic density.
    """
    from symbolic_info import catalogue

    book = catalogue.build("differential-entropy-sign")
    general = [chain for chain in book.chains if sp.sympify(chain.first).has(F(X), F(Y / C))]
    assert len(general) == 2
    report = verify(Derivation("general", "General", book.domain, tuple(general)), symbolic=False, points=3)
    failed = [result.detail for *_, result in report.failures()]
    assert len(failed) == 2 and all("has an integral inside it" in detail for detail in failed)
    assert len(report.step_results) == 3 + 7
