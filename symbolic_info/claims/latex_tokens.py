"""Tokens of a LaTeX claim, and which subscripted names are vector entries (``z_k``, ``z_1``).

The reader (:mod:`.from_latex`) works on :class:`Token` objects: commands (``\\log``), numbers, words
and single characters, with spacing and sizing commands (``\\left``, ``\\,``) dropped. A subscripted
letter other than ``p``, ``q``, ``r`` is an entry of a real vector when its subscript is an index letter
(``z_k``); with a number (``z_1``) only where the claim uses ``z`` as a vector elsewhere
(:func:`numbered_entries`), otherwise it is a name, as ``x_1`` usually is.

>>> [token.text for token in tokens(r"\\left(x_1\\right)")]
['(', 'x', '_', '1', ')']
>>> numbered_entries("logsumexp(z) >= z_1 + x_1")
'logsumexp(z) >= z[1] + x_1'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import language
from .language import COUNT_NAME, Kind
from .vector_functions import ENTRY_EXTREMES

__all__ = ["Token", "is_index", "numbered_entries", "tokens"]

_PATTERN = re.compile(r"\\[A-Za-z]+|\\.|\d+(?:\.\d*)?|\.\d+|[A-Za-z]+|\|\||<=|>=|\S", re.DOTALL)
_SKIP = frozenset({r"\,", r"\;", r"\:", r"\!", r"\ ", r"\quad", r"\qquad", r"\displaystyle", r"\limits", "$", "&"})
_SKIP |= {r"\[", r"\]", r"\(", r"\)", r"\left", r"\right", r"\bigl", r"\bigr", r"\Bigl", r"\Bigr", r"\big", r"\Big"}
_SKIP |= {r"\middle"}  # D\left(p \,\middle\|\, q\right), as KL is rendered


@dataclass
class Token:
    """One token of the LaTeX text and its column (from 1)."""

    text: str
    column: int


def tokens(source: str) -> list[Token]:
    """The tokens of ``source``, spacing and sizing commands left out."""
    return [Token(m.group(), m.start() + 1) for m in _PATTERN.finditer(source) if m.group() not in _SKIP]


def is_index(subscript: str) -> bool:
    """Whether a subscript is an index letter (``z_k``: an entry of the vector ``z``; ``x_1`` is a name)."""
    return len(subscript) == 1 and "a" <= subscript <= "z" and subscript != COUNT_NAME


_ENTRY_NAMES = re.compile(r"\b([A-Za-z][A-Za-z0-9]*)_(\d+)\b")  # z_1


def numbered_entries(plain: str) -> str:
    """``z_1`` as ``z[1]`` where ``z`` is a vector elsewhere in the claim (``z_k``, ``softmax(z)``), else a name."""
    of_vectors = "|".join(f.name for f in language.FUNCTIONS.values() if f.kind is Kind.VECTORS)  # softmax(z), ...
    of_vectors += "|" + "|".join(ENTRY_EXTREMES)  # max(z): only its one-argument form takes a vector alone
    uses = re.compile(rf"\b(\w+)\[|\b(?:{of_vectors})\((\w+)(?:, (\w+))?\)")
    vectors = {name for match in uses.finditer(plain) for name in match.groups() if name}
    return _ENTRY_NAMES.sub(lambda m: f"{m[1]}[{m[2]}]" if m[1] in vectors else m[0], plain)
