"""LaTeX input reads textbook notation: a function without parentheses takes the product written next to it.

``\\log 2x`` is ``log(2*x)`` and ``\\frac{1}{2}\\log 2\\pi e`` is Cover and Thomas's ``log(2*pi*e)/2``; the operand
ends at ``+``, ``-``, a relation, ``,``, a closing bracket, ``\\cdot`` or ``\\times``, a ``where`` word and another
named function. A division inside it is read the textbook way, with a note (see :mod:`.latex_operands`).
"""

from __future__ import annotations

import pytest

from symbolic_info.claims import check
from symbolic_info.claims.from_latex import latex_to_claim, latex_to_claim_with_notes
from symbolic_info.claims.render import render_claim
from symbolic_info.claims.syntax import parse_claim
from symbolic_info.errors import ClaimSyntaxError


@pytest.mark.parametrize(
    ("latex", "plain"),
    [
        (r"\log 2x", "log(2*x)"),
        (r"\log 2\pi e", "log(2*pi*e)"),
        (r"\log 2 \pi e", "log(2*pi*e)"),
        (r"\log p_i q_i", "log(p[i]*q[i])"),
        (r"\log \frac{p_i}{q_i}", "log(((p[i])/(q[i])))"),
        (r"\log x^2", "log(x**(2))"),
        (r"\log 2x^2 y", "log(2*x**(2)*y)"),
        (r"\log xy", "log(x*y)"),
        (r"\log 2(x + 1)", "log(2*(x + 1))"),
        (r"\ln 2x", "log(2*x)"),
        (r"\exp 2x", "exp(2*x)"),
        (r"\log_2 2x", "log(2*x, 2)"),
        (r"\mathrm{log}\, 2x", "log(2*x)"),
        (r"\frac{1}{2}\log 2\pi e \sigma^2", "((1)/(2))*log(2*pi*e*sigma**(2))"),
        (r"\log 2\sqrt{x}", "log(2*sqrt(x))"),
        (r"\log 2 \lvert x \rvert", "log(2*abs(x))"),
        (r"\log 2 \sigma", "log(2*sigma)"),
        (r"\log \log x", "log(log(x))"),
        (r"e^{\ln 2x}", "e**(log(2*x))"),
    ],
)
def test_a_function_takes_the_product_after_it(latex: str, plain: str) -> None:
    assert latex_to_claim(f"{latex} = 1") == f"{plain} = 1"


@pytest.mark.parametrize(
    ("latex", "plain"),
    [
        (r"\log x \cdot y", "log(x)*y"),
        (r"\log x \times y", "log(x)*y"),
        (r"\log x * y", "log(x)*y"),
        (r"\log a \log b", "log(a)*log(b)"),
        (r"\log a \ln b", "log(a)*log(b)"),
        (r"\log 2 \exp x", "log(2)*exp(x)"),
        (r"\log 2 \mathrm{log}\, x", "log(2)*log(x)"),
        (r"\log 2 \sigma(z)", "log(2)*sigmoid(z)"),
        (r"\log n H(p)", "log(n)*H(p)"),
        (r"\log x \sum_i p_i", "log(x)*sum(p[i], i)"),
        (r"\log 2 \frac{d}{dx} x^2", "log(2)*diff(x**(2), x)"),
        (r"\log x / \log y", "log(x)/log(y)"),
        (r"\log(x) y", "log(x)*y"),
        (r"\log\left(x\right) y", "log(x)*y"),
        (r"\log x + y", "log(x) + y"),
        (r"\log x - y", "log(x) - y"),
        (r"(\log x) y", "(log(x))*y"),
        (r"\frac{\log 2x}{y}", "((log(2*x))/(y))"),
    ],
)
def test_an_explicit_break_or_another_function_ends_the_operand(latex: str, plain: str) -> None:
    assert latex_to_claim(f"{latex} = 1") == f"{plain} = 1"


@pytest.mark.parametrize(
    ("latex", "plain"),
    [
        (r"\log x \leq x - 1 \quad \text{where } x > 0", "log(x) <= x - 1 where x > 0"),
        (r"\log 2x \leq 2x, \text{ for } x > 0", "log(2*x) <= 2*x where x > 0"),
        (r"\log x where x > 0", "log(x) where x > 0"),
        (r"H(p, q) = -\sum_{i=1}^{n} p_i \log q_i", "H(p, q) = -sum(p[i]*log(q[i]), i)"),
        (r"\sum_i p_i \log \frac{p_i}{q_i} \geq 0", "sum(p[i]*log(((p[i])/(q[i]))), i) >= 0"),
        (r"-\sum_{i=1}^{n} p_i \log p_i \le \log n", "-sum(p[i]*log(p[i]), i) <= log(n)"),
        (r"H([0.5, 0.5]) = \ln 2", "H([0.5, 0.5]) = log(2)"),
    ],
)
def test_a_where_word_a_relation_and_the_end_of_a_sum_end_it(latex: str, plain: str) -> None:
    assert latex_to_claim(latex) == plain


