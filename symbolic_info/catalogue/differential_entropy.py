"""Differential entropy ``h(f) = -int f log f`` can be negative, changes under scaling, and is largest for the normal.

Unlike discrete entropy, ``h`` is not bounded below by 0: a density can exceed 1. For every density
``f`` and ``c != 0``, ``cX`` has the density ``f(y / c) / |c|``, and substituting ``y = c x`` in the
integral gives ``h(cX) = h(X) + log |c|`` (proved for an unknown density, :mod:`.any_density`; the
uniform and normal families as examples). Of all densities with variance ``sigma^2`` the normal one
has the largest ``h``: Lagrange multipliers find it, Gibbs' inequality for densities proves it the
maximum; the uniform and Laplace densities of the same variance as examples.
"""

from __future__ import annotations

import sympy as sp

from ..engine import Chain, Derivation
from ..engine.domain import Domain, Real
from .any_density import AnyDensity
from .terms import concluded

__all__ = ["differential_entropy_sign"]

_X = sp.Symbol("x", real=True)
_HALF = sp.Rational(1, 2)


def _uniform(width: sp.Symbol) -> tuple[Chain, Chain]:
    entropy = (
        Chain.start(
            -sp.Integral((1 / width) * sp.log(1 / width), (_X, 0, width)),
            label=r"h\left(U(0, a)\right)",
            because="the uniform density $1/a$ on $(0, a)$",
            intro="The uniform distribution on $(0, a)$, $a > 0$:",
        )
        .equals(-sp.log(1 / width), "the integrand is constant over an interval of length $a$")
        .equals(sp.log(width), "$-\\log(1/a) = \\log a$: negative for $a < 1$")
    )
    half = (
        Chain.start(
            sp.log(sp.Rational(1, 2), evaluate=False),
            label=r"h\left(U(0, \tfrac12)\right)",
            because="$a = 1/2$: the density is $2$",
        )
        .equals(-sp.log(2), "$\\log \\tfrac12 = -\\log 2$")
        .lt(0, "a negative differential entropy")
    )
    return entropy, half


def _scaling(width: sp.Symbol, factor: sp.Symbol, sigma: sp.Symbol) -> tuple[Chain, Chain]:
    uniform = Chain.start(
        sp.log(sp.Abs(factor) * width),
        label=r"h\left(U(0, |c| a)\right)",
        because="$cX$ is uniform on an interval of length $|c| a$ for $X \\sim U(0, a)$",
        intro="For example, the uniform and the normal densities:",
    ).equals(sp.log(width) + sp.log(sp.Abs(factor)), "$h(cX) = h(X) + \\log |c|$")
    normal = Chain.start(
        sp.log(2 * sp.pi * sp.E * factor**2 * sigma**2) / 2,
        label=r"h\left(\mathcal{N}(0, c^2 \sigma^2)\right)",
        because="$cX \\sim \\mathcal{N}(0, c^2 \\sigma^2)$ for $X \\sim \\mathcal{N}(0, \\sigma^2)$",
    ).equals(
        sp.log(2 * sp.pi * sp.E * sigma**2) / 2 + sp.log(sp.Abs(factor)),
        "$h(cX) = h(X) + \\log |c|$, with $h(\\mathcal{N}(0, \\sigma^2)) = \\tfrac12 \\log(2 \\pi e \\sigma^2)$",
    )
    return uniform, normal


def _same_variance(sigma: sp.Symbol, b: sp.Symbol) -> tuple[Chain, Chain, Chain]:
    laplace = sp.exp(-_X / b) / (2 * b)
    laplace_entropy = Chain.start(
        -2 * sp.Integral(laplace * sp.log(laplace), (_X, 0, sp.oo)),
        label=r"h\left(\mathrm{Laplace}(b)\right)",
        because="the density $\\frac{1}{2b} e^{-|x|/b}$ is even: twice the integral over $x > 0$",
        intro="At the same variance the normal density has the larger entropy. The Laplace density first:",
    ).equals(1 + sp.log(2 * b), "$\\int_0^\\infty \\frac{x}{b} \\frac{e^{-x/b}}{2b} dx = \\frac12$")
    versus_uniform = (
        Chain.start(
            sp.log(2 * sp.pi * sp.E * sigma**2) / 2 - sp.log(12 * sigma**2) / 2,
            label=r"h(\mathcal{N}) - h(U)",
            because=(
                "variance $\\sigma^2$: $\\mathcal{N}(0, \\sigma^2)$ against the uniform of width "
                "$\\sqrt{12}\\,\\sigma$, $h = \\log(\\sqrt{12}\\,\\sigma)$"
            ),
        )
        .equals(sp.log(2 * sp.pi * sp.E / 12) / 2, "$\\sigma$ cancels")
        .gt(0, "$2 \\pi e \\approx 17.08 > 12$")
    )
    versus_laplace = (
        Chain.start(
            sp.log(2 * sp.pi * sp.E * sigma**2) / 2 - (1 + sp.log(2 * sigma / sp.sqrt(2))),
            label=r"h(\mathcal{N}) - h(\mathrm{Laplace})",
            because="variance $\\sigma^2 = 2 b^2$: the Laplace density with $b = \\sigma / \\sqrt{2}$",
        )
        .equals(sp.log(sp.pi / sp.E) / 2, "$\\sigma$ cancels: $\\tfrac12 \\log(2 \\pi e) - 1 - \\tfrac12 \\log 2$")
        .gt(0, "$\\pi > e$")
    )
    return laplace_entropy, versus_uniform, versus_laplace


def differential_entropy_sign() -> Derivation:
    """``h(U(0, a)) = log a`` (negative for ``a < 1``), ``h(cX) = h(X) + log|c|``, the normal's largest ``h``."""
    width, sigma, b = (sp.Symbol(name, positive=True) for name in ("a", "sigma", "b"))
    factor = sp.Symbol("c", real=True, nonzero=True)
    density = AnyDensity(sigma)
    domain = Domain.of(
        Real(width, low=0),
        Real(factor),
        Real(sigma, low=0),
        Real(b, low=0),
        *density.declarations(),
    )
    chains = (
        *_uniform(width),
        density.scaling(factor),
        *_scaling(width, factor, sigma),
        *density.stationarity(),
        density.maximum(),
        *_same_variance(sigma, b),
    )
    return Derivation(
        "differential-entropy-sign",
        "Differential entropy can be negative, and depends on the scale",
        domain,
        chains,
        theorem=concluded(chains),
        summary=(
            "Densities on the real line; $h(f) = -\\int f \\log f$ in nats; a scale factor $c \\neq 0$; "
            "$f$ stands for every positive density with mean $\\mu$, variance $\\sigma^2$ and finite entropy."
        ),
        conclusion=(
            "$h(U(0, a)) = \\log a < 0$ for $a < 1$, so the statement that entropy is never negative holds for "
            "discrete distributions only ([cite:lei-entropy] defines the differential entropy, then proves it for "
            "the discrete sum alone). $h(cX) = h(X) + \\log |c|$: differential entropy depends on the units. "
            "Of all densities with variance $\\sigma^2$ the normal one has the largest entropy, "
            "$\\tfrac12 \\log(2 \\pi e \\sigma^2)$: Lagrange multipliers find it (its logarithm is a quadratic), "
            "and Gibbs' inequality against it proves the bound for every positive density with finite entropy "
            "(the chains above; a density with zeros is not covered by them), strictly above the uniform and "
            "the Laplace densities of the same variance."
        ),
    )
