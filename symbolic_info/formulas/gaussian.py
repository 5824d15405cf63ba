"""The KL divergence between diagonal Gaussians per coordinate, in the log-variances a VAE's encoder outputs.

With ``l = log sigma^2`` and ``l_p = log tau^2``, one coordinate of ``KL(N(mu, sigma^2) || N(nu, tau^2))``
is ``1/2 [(mu - nu)^2 e^{-l_p} + e^{d} - 1 - d]`` with ``d = l - l_p``. Its last part is the generalised
KL term ``p log(p/q) - p + q`` at ``p = 1``, ``q = e^{d}`` (:func:`symbolic_info.formulas.stable.kl_term_from_logs`
with ``a = 0``): ``expm1(d) - d``, which the numeric kernel evaluates without the cancellation of
``1 + l - e^{l}`` near ``sigma = 1``. The catalogue's ``gaussian-kl-diagonal`` proves these forms.

>>> mu, l = sp.symbols("mu l", real=True)
>>> gaussian_kl_term(mu, l, 0, 0)
-l/2 + mu**2/2 + exp(l)/2 - 1/2
>>> gaussian_kl_gradient_log_variance(l, 0)
expm1(l)/2
"""

from __future__ import annotations

import sympy as sp
from sympy.codegen.cfunctions import expm1

__all__ = [
    "gaussian_kl_gradient_log_variance",
    "gaussian_kl_gradient_mean",
    "gaussian_kl_term",
    "gaussian_kl_term_stable",
]

_HALF = sp.Rational(1, 2)


def gaussian_kl_term(mu: sp.Expr, log_var: sp.Expr, mu_prior: sp.Expr, log_var_prior: sp.Expr) -> sp.Expr:
    """The textbook term ``log(tau/sigma) + (sigma^2 + (mu - nu)^2)/(2 tau^2) - 1/2`` in log-variances."""
    mu, log_var, mu_prior, log_var_prior = map(sp.sympify, (mu, log_var, mu_prior, log_var_prior))
    return (
        (log_var_prior - log_var) / 2 + (sp.exp(log_var) + (mu - mu_prior) ** 2) / (2 * sp.exp(log_var_prior)) - _HALF
    )


def gaussian_kl_term_stable(mu: sp.Expr, log_var: sp.Expr, mu_prior: sp.Expr, log_var_prior: sp.Expr) -> sp.Expr:
    """``1/2 [(mu - nu)^2 e^{-l_p} + expm1(d) - d]`` with ``d = l - l_p``: two nonnegative parts, no cancellation."""
    gap = log_var - log_var_prior
    return sp.Mul(  # unevaluated: the two nonnegative parts, as the kernel adds them and the book shows them
        _HALF,
        sp.Add((mu - mu_prior) ** 2 * sp.exp(-log_var_prior), sp.Add(expm1(gap), -gap, evaluate=False), evaluate=False),
        evaluate=False,
    )


def gaussian_kl_gradient_mean(mu: sp.Expr, mu_prior: sp.Expr, log_var_prior: sp.Expr) -> sp.Expr:
    """``d/dmu`` of the term: ``(mu - nu) e^{-l_p}``."""
    return (mu - mu_prior) * sp.exp(-log_var_prior)


def gaussian_kl_gradient_log_variance(log_var: sp.Expr, log_var_prior: sp.Expr) -> sp.Expr:
    """``d/dl`` of the term: ``expm1(l - l_p) / 2``, accurate near ``sigma = tau``."""
    return _HALF * expm1(sp.sympify(log_var) - sp.sympify(log_var_prior))
