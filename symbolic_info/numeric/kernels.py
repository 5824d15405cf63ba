"""The one lambdify pipeline: SymPy expressions into NumPy functions, first of all the stable forms.

:func:`lambdify_numpy` turns any expression of the formulas into NumPy code (the 0 log 0 convention
of ``xlogy`` kept, ``Piecewise`` as nested ``where``); the numeric functions, the gradients and the
book's figures all go through it. :func:`kernel` is that pipeline applied, once each, to the stable
forms of :mod:`symbolic_info.formulas.stable`; :func:`mpmath_kernel` the same forms for mpmath.

The kernels are elementwise: a reduction (``np.sum``, ``np.dot``) is applied to their output by the
callers. They use only NumPy ufuncs and ``np.where``/``np.select``, so NumPy's dispatch protocols
carry them over to other array libraries (dask) unchanged. A ``Sum`` over an ``IndexedBase`` is
never lambdified: it would become a Python loop.

>>> import numpy as np
>>> float(kernel("log_sigmoid")(np.float64(-800.0)))
-800.0
>>> float(kernel("sigmoid")(np.float64(0.0)))
0.5
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import cache
from types import MappingProxyType
from typing import Any

import numpy as np
import sympy as sp
from sympy.codegen.cfunctions import expm1
from sympy.printing.numpy import NumPyPrinter
from sympy.printing.pycode import PythonCodePrinter

from ..errors import InvalidArgumentError
from ..formulas import stable
from ..formulas.special import MPMATH_FUNCTIONS

__all__ = [
    "AUXILIARY",
    "FORMS",
    "SYMBOLS",
    "kernel",
    "lambdify_numpy",
    "lambdify_termwise",
    "math_kernel",
    "mpmath_kernel",
    "numpy_xlog1py",
    "numpy_xlogy",
]

_z, _y, _p, _q = sp.symbols("z y p q", real=True)
_shifted, _rest = sp.symbols("d s", real=True)
_total, _u = sp.symbols("t u", real=True)
_w, _a, _b, _gap, _expm1 = sp.symbols("w a b g e", real=True)

#: The symbols each kernel takes, in order (real symbols: the kernels are lambdified for any real input).
SYMBOLS: Mapping[str, tuple[sp.Symbol, ...]] = MappingProxyType(
    {
        "sigmoid": (_z,),
        "log_sigmoid": (_z,),
        "logistic_loss": (_z, _y),
        "log_softmax": (_shifted, _rest),
        "softmax": (_shifted, _rest),
        "softmax_cross_entropy_term": (_y, _shifted, _rest),
        "entropy_term": (_p,),
        "cross_entropy_term": (_p, _q),
        "binary_entropy": (_p,),
        "binary_cross_entropy": (_y, _q),
        "kl_term": (_p, _q),
        "weighted_logistic_loss": (_z, _y, _w),
        "weighted_binary_cross_entropy": (_y, _q, _w),
        "kl_term_from_logs": (_a, _b),
        "cross_entropy_term_from_logs": (_p, _b),
    }
)


def _form(name: str) -> sp.Expr:
    builders: dict[str, Callable[..., sp.Expr]] = {
        "sigmoid": stable.sigmoid,
        "log_sigmoid": stable.log_sigmoid,
        "logistic_loss": stable.logistic_loss,
        "log_softmax": stable.log_softmax,
        "softmax": stable.softmax,
        "softmax_cross_entropy_term": stable.softmax_cross_entropy_term,
        "entropy_term": stable.entropy_term,
        "cross_entropy_term": stable.cross_entropy_term,
        "binary_entropy": stable.binary_entropy,
        "binary_cross_entropy": stable.binary_cross_entropy,
        "kl_term": lambda p, q: stable.kl_term(p, q, _total, _u, terms=stable.KL_SERIES_TERMS),
        "weighted_logistic_loss": stable.weighted_logistic_loss,
        "weighted_binary_cross_entropy": stable.weighted_binary_cross_entropy,
        "kl_term_from_logs": lambda a, b: stable.kl_term_from_logs(
            _p, _q, _gap, _total, _u, terms=stable.KL_SERIES_TERMS
        ),
        "cross_entropy_term_from_logs": stable.cross_entropy_term_from_logs,
    }
    return builders[name](*SYMBOLS[name])


#: Intermediate values a kernel computes once, in order: ``t = p + q`` and ``u = (q - p)/t`` for the KL term;
#: for the KL term from logarithms ``p = e^a``, ``q = e^b``, ``g = b - a``, ``e = expm1(g)``, ``u = e/(2 + e)``.
AUXILIARY: Mapping[str, tuple[tuple[sp.Symbol, sp.Expr], ...]] = MappingProxyType(
    {
        "kl_term": ((_total, _p + _q), (_u, (_q - _p) / _total)),
        "kl_term_from_logs": (
            (_p, sp.exp(_a)),
            (_q, sp.exp(_b)),
            (_gap, _b - _a),
            (_expm1, expm1(_gap)),
            (_u, _expm1 / (2 + _expm1)),
            (_total, _p + _q),
        ),
    }
)


#: Every lambdified form by name, as the SymPy expression the kernel evaluates.
FORMS: Mapping[str, sp.Expr] = MappingProxyType({name: _form(name) for name in SYMBOLS})


def numpy_xlogy(x: Any, y: Any) -> Any:
    """``x*log(y)``, 0 where ``x == 0`` (NumPy ufuncs and ``np.where`` only)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(x == 0, 0.0, x * np.log(y))


