"""Operations that justify an implication step: the engine applies them and compares.

A step ``A => B`` is checked by applying its operation to ``A`` and proving the result
equivalent to ``B`` (the same equation up to rearrangement or a constant factor), except
:class:`Solve`, which is checked by substituting the solution back into ``A``.

>>> import sympy as sp
>>> x = sp.Symbol("x", positive=True)
>>> Differentiate(x).apply(sp.Eq(x**2, 2 * x))
Eq(2*x, 2)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, TypeAlias

import sympy as sp

from ..errors import DerivationError

__all__ = [
    "ApplyToBothSides",
    "Differentiate",
    "Gradient",
    "Hessian",
    "Integrate",
    "Limit",
    "Operation",
    "Rearrange",
    "Rounded",
    "Solve",
    "Statement",
    "Stationarity",
    "Substitute",
    "SubstituteInto",
    "equations",
]

#: What a line of a derivation holds: an expression, a matrix, an equation, or several equations.
Statement: TypeAlias = sp.Basic | tuple[sp.Basic, ...]


def equations(statement: Statement) -> tuple[sp.Rel, ...]:
    """The equations of a statement (one equation, or a tuple of them)."""
    items = statement if isinstance(statement, tuple) else (statement,)
    for item in items:
        if not isinstance(item, sp.Equality):
            raise DerivationError(f"expected an equation, got {item}")
    return items


def _each_side(statement: Statement, function: Callable[[Any], Any]) -> Statement:
    if isinstance(statement, tuple):
        return tuple(_each_side(item, function) for item in statement)
    if isinstance(statement, sp.Equality):
        return sp.Eq(function(statement.lhs), function(statement.rhs), evaluate=False)
    return function(statement)


def _variables(operation: str, variables: Sequence[object]) -> tuple[sp.Basic, ...]:
    """Variables to differentiate or solve for: symbols or vector entries (never strings, numbers or sums)."""
    if not variables:
        raise DerivationError(f"{operation} needs at least one variable")
    for variable in variables:
        if isinstance(variable, str):
            raise DerivationError(
                f"{operation}: the string {variable!r} is not a variable; pass the SymPy symbol "
                f'(x = sympy.Symbol("x"), then {operation}(x))'
            )
        if not isinstance(variable, sp.Basic) or not getattr(variable, "_diff_wrt", False):
            raise DerivationError(
                f"{operation}: cannot work with respect to {variable!r}; give a symbol (x) or a vector entry (z[k]), "
                "not an expression or a number"
            )
    return tuple(variables)


def _expression(operation: str, value: object) -> sp.Basic:
    """A value in an operation: a SymPy expression or a number (never a string)."""
    if isinstance(value, str):
        raise DerivationError(f"{operation}: the string {value!r} is not an expression; build it with SymPy")
    try:
        return sp.sympify(value, strict=True)
    except (sp.SympifyError, TypeError, ValueError):
        raise DerivationError(f"{operation}: expected a SymPy expression, got {value!r}") from None


class Operation:
    """Base class of what justifies an ``=>`` step: ``apply`` gives what the step should be equivalent to.

    >>> Rearrange().apply(sp.Eq(sp.Symbol("x"), 1))
    Eq(x, 1)
    """

    def apply(self, statement: Statement) -> Statement:
        """The previous line with the operation applied (what the next line must be equivalent to)."""
        raise NotImplementedError

    def describe(self) -> str:
        """The operation in words, with ``$...$`` math."""
        raise NotImplementedError


@dataclass(frozen=True)
class Rearrange(Operation):
    """The same equation, rearranged or scaled by a nonzero constant.

    >>> x = sp.Symbol("x")
    >>> Rearrange().describe()
    'rearranging'
    """

    def apply(self, statement: Statement) -> Statement:
        return statement

    def describe(self) -> str:
        return "rearranging"


@dataclass(frozen=True)
class Differentiate(Operation):
    """Differentiate (both sides) with respect to ``variables``.

    >>> x = sp.Symbol("x")
    >>> Differentiate(x).apply(x**3)
    3*x**2
    >>> Differentiate(2 * x)
    Traceback (most recent call last):
    ...
    symbolic_info.errors.DerivationError: Differentiate: cannot work with respect to 2*x; give a symbol (x) or a \
