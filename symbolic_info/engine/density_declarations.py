"""Densities on the real line as a derivation's variables: an unknown density, and a function given by a formula.

A result about *every* density (``h(cX) = h(X) + log |c|``; the normal density has the largest
entropy of all densities with its variance) is written with ``f`` an undefined SymPy function made
by :func:`density_function`. The prover knows of ``f`` only what its :class:`Density` declaration
gives: ``f(x) > 0`` on the real line, ``int f = 1``, a finite entropy ``int f log f = -h(f)``, and, when
declared, the mean ``int x f = mu`` and the variance ``int x^2 f = sigma^2 + mu^2``
(:mod:`.density_integrals` splits integrals of ``f`` into these). The numeric check draws concrete
densities with the same moments, a different family at successive points: the normal, a mixture of
two normals, the logistic density.

>>> x = sp.Symbol("x", real=True)
>>> f = density_function("f")
>>> mu, sigma = sp.Symbol("mu", real=True), sp.Symbol("sigma", positive=True)
>>> declaration = Density(f, x, mean=mu, variance=sigma**2)
>>> [value for _, value in declaration.facts()]
[1, -h(f), mu, mu**2 + sigma**2]
>>> point = Point(values={mu: mpmath.mpf(1), sigma: mpmath.mpf(2)})
>>> declaration.sample(random.Random(0), point, draw=1)
>>> mpmath.nstr(mpmath.quad(point.functions[f].numeric(), [-mpmath.inf, 1, mpmath.inf]), 15)
'1.0'
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import mpmath
import sympy as sp

from ..errors import DerivationError
from ..formulas.printer import to_latex
from .density_integrals import is_density
from .scalar_declarations import WORKING_DIGITS, Point, SampledFunction, uniform_open

__all__ = ["DefinedFunction", "Density", "density_function"]

_WHOLE_LINE = (sp.S.NegativeInfinity, sp.S.Infinity)


def density_function(name: str) -> Any:
    """An unknown positive density on the real line, named ``name``: an undefined SymPy function.

    >>> f = density_function("f")
    >>> f(sp.Symbol("x")).is_positive
    True
    """
    if not name.isidentifier():
        raise DerivationError(f"a density's name is an identifier such as f or g, got {name!r}")
    return sp.Function(name, positive=True, density=True)


def _short(value: Any) -> str:
    return str(mpmath.nstr(mpmath.mpf(value), 6))


def _normal(x: sp.Symbol, mean: Any, deviation: Any) -> sp.Expr:
    m, s = sp.Float(mean, WORKING_DIGITS), sp.Float(deviation, WORKING_DIGITS)
    return sp.exp(-((x - m) ** 2) / (2 * s**2)) / (sp.sqrt(2 * sp.pi) * s)


@dataclass(frozen=True)
class Density:
    """``function``: an unknown density ``f > 0`` on the real line, in ``variable``, with finite entropy.

    ``mean`` and ``variance`` (optional, expressions in other declared variables) add the facts
    ``int x f = mean`` and ``int x^2 f = variance + mean^2``; a variance needs a mean.
    """

    function: Any
    variable: sp.Symbol
    mean: sp.Expr | None = None
    variance: sp.Expr | None = None
    stage: int = 3

    def __post_init__(self) -> None:
        if not is_density(self.function):
            raise DerivationError(f"Density declares a function made by density_function('f'), got {self.function!r}")
        if not isinstance(self.variable, sp.Symbol) or self.variable.is_real is not True:
            raise DerivationError(
                f"a density's variable is a real symbol (Symbol('x', real=True)), got {self.variable!r}"
            )
        if self.variance is not None and self.mean is None:
            raise DerivationError("a density's variance is declared with its mean (mean=0 for a centred density)")

    @property
    def entropy(self) -> sp.Symbol:
        """``h(f)``: the density's entropy, a finite real number the prover knows nothing else about."""
        return sp.Symbol(f"h({self.function})", real=True)

    def latex(self) -> str:
        f, x = to_latex(self.function(self.variable)), to_latex(self.variable)
        text = rf"{f} > 0 \text{{ a density on }} \mathbb{{R}} \text{{ with finite entropy}}"
        if self.mean is not None:
            text += rf",\ \int {x} {f}\,d{x} = {to_latex(self.mean)}"
        if self.variance is not None:
            assert self.mean is not None
            text += rf",\ \int ({x} - {to_latex(self.mean)})^2 {f}\,d{x} = {to_latex(self.variance)}"
        return text

    def facts(self) -> Iterable[tuple[sp.Basic, sp.Basic]]:
        x = self.variable
        f = self.function(x)
        whole = (x, *_WHOLE_LINE)
        yield sp.Integral(f, whole), sp.S.One
        yield sp.Integral(f * sp.log(f), whole), -self.entropy
        if self.mean is not None:
            yield sp.Integral(x * f, whole), self.mean
        if self.variance is not None:
            assert self.mean is not None
            yield sp.Integral(x**2 * f, whole), sp.expand(self.variance + self.mean**2)

    def sample(self, rng: random.Random, point: Point, draw: int) -> None:
        with mpmath.workdps(WORKING_DIGITS):
            self._draw(rng, point, draw)

    def _draw(self, rng: random.Random, point: Point, draw: int) -> None:
        mean = point.value_of(self.mean) if self.mean is not None else 4 * uniform_open(rng) - 2
        variance = (
            point.value_of(self.variance) if self.variance is not None else mpmath.mpf(1) / 4 + 4 * uniform_open(rng)
        )
        if not variance > 0:
            raise DerivationError(f"a density's variance must be positive, got {mpmath.nstr(variance, 6)}")
        deviation = mpmath.sqrt(variance)
        x = self.variable
        family = draw % 3
        if family == 0:
            form, centres = _normal(x, mean, deviation), [mean]
            description = f"the normal density N({_short(mean)}, {_short(deviation)}^2)"
        elif family == 1:  # w N(m + a, s^2) + (1 - w) N(m + b, s^2): mean m, variance s^2 + share * variance
            weight = mpmath.mpf(1) / 4 + uniform_open(rng) / 2
            share = mpmath.mpf(1) / 5 + 3 * uniform_open(rng) / 5
            above = mpmath.sqrt(share * variance * (1 - weight) / weight)
            below = -above * weight / (1 - weight)
            spread = mpmath.sqrt((1 - share) * variance)
            form = sp.Float(weight, WORKING_DIGITS) * _normal(x, mean + above, spread) + sp.Float(
                1 - weight, WORKING_DIGITS
            ) * _normal(x, mean + below, spread)
            centres = [mean + below, mean, mean + above]
            description = (
                f"the mixture {_short(weight)} N({_short(mean + above)}, {_short(spread)}^2) + "
                f"{_short(1 - weight)} N({_short(mean + below)}, {_short(spread)}^2)"
            )
        else:  # logistic: variance pi^2 s^2 / 3
            scale = sp.Float(deviation * mpmath.sqrt(3) / mpmath.pi, WORKING_DIGITS)
            shifted = (x - sp.Float(mean, WORKING_DIGITS)) / scale
            form, centres = sp.exp(-shifted) / (scale * (1 + sp.exp(-shifted)) ** 2), [mean]
            description = f"the logistic density of mean {_short(mean)} and scale {_short(scale)}"
        point.functions[self.function] = SampledFunction(sp.Lambda(x, form), tuple(centres), description, deviation)


