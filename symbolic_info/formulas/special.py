"""SymPy functions the definitions need beyond SymPy's own: ``xlogy`` with 0·log 0 = 0.

Plain SymPy evaluates ``0*log(0)`` to ``nan``. Information theory fixes the value by
continuity (``x log x -> 0`` as ``x -> 0+``), so every definition here writes its terms
with :class:`xlogy`, which carries that convention explicitly:

>>> import sympy as sp
>>> xlogy(0, 0)
0
>>> xlogy(1, 0)
-oo
>>> p = sp.Symbol("p", positive=True)
>>> xlogy(p, p)
p*log(p)
>>> x = sp.Symbol("x", nonnegative=True)
>>> xlogy(x, x).rewrite(sp.Piecewise)
Piecewise((0, Eq(x, 0)), (x*log(x), True))
"""

from __future__ import annotations

from typing import Any

import mpmath
import sympy as sp
from sympy.codegen.cfunctions import log1p

__all__ = ["MPMATH_FUNCTIONS", "xlog1py", "xlogy"]


class xlogy(sp.Function):
    """``x*log(y)``, defined as 0 when ``x`` is 0 (whatever ``y`` is).

    It evaluates to the plain product as soon as ``x`` is known to be nonzero, so on the
    open simplex (positive symbols) the definitions read exactly as in a textbook.
    """

    nargs = 2

    @classmethod
    def eval(cls, x: sp.Expr, y: sp.Expr) -> sp.Expr | None:
        if x.is_zero:
            return sp.S.Zero
        if x.is_positive and y.is_zero:
            return sp.S.NegativeInfinity  # x log y -> -oo as y -> 0+
        if x.is_positive and y in (sp.S.ComplexInfinity, sp.S.Infinity):
            return sp.S.Infinity  # p log(p/0): the ratio grows without bound
        if x.is_nonzero:
            return x * sp.log(y)
        return None

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        x, y = self.args
        if argindex == 1:
            return sp.log(y)
        if argindex == 2:
            return x / y
        raise sp.ArgumentIndexError(self, argindex)

    def _eval_rewrite_as_Piecewise(self, x: sp.Expr, y: sp.Expr, **kwargs: Any) -> sp.Expr:
        return sp.Piecewise((sp.S.Zero, sp.Eq(x, 0)), (x * sp.log(y), True))

    def _eval_rewrite_as_log(self, x: sp.Expr, y: sp.Expr, **kwargs: Any) -> sp.Expr:
        return self._eval_rewrite_as_Piecewise(x, y)


class xlog1py(sp.Function):
    """``x*log1p(y)``, defined as 0 when ``x`` is 0 (``0 log1p(-1) = 0``, as ``0 log 0 = 0``).

    >>> xlog1py(0, -1)
    0
    >>> p = sp.Symbol("p", positive=True)
    >>> xlog1py(p, -p)
    p*log1p(-p)
    """

    nargs = 2

    @classmethod
    def eval(cls, x: sp.Expr, y: sp.Expr) -> sp.Expr | None:
        if x.is_zero:
            return sp.S.Zero
        if x.is_nonzero:
            return x * log1p(y)
        return None

    def _eval_rewrite_as_Piecewise(self, x: sp.Expr, y: sp.Expr, **kwargs: Any) -> sp.Expr:
        return sp.Piecewise((sp.S.Zero, sp.Eq(x, 0)), (x * log1p(y), True))

    def _handout_latex(self, printer: Any, exp: str | None = None) -> str:
        x, y = self.args
        body = rf"{printer.parenthesize(x, 50)} \operatorname{{log1p}}\left({printer._print(y)}\right)"
        return body if exp is None else rf"\left({body}\right)^{{{exp}}}"


def _mpmath_xlogy(x: Any, y: Any) -> Any:
    return mpmath.mpf(0) if x == 0 else x * mpmath.log(y)


def _mpmath_xlog1py(x: Any, y: Any) -> Any:
    return mpmath.mpf(0) if x == 0 else x * mpmath.log1p(y)


#: Implementations for ``lambdify(..., modules=[MPMATH_FUNCTIONS, "mpmath"])``.
MPMATH_FUNCTIONS: dict[str, Any] = {"xlogy": _mpmath_xlogy, "xlog1py": _mpmath_xlog1py}
