"""Notebook display: ``_repr_latex_`` of a derivation is valid MathJax (no ``\\parbox``, no ``\\tag``); the HTML and
Markdown bundles carry the prose."""

from __future__ import annotations

import re

import pytest

import symbolic_info as si
from symbolic_info import catalogue
from symbolic_info.render.common import RenderOptions
from symbolic_info.render.mathjax import render_notebook

from .conftest import VerifiedLookup, catalogue_params
from .mathjax import math_pieces, problems


@pytest.mark.parametrize(
    ("latex", "complaint"),
    [
        (r"a &= b && \parbox[t]{3cm}{why} \\", "\\parbox is not a MathJax macro"),
        (r"a &= b \tag*{x}", "\\tag is not a MathJax macro"),
        (r"\text{50\% more}", "shown literally"),
        (r"\frac{1}{2", "unbalanced braces"),
        (r"\begin{align*} a \end{align*}", "environment align* is not available"),
        (r"\left( x", "unbalanced \\left/\\right"),
        (r"x \textasciitilde{} y", "\\textasciitilde is not a MathJax macro"),
    ],
)
def test_the_mathjax_checker_rejects_what_mathjax_cannot_show(latex: str, complaint: str) -> None:
    assert any(complaint in problem for problem in problems(latex)), problems(latex)


def test_the_mathjax_checker_accepts_an_aligned_chain() -> None:
    chain = (
        r"\begin{aligned} H &= -\sum_{i=1}^{n} p_{i} \log p_{i} && \text{the definition}\quad\textsf{[symbolic]} \\"
        r" &\leq \log n \end{aligned}"
    )
    assert problems(chain) == []


@pytest.mark.parametrize("derivation_id", catalogue_params())
def test_notebook_output_is_valid_mathjax(verified: VerifiedLookup, derivation_id: str) -> None:
    output = render_notebook(verified(derivation_id))
    pieces = math_pieces(output)
    assert output.count("\\begin{aligned}") == len(verified(derivation_id).derivation.chains)
    assert pieces and all(problems(piece) == [] for piece in pieces), [problems(piece) for piece in pieces]
    assert output.replace("$$", "").count("$") % 2 == 0


@pytest.mark.slow
def test_a_derivation_shows_itself_in_a_notebook(verified: VerifiedLookup) -> None:
    derivation = si.derivation("entropy-maximum")
    shown = derivation._repr_latex_()
    options = RenderOptions(numbering=catalogue.section_numbers())
    assert shown == render_notebook(verified("entropy-maximum"), options) == verified("entropy-maximum")._repr_latex_()
    assert shown.startswith(r"$\textbf{The maximum of entropy")
    assert r"p_{k} = \frac{1}{n}" in shown and r"\textsf{[symbolic]}" in shown


@pytest.mark.parametrize("derivation_id", catalogue_params(["entropy-maximum", "kl-decomposition"]))
def test_the_html_and_markdown_bundles_carry_intro_domain_and_conclusion(
    verified: VerifiedLookup, derivation_id: str
) -> None:
    report = verified(derivation_id)
    derivation = report.derivation
    html, markdown = report._repr_html_(), report._repr_markdown_()
    assert html is not None and markdown is not None
    assert "<b>Domain:</b>" in html and "**Domain:**" in markdown
    for prose in (derivation.conclusion, *(chain.intro for chain in derivation.chains if chain.intro)):
        words = _plain_words(prose)
        assert words in html and words in markdown, words


def _plain_words(prose: str) -> str:
    """The first run of plain words (letters and spaces, 12 or more) outside the math of ``prose``."""
    runs: list[str] = [run for text in prose.split("$")[::2] for run in re.findall(r"[A-Za-z ]{12,}", text)]
    assert runs, prose
    return runs[0].strip()
