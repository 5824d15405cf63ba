"""The claim language's operators that bind a name: ``diff``, ``limit``, ``E``, ``sum``, ``prod``.

``diff(expr, x)`` and ``limit(expr, x, a)`` bind their variable; ``sum(expr, i)`` and ``prod(expr, i)``
bind their index, which runs over the categories ``1..n`` (:data:`COUNT_NAME`); ``E(p, expr)`` is the sum
``sum(p*(expr))`` over the categories drawn from ``p``. Their entries are part of
:data:`.language.FUNCTIONS`; SymPy builds each (``Sum``, ``Product``, ``diff``, ``limit``).

>>> [function.name for function in OPERATOR_FUNCTIONS]
['diff', 'limit', 'E', 'sum', 'prod']
"""

from __future__ import annotations

import sympy as sp

from ..errors import InvalidArgumentError
from .entries import Function, Kind, LatexArguments, LatexInput, LatexReading

__all__ = ["COUNT_NAME", "OPERATOR_FUNCTIONS", "SAMPLE_SIZE_NAME"]

#: The number of categories, an integer >= 2.
COUNT_NAME = "n"
#: The same number written as a sample's size, ``N`` (a claim writes one or the other; see :mod:`.syntax`).
SAMPLE_SIZE_NAME = "N"


def _summation(summand: sp.Expr, index: sp.Symbol, count: sp.Expr) -> sp.Expr:
    """``sum(summand, index)`` over ``index = 1..count``."""
    return sp.Sum(summand, (index, 1, count))


def _product(factor: sp.Expr, index: sp.Symbol, count: sp.Expr) -> sp.Expr:
    """``prod(factor, index)`` over ``index = 1..count``."""
    return sp.Product(factor, (index, 1, count))


def _derivative(expression: sp.Expr, variable: sp.Symbol, order: int) -> sp.Expr:
    """The ``order``-th derivative of ``expression`` in ``variable``."""
    return sp.diff(expression, variable, order)


def _limit(expression: sp.Expr, variable: sp.Symbol, point: sp.Expr, side: str) -> sp.Expr:
    """The limit of ``expression`` as ``variable`` tends to ``point`` from ``side`` (``+``, ``-``, or ``+-``: both),
    by SymPy's ``limit``; refused where SymPy finds none (it does not exist, or SymPy cannot tell)."""
    if point in (sp.oo, -sp.oo):
        side = "-" if point is sp.oo else "+"
    try:
        value = sp.limit(expression, variable, point, side)
    except (ValueError, NotImplementedError) as error:  # the two sides differ; or SymPy cannot decide
        raise InvalidArgumentError(f"SymPy finds no limit here: {error}") from None
    if value.has(sp.Limit, sp.AccumBounds, sp.zoo, sp.nan, variable):
        raise InvalidArgumentError(f"SymPy finds no limit here (it gives {value})")
    return value


def _derivative_latex(arguments: LatexArguments) -> str:
    variable = arguments.latex(1)
    d = r"\partial" if "_{" in variable else "d"  # a partial derivative in an entry z_k (or in x_1)
    if len(arguments) == 3:
        order = arguments.latex(2)
        return rf"\frac{{{d}^{{{order}}}}}{{{d} {variable}^{{{order}}}}}{arguments.operand(0)}"
    return rf"\frac{{{d}}}{{{d} {variable}}}{arguments.operand(0)}"


def _limit_latex(arguments: LatexArguments) -> str:
    side = f"^{{{arguments.latex(3)}}}" if len(arguments) == 4 else ""
    return rf"\lim_{{{arguments.latex(1)} \to {arguments.latex(2)}{side}}} {arguments.factor(0)}"


def _expectation_latex(arguments: LatexArguments) -> str:
    over = arguments.latex(0) if len(arguments) == 2 else rf"{arguments.latex(2)} \sim {arguments.latex(0)}"
    return rf"\mathbb{{E}}_{{{over}}}\left[{arguments.latex(1)}\right]"


