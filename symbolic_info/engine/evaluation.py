"""Evaluate a statement at a sampled point with mpmath, at 60 working digits.

Integer parameters (``n``, indices) are substituted first, so sums over ``1..n`` expand;
then the real values (60-digit floats) are substituted and the result evaluated. An
expression the domain does not fully determine is an author's error.

>>> import sympy as sp
>>> from symbolic_info.engine.domain import Point
>>> x = sp.Symbol("x", positive=True)
>>> value = evaluate(sp.log(x), Point(values={x: mpmath.mpf(2)}))
>>> mpmath.nstr(value, 15)
'0.693147180559945'
"""

from __future__ import annotations

from typing import Any

import mpmath
import sympy as sp

from ..errors import DerivationError, UndefinedValueError
from ..formulas.named import unfold
from .domain import WORKING_DIGITS, Point

__all__ = ["evaluate"]


def _expand_finite(expr: sp.Basic) -> sp.Basic:
    """Evaluate the finite, exact parts: sums with integer bounds, derivatives, limits, deltas."""
    expr = expr.replace(lambda e: isinstance(e, (sp.Derivative, sp.Limit)), lambda e: e.doit())
    return expr.replace(lambda e: isinstance(e, (sp.Sum, sp.Product)), lambda e: e.doit())


def evaluate(expr: sp.Basic, point: Point) -> Any:
    """The value of ``expr`` at ``point`` as an ``mpmath.mpf`` (``inf`` allowed), at 60 digits."""
    expr = unfold(sp.sympify(expr))
    integers = {symbol: sp.Integer(value) for symbol, value in point.integers.items()}
    expr = _expand_finite(expr.xreplace(integers)).xreplace(integers)
    for derivative in expr.atoms(sp.Derivative):
        if set(derivative.variables) & set(point.values):
            raise DerivationError(
                f"SymPy cannot work out the derivative {derivative} (it stays unevaluated), so it has no value at "
                "a point: differentiate an expression SymPy can differentiate, or write the derivative out"
            )
    with mpmath.workdps(WORKING_DIGITS):
        values = {symbol: sp.Float(value, WORKING_DIGITS) for symbol, value in point.values.items()}
        result = expr.xreplace(values)
        result = result.evalf(WORKING_DIGITS) if hasattr(result, "evalf") else result
        free: set[sp.Basic] = getattr(result, "free_symbols", set())
        if free:
            names = ", ".join(sorted(str(s) for s in free))
            raise DerivationError(f"the domain does not give a value to {names}")
        if result in (sp.S.Infinity, sp.S.NegativeInfinity):
            return mpmath.inf if result is sp.S.Infinity else -mpmath.inf
        if result is sp.S.NaN or result is sp.S.ComplexInfinity or not result.is_number:
            raise UndefinedValueError(f"no real value ({result})")
        real, imaginary = result.as_real_imag()
        if imaginary != 0 and abs(imaginary) > mpmath.mpf(10) ** (-WORKING_DIGITS + 10) * (1 + abs(real)):
            raise UndefinedValueError(f"complex value {result}")
        return mpmath.mpf(sp.Float(real, WORKING_DIGITS)._mpf_)
