"""Evaluate a claim's sides at exact points with mpmath, at a chosen number of digits.

Integer parameters (``n``, category indices) are substituted first, so sums over ``1..n``
expand to explicit terms; the expression is then compiled once into nested mpmath calls
(a table from SymPy classes to evaluators, nothing generated as code) and evaluated at
many points. Points are exact fractions, so the same point can be re-evaluated at any
precision: that is how a counterexample is re-checked before it is reported. An
expression the table does not cover falls back to SymPy's own ``evalf``.

>>> import sympy as sp
>>> from fractions import Fraction
>>> x = sp.Symbol("x", positive=True)
>>> evaluator = Evaluator()
>>> value = evaluator.value(sp.log(x) - x + 1, {}, {"x": Fraction(1, 2)}, digits=30)
>>> mpmath.nstr(value, 12)
'-0.193147180560'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

import mpmath
import sympy as sp

from ..engine.obligations import Relation
from ..errors import UndefinedValueError
from ..formulas.special import xlogy

__all__ = ["EXACT_MAX_DIGITS", "EXACT_MAX_EXPONENT", "MAX_EXPONENT_ARGUMENT", "Evaluator", "NotRealError"]


class NotRealError(UndefinedValueError):
    """A side's value at a point is a complex number, not a real one (``log(-2)``)."""


Environment = Mapping[str, Any]
Compiled = Callable[[Environment], Any]


MAX_EXPONENT_ARGUMENT = 2**17  # exp(x) is evaluated for |x| up to this; larger values are out of range
EXACT_MAX_DIGITS = 6000  # the most digits SymPy's evalf may use to resolve a cancellation
#: SymPy's exact evalf is not tried where an exponential's argument exceeds this (e^5000 ~ 10^2171): there
#: it raises its precision to the exponent's size (minutes for e^100000, where 1e5 - lse(z) cancels).
EXACT_MAX_EXPONENT = 5000
_RESOLVED_BITS = 16  # a Float with fewer bits of precision is an unresolved zero
SIMPLIFY_MAX_BITS = 40  # an exact zero is looked for only at points whose numbers have at most this many bits


class _Unsupported(Exception):
    """The compiler's table does not cover this expression; SymPy's evalf is used instead."""


def _number(value: sp.Rational) -> Compiled:
    p, q = int(value.p), int(value.q)
    if q == 1:
        return lambda env: mpmath.mpf(p)
    rounded: dict[int, Any] = {}  # p / q rounded at each working precision, computed once for each

    def number(env: Environment) -> Any:
        precision = mpmath.mp.prec
        if precision not in rounded:
            rounded[precision] = mpmath.mpf(p) / q
        return rounded[precision]

    return number


def _fold(parts: list[Compiled], multiply: bool) -> Compiled:
    if multiply:

        def product(env: Environment) -> Any:
            result = parts[0](env)
            for part in parts[1:]:
                result = result * part(env)
            return result

        return product
    return lambda env: mpmath.fsum([part(env) for part in parts])


def _exp(value: Any) -> Any:
    """``exp`` for arguments up to ``MAX_EXPONENT_ARGUMENT`` (mpmath slows down without bound beyond)."""
    if abs(mpmath.re(value)) > MAX_EXPONENT_ARGUMENT:
        raise UndefinedValueError("beyond the evaluated range")
    return mpmath.exp(value)


def _general_power(base: Any, exponent: Any) -> Any:
    if base != 0 and abs(mpmath.re(exponent * mpmath.log(base))) > MAX_EXPONENT_ARGUMENT:
        raise UndefinedValueError("beyond the evaluated range")
    return mpmath.power(base, exponent)


def _power(base: Compiled, exponent: sp.Expr) -> Compiled:
    if exponent == sp.S.Half:
        return lambda env: mpmath.sqrt(base(env))
    if exponent.is_Integer:
        k = int(exponent)
        return lambda env: base(env) ** k
    power = _compile(exponent)
    return lambda env: _general_power(base(env), power(env))


def _xlogy(x: Compiled, y: Compiled) -> Compiled:
    def evaluate(env: Environment) -> Any:
        first = x(env)
        return mpmath.mpf(0) if first == 0 else first * mpmath.log(y(env))

    return evaluate


_FUNCTIONS: Mapping[type, Callable[..., Any]] = {
    sp.exp: _exp,
    sp.log: mpmath.log,
    sp.Abs: abs,
    sp.sign: mpmath.sign,
}


