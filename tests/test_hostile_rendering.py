"""Hostile input on every rendering interface: user text is escaped for its target, and nothing vacuous is proved.

The four parts of the hardening issue that concern the claim checker's output and input:
rendering (LaTeX text, math names, HTML through MathJax), the hygiene of a claim's text (warnings,
byte order marks, line breaks), empty domains, and the time budgets of the Python API.
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest
import sympy as sp

from symbolic_info.claims import check, check_each, check_many
from symbolic_info.claims.checker import MAX_BUDGET
from symbolic_info.claims.examples import read_claims
from symbolic_info.claims.from_latex import latex_to_claim
from symbolic_info.claims.render import render_claim, render_expression
from symbolic_info.claims.syntax import LINE_BREAKS, parse_claim
from symbolic_info.claims.verdict import Verdict
from symbolic_info.cli import main
from symbolic_info.errors import ClaimSyntaxError, InvalidArgumentError
from symbolic_info.formulas.printer import math_text, to_latex
from symbolic_info.render import pdf
from symbolic_info.render.common import escape_text, text_in_math
from symbolic_info.render.markdown import markdown_math, markdown_prose

from .conftest import require
from .mathjax import math_pieces, problems

#: An HTML tag opening: what must never reach a notebook's text/latex output from a claim's text.
_TAG = re.compile(r"<[A-Za-z/!?]")
_HOSTILE = r"<img src=x onerror=alert(1)> \input{/etc/passwd} $x$ 50% & #1 a_b ^ ~ | {} &lt; \\"


def _name(name: str) -> str:
    return render_expression(parse_claim(f"{name} = 0").sides[0])


def _mathjax_problems(latex: str) -> list[str]:
    """What MathJax would reject in ``latex``."""
    return [problem for piece in math_pieces(latex) for problem in problems(piece)]


# -- 1. rendering: names -----------------------------------------------------------------------------------------


@pytest.mark.slow
def test_lam_is_lambda_and_never_an_undefined_macro() -> None:
    assert check("lam = lam")._repr_latex_() == r"$$\lambda = \lambda\quad\textsf{[proved]}$$"
    verdict = check(r"\lambda^2 \geq 0", latex=True)
    assert verdict.verdict == "proved" and verdict.latex == r"\lambda^{2} \geq 0"
    assert not re.search(r"\\lam(?![a-z])", verdict._repr_latex_())


@pytest.mark.parametrize(
    ("name", "latex"),
    [
        ("x", "x"),
        ("x_1", "x_{1}"),
        ("x_12", "x_{12}"),
        ("x_1_2", "x_{1_{2}}"),
        ("alpha", r"\alpha"),
        ("alpha_beta", r"\alpha_{\beta}"),
        ("lam", r"\lambda"),
        ("lam_1", r"\lambda_{1}"),
        ("lambda_1", r"\mathit{lambda}_{1}"),
        ("abc", r"\mathit{abc}"),
        ("x1", r"\mathit{x1}"),
        ("x_", r"\mathit{x\_}"),
        ("x__1", r"\mathit{x\_\_1}"),
        ("p_1", r"\mathit{p\_1}"),  # p_{1} is the entry p[1]
    ],
)
def test_each_name_has_its_own_latex(name: str, latex: str) -> None:
    assert _name(name) == latex
    assert _mathjax_problems(f"${latex}$") == []


def test_names_map_injectively() -> None:
    names = ["x", "x_", "x__", "x_1", "x1", "x_1_2", "x_12", "x1_2", "x__1", "lam", "lam_1", "lambda_1", "alpha",
             "alpha_1", "abc", "a_b_c", "a_bc", "ab_c", "p_1", "q_i", "sigma", "sigma_1", "x_alpha"]  # fmt: skip
    shown = [_name(name) for name in names]
    assert len(set(shown)) == len(names), dict(zip(names, shown, strict=True))
    assert _name("p_1") != render_expression(parse_claim("p[1] = 0").sides[0]) == "p_{1}"


def test_a_name_the_latex_reader_would_call_keeps_a_product_a_product() -> None:
    latex = render_claim(parse_claim("sigma*(z + 1) = sigmoid(z + 1)"))
    assert latex == r"\sigma \cdot \left(z + 1\right) = \sigma\left(z + 1\right)"
    assert latex_to_claim(latex) == "sigma*(z + 1) = sigmoid(z + 1)"


# -- 1. rendering: numbers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("claim", "latex"),
    [
        ("1_0_0 = x", "100 = x"),
        ("1_000.5 = x", "1000.5 = x"),
        ("2.5e-3 = x", r"2.5 \times 10^{-3} = x"),
        ("1E+05 = x", r"1 \times 10^{5} = x"),
        ("1e5**2 = x", r"\left(1 \times 10^{5}\right)^{2} = x"),
        ("log(1e5) = x", r"\log\left(1 \times 10^{5}\right) = x"),
        ("0x10 + 0o7 + 0b1 = x", "16 + 7 + 1 = x"),
    ],
)
def test_numbers_render_as_written_without_separators(claim: str, latex: str) -> None:
    shown = render_claim(parse_claim(claim))
    assert shown == latex and "_" not in shown
    assert check(claim, budget=10).latex == latex


def test_a_number_in_e_notation_reads_back_as_the_same_number() -> None:
    for claim in ("2.5e-3 = x", "log(1e5) = x", "1e5**2 = x"):
        again = latex_to_claim(render_claim(parse_claim(claim)))
        assert "e" not in again.replace("log", "")  # a power of ten, never Euler's e times a number


# -- 1. rendering: a claim's text in text/latex ------------------------------------------------------------------


def test_raw_html_never_reaches_text_latex() -> None:
    verdict = check("<img src=x onerror=alert(1)> = 1")
    latex = verdict._repr_latex_()
    assert verdict.verdict == "error"
    assert latex.startswith(r"${<}\text{img src=x onerror=alert(1)}{>}\text{ = 1}\quad\textsf{[error]}")
    assert not _TAG.search(latex) and _mathjax_problems(latex) == []


def test_every_special_character_of_a_claim_is_escaped() -> None:
    verdict = Verdict(_HOSTILE, "error", "parse", None, _HOSTILE)
    latex = verdict._repr_latex_()
    assert not _TAG.search(latex) and "&lt" not in latex and r"\input" not in latex
    assert r"\backslash \text{input}\{\text{/etc/passwd}\}" in latex
    assert r"\$\text{x}\$" in latex and r"\text{ 50}\%" in latex and r"\&\text{ }\#\text{1 a}\_" in latex
    assert _mathjax_problems(latex) == []
    texts = re.findall(r"\\text\{([^{}]*)\}", latex)
    assert all(not re.search(r"[\\{}$%&#_^~<>|]", text) for text in texts)


def test_a_counterexample_with_an_underscore_name_is_valid_mathjax() -> None:
    verdict = check("x_ = x")
    latex = verdict._repr_latex_()
    assert verdict.verdict == "refuted"
    assert r"\mathit{x\_} = x\quad\textsf{[refuted]}" in latex and r"\text{counterexample: x}\_\text{ = " in latex
    assert _mathjax_problems(latex) == []


def test_math_text_sets_specials_in_math_mode() -> None:
    assert math_text("a <b> & c") == r"\text{a }{<}\text{b}{>}\text{ }\&\text{ c}"
    assert math_text("x\u2028y\x1b") == r"\text{x y }"  # a line separator or an escape code is a space


def test_the_report_shows_no_control_character() -> None:
    verdict = check("x = 1\x1b[2J")
    report = verdict.report()
    assert verdict.verdict == "error" and "\x1b" not in report
    assert report.splitlines()[0] == "error    x = 1?[2J" and report.splitlines()[1] == " " * 9 + " " * 5 + "^"


# -- 1. rendering: derivation prose ------------------------------------------------------------------------------


def test_prose_escapes_backslashes_and_braces_outside_math() -> None:
    assert escape_text(r"see \input{x} and $\frac{a}{b}$") == r"see \textbackslash{}input\{x\} and $\frac{a}{b}$"
    assert escape_text("a <b> ^ | ~") == r"a \textless{}b\textgreater{} \textasciicircum{} \textbar{} \textasciitilde{}"
    assert text_in_math(r"by \input{x}, $y$ <b>") == (
        r"\text{by }\backslash \text{input}\{\text{x}\}\text{, }y\text{ }{<}\text{b}{>}"
    )


def test_prose_in_markdown_escapes_html_and_entities() -> None:
    assert markdown_prose("a &lt; b <i>") == r"a \&lt; b \<i\>"
    assert markdown_math(text_in_math("a <b>")) == r"\text{a }{\lt}\text{b}{\gt}"


def test_names_of_symbols_in_derivations_are_escaped() -> None:
    assert to_latex(sp.Symbol("a{b")) == r"\mathrm{a\{b}"
    assert to_latex(sp.Symbol(r"x\input{y}")) == r"\mathrm{x\backslash input\{y\}}"
    assert to_latex(sp.Symbol("a b%")) == r"\mathrm{a\ b\%}"
    # the names the catalogue uses keep SymPy's conventions (the golden files do not change)
    assert [to_latex(sp.Symbol(name)) for name in ("phat", "mu_1", "xi_1", "lambda", "x'")] == [
        r"\hat{p}",
        r"\mu_{1}",
        r"\xi_{1}",
        r"\lambda",
        "x'",
    ]


@pytest.mark.slow
def test_escaped_output_compiles_with_latex_and_reads_as_typed() -> None:
    require(pdf.find_engine() is not None, "no LaTeX engine (pdflatex)")
    hostile = r"see \input{/etc/passwd} <b> ^ | ~ {x} 50% & #1 a_b"
    verdicts = [Verdict(_HOSTILE, "error", "parse", None, _HOSTILE), check("x_ = x"), check("lam_1 = lam_1")]
    document = (
        "\\documentclass{article}\n\\usepackage{amsmath}\n\\usepackage{amssymb}\n\\begin{document}\n"
        f"\\section{{{escape_text(hostile)}}}\n{escape_text(hostile)}\n\n"
        f"${text_in_math(hostile)}$\n\n${to_latex(sp.Symbol('a{b}'))}$\n\n"
        f"${render_claim(parse_claim('x_ + 1_0_0 + 2.5e-3 + abc + lambda_1 = p_1'))}$\n\n"
        + "\n\n".join(verdict._repr_latex_() for verdict in verdicts)
        + "\n\\end{document}\n"
    )
    built = pdf.build_pdf({"hostile.tex": document}, "hostile.tex")
    assert built.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        return
    folder = Path(__file__).parent
    result = subprocess.run(["pdftotext", "-", "-"], input=built, capture_output=True, check=True, cwd=folder)
    text = result.stdout.decode("utf-8", "replace")
    assert r"\input{/etc/passwd}" in text and "root:" not in text


# -- 2. the hygiene of a claim's text ----------------------------------------------------------------------------


def test_a_number_running_into_a_word_is_an_error_with_a_column_and_no_warning() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(ClaimSyntaxError, match="invalid decimal literal") as error:
            parse_claim("x = 1or 2")
    assert error.value.column == 5 and caught == []
    verdict = check("x = 1or 2")
    assert verdict.verdict == "error" and verdict.column == 5


@pytest.mark.slow
def test_no_syntax_warning_reaches_stderr() -> None:
    code = (
        "from symbolic_info.claims.syntax import parse_claim\n"
        "try:\n    parse_claim('x = 1or 2')\nexcept ValueError:\n    pass"
    )
    result = subprocess.run([sys.executable, "-W", "default", "-c", code], capture_output=True, text=True, check=True)
    assert result.stderr == ""


@pytest.mark.slow
def test_a_byte_order_mark_starts_a_claim_or_a_file_harmlessly() -> None:
    assert parse_claim("\ufeffx = x").sides[0].text == "x"
    assert check("\ufeffKL(p, q) >= 0").verdict == "proved"
    assert check("\ufeff\\lambda^2 \\geq 0", latex=True).verdict == "proved"
    assert read_claims("\ufeffKL(p, q) >= 0  # Gibbs\n") == [("KL(p, q) >= 0", "Gibbs")]
    with pytest.raises(ClaimSyntaxError, match="empty"):
        parse_claim("\ufeff")
    error = check("x\ufeff = x")  # only at the start
    assert error.verdict == "error" and error.column == 2


@pytest.mark.parametrize("line_break", sorted(LINE_BREAKS - {"\n"}), ids=lambda c: f"U+{ord(c):04X}")
def test_only_a_newline_ends_a_line_of_a_file_of_claims(line_break: str) -> None:
    claims = read_claims(f"x = x{line_break}y = y\nz = z\r\n")  # a \r right before the \n ends the line with it
    assert [claim for claim, _ in claims] == [f"x = x{line_break}y = y", "z = z"]
    verdict = check(claims[0][0])
    assert verdict.verdict == "error" and verdict.column == 6 and "a claim is one line" in verdict.message
    latex = check(claims[0][0].replace("x = x", r"\lambda = \lambda"), latex=True)
    assert latex.verdict == "error" and "a claim is one line" in latex.message


def test_a_trailing_line_separator_is_not_stripped_silently() -> None:
    ((claim, _),) = read_claims("x = x\u2028\n")
    assert check(claim).verdict == "error"


def test_latex_mode_never_joins_lines() -> None:
    verdict = check("x = \n x", latex=True)
    assert verdict.verdict == "error" and "column 5" in verdict.message and "a claim is one line" in verdict.message


@pytest.mark.slow
def test_latex_claims_in_a_file_are_one_per_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "claims.tex"
    path.write_text("\ufeffx = \n\\lambda^2 \\geq 0\n", encoding="utf-8")
    assert main(["check", "--json", "--latex", "--file", str(path)]) == 2
    out = capsys.readouterr().out
    assert '"verdict": "error"' in out and '"verdict": "proved"' in out and out.count('"claim"') == 2


# -- 3. vacuous proofs -------------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    "claim",
    [
        "p[k] >= 0 where k > n",
        "x = x where x = 2, x = 3",
        "x = x where x > 1, x < 2*x - 5, x < 3",
    ],
)
def test_an_empty_domain_is_an_error_never_proved(claim: str) -> None:
    verdict = check(claim)
    assert verdict.verdict == "error" and verdict.method == "empty domain" and not verdict.ok
    assert verdict.message.startswith("no value satisfies the conditions: no point tried")
    assert "the domain looks empty" in verdict.message and "proved" not in verdict.message


def test_a_claim_without_a_real_value_anywhere_is_an_error() -> None:
    verdict = check("log(-1) = log(-1)")
    assert verdict.verdict == "error" and verdict.message.startswith("no point could be evaluated: a side has no")


@pytest.mark.slow
def test_a_fixed_value_or_large_n_alone_still_proves() -> None:
    assert check("x = 1 where x = 1").verdict == "proved"
    assert check("H(p) <= log(n) where n > 10**6").verdict == "proved"  # only structured points, at large n


# -- 4. budgets --------------------------------------------------------------------------------------------------

_BAD_BUDGETS: list[Any] = ["5", float("inf"), float("nan"), 1e300, 0, -1, True, None, 10**400, MAX_BUDGET + 1]


@pytest.mark.parametrize("budget", _BAD_BUDGETS, ids=repr)
def test_a_bad_budget_is_an_invalid_argument_everywhere(budget: Any) -> None:
    for call in (
        lambda: check("x = x", budget=budget),
        lambda: check("x = x", proof_budget=budget),
        lambda: check_many(["x = x"], budget=budget),
        lambda: check_each(["x = x"], budget=budget),
    ):
        with pytest.raises(InvalidArgumentError, match="number of seconds"):
            call()


def test_the_budget_message_states_the_limits() -> None:
    with pytest.raises(InvalidArgumentError, match=r"positive, finite number of seconds, at most 86400; got inf"):
        check("x = x", budget=math.inf)


@pytest.mark.slow
def test_good_budgets_are_accepted() -> None:
    assert check("x = x", budget=MAX_BUDGET).verdict == "proved"
    assert check("x = x", budget=20, proof_budget=2).verdict == "proved"
    assert [v.verdict for _, v in check_each(["x = x"], budget=10, jobs=1)] == ["proved"]
