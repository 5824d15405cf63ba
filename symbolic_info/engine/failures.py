"""Why a step failed, in the author's terms: the two sides as written, their values, and SymPy's errors explained.

A :class:`Counterexample` holds the step's two sides in the order they were written (``a >= b``
shows ``a`` first, though it is checked as ``b <= a``), their values at the point, and only the
variables that occur in them. :func:`explain` turns an exception SymPy raised while a step was
applied or evaluated into a sentence about the step.

>>> import mpmath, sympy as sp
>>> from symbolic_info.engine.domain import Point
>>> x, y = sp.symbols("x y")
>>> point = Point(values={x: mpmath.mpf(-2), y: mpmath.mpf(3)})
>>> example = Counterexample.at(sp.log(x**2 + 1), ">=", x**2, point, mpmath.mpf("1.6094"), mpmath.mpf(4))
>>> print(example)
log(x**2 + 1) >= x**2 is false at x = -2.0
  left = log(x**2 + 1) = 1.6094
  right = x**2 = 4.0
>>> explain(ValueError("\\nCan't calculate derivative wrt 2*x."))
'SymPy cannot differentiate with respect to 2*x: differentiate with respect to a symbol or a vector entry that \
the expression depends on (Differentiate(x), Differentiate(z[k])), not an expression or a number'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import mpmath
import sympy as sp
from sympy.core.function import AppliedUndef

from .domain import Point

__all__ = ["Counterexample", "explain", "occurring"]

_DIGITS = 20
_DERIVATIVE_WRT = re.compile(r"Can't calculate derivative wrt (.*?)\.?$", re.DOTALL)


def occurring(point: Point, *expressions: object) -> list[tuple[str, str]]:
    """``(name, value)`` of the point's variables that occur in ``expressions`` (a vector: its entries)."""
    free: set[sp.Basic] = set()
    for expression in expressions:
        free |= getattr(sp.sympify(expression), "free_symbols", set())
    bases = {symbol for symbol in free if isinstance(symbol, (sp.Symbol, sp.IndexedBase))}
    bases |= {item.base.label for item in free if isinstance(item, sp.Indexed)}

    def occurs(variable: sp.Basic) -> bool:
        if isinstance(variable, sp.Indexed):
            return variable in free or variable.base.label in bases or variable.base in bases
        return variable in free

    shown = [(str(k), str(v)) for k, v in point.integers.items() if occurs(k)]
    shown += [(str(k), mpmath.nstr(v, 12)) for k, v in point.values.items() if occurs(k)]
    applied = {type(e) for expression in expressions for e in sp.sympify(expression).atoms(AppliedUndef)}
    shown += [(str(k), sampled.description) for k, sampled in point.functions.items() if k in applied]
    return shown


@dataclass(frozen=True)
class Counterexample:
    """A point where a step's relation fails: the sides as written, their values, the variables that occur."""

    left: str
    relation: str
    right: str
    left_value: str
    right_value: str
    point: tuple[tuple[str, str], ...]

    @classmethod
    def at(
        cls, left: object, relation: str, right: object, point: Point, left_value: Any, right_value: Any
    ) -> Counterexample:
        """The counterexample for ``left relation right`` at ``point`` (plain-text formulas, 20 digits)."""
        shown_right = f"c*({right})" if relation == "= c *" else str(right)  # equivalent equations: for some c != 0
        return cls(
            str(left),
            "=" if relation == "= c *" else relation,
            shown_right,
            mpmath.nstr(left_value, _DIGITS),
            mpmath.nstr(right_value, _DIGITS),
            tuple(occurring(point, left, right)),
        )

    def where(self) -> str:
        """``x = 1.5, y = 2`` (or ``any point`` when no variable occurs)."""
        return ", ".join(f"{name} = {value}" for name, value in self.point) or "any point"

    def __str__(self) -> str:
        return (
            f"{self.left} {self.relation} {self.right} is false at {self.where()}\n"
            f"  left = {self.left} = {self.left_value}\n"
            f"  right = {self.right} = {self.right_value}"
        )


def explain(error: BaseException) -> str:
    """An exception SymPy raised while applying or evaluating a step, as a sentence about the step."""
    message = str(error).strip()
    derivative = _DERIVATIVE_WRT.search(message)
    if derivative:
        variable = " ".join(derivative.group(1).split())
        return (
            f"SymPy cannot differentiate with respect to {variable}: differentiate with respect to a symbol or a "
            "vector entry that the expression depends on (Differentiate(x), Differentiate(z[k])), not an "
            "expression or a number"
        )
    first_line = message.splitlines()[0] if message else ""
    return f"SymPy could not compute this step ({type(error).__name__}: {first_line})"