@dataclass(frozen=True)
class DefinedFunction:
    """A function given by a formula, ``phi(x) = ...``, kept by name where its value does not matter.

    The prover first tries a step with ``phi`` unknown (an identity for every positive ``phi``, say),
    then with its formula (see :func:`.density_integrals.apply_definitions`). A function declared
    positive (``sp.Function("phi", positive=True)``) needs a formula SymPy knows to be positive. The
    numeric check splits an integral over the line at ``centre`` and a few ``scale`` either side (at 0
    without a centre): give them for a peaked function, or a narrow peak far from 0 can be missed.
    """

    function: Any
    variable: sp.Symbol
    value: sp.Expr
    #: Where the function's mass is (the mean of a density): a numeric integral over the line is split there.
    centre: sp.Expr | None = None
    #: The width of that mass (a standard deviation): the integral is also split a few widths either side.
    scale: sp.Expr | None = None
    stage: int = 3

    def __post_init__(self) -> None:
        if not isinstance(self.function, sp.FunctionClass):
            raise DerivationError(f"DefinedFunction defines a SymPy function (Function('phi')), got {self.function!r}")
        if self.function(self.variable).is_positive and sp.sympify(self.value).is_positive is not True:
            raise DerivationError(
                f"{self.function} is declared positive, but its formula {self.value} is not known to be positive"
            )

    def latex(self) -> str:
        return f"{to_latex(self.function(self.variable))} = {to_latex(self.value)}"

    def facts(self) -> Iterable[tuple[sp.Basic, sp.Basic]]:
        yield self.function, sp.Lambda(self.variable, self.value)

    def sample(self, rng: random.Random, point: Point, draw: int) -> None:
        formula = sp.Lambda(self.variable, self.value.xreplace(point.floats(without=self.variable)))
        centres = () if self.centre is None else (point.value_of(self.centre),)
        scale = None if self.scale is None else point.value_of(self.scale)
        point.functions[self.function] = SampledFunction(formula, centres, f"its formula, {self.latex()}", scale)
