"""Continuous distributions in a claim: ``h(normal(mu, sigma))``, ``KL(normal(..), normal(..))``, ``H(f, g)``.

A distribution's call (:data:`.density_functions.DENSITY_FUNCTIONS`) is translated only as an argument of
``h``, ``KL`` or ``H``; its parameters must define a distribution, and where they are symbols the claim
gets those conditions (``sigma > 0``), as an explicit vector's entries get ``>= 0``.

>>> import symbolic_info as si
>>> si.check("KL(normal(0, 1), normal(1, 1)) = 1/2").verdict
'proved'
"""

from __future__ import annotations

import ast
from typing import Protocol

import sympy as sp

from ..engine.obligations import Relation
from ..errors import ClaimSyntaxError, InvalidArgumentError
from ..formulas.densities import Density
from . import language
from .claim import Comparison
from .entries import Function, Kind
from .syntax import Piece

__all__ = ["DensityTranslator", "density", "is_density", "of_densities"]


class DensityTranslator(Protocol):
    """What these functions need of the translator."""

    implicit: list[Comparison]

    def fail(self, piece: Piece, node: ast.AST, message: str) -> ClaimSyntaxError:
        """An error at ``node``'s column."""
        ...

    def expr(self, piece: Piece, node: ast.expr) -> sp.Expr:
        """The SymPy form of ``node``."""
        ...


def is_density(node: ast.expr) -> bool:
    """Whether ``node`` calls a continuous distribution (``normal(0, 1)``)."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
        return False
    function = language.FUNCTIONS.get(node.func.id)
    return function is not None and function.kind is Kind.DENSITY


def density(translator: DensityTranslator, piece: Piece, node: ast.expr) -> Density:
    """The distribution ``node`` calls, its parameters' conditions added to the claim."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and is_density(node)):
        names = ", ".join(f.name for f in language.FUNCTIONS.values() if f.kind is Kind.DENSITY)
        raise translator.fail(piece, node, f"a continuous distribution is one of {names}, as in normal(0, 1)")
    function = language.FUNCTIONS[node.func.id]
    values = [translator.expr(piece, argument) for argument in node.args]
    try:
        made = function.builder(*values)
    except InvalidArgumentError as error:
        raise translator.fail(piece, node, str(error)) from None
    assert isinstance(made, Density)
    for smaller, larger in made.validity():
        if not (larger - smaller).is_number:
            translator.implicit.append(Comparison(smaller, Relation.LT, larger))
    return made


def of_densities(translator: DensityTranslator, piece: Piece, node: ast.Call, function: Function) -> sp.Expr:
    """``h(d)``, ``KL(d1, d2)`` or ``H(d1, d2)`` of continuous distributions."""
    if node.keywords:
        raise translator.fail(piece, node.keywords[0], f"{function.name} of continuous distributions is in nats")
    made = [density(translator, piece, argument) for argument in node.args]
    build = function.builder if function.kind is Kind.DENSITIES else function.continuous
    assert build is not None
    try:
        return build(*made)
    except InvalidArgumentError as error:
        raise translator.fail(piece, node, str(error)) from None
