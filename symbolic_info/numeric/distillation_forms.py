"""The distillation loss for every array library: its forms, the logarithms of its rows, and its checks.

Per class, the generalised KL term from logarithms ``e^{a}(expm1(d) - d)`` (``stable-kl-from-logs``,
given ``p, q, d, p + q, u`` computed once) and the gradient ``T (q - p)`` in the stable form that
``distillation-temperature`` proves. The NumPy path (:mod:`.distillation`) and the array API path
(:mod:`.array_api.distillation`) lambdify the same forms, and compute ``a = log softmax(t/T)``,
``d = log softmax(s/T) - a`` and ``q = softmax(s/T)`` with the same functions
(:func:`log_ratios`, :func:`student_probabilities`) over their namespace (``numpy`` or ``xp``).

>>> check_temperature(2)
2.0
>>> [str(symbol) for symbol in TERM_SYMBOLS]
['p', 'q', 'g', 't', 'u']
"""

from __future__ import annotations

import math
from typing import Any

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
    "log_ratios",
    "student_probabilities",
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


def _rest(xp: Any, shifted: Any) -> Any:
    """``sum_{j != a} e^{x_j}`` per row of logits shifted by their maximum (``x_a = 0``; ties count 1 each)."""
    at_maximum = shifted == 0
    others = xp.sum(xp.where(at_maximum, 0.0, xp.exp(shifted)), axis=-1, keepdims=True)
    ties = xp.sum(xp.where(at_maximum, xp.ones_like(shifted), 0.0), axis=-1, keepdims=True)
    return others + (ties - 1.0)


def log_ratios(xp: Any, s: Any, t: Any, temperature: float) -> tuple[Any, Any]:
    """``a = log softmax(t/T)`` and ``d = log softmax(s/T) - a`` (classes last), from differences taken before ``/T``.

    Where the student's logits, shifted by their value at the teacher's top class, stay below
    ``T`` (a student near its teacher), the normalisers' difference is summed from
    ``e^{x_j} - e^{y_j}`` as ``e^{y_j} expm1(delta_j)`` or ``-e^{x_j} expm1(-delta_j)`` (the smaller
    outside), ``delta_j = x_j - y_j`` from the differences of the logits: it keeps its digits
    where ``log1p(r_s) - log1p(r_t)`` would cancel. Elsewhere each normaliser is taken at its own maximum.
    A ``-inf`` logit is a masked class: ``d = -inf`` (student), ``+inf`` (teacher), 0 (both).

    >>> a, d = log_ratios(np, np.array([[0.0, 0.0]]), np.array([[0.0, 0.0]]), 2.0)
    >>> a.tolist(), d.tolist()
    ([[-0.6931471805599453, -0.6931471805599453]], [[0.0, 0.0]])
    """
    largest_s, largest_t = xp.max(s, axis=-1, keepdims=True), xp.max(t, axis=-1, keepdims=True)
    y = (t - largest_t) / temperature
    rest_t = _rest(xp, y)
    far = ((s - t) - (largest_s - largest_t)) / temperature - (
        xp.log1p(_rest(xp, (s - largest_s) / temperature)) - xp.log1p(rest_t)
    )
    top = xp.argmax(t, axis=-1, keepdims=True)
    at_top = xp.take_along_axis(s, top, axis=-1)
    x = (s - at_top) / temperature
    shifts = ((s - t) - (at_top - largest_t)) / temperature
    differences = xp.where(shifts > 0, -xp.exp(x) * xp.expm1(-shifts), xp.exp(y) * xp.expm1(shifts))
    differences = xp.where(xp.isnan(differences), 0.0, differences)
    near = shifts - xp.log1p(xp.sum(differences, axis=-1, keepdims=True) / (1.0 + rest_t))
    highest = xp.max(xp.where(xp.isnan(x), -math.inf, x), axis=-1, keepdims=True)
    gaps = xp.where(xp.isfinite(at_top) & (highest <= 1.0), near, far)
    masked_s, masked_t = s == -math.inf, t == -math.inf
    gaps = xp.where(masked_s, -math.inf, xp.where(masked_t, math.inf, gaps))
    return y - xp.log1p(rest_t), xp.where(masked_s & masked_t, 0.0, gaps)


def student_probabilities(xp: Any, s: Any, temperature: float) -> Any:
    """``q = softmax(s/T)`` (classes last), for the KL term and the gradient (``d`` comes from :func:`log_ratios`)."""
    shifted = (s - xp.max(s, axis=-1, keepdims=True)) / temperature
    return xp.exp(shifted - xp.log(xp.sum(xp.exp(shifted), axis=-1, keepdims=True)))
