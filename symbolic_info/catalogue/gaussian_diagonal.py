"""The KL divergence between Gaussians with diagonal covariances, and the VAE's KL term.

A Gaussian with a diagonal covariance ``diag(sigma_1^2, ..., sigma_d^2)`` has independent coordinates:
its density is the product of ``d`` one-dimensional normal densities. The log-ratio of two such
densities is then a sum of one log-ratio per coordinate, and the expectation of each involves only its
own coordinate (the other coordinates integrate to 1), so the divergence is the sum of the
one-dimensional divergences proved in ``gaussian-entropy-kl``. The chains start from that sum, for
means ``mu``, ``nu`` and standard deviations ``sigma``, ``tau``.
"""

from __future__ import annotations

import sympy as sp

from ..engine import Chain, Derivation
from ..engine.domain import CategoryCount, DefinedVector, Domain, Real, RealVector
from ..formulas.gaussian import (
    gaussian_kl_gradient_log_variance,
    gaussian_kl_gradient_mean,
    gaussian_kl_term,
    gaussian_kl_term_stable,
)
from ..formulas.vectors import Categories, Vector, index_symbol
from .terms import concluded

__all__ = ["gaussian_kl_diagonal"]

_HALF = sp.Rational(1, 2)
_U = sp.Symbol("u", positive=True)


def _gap(x: sp.Expr) -> sp.Expr:
    """``x - 1 - log x`` in the integral form of Gibbs' inequality: ``(x - 1)^2 int_0^1 u / (1 + (x - 1) u) du``."""
    return (x - 1) ** 2 * sp.Integral(_U / (1 + (x - 1) * _U), (_U, 0, 1))


def _general(dims: Categories, mu1: Vector, mu2: Vector, s1: Vector, s2: Vector, r: Vector) -> tuple[Chain, Chain]:
    def one(k: sp.Expr) -> sp.Expr:
        return sp.log(s2[k] / s1[k]) + (s1[k] ** 2 + (mu1[k] - mu2[k]) ** 2) / (2 * s2[k] ** 2) - _HALF

    label = r"D\left(\mathcal{N}_1 \,\middle\|\, \mathcal{N}_2\right)"
    closed = (
        Chain.start(
            dims.total(one),
            label=label,
            because="one divergence per coordinate, each in the closed form of the one-dimensional case",
            intro=(
                "With $\\mathcal{N}_1 = \\mathcal{N}(\\mu, \\Sigma_1)$, "
                "$\\mathcal{N}_2 = \\mathcal{N}(\\nu, \\Sigma_2)$, "
                "$\\Sigma_1 = \\mathrm{diag}(\\sigma_k^2)$ and $\\Sigma_2 = \\mathrm{diag}(\\tau_k^2)$, "
                "the divergence is the sum over the $d$ coordinates of the one-dimensional divergences:"
            ),
        )
        .equals(
            _HALF * dims.total(lambda k: r[k] + (mu2[k] - mu1[k]) ** 2 / s2[k] ** 2 - 1 - sp.log(r[k])),
            "collecting the halves, with $r_k = \\sigma_k^2 / \\tau_k^2$: "
            "$\\log \\frac{\\tau_k}{\\sigma_k} = -\\frac12 \\log r_k$",
        )
        .equals(
            sp.Mul(  # unevaluated: 1/2 of the four terms of the general formula, as it is written
                _HALF,
                sp.Add(
                    dims.total(lambda k: r[k]),
                    dims.total(lambda k: (mu2[k] - mu1[k]) ** 2 / s2[k] ** 2),
                    -dims.n,
                    -dims.total(lambda k: sp.log(r[k])),
                    evaluate=False,
                ),
                evaluate=False,
            ),
            "the general formula, half of $\\mathrm{tr}(\\Sigma_2^{-1}\\Sigma_1)$ $+$ "
            "$(\\nu - \\mu)^{\\top} \\Sigma_2^{-1} (\\nu - \\mu)$ $-$ $d$ $+$ "
            "$\\log(\\det \\Sigma_2 / \\det \\Sigma_1)$, for diagonal covariances",
        )
    )

    def ratio(k: sp.Expr) -> sp.Expr:
        return r[k]

    sign = (
        Chain.start(dims.total(one), label=label, because="the closed form", intro="It is nonnegative:")
        .equals(
            dims.total(lambda k: (mu1[k] - mu2[k]) ** 2 / (2 * s2[k] ** 2) + (ratio(k) - 1 - sp.log(ratio(k))) / 2),
            "with $r_k = \\sigma_k^2 / \\tau_k^2$: $\\log \\frac{\\tau_k}{\\sigma_k} = -\\frac12 \\log r_k$",
        )
        .equals(
            dims.total(lambda k: (mu1[k] - mu2[k]) ** 2 / (2 * s2[k] ** 2) + _gap(ratio(k)) / 2),
            "$r - 1 - \\log r = (r - 1)^2 \\int_0^1 \\frac{u\\,du}{1 + (r - 1) u}$, as in Gibbs' inequality",
        )
        .ge(0, "squares times positive numbers; $0$ only when $\\mu = \\nu$ and $\\sigma = \\tau$")
    )
    return closed, sign


