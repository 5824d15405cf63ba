"""The numerically stable elementwise forms, as SymPy expressions: what the kernels lambdify.

Each form here is proved equal to its textbook definition (from :mod:`symbolic_info.formulas.definitions`)
by a certificate in the catalogue (Part "Stable numeric forms", :mod:`symbolic_info.catalogue.stable_forms`);
:mod:`.kernels` lambdifies exactly these expressions. The forms avoid what goes wrong in floating
point: ``exp`` of a large positive number (overflow), ``log(1 + x)`` for tiny ``x`` (use ``log1p``),
and differences of nearly equal numbers (cancellation).

>>> z = sp.Symbol("z", real=True)
>>> log_sigmoid(z)
-log1p(exp(-Abs(z))) + Min(0, z)
>>> u = sp.Symbol("u", positive=True)
>>> log_sigmoid(u), log_sigmoid(-u)
(-log1p(exp(-u)), -u - log1p(exp(-u)))
"""

from __future__ import annotations

from types import MappingProxyType

import sympy as sp
from sympy.codegen.cfunctions import expm1, log1p

from .special import xlog1py, xlogy

__all__ = [
    "CERTIFICATES",
    "DOUBLE_MAX_EXPONENT",
    "DOUBLE_MIN_EXPONENT",
    "KL_SERIES_RADIUS",
    "KL_SERIES_TERMS",
    "binary_cross_entropy",
    "binary_entropy",
    "cross_entropy_term",
    "cross_entropy_term_from_logs",
    "entropy_term",
    "kl_term",
    "kl_term_from_logs",
    "kl_term_series",
    "log_sigmoid",
    "log_softmax",
    "logistic_loss",
    "odd_series_tail",
    "sigmoid",
    "softmax",
    "softmax_cross_entropy_term",
    "softplus",
    "weighted_binary_cross_entropy",
    "weighted_logistic_loss",
]

#: The series form of the generalised KL term is used for ``|u| <= 1/8``, ``u = (q - p)/(q + p)``.
KL_SERIES_RADIUS = sp.Rational(1, 8)
#: Terms ``k = 1..9`` of ``atanh(u) - u = sum_k u^(2k+1)/(2k+1)``: the tail is below ``4e-19 u^2`` there.
KL_SERIES_TERMS = 9
#: ``p/q`` is a normal double in ``[2^-1022, 2^1023]``; outside, ``log(p/q)`` is taken as ``log p - log q``.
DOUBLE_MIN_EXPONENT, DOUBLE_MAX_EXPONENT = -1022, 1023


#: The derivation (catalogue id) that proves each kernel's form equal to its definition; the entropy and
#: cross-entropy terms are the definitions' own terms.
CERTIFICATES = MappingProxyType(
    {
        "sigmoid": "stable-sigmoid",
        "log_sigmoid": "stable-sigmoid",
        "logistic_loss": "stable-logistic-loss",
        "binary_entropy": "stable-binary-entropy",
        "binary_cross_entropy": "stable-binary-entropy",
        "log_softmax": "stable-log-softmax",
        "softmax": "stable-log-softmax",
        "softmax_cross_entropy_term": "stable-log-softmax",
        "kl_term": "stable-kl-divergence",
        "weighted_logistic_loss": "stable-loss-options",
        "weighted_binary_cross_entropy": "stable-loss-options",
        "kl_term_from_logs": "stable-kl-from-logs",
        "cross_entropy_term_from_logs": "stable-kl-from-logs",
        "entropy_term": "the definition",
        "cross_entropy_term": "the definition",
    }
)


def _softplus_of_minus_abs(z: sp.Expr) -> sp.Expr:
    """``log(1 + e^{-|z|})``: the argument of ``log1p`` is in ``(0, 1]``, never large, never cancelled."""
    return log1p(sp.exp(-sp.Abs(z)))


def sigmoid(z: sp.Expr) -> sp.Expr:
    """``sigma(z) = e^{min(z, 0)} / (1 + e^{-|z|})``: no exponent is ever positive."""
    return sp.exp(sp.Min(z, 0)) / (1 + sp.exp(-sp.Abs(z)))


