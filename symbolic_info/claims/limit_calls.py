"""``limit(expr, x, a)`` and ``limit(expr, x, a, '+')`` in a claim: the limit's value, found by SymPy.

The limit's variable is bound (a name of its own inside the call, not a variable of the claim); the
point may be a number, ``oo`` or ``-oo``, or an expression in the claim's other variables. SymPy's
``limit`` computes the value when the claim is translated, so the search and the prover see that
value: ``limit(sigmoid(z), z, oo) = 1`` is proved as ``1 = 1`` and ``limit(sigmoid(z), z, oo) = 0`` is
refuted as ``1 = 0``, both resting on SymPy's limit (the Gruntz algorithm). Where SymPy finds no limit
(the two sides differ, or it cannot decide) the claim is an error that says so.

>>> import symbolic_info as si
>>> si.check("limit(x*log(x), x, 0, '+') = 0").verdict
'proved'
"""

from __future__ import annotations

import ast
from typing import Protocol

import sympy as sp

from ..errors import ClaimSyntaxError, InvalidArgumentError
from .entries import Function
from .language import CONSTANT_NAMES, SIDES, VECTOR_NAMES
from .syntax import Piece

__all__ = ["LimitTranslator", "limit_call"]


class LimitTranslator(Protocol):
    """What :func:`limit_call` needs of the translator."""

    limits: dict[str, sp.Symbol]

    def fail(self, piece: Piece, node: ast.AST, message: str) -> ClaimSyntaxError:
        """An error at ``node``'s column."""
        ...

    def bind_limit_variable(self, piece: Piece, node: ast.AST, name: str) -> None:
        """Fix ``name`` as a limit's variable (an error if it is used otherwise)."""
        ...

    def expr(self, piece: Piece, node: ast.expr) -> sp.Expr:
        """The SymPy form of ``node``."""
        ...

    def checked(self, piece: Piece, node: ast.AST, value: sp.Expr) -> sp.Expr:
        """``value``, refused when it is undefined or too large."""
        ...


def limit_call(translator: LimitTranslator, piece: Piece, node: ast.Call, function: Function) -> sp.Expr:
    """The value of the limit ``node`` (``limit(expr, x, a[, side])``)."""
    body, variable, point = node.args[:3]
    side = "+-"
    if len(node.args) == 4:
        given = node.args[3]
        if not (isinstance(given, ast.Name) and given.id in SIDES):
            raise translator.fail(piece, given, "the fourth argument of limit is the side, '+' or '-' in quotes")
        side = SIDES[given.id]
    reserved = VECTOR_NAMES | CONSTANT_NAMES  # n may be one: a limit over the reals is the sequence's too
    if not isinstance(variable, ast.Name) or variable.id in reserved or variable.id in translator.limits:
        raise translator.fail(piece, variable, "the second argument of limit is its variable, a name such as x")
    name = variable.id
    if any(isinstance(node, ast.Name) and node.id == name for node in ast.walk(point)):
        raise translator.fail(piece, point, f"the point of a limit cannot depend on its variable {name}")
    at = translator.expr(piece, point)
    translator.bind_limit_variable(piece, variable, name)
    symbol = sp.Symbol(name, real=True)
    translator.limits[name] = symbol
    try:
        expression = translator.expr(piece, body)
    finally:
        del translator.limits[name]
    try:
        return translator.checked(piece, node, function.builder(expression, symbol, at, side))
    except InvalidArgumentError as error:
        raise translator.fail(piece, node, str(error)) from None
