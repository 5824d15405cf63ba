"""The continuous case: the differential entropy of a Gaussian and the KL divergence between two Gaussians.

Both come from three moments of the normal density, each proved on its own by standardising
``x = mu + sigma z``: the density integrates to 1, ``E[X - mu] = 0`` and ``E[(X - mu)^2] = sigma^2``.
The entropy and the divergence are linear in these moments, so every step is a short integral
(or an identity between integrands, which the prover checks pointwise).
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from ..engine import Chain, Derivation
from ..engine.domain import Domain, Real
from ..formulas.densities import normal_entropy, normal_kl
from ..formulas.named import NamedQuantity
from .terms import stated

__all__ = ["Expectation", "NormalDensity", "Shorthand", "gaussian_entropy_kl"]

_X = sp.Symbol("x", real=True)
_Z = sp.Symbol("z", real=True)
_HALF = sp.Rational(1, 2)


class NormalDensity(NamedQuantity):
    """The density ``N(x | mu, sigma^2)`` of a normal distribution, shown by name: arguments ``(x, mu, sigma)``.

    >>> x, mu = sp.symbols("x mu", real=True)
    >>> sigma = sp.Symbol("sigma", positive=True)
    >>> NormalDensity(x, mu, sigma).unfold()
    sqrt(2)*exp(-(-mu + x)**2/(2*sigma**2))/(2*sqrt(pi)*sigma)
    """

    nargs = 3

    def unfold(self) -> sp.Expr:
        x, mu, sigma = self.args
        return sp.exp(-((x - mu) ** 2) / (2 * sigma**2)) / (sp.sqrt(2 * sp.pi) * sigma)

    def _handout_latex(self, printer: Any, exp: str | None = None) -> str:
        x, mu, sigma = (printer._print(arg) for arg in self.args)
        body = rf"\mathcal{{N}}\left({x} \mid {mu}, {sigma}^{{2}}\right)"
        return body if exp is None else rf"\left({body}\right)^{{{exp}}}"


class Expectation(NamedQuantity):
    """``E[g(X)]`` for ``X ~ N(mu, sigma^2)``: arguments ``(g, mu, sigma)`` or ``(g, mu, sigma, k)``, ``g`` in ``x``.

    It is shown as ``E[g]``, or ``E_k[g]`` when a tag ``k`` names the distribution.

    >>> mu = sp.Symbol("mu", real=True)
    >>> sigma = sp.Symbol("sigma", positive=True)
    >>> sp.simplify(Expectation(_X**2, mu, sigma).unfold().doit())
    mu**2 + sigma**2
    """

    nargs = (3, 4)

    def unfold(self) -> sp.Expr:
        g, mu, sigma = self.args[:3]
        return sp.Integral(g * NormalDensity(_X, mu, sigma).unfold(), (_X, -sp.oo, sp.oo))

    def _handout_latex(self, printer: Any, exp: str | None = None) -> str:
        tag = f"_{{{printer._print(self.args[3])}}}" if len(self.args) == 4 else ""
        body = rf"\mathbb{{E}}{tag}\left[{printer._print(self.args[0])}\right]"
        return body if exp is None else rf"\left({body}\right)^{{{exp}}}"


class Shorthand(NamedQuantity):
    """A name for an expression, to keep long lines short: arguments ``(name, value)``; shown as the name.

    >>> a = Shorthand(sp.Symbol("a"), sp.Symbol("x") ** 2 + 1)
    >>> a.unfold()
    x**2 + 1
    """

    nargs = 2

    def unfold(self) -> sp.Expr:
        return self.args[1]

    def sort_key(self, order: Any = None) -> Any:
        return self.args[0].sort_key(order)  # ordered like the symbol it is shown as: ``a x``, not ``x a``

    def _handout_latex(self, printer: Any, exp: str | None = None) -> str:
        name = printer._print(self.args[0])
        return name if exp is None else f"{name}^{{{exp}}}"


def _over_line(integrand: sp.Expr) -> sp.Integral:
    return sp.Integral(integrand, (_X, -sp.oo, sp.oo))


def _moments(mu: sp.Symbol, sigma: sp.Symbol) -> tuple[Chain, Chain, Chain]:
    """``int N = 1``, ``E[mu - X] = 0``, ``E[(mu - X)^2] = sigma^2``, each by ``x = mu + sigma z``."""
    standard = sp.exp(-(_Z**2) / 2) / sp.sqrt(2 * sp.pi)
    line = (_Z, -sp.oo, sp.oo)
    substitution = "substituting $x = \\mu + \\sigma z$, $dx = \\sigma\\,dz$"
    mass = (
        Chain.start(
            _over_line(NormalDensity(_X, mu, sigma)),
            because="the total probability",
            intro=(
                "Three moments of the normal density ($\\mathbb{E}$ is the expectation under "
                "$\\mathcal{N}(\\mu, \\sigma^2)$), by standardising $x = \\mu + \\sigma z$:"
            ),
        )
        .equals(sp.Integral(standard, line), substitution)
        .equals(1, "the Gaussian integral $\\int e^{-z^2/2}\\,dz = \\sqrt{2\\pi}$")
    )
    mean = (
        Chain.start(Expectation(mu - _X, mu, sigma), because="the mean deviation")
        .equals(-sigma * sp.Integral(_Z * standard, line), substitution)
        .equals(0, "the integrand is odd in $z$")
    )
    variance = (
        Chain.start(Expectation((mu - _X) ** 2, mu, sigma), because="the variance")
        .equals(sigma**2 * sp.Integral(_Z**2 * standard, line), substitution)
        .equals(sigma**2, "by parts: $\\int z \\cdot z e^{-z^2/2}\\,dz = \\int e^{-z^2/2}\\,dz$")
    )
    return mass, mean, variance


def _entropy(mu: sp.Symbol, sigma: sp.Symbol) -> tuple[Chain, Chain]:
    density = NormalDensity(_X, mu, sigma)
    constant = sp.log(2 * sp.pi * sigma**2) / 2
    surprisal = (
        Chain.start(
            -sp.log(density),
            intro="The information content of a point, $-\\log$ of the density:",
            domain=Domain.of(Real(_X), Real(mu), Real(sigma, low=0)),
        )
        .equals(-sp.log(density.unfold()), "the density")
        .equals(constant + (mu - _X) ** 2 / (2 * sigma**2), "$\\log$ of a quotient, $\\log e^{y} = y$")
    )
    entropy = (
        Chain.start(
            -_over_line(density * sp.log(density)),
            label=r"h\left(\mathcal{N}(\mu, \sigma^{2})\right)",
            because="the differential entropy",
            intro="The differential entropy is the expected information content:",
        )
        .equals(Expectation(-sp.log(density), mu, sigma), "an average over the density")
        .equals(Expectation(constant + (mu - _X) ** 2 / (2 * sigma**2), mu, sigma), "the information content above")
        .equals(
            constant * Expectation(1, mu, sigma) + Expectation((mu - _X) ** 2, mu, sigma) / (2 * sigma**2),
            "the expectation is linear",
        )
        .equals(constant + _HALF, "the total probability $1$ and the variance $\\sigma^2$")
        .equals(normal_entropy(sigma), "$\\tfrac12 = \\tfrac12 \\log e$")
    )
    return surprisal, entropy


def _divergence(mu1: sp.Symbol, sigma1: sp.Symbol, mu2: sp.Symbol, sigma2: sp.Symbol) -> tuple[Chain, Chain]:
    first, second = NormalDensity(_X, mu1, sigma1), NormalDensity(_X, mu2, sigma2)
    shift = mu1 - mu2
    closed_form = normal_kl(mu1, sigma1, mu2, sigma2)
    constant = Shorthand(sp.Symbol("c"), sp.log(sigma2 / sigma1) + shift**2 / (2 * sigma2**2))
    slope = Shorthand(sp.Symbol("b"), shift / sigma2**2)
    curvature = Shorthand(sp.Symbol("a"), 1 / (2 * sigma2**2) - 1 / (2 * sigma1**2))
    label = r"D\left(\mathcal{N}_1 \,\middle\|\, \mathcal{N}_2\right)"
    divergence = (
        Chain.start(
            _over_line(first * sp.log(first / second)),
            label=label,
            because="the divergence of $\\mathcal{N}_1 = \\mathcal{N}(\\mu_1, \\sigma_1^2)$ from $\\mathcal{N}_2$",
            intro=(
                "The divergence between two Gaussians, with $\\mathbb{E}_1$ the expectation under "
                "$\\mathcal{N}_1$ (the moments above hold for any mean and variance) and the constants "
                "$a = \\frac{1}{2\\sigma_2^2} - \\frac{1}{2\\sigma_1^2}$, $b = \\frac{\\mu_1 - \\mu_2}{\\sigma_2^2}$, "
                "$c = \\log\\frac{\\sigma_2}{\\sigma_1} + \\frac{(\\mu_1 - \\mu_2)^2}{2\\sigma_2^2}$:"
            ),
        )
        .equals(
            Expectation(
                sp.log(sigma2 / sigma1) - (mu1 - _X) ** 2 / (2 * sigma1**2) + (mu2 - _X) ** 2 / (2 * sigma2**2),
                mu1,
                sigma1,
                1,
            ),
            "the log-ratio of the two densities, averaged over $\\mathcal{N}_1$",
        )
        .equals(
            Expectation(constant - slope * (mu1 - _X) + curvature * (mu1 - _X) ** 2, mu1, sigma1, 1),
            "$\\mu_2 - x = (\\mu_1 - x) - (\\mu_1 - \\mu_2)$, squared out",
        )
        .equals(
            constant * Expectation(1, mu1, sigma1, 1)
            - slope * Expectation(mu1 - _X, mu1, sigma1, 1)
            + curvature * Expectation((mu1 - _X) ** 2, mu1, sigma1, 1),
            "the expectation is linear",
        )
        .equals(constant + curvature * sigma1**2, "the moments: $1$, $0$ and $\\sigma_1^2$")
        .equals(
            closed_form,
            "$a \\sigma_1^2 = \\frac{\\sigma_1^2}{2\\sigma_2^2} - \\frac12$; collecting over $2 \\sigma_2^2$",
        )
    )
    u = sp.Symbol("u", positive=True)
    ratio = sigma1**2 / sigma2**2
    sign = (
        Chain.start(
            closed_form,
            label=label,
            because="the closed form",
            intro=(
                "It is nonnegative, as Gibbs' inequality says, and zero only for equal Gaussians. "
                "With $r = \\sigma_1^2 / \\sigma_2^2$:"
            ),
        )
        .equals(
            shift**2 / (2 * sigma2**2) + (ratio - 1 - sp.log(ratio)) / 2,
            "$\\log(\\sigma_2/\\sigma_1) = -\\tfrac12 \\log r$",
        )
        .equals(
            shift**2 / (2 * sigma2**2) + (ratio - 1) ** 2 * sp.Integral(u / (1 + (ratio - 1) * u), (u, 0, 1)) / 2,
            "the lemma of Gibbs' inequality: $r - 1 - \\log r = (r - 1)^2 \\int_0^1 \\frac{u\\,du}{1 + (r - 1) u}$",
        )
        .ge(0, "squares times positive numbers; zero only when $\\mu_1 = \\mu_2$ and $r = 1$")
    )
    return divergence, sign


def gaussian_entropy_kl() -> Derivation:
    """``h(N(mu, sigma^2)) = log(2 pi e sigma^2) / 2`` and the closed-form KL between two Gaussians."""
    mu, mu1, mu2 = sp.symbols("mu mu_1 mu_2", real=True)
    sigma, sigma1, sigma2 = sp.symbols("sigma sigma_1 sigma_2", positive=True)
    domain = Domain.of(Real(mu), Real(sigma, low=0), Real(mu1), Real(sigma1, low=0), Real(mu2), Real(sigma2, low=0))
    chains = (*_moments(mu, sigma), *_entropy(mu, sigma), *_divergence(mu1, sigma1, mu2, sigma2))
    entropy, divergence, sign = chains[4], chains[5], chains[6]
    return Derivation(
        "gaussian-entropy-kl",
        "Gaussians: differential entropy and KL divergence",
        domain,
        chains,
        theorem=(
            stated(entropy.first, "=", sp.log(2 * sp.pi * sp.E * sigma**2) / 2),
            stated(divergence.first, "=", divergence.steps[-1].statement),
            stated(sign.first, ">=", 0),
        ),
        summary=(
            "The continuous case, with integrals over the real line in place of sums: "
            "$h(p) = -\\int p \\log p$ and $D(p \\| q) = \\int p \\log(p/q)$, in nats."
        ),
        conclusion=(
            "$h(\\mathcal{N}(\\mu, \\sigma^2)) = \\tfrac12 \\log(2 \\pi e \\sigma^2)$, independent of $\\mu$; unlike "
            "discrete entropy it is negative when $\\sigma^2 < 1/(2 \\pi e)$. "
            "$D(\\mathcal{N}(\\mu_1, \\sigma_1^2) \\| \\mathcal{N}(\\mu_2, \\sigma_2^2)) = "
            "\\log(\\sigma_2/\\sigma_1) + (\\sigma_1^2 + (\\mu_1 - \\mu_2)^2) / (2 \\sigma_2^2) - \\tfrac12 \\geq 0$, "
            "zero only for equal Gaussians."
        ),
    )
