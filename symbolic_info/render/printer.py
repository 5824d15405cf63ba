"""A LaTeX printer tuned for handouts: ``p_{i}`` not ``{p}_{i}``, ``\\log p_{i}``, factors before functions.

>>> import sympy as sp
>>> p = sp.IndexedBase("p", positive=True); i = sp.Symbol("i", integer=True)
>>> to_latex(-p[i] * sp.log(p[i]))
'- p_{i} \\\\log p_{i}'
"""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.printing.latex import LatexPrinter
from sympy.printing.precedence import PRECEDENCE

__all__ = ["to_latex"]

_SIMPLE_LOG_ARGUMENTS = (sp.Symbol, sp.Indexed, sp.Integer)


def _factor_rank(factor: sp.Expr) -> int:
    """Numbers first, then symbols and their powers, then everything else (functions, sums)."""
    if factor.is_Number:
        return 0
    base = factor.base if isinstance(factor, sp.Pow) else factor
    if isinstance(base, (sp.Symbol, sp.Indexed, sp.Dummy)):
        return 1
    return 2


class HandoutLatexPrinter(LatexPrinter):
    """SymPy's LaTeX printer with a few changes that make derivations read like a textbook."""

    printmethod = "_handout_latex"

    def _print_Indexed(self, expr: sp.Indexed) -> str:
        indices = ",".join(self._print(index) for index in expr.indices)
        return f"{self._print(expr.base.label)}_{{{indices}}}"

    def _print_log(self, expr: sp.log, exp: str | None = None) -> str:
        (argument,) = expr.args
        name = r"\log" if exp is None else rf"\log^{{{exp}}}"
        if isinstance(argument, _SIMPLE_LOG_ARGUMENTS) and not argument.is_negative:
            return f"{name} {self._print(argument)}"
        return rf"{name}\left({self._print(argument)}\right)"

    def _print_xlogy(self, expr: sp.Expr, exp: str | None = None) -> str:
        x, y = expr.args
        body = f"{self.parenthesize(x, PRECEDENCE['Mul'])} {self._print(sp.log(y))}"
        return body if exp is None else rf"\left({body}\right)^{{{exp}}}"

    def _print_Entropy(self, expr: sp.Expr, exp: str | None = None) -> str:
        return self._named("H", expr.args[:1], exp)

    def _print_CrossEntropy(self, expr: sp.Expr, exp: str | None = None) -> str:
        return self._named("H", expr.args[:2], exp)

    def _print_KLDivergence(self, expr: sp.Expr, exp: str | None = None) -> str:
        p, q = (self._print(arg) for arg in expr.args[:2])
        body = rf"D\left({p} \,\middle\|\, {q}\right)"
        return body if exp is None else rf"{body}^{{{exp}}}"

    def _named(self, name: str, args: tuple[sp.Basic, ...], exp: str | None) -> str:
        body = rf"{name}\left({', '.join(self._print(a) for a in args)}\right)"
        return body if exp is None else rf"{body}^{{{exp}}}"

    def _print_Mul(self, expr: sp.Mul) -> str:
        factors = list(expr.as_ordered_factors())
        reordered = sorted(factors, key=_factor_rank)
        if reordered == factors:
            return super()._print_Mul(expr)
        saved_order = self._settings["order"]
        self._settings["order"] = "none"
        try:
            return super()._print_Mul(sp.Mul(*reordered, evaluate=False))
        finally:
            self._settings["order"] = saved_order


def to_latex(expr: Any, **settings: Any) -> str:
    """Render a SymPy object (or a plain number) as LaTeX in the handout style."""
    return HandoutLatexPrinter(settings).doprint(expr)
