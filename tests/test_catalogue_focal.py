"""The ``focal-loss`` derivation: it verifies step by step, states the issue's theorems, and its numbers match mpmath.

The numbers are checked against the focal loss written out by hand in mpmath at 50 digits,
``-(1 - q_t)^gamma log q_t`` (torchvision's ``(1 - q_t)^gamma`` times the binary cross-entropy for a
soft label), never against the package's own forms.
"""

from __future__ import annotations

import itertools
from typing import Any

import mpmath
import pytest
import sympy as sp

from symbolic_info import catalogue
from symbolic_info.catalogue.focal import focal_loss
from symbolic_info.engine import StepVerdict
from symbolic_info.formulas import focal
from symbolic_info.formulas.learning import Sigmoid
from symbolic_info.formulas.named import unfold
from symbolic_info.render.figures import figures_for

from .conftest import VerifiedLookup
from .crosscheck import ORACLE_DIGITS

Q_T, GAMMA = sp.Symbol("q_t", positive=True), sp.Symbol("gamma", positive=True)
Z, Y = sp.Symbol("z", real=True), sp.Symbol("y", positive=True)
POINTS = list(itertools.product((-7.5, -0.25, 0.0, 1.5, 12.0), (0.0, 0.2, 0.5, 1.0), (0.0, 0.5, 2.0, 5.0)))


def textbook(z: Any, y: Any, gamma: Any) -> Any:
    """The focal loss of a logit, from the definitions, in mpmath."""
    q = 1 / (1 + mpmath.exp(-z))
    q_t = q * y + (1 - q) * (1 - y)
    if y in (0, 1):
        return -((1 - q_t) ** gamma) * mpmath.log(q_t)
    return (1 - q_t) ** gamma * -(y * mpmath.log(q) + (1 - y) * mpmath.log(1 - q))


def _value(expression: sp.Basic, z: float, y: float, gamma: float) -> Any:
    """``expression`` (names unfolded) at the exact point, to 50 digits."""
    point = {Z: sp.Rational(z), Y: sp.Rational(y), GAMMA: sp.Rational(gamma)}  # the floats exactly
    return mpmath.mpf(str(sp.N(unfold(unfold(expression)).xreplace(point).doit(), ORACLE_DIGITS + 5)))


@pytest.mark.slow  # verifies the derivation (about 15 s)
def test_every_step_is_symbolic_or_certified_and_every_theorem_holds(verified: VerifiedLookup) -> None:
    report = verified("focal-loss")
    verdicts = {result.verdict for result in report.step_results}
    assert verdicts <= {StepVerdict.SYMBOLIC, StepVerdict.CERTIFIED}, verdicts
    assert report.theorems and all(result.ok for result in report.theorems)
    assert report.ok


def test_the_theorems_state_what_the_issue_asks() -> None:
    stated = set(focal_loss().theorem)
    weight = (1 - Q_T) ** GAMMA
    ratios = [t.lhs for t in stated if isinstance(t, sp.Eq) and t.rhs == weight]  # FL / CE = (1 - q_t)^gamma
    assert [sp.simplify(lhs.doit() * -sp.log(Q_T) - focal.focal_loss(Q_T, GAMMA)) for lhs in ratios] == [0]
    assert sp.Le(weight, 1, evaluate=False) in stated  # ... <= 1
    easy = [t.lhs for t in stated if isinstance(t, sp.Eq) and t.rhs == sp.Rational(1, 100)]  # q_t = 0.9, gamma = 2
    assert [sp.simplify(sp.expand_log(lhs.doit())) for lhs in easy] == [sp.Rational(1, 100)]
    assert easy[0].has(sp.Rational(9, 10))
    logit_forms = {t.lhs: t.rhs for t in stated if isinstance(t, sp.Eq)}
    textbook_label_one = focal.focal_loss(Sigmoid(Z), GAMMA)
    assert logit_forms[textbook_label_one] == focal.logit_focal_loss(Z, 1, GAMMA)  # sigma(-z)^gamma softplus(-z)
    derivative = sp.Derivative(focal.logit_focal_loss(Z, Y, GAMMA), Z)
    assert logit_forms[derivative] == focal.logit_focal_gradient(Z, Y, GAMMA)


def test_the_down_weighting_in_numbers() -> None:
    with mpmath.workdps(ORACLE_DIGITS):
        easy = mpmath.mpf(9) / 10
        ratio = -((1 - easy) ** 2) * mpmath.log(easy) / -mpmath.log(easy)
        assert abs(ratio - mpmath.mpf(1) / 100) < mpmath.mpf(10) ** -45
        for q_t, gamma in itertools.product((0.01, 0.5, 0.999), (0.5, 2.0, 5.0)):  # the weight is <= 1
            assert (1 - mpmath.mpf(q_t)) ** gamma <= 1
        assert (1 - (1 - mpmath.mpf(10) ** -12)) ** 2 < mpmath.mpf(10) ** -23  # and vanishes as q_t -> 1
    assert sp.limit((1 - Q_T) ** GAMMA, Q_T, 1, "-") == 0


def test_the_softplus_form_and_its_gradient_agree_with_mpmath() -> None:
    loss = focal.logit_focal_loss(Z, Y, GAMMA)
    gradient = focal.logit_focal_gradient(Z, Y, GAMMA)
    with mpmath.workdps(ORACLE_DIGITS):
        for z, y, gamma in POINTS:
            exact = textbook(mpmath.mpf(z), mpmath.mpf(y), mpmath.mpf(gamma))
            assert abs(_value(loss, z, y, gamma) - exact) <= mpmath.mpf(10) ** -40 * max(1, abs(exact))
            slope = mpmath.diff(lambda t, y=y, gamma=gamma: textbook(t, mpmath.mpf(y), mpmath.mpf(gamma)), z)
            assert abs(_value(gradient, z, y, gamma) - slope) <= mpmath.mpf(10) ** -30 * max(1, abs(slope))


def test_gamma_zero_is_the_cross_entropy_in_numbers() -> None:
    with mpmath.workdps(ORACLE_DIGITS):
        for z, y, _ in POINTS:
            q, label = 1 / (1 + mpmath.exp(-mpmath.mpf(z))), mpmath.mpf(y)
            cross_entropy = -(label * mpmath.log(q) if y else 0) - ((1 - label) * mpmath.log(1 - q) if y != 1 else 0)
            assert abs(_value(focal.logit_focal_loss(Z, Y, 0), z, y, 0) - cross_entropy) < mpmath.mpf(10) ** -40


def test_it_sits_with_the_losses_and_has_its_figure() -> None:
    ids = catalogue.ids()
    assert ids.index("focal-loss") == ids.index("mse-sigmoid-nonconvex") + 1
    assert [figure.name for figure in figures_for("focal-loss")] == ["focal-loss-curves"]
