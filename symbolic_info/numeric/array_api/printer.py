"""The stable forms lambdified for any array API namespace: ``xp.log1p``, ``xp.where``, ... from the same SymPy.

:func:`lambdify_namespace` prints a SymPy expression as code over a namespace called ``xp`` (the
array API names: ``xp.exp``, ``xp.log1p``, ``xp.minimum``, ``xp.where``, ``xp.logical_and``) and binds
it to a given namespace (``jax.numpy``, ``array_api_strict``, the ``array_api_compat`` wrappers).
Two rules keep gradients free of NaN under automatic differentiation (JAX):

- a ``Piecewise`` becomes nested ``where`` whose branches see their inputs only where they are chosen
  (elsewhere 1): the double-``where`` pattern. A ``where`` that only hides a branch's NaN in the
  forward pass still sends ``0 * NaN`` backward; a branch evaluated on safe inputs has no NaN to send.
- ``xlogy``/``xlog1py`` (``0 log 0 = 0``) come from the caller's table (:mod:`.autodiff`): a double
  ``where`` for any library, a rule with the limits of the derivatives for JAX.

>>> import numpy as np
>>> x = sp.Symbol("x", real=True)
>>> form = sp.Piecewise((sp.Integer(0), sp.Eq(x, 0)), (x * sp.log(x), True))
>>> lambdify_namespace([x], form, np)(np.array([0.0, 1.0])).tolist()
[0.0, 0.0]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar

import sympy as sp
from sympy.printing.numpy import NumPyPrinter

from ...errors import InvalidArgumentError

__all__ = ["Auxiliary", "guarded", "lambdify_namespace"]

#: Intermediate values a kernel computes once, in order, as ``(symbol, definition)``.
Auxiliary = Sequence[tuple[sp.Symbol, sp.Basic]]


class _Chosen(sp.Function):
    """``_Chosen(condition, x)``: ``x`` where ``condition`` holds, else 1 (printed as a ``where``; never evaluated)."""

    nargs = 2


def _branch_conditions(pieces: Sequence[tuple[sp.Basic, sp.Basic]]) -> list[sp.Basic]:
    """For each branch, where it is the one chosen: its condition and none of the earlier ones."""
    chosen: list[sp.Basic] = []
    earlier: list[sp.Basic] = []
    for _, condition in pieces:
        own = sp.And(condition, *(sp.Not(previous) for previous in earlier)) if earlier else condition
        chosen.append(sp.true if own == sp.true else own)
        earlier.append(condition)
    return chosen


def guarded(expression: sp.Basic, auxiliary: Auxiliary = ()) -> tuple[sp.Basic, list[tuple[sp.Symbol, sp.Basic]]]:
    """``expression`` with each ``Piecewise`` branch evaluated on its inputs replaced by 1 where it is not chosen.

    Returns the expression and the steps that compute each branch's guarded inputs, and its own copy
    of the ``auxiliary`` values (intermediate ``(symbol, definition)`` in order, as the NumPy kernel
    computes them: the conditions read the values of the raw inputs).

    >>> x = sp.Symbol("x", real=True)
    >>> body, steps = guarded(sp.Piecewise((x, x > 0), (sp.log(x), True)))
    >>> body
    Piecewise((x_2, x > 0), (log(x_4), True))
    >>> steps[:2]
    [(chosen_1, x > 0), (x_2, _Chosen(chosen_1, x))]
    """
    steps: list[tuple[sp.Symbol, sp.Basic]] = []
    computed = {symbol for symbol, _ in auxiliary}

    def visit(node: sp.Basic) -> sp.Basic:
        if not isinstance(node, sp.Piecewise):
            if not node.args:
                return node
            return node.func(*(visit(argument) for argument in node.args))
        pieces = [(visit(value), condition) for value, condition in node.args]
        safe = []
        for (value, condition), chosen in zip(pieces, _branch_conditions(pieces), strict=True):
            if chosen == sp.true:
                safe.append((value, condition))
                continue
            needed = value.free_symbols & computed
            for symbol, definition in reversed(auxiliary):
                if symbol in needed:
                    needed |= definition.free_symbols & computed
            used = set(value.free_symbols).union(
                *(definition.free_symbols for s, definition in auxiliary if s in needed)
            )
            inputs = sorted(used - computed - {symbol for symbol, _ in steps}, key=str)
            mark = sp.Symbol(f"chosen_{len(steps) + 1}")
            steps.append((mark, chosen))
            local: dict[sp.Basic, sp.Basic] = {}
            for symbol in inputs:
                local[symbol] = sp.Symbol(f"{symbol.name}_{len(steps) + 1}", real=True)
                steps.append((local[symbol], _Chosen(mark, symbol)))
            for symbol, definition in auxiliary:
                if symbol in needed:
                    local[symbol] = sp.Symbol(f"{symbol.name}_{len(steps) + 1}", real=True)
                    steps.append((local[symbol], definition.xreplace(local)))
            safe.append((value.xreplace(local), condition))
        return sp.Piecewise(*safe, evaluate=False)

    return visit(expression), steps


class _NamespacePrinter(NumPyPrinter):
    """Code over ``xp``: array API names only, ``Piecewise`` as nested ``where``, comparisons as operators."""

    _module = "xp"
    _kf: ClassVar[dict[str, str]] = {name: "xp." + code.split(".", 1)[1] for name, code in NumPyPrinter._kf.items()}

    def _print_Piecewise(self, expr: sp.Piecewise) -> str:
        *branches, (last, condition) = expr.args
        if condition != sp.true:
            raise InvalidArgumentError("a kernel's Piecewise must end with an otherwise branch")
        code = str(self._print(last))
        for value, test in reversed(branches):
            code = f"xp.where({self._print(test)}, {self._print(value)}, {code})"
        return code

    def _print__Chosen(self, expr: _Chosen) -> str:
        condition, value = (self._print(argument) for argument in expr.args)
        return f"xp.where({condition}, {value}, 1.0)"

    def _print_Relational(self, expr: sp.Basic) -> str:
        operator = {"==": "==", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}[expr.rel_op]
        return f"({self._print(expr.lhs)} {operator} {self._print(expr.rhs)})"

    def _print_And(self, expr: sp.And) -> str:
        first, *rest = (str(self._print(argument)) for argument in expr.args)
        for term in rest:
            first = f"xp.logical_and({first}, {term})"
        return first

    def _print_Or(self, expr: sp.Or) -> str:
        first, *rest = (str(self._print(argument)) for argument in expr.args)
        for term in rest:
            first = f"xp.logical_or({first}, {term})"
        return first

    def _print_Not(self, expr: sp.Not) -> str:
        return f"xp.logical_not({self._print(expr.args[0])})"

    def _extremum(self, name: str, expr: sp.Basic) -> str:
        first, *rest = (str(self._print(argument)) for argument in expr.args)
        for term in rest:
            first = f"xp.{name}({term}, {first})" if first[0].isdigit() else f"xp.{name}({first}, {term})"
        return first

    def _print_Min(self, expr: sp.Min) -> str:
        return self._extremum("minimum", expr)

    def _print_Max(self, expr: sp.Max) -> str:
        return self._extremum("maximum", expr)

    def _print_Rational(self, expr: sp.Rational) -> str:
        return repr(float(expr))  # a Python float (rounded once): no integer beyond a library's int64

    def _print_Integer(self, expr: sp.Integer) -> str:
        return str(expr) if abs(int(expr)) < 2**53 else repr(float(expr))

    def _print_Abs(self, expr: sp.Abs) -> str:
        # max(x, -x): the same value, and at x = 0 the derivative 0 (JAX splits a tie; its abs gives 1 there)
        argument = self._print(expr.args[0])
        return f"xp.maximum({argument}, -({argument}))"


def lambdify_namespace(
    symbols: Sequence[sp.Basic],
    expression: sp.Basic,
    namespace: Any,
    functions: Mapping[str, Callable[..., Any]] | None = None,
    auxiliary: Auxiliary = (),
) -> Callable[..., Any]:
    """A function of ``symbols`` computing ``expression`` with the array namespace ``namespace`` (``xp``).

    ``functions`` gives the package's own functions by name (``xlogy``, ``xlog1py``); each
    ``Piecewise`` is :func:`guarded` first; ``auxiliary`` values are computed once, before the rest.
    """
    body, branch_steps = guarded(expression, auxiliary)
    steps, (reduced,) = sp.cse([body], symbols=sp.numbered_symbols("_x"))
    prepared = [*auxiliary, *branch_steps, *steps]
    printer = _NamespacePrinter({"fully_qualified_modules": True, "inline": True, "allow_unknown_functions": True})
    function: Callable[..., Any] = sp.lambdify(
        symbols,
        reduced,
        modules=[{"xp": namespace, **(functions or {})}],
        printer=printer,
        cse=lambda _: (prepared, reduced),
    )
    return function
