"""Differential entropy of *any* density: the change of scale, and the normal density's maximum.

The density ``f`` is unknown (:func:`~symbolic_info.engine.density_declarations.density_function`): the
prover knows only ``f > 0``, ``int f = 1``, its mean ``mu``, its variance ``sigma^2`` and that its entropy
is finite. So each chain proves its result for every such density, not for a family:

* ``h(cX) = h(X) + log |c|``, by the substitution ``y = c x``;
* the Lagrange condition: the logarithm of a stationary density is a quadratic in ``x``, which the
  normal density ``phi`` with the same mean and variance satisfies;
* ``h(f) <= h(phi) = 1/2 log(2 pi e sigma^2)``, by Gibbs' inequality for densities, written with
  the same integral remainder as the discrete one (``log x <= x - 1``).
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from ..engine import Chain
from ..engine.density_declarations import DefinedFunction, Density, density_function
from ..engine.domain import Declaration, Real

__all__ = ["AnyDensity"]

_HALF = sp.Rational(1, 2)


class AnyDensity:
    """The symbols of the general-density chains: ``f``, ``phi``, ``x``, ``mu``, ``sigma``, and their declarations."""

    def __init__(self, sigma: sp.Symbol) -> None:
        self.x = sp.Symbol("x", real=True)
        self.y = sp.Symbol("y", real=True)
        self.mu = sp.Symbol("mu", real=True)
        self.sigma = sigma
        self.f: Any = density_function("f")
        self.phi: Any = sp.Function("phi", positive=True)
        self.value = sp.Symbol("v", positive=True)
        self.multipliers = sp.symbols("lambda_0 lambda_1 lambda_2", real=True)
        self.normal = sp.exp(-((self.x - self.mu) ** 2) / (2 * sigma**2)) / sp.sqrt(2 * sp.pi * sigma**2)

    @property
    def line(self) -> tuple[sp.Symbol, sp.Expr, sp.Expr]:
        return (self.x, sp.S.NegativeInfinity, sp.S.Infinity)

    def declarations(self) -> tuple[Declaration, ...]:
        """``mu``, the point ``x``, the Lagrangian's symbols; ``f`` with mean ``mu`` and variance ``sigma^2``;
        ``phi``, the normal density with the same two."""
        return (
            Real(self.mu),
            Real(self.x),
            Real(self.value, low=0),
            *(Real(multiplier) for multiplier in self.multipliers),
            Density(self.f, self.x, mean=self.mu, variance=self.sigma**2),
            DefinedFunction(self.phi, self.x, self.normal, centre=self.mu, scale=self.sigma),
        )

    def entropy(self, density: sp.Expr) -> sp.Expr:
        """``-int g log g dx`` for ``g`` applied to ``x``."""
        return -sp.Integral(density * sp.log(density), self.line)

    def scaling(self, factor: sp.Symbol) -> Chain:
        """``h(cX) = h(X) + log |c|`` for the unknown density ``f`` of ``X``."""
        f, x, y = self.f, self.x, self.y
        scaled = f(y / factor) / sp.Abs(factor)
        return (
            Chain.start(
                -sp.Integral(scaled * sp.log(scaled), (y, sp.S.NegativeInfinity, sp.S.Infinity)),
                label=r"h(cX)",
                because="$cX$ has the density $f(y / c) / |c|$ when $X$ has the density $f$",
                intro=(
                    "For every density $f$ and every $c \\neq 0$, scaling adds $\\log |c|$. Let $X$ have the "
                    "density $f$:"
                ),
            )
            .equals(
                -sp.Integral(f(x) * sp.log(f(x) / sp.Abs(factor)), self.line),
                "substituting $y = c x$, $dy = |c|\\,dx$ (for $c < 0$ the limits swap, which $|c|$ accounts for)",
            )
            .equals(
                self.entropy(f(x)) + sp.log(sp.Abs(factor)) * sp.Integral(f(x), self.line),
                "$\\log(f / |c|) = \\log f - \\log |c|$, and the integral is linear",
            )
            .equals(self.entropy(f(x)) + sp.log(sp.Abs(factor)), "$\\int f\\,dx = 1$: this is $h(X) + \\log |c|$")
        )

    def stationarity(self) -> tuple[Chain, Chain, Chain]:
        """The Lagrange condition pointwise, the normal density meeting it, and the normal density's variance."""
        x, mu, sigma = self.x, self.mu, self.sigma
        value = self.value
        first, slope, curvature = self.multipliers
        integrand = -value * sp.log(value) + first * value + slope * x * value + curvature * x**2 * value
        condition = Chain.start(
            sp.Derivative(integrand, value),
            label=r"\frac{\partial \ell}{\partial v}",
            because=(
                "the Lagrangian $-\\int f \\log f + \\lambda_0 (\\int f - 1) + \\lambda_1 (\\int x f - \\mu) + "
                "\\lambda_2 (\\int x^2 f - \\sigma^2 - \\mu^2)$ is the integral of $\\ell(x, f(x))$, "
                "$\\ell(x, v) = -v \\log v + \\lambda_0 v + \\lambda_1 x v + \\lambda_2 x^2 v$"
            ),
            intro=(
                "Which density has the largest $h$ among those with mean $\\mu$ and variance $\\sigma^2$? "
                "Lagrange multipliers, as for the discrete maximum: the constraints are integrals, so the "
                "Lagrangian is an integral whose integrand depends on the value $v = f(x)$ at each $x$, and "
                "its derivative in $v$ must vanish at every $x$:"
            ),
        ).equals(-sp.log(value) - 1 + first + slope * x + curvature * x**2, "the derivative in $v$")
        stationary = {first: 1 - mu**2 / (2 * sigma**2) - sp.log(2 * sp.pi * sigma**2) / 2}
        stationary |= {slope: mu / sigma**2, curvature: -1 / (2 * sigma**2)}
        normal = (
            Chain.start(
                sp.log(self.phi(x)),
                because="the normal density $\\phi$ with mean $\\mu$ and variance $\\sigma^2$",
                intro=(
                    "So $\\log f(x) = \\lambda_0 - 1 + \\lambda_1 x + \\lambda_2 x^2$: the logarithm of a stationary "
                    "density is a quadratic in $x$ (with $\\lambda_2 < 0$, or $f$ would not integrate to 1). "
                    "The normal density is one, with these multipliers:"
                ),
            )
            .equals(-((x - mu) ** 2) / (2 * sigma**2) - sp.log(2 * sp.pi * sigma**2) / 2, "the logarithm of $\\phi$")
            .equals(
                (first - 1 + slope * x + curvature * x**2).xreplace(stationary),
                "$\\lambda_2 = -\\frac{1}{2\\sigma^2}$, $\\lambda_1 = \\frac{\\mu}{\\sigma^2}$, "
                "$\\lambda_0 = 1 - \\frac{\\mu^2}{2\\sigma^2} - \\frac12 \\log(2\\pi\\sigma^2)$",
            )
        )
        variance = Chain.start(
            sp.Integral((x - mu) ** 2 * self.phi(x), self.line),
            because="the variance of $\\phi$",
            intro="and it meets the constraints: its integral is 1, its mean $\\mu$, and its variance",
        ).equals(sigma**2, "Gaussian integrals")
        return condition, normal, variance

    def maximum(self) -> Chain:
        """``h(f) <= 1/2 log(2 pi e sigma^2)`` for every density ``f`` with variance ``sigma^2``."""
        f, phi, x, sigma = self.f(self.x), self.phi(self.x), self.x, self.sigma
        u = sp.Symbol("u", positive=True)
        cross = -sp.Integral(f * sp.log(phi), self.line)
        remainder = sp.Integral(u / ((1 - u) * f + u * phi), (u, 0, 1))
        return (
            Chain.start(
                self.entropy(f),
                label="h(f)",
                because="the differential entropy of $f$",
                intro=(
                    "A stationary point need not be the maximum; Gibbs' inequality for densities shows that it "
                    "is. For every density $f$ with variance $\\sigma^2$:"
                ),
            )
            .equals(
                cross - sp.Integral(f * sp.log(f / phi), self.line),
                "$\\log f = \\log \\phi + \\log(f / \\phi)$; both integrals converge",
            )
            .equals(
                cross - sp.Integral(f * sp.log(f / phi) + phi - f, self.line),
                "adding $\\int \\phi\\,dx - \\int f\\,dx = 1 - 1 = 0$",
            )
            .equals(
                cross - sp.Integral((f - phi) ** 2 * remainder, self.line),
                "at each $x$, the lemma $x - 1 - \\log x = (x - 1)^2 \\int_0^1 \\frac{u\\,du}{1 + (x - 1) u}$ "
                "(Gibbs' inequality) at $x = \\phi / f$, times $f$",
            )
            .le(cross, "the integral of a nonnegative function is nonnegative: $D(f \\| \\phi) \\geq 0$")
            .equals(
                sp.Integral(f * ((x - self.mu) ** 2 / (2 * sigma**2) + sp.log(2 * sp.pi * sigma**2) / 2), self.line),
                "the logarithm of $\\phi$ above",
            )
            .equals(
                sp.log(2 * sp.pi * sigma**2) / 2 + _HALF,
                "$\\int f\\,dx = 1$ and $\\int (x - \\mu)^2 f\\,dx = \\sigma^2$: only the variance of $f$ enters",
            )
            .equals(
                sp.log(2 * sp.pi * sp.E * sigma**2) / 2,
                "$\\tfrac12 = \\tfrac12 \\log e$; this is $h(\\mathcal{N}(\\mu, \\sigma^2))$",
            )
        )
