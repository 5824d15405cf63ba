"""The diagonal Gaussians' KL term as forms for the kernels of every array library (``gaussian-kl-diagonal``).

Per coordinate, ``1/2 [(mu - mu_p)^2 e^{-l_p} + expm1(d) - d]`` with ``d = l - l_p``; the part
``expm1(d) - d`` is the KL term from logarithms at ``p = 1``, ``q = e^{d}`` (``stable-kl-from-logs``),
whose first branch is its series near ``d = 0`` (``|u| <= 1/8``, ``u = expm1(d) / (2 + expm1(d))``).
The NumPy path (:mod:`.gaussian`) and the array API path (:mod:`.array_api.gaussian`) lambdify these.

>>> series, elsewhere, radius = variance_forms()
>>> radius
1/8
>>> sorted(str(s) for s in gradient_forms()[0][0])
['k', 'm', 'n']
"""

from __future__ import annotations

from functools import cache

import sympy as sp

from ..errors import InvalidArgumentError
from ..formulas import stable
from ..formulas.gaussian import gaussian_kl_gradient_log_variance, gaussian_kl_gradient_mean

__all__ = ["SERIES_SYMBOLS", "VARIANCE_SYMBOLS", "gradient_forms", "variance_forms"]

_mu, _mu_prior, _log_var, _log_var_prior = sp.symbols("m n l k", real=True)
_q, _gap, _total, _u = sp.symbols("q g t u", real=True)

#: The arguments of the series branch: ``2 + expm1(d)`` and ``u``.
SERIES_SYMBOLS: tuple[sp.Symbol, sp.Symbol] = (_total, _u)
#: The arguments of the other branches: ``q = e^{d}`` and ``d``.
VARIANCE_SYMBOLS: tuple[sp.Symbol, sp.Symbol] = (_q, _gap)


@cache
def variance_forms() -> tuple[sp.Expr, sp.Expr, sp.Expr]:
    """``(series, elsewhere, radius)``: ``expm1(d) - d`` near ``d = 0`` (in ``t, u``), elsewhere (in ``q, d``)."""
    form = stable.kl_term_from_logs(sp.S.One, _q, _gap, _total, _u, terms=stable.KL_SERIES_TERMS)
    (series, near), *others = form.args
    if near != (sp.Abs(_u) <= stable.KL_SERIES_RADIUS):
        raise InvalidArgumentError("the KL term from logs changed: its first branch is no longer the series")
    return series, sp.Piecewise(*others), stable.KL_SERIES_RADIUS


def gradient_forms() -> tuple[tuple[tuple[sp.Symbol, ...], sp.Expr], tuple[tuple[sp.Symbol, ...], sp.Expr]]:
    """The gradients ``gaussian-kl-diagonal`` proves: in ``mu`` (of ``m, n, k``) and in ``l`` (of ``l, k``)."""
    return (
        ((_mu, _mu_prior, _log_var_prior), gaussian_kl_gradient_mean(_mu, _mu_prior, _log_var_prior)),
        ((_log_var, _log_var_prior), gaussian_kl_gradient_log_variance(_log_var, _log_var_prior)),
    )
