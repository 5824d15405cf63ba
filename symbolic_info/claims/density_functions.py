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

__all__ = ["DENSITY_FUNCTIONS", "continuous_cross_entropy", "continuous_kl"]

_SIMPLE = re.compile(r"^(\\?[A-Za-z]+|\d+)$")


def _squared(latex: str) -> str:
    """``latex`` squared: ``\\sigma^{2}``, ``\\left(2 s\\right)^{2}``."""
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
)
