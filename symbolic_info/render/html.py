"""Render a verified derivation as an HTML fragment: what a notebook shows (``text/html``), and ``render(d, "html")``.

Prose is HTML text (escaped), math is ``\\(...\\)`` for the page's MathJax (Jupyter typesets the
math of HTML output). Each chain is a table: the formula, then the justification in a cell of
its own, which wraps like any text however long it is, then the verdict. A failed step is
followed by what the check found (the counterexample). Figures, when given, are inline SVG
images, so the fragment needs no other file.

>>> html_prose("a < b, $x < y$ [cite:lei-entropy]")
'a &lt; b, \\\\(x &lt; y\\\\) [5]'
"""

from __future__ import annotations

import base64
import html
from collections.abc import Mapping, Sequence

from ..engine.chain import Chain
from ..engine.derivation import VerifiedDerivation
from ..engine.verification import StepResult, StepVerdict
from . import references
from .common import RenderOptions, prose_segments, reference_text, relation_latex, statement_latex
from .figures import Figure
from .latex import prose_of, theorem_of

__all__ = ["html_prose", "render_html"]

_STYLE = (
    "<style>.symbolic-info td{vertical-align:top;padding:2px 8px;text-align:left}"
    ".symbolic-info td.formula{white-space:nowrap}.symbolic-info td.why{white-space:normal;min-width:12em}"
    ".symbolic-info td.verdict{font-family:sans-serif;font-size:85%;white-space:nowrap}"
    ".symbolic-info .failed{color:#b00020}</style>\n"
)


def _math(latex: str, display: bool = False) -> str:
    style = "\\displaystyle " if display else ""
    return rf"\({style}{html.escape(latex, quote=False)}\)"


def html_prose(text: str, numbering: Mapping[str, int] | None = None) -> str:
    """Prose with ``$...$`` math as HTML: words escaped, math as ``\\(...\\)``, references and citations resolved."""
    out = []
    for is_math, piece in prose_segments(text):
        if is_math:
            out.append(_math(piece))
            continue
        for kind, value in references.pieces(piece):
            shown = value if kind == "text" else reference_text(kind, value, numbering)
            out.append(html.escape(shown, quote=False))
    return "".join(out)


def _rows(chain: Chain, results: Sequence[StepResult], options: RenderOptions, chain_number: int) -> list[str]:
    def row(left: str, relation: str, right: str, because: str, result: StepResult | None, number: int = 0) -> str:
        failed = result is not None and result.verdict is StepVerdict.FAILED
        verdict = f"[{result.verdict.value}]" if result is not None and (options.verdicts or failed) else ""
        cells = [
            f'<td class="formula" style="text-align:right">{_math(left, True) if left else ""}</td>',
            f'<td class="formula">{_math(f"{relation} {right}", True)}</td>',
            f'<td class="why">{html_prose(because, options.numbering)}</td>',
            f'<td class="verdict{" failed" if failed else ""}">{verdict}</td>',
        ]
        found = ""
        if failed and result is not None:
            detail = "; ".join(filter(None, [result.method, result.detail]))
            where = f"chain {chain_number}, step {number}"
            shown = html.escape(detail, quote=False)
            found = f'<tr><td></td><td colspan="3" class="failed">Failed ({where}): {shown}</td></tr>'
        return "<tr>" + "".join(cells) + "</tr>" + found

    rows = [row(chain.label, "=" if chain.label else "", statement_latex(chain.first), chain.because, None)]
    for number, (step, result) in enumerate(zip(chain.steps, results, strict=True), 1):
        rows.append(
            row(step.label, relation_latex(step), statement_latex(step.statement), step.because, result, number)
        )
    return rows


def _figure(figure: Figure, svg: bytes) -> str:
    data = base64.b64encode(svg).decode("ascii")
    caption = html_prose(figure.caption)
    return (
        f'<figure><img alt="{html.escape(figure.title)}" style="max-width:100%" '
        f'src="data:image/svg+xml;base64,{data}"/><figcaption>{caption}</figcaption></figure>\n'
    )


def render_html(
    verified: VerifiedDerivation,
    options: RenderOptions | None = None,
    figures: Sequence[tuple[Figure, bytes]] = (),
) -> str:
    """One derivation as an HTML fragment: title, id, theorem, domain, prose, one table per chain, sources."""
    options = options or RenderOptions()
    derivation = verified.derivation
    numbering = options.numbering
    summary = f" {html_prose(derivation.summary, numbering)}" if derivation.summary else ""
    out = [
        _STYLE,
        '<div class="symbolic-info">\n',
        f"<h3>{html_prose(derivation.title, numbering)}</h3>\n",
        f"<p>Id: <code>{html.escape(derivation.id)}</code>.{summary}</p>\n",
    ]
    theorem = theorem_of(verified)
    if theorem:
        out.append("<p><b>Theorem.</b> On the domain below, " + ", ".join(_math(item) for item in theorem) + ".</p>\n")
    for index, (chain, results) in enumerate(zip(derivation.chains, verified.results, strict=True)):
        domain = derivation.domain_of(chain).latex()
        if domain and (index == 0 or chain.domain is not None):
            out.append(f"<p><b>Domain:</b> {_math(domain)}.</p>\n")
        if chain.intro:
            out.append(f"<p>{html_prose(chain.intro, numbering)}</p>\n")
        out.append("<table>\n" + "\n".join(_rows(chain, results, options, index + 1)) + "\n</table>\n")
    if derivation.conclusion:
        out.append(f"<p>{html_prose(derivation.conclusion, numbering)}</p>\n")
    out.extend(_figure(figure, svg) for figure, svg in figures)
    cited = references.cited(prose_of(verified))
    if cited:
        items = "".join(
            f"<li>[{item.number}] {html.escape(item.title)} ({html.escape(item.original) or 'in Chinese'}). "
            f"{html.escape(item.site)}."
            + (f' <a href="{html.escape(item.url)}">{html.escape(item.url)}</a>' if item.url else "")
            + "</li>"
            for item in cited
        )
        out.append(f'<p><b>Sources</b></p><ul style="list-style:none">{items}</ul>\n')
    out.append("</div>\n")
    return "".join(out)
