"""Limits by Taylor coefficients: textbook values, and every case it must leave to SymPy.

The expected values are the textbook limits (each written here by hand), never computed by the
code under test; where the method applies, SymPy's own ``limit`` is a second, independent oracle.
"""

from __future__ import annotations

import pytest
import sympy as sp

from symbolic_info.engine.analytic_limits import analytic_limit, with_analytic_limits
from symbolic_info.engine.chain import Chain
from symbolic_info.engine.derivation import Derivation
from symbolic_info.engine.domain import Domain, Real
from symbolic_info.engine.operations import Limit
from symbolic_info.engine.verification import StepVerdict

x = sp.Symbol("x")
T = sp.Symbol("T", positive=True)
a, b = sp.Symbol("a", real=True), sp.Symbol("b", real=True)

TEXTBOOK = [
    (sp.sin(x) / x, x, 0, "+", sp.Integer(1)),
    ((1 - sp.cos(x)) / x**2, x, 0, "+", sp.Rational(1, 2)),
    ((sp.exp(x) - 1 - x) / x**2, x, 0, "-", sp.Rational(1, 2)),
    ((sp.exp(a * x) - 1) / x, x, 0, "+-", a),
    (T * (sp.exp(1 / T) - 1), T, sp.oo, "-", sp.Integer(1)),
    (T * sp.sinh(a / T), T, sp.oo, "-", a),
    ((x**2 - 1) / (x - 1), x, 1, "+", sp.Integer(2)),
    (x**2 + 3, x, 2, "+", sp.Integer(7)),
    # the softmax of two logits at temperature T, centred and scaled: T * (sigma(a/T) - 1/2) -> a/4
    (T * (sp.exp(a / T) / (sp.exp(a / T) + sp.exp(b / T)) - sp.Rational(1, 2)), T, sp.oo, "-", (a - b) / 4),
    ((x - sp.sin(x)) / x**3, x, 0, "+", sp.Rational(1, 6)),
]


@pytest.mark.parametrize(("expr", "variable", "point", "direction", "expected"), TEXTBOOK)
def test_textbook_limits(expr: sp.Expr, variable: sp.Symbol, point: sp.Expr, direction: str, expected: sp.Expr) -> None:
    value = analytic_limit(sp.Limit(expr, variable, point, direction))
    assert value is not None
    assert sp.expand(value - expected) == 0
    if direction != "+-":
        assert sp.expand(sp.limit(expr, variable, point, direction) - expected) == 0


LEFT_TO_SYMPY = [
    (1 / x, x, 0),  # no finite limit
    (sp.sign(x), x, 0),  # not analytic
    (x * sp.log(x), x, 0),  # log is not analytic at 0
    (sp.exp(-1 / x) / x, x, 0),  # exp of something not analytic at 0
    (sp.sqrt(x) / x, x, 0),  # a fractional power
    ((sp.exp(x) - 1) / (a * x), x, 0),  # the denominator's coefficient a may be 0
    (sp.sin(x) / x**9, x, 0),  # more derivatives than MAX_ORDER
    (sp.Function("f")(x) / x, x, 0),  # an unknown function
    ((x + sp.sin(x)) / x**2, x, 0),  # about 2/x
    (T * sp.exp(T), T, sp.oo),  # exp(1/x) at x = 0 after the change of variable: not analytic there
]


@pytest.mark.parametrize(("expr", "variable", "point"), LEFT_TO_SYMPY)
def test_limits_it_cannot_decide_are_left_to_sympy(expr: sp.Expr, variable: sp.Symbol, point: sp.Expr) -> None:
    assert analytic_limit(sp.Limit(expr, variable, point)) is None


def test_a_symbolic_point_is_a_shift() -> None:
    """``x -> a`` with ``a`` a parameter: the expression moved by ``a``; 2x at a is 2a."""
    assert analytic_limit(sp.Limit(2 * x, x, a)) == 2 * a


def test_limits_inside_an_expression_are_replaced_and_others_kept() -> None:
    kept = sp.Limit(x * sp.log(x), x, 0)
    assert with_analytic_limits(3 + sp.Limit(sp.sin(x) / x, x, 0) + kept) == 4 + kept


def _derivation(claimed: sp.Expr) -> Derivation:
    chain = Chain.start(T * (sp.exp(a / T) - 1), because="start").tends(claimed, "the limit", by=Limit(T, sp.oo, "-"))
    return Derivation("limit-test", "A limit", Domain.of(Real(T, 0), Real(a)), (chain,))


def test_a_derivation_step_to_the_right_limit_is_proved_and_to_a_wrong_one_is_not() -> None:
    right, wrong = _derivation(a).verify(), _derivation(2 * a).verify()
    assert [result.verdict for result in right.step_results] == [StepVerdict.SYMBOLIC]
    assert [result.verdict for result in wrong.step_results] == [StepVerdict.FAILED]