_R = LatexReading

#: The table's entries for the operators that bind a name (:data:`.language.FUNCTIONS` includes them).
OPERATOR_FUNCTIONS = (
    Function(
        "diff",
        (2, 3),
        "diff(expr, x) derivative, diff(expr, x, k) k-th derivative; diff(expr, z[k]) partial, in an entry",
        example="diff(diff(x**3, x), x) = diff(x**3, x, 2)",
        kind=Kind.DERIVATIVE,
        builder=_derivative,
        latex=_derivative_latex,
        latex_input=(
            LatexInput(
                r"\frac",
                _R.DERIVATIVE,
                (
                    r"\frac{d}{dx} x^3",
                    r"\frac{d^2}{dx^2} x^3",
                    r"\frac{d}{d \theta} \theta^2",
                    r"\frac{\partial}{\partial x} x",
                ),
            ),
            LatexInput(r"\dfrac", _R.DERIVATIVE, (r"\dfrac{d}{dz} \sigma(z)",)),
            LatexInput(r"\tfrac", _R.DERIVATIVE, (r"\tfrac{d}{dz} z^2",)),
        ),
    ),
    Function(
        "limit",
        (3, 4),
        "limit(expr, x, a) as x -> a (a may be oo or -oo); limit(expr, x, a, '+') from above, '-' from below",
        example="limit(x*log(x), x, 0, '+') = limit(exp(-x), x, oo)",
        kind=Kind.LIMIT,
        builder=_limit,
        latex=_limit_latex,
        latex_input=(
            LatexInput(
                r"\lim",
                _R.LIMIT,
                (r"\lim_{x \to 0^+} x \log x", r"\lim_{z \to \infty} \sigma(z)", r"\lim_{x \to 1^{-}} \log x"),
            ),
        ),
    ),
    Function(
        "E",
        (2, 3),
        "E(p, expr): the expectation over the categories drawn from p, expr entry by entry; E(p, f, i): f in i",
        example="E(p, -log(p)) = E(p, -log(p[k]), k)",
        kind=Kind.EXPECTATION,
        builder=_summation,
        latex=_expectation_latex,
        latex_input=(
            LatexInput(
                r"\mathbb",
                _R.EXPECTATION,
                (
                    r"\mathbb{E}_{p}\left[-\log p\right]",
                    r"\mathbb{E}_p[\log p - \log q]",
                    r"\mathbb{E}_{i \sim p}[q_i]",
                ),
            ),
        ),
    ),
    Function(
        "sum",
        (2,),
        "sum(expr, i) over i = 1..n; sum(expr) over the entries of the vectors in expr",
        example="sum(p[j]*q[j], j) <= 1",
        kind=Kind.SUM,
        builder=_summation,
        latex=lambda a: rf"\sum_{{{a.latex(1)}=1}}^{{{a.count}}} {a.factor(0)}",
        latex_input=(
            LatexInput(
                r"\sum",
                _R.BIG_OPERATOR,
                (r"\sum_{i=1}^{n} p_i", r"\sum_j p_j q_j", r"\sum_{i=1}^{n} \left(p_{i} + q_{i}\right)"),
            ),
        ),
    ),
    Function(
        "prod",
        (2,),
        "prod(expr, i): the product over i = 1..n (a likelihood); prod(expr) over the entries of the vectors",
        example="log(prod(q[i]**p[i], i)) = -H(p, q)",
        kind=Kind.SUM,
        builder=_product,
        latex=lambda a: rf"\prod_{{{a.latex(1)}=1}}^{{{a.count}}} {a.factor(0)}",
        latex_input=(LatexInput(r"\prod", _R.BIG_OPERATOR, (r"\prod_{i=1}^{n} q_i^{p_i}", r"\prod_j e^{z_j}")),),
    ),
)