vector entry (z[k]), not an expression or a number
    """

    variables: tuple[sp.Basic, ...]

    def __init__(self, *variables: sp.Basic) -> None:
        object.__setattr__(self, "variables", _variables("Differentiate", variables))

    def apply(self, statement: Statement) -> Statement:
        return _each_side(statement, lambda side: sp.diff(side, *self.variables))

    def describe(self) -> str:
        return "differentiating with respect to " + ", ".join(f"${sp.latex(v)}$" for v in self.variables)


@dataclass(frozen=True)
class Stationarity(Operation):
    """Set the partial derivative with respect to ``variable`` to zero.

    >>> x = sp.Symbol("x")
    >>> Stationarity(x).apply(x**2 - 2 * x)
    Eq(2*x - 2, 0)
    """

    variable: sp.Basic

    def __post_init__(self) -> None:
        _variables("Stationarity", (self.variable,))

    def apply(self, statement: Statement) -> Statement:
        if isinstance(statement, (tuple, sp.Rel)):
            raise DerivationError("stationarity applies to a scalar function")
        return sp.Eq(sp.diff(statement, self.variable), 0)

    def describe(self) -> str:
        return f"stationarity in ${sp.latex(self.variable)}$"


@dataclass(frozen=True)
class Substitute(Operation):
    """Substitute ``old -> new`` pairs (a definition, a solution, a point).

    >>> x, y = sp.symbols("x y")
    >>> Substitute({x: 2 * y}).apply(x**2)
    4*y**2
    """

    pairs: tuple[tuple[sp.Basic, sp.Basic], ...]

    def __init__(self, mapping: dict[sp.Basic, Any] | tuple[tuple[sp.Basic, Any], ...]) -> None:
        items = mapping.items() if isinstance(mapping, dict) else mapping
        pairs = tuple((_expression("Substitute", k), _expression("Substitute", v)) for k, v in items)
        object.__setattr__(self, "pairs", pairs)

    def apply(self, statement: Statement) -> Statement:
        rules = [_rule(sp.Eq(old, new, evaluate=False)) for old, new in self.pairs]

        def rewrite(side: sp.Basic) -> sp.Basic:
            side = sp.sympify(side)
            for rule in rules:
                side = rule(side)
            return side

        return _each_side(statement, rewrite)

    def describe(self) -> str:
        return "substituting " + ", ".join(f"${sp.latex(k)} = {sp.latex(v)}$" for k, v in self.pairs)


def _rule(equation: sp.Equality) -> Callable[[sp.Basic], sp.Basic]:
    """Replace the equation's left side in an expression; ``p_k = v`` with ``v`` free of ``k`` covers every ``p_i``."""
    lhs, rhs = equation.lhs, equation.rhs
    if isinstance(lhs, sp.Indexed) and not (set(lhs.indices) & rhs.free_symbols):
        base = lhs.base
        return lambda expr: expr.replace(lambda e: isinstance(e, sp.Indexed) and e.base == base, lambda e: rhs)
    return lambda expr: expr.subs(lhs, rhs)


@dataclass(frozen=True)
class SubstituteInto(Operation):
    """Substitute the previous line (an equation ``x = v``) into ``target``.

    >>> x, y = sp.symbols("x y")
    >>> SubstituteInto(sp.Eq(x + y, 1)).apply(sp.Eq(x, 2 * y))
    Eq(3*y, 1)
    """

    target: Statement
    description: str = ""

    def apply(self, statement: Statement) -> Statement:
        rules = [_rule(eq) for eq in equations(statement)]

        def rewrite(side: sp.Basic) -> sp.Basic:
            for rule in rules:
                side = rule(side)
            return side

        return _each_side(self.target, rewrite)

    def describe(self) -> str:
        return self.description or f"substituting into ${sp.latex(self.target)}$"


@dataclass(frozen=True)
class Solve(Operation):
    """Solve for ``variables``; checked by substituting the stated solution back.

    >>> x = sp.Symbol("x")
    >>> Solve(x).describe()
    'solving for $x$'
    """

    variables: tuple[sp.Basic, ...]

    def __init__(self, *variables: sp.Basic) -> None:
        object.__setattr__(self, "variables", _variables("Solve", variables))

    def apply(self, statement: Statement) -> Statement:
        raise DerivationError("Solve is checked by substitution, not by applying it")

    def describe(self) -> str:
        return "solving for " + ", ".join(f"${sp.latex(v)}$" for v in self.variables)


@dataclass(frozen=True)
class Limit(Operation):
    """The limit of the previous expression as ``variable -> point`` (direction ``+``, ``-`` or ``+-``).

    >>> x = sp.Symbol("x", positive=True)
    >>> Limit(x, 0).apply(x * sp.log(x)).doit()
    0
    """

    variable: sp.Symbol
    point: sp.Expr
    direction: str = "+"

    def __post_init__(self) -> None:
        _variables("Limit", (self.variable,))
        object.__setattr__(self, "point", _expression("Limit", self.point))
        if self.direction not in ("+", "-", "+-"):
            raise DerivationError(f"Limit: the direction is '+', '-' or '+-', got {self.direction!r}")

    def apply(self, statement: Statement) -> Statement:
        return _each_side(statement, lambda side: sp.Limit(side, self.variable, self.point, self.direction))

    def describe(self) -> str:
        return f"the limit ${sp.latex(self.variable)} \\to {sp.latex(self.point)}$"


