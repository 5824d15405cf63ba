"""The focal loss's forms for the kernels of every array library, and the checks of its two parameters.

The proved loss and gradient in the logit (:mod:`symbolic_info.formulas.focal`, derivation
``focal-loss``) with the stable ``sigma`` and softplus, split into terms: a term is a coefficient
(``y``, ``1 - y``, ``gamma``) times a part that may be infinite at an infinite logit, so that a
kernel can take a term whose coefficient is exactly 0 as 0, its limit. The NumPy path
(:mod:`.focal`) and the array API path (:mod:`.array_api.focal`) lambdify the same terms.

>>> sorted(focal_forms())
['gradient', 'loss']
>>> len(focal_terms("loss")) > 1
True
>>> check_gamma(2), check_alpha(-1.0)
(2.0, None)
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np
import sympy as sp

from ..errors import InvalidArgumentError
from ..formulas import focal

__all__ = ["FOCAL_SYMBOLS", "check_alpha", "check_gamma", "focal_forms", "focal_terms"]

#: The symbols of the focal kernels, in order: the logit, the target and ``gamma``.
FOCAL_SYMBOLS: tuple[sp.Symbol, sp.Symbol, sp.Symbol] = sp.symbols("z y gamma", real=True)


def focal_forms() -> dict[str, sp.Expr]:
    """The expressions the kernels evaluate: the proved loss and gradient with the stable ``sigma`` and softplus."""
    z, y, gamma = FOCAL_SYMBOLS
    return {
        "loss": focal.numeric_form(focal.logit_focal_loss(z, y, gamma)),
        "gradient": focal.numeric_form(focal.logit_focal_gradient(z, y, gamma)),
    }


@cache
def focal_terms(name: str) -> tuple[sp.Expr, ...]:
    """The form ``name`` as its terms (see :func:`_terms`), computed once."""
    return _terms(focal_forms()[name])


def _terms(expression: sp.Expr) -> tuple[sp.Expr, ...]:
    """``expression`` as a sum of products: a factor that is a sum holding a softplus (a ``Max``) is distributed.

    Other sums (``1 - y``, ``1 - 2y``, the weight ``m``) stay whole: expanding them would cancel.
    """
    terms: list[sp.Expr] = []
    for term in sp.Add.make_args(expression):
        factors = sp.Mul.make_args(term)
        split = next((k for k, factor in enumerate(factors) if isinstance(factor, sp.Add) and factor.has(sp.Max)), None)
        if split is None:
            terms.append(term)
            continue
        rest = sp.Mul(*factors[:split], *factors[split + 1 :])
        terms.extend(_terms(sp.Add(*(rest * part for part in sp.Add.make_args(factors[split])))))
    return tuple(terms)


def check_gamma(gamma: object) -> float:
    """``gamma`` as a finite float ``>= 0``."""
    if isinstance(gamma, bool) or not isinstance(gamma, (int, float, np.integer, np.floating)):
        raise InvalidArgumentError(f"gamma must be a number >= 0, got {gamma!r}")
    value = float(gamma)
    if not (value >= 0 and math.isfinite(value)):  # False for NaN
        raise InvalidArgumentError(f"gamma must be finite and >= 0, got {gamma!r}")
    return value


def check_alpha(alpha: object) -> float | None:
    """``alpha`` in ``[0, 1]``, or None for no weighting (also for ``alpha < 0``, as in torchvision)."""
    if alpha is None:
        return None
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float, np.integer, np.floating)):
        raise InvalidArgumentError(f"alpha must be a number <= 1 or None, got {alpha!r}")
    value = float(alpha)
    if math.isnan(value) or value > 1:
        raise InvalidArgumentError(f"alpha must be <= 1 (or < 0 / None: no weighting), got {alpha!r}")
    return None if value < 0 else value