def log_sigmoid(z: sp.Expr) -> sp.Expr:
    """``log sigma(z) = min(z, 0) - log1p(e^{-|z|})``: two terms of one sign."""
    return sp.Min(z, 0) - _softplus_of_minus_abs(z)


def softplus(z: sp.Expr) -> sp.Expr:
    """``log(1 + e^z) = max(z, 0) + log1p(e^{-|z|})``: two nonnegative terms."""
    return sp.Max(z, 0) + _softplus_of_minus_abs(z)


def logistic_loss(z: sp.Expr, y: sp.Expr) -> sp.Expr:
    """Binary cross-entropy of a label ``y`` and ``sigma(z)``: three nonnegative terms for ``0 <= y <= 1``.

    ``max(z, 0)(1 - y) + max(-z, 0) y + log1p(e^{-|z|})``; the usual ``max(z, 0) - z y + ...``
    loses every digit of ``z(1 - y)`` when ``y`` is close to 1.
    """
    return sp.Max(z, 0) * (1 - y) + sp.Max(-z, 0) * y + _softplus_of_minus_abs(z)


def log_softmax(shifted: sp.Expr, rest: sp.Expr) -> sp.Expr:
    """``log softmax_k = (z_k - m) - log1p(s)``: ``m = z_a`` the largest logit, ``s = sum_{j != a} e^{z_j - m}``.

    ``shifted`` is ``z_k - m <= 0``; ``rest`` is the reduction ``s`` (``0 <= s <= n - 1``).
    """
    return shifted - log1p(rest)


def softmax(shifted: sp.Expr, rest: sp.Expr) -> sp.Expr:
    """``softmax_k = e^{z_k - m} / (1 + s)``: exponents ``<= 0``, a denominator in ``[1, n]``."""
    return sp.exp(shifted) / (1 + rest)


def softmax_cross_entropy_term(label: sp.Expr, shifted: sp.Expr, rest: sp.Expr) -> sp.Expr:
    """``-y_k log softmax_k = y_k (log1p(s) - (z_k - m))``: both parts nonnegative, so the row sum never cancels."""
    return label * (log1p(rest) - shifted)


def entropy_term(p: sp.Expr) -> sp.Expr:
    """``-p log p`` with ``0 log 0 = 0``: the definition's term is already stable (no cancellation)."""
    return -xlogy(p, p)


def cross_entropy_term(p: sp.Expr, q: sp.Expr) -> sp.Expr:
    """``-p log q`` with ``0 log q = 0``: the definition's term."""
    return -xlogy(p, q)


def binary_entropy(p: sp.Expr) -> sp.Expr:
    """``H_b(p) = -p log p - (1 - p) log1p(-p)``: ``log(1 - p)`` without rounding ``1 - p`` first."""
    return -xlogy(p, p) - xlog1py(1 - p, -p)


def binary_cross_entropy(y: sp.Expr, q: sp.Expr) -> sp.Expr:
    """``-y log q - (1 - y) log1p(-q)``."""
    return -xlogy(y, q) - xlog1py(1 - y, -q)


def weighted_binary_cross_entropy(y: sp.Expr, q: sp.Expr, pos_weight: sp.Expr) -> sp.Expr:
    """``-w y log q - (1 - y) log1p(-q)``: the positive part weighted by ``pos_weight``."""
    return -pos_weight * xlogy(y, q) - xlog1py(1 - y, -q)


def weighted_logistic_loss(z: sp.Expr, y: sp.Expr, pos_weight: sp.Expr) -> sp.Expr:
    """``w y max(-z, 0) + (1 - y) max(z, 0) + (w y + 1 - y) log1p(e^{-|z|})``: three nonnegative terms.

    The binary cross-entropy from logits with ``pos_weight`` ``w``: ``w y softplus(-z) + (1 - y) softplus(z)``
    with each softplus split as in :func:`softplus`. At ``w = 1`` it is :func:`logistic_loss`.
    """
    return (
        pos_weight * y * sp.Max(-z, 0) + (1 - y) * sp.Max(z, 0) + (pos_weight * y + 1 - y) * _softplus_of_minus_abs(z)
    )