def numpy_xlog1py(x: Any, y: Any) -> Any:
    """``x*log1p(y)``, 0 where ``x == 0``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(x == 0, 0.0, x * np.log1p(y))


_NUMPY_FUNCTIONS = MappingProxyType({"xlogy": numpy_xlogy, "xlog1py": numpy_xlog1py})


class _KernelPrinter(NumPyPrinter):
    """NumPy code with ``Piecewise`` as nested ``where`` and ``And`` as ``logical_and``: what dask dispatches too."""

    def _print_Piecewise(self, expr: sp.Piecewise) -> str:
        *branches, (last, condition) = expr.args
        if condition != sp.true:
            raise InvalidArgumentError("a kernel's Piecewise must end with an otherwise branch")
        code = str(self._print(last))
        for value, test in reversed(branches):
            code = f"{self._module_format('numpy.where')}({self._print(test)}, {self._print(value)}, {code})"
        return code

    def _print_And(self, expr: sp.And) -> str:
        first, *rest = (str(self._print(arg)) for arg in expr.args)
        for term in rest:
            first = f"{self._module_format('numpy.logical_and')}({first}, {term})"
        return first


#: A ``cse`` setting for lambdify: SymPy's elimination (True), none (False), or a function doing it.
Elimination = bool | Callable[[sp.Expr], tuple[list[tuple[sp.Symbol, sp.Expr]], sp.Expr]]


def lambdify_numpy(
    symbols: Sequence[sp.Basic], expression: sp.Basic, *, cse: Elimination = False
) -> Callable[..., Any]:
    """A vectorised NumPy function of ``symbols`` computing ``expression``.

    NumPy ufuncs, ``where`` and ``logical_and`` only (so dask arrays pass through lazily), with the
    package's ``xlogy`` and ``xlog1py`` (``0 log 0 = 0``). ``cse`` eliminates common subexpressions.

    >>> x = sp.Symbol("x")
    >>> lambdify_numpy([x], 2 * x)(np.array([1.0, 2.0])).tolist()
    [2.0, 4.0]
    """
    function: Callable[..., Any] = sp.lambdify(
        symbols,
        expression,
        modules=[dict(_NUMPY_FUNCTIONS), "numpy"],
        printer=_KernelPrinter({"fully_qualified_modules": False, "inline": True, "allow_unknown_functions": True}),
        cse=cse,
    )
    return function


def lambdify_termwise(symbols: Sequence[sp.Basic], expression: sp.Basic) -> Callable[..., Any]:
    """``expression`` lambdified term by term, a term that is ``0/0`` (NaN) taken as 0, in float64.

    For a derivative whose terms are a coefficient times a part infinite at an end point (``y/q``
    at ``y = q = 0``): where the coefficient is 0 the term is 0, as in the function it differentiates.

    >>> x, y = sp.symbols("x y")
    >>> with np.errstate(invalid="ignore"):  # 0/0 at the first point
    ...     lambdify_termwise([x, y], x / y + 1)(np.array([0.0, 1.0]), np.array([0.0, 2.0])).tolist()
    [1.0, 1.5]
    """
    terms = [lambdify_numpy(symbols, term) for term in sp.Add.make_args(expression)]

    def termwise(*values: Any) -> Any:
        total: Any = 0.0
        for term in terms:
            value = np.asarray(term(*values), dtype=np.float64)
            total = total + np.where(np.isnan(value), 0.0, value)
        return total

    return termwise


def _auxiliary(name: str) -> Callable[[sp.Expr], tuple[list[tuple[sp.Symbol, sp.Expr]], sp.Expr]]:
    """A ``cse`` hook for lambdify: assign the kernel's intermediate values first, leave the form as written."""
    steps = list(AUXILIARY.get(name, ()))
    return lambda expression: (steps, expression)


