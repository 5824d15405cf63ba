"""The explicit-n entropy maximum: correct for any n, symbolic via the symmetry, numeric check scales too."""

from __future__ import annotations

import pytest
import sympy as sp

from symbolic_info import catalogue
from symbolic_info.engine import StepVerdict, verify
from symbolic_info.render.latex import render_derivation


@pytest.mark.slow
@pytest.mark.parametrize("n", [2, 7, 200])
def test_explicit_n_is_proved_and_renders_the_values(n: int) -> None:
    report = verify(catalogue.build("entropy-maximum", n=n))
    assert [r.verdict for r in report.step_results] == [StepVerdict.SYMBOLIC] * report.derivation.step_count
    text = render_derivation(report)
    assert rf"\lambda = 1 - \log {n}" in text
    assert rf"p_{{k}} = \frac{{1}}{{{n}}}" in text
    assert rf"&= \log {n}" in text
    assert rf"\sum_{{i=1}}^{{{n}}}" in text


@pytest.mark.slow
def test_the_numeric_check_also_handles_n_200() -> None:
    report = verify(catalogue.build("entropy-maximum", n=200), symbolic=False)
    assert [r.verdict for r in report.step_results] == [StepVerdict.NUMERIC] * report.derivation.step_count


@pytest.mark.slow
def test_plain_solve_reference_agrees_with_the_derivation() -> None:
    from symbolic_info.benchmarks.derivations import plain_lagrange_solve

    (solution,) = plain_lagrange_solve(3)
    values = {str(symbol): value for symbol, value in solution.items()}
    assert values == {
        "p1": sp.Rational(1, 3),
        "p2": sp.Rational(1, 3),
        "p3": sp.Rational(1, 3),
        "lambda": 1 - sp.log(3),
    }
