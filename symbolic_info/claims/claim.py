"""A claim translated into SymPy objects: its relations, its conditions and what its variables are.

:func:`.translate.translate` builds a :class:`Claim`; the search, the prover and the certificates read it.

>>> import sympy as sp
>>> Comparison(sp.Integer(1), Relation.LE, sp.Integer(2)).relation.value
'<='
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ..engine.obligations import Relation
from .bounds import Scalar

__all__ = ["Claim", "Comparison", "Variables"]


@dataclass(frozen=True)
class Comparison:
    """``left relation right`` with relation one of ``= <= >= < > ~=``."""

    left: sp.Expr
    relation: Relation
    right: sp.Expr


@dataclass(frozen=True)
class Variables:
    """What the claim's variables are, for sampling and for the prover's domain."""

    n: sp.Symbol | None
    n_values: tuple[int, ...]
    vectors: tuple[sp.IndexedBase, ...]
    indices: tuple[sp.Symbol, ...]
    scalars: tuple[Scalar, ...]
    #: Vectors of real entries over the same categories (logits ``z``, weights ``w``).
    real_vectors: tuple[sp.IndexedBase, ...] = ()


@dataclass(frozen=True)
class Claim:
    """A claim as SymPy objects: relations that must all hold wherever the conditions do."""

    text: str
    relations: tuple[Comparison, ...]
    conditions: tuple[Comparison, ...]
    variables: Variables
    tolerance: sp.Rational | None  # the precision of the decimals written (used by ~=), None without decimals
    side_texts: tuple[str, ...] = ()
    #: What each relation says, where that is not its sides as typed (``argmin``: the optimum in the domain).
    relation_texts: tuple[str, ...] = ()