@dataclass(frozen=True)
class Integrate(Operation):
    """Integrate over ``variable`` from ``lower`` to ``upper``.

    >>> x = sp.Symbol("x")
    >>> Integrate(x, 0, 1).apply(x).doit()
    1/2
    """

    variable: sp.Symbol
    lower: sp.Expr
    upper: sp.Expr

    def __post_init__(self) -> None:
        _variables("Integrate", (self.variable,))
        object.__setattr__(self, "lower", _expression("Integrate", self.lower))
        object.__setattr__(self, "upper", _expression("Integrate", self.upper))

    def apply(self, statement: Statement) -> Statement:
        return _each_side(statement, lambda side: sp.Integral(side, (self.variable, self.lower, self.upper)))

    def describe(self) -> str:
        return f"integrating over ${sp.latex(self.variable)}$"


@dataclass(frozen=True)
class Gradient(Operation):
    """The gradient (a column matrix) with respect to ``variables``.

    >>> x, y = sp.symbols("x y")
    >>> Gradient(x, y).apply(x * y)
    Matrix([
    [y],
    [x]])
    """

    variables: tuple[sp.Basic, ...]

    def __init__(self, *variables: sp.Basic) -> None:
        object.__setattr__(self, "variables", _variables("Gradient", variables))

    def apply(self, statement: Statement) -> Statement:
        return sp.Matrix([sp.diff(statement, v) for v in self.variables])

    def describe(self) -> str:
        return "the gradient"


@dataclass(frozen=True)
class Hessian(Operation):
    """The Hessian matrix with respect to ``variables``.

    >>> x, y = sp.symbols("x y")
    >>> Hessian(x, y).apply(x**2 * y)
    Matrix([
    [2*y, 2*x],
    [2*x,   0]])
    """

    variables: tuple[sp.Basic, ...]

    def __init__(self, *variables: sp.Basic) -> None:
        object.__setattr__(self, "variables", _variables("Hessian", variables))

    def apply(self, statement: Statement) -> Statement:
        return sp.hessian(statement, self.variables)

    def describe(self) -> str:
        return "the Hessian"


@dataclass(frozen=True)
class ApplyToBothSides(Operation):
    """Apply a named function (``exp``, multiply by 2, ...) to both sides of an equation.

    >>> x = sp.Symbol("x")
    >>> ApplyToBothSides(sp.exp, "exponentiating").apply(sp.Eq(sp.log(x), 1))
    Eq(x, E)
    """

    function: Callable[[sp.Basic], sp.Basic]
    description: str

    def apply(self, statement: Statement) -> Statement:
        return _each_side(statement, self.function)

    def describe(self) -> str:
        return self.description


_DECIMAL = re.compile(r"^-?[0-9]+(?:\.[0-9]+)?$")


@dataclass(frozen=True)
class Rounded(Operation):
    """Decimals as written (``"0.602"``): each stands for its value to within half a unit in its last digit.

    It justifies a ``~=`` step: the previous value (or each entry of a previous matrix) lies in
    ``[d - u/2, d + u/2]``, where ``u`` is one unit in the last written digit of the decimal ``d``.

    >>> rounded = Rounded.parse("0.602")
    >>> rounded.bounds()
    ((1203/2000, 241/400),)
    >>> rounded.statement()
    0.602
    """

    written: tuple[str, ...]
    column: bool = False

    @classmethod
    def parse(cls, decimal: str | Sequence[str]) -> Rounded:
        """One decimal (a scalar) or several (a column vector, compared entry by entry)."""
        items = (decimal,) if isinstance(decimal, str) else tuple(decimal)
        if not items or any(not isinstance(item, str) or not _DECIMAL.match(item) for item in items):
            raise DerivationError(f"expected decimals written like '0.602', got {decimal!r}")
        return cls(items, column=not isinstance(decimal, str))

    def bounds(self) -> tuple[tuple[sp.Rational, sp.Rational], ...]:
        """The exact interval each written decimal stands for."""
        intervals = []
        for item in self.written:
            places = len(item.partition(".")[2])
            value = Fraction(item)
            half_unit = Fraction(1, 2 * 10**places)
            low, high = value - half_unit, value + half_unit
            intervals.append(
                (sp.Rational(low.numerator, low.denominator), sp.Rational(high.numerator, high.denominator))
            )
        return tuple(intervals)

    def statement(self) -> sp.Basic:
        """The decimals as SymPy floats carrying just their written digits (a column for several)."""
        floats = [sp.Float(item, max(1, len(item.lstrip("-").replace(".", "").lstrip("0")))) for item in self.written]
        return sp.Matrix(floats) if self.column else floats[0]

    def apply(self, statement: Statement) -> Statement:
        raise DerivationError("a rounding is checked against the bounds of its decimals, not by applying it")

    def describe(self) -> str:
        return "rounding to the digits shown"
