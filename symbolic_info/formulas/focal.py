"""The focal loss (Lin et al., 2017) as formulas: the textbook loss, torchvision's loss of a logit, its stable form.

``FL = -(1 - q_t)^gamma log q_t``, ``q_t`` the probability the model gives the true class: a
cross-entropy whose well-classified examples (``q_t`` near 1) are down-weighted by ``(1 - q_t)^gamma``.
From a logit ``z`` and a label ``y`` in ``[0, 1]`` (torchvision's ``sigmoid_focal_loss``, soft labels
allowed) it is ``(1 - q_t)^gamma`` times the binary cross-entropy, with ``q = sigma(z)`` and
``q_t = q y + (1 - q)(1 - y)``. The catalogue's ``focal-loss`` proves the softplus form
:func:`logit_focal_loss` and its gradient :func:`logit_focal_gradient` equal to these definitions;
:mod:`symbolic_info.numeric.focal` lambdifies them through :func:`numeric_form`, which writes each
``sigma`` and ``softplus`` in the stable form of :mod:`.stable`.

>>> z, y, gamma = sp.Symbol("z", real=True), sp.Symbol("y", positive=True), sp.Symbol("gamma", positive=True)
>>> focal_loss(sp.Rational(9, 10), 2) / -sp.log(sp.Rational(9, 10))  # well classified: 1/100 of the CE
1/100
>>> logit_focal_loss(z, 1, 0)
Softplus(-z)
>>> numeric_form(Softplus(z))
log1p(exp(-Abs(z))) + Max(0, z)
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from . import stable
from .definitions import as_exact, binary_cross_entropy, sigmoid
from .learning import Sigmoid
from .named import NamedQuantity

__all__ = [
    "Softplus",
    "class_balance",
    "focal_factor",
    "focal_loss",
    "logit_focal_gradient",
    "logit_focal_loss",
    "numeric_form",
    "torchvision_focal_loss",
    "true_class_probability",
]


class Softplus(NamedQuantity):
    """``softplus(z)``, shown by name; it unfolds to ``log(1 + exp(z))`` (``-log sigma(-z)``)."""

    nargs = 1

    def unfold(self) -> sp.Expr:
        return sp.log(1 + sp.exp(self.args[0]))

    def _eval_is_positive(self) -> bool | None:
        return True if self.args[0].is_extended_real else None

    def _latex(self, printer: Any, exp: str | None = None) -> str:
        (argument,) = self.args
        body = rf"\operatorname{{softplus}}\left({printer._print(argument)}\right)"
        return body if exp is None else rf"{body}^{{{exp}}}"


def focal_loss(true_probability: object, gamma: object) -> sp.Expr:
    """The textbook focal loss ``-(1 - q_t)^gamma log q_t`` of the true class's probability ``q_t``."""
    q_t = as_exact(true_probability)
    return -((1 - q_t) ** as_exact(gamma)) * sp.log(q_t)


def true_class_probability(q: object, y: object) -> sp.Expr:
    """``q_t = q y + (1 - q)(1 - y)``: ``q`` for the label 1, ``1 - q`` for the label 0 (torchvision's ``p_t``)."""
    prediction, label = as_exact(q), as_exact(y)
    return prediction * label + (1 - prediction) * (1 - label)


def class_balance(y: object, alpha: object) -> sp.Expr:
    """``alpha_t = alpha y + (1 - alpha)(1 - y)``: the weight torchvision's ``alpha`` puts on an example."""
    label, weight = as_exact(y), as_exact(alpha)
    return weight * label + (1 - weight) * (1 - label)


def torchvision_focal_loss(z: object, y: object, gamma: object) -> sp.Expr:
    """``(1 - q_t)^gamma`` times the binary cross-entropy of ``y`` and ``q = sigma(z)``: torchvision's loss, unweighted.

    For a label 0 or 1 it is :func:`focal_loss` of ``q_t``; for a soft label the cross-entropy
    replaces ``-log q_t`` (as torchvision computes it).
    """
    q = sigmoid(z)
    return (1 - true_class_probability(q, y)) ** as_exact(gamma) * binary_cross_entropy(y, q)


def focal_factor(z: object, y: object) -> sp.Expr:
    """``1 - q_t = y sigma(-z) + (1 - y) sigma(z)``: two nonnegative terms, never ``1`` minus a rounded ``q_t``."""
    logit, label = as_exact(z), as_exact(y)
    return label * Sigmoid(-logit) + (1 - label) * Sigmoid(logit)


def _cross_entropy(z: sp.Expr, y: sp.Expr) -> sp.Expr:
    """The binary cross-entropy of ``sigma(z)`` in softplus form: ``y softplus(-z) + (1 - y) softplus(z)``."""
    return y * Softplus(-z) + (1 - y) * Softplus(z)


def logit_focal_loss(z: object, y: object, gamma: object) -> sp.Expr:
    """The focal loss of a logit in softplus form: ``(y sigma(-z) + (1 - y) sigma(z))^gamma (y softplus(-z) + ...)``.

    No probability is rounded before a logarithm is taken: the form the kernel evaluates.
    """
    logit, label = as_exact(z), as_exact(y)
    return focal_factor(logit, label) ** as_exact(gamma) * _cross_entropy(logit, label)


def logit_focal_gradient(z: object, y: object, gamma: object) -> sp.Expr:
    """``d/dz`` of :func:`logit_focal_loss`, with ``m = 1 - q_t`` and ``l`` the cross-entropy.

    ``m^gamma ((1 - y) sigma(z) - y sigma(-z)) + gamma (1 - 2y) m^(gamma - 1) sigma(z) sigma(-z) l``: the
    cross-entropy's gradient down-weighted, plus the change of the weight. For a label 1 both terms
    are negative (no cancellation).
    """
    logit, label, power = as_exact(z), as_exact(y), as_exact(gamma)
    factor = focal_factor(logit, label)
    residual = (1 - label) * Sigmoid(logit) - label * Sigmoid(-logit)
    weight_change = power * (1 - 2 * label) * factor ** (power - 1) * Sigmoid(logit) * Sigmoid(-logit)
    return factor**power * residual + weight_change * _cross_entropy(logit, label)


def numeric_form(expression: sp.Expr) -> sp.Expr:
    """``expression`` with each ``sigma(a)`` and ``softplus(a)`` in the stable form of :mod:`.stable`, to lambdify.

    Both forms are proved equal to their definitions in the book (``stable-sigmoid``, ``stable-logistic-loss``).
    """
    return expression.replace(
        lambda e: isinstance(e, (Sigmoid, Softplus)),
        lambda e: stable.sigmoid(e.args[0]) if isinstance(e, Sigmoid) else stable.softplus(e.args[0]),
    )
