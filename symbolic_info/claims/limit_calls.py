"""Calls that bind a variable, computed by SymPy when the claim is translated: ``limit`` and ``integrate``.

``limit(expr, x, a)`` and ``limit(expr, x, a, '+')``: the limit's variable is bound (a name of its own
inside the call, not a variable of the claim); the point may be a number, ``oo`` or ``-oo``, or an
expression in the claim's other variables. SymPy's ``limit`` computes the value when the claim is
translated, so the search and the prover see that value: ``limit(sigmoid(z), z, oo) = 1`` is proved as
``1 = 1`` and ``limit(sigmoid(z), z, oo) = 0`` is refuted as ``1 = 0``, both resting on SymPy's limit (the
Gruntz algorithm). Where SymPy finds no limit (the two sides differ, or it cannot decide) the claim is an
error that says so. ``integrate(f, x, a, b)`` is the same with SymPy's ``integrate``: its bounds may be
numbers, ``-oo``, ``oo`` or expressions in the other variables; an integral SymPy cannot do is an error.

>>> import symbolic_info as si
>>> si.check("limit(x*log(x), x, 0, '+') = 0").verdict
'proved'
>>> si.check("integrate(x**2, x, 0, 1) = 1/3").verdict
'proved'
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Protocol

import sympy as sp

from ..errors import ClaimSyntaxError, InvalidArgumentError
from .entries import Function
from .language import CONSTANT_NAMES, SIDES, VECTOR_NAMES
from .syntax import Piece

__all__ = ["LimitTranslator", "integral_call", "limit_call"]


class LimitTranslator(Protocol):
    """What :func:`limit_call` and :func:`integral_call` need of the translator."""

    limits: dict[str, sp.Symbol]  # the bound variables being translated (of limits and integrals)

    def fail(self, piece: Piece, node: ast.AST, message: str) -> ClaimSyntaxError:
        """An error at ``node``'s column."""
        ...

    def bind_limit_variable(self, piece: Piece, node: ast.AST, name: str) -> None:
        """Fix ``name`` as a limit's variable (an error if it is used otherwise)."""
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


def _bound_call(
    translator: LimitTranslator,
    piece: Piece,
    node: ast.Call,
    function: Function,
    bind: Callable[[Piece, ast.AST, str], None],
    ends: tuple[ast.expr, ...],
    of_ends: str,
    *more: object,
) -> sp.Expr:
    """``builder(body, x, *ends, *more)`` for a call ``f(body, x, *ends, ...)`` that binds ``x`` in ``body``.

    ``bind`` fixes the name's role; ``of_ends`` names the ends in the error when they use ``x``.
    """
    body, variable = node.args[:2]
    reserved = VECTOR_NAMES | CONSTANT_NAMES  # n may be one: a limit over the reals is the sequence's too
    if not isinstance(variable, ast.Name) or variable.id in reserved or variable.id in translator.limits:
        message = f"the second argument of {function.name} is its variable, a name such as x"
        raise translator.fail(piece, variable, message)
    name = variable.id
    for end in ends:
        if any(isinstance(inner, ast.Name) and inner.id == name for inner in ast.walk(end)):
            raise translator.fail(piece, end, f"{of_ends} cannot depend on its variable {name}")
    values = [translator.expr(piece, end) for end in ends]
    bind(piece, variable, name)
    symbol = sp.Symbol(name, real=True)
    translator.limits[name] = symbol
    try:
        expression = translator.expr(piece, body)
    finally:
        del translator.limits[name]
    try:
        return translator.checked(piece, node, function.builder(expression, symbol, *values, *more))
    except InvalidArgumentError as error:
        raise translator.fail(piece, node, str(error)) from None


def limit_call(translator: LimitTranslator, piece: Piece, node: ast.Call, function: Function) -> sp.Expr:
    """The value of the limit ``node`` (``limit(expr, x, a[, side])``)."""
    side = "+-"
    if len(node.args) == 4:
        given = node.args[3]
        if not (isinstance(given, ast.Name) and given.id in SIDES):
            raise translator.fail(piece, given, "the fourth argument of limit is the side, '+' or '-' in quotes")
        side = SIDES[given.id]
    bind = translator.bind_limit_variable
    return _bound_call(translator, piece, node, function, bind, (node.args[2],), "the point of a limit", side)


def integral_call(translator: LimitTranslator, piece: Piece, node: ast.Call, function: Function) -> sp.Expr:
    """The value of the integral ``node`` (``integrate(f, x, a, b)``)."""
    bind = translator.bind_integration_variable
    return _bound_call(translator, piece, node, function, bind, tuple(node.args[2:4]), "the bounds of an integral")
