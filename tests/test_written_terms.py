"""Engine pieces the entropy derivations need: written-out terms, h'(x), and limits that are infinite."""

from __future__ import annotations

import pytest
import sympy as sp

from symbolic_info.catalogue.terms import written_out
from symbolic_info.engine import Chain, Derivation, StepVerdict, verify
from symbolic_info.engine.domain import Domain, Real
from symbolic_info.engine.normalization import interior
from symbolic_info.engine.operations import Limit
from symbolic_info.engine.prover import prove_zero
from symbolic_info.formulas.definitions import cross_entropy, entropy
from symbolic_info.formulas.printer import to_latex
from symbolic_info.formulas.special import xlogy
from symbolic_info.formulas.vectors import Categories, Vector

THREE = Categories.explicit(3)


def test_a_definition_written_out_keeps_its_terms_in_order_and_shows_zero_log_zero() -> None:
    p, q = Vector("p", THREE, positive=False), Vector("q", THREE)
    terms = written_out(cross_entropy(p, q), {p[1]: 1, p[2]: 0, p[3]: 0})
    assert to_latex(terms) == r"- 1 \log q_{1} - 0 \log q_{2} - 0 \log q_{3}"
    half = written_out(entropy(p), {p[1]: sp.Rational(1, 2), p[2]: sp.Rational(1, 2), p[3]: 0})
    assert to_latex(half).endswith(r"- 0 \log 0")
    assert r"\frac{1}{2} \log" in to_latex(half)  # a fraction needs no parentheses before the log


def test_zero_times_log_zero_written_out_is_the_conventions_zero_for_the_prover() -> None:
    zero_log_zero = xlogy(0, 0, evaluate=False)
    assert sp.Integer(0) * sp.log(0) is sp.nan  # what a plain rewriting would give
    assert interior(zero_log_zero) == 0
    assert prove_zero(-xlogy(1, 1, evaluate=False) - 2 * zero_log_zero, facts=()) is not None
    assert prove_zero(xlogy(1, sp.Rational(1, 2), evaluate=False) - sp.log(2), facts=()) is None  # log(1/2) != log 2


def test_the_derivative_of_an_undefined_function_prints_with_a_prime() -> None:
    h = sp.Function("h")
    x, y = sp.symbols("x y", positive=True)
    assert to_latex(sp.diff(h(x * y), x)) == r"y h'{\left(x y \right)}"
    assert to_latex(sp.diff(h(x), x).subs(x, 1)) == r"h'{\left(1 \right)}"
    assert to_latex(sp.diff(h(x), x, 2)) == r"\frac{d^{2}}{d x^{2}} h{\left(x \right)}"  # only first derivatives
    assert to_latex(-sp.oo) == r"-\infty" and to_latex(sp.pi) == r"\pi"


@pytest.mark.slow
def test_a_limit_that_is_infinite_is_proved_and_a_wrong_sign_is_not() -> None:
    x = sp.Symbol("x", positive=True)
    right = Chain.start(sp.log(x)).tends(-sp.oo, "log x -> -oo", by=Limit(x, 0, "+"))
    wrong = Chain.start(sp.log(x)).tends(sp.oo, "wrong sign", by=Limit(x, 0, "+"))
    report = verify(Derivation("infinite", "Infinite", Domain.of(Real(x, 0, 1)), (right, wrong)))
    assert [r.verdict for r in report.step_results] == [StepVerdict.SYMBOLIC, StepVerdict.FAILED]
