"""``N``, a sample's size, read as ``n``: the number of entries that sums and products run over.

ML articles write a data set's size ``N`` (``-1/N sum_{i=1}^{N} ...``). A claim may write the number of
entries either way, but not both: the parser renames ``N`` to ``n`` in the claim's trees and records
the spelling in :attr:`.syntax.ParsedClaim.count_name`, so the renderer writes ``N`` back. Everything
else (the prover, the search, counterexamples) sees the one number ``n``.

>>> from symbolic_info.claims.syntax import parse_claim
>>> parsed = parse_claim("sum(y[i], i)/N <= 1 where 0 <= y[i] <= 1")
>>> parsed.count_name, sorted(parsed.names & {"n", "N"})
('N', ['n'])
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from typing import Protocol

from ..errors import ClaimSyntaxError
from .language import COUNT_NAME, SAMPLE_SIZE_NAME

__all__ = ["written_sample_size"]


class _Piece(Protocol):
    """An expression of a claim (:class:`.syntax.Piece`): its tree, and the column of a node."""

    @property
    def tree(self) -> ast.expr: ...

    def column(self, node: ast.AST) -> int: ...


def written_sample_size(pieces: Sequence[_Piece], names: frozenset[str]) -> bool:
    """Whether the claim writes ``N``; its ``N`` are then renamed ``n`` in the trees (which are this parse's own).

    Raises :class:`ClaimSyntaxError` where a claim writes both.
    """
    sample = [
        (piece, node)
        for piece in pieces
        for node in ast.walk(piece.tree)
        if isinstance(node, ast.Name) and node.id == SAMPLE_SIZE_NAME
    ]
    if not sample:
        return False
    if COUNT_NAME in names:
        piece, node = sample[0]
        message = f"'{SAMPLE_SIZE_NAME}' and '{COUNT_NAME}' are both the number of entries: write one of them"
        raise ClaimSyntaxError(message, piece.column(node))
    for _, node in sample:
        node.id = COUNT_NAME
    return True