def _vae(dims: Categories, mu: Vector, sigma: Vector, v: Vector) -> tuple[Chain, Chain]:
    label = r"D\left(\mathcal{N}(\mu, \mathrm{diag}\,\sigma^2) \,\middle\|\, \mathcal{N}(0, I)\right)"
    term = Chain.start(
        dims.total(lambda k: sp.log(1 / sigma[k]) + (sigma[k] ** 2 + (mu[k] - 0) ** 2) / 2 - _HALF),
        label=label,
        because="the closed form with $\\nu = 0$ and $\\tau = 1$: the prior of a VAE",
        intro=(
            "The KL term of a variational autoencoder [cite:kingma-vae]: the encoder's "
            "$\\mathcal{N}(\\mu, \\mathrm{diag}\\,\\sigma^2)$ against the standard normal prior:"
        ),
    ).equals(
        _HALF * dims.total(lambda k: mu[k] ** 2 + sigma[k] ** 2 - 1 - sp.log(sigma[k] ** 2)),
        "$\\log \\frac{1}{\\sigma} = -\\frac12 \\log \\sigma^2$",
    )
    sign = (
        Chain.start(
            _HALF * dims.total(lambda k: mu[k] ** 2 + sigma[k] ** 2 - 1 - sp.log(sigma[k] ** 2)),
            label=label,
            intro="Each term is nonnegative, and zero only at $\\mu_k = 0$, $\\sigma_k = 1$; with $v_k = \\sigma_k^2$:",
        )
        .equals(
            _HALF * dims.total(lambda k: mu[k] ** 2 + _gap(v[k])),
            "$v - 1 - \\log v$ in the integral form of Gibbs' inequality",
        )
        .ge(0, "a square plus a square times the integral of a positive function")
    )
    return term, sign


def _log_variances(m: sp.Symbol, m_p: sp.Symbol, lv: sp.Symbol, lv_p: sp.Symbol) -> tuple[Chain, Chain, Chain]:
    """One coordinate in the log-variances ``l = log sigma^2``, ``l_p = log tau^2``: the form the kernel evaluates."""
    label = r"D_k"
    sigma, tau = sp.exp(lv / 2), sp.exp(lv_p / 2)
    term = (
        Chain.start(
            sp.log(tau / sigma) + (sigma**2 + (m - m_p) ** 2) / (2 * tau**2) - _HALF,
            label=label,
            because="one coordinate of the closed form, with $\\sigma = e^{l/2}$ and $\\tau = e^{l_p/2}$",
            intro=(
                "For computing: an encoder outputs the log-variance $l = \\log \\sigma^2$. Near $\\sigma = \\tau$ "
                "the terms $e^{l - l_p} - 1 - (l - l_p)$ cancel ($1 + l - e^{l}$ loses every digit at $l = 10^{-9}$). "
                "With the mean $m$, the prior's mean $m_p$ and log-variance $l_p$, and $d = l - l_p$:"
            ),
        )
        .equals(gaussian_kl_term(m, lv, m_p, lv_p), "$\\log(\\tau/\\sigma) = (l_p - l)/2$, $\\sigma^2 = e^{l}$")
        .equals(
            gaussian_kl_term_stable(m, lv, m_p, lv_p),
            "$e^{l}/e^{l_p} - 1 = \\operatorname{expm1}(d)$; $\\operatorname{expm1}(d) - d$ is the KL term "
            "$p \\log(p/q) - p + q$ at $p = 1$, $q = e^{d}$, which the kernel evaluates by its series near $d = 0$ "
            "([ref:stable-kl-from-logs])",
        )
    )
    in_mean = Chain.start(
        sp.Derivative(gaussian_kl_term(m, lv, m_p, lv_p), m),
        label=r"\frac{\partial D_k}{\partial m}",
        because="the gradients the numeric function returns",
    ).equals(gaussian_kl_gradient_mean(m, m_p, lv_p), "$(m - m_p)/\\tau^2$")
    in_log_variance = Chain.start(
        sp.Derivative(gaussian_kl_term(m, lv, m_p, lv_p), lv), label=r"\frac{\partial D_k}{\partial l}"
    ).equals(
        gaussian_kl_gradient_log_variance(lv, lv_p), "$(e^{d} - 1)/2$, as $\\operatorname{expm1}(d)/2$: no cancellation"
    )
    return term, in_mean, in_log_variance


