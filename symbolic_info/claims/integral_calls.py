"""``integrate(f, x, a, b)`` in a claim: the integral's value, found by SymPy when the claim is translated.

The variable of integration is bound (a name of its own inside the call); the bounds may be numbers,
``-oo``, ``oo`` or expressions in the claim's other variables. SymPy's ``integrate`` computes the value
once, so the search and the prover see it: ``integrate(exp(-x), x, 0, oo) = 1`` is proved as ``1 = 1``.
An integral SymPy cannot do, or one that diverges, is an error that says so.

>>> import symbolic_info as si
>>> si.check("integrate(x**2, x, 0, 1) = 1/3").verdict
'proved'
"""

from __future__ import annotations

import ast
from typing import Protocol

import sympy as sp

from ..errors import ClaimSyntaxError, InvalidArgumentError
from .entries import Function
from .language import CONSTANT_NAMES, VECTOR_NAMES
from .syntax import Piece

__all__ = ["IntegralTranslator", "integral_call"]


class IntegralTranslator(Protocol):
    """What :func:`integral_call` needs of the translator."""

    limits: dict[str, sp.Symbol]  # the bound variables being translated (of limits and integrals)

    def fail(self, piece: Piece, node: ast.AST, message: str) -> ClaimSyntaxError:
        """An error at ``node``'s column."""
        ...

    def bind_integration_variable(self, piece: Piece, node: ast.AST, name: str) -> None:
        """Fix ``name`` as a variable of integration (an error if it is used otherwise)."""
        ...

    def expr(self, piece: Piece, node: ast.expr) -> sp.Expr:
        """The SymPy form of ``node``."""
        ...

    def checked(self, piece: Piece, node: ast.AST, value: sp.Expr) -> sp.Expr:
        """``value``, refused when it is undefined or too large."""
        ...


def integral_call(translator: IntegralTranslator, piece: Piece, node: ast.Call, function: Function) -> sp.Expr:
    """The value of the integral ``node`` (``integrate(f, x, a, b)``)."""
    body, variable, low, high = node.args
    reserved = VECTOR_NAMES | CONSTANT_NAMES
    if not isinstance(variable, ast.Name) or variable.id in reserved or variable.id in translator.limits:
        raise translator.fail(piece, variable, "the second argument of integrate is its variable, a name such as x")
    name = variable.id
    for bound in (low, high):
        if any(isinstance(inner, ast.Name) and inner.id == name for inner in ast.walk(bound)):
            raise translator.fail(piece, bound, f"the bounds of an integral cannot depend on its variable {name}")
    bounds = translator.expr(piece, low), translator.expr(piece, high)
    translator.bind_integration_variable(piece, variable, name)
    symbol = sp.Symbol(name, real=True)
    translator.limits[name] = symbol
    try:
        integrand = translator.expr(piece, body)
    finally:
        del translator.limits[name]
    try:
        return translator.checked(piece, node, function.builder(integrand, symbol, *bounds))
    except InvalidArgumentError as error:
        raise translator.fail(piece, node, str(error)) from None
