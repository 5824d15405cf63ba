"""The distillation loss's forms for the kernels of every array library, and the checks of its options.

Per class, the generalised KL term from logarithms ``e^{a}(expm1(d) - d)`` (``stable-kl-from-logs``,
given ``p, q, d, p + q, u`` computed once) and the gradient ``T (q - p)`` in the stable form that
``distillation-temperature`` proves. The NumPy path (:mod:`.distillation`) and the array API path
(:mod:`.array_api.distillation`) lambdify the same forms.

>>> check_temperature(2)
2.0
>>> [str(symbol) for symbol in TERM_SYMBOLS]
['p', 'q', 'g', 't', 'u']
"""

from __future__ import annotations

import math

import numpy as np
import sympy as sp

from ..errors import InvalidArgumentError
from ..formulas import stable
from ..formulas.distillation import stable_distillation_gradient

__all__ = [
    "DISTILLATION_REDUCTIONS",
    "GRADIENT_SYMBOLS",
    "TERM_SYMBOLS",
    "check_temperature",
    "gradient_form",
    "term_form",
]

#: The reductions of the distillation loss: PyTorch's ``"batchmean"`` (the default) as for ``kl_divergence``.
DISTILLATION_REDUCTIONS = ("none", "mean", "sum", "batchmean")

_p, _q, _gap, _total, _u = sp.symbols("p q g t u", real=True)
_temperature = sp.Symbol("T", real=True)

#: The arguments of the KL term: ``p``, ``q``, ``d = log q - log p``, ``p + q`` and ``u = expm1(d)/(2 + expm1(d))``.
TERM_SYMBOLS: tuple[sp.Symbol, ...] = (_p, _q, _gap, _total, _u)
#: The arguments of the gradient: ``p``, ``q``, ``d`` and the temperature.
GRADIENT_SYMBOLS: tuple[sp.Symbol, ...] = (_p, _q, _gap, _temperature)


def term_form() -> sp.Expr:
    """The KL term from the logarithms (``stable.kl_term_from_logs``), with its series near ``d = 0``."""
    return stable.kl_term_from_logs(_p, _q, _gap, _total, _u, terms=stable.KL_SERIES_TERMS)


def gradient_form() -> sp.Expr:
    """``T (q - p)`` as :func:`~symbolic_info.formulas.distillation.stable_distillation_gradient` gives it."""
    return stable_distillation_gradient(_p, _q, _gap, _temperature)


def check_temperature(temperature: object) -> float:
    """``temperature`` as a finite float ``> 0``."""
    if isinstance(temperature, bool) or not isinstance(temperature, (int, float, np.integer, np.floating)):
        raise InvalidArgumentError(f"temperature must be a positive number, got {temperature!r}")
    value = float(temperature)
    if not (value > 0 and math.isfinite(value)):  # False for NaN
        raise InvalidArgumentError(f"temperature must be finite and > 0, got {temperature!r}")
    return value
