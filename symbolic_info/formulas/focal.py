"""The focal loss (Lin et al., 2017) as formulas: the textbook loss, torchvision's loss of a logit, its stable form.

``FL = -(1 - q_t)^gamma log q_t``, ``q_t`` the probability the model gives the true class: a
cross-entropy whose well-classified examples (``q_t`` near 1) are down-weighted by ``(1 - q_t)^gamma``.
From a logit ``z`` and a label ``y`` in ``[0, 1]`` (torchvision's ``sigmoid_focal_loss``, soft labels
allowed) it is ``(1 - q_t)^gamma`` times the binary cross-entropy, with ``q = sigma(z)`` and
``q_t = q y + (1 - q)(1 - y)`` (:func:`torchvision_focal_loss`). The catalogue's ``focal-loss`` proves the softplus form
:func:`logit_focal_loss` and its gradient :func:`logit_focal_gradient` equal to these definitions;
:mod:`symbolic_info.numeric.focal` lambdifies them through :func:`numeric_form`, which writes each
``sigma`` and ``softplus`` in the stable form of :mod:`.stable`.

>>> z, y, gamma = sp.Symbol("z", real=True), sp.Symbol("y", positive=True), sp.Symbol("gamma", positive=True)
>>> focal_loss(sp.Rational(9, 10), 2) / -sp.log(sp.Rational(9, 10))  # well classified: 1/100 of the CE
1/100
>>> logit_focal_loss(z, y, gamma), logit_focal_loss(z, 1, 0)
(FocalWeight(z, y)**gamma*LogitCrossEntropy(z, y), Softplus(-z))
>>> numeric_form(Softplus(z))
log1p(exp(-Abs(z))) + Max(0, z)
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from . import stable
from .definitions import as_exact, binary_cross_entropy
from .learning import Sigmoid
from .named import NamedQuantity

__all__ = [
    "FocalWeight",
    "LogitCrossEntropy",
    "Softplus",
    "class_balance",
    "focal_loss",
    "logit_focal_gradient",
    "logit_focal_loss",
    "numeric_form",
    "torchvision_focal_loss",
    "true_class_probability",
]


def _named_latex(printer: Any, symbol: str, arguments: tuple[sp.Basic, ...], exp: str | None) -> str:
    inner = ", ".join(printer._print(argument) for argument in arguments)
    body = rf"{symbol}\left({inner}\right)"
    return body if exp is None else rf"{body}^{{{exp}}}"


class Softplus(NamedQuantity):
    """``softplus(z)``, shown by name; it unfolds to ``log(1 + exp(z))`` (``-log sigma(-z)``)."""

    nargs = 1

    def unfold(self) -> sp.Expr:
        return sp.log(1 + sp.exp(self.args[0]))

    def _eval_is_positive(self) -> bool | None:
        return True if self.args[0].is_extended_real else None

    def _handout_latex(self, printer: Any, exp: str | None = None) -> str:
        return _named_latex(printer, r"\operatorname{softplus}", self.args, exp)

    _latex = _handout_latex


class FocalWeight(NamedQuantity):
    """``m(z, y) = 1 - q_t = y sigma(-z) + (1 - y) sigma(z)``, shown by name; ``sigma(-z)`` for the label 1."""

    nargs = 2

    @classmethod
    def eval(cls, z: sp.Expr, y: sp.Expr) -> sp.Expr | None:
        if y == 1:
            return Sigmoid(-z)
        if y == 0:
            return Sigmoid(z)
        return None

    def unfold(self) -> sp.Expr:
        z, y = self.args
        return y * Sigmoid(-z) + (1 - y) * Sigmoid(z)

    def _eval_is_positive(self) -> bool | None:
        return True if self.args[0].is_extended_real and self.args[1].is_positive else None

    def _handout_latex(self, printer: Any, exp: str | None = None) -> str:
        return _named_latex(printer, "m", self.args, exp)

    _latex = _handout_latex


class LogitCrossEntropy(NamedQuantity):
    """``l(z, y) = y softplus(-z) + (1 - y) softplus(z)``: the binary cross-entropy of ``sigma(z)``, shown by name."""

    nargs = 2

    @classmethod
    def eval(cls, z: sp.Expr, y: sp.Expr) -> sp.Expr | None:
        if y == 1:
            return Softplus(-z)
        if y == 0:
            return Softplus(z)
        return None

    def unfold(self) -> sp.Expr:
        z, y = self.args
        return y * Softplus(-z) + (1 - y) * Softplus(z)

    def _handout_latex(self, printer: Any, exp: str | None = None) -> str:
        return _named_latex(printer, r"\ell", self.args, exp)

    _latex = _handout_latex


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


def torchvision_focal_loss(q: object, y: object, gamma: object) -> sp.Expr:
    """``(1 - q_t)^gamma`` times the binary cross-entropy of ``y`` and the prediction ``q = sigma(z)``: torchvision's.

    Unweighted (``alpha`` multiplies it: :func:`class_balance`). For a label 0 or 1 it is
    :func:`focal_loss` of ``q_t``; for a soft label the cross-entropy replaces ``-log q_t``.
    """
    prediction = as_exact(q)
    return (1 - true_class_probability(prediction, y)) ** as_exact(gamma) * binary_cross_entropy(y, prediction)


def logit_focal_loss(z: object, y: object, gamma: object) -> sp.Expr:
    """The focal loss of a logit in softplus form, ``m(z, y)^gamma l(z, y)``: the form the kernel evaluates.

    ``m = 1 - q_t = y sigma(-z) + (1 - y) sigma(z)`` (:class:`FocalWeight`, two nonnegative terms, never
    ``1`` minus a rounded ``q_t``) and ``l = y softplus(-z) + (1 - y) softplus(z)`` (:class:`LogitCrossEntropy`,
    no logarithm of a rounded probability).
    """
    logit, label = as_exact(z), as_exact(y)
    return FocalWeight(logit, label) ** as_exact(gamma) * LogitCrossEntropy(logit, label)


def logit_focal_gradient(z: object, y: object, gamma: object) -> sp.Expr:
    """``d/dz`` of :func:`logit_focal_loss`, with ``m = 1 - q_t`` and ``l`` the cross-entropy.

    ``m^gamma ((1 - y) sigma(z) - y sigma(-z)) + gamma (1 - 2y) m^(gamma - 1) sigma(z) sigma(-z) l``: the
    cross-entropy's gradient down-weighted, plus the change of the weight. For a label 1 both terms
    are negative (no cancellation).
    """
    logit, label, power = as_exact(z), as_exact(y), as_exact(gamma)
    factor = FocalWeight(logit, label)
    residual = (1 - label) * Sigmoid(logit) - label * Sigmoid(-logit)
    weight_change = power * (1 - 2 * label) * factor ** (power - 1) * Sigmoid(logit) * Sigmoid(-logit)
    return factor**power * residual + weight_change * LogitCrossEntropy(logit, label)


def numeric_form(expression: sp.Expr) -> sp.Expr:
    """``expression`` with ``m`` and ``l`` unfolded, each ``sigma`` and softplus in the stable form of :mod:`.stable`.

    Both forms are proved equal to their definitions in the book (``stable-sigmoid``, ``stable-logistic-loss``).
    """
    unfolded = expression.replace(lambda e: isinstance(e, (FocalWeight, LogitCrossEntropy)), lambda e: e.unfold())
    return unfolded.replace(
        lambda e: isinstance(e, (Sigmoid, Softplus)),
        lambda e: stable.sigmoid(e.args[0]) if isinstance(e, Sigmoid) else stable.softplus(e.args[0]),
    )
