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


def guarded(expression: sp.Basic, auxiliary: Auxiliary = ()) -> sp.Basic:
    """``expression`` with each ``Piecewise`` branch evaluated on its inputs replaced by 1 where it is not chosen.

    ``auxiliary``: intermediate values ``(symbol, definition)`` in order (computed from the raw inputs
    for the conditions); inside a branch they are written out, so that the branch sees guarded inputs only.

    >>> x = sp.Symbol("x", real=True)
    >>> guarded(sp.Piecewise((x, x > 0), (sp.log(x), True)))
    Piecewise((_Chosen(x > 0, x), x > 0), (log(_Chosen(x <= 0, x)), True))
    """
    if not isinstance(expression, sp.Piecewise):
        if not expression.args or isinstance(expression, _Chosen):
            return expression
        return expression.func(*(guarded(argument, auxiliary) for argument in expression.args))
    pieces = [(guarded(value, auxiliary), condition) for value, condition in expression.args]
    safe = []
    for (value, condition), chosen in zip(pieces, _branch_conditions(pieces), strict=True):
        if chosen == sp.true:
            safe.append((value, condition))
            continue
        for symbol, definition in reversed(auxiliary):
            value = value.xreplace({symbol: definition})
        swap = {symbol: _Chosen(chosen, symbol) for symbol in value.free_symbols}
        safe.append((value.xreplace(swap), condition))
    return sp.Piecewise(*safe, evaluate=False)


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
    steps, (reduced,) = sp.cse([guarded(expression, auxiliary)], symbols=sp.numbered_symbols("_x"))
    printer = _NamespacePrinter({"fully_qualified_modules": True, "inline": True, "allow_unknown_functions": True})
    function: Callable[..., Any] = sp.lambdify(
        symbols,
        reduced,
        modules=[{"xp": namespace, **(functions or {})}],
        printer=printer,
        cse=lambda _: ([*auxiliary, *steps], reduced),
    )
    return function
