"""LaTeX for MathJax (notebooks, code hosts): ``aligned`` rows, and a derivation's ``text/latex`` for notebooks.

MathJax has no ``\\parbox`` and no ``\\tag`` inside ``aligned``, and a line of math never wraps:
a long justification is split into lines of at most :data:`LINE_CHARACTERS` characters, each on a
row of its own, the verdict after the last one. Math inside a justification is never split.

>>> wrapped("a fairly long justification with $x^2$ in it", 20)
['a fairly long', 'justification with', '$x^2$ in it']
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from ..engine.chain import Chain
from ..engine.derivation import VerifiedDerivation
from ..engine.verification import StepResult
from .common import RenderOptions, prose_segments, relation_latex, statement_latex, text_in_math

__all__ = ["LINE_CHARACTERS", "mathjax_rows", "render_notebook", "wrapped"]

#: The longest line of a justification beside a formula, in characters (math counted as written).
LINE_CHARACTERS = 44
_NBSP = "\x00"  # a space inside math while the words are split
_SIZING = re.compile(r"\\(?:left|right|[bB]igg?[lr]?|[,;:! ])")  # macros that show nothing of their own
_MACRO = re.compile(r"\\[a-zA-Z]+")
_MATH_INVISIBLE = re.compile(r"[{}^_ ]")


def wrapped(text: str, width: int = LINE_CHARACTERS) -> list[str]:
    """``text`` (prose with ``$...$`` math) in lines of at most ``width`` characters, math and words kept whole."""
    kept_whole = "".join(
        f"${piece.replace(' ', _NBSP)}$" if is_math else piece for is_math, piece in prose_segments(text)
    )
    words = [word.replace(_NBSP, " ") for word in kept_whole.split(" ") if word]
    lines: list[str] = []
    for word in words:
        if lines and _shown_length(lines[-1]) + 1 + _shown_length(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _shown_length(text: str) -> int:
    r"""About how many characters ``text`` shows: a macro in its math counts as one, braces and scripts as none.

    >>> _shown_length(r"so $\partial \mathcal{L} / \partial p_k = 0$")
    12
    """
    shown = 0
    for is_math, piece in prose_segments(text):
        if is_math:
            piece = _MATH_INVISIBLE.sub("", _MACRO.sub("m", _SIZING.sub("", piece)))
        shown += len(piece)
    return shown


def mathjax_rows(
    chain: Chain,
    results: Sequence[StepResult],
    numbering: Mapping[str, int] | None = None,
    *,
    verdicts: bool = True,
) -> list[str]:
    """The rows of one chain for an ``aligned`` block read by MathJax, the verdict after the justification."""

    def reason(text: str, verdict: str = "") -> list[str]:
        lines = [text_in_math(line, numbering=numbering) for line in wrapped(text)] if text else []
        tag = rf"\textsf{{[{verdict}]}}" if verdict and verdicts else ""
        if tag:
            lines = [*lines[:-1], (lines[-1] + r"\quad" if lines else "") + tag]
        return lines

    def rows_of(left: str, because: str, verdict: str = "") -> list[str]:
        lines = reason(because, verdict)
        if not lines:
            return [left]
        return [f"{left} && {lines[0]}", *(f"&& {line}" for line in lines[1:])]

    first = statement_latex(chain.first)
    rows = rows_of(f"{chain.label} &= {first}" if chain.label else f"&{first}", chain.because)
    for step, result in zip(chain.steps, results, strict=True):
        left = f"{step.label} &{relation_latex(step)} {statement_latex(step.statement)}"
        rows.extend(rows_of(left, step.because, result.verdict.value))
    return rows


def render_notebook(verified: VerifiedDerivation, options: RenderOptions | None = None) -> str:
    """LaTeX for notebooks (MathJax): the title and one ``aligned`` block per chain."""
    options = options or RenderOptions()
    derivation = verified.derivation
    out = ["$" + text_in_math(derivation.title, command=r"\textbf", numbering=options.numbering) + "$\n"]
    for chain, results in zip(derivation.chains, verified.results, strict=True):
        rows = mathjax_rows(chain, results, options.numbering, verdicts=options.verdicts)
        out.append("$$\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}$$\n")
    return "\n".join(out)