class _MathPrinter(PythonCodePrinter):
    """Python code on floats, with ``xlogy``/``xlog1py`` written inline: ``(0.0 if x == 0 else x*log(y))``.

    ``math.log(0)`` raises ``ValueError`` where NumPy gives ``-inf``: the caller takes the NumPy path then.
    """

    def _inline(self, expr: sp.Function, logarithm: str) -> str:
        x, y = (self._print(arg) for arg in expr.args)
        return f"(0.0 if ({x}) == 0 else ({x})*{self._module_format(logarithm)}({y}))"

    def _print_Rational(self, expr: sp.Rational) -> str:
        """A rational as the nearest float (``1/3`` is ``0.3333333333333333``), not a division at every call."""
        return repr(float(expr))

    def _print_Integer(self, expr: sp.Integer) -> str:
        """A huge power of two (a bound of ``p/q``) as a float: comparing a float with a 300-digit int is slow."""
        value = int(expr)
        return repr(float(value)) if abs(value) > 2**53 and float(value) == value else str(value)

    def _print_xlogy(self, expr: sp.Function) -> str:
        return self._inline(expr, "math.log")

    def _print_xlog1py(self, expr: sp.Function) -> str:
        return self._inline(expr, "math.log1p")


def _eliminated(name: str) -> Callable[[sp.Expr], tuple[list[tuple[sp.Symbol, sp.Expr]], sp.Expr]]:
    """The kernel's intermediate values first, then SymPy's common subexpressions (``u**2`` once)."""
    steps = list(AUXILIARY.get(name, ()))

    def eliminate(expression: sp.Expr) -> tuple[list[tuple[sp.Symbol, sp.Expr]], sp.Expr]:
        shared, (reduced,) = sp.cse(expression, symbols=sp.numbered_symbols("c"))
        return steps + shared, reduced

    return eliminate


@cache
def math_kernel(name: str) -> Callable[..., float]:
    """The stable form ``name`` for one set of Python floats (``math``): the small-size path's kernel.

    Where NumPy gives ``inf`` or NaN (a logarithm of 0, a division by 0) it raises ``ValueError``
    or ``ZeroDivisionError``: the caller then takes the NumPy path.

    >>> math_kernel("sigmoid")(0.0)
    0.5
    """
    _checked(name)
    function: Callable[..., float] = sp.lambdify(
        SYMBOLS[name],
        FORMS[name],
        modules="math",
        printer=_MathPrinter({"fully_qualified_modules": False, "inline": True}),
        cse=_eliminated(name),
    )
    return function


def _checked(name: str) -> None:
    if name not in SYMBOLS:
        raise InvalidArgumentError(f"no kernel {name!r}; known: {', '.join(SYMBOLS)}")


@cache
def kernel(name: str) -> Callable[..., Any]:
    """The NumPy function of the stable form ``name`` (lambdified once, then cached)."""
    _checked(name)
    return lambdify_numpy(SYMBOLS[name], FORMS[name], cse=_auxiliary(name))


@cache
def mpmath_kernel(name: str) -> Callable[..., Any]:
    """The same stable form lambdified for mpmath (to compare the fast paths with it at high precision)."""
    _checked(name)
    namespace = dict(MPMATH_FUNCTIONS)
    function: Callable[..., Any] = sp.lambdify(
        SYMBOLS[name], FORMS[name], modules=[namespace, "mpmath"], cse=_auxiliary(name)
    )
    return function
