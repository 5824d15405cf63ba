"""Continuous distributions and their closed forms: differential entropy, KL divergence, cross-entropy.

A :class:`Density` is a family and its parameters: ``normal(mu, sigma)`` (the standard deviation, not
the variance), ``uniform(a, b)`` and ``exponential(lam)``. The closed forms are the textbook ones; the
catalogue's ``gaussian-entropy-kl`` proves the Gaussian ones step by step from the integrals, and
``tests/test_densities.py`` checks every one against SymPy's integration of the defining integral
and mpmath's numerical quadrature.

>>> mu, sigma = sp.symbols("mu sigma", positive=True)
>>> differential_entropy(normal(mu, sigma))
log(2*E*pi*sigma**2)/2
>>> kl_divergence(exponential(2), exponential(1))
-1/2 + log(2)
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ..errors import InvalidArgumentError

__all__ = [
    "FAMILIES",
    "Density",
    "cross_entropy",
    "differential_entropy",
    "exponential",
    "kl_divergence",
    "moments",
    "normal",
    "normal_entropy",
    "normal_kl",
    "uniform",
]

#: The families, and the names of their parameters.
FAMILIES = {"normal": ("mu", "sigma"), "uniform": ("a", "b"), "exponential": ("lam",)}
_HALF = sp.Rational(1, 2)


@dataclass(frozen=True)
class Density:
    """A continuous distribution: its family (a key of :data:`FAMILIES`) and its parameters."""

    family: str
    parameters: tuple[sp.Expr, ...]

    def pdf(self, x: sp.Symbol) -> sp.Expr:
        """The density at ``x`` on its support (:meth:`support`)."""
        if self.family == "normal":
            mu, sigma = self.parameters
            return sp.exp(-((x - mu) ** 2) / (2 * sigma**2)) / sp.sqrt(2 * sp.pi * sigma**2)
        if self.family == "uniform":
            a, b = self.parameters
            return 1 / (b - a)
        (lam,) = self.parameters
        return lam * sp.exp(-lam * x)

    def support(self) -> tuple[sp.Expr, sp.Expr]:
        """The interval where the density is positive."""
        if self.family == "normal":
            return -sp.oo, sp.oo
        if self.family == "uniform":
            return self.parameters[0], self.parameters[1]
        return sp.S.Zero, sp.oo

    def validity(self) -> list[tuple[sp.Expr, sp.Expr]]:
        """``(smaller, larger)`` pairs that must hold strictly for the parameters to define a density."""
        if self.family == "normal":
            return [(sp.S.Zero, self.parameters[1])]
        if self.family == "uniform":
            return [(self.parameters[0], self.parameters[1])]
        return [(sp.S.Zero, self.parameters[0])]


def _density(family: str, *parameters: object) -> Density:
    values = tuple(sp.sympify(value) for value in parameters)
    density = Density(family, values)
    for smaller, larger in density.validity():
        if (larger - smaller).is_number and not (larger - smaller).is_positive:
            names = ", ".join(FAMILIES[family])
            raise InvalidArgumentError(f"{family}({names}) needs {smaller} < {larger}: got {family}{values}")
    return density


def normal(mu: object, sigma: object) -> Density:
    """The normal distribution with mean ``mu`` and standard deviation ``sigma > 0``."""
    return _density("normal", mu, sigma)


def uniform(a: object, b: object) -> Density:
    """The uniform distribution on ``[a, b]``, ``a < b``."""
    return _density("uniform", a, b)


def exponential(lam: object) -> Density:
    """The exponential distribution with rate ``lam > 0`` (mean ``1/lam``)."""
    return _density("exponential", lam)


def normal_entropy(sigma: sp.Expr) -> sp.Expr:
    """``h(N(mu, sigma^2)) = 1/2 log(2 pi e sigma^2)`` (independent of the mean)."""
    return sp.log(2 * sp.pi * sp.E * sigma**2) / 2


def normal_kl(mu1: sp.Expr, sigma1: sp.Expr, mu2: sp.Expr, sigma2: sp.Expr) -> sp.Expr:
    """``D(N1 || N2) = log(sigma2/sigma1) + (sigma1^2 + (mu1 - mu2)^2)/(2 sigma2^2) - 1/2``."""
    return sp.log(sigma2 / sigma1) + (sigma1**2 + (mu1 - mu2) ** 2) / (2 * sigma2**2) - _HALF


def differential_entropy(density: Density) -> sp.Expr:
    """``h(f) = -integral of f log f`` in closed form."""
    if density.family == "normal":
        return normal_entropy(density.parameters[1])
    if density.family == "uniform":
        a, b = density.parameters
        return sp.log(b - a)
    (lam,) = density.parameters
    return 1 - sp.log(lam)


def moments(density: Density) -> tuple[sp.Expr, sp.Expr]:
    """The mean and the variance of ``density``.

    >>> moments(Density("uniform", (sp.Integer(0), sp.Integer(1))))
    (1/2, 1/12)
    """
    if density.family == "normal":
        mu, sigma = density.parameters
        return mu, sigma**2
    if density.family == "uniform":
        a, b = density.parameters
        return (a + b) / 2, (b - a) ** 2 / 12
    (lam,) = density.parameters
    return 1 / lam, 1 / lam**2


def _against_normal(first: Density, second: Density) -> sp.Expr:
    """``H(f, N(mu, sigma^2)) = 1/2 log(2 pi sigma^2) + (Var f + (E f - mu)^2) / (2 sigma^2)``: ``log`` of a
    normal density is a quadratic, so only the first density's mean and variance enter."""
    mu, sigma = second.parameters
    mean, variance = moments(first)
    return sp.log(2 * sp.pi * sigma**2) / 2 + (variance + (mean - mu) ** 2) / (2 * sigma**2)


def _no_closed_form(name: str, first: Density, second: Density) -> InvalidArgumentError:
    return InvalidArgumentError(
        f"{name}({first.family}, {second.family}) has no closed form here: the second distribution must be "
        "normal, or both exponential (against a uniform or an exponential one it is +inf unless the first's "
        "support lies in the second's)"
    )


def kl_divergence(first: Density, second: Density) -> sp.Expr:
    """``D(f || g)`` in closed form: against a normal density (any first one), or for two exponential ones."""
    if first.family == "normal" and second.family == "normal":
        return normal_kl(*first.parameters, *second.parameters)
    if second.family == "normal":
        return _against_normal(first, second) - differential_entropy(first)
    if first.family != "exponential" or second.family != "exponential":
        raise _no_closed_form("KL", first, second)
    (lam1,), (lam2,) = first.parameters, second.parameters
    return sp.log(lam1 / lam2) + lam2 / lam1 - 1


def cross_entropy(first: Density, second: Density) -> sp.Expr:
    """``H(f, g) = -integral of f log g = h(f) + D(f || g)``."""
    if second.family == "normal":
        return _against_normal(first, second)
    if first.family != "exponential" or second.family != "exponential":
        raise _no_closed_form("H", first, second)
    return differential_entropy(first) + kl_divergence(first, second)