def _compile(expr: sp.Basic) -> Compiled:
    if isinstance(expr, (sp.Symbol, sp.Indexed)):
        name = str(expr)
        return lambda env: env[name]
    if expr.is_Rational:
        return _number(expr)
    if expr is sp.pi:
        return lambda env: +mpmath.pi
    if expr is sp.E:
        return lambda env: +mpmath.e
    if isinstance(expr, sp.Add):
        return _fold([_compile(arg) for arg in expr.args], multiply=False)
    if isinstance(expr, sp.Mul):
        return _fold([_compile(arg) for arg in expr.args], multiply=True)
    if isinstance(expr, sp.Pow):
        return _power(_compile(expr.base), expr.exp)
    if isinstance(expr, xlogy):
        return _xlogy(_compile(expr.args[0]), _compile(expr.args[1]))
    if isinstance(expr, (sp.Max, sp.Min)):  # max(z) at a number of entries
        parts, pick = [_compile(arg) for arg in expr.args], max if isinstance(expr, sp.Max) else min
        return lambda env: pick(part(env) for part in parts)
    function = _FUNCTIONS.get(type(expr))
    if function is not None and len(expr.args) == 1:
        argument = _compile(expr.args[0])
        return lambda env: function(argument(env))
    raise _Unsupported(type(expr).__name__)


def _exact_values(expr: sp.Basic, values: Mapping[str, Fraction]) -> dict[sp.Basic, sp.Rational]:
    """The point's exact values for the variables of ``expr`` (scalars and vector entries)."""
    variables = [v for v in (*expr.free_symbols, *expr.atoms(sp.Indexed)) if str(v) in values]
    return {v: sp.Rational(values[str(v)].numerator, values[str(v)].denominator) for v in variables}


def _fallback(expr: sp.Basic) -> Compiled:
    """SymPy's evalf at the current mpmath precision, for what the table does not cover."""

    def evaluate(env: Environment) -> Any:
        digits = mpmath.mp.dps
        result = expr.evalf(digits, subs=_exact_values(expr, env["exact"]))
        if result.is_comparable is not True:
            real, imaginary = result.as_real_imag()
            if not ((real.is_Float and imaginary.is_Float) or imaginary == 0):
                raise UndefinedValueError(f"no value ({result})")
            return mpmath.mpc(mpmath.mpf(sp.Float(real, digits)), mpmath.mpf(sp.Float(imaginary, digits)))
        return mpmath.mpf(sp.Float(result, digits))

    return evaluate


def _expand_sum(total: sp.Sum | sp.Product) -> sp.Basic:
    """A sum (product) with integer limits as explicit terms (factors), innermost limit first."""
    expanded = total.function
    combine = sp.Add if isinstance(total, sp.Sum) else sp.Mul
    for index, low, high in total.limits:
        if not (low.is_Integer and high.is_Integer):
            return total
        expanded = combine(*(expanded.xreplace({index: sp.Integer(k)}) for k in range(int(low), int(high) + 1)))
    return expanded


def _instantiate(expr: sp.Basic, integers: Mapping[sp.Basic, int]) -> sp.Basic:
    """Substitute the integer parameters and expand the now finite sums and the derivatives."""
    expr = sp.sympify(expr).xreplace({symbol: sp.Integer(value) for symbol, value in integers.items()})
    if expr.has(sp.Derivative):
        expr = expr.replace(lambda e: isinstance(e, sp.Derivative), lambda e: e.doit())
    if not expr.has(sp.Sum, sp.Product):
        return expr
    return expr.replace(lambda e: isinstance(e, (sp.Sum, sp.Product)), _expand_sum)


def _real(value: Any, digits: int) -> Any:
    """The real value, or :class:`UndefinedValueError` for a complex one.

    An imaginary part counts as rounding only when it is tiny relative to the value itself: ``sqrt(-1e-300)``
    is ``1e-150 i``, purely imaginary, however small.
    """
    if isinstance(value, mpmath.mpc):
        if value.imag != 0 and abs(value.imag) > mpmath.mpf(10) ** (10 - digits) * abs(value):
            raise NotRealError("complex value")
        value = value.real
    if not isinstance(value, mpmath.mpf):
        value = mpmath.mpf(value)
    if not mpmath.isfinite(value):
        raise UndefinedValueError("not a finite number")
    return value


