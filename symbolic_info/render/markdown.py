"""Render verified derivations as Markdown pages that code hosts (GitHub, GitLab) display with MathJax.

Each chain is a ``$$`` block holding one ``aligned`` environment, one row per line, the
justification in ``\\text{...}`` and the verdict beside it; prose keeps inline ``$...$``
math. No ``\\tag`` and no ``\\parbox`` (MathJax has neither inside ``aligned``).

A code host runs its Markdown pass before MathJax sees the math, and that pass eats the
backslash of ``\\{``, ``\\,``, ``\\|`` and friends and may read ``<b`` as an HTML tag. So the
math is written without them: each such macro is replaced by a letter-named equivalent
(:data:`MARKDOWN_SAFE_MATH`), which reads the same in every MathJax.

>>> markdown_math(r"k \\in \\{1, \\dots, n\\},\\; D(p \\,\\|\\, q)")
'k \\\\in \\\\lbrace 1, \\\\dots, n\\\\rbrace,\\\\mskip5mu D(p \\\\mskip3mu\\\\Vert\\\\mskip3mu q)'
>>> markdown_prose("a *b* $x_1 < y$")
'a \\\\*b\\\\* $x_1 \\\\lt y$'
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from types import MappingProxyType

from ..engine.derivation import VerifiedDerivation
from . import preface, references
from .common import RenderOptions, prose_segments, reference_text
from .figures import FIGURE_FOLDER, Figure
from .latex import failures, header, prose_of, theorem_of
from .mathjax import mathjax_rows

__all__ = [
    "INDEX_NAME",
    "MARKDOWN_SAFE_MATH",
    "markdown_math",
    "markdown_prose",
    "render_index",
    "render_markdown",
    "sources_list",
]

INDEX_NAME = "index.md"
SOURCES_ANCHOR = "sources"

#: Math a Markdown pass would alter, and what MathJax reads the same way after it.
MARKDOWN_SAFE_MATH: Mapping[str, str] = MappingProxyType(
    {
        r"\{": r"\lbrace",
        r"\}": r"\rbrace",
        r"\|": r"\Vert",
        r"\,": r"\mskip3mu",
        r"\:": r"\mskip4mu",
        r"\>": r"\mskip4mu",
        r"\;": r"\mskip5mu",
        r"\!": r"\mskip-3mu",
        r"\%": r"\unicode{37}",
        r"\&": r"\unicode{38}",
        r"\#": r"\unicode{35}",
        r"\_": r"\unicode{95}",
        r"\$": r"\unicode{36}",
        "<": r"\lt",
        ">": r"\gt",
        "*": r"\ast",
    }
)
# ``\\`` (a row break) stays; a ``*`` right after a letter is a starred macro (``\operatorname*``).
_UNSAFE_MATH = re.compile(r"\\\\|\\[{}|,:>;!%&#_$]|[<>]|(?<![A-Za-z])\*")
_TEXT_GROUP = re.compile(r"(\\text(?:bf|sf|it|tt|rm)?\{[^{}]*\})")
_MARKDOWN_SPECIALS = re.compile(r"[\\`*_\[\]<>|#&]")


def _safe_math(latex: str) -> str:
    def replace(match: re.Match[str]) -> str:
        safe = MARKDOWN_SAFE_MATH.get(match.group(), match.group())
        following = latex[match.end() : match.end() + 1]
        return safe + " " if safe[-1].isalpha() and (following.isalnum() or following == "-") else safe

    return _UNSAFE_MATH.sub(replace, latex)


def _safe_text_group(group: str) -> str:
    """Inside ``\\text{...}`` the words are literal: ``<``, ``>`` and ``*`` leave the group as math symbols."""
    head, body = group.split("{", 1)
    pieces = re.split(r"([<>*])", body[:-1])
    out = []
    for index, piece in enumerate(pieces):
        if index % 2:
            out.append(MARKDOWN_SAFE_MATH[piece] + " ")
        elif piece:
            out.append(f"{head}{{{piece}}}")
    return "".join(out)


def markdown_math(latex: str) -> str:
    """``latex`` rewritten so that a Markdown pass leaves MathJax the same formula."""
    return "".join(
        _safe_text_group(piece) if index % 2 else _safe_math(piece)
        for index, piece in enumerate(_TEXT_GROUP.split(latex))
    )


def _markdown_words(text: str, numbering: Mapping[str, int] | None) -> str:
    out = []
    for kind, value in references.pieces(text):
        if kind == "text":
            out.append(_MARKDOWN_SPECIALS.sub(lambda m: "\\" + m.group(), value))
        elif kind == "cite":
            out.append(f"[\\[{references.source(value).number}\\]](#{SOURCES_ANCHOR})")
        elif numbering is not None and value in numbering:
            out.append(f"[{reference_text(kind, value, numbering)}]({value}.md)")
        else:
            out.append(f"`{value}`")
    return "".join(out)


def markdown_prose(text: str, numbering: Mapping[str, int] | None = None) -> str:
    """Prose with inline ``$...$`` math: Markdown specials escaped in the words, the math made safe; references
    (``[ref:ID]``) as links to the section's page, citations (``[cite:KEY]``) as ``[n]``, linked to the sources."""
    return "".join(
        f"${markdown_math(piece).strip()}$" if is_math else _markdown_words(piece, numbering)
        for is_math, piece in prose_segments(text)
    )


