"""Derivatives in a claim, taken when it is translated: ``diff(f, x[, k])``, ``diff(f, z[k])``, grad, hessian.

The variable is a real scalar ``x`` or an entry of a vector, ``z[k]`` (a partial derivative: the other
entries held fixed). A derivative of a sum over the categories in an entry (``d/dz_k sum_j e^{z_j}``)
gives SymPy a sum over a Kronecker delta; it is evaluated here (``e^{z_k}``), using that a category
index lies in ``1..n``, so the search and the prover see the plain derivative.

>>> import symbolic_info as si
>>> si.check("diff(logsumexp(z), z[k]) = softmax(z)[k]").verdict
'proved'
"""

from __future__ import annotations

import ast
from typing import Protocol

import sympy as sp

from ..errors import ClaimSyntaxError
from . import language
from .entries import Function
from .language import CONSTANT_NAMES, COUNT_NAME, MAX_DIFF_ORDER, SUM_INDEX, VECTOR_NAMES
from .syntax import Piece

__all__ = ["DerivativeTranslator", "derivative_call", "gradient_entry"]


class DerivativeTranslator(Protocol):
    """What :func:`derivative_call` needs of the translator."""

    bound: list[str]
    min_n: int

    def fail(self, piece: Piece, node: ast.AST, message: str) -> ClaimSyntaxError:
        """An error at ``node``'s column."""
        ...

    def scalar(self, piece: Piece, node: ast.AST, name: str) -> sp.Symbol:
        """The real variable ``name``."""
        ...

    def entry(self, piece: Piece, node: ast.Subscript) -> sp.Expr:
        """The vector entry ``node``."""
        ...

    def expr(self, piece: Piece, node: ast.expr) -> sp.Expr:
        """The SymPy form of ``node``."""
        ...

    def checked(self, piece: Piece, node: ast.AST, value: sp.Expr) -> sp.Expr:
        """``value``, refused when it is undefined or too large."""
        ...


def _variable(translator: DerivativeTranslator, piece: Piece, node: ast.expr, function: Function) -> sp.Basic:
    """The variable of differentiation: a real scalar, or a vector's entry."""
    if isinstance(node, ast.Subscript):
        entry = translator.entry(piece, node)
        if not isinstance(entry, sp.Indexed):
            raise translator.fail(piece, node, f"{function.name} differentiates in a variable or a vector's entry")
        return entry
    if not isinstance(node, ast.Name) or node.id in VECTOR_NAMES | CONSTANT_NAMES | {COUNT_NAME}:
        message = f"{function.name}(expr, x) differentiates with respect to a real variable x or an entry z[k]"
        raise translator.fail(piece, node, message)
    if node.id in translator.bound or node.id == SUM_INDEX:
        raise translator.fail(piece, node, f"cannot differentiate with respect to '{node.id}'")
    return translator.scalar(piece, node, node.id)


def _order(translator: DerivativeTranslator, piece: Piece, node: ast.Call) -> int:
    if len(node.args) < 3:
        return 1
    given = node.args[2]
    if not (isinstance(given, ast.Constant) and type(given.value) is int):
        raise translator.fail(piece, given, "the order of a derivative is a whole number")
    if not 1 <= given.value <= MAX_DIFF_ORDER:
        raise translator.fail(piece, given, f"the order of a derivative is between 1 and {MAX_DIFF_ORDER}")
    return given.value


def _in_range(total: sp.Basic, count: sp.Symbol, smallest: int) -> sp.Basic:
    """A sum over a Kronecker delta, evaluated: the conditions ``1 <= k <= n`` it leaves hold for an entry's index."""
    value = total.doit()
    holds = {}
    for relation in value.atoms(sp.Rel):
        low, high = (
            (relation.lhs, relation.rhs) if isinstance(relation, (sp.Le, sp.Lt)) else (relation.rhs, relation.lhs)
        )
        index = low if high == count else high
        if not (isinstance(relation, (sp.Le, sp.Ge)) and (index.is_Symbol or index.is_Integer) and index.is_integer):
            continue
        if (high == count and (index.is_Symbol or index <= smallest)) or (low == 1 and index != count):
            holds[relation] = sp.true
    return value.xreplace(holds)


def _deltas_summed(value: sp.Expr, smallest: int) -> sp.Expr:
    """``value`` with each sum over a Kronecker delta (a derivative in an entry made it) evaluated."""
    count = sp.Symbol(COUNT_NAME, integer=True, positive=True)
    return value.replace(
        lambda e: isinstance(e, sp.Sum) and e.function.has(sp.KroneckerDelta),
        lambda e: _in_range(e, count, smallest),
    )


def derivative_call(translator: DerivativeTranslator, piece: Piece, node: ast.Call, function: Function) -> sp.Expr:
    """The derivative ``node`` (``diff(expr, x[, k])``, ``x`` a real variable or a vector's entry)."""
    variable = _variable(translator, piece, node.args[1], function)
    order = _order(translator, piece, node)
    value = function.builder(translator.expr(piece, node.args[0]), variable, order)
    if isinstance(variable, sp.Indexed):
        value = _deltas_summed(value, translator.min_n)
    return translator.checked(piece, node, value)


def gradient_entry(translator: DerivativeTranslator, piece: Piece, node: ast.Subscript) -> sp.Expr:
    """``grad(f, z)[k]`` as ``diff(f, z[k])``, ``hessian(f, z)[j, k]`` as ``diff(diff(f, z[j]), z[k])``."""
    call = node.value
    assert isinstance(call, ast.Call) and isinstance(call.func, ast.Name)  # check_structure: grad or hessian
    function = language.FUNCTIONS[call.func.id]
    body, vector = call.args
    if not isinstance(vector, ast.Name):
        raise translator.fail(
            piece, vector, f"the second argument of {function.name} is a vector, as in {function.example}"
        )
    indices = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
    count = function.value_indices
    if len(indices) != count:
        shown = ", ".join("jk"[2 - count :])
        raise translator.fail(piece, node, f"{function.name}(f, {vector.id}) takes {count} index(es): [{shown}]")
    value = translator.expr(piece, body)
    for index in indices:
        entry = translator.entry(piece, ast.copy_location(ast.Subscript(vector, index, ast.Load()), index))
        value = _deltas_summed(function.builder(value, entry), translator.min_n)
    return translator.checked(piece, node, value)
