"""SymPy expressions compiled to interval programs: a list of enclosure operations on shared registers.

:class:`Program` compiles ``+``, ``*``, integer powers (even powers are ``>= 0`` over a sign change,
not ``x*x``), rational powers (of a base ``>= 0``), real powers ``a**b`` (base ``> 0``), ``exp``,
``log``, ``sqrt``, ``Abs``, ``Min``, ``Max``, ``atanh``, ``log1p`` and ``expm1``
(``sympy.codegen.cfunctions``), ``atan``, ``tanh``, ``sinh``, ``cosh``, ``asinh``, ``xlogy``/``xlog1py``
(:mod:`symbolic_info.formulas.special`; the second argument must be ``> 0``/``> -1``), integers,
rationals, binary floats, ``pi`` and ``E``; anything else raises :class:`~.ends.Unsupported`.
Rational constants become intervals around them; integers and binary floats are exact.

>>> import sympy as sp
>>> x = sp.Symbol("x")
>>> Program.compile([x - 1 - sp.log(x)], [x]).evaluate([Enclosure.between(1, 2)])  # each x on its own
[[-0.69314718055994530941723212146, 1]]
>>> Program.compile([sp.log(x)], [x]).evaluate([Enclosure.between(0, 1, low_open=True)])
[(-inf, 0]]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import TypeAlias

import sympy as sp
from mpmath import libmp
from sympy.codegen.cfunctions import expm1, log1p

from ...formulas.special import xlog1py, xlogy
from .enclosures import (
    Enclosure,
    absolute,
    add,
    atanh,
    exp,
    expm1_,
    increasing,
    log,
    log1p_,
    maximum,
    minimum,
    mul,
    neg,
    power,
    power_int,
    power_rational,
    xlog1py_,
    xlogy_,
)
from .ends import (
    ASINH,
    ATAN,
    CEILING,
    FLOOR,
    NAN,
    ONE,
    SINH,
    TANH,
    WORKING,
    Mpf,
    Undefined,
    Unsupported,
    cosh_end,
    from_fraction,
    is_finite,
    widen,
)

__all__ = ["SUPPORTED_FUNCTIONS", "Program", "constant"]

_UNARY: dict[type, Callable[[Enclosure], Enclosure]] = {
    sp.exp: exp,
    sp.log: log,
    sp.Abs: absolute,
    sp.atanh: atanh,
    log1p: log1p_,
    expm1: expm1_,
    sp.atan: lambda a: increasing(a, ATAN),
    sp.tanh: lambda a: increasing(a, TANH),
    sp.sinh: lambda a: increasing(a, SINH),
    sp.asinh: lambda a: increasing(a, ASINH),
    sp.cosh: lambda a: increasing(absolute(a), cosh_end),
}
_BINARY: dict[type, Callable[[Enclosure, Enclosure], Enclosure]] = {
    sp.Min: minimum,
    sp.Max: maximum,
    xlogy: xlogy_,
    xlog1py: xlog1py_,
}

#: The SymPy functions that :class:`Program` compiles (besides ``+``, ``*``, powers and numbers).
SUPPORTED_FUNCTIONS: tuple[type, ...] = (*_UNARY, *_BINARY)

_Step: TypeAlias = tuple[Callable[..., Enclosure], tuple[int, ...]]


def _number(value: sp.Expr) -> Enclosure:
    if value.is_Integer:
        exact: Mpf = libmp.from_int(int(value))
        return Enclosure.exact(exact)
    if value.is_Rational:
        fraction = Fraction(int(value.p), int(value.q))
        return Enclosure(from_fraction(fraction, FLOOR), from_fraction(fraction, CEILING))
    if isinstance(value, sp.Float) and is_finite(value._mpf_) and value._mpf_ != NAN:
        return Enclosure.exact(value._mpf_)
    if value is sp.pi:
        return Enclosure(widen(libmp.mpf_pi(WORKING, FLOOR), FLOOR), widen(libmp.mpf_pi(WORKING, CEILING), CEILING))
    if value is sp.E:
        return exp(Enclosure.exact(ONE))
    raise Unsupported(f"no interval value for the number {value}")


class Program:
    """Expressions in some symbols, compiled to a list of interval operations on shared registers.

    Common subexpressions are computed once (each distinct SymPy subexpression gets one register).
    :meth:`compile` raises :class:`Unsupported` for anything outside the table: an unknown function,
    a symbol that is not one of ``symbols``, an infinity or a complex number.

    >>> x, y = sp.symbols("x y")
    >>> program = Program.compile([x * y, sp.exp(x) + y], [x, y])
    >>> program.evaluate([Enclosure.between(0, 1), Enclosure.between(2, 3)])
    [[0, 3], [3, 5.7182818284590452353602874714]]
    >>> Program.compile([sp.gamma(x)], [x])
    Traceback (most recent call last):
    ...
    symbolic_info.engine.certify.ends.Unsupported: no interval version of gamma
    """

    def __init__(self, arity: int, steps: Sequence[_Step], outputs: Sequence[int]) -> None:
        self.arity = arity
        self.steps = tuple(steps)
        self.outputs = tuple(outputs)

    @classmethod
    def compile(cls, exprs: Sequence[sp.Expr], symbols: Sequence[sp.Symbol]) -> Program:
        registers: dict[sp.Basic, int] = {symbol: index for index, symbol in enumerate(symbols)}
        steps: list[_Step] = []

        def emit(operation: Callable[..., Enclosure], *operands: int) -> int:
            steps.append((operation, operands))
            return len(symbols) + len(steps) - 1

        def fold(operation: Callable[[Enclosure, Enclosure], Enclosure], args: Sequence[sp.Basic]) -> int:
            register = visit(args[0])
            for arg in args[1:]:
                register = emit(operation, register, visit(arg))
            return register

        def visit(node: sp.Basic) -> int:
            if node in registers:
                return registers[node]
            register = translate(node)
            registers[node] = register
            return register

        def translate(node: sp.Basic) -> int:
            if node.is_Symbol:
                raise Unsupported(f"the symbol {node} is not one of the variables")
            if node.is_Number or node in (sp.pi, sp.E):
                value = _number(sp.sympify(node))
                return emit(lambda: value)
            if isinstance(node, sp.Add):
                return fold(add, node.args)
            if isinstance(node, sp.Mul):
                if node.args[0] == -1:
                    return emit(neg, visit(sp.Mul(*node.args[1:])))
                return fold(mul, node.args)
            if isinstance(node, sp.Pow):
                base, exponent = node.args
                if exponent.is_Integer:
                    n = int(exponent)
                    return emit(lambda a: power_int(a, n), visit(base))
                if exponent.is_Rational:
                    p, q = int(exponent.p), int(exponent.q)
                    return emit(lambda a: power_rational(a, p, q), visit(base))
                return emit(power, visit(base), visit(exponent))
            kind = type(node)
            if kind in _UNARY and len(node.args) == 1:
                return emit(_UNARY[kind], visit(node.args[0]))
            if kind in _BINARY and len(node.args) >= 2:
                return fold(_BINARY[kind], node.args)
            name = getattr(kind, "__name__", str(kind))
            raise Unsupported(f"no interval version of {name}")

        try:
            outputs = [visit(sp.sympify(expr)) for expr in exprs]
        except RecursionError as error:
            raise Unsupported("expression too deep") from error
        return cls(len(symbols), steps, outputs)

    def evaluate(self, inputs: Sequence[Enclosure]) -> list[Enclosure]:
        """Enclosures of the outputs over the box ``inputs`` (one per symbol); raises :class:`Undefined`."""
        registers = list(inputs)
        try:
            for operation, operands in self.steps:
                registers.append(operation(*(registers[i] for i in operands)))
        except Undefined:
            raise
        except (ArithmeticError, ValueError, OverflowError) as error:  # mpmath's ComplexResult is a ValueError
            raise Undefined(f"interval evaluation failed: {error}") from error
        return [registers[i] for i in self.outputs]


def constant(value: sp.Expr) -> Enclosure:
    """An enclosure of an exact SymPy number (integers, rationals, binary floats, pi, E and functions of them).

    >>> third = constant(sp.Rational(1, 3))
    >>> third.contains_zero(), third.lower() <= 1 / 3 <= third.upper()
    (False, True)
    >>> constant(sp.log(sp.pi)).positive(), constant(2 - sp.E).negative()
    (True, True)
    """
    [result] = Program.compile([value], []).evaluate([])
    return result