@pytest.mark.slow
def test_the_issue_examples_read_and_check_as_textbooks_mean() -> None:
    assert latex_to_claim(r"\log 2x = \log 2 + \log x") == "log(2*x) = log(2) + log(x)"
    assert latex_to_claim(r"\frac{1}{2}\log 2\pi e \approx 1.419") == "((1)/(2))*log(2*pi*e) ~= 1.419"
    for claim in (r"\log 2x = \log 2 + \log x", r"\frac{1}{2}\log 2\pi e \approx 1.419", r"\exp 2x = (\exp x)^2"):
        verdict = check(claim, latex=True)
        assert verdict.verdict in ("proved", "holds"), verdict.message
        assert verdict.message.startswith("read as: ")


@pytest.mark.parametrize(
    ("latex", "plain", "note"),
    [
        (r"\log p_i/q_i", "log(p[i]/q[i])", r"read `\log p_i/q_i` as log(p[i]/q[i]), not log(p[i])/q[i]"),
        (r"\log x \div y", "log(x/y)", r"read `\log x \div y` as log(x/y), not log(x)/y"),
        (r"\log_2 2x/y", "log(2*x/y, 2)", r"read `\log_2 2x/y` as log(2*x/y, 2), not log(2*x, 2)/y"),
        (r"\exp x/(1 + x)", "exp(x/(1 + x))", r"read `\exp x/(1 + x)` as exp(x/(1 + x)), not exp(x)/(1 + x)"),
    ],
)
def test_a_division_in_the_operand_is_read_the_textbook_way_with_a_note(latex: str, plain: str, note: str) -> None:
    assert latex_to_claim_with_notes(f"{latex} = 1") == (f"{plain} = 1", (note,))


def test_a_note_for_each_ambiguous_division_and_none_otherwise() -> None:
    text, notes = latex_to_claim_with_notes(r"\sum_i p_i \log p_i/q_i \geq \log x/y")
    assert text == "sum(p[i]*log(p[i]/q[i]), i) >= log(x/y)"
    assert notes == (
        r"read `\log p_i/q_i` as log(p[i]/q[i]), not log(p[i])/q[i]",
        r"read `\log x/y` as log(x/y), not log(x)/y",
    )
    for unambiguous in (r"\log 2x = 1", r"\log(x)/y = 1", r"\log x / \log y = 1", r"\frac{\log x}{y} = 1"):
        assert latex_to_claim_with_notes(unambiguous)[1] == ()
        assert latex_to_claim_with_notes(unambiguous)[0] == latex_to_claim(unambiguous)


def test_the_power_of_a_function_is_still_refused() -> None:
    with pytest.raises(ClaimSyntaxError, match=r"write \(\\log x\)\^k"):
        latex_to_claim(r"\log^2 2x = 1")


@pytest.mark.parametrize("claim", ["log(x)*y = 1", "log(2)*x = 1", "log(x, 2)*y = 1"])
def test_a_rendered_product_after_a_function_reads_back(claim: str) -> None:
    parsed = parse_claim(claim)
    assert latex_to_claim(render_claim(parsed)) == claim


@pytest.mark.parametrize(
    ("latex", "plain"),
    [
        (r"\frac12 \log 2 = \log \sqrt 2", "((1)/(2))*log(2) = log(sqrt(2))"),
        (r"\frac 1 2 = 0.5", "((1)/(2)) = 0.5"),
        (r"\frac1n \sum_i p_i = \frac{1}{n}", "((1)/(n))*sum(p[i], i) = ((1)/(n))"),
        (r"\frac{1}2 = \frac\pi\pi - \frac12", "((1)/(2)) = ((pi)/(pi)) - ((1)/(2))"),
        (r"\sqrt2 = 2^{1/2}", "sqrt(2) = 2**(1/2)"),
        (r"\sqrt[3]8 = 2", "((8)**(1/(3))) = 2"),
    ],
)
def test_tex_arguments_without_braces_are_one_character_or_one_command(latex: str, plain: str) -> None:
    """TeX reads ``\\frac12`` as ``\\frac{1}{2}`` and ``\\sqrt 2`` as ``\\sqrt{2}``: so does the reader."""
    assert latex_to_claim(latex) == plain


def test_an_argument_that_is_not_one_character_is_refused_with_its_column() -> None:
    with pytest.raises(ClaimSyntaxError, match=r"column 7: expected '\{': as in \\frac\{a\}\{b\}"):
        latex_to_claim(r"\frac+1 = 1")
