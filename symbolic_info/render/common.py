"""Pieces shared by the renderers: statements, relations and prose as LaTeX.

>>> import sympy as sp
>>> x = sp.Symbol("x")
>>> statement_latex(sp.Eq(x, 1))
'x = 1'
>>> text_in_math("a $x$ b")
'\\\\text{a }x\\\\text{ b}'
>>> escape_text("50% & more, $a_1$")
'50\\\\% \\\\& more, $a_1$'
>>> escape_text(r"\\input{x} <b>")
'\\\\textbackslash{}input\\\\{x\\\\} \\\\textless{}b\\\\textgreater{}'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import sympy as sp

from ..engine.certify import MAX_VARIABLES
from ..engine.chain import Relation, Step
from ..engine.operations import Limit, Statement
from ..engine.verification import DEFAULT_POINTS, WORKING_DIGITS, compared_digits
from ..errors import DerivationError, InvalidArgumentError
from ..formulas.printer import math_text, to_latex
from . import references

__all__ = [
    "PAPERS",
    "RenderOptions",
    "certificate_description",
    "escape_plain",
    "escape_text",
    "numeric_check_description",
    "prose_segments",
    "relation_latex",
    "statement_latex",
    "sympy_relation_latex",
    "text_in_math",
]

#: Characters that are markup in LaTeX text (or that the default OT1 encoding shows as another glyph: ``<`` as
#: an inverted exclamation mark), each with the command that prints it.
_TEXT_SPECIALS = {"%": r"\%", "&": r"\&", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}"}
_TEXT_SPECIALS |= {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "^": r"\textasciicircum{}"}
_TEXT_SPECIALS |= {"<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}"}
_TEXT_SPECIAL = re.compile("[" + re.escape("".join(_TEXT_SPECIALS)) + "]")


#: Paper sizes of the LaTeX documents (``--paper``), each with its ``geometry`` option.
PAPERS: Mapping[str, str] = MappingProxyType({"a4": "a4paper", "letter": "letterpaper"})


@dataclass(frozen=True)
class RenderOptions:
    """How to render: the book's section numbers (for cross-references), verdict tags shown or not, the paper,
    the command that regenerates the files (named in their header; None: rendered from Python), an index page.

    >>> RenderOptions(paper="a5")
    Traceback (most recent call last):
    ...
    symbolic_info.errors.InvalidArgumentError: paper must be one of a4, letter; got 'a5'
    """

    numbering: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    verdicts: bool = True
    paper: str = "a4"
    command: str | None = None
    index: bool = False

    def __post_init__(self) -> None:
        if self.paper not in PAPERS:
            raise InvalidArgumentError(f"paper must be one of {', '.join(PAPERS)}; got {self.paper!r}")


def certificate_description() -> str:
    """What a ``certified`` verdict promises, in words, from the engine's own constants.

    >>> certificate_description()
    'an inequality in at most 3 real variables, proved by interval arithmetic (branch and bound over boxes, \
every bound rounded outward) at every point of its domain where both sides are defined'
    """
    return (
        f"an inequality in at most {MAX_VARIABLES} real variables, proved by interval arithmetic (branch and bound "
        "over boxes, every bound rounded outward) at every point of its domain where both sides are defined"
    )


def numeric_check_description() -> str:
    """What a ``numeric`` verdict promises, in words, from the engine's own constants.

    >>> print(numeric_check_description())  # doctest: +NORMALIZE_WHITESPACE
    it holds at 24 random points of the domain (the same points on every run), evaluated at 60 digits and
    compared to 40 of them
    """
    return (
        f"it holds at {DEFAULT_POINTS} random points of the domain (the same points on every run), "
        f"evaluated at {WORKING_DIGITS} digits and compared to {compared_digits()} of them"
    )


def statement_latex(statement: Statement) -> str:
    """A statement: an expression, ``lhs = rhs``, or several equations side by side."""
    if isinstance(statement, tuple):
        return r",\quad ".join(statement_latex(item) for item in statement)
    if isinstance(statement, sp.Equality):
        return f"{to_latex(statement.lhs)} = {to_latex(statement.rhs)}"
    return to_latex(statement)


_RELATION_SYMBOLS = {"==": "=", "<=": r"\leq", ">=": r"\geq", "<": "<", ">": ">", "!=": r"\neq"}


def sympy_relation_latex(relation: sp.Basic) -> str:
    """A SymPy relation (a stated theorem) as ``lhs op rhs``; anything else as an expression.

    >>> x = sp.Symbol("x")
    >>> sympy_relation_latex(sp.Le(sp.log(x), x - 1, evaluate=False))
    '\\\\log x \\\\leq x - 1'
    """
    if isinstance(relation, sp.core.relational.Relational) and relation.rel_op in _RELATION_SYMBOLS:
        return f"{to_latex(relation.lhs)} {_RELATION_SYMBOLS[relation.rel_op]} {to_latex(relation.rhs)}"
    return to_latex(relation)


def relation_latex(step: Step) -> str:
    """The symbol linking a step to the previous line."""
    if step.relation is Relation.TENDS:
        assert isinstance(step.by, Limit)
        side = {"+": "^{+}", "-": "^{-}"}.get(step.by.direction, "")
        return rf"\xrightarrow[{to_latex(step.by.variable)} \to {to_latex(step.by.point)}{side}]{{}}"
    return {
        Relation.EQ: "=",
        Relation.LE: r"\leq",
        Relation.GE: r"\geq",
        Relation.LT: "<",
        Relation.GT: ">",
        Relation.IMPLIES: r"\implies",
        Relation.APPROX: r"\approx",
    }[step.relation]


def prose_segments(text: str) -> list[tuple[bool, str]]:
    """``(is_math, piece)`` pairs of a prose string with ``$...$`` inline math (empty pieces left out)."""
    pieces = text.split("$")
    if len(pieces) % 2 == 0:
        raise DerivationError(f"unbalanced $ in {text!r}")
    return [(index % 2 == 1, piece) for index, piece in enumerate(pieces) if piece]


def escape_text(text: str, numbering: Mapping[str, int] | None = None) -> str:
    """Prose for a LaTeX document: specials (``\\``, braces, ``%`` ...) escaped outside ``$...$``, math kept;
    ``[ref:ID]`` as ``\\derivationref{ID}{N}`` (N from ``numbering``), ``[cite:KEY]`` as ``\\cite{KEY}``.

    >>> escape_text("as in [ref:binary-entropy] [cite:lei-entropy]", {"binary-entropy": 3})
    'as in \\\\derivationref{binary-entropy}{3} \\\\cite{lei-entropy}'
    """
    out = []
    for is_math, piece in prose_segments(text):
        if is_math:
            out.append(f"${piece}$")
            continue
        for kind, value in references.pieces(piece):
            if kind == "text":
                out.append(_TEXT_SPECIAL.sub(lambda m: _TEXT_SPECIALS[m.group()], value))
            elif kind == "cite":
                out.append(rf"\cite{{{references.source(value).key}}}")
            elif numbering is not None and value in numbering:
                out.append(rf"\derivationref{{{value}}}{{{numbering[value]}}}")
            else:
                out.append(rf"\texttt{{{value}}}")
    return "".join(out)


def escape_plain(text: str) -> str:
    r"""Text with no math in it (a message) for a LaTeX document: every special escaped, ``$`` too.

    >>> escape_plain("left = 1$ & 50%")
    'left = 1\\$ \\& 50\\%'
    """
    return _TEXT_SPECIAL.sub(lambda m: _TEXT_SPECIALS[m.group()], text).replace("$", r"\$")


def reference_text(kind: str, value: str, numbering: Mapping[str, int] | None) -> str:
    """A marker as plain words: ``Section N`` (or the id when ``numbering`` does not know it), ``[n]``."""
    if kind == "cite":
        return f"[{references.source(value).number}]"
    return f"Section {numbering[value]}" if numbering is not None and value in numbering else value


def text_in_math(text: str, command: str = r"\text", numbering: Mapping[str, int] | None = None) -> str:
    """Prose inside a math environment: ``\\text{...}`` around the words, math left as is.

    Valid both in LaTeX and in MathJax (notebooks, code hosts): specials such as ``%``
    are set in math mode between the text pieces (:func:`~symbolic_info.formulas.printer.math_text`).

    >>> text_in_math("50% more", command=r"\\textbf")
    '\\\\textbf{50}\\\\%\\\\textbf{ more}'
    """
    out = []
    for is_math, piece in prose_segments(text):
        if is_math:
            out.append(piece)
            continue
        for kind, value in references.pieces(piece):
            out.append(math_text(value if kind == "text" else reference_text(kind, value, numbering), command))
    return "".join(out)