class Evaluator:
    """Compiles each (expression, integer parameters) once and evaluates it at exact points."""

    def __init__(self) -> None:
        self._cache: dict[tuple[int, frozenset[tuple[sp.Basic, int]]], tuple[sp.Basic, sp.Basic, Compiled, bool]] = {}
        # the last point's values as mpmath numbers: (its values, the digits, the numbers); the sides and the
        # conditions of one point are evaluated one after another at the same precision
        self._last: tuple[Mapping[str, Fraction], int, dict[str, Any]] | None = None

    def _environment(self, values: Mapping[str, Fraction], digits: int) -> dict[str, Any]:
        """The point's values as mpmath numbers at the current precision (``digits``), converted once per point."""
        last = self._last
        if last is not None and last[0] is values and last[1] == digits:  # the very same mapping, kept alive here
            return last[2]
        env: dict[str, Any] = {s: mpmath.mpf(v.numerator) / v.denominator for s, v in values.items()}
        self._last = (values, digits, env)
        return env

    def _entry(self, expr: sp.Basic, integers: Mapping[sp.Basic, int]) -> tuple[sp.Basic, sp.Basic, Compiled, bool]:
        key = (id(expr), frozenset(integers.items()))
        if key not in self._cache:
            concrete = _instantiate(expr, integers)
            try:
                self._cache[key] = (expr, concrete, _compile(concrete), False)
            except _Unsupported:
                self._cache[key] = (expr, concrete, _fallback(concrete), True)
        return self._cache[key]

    def value(
        self, expr: sp.Basic, integers: Mapping[sp.Basic, int], values: Mapping[str, Fraction], digits: int
    ) -> Any:
        """The real value of ``expr`` (a finite mpf) at the point.

        Raises :class:`~symbolic_info.errors.UndefinedValueError` where it has none.
        """
        _, _, compiled, fallback = self._entry(expr, integers)
        with mpmath.workdps(digits):
            env = self._environment(values, digits)
            if fallback:
                env = {**env, "exact": values}
            try:
                return +_real(compiled(env), digits)
            except (ZeroDivisionError, ValueError, OverflowError, KeyError) as error:
                raise UndefinedValueError(f"{type(error).__name__}") from None

    def exactly_violated(
        self,
        relation: Any,
        integers: Mapping[sp.Basic, int],
        values: Mapping[str, Fraction],
        tolerance: sp.Rational | None,
    ) -> bool:
        """Whether ``relation`` fails at the exact point, by SymPy's evalf with adaptive precision.

        ``evalf`` raises its working precision where terms cancel (up to ``EXACT_MAX_DIGITS``; not tried at
        all beyond an exponential of ``EXACT_MAX_EXPONENT``, where the precision grows with it). When
        it still cannot tell the difference of the sides from 0, the sides count as equal only if
        SymPy simplifies the exact difference to 0 (then ``<`` and ``>`` fail); otherwise nothing is
        confirmed. So only a difference known to 30 digits, or an exact equality, refutes.
        """
        difference = self._entry(relation.left, integers)[1] - self._entry(relation.right, integers)[1]
        if relation.relation is Relation.APPROX:
            difference = sp.Abs(difference) - tolerance
        exact = _exact_values(difference, values)
        try:  # exact arithmetic first (evalf's own substitution can report 1e-20248 for an exact zero)
            at_point = difference.xreplace(exact)
            if _huge_exponent(at_point):  # not confirmed: the point is left, the search goes on
                return False
            value = at_point if at_point.is_Rational else at_point.evalf(30, maxn=EXACT_MAX_DIGITS)
            real, imaginary = value.as_real_imag()
        except (ValueError, TypeError, ArithmeticError, KeyError, RecursionError):
            return False
        if not (real.is_number and imaginary.is_number):
            return False
        if imaginary != 0 and (not isinstance(imaginary, sp.Float) or imaginary._prec >= _RESOLVED_BITS):
            return False  # a complex value: no real counterexample here
        unresolved = isinstance(real, sp.Float) and real != 0 and real._prec < _RESOLVED_BITS
        if not (real == 0 or unresolved or real.is_comparable):
            return False
        kind = relation.relation
        if kind is Relation.NE:  # violated only where the sides are exactly equal
            return (real == 0 or unresolved) and _exactly_zero(difference, exact)
        if kind in (Relation.LT, Relation.GT):
            if real == 0 or unresolved:
                return _exactly_zero(difference, exact)
            return bool(real > 0 if kind is Relation.LT else real < 0)
        if real == 0 or unresolved:
            return False
        violations = {Relation.EQ: real != 0, Relation.APPROX: real > 0, Relation.LE: real > 0, Relation.GE: real < 0}
        return bool(violations[kind])


def _huge_exponent(expression: sp.Basic) -> bool:
    """Whether an exponential in ``expression`` (an exact point) has an argument beyond :data:`EXACT_MAX_EXPONENT`."""
    for power in expression.atoms(sp.exp):
        argument = power.args[0]
        if argument.is_number and abs(sp.re(argument.evalf(15))) > EXACT_MAX_EXPONENT:
            return True
    return False


def _exactly_zero(difference: sp.Basic, exact: Mapping[sp.Basic, sp.Rational]) -> bool:
    """Whether SymPy shows that ``difference`` is exactly 0 at the exact point (False when it cannot tell).

    Only tried at a point of short numbers (:data:`SIMPLIFY_MAX_BITS`): ``exp(a/2**65)`` and
    ``exp(b/2**65)`` are powers of one ``exp(1/2**65)`` to SymPy, whose polynomial algorithms then
    take hours. Not trying confirms nothing, so no counterexample is claimed there.
    """
    at_point = difference.xreplace(dict(exact))
    if any(max(abs(r.p), r.q).bit_length() > SIMPLIFY_MAX_BITS for r in at_point.atoms(sp.Rational)):
        return False
    try:
        return bool(sp.simplify(at_point) == 0)
    except (ValueError, TypeError, ArithmeticError, RecursionError):
        return False
