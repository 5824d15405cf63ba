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
from sympy.core.function import AppliedUndef

from ..errors import DerivationError, UndefinedValueError
from ..formulas.named import unfold
from .density_integrals import with_formulas
from .domain import WORKING_DIGITS, Point

__all__ = ["evaluate"]


def _expand_finite(expr: sp.Basic) -> sp.Basic:
    """Evaluate the finite, exact parts: sums with integer bounds, derivatives, limits, deltas."""
    expr = expr.replace(lambda e: isinstance(e, (sp.Derivative, sp.Limit)), lambda e: e.doit())
    return expr.replace(lambda e: isinstance(e, (sp.Sum, sp.Product)), lambda e: e.doit())


def _with_functions(expr: sp.Basic, point: Point, formulas: dict[sp.Basic, sp.Lambda]) -> sp.Basic:
    """The point's concrete functions put in, and each integral over the whole line of one taken numerically.

    Such an integral (of a sampled density) is taken with ``mpmath.quad``, split where a function's
    argument is at one of its centres (``f(y/c)`` is centred at ``c`` times ``f``'s centre; a function
    without centres at 0): a narrow peak between two nodes would otherwise be missed. SymPy's own
    numeric integration takes seconds per integral at 60 digits. An integral whose error estimate is
    not far below the digits compared is an error, never a value.
    """

    def numeric(integral: sp.Integral) -> sp.Basic:
        ((variable, _, _),) = integral.limits
        if integral.function.has(sp.Integral):
            raise DerivationError(
                f"{integral} has an integral inside it: an integral of a sampled function is taken numerically "
                "only when it is a single one"
            )
        outside = point.floats(without=variable)
        splits = _splits(integral.function.xreplace(outside), variable, point)
        integrand = with_formulas(integral.function, formulas).xreplace(outside)
        if integrand.free_symbols - {variable}:
            return integral
        function = sp.lambdify(variable, integrand, "mpmath")
        with mpmath.workdps(WORKING_DIGITS + 10):
            value, error = mpmath.quad(function, [-mpmath.inf, *splits, mpmath.inf], error=True, maxdegree=10)
            if not error <= mpmath.mpf(10) ** (-WORKING_DIGITS + 5) * max(1, abs(value)):
                raise DerivationError(
                    f"the integral {integral} could not be taken to {WORKING_DIGITS} digits at this point "
                    f"(error estimate {mpmath.nstr(error, 3)})"
                )
        if isinstance(value, mpmath.mpc):
            if abs(value.imag) > mpmath.mpf(10) ** (-WORKING_DIGITS + 10) * (1 + abs(value.real)):
                raise UndefinedValueError(f"complex value of {integral}")
            value = value.real
        return sp.Float(value, WORKING_DIGITS)

    return expr.replace(
        lambda e: (
            isinstance(e, sp.Integral)
            and len(e.limits) == 1
            and e.limits[0][1:] == (sp.S.NegativeInfinity, sp.S.Infinity)
            and any(e.function.has(function) for function in point.functions)
        ),
        numeric,
    )


def _splits(integrand: sp.Basic, variable: sp.Symbol, point: Point) -> list[Any]:
    """Where each sampled function's argument (linear in ``variable``) is at or near one of its centres."""
    splits: set[Any] = set()
    for function, sampled in point.functions.items():
        for application in integrand.atoms(AppliedUndef):
            if application.func != function or len(application.args) != 1:
                continue
            argument = application.args[0]
            slope, offset = argument.diff(variable), argument.xreplace({variable: sp.S.Zero})
            if slope.free_symbols or offset.free_symbols or slope == 0 or argument.diff(variable, 2) != 0:
                continue
            widths = (0,) if sampled.scale is None else _WIDTHS
            shift, stretch = (mpmath.mpf(sp.Float(number, WORKING_DIGITS)) for number in (offset, slope))
            for centre in sampled.centres or (mpmath.mpf(0),):
                splits.update((centre + width * (sampled.scale or 0) - shift) / stretch for width in widths)
    return sorted(splits)


#: Where an integral is split about each centre, in multiples of the function's scale: the tails and the peak
#: then each lie in an interval of their own, whatever the scales of the other functions in the integrand.
_WIDTHS = (-12, -4, -1, 0, 1, 4, 12)


def evaluate(expr: sp.Basic, point: Point) -> Any:
    """The value of ``expr`` at ``point`` as an ``mpmath.mpf`` (``inf`` allowed), at 60 digits."""
    expr = unfold(sp.sympify(expr))
    if point.functions:
        formulas = {function: sampled.form for function, sampled in point.functions.items()}
        expr = with_formulas(_with_functions(expr, point, formulas), formulas)
    integers = {symbol: sp.Integer(value) for symbol, value in point.integers.items()}
    expr = _expand_finite(expr.xreplace(integers)).xreplace(integers)
    for derivative in expr.atoms(sp.Derivative):
        if set(derivative.variables) & set(point.values):
            raise DerivationError(
                f"SymPy cannot work out the derivative {derivative} (it stays unevaluated), so it has no value at "
                "a point: differentiate an expression SymPy can differentiate, or write the derivative out"
            )
    with mpmath.workdps(WORKING_DIGITS):
        values = point.floats()
        bound = {variable for e in expr.atoms(sp.Integral, sp.Sum, sp.Product) for variable in e.variables}
        result = expr.subs(values) if bound & values.keys() else expr.xreplace(values)  # a bound x stays x
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
