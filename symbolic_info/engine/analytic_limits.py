"""Limits of quotients of analytic functions, by their Taylor coefficients (fast, and exact).

SymPy's ``limit`` (Gruntz's algorithm) decides limits of a wide class of expressions, but on a
softmax written out over a few classes it takes seconds. Most limits in a derivation are simpler
than they look: with ``x = 1/T`` (for ``T -> oo``) or ``x = T - a`` (for ``T -> a``), the expression
is a quotient ``N(x) / D(x)`` of functions analytic at ``x = 0`` (sums, products, non-negative
integer powers, ``exp``, ``sin``, ``cos``, ``sinh``, ``cosh`` of such). Then, if
``D(0) = D'(0) = ... = D^(k-1)(0) = 0`` identically, ``D^(k)(0)`` is provably nonzero, and
``N(0) = ... = N^(k-1)(0) = 0`` identically, the limit is ``N^(k)(0) / D^(k)(0)`` (L'Hôpital's rule,
or the Taylor series of both). Each of these facts is established exactly (a coefficient that
expands to ``0``, or one SymPy's assumptions show nonzero); when one cannot be, the limit is left
to SymPy.

>>> T = sp.Symbol("T", positive=True)
>>> analytic_limit(sp.Limit(T * (sp.exp(1 / T) - 1), T, sp.oo))
1
>>> x = sp.Symbol("x")
>>> analytic_limit(sp.Limit(sp.sin(x) / x, x, 0))
1
>>> analytic_limit(sp.Limit(1 / x, x, 0)) is None  # no finite limit: left to SymPy
True
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import sympy as sp

__all__ = ["MAX_ORDER", "analytic_limit", "with_analytic_limits"]

#: The highest derivative looked at: a limit needing more is left to SymPy.
MAX_ORDER = 6

_ENTIRE_FUNCTIONS = (sp.exp, sp.sin, sp.cos, sp.sinh, sp.cosh)


def analytic_limit(limit: sp.Limit) -> sp.Expr | None:
    """The value of ``limit`` when it is a quotient of analytic functions (see the module), else ``None``.

    >>> x = sp.Symbol("x")
    >>> analytic_limit(sp.Limit((sp.exp(x) - 1 - x) / x**2, x, 0))
    1/2
    """
    function, variable, point, direction = limit.args
    if not isinstance(variable, sp.Symbol):
        return None
    x = sp.Dummy("x")
    if point is sp.oo:
        moved = 1 / x
    elif point is sp.S.NegativeInfinity:
        moved = -1 / x
    elif point.is_finite and variable not in point.free_symbols:
        moved = point - x if str(direction) == "-" else point + x
    else:
        return None
    quotient = sp.together(function.doit().subs(variable, moved))
    numerator, denominator = sp.fraction(quotient)
    if not (_is_analytic(numerator, x) and _is_analytic(denominator, x)):
        return None
    found = _order(denominator, x)
    if found is None:
        return None
    order, lowest = found
    *vanishing, value = itertools.islice(_at_zero(numerator, x), order + 1)
    if any(sp.expand(coefficient) != 0 for coefficient in vanishing):
        return None
    return sp.expand(value / lowest)


def with_analytic_limits(expr: sp.Basic) -> sp.Basic:
    """``expr`` with each limit that :func:`analytic_limit` decides replaced by its value.

    >>> T = sp.Symbol("T", positive=True)
    >>> with_analytic_limits(1 + sp.Limit(T * sp.sin(1 / T), T, sp.oo))
    2
    """
    return expr.replace(lambda e: isinstance(e, sp.Limit), lambda e: _value_or_same(e))


def _value_or_same(limit: sp.Limit) -> sp.Basic:
    value = analytic_limit(limit)
    return limit if value is None else value


def _at_zero(expr: sp.Expr, x: sp.Symbol) -> Iterator[sp.Expr]:
    """``f(0), f'(0), f''(0), ...`` (``k!`` times the Taylor coefficients), each derivative from the one before."""
    while True:
        yield expr.subs(x, 0)
        expr = sp.diff(expr, x)


def _order(denominator: sp.Expr, x: sp.Symbol) -> tuple[int, sp.Expr] | None:
    """The first ``k`` with ``D^(k)(0)`` provably nonzero after lower ones identically zero, and ``D^(k)(0)``."""
    for k, coefficient in enumerate(itertools.islice(_at_zero(denominator, x), MAX_ORDER + 1)):
        value = sp.expand(coefficient)
        if value == 0:
            continue
        return (k, value) if value.is_zero is False else None
    return None


def _is_analytic(expr: sp.Basic, x: sp.Symbol) -> bool:
    """Whether ``expr`` is built from ``x`` and ``x``-free parts by operations analytic everywhere."""
    if x not in expr.free_symbols:
        return True
    if expr == x:
        return True
    if isinstance(expr, (sp.Add, sp.Mul, *_ENTIRE_FUNCTIONS)):
        return all(_is_analytic(arg, x) for arg in expr.args)
    if isinstance(expr, sp.Pow):
        base, exponent = expr.args
        return bool(exponent.is_Integer and exponent >= 0) and _is_analytic(base, x)
    return False
