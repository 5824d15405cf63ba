"""Vectors and distributions in LaTeX: ``w^\\top x``, ``P(x)``, ``(\\nabla_z f)_k``, ``\\mathcal{N}(\\mu, \\sigma^2)``.

The reader (:mod:`.from_latex`) calls these where a vector's notation starts; each reads its tokens
and returns the plain language's spelling.

>>> indices("jk"), indices("j, k"), indices("k")
(['j', 'k'], ['j', 'k'], ['k'])
"""

from __future__ import annotations

from . import language
from .language import Kind
from .latex_operands import OperandReader

__all__ = ["deviation", "indexed_call", "indices", "probability_of", "transposed"]

_TRANSPOSE = frozenset({r"\top", r"\intercal"})


def deviation(variance: str) -> str:
    """The standard deviation of a variance as read: ``s`` for ``s**(2)`` (a square, as written), else its root.

    >>> deviation("sigma**(2)"), deviation("(2*s)**(2)"), deviation("4")
    ('sigma', '(2*s)', 'sqrt(4)')
    """
    base = variance.removesuffix("**(2)")
    if base != variance and (base.isidentifier() or base.isdigit() or _one_group(base)):
        return base
    return f"sqrt({variance})"


def _one_group(text: str) -> bool:
    """Whether ``text`` is one bracketed group: ``(2*s)``, not ``(a)*(b)``."""
    if not (text.startswith("(") and text.endswith(")")):
        return False
    depth = 0
    for position, character in enumerate(text):
        depth += {"(": 1, ")": -1}.get(character, 0)
        if depth == 0 and position < len(text) - 1:
            return False
    return True


def transposed(reader: OperandReader) -> bool:
    """Whether ``^\\top`` or ``^{\\top}`` (or ``\\intercal``) comes next; if so, it is read."""
    ahead = 2 if reader.peek(1) == "{" else 1
    if reader.peek(ahead) not in _TRANSPOSE or (ahead == 2 and reader.peek(3) != "}"):
        return False
    for _ in range(2 * ahead):
        reader.take()
    return True


def probability_of(reader: OperandReader, vector: str) -> str:
    """``P(x)`` or ``p(x_i)``: an entry written as a function's value (read as ``P[x]``, ``p[i]``)."""
    reader.take("(")
    reader.split_first()
    argument = reader.take()
    if reader.peek() == "_":
        reader.take()
        argument += "_" + reader.script_text()
    reader.take(")")
    return f"{vector}({argument})"


def indexed_call(plain: str) -> bool:
    """Whether ``plain`` is a call of a function whose value is indexed (``grad(f, z)``)."""
    name = plain.partition("(")[0]
    return name in language.FUNCTIONS and language.FUNCTIONS[name].kind is Kind.GRADIENT


def indices(subscript: str) -> list[str]:
    """The indices of a subscript: ``k``; ``j,k`` or ``jk`` (two letters) for a matrix entry."""
    if "," in subscript:
        return [part.strip() for part in subscript.split(",")]
    return list(subscript) if len(subscript) == 2 and subscript.isalpha() else [subscript]