def odd_series_tail(u: sp.Expr, terms: int | None = None) -> sp.Expr:
    """``atanh(u) - u`` exactly (``terms=None``), or its Taylor polynomial ``sum_{k=1}^{terms} u^(2k+1)/(2k+1)``.

    The polynomial is nested (Horner's rule in ``u^2``), the order in which the kernels evaluate it.

    >>> u = sp.Symbol("u")
    >>> odd_series_tail(u, 2)
    u**3*(u**2/5 + 1/3)
    """
    if terms is None:
        return sp.atanh(u) - u
    square = u**2
    nested: sp.Expr = sp.Rational(1, 2 * terms + 1)
    for k in range(terms - 1, 0, -1):
        nested = sp.Rational(1, 2 * k + 1) + square * nested
    return u**3 * nested


def kl_term_series(total: sp.Expr, u: sp.Expr, terms: int | None = None) -> sp.Expr:
    """The generalised KL term ``p log(p/q) - p + q`` written with ``s = p + q`` and ``u = (q - p)/(q + p)``.

    ``s u^2 - s (1 - u) (atanh(u) - u)``: for small ``|u|`` the first part dominates and
    ``atanh(u) - u ~ u^3/3`` is summed as a series, so nothing cancels (``terms`` truncates it).
    """
    return total * u**2 - total * (1 - u) * odd_series_tail(u, terms)


def kl_term(p: sp.Expr, q: sp.Expr, total: sp.Expr, u: sp.Expr, terms: int | None = None) -> sp.Expr:
    """The generalised KL term, piecewise: ``q`` at ``p = 0``, the series near ``p = q``, ``p log(p/q) - p + q`` else.

    ``total`` and ``u`` stand for ``p + q`` and ``(q - p)/(q + p)`` (symbols the kernel computes
    once, or the expressions themselves). Where ``p/q`` is not a normal double, ``log(p/q)`` is
    evaluated as ``log p - log q``.
    """
    ratio = p / q
    lowest, highest = sp.Integer(2) ** DOUBLE_MIN_EXPONENT, sp.Integer(2) ** DOUBLE_MAX_EXPONENT
    return sp.Piecewise(
        (q, sp.Eq(p, 0)),
        (kl_term_series(total, u, terms), sp.Abs(u) <= KL_SERIES_RADIUS),
        (p * sp.log(ratio) - p + q, (ratio >= lowest) & (ratio <= highest)),
        (p * (sp.log(p) - sp.log(q)) - p + q, True),
    )


def kl_term_from_logs(
    p: sp.Expr, q: sp.Expr, gap: sp.Expr, total: sp.Expr, u: sp.Expr, terms: int | None = None
) -> sp.Expr:
    """The generalised KL term at ``p = e^a``, ``q = e^b`` from the logarithms, never from ``log(p/q)``.

    ``gap`` stands for ``d = b - a``, ``total`` for ``p + q`` and ``u`` for ``expm1(d)/(2 + expm1(d))``
    (which is ``(q - p)/(q + p)``): ``q`` at ``p = 0``; the series form of :func:`kl_term_series` near
    ``p = q``; ``p (expm1(d) - d)`` for ``d <= 1``; ``q - p (1 + d)`` beyond (no overflow: ``q <= 1``).
    """
    return sp.Piecewise(
        (q, sp.Eq(p, 0)),
        (kl_term_series(total, u, terms), sp.Abs(u) <= KL_SERIES_RADIUS),
        (p * (expm1(gap) - gap), gap <= 1),
        (q - p * (1 + gap), True),
    )


def cross_entropy_term_from_logs(p: sp.Expr, b: sp.Expr) -> sp.Expr:
    """``-p b`` with ``b = log q``, and 0 where ``p = 0`` (also for ``b = -oo``)."""
    return sp.Piecewise((sp.S.Zero, sp.Eq(p, 0)), (-p * b, True))