def gaussian_kl_diagonal() -> Derivation:
    """KL between diagonal Gaussians in closed form; the VAE term ``1/2 sum(mu^2 + sigma^2 - 1 - log sigma^2) >= 0``."""
    dims = Categories(sp.Symbol("d", integer=True, positive=True), index_symbol("k"))
    mu1, mu2 = (Vector(name, dims, positive=False) for name in ("mu", "nu"))
    s1, s2, r, v = (Vector(name, dims) for name in ("sigma", "tau", "r", "v"))
    mu, sigma = mu1, s1
    scalars = tuple(sp.Symbol(name, real=True) for name in ("m", "m_p", "l", "l_p"))
    domain = Domain.of(
        CategoryCount(dims.n, low=1, values=(1, 2, 3, 5)),
        RealVector(mu1),
        RealVector(mu2),
        RealVector(s1, low=0),
        RealVector(s2, low=0),
        DefinedVector(r, lambda k: s1[k] ** 2 / s2[k] ** 2),
        DefinedVector(v, lambda k: sigma[k] ** 2),
        *(Real(symbol) for symbol in scalars),
    )
    general, vae = _general(dims, mu1, mu2, s1, s2, r), _vae(dims, mu, sigma, v)
    logs = _log_variances(*scalars)
    chains = (*general, *vae, *logs)
    return Derivation(
        "gaussian-kl-diagonal",
        "KL divergence between diagonal Gaussians, and the VAE's KL term",
        domain,
        chains,
        theorem=concluded((general[1], vae[1], *logs)),  # the two bounds (the closed forms are too wide for a line)
        summary=(
            "Gaussians in $d$ dimensions with diagonal covariances (independent coordinates), all standard "
            "deviations positive; in nats."
        ),
        conclusion=(
            "$D(\\mathcal{N}(\\mu, \\Sigma_1) \\| \\mathcal{N}(\\nu, \\Sigma_2)) = \\sum_k \\left[\\log "
            "\\frac{\\tau_k}{\\sigma_k} + \\frac{\\sigma_k^2 + (\\mu_k - \\nu_k)^2}"
            "{2 \\tau_k^2} - \\frac12\\right] \\geq 0$; against the standard normal it is the VAE's "
            "$\\frac12 \\sum_k (\\mu_k^2 + \\sigma_k^2 - 1 - \\log \\sigma_k^2)$, "
            "zero only at $\\mu = 0$, $\\sigma = 1$. In log-variances $l = \\log\\sigma^2$, $l_p = \\log\\tau^2$ each "
            "coordinate is $\\frac12[(\\mu_k - \\nu_k)^2 e^{-l_p} + \\operatorname{expm1}(d) - d]$ with $d = l - l_p$, "
            "with gradients $(\\mu_k - \\nu_k) e^{-l_p}$ and $\\operatorname{expm1}(d)/2$."
        ),
    )
