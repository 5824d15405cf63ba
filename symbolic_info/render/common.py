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

import sympy as sp

from ..engine.certify import MAX_VARIABLES
from ..engine.chain import Relation, Step
from ..engine.operations import Limit, Statement
from ..engine.verification import DEFAULT_POINTS, WORKING_DIGITS, compared_digits
from ..errors import DerivationError
from ..formulas.printer import math_text, to_latex

__all__ = [
    "certificate_description",
    "escape_text",
    "numeric_check_description",
    "prose_segments",
    "relation_latex",
    "statement_latex",
    "text_in_math",
]

#: Characters that are markup in LaTeX text (or that the default OT1 encoding shows as another glyph: ``<`` as
#: an inverted exclamation mark), each with the command that prints it.
_TEXT_SPECIALS = {"%": r"\%", "&": r"\&", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}"}
_TEXT_SPECIALS |= {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "^": r"\textasciicircum{}"}
_TEXT_SPECIALS |= {"<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}"}
_TEXT_SPECIAL = re.compile("[" + re.escape("".join(_TEXT_SPECIALS)) + "]")


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

    >>> numeric_check_description()
    'it holds at 24 seeded random points of the domain, evaluated at 60 digits and compared to 40 of them'
    """
    return (
        f"it holds at {DEFAULT_POINTS} seeded random points of the domain, "
        f"evaluated at {WORKING_DIGITS} digits and compared to {compared_digits()} of them"
    )


def statement_latex(statement: Statement) -> str:
    """A statement: an expression, ``lhs = rhs``, or several equations side by side."""
    if isinstance(statement, tuple):
        return r",\quad ".join(statement_latex(item) for item in statement)
    if isinstance(statement, sp.Equality):
        return f"{to_latex(statement.lhs)} = {to_latex(statement.rhs)}"
    return to_latex(statement)


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


def escape_text(text: str) -> str:
    """Prose for a LaTeX document: specials (``\\``, braces, ``%`` ...) escaped outside ``$...$``, math kept."""
    out = []
    for is_math, piece in prose_segments(text):
        if is_math:
            out.append(f"${piece}$")
        else:
            out.append(_TEXT_SPECIAL.sub(lambda m: _TEXT_SPECIALS[m.group()], piece))
    return "".join(out)


def text_in_math(text: str, command: str = r"\text") -> str:
    """Prose inside a math environment: ``\\text{...}`` around the words, math left as is.

    Valid both in LaTeX and in MathJax (notebooks, code hosts): specials such as ``%``
    are set in math mode between the text pieces (:func:`~symbolic_info.formulas.printer.math_text`).

    >>> text_in_math("50% more", command=r"\\textbf")
    '\\\\textbf{50}\\\\%\\\\textbf{ more}'
    """
    return "".join(piece if is_math else math_text(piece, command) for is_math, piece in prose_segments(text))
