"""An open interval written with a positive symbol: how the prover learns the signs an interval implies.

SymPy's assumptions know that a positive symbol ``u`` is positive, but not that ``1 - p > 0`` for a
``p`` in ``(0, 1)``. Written as ``p = u / (1 + u)`` with ``u > 0``, the variable covers exactly the
open interval and every sign the interval implies follows from ``u > 0``. The domain's real
variables, the claim checker's conditions and the prover's integrals all use this one rewriting.

>>> import sympy as sp
>>> u = sp.Symbol("u", positive=True)
>>> positive_form(0, 1, u), positive_form(2, None, u), positive_form(None, 0, u), positive_form(None, None, u)
(u/(u + 1), u + 2, -u, None)
>>> (1 - positive_form(0, 1, u)).is_positive
True
>>> covering(-sp.oo, sp.oo, u)
[u, -u]
"""

from __future__ import annotations

from typing import TypeAlias

import sympy as sp

__all__ = ["covering", "positive_form"]

#: An end of an interval: a number or expression, or None (an infinity also stands for an unbounded end).
Bound: TypeAlias = "sp.Expr | int | None"


def _unbounded(bound: Bound) -> bool:
    return bound is None or bound in (sp.S.Infinity, sp.S.NegativeInfinity)


def positive_form(low: Bound, high: Bound, u: sp.Symbol | None = None) -> sp.Expr | None:
    """The variable of the open interval ``(low, high)`` as an expression in a positive symbol ``u``.

    ``(a, b)``: ``a + (b - a) u / (1 + u)``; ``(a, oo)``: ``a + u``; ``(-oo, b)``: ``b - u``; ``None`` when
    both ends are unbounded (``None`` or an infinity stands for an unbounded end). The caller makes sure
    that ``a < b``; ``u`` defaults to a fresh positive dummy.
    """
    u = sp.Dummy("u", positive=True) if u is None else u
    if not _unbounded(low) and not _unbounded(high):
        a, b = sp.sympify(low), sp.sympify(high)
        return a + (b - a) * u / (1 + u)
    if not _unbounded(low):
        return sp.sympify(low) + u
    if not _unbounded(high):
        return sp.sympify(high) - u
    return None


def covering(low: Bound, high: Bound, u: sp.Symbol | None = None) -> list[sp.Expr]:
    """Expressions in a positive symbol ``u`` that together cover the open interval ``(low, high)``.

    One expression for an interval with a finite end, two (``u`` and ``-u``, leaving out 0 only) for the
    whole line.
    """
    u = sp.Dummy("u", positive=True) if u is None else u
    form = positive_form(low, high, u)
    return [u, -u] if form is None else [form]
