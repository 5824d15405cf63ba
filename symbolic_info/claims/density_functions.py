"""The claim language's continuous distributions: ``normal(mu, sigma)``, ``uniform(a, b)``, ``exponential(lam)``.

A distribution is an argument of ``h`` (the differential entropy), ``KL`` and ``H`` (their continuous
forms, for two distributions of one family), never a number itself. ``normal`` takes the standard
deviation, as NumPy and SciPy do; its LaTeX form ``\\mathcal{N}(\\mu, \\sigma^2)`` takes the variance, as
textbooks write it. The closed forms are those of :mod:`symbolic_info.formulas.densities`; each
distribution's parameters must define one (``sigma > 0``, ``a < b``, ``lam > 0``): the translator adds
those conditions to the claim.

>>> from symbolic_info import check
>>> check("h(normal(0, 1)) = log(2*pi*e)/2").verdict
'proved'
"""

from __future__ import annotations

import re

import sympy as sp

from ..errors import InvalidArgumentError
from ..formulas import densities
from ..formulas.densities import Density
from .entries import Function, Kind, LatexArguments, LatexInput, LatexReading

__all__ = ["DENSITY_FUNCTIONS", "continuous_cross_entropy", "continuous_kl", "integrated"]

_SIMPLE = re.compile(r"^(\\?[A-Za-z]+|\d+|\\mathit\{\w+\}|[A-Za-z]_\{\w+\})$")  # a name: \sigma, s_{1}, \mathit{s1}


def _squared(latex: str) -> str:
    """``latex`` squared: ``\\sigma^{2}``, ``\\mathit{s1}^{2}``, ``\\left(2 s\\right)^{2}``."""
    return f"{latex}^{{2}}" if _SIMPLE.match(latex) else rf"\left({latex}\right)^{{2}}"


def _normal_latex(arguments: LatexArguments) -> str:
    return rf"\mathcal{{N}}\left({arguments.latex(0)}, {_squared(arguments.latex(1))}\right)"


def continuous_kl(first: Density, second: Density) -> sp.Expr:
    """``KL`` of two continuous distributions (:func:`.densities.kl_divergence`)."""
    return densities.kl_divergence(first, second)


def continuous_cross_entropy(first: Density, second: Density | None = None) -> sp.Expr:
    """``H(f, g)`` of two continuous distributions; ``H(f)`` alone is refused (it is ``h(f)``)."""
    if second is None:
        raise InvalidArgumentError("the entropy of a continuous distribution is the differential entropy: write h(...)")
    return densities.cross_entropy(first, second)


def integrated(integrand: sp.Expr, variable: sp.Symbol, low: sp.Expr, high: sp.Expr) -> sp.Expr:
    """``integral of integrand d variable`` from ``low`` to ``high``, by SymPy; refused where it has no value."""
    try:
        value = sp.integrate(integrand, (variable, low, high))
    except (ValueError, NotImplementedError, TypeError) as error:
        raise InvalidArgumentError(f"SymPy cannot integrate this: {error}") from None
    if value.has(sp.Piecewise):
        raise InvalidArgumentError(
            "not supported: SymPy's value of this integral holds only under a condition on the parameters "
            "(the claim's conditions are not seen while integrating); give the parameters numbers"
        )
    if value.has(sp.Integral):
        raise InvalidArgumentError("SymPy finds no closed form for this integral")
    if value.has(sp.zoo, sp.nan):
        raise InvalidArgumentError(f"the integral has no value (SymPy gives {value})")
    return value


def _integral_latex(arguments: LatexArguments) -> str:
    bounds = f"_{{{arguments.latex(2)}}}^{{{arguments.latex(3)}}}"
    return rf"\int{bounds} {arguments.factor(0)} \, d{arguments.latex(1)}"


_R = LatexReading

#: The table's entries for the continuous distributions and the differential entropy.
DENSITY_FUNCTIONS = (
    Function(
        "h",
        (1,),
        "h(d): the differential entropy of a continuous distribution d (nats); can be negative",
        example="h(normal(mu, sigma)) = log(2*pi*e*sigma**2)/2",
        kind=Kind.DENSITIES,
        builder=densities.differential_entropy,
        latex=lambda a: rf"h\left({a.latex(0)}\right)",
        latex_input=(LatexInput("h", _R.ARGUMENTS, (r"h(\mathcal{N}(0, 1))", r"h\left(\mathcal{U}(0, 2)\right)")),),
    ),
    Function(
        "normal",
        (2,),
        "normal(mu, sigma): the normal distribution, standard deviation sigma > 0 (LaTeX: the variance)",
        example="KL(normal(m, s), normal(m, s)) = 0",
        kind=Kind.DENSITY,
        builder=densities.normal,
        latex=_normal_latex,
        latex_input=(LatexInput("N", _R.VARIANCE, (r"h(\mathcal{N}(\mu, \sigma^2))", r"h(\mathcal{N}(0, 4))")),),
    ),
    Function(
        "uniform",
        (2,),
        "uniform(a, b): the uniform distribution on [a, b], a < b",
        example="h(uniform(0, 1/2)) < 0",
        kind=Kind.DENSITY,
        builder=densities.uniform,
        latex=lambda a: rf"\mathcal{{U}}\left({a.latex(0)}, {a.latex(1)}\right)",
        latex_input=(LatexInput("U", _R.ARGUMENTS, (r"h(\mathcal{U}(a, b))", r"h(\mathcal{U}(0, 1))")),),
    ),
    Function(
        "exponential",
        (1,),
        "exponential(lam): the exponential distribution with rate lam > 0",
        example="h(exponential(lam)) = 1 - log(lam)",
        kind=Kind.DENSITY,
        builder=densities.exponential,
        latex=lambda a: rf"\operatorname{{Exp}}\left({a.latex(0)}\right)",
        latex_input=(LatexInput("Exp", _R.ARGUMENTS, (r"h(\operatorname{Exp}(\lambda))", r"h(\mathrm{Exp}(2))")),),
    ),
    Function(
        "integrate",
        (4,),
        "integrate(f, x, a, b): the integral of f over x from a to b (-oo and oo allowed), by SymPy",
        example="integrate(exp(-x), x, 0, oo) = 1",
        kind=Kind.INTEGRAL,
        builder=integrated,
        latex=_integral_latex,
        latex_input=(
            LatexInput(r"\int", _R.INTEGRAL, (r"\int_0^1 x^2 \, dx", r"\int_{-\infty}^{\infty} e^{-t^2} \, dt")),
        ),
    ),
)