def sources_list(sources: Sequence[references.Source]) -> str:
    """A Markdown list of the articles cited on a page, by title (English and Chinese), site and address."""
    if not sources:
        return ""
    items = []
    for item in sources:
        original = f" ({item.original})" if item.original else ""
        address = f" <{item.url}>" if item.url else ""
        language = ", in Chinese" if item.in_chinese else ""
        items.append(
            f"{item.number}. {markdown_prose(item.title)}{original}{language}. {markdown_prose(item.site)}.{address}\n"
        )
    return f'<a id="{SOURCES_ANCHOR}"></a>\n\n**Sources**\n\n' + "".join(items) + "\n"


def _number(derivation_id: str, numbering: Mapping[str, int]) -> str:
    return f"Section {numbering[derivation_id]}: " if derivation_id in numbering else ""


def _figure(figure: Figure, images: Mapping[str, str] | None = None) -> str:
    """A figure: the image (``figures/NAME.svg``, or the address ``images`` gives) and its caption."""
    image = (images or {}).get(figure.name, f"{FIGURE_FOLDER}/{figure.name}.svg")
    return f"![{figure.title}]({image})\n\n*Figure.* {markdown_prose(figure.caption)}\n\n"


def render_markdown(
    verified: VerifiedDerivation,
    figures: Sequence[Figure] = (),
    options: RenderOptions | None = None,
    images: Mapping[str, str] | None = None,
) -> str:
    """One derivation as a Markdown page, followed by ``figures`` (drawn as ``figures/NAME.svg``, or at the
    addresses of ``images``: figure name to URL)."""
    options = options or RenderOptions()
    derivation = verified.derivation
    numbering = options.numbering
    summary = f" {markdown_prose(derivation.summary, numbering)}" if derivation.summary else ""
    out = [
        header(options, "<!--").rstrip("\n") + " -->\n" if options.command else "",
        f"# {markdown_prose(derivation.title, numbering)}\n\n",
    ]
    if options.index:
        out.append(f"[All derivations]({INDEX_NAME})\n\n")
    out.append(f"Id: `{derivation.id}`.{summary}\n\n")
    theorem = theorem_of(verified)
    if theorem:
        shown = markdown_math(",\\quad ".join(theorem)).replace("\\\\", "\\\\\n")  # a row break ends its line
        out.append("**Theorem.** On the domain below,\n\n$$\n" + shown + ".\n$$\n\n")
    for index, (chain, results) in enumerate(zip(derivation.chains, verified.results, strict=True)):
        domain = derivation.domain_of(chain).latex()
        if domain and (index == 0 or chain.domain is not None):
            out.append(f"**Domain:** ${markdown_math(domain)}$\n\n")
        if chain.intro:
            out.append(f"{markdown_prose(chain.intro, numbering)}\n\n")
        # a row break inside a row (a matrix) also ends its line: Markdown leaves `\\` at a line end alone
        rows = [
            markdown_math(row).replace("\\\\", "\\\\\n")
            for row in mathjax_rows(chain, results, numbering, verdicts=options.verdicts)
        ]
        out.append("$$\n\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}\n$$\n\n")
    for chain_number, step_number, because, found in failures(verified):
        where = f"chain {chain_number}, step {step_number}" + (f" ({markdown_prose(because)})" if because else "")
        out.append(f"**Failed:** {where}:\n\n```\n{found}\n```\n\n")
    if derivation.conclusion:
        out.append(f"{markdown_prose(derivation.conclusion, numbering)}\n\n")
    out.extend(_figure(figure, images) for figure in figures)
    out.append(sources_list(references.cited(prose_of(verified))))
    return "".join(out).rstrip("\n") + "\n"


def _block(block: preface.Block, numbering: Mapping[str, int]) -> str:
    """A block of the preface: a paragraph, or a lead-in and a bulleted list."""
    if isinstance(block, str):
        return f"{markdown_prose(block, numbering)}\n\n"
    lead, items = block
    return (
        f"{markdown_prose(lead, numbering)}\n\n"
        + "".join(f"- {markdown_prose(item, numbering)}\n" for item in items)
        + "\n"
    )


def render_index(
    sections: Sequence[tuple[str, Sequence[tuple[str, str]]]],
    figures: Sequence[Figure] = (),
    options: RenderOptions | None = None,
) -> str:
    """``index.md``: every derivation, part by part, numbered as in the book and linked to its page;
    then every figure and the source articles."""
    options = options or RenderOptions()
    out = [
        header(options, "<!--").rstrip("\n") + " -->\n",
        "# Derivations\n\n",
        f"## {preface.PREFACE_TITLE}\n\n",
        *(_block(block, options.numbering) for block in preface.paragraphs(options.verdicts)),
    ]
    for part_title, entries in sections:
        out.append(f"\n## {markdown_prose(part_title)}\n\n")
        out.extend(
            f"- {_number(derivation_id, options.numbering)}[{markdown_prose(title)}]({derivation_id}.md) "
            f"(`{derivation_id}`)\n"
            for derivation_id, title in entries
        )
    if figures:
        out.append("\n## Figures\n\n")
        out.extend(f"### {figure.title}\n\n{_figure(figure)}" for figure in figures)
    anchor, _, items = sources_list(references.BIBLIOGRAPHY).split("\n\n", 2)
    out.append(f"\n## Sources\n\n{anchor}\n\n{items}")  # the anchor: the preface's citations link to it
    return "".join(out).rstrip("\n") + "\n"
