"""The focal loss: cross-entropy with well-classified examples down-weighted, its stable form and its gradient.

Lin et al. (2017) multiply the cross-entropy of the true class by ``(1 - q_t)^gamma``. The chains
show the ratio to the cross-entropy exactly (at most 1, tending to 0 as ``q_t -> 1``), ``gamma = 0``
giving the cross-entropy back, torchvision's loss of a logit in the softplus form the kernel
evaluates (:mod:`symbolic_info.formulas.focal`), and its derivative in the logit.
"""

from __future__ import annotations

import sympy as sp

from ..engine import Chain, Derivation
from ..engine.domain import Domain, Real
from ..engine.operations import Limit
from ..formulas import definitions, focal
from ..formulas.focal import FocalWeight, LogitCrossEntropy, Softplus
from ..formulas.learning import Sigmoid
from .terms import concluded

__all__ = ["focal_loss"]

_LOG_SIGMOID = (
    "$-\\log\\sigma(z) = \\operatorname{softplus}(-z)$, $-\\log(1 - \\sigma(z)) = \\operatorname{softplus}(z)$"
)


def _over_cross_entropy(q_t: sp.Expr, gamma: sp.Expr, cross_entropy: sp.Expr) -> sp.Expr:
    """``FL(q_t) / CE`` with ``CE = log(1/q_t)`` as written, left unevaluated (SymPy would cancel it at once)."""
    with sp.evaluate(False):
        loss = focal.focal_loss(q_t, gamma)
    return sp.Mul(loss, sp.Pow(cross_entropy, -1, evaluate=False), evaluate=False)


def _down_weighting(q_t: sp.Symbol, gamma: sp.Symbol) -> tuple[Chain, ...]:
    """``FL / CE = (1 - q_t)^gamma``: at most 1, 1/100 at ``q_t = 0.9``, ``gamma = 2``; ``-> 0`` as ``q_t -> 1``."""
    with sp.evaluate(False):
        cross_entropy = sp.log(1 / q_t)
    ratio = Chain.start(
        _over_cross_entropy(q_t, gamma, cross_entropy),
        label=r"\mathrm{FL}/\mathrm{CE}",
        because="the focal loss over the cross-entropy $-\\log q_t$ of the true class",
        intro=(
            "The focal loss (Lin et al., 2017) of the probability $q_t$ the model gives the true class is "
            "$\\mathrm{FL}(q_t) = -(1 - q_t)^{\\gamma}\\log q_t$. Against the cross-entropy $-\\log q_t$:"
        ),
    ).equals((1 - q_t) ** gamma, "$\\log(1/q_t) = -\\log q_t > 0$ cancels")
    bound = (
        Chain.start((1 - q_t) ** gamma, label=r"(1 - q_t)^{\gamma}", intro="The weight never exceeds 1:")
        .equals(sp.exp(gamma * sp.log(1 - q_t)), "$x^{\\gamma} = e^{\\gamma\\log x}$ for $x > 0$")
        .le(sp.S.One, "$\\gamma \\geq 0$ and $\\log(1 - q_t) < 0$: the exponent is $\\leq 0$")
    )
    vanishing = Chain.start(
        (1 - q_t) ** gamma,
        label=r"(1 - q_t)^{\gamma}",
        intro="and for $\\gamma > 0$ it vanishes on the examples the model already gets right:",
    ).tends(sp.S.Zero, "$1 - q_t \\to 0^{+}$ and $\\gamma > 0$", by=Limit(q_t, sp.S.One, "-"))
    example = Chain.start(
        _over_cross_entropy(sp.Rational(9, 10), sp.Integer(2), sp.log(sp.Rational(10, 9))),
        label=r"\mathrm{FL}/\mathrm{CE}",
        intro="A well-classified example, $q_t = 0.9$, with the usual $\\gamma = 2$:",
    ).equals(sp.Rational(1, 100), "$(1 - 0.9)^2 = 0.01$: it counts 100 times less than in the cross-entropy")
    return ratio, bound, vanishing, example


def _logit_forms(z: sp.Symbol, y: sp.Symbol, gamma: sp.Symbol) -> tuple[Chain, ...]:
    """torchvision's loss of a logit and a label in ``[0, 1]``, in softplus form; the label 1; ``gamma = 0``."""
    q = Sigmoid(z)
    weight, cross_entropy = FocalWeight(z, y), LogitCrossEntropy(z, y)
    softplus_form = (
        Chain.start(
            focal.torchvision_focal_loss(q, y, gamma),
            label=r"\mathrm{FL}(z, y)",
            because="$q_t = \\sigma(z) y + (1 - \\sigma(z))(1 - y)$, times the binary cross-entropy",
            intro=(
                "From a logit $z$ and a label $y \\in [0, 1]$ (torchvision's sigmoid_focal_loss; a soft label "
                "keeps the binary cross-entropy in place of $-\\log q_t$), with no logarithm of a rounded "
                "probability and no $1 - q_t$ cancelled:"
            ),
        )
        .equals(
            weight.unfold() ** gamma * cross_entropy.unfold(),
            "$1 - q_t = y(1 - \\sigma(z)) + (1 - y)\\sigma(z)$ with $1 - \\sigma(z) = \\sigma(-z)$; " + _LOG_SIGMOID,
        )
        .equals(
            focal.logit_focal_loss(z, y, gamma),
            "naming the factors $m(z, y) = 1 - q_t$ and the cross-entropy $\\ell(z, y)$: the kernel's form, each "
            "$\\sigma$ and softplus as in [ref:stable-sigmoid] and [ref:stable-logistic-loss]",
        )
    )
    hard = Chain.start(
        focal.focal_loss(q, gamma),
        label=r"\mathrm{FL}(z, 1)",
        because="the label 1: $q_t = \\sigma(z)$",
        intro="For the label $y = 1$ it is the textbook focal loss of $q_t = \\sigma(z)$:",
    ).equals(
        focal.logit_focal_loss(z, 1, gamma),
        "$1 - \\sigma(z) = \\sigma(-z)$ and $-\\log\\sigma(z) = \\operatorname{softplus}(-z)$",
    )
    with sp.evaluate(False):
        unweighted = weight**0 * cross_entropy
    plain = Chain.start(
        unweighted,
        label=r"\mathrm{FL}_0(z, y)",
        intro="With $\\gamma = 0$ the weight is 1: the focal loss is the cross-entropy.",
    ).equals(
        definitions.binary_cross_entropy(y, q), "$m^0 = 1$, and $\\ell$ is the binary cross-entropy of $\\sigma(z)$"
    )
    return softplus_form, hard, plain


def _gradients(z: sp.Symbol, y: sp.Symbol, gamma: sp.Symbol) -> tuple[Chain, ...]:
    """The derivative of the softplus form in the logit, for any label and for the label 1."""
    m, loss = FocalWeight(z, y), LogitCrossEntropy(z, y)
    general = (
        Chain.start(
            sp.Derivative(focal.logit_focal_loss(z, y, gamma), z),
            label=r"\frac{\partial\,\mathrm{FL}}{\partial z}",
            intro=(
                "Its derivative in the logit, with $\\sigma'(z) = \\sigma(z)\\sigma(-z)$ and "
                "$\\operatorname{softplus}'(z) = \\sigma(z)$:"
            ),
        )
        .equals(
            gamma * m ** (gamma - 1) * sp.Derivative(m, z) * loss + m**gamma * sp.Derivative(loss, z),
            "the product rule, and the chain rule for $m^{\\gamma}$",
        )
        .equals(
            gamma * m ** (gamma - 1) * (1 - 2 * y) * Sigmoid(z) * Sigmoid(-z) * loss + m**gamma * (Sigmoid(z) - y),
            "$\\partial_z m = (1 - 2y)\\sigma(z)\\sigma(-z)$ and $\\partial_z \\ell = \\sigma(z) - y$",
        )
        .equals(
            focal.logit_focal_gradient(z, y, gamma),
            "$\\sigma(z) - y = (1 - y)\\sigma(z) - y\\sigma(-z)$: the form the kernel evaluates",
        )
    )
    hard = Chain.start(
        sp.Derivative(focal.logit_focal_loss(z, 1, gamma), z),
        label=r"\frac{\partial\,\mathrm{FL}(z, 1)}{\partial z}",
        intro="For the label 1 the two terms have the same sign (no cancellation):",
    ).equals(
        -(Sigmoid(-z) ** gamma) * (gamma * Sigmoid(z) * Softplus(-z) + Sigmoid(-z)),
        "the cross-entropy's $-\\sigma(-z)$ down-weighted, and the weight's own change",
    )
    return general, hard


def focal_loss() -> Derivation:
    """``FL = -(1 - q_t)^gamma log q_t``: its ratio to cross-entropy, its softplus form in the logit, its gradient."""
    q_t, z = sp.Symbol("q_t", positive=True), sp.Symbol("z", real=True)
    y, gamma = sp.Symbol("y", positive=True), sp.Symbol("gamma", positive=True)
    domain = Domain.of(Real(q_t, 0, 1), Real(gamma, low=0), Real(z), Real(y, 0, 1))
    chains = (*_down_weighting(q_t, gamma), *_logit_forms(z, y, gamma), *_gradients(z, y, gamma))
    return Derivation(
        "focal-loss",
        "The focal loss: cross-entropy that down-weights the easy examples",
        domain,
        chains,
        theorem=concluded(chains),
        summary=(
            "A binary classifier's probability $q_t$ of the true class, a logit $z$ with $q = \\sigma(z)$, a label "
            "$y \\in [0, 1]$ and a focusing parameter $\\gamma \\geq 0$; losses in nats."
        ),
        conclusion=(
            "$\\mathrm{FL}/\\mathrm{CE} = (1 - q_t)^{\\gamma} \\leq 1$, tending to 0 as $q_t \\to 1$ "
            "($1/100$ at $q_t = 0.9$, $\\gamma = 2$), and $\\gamma = 0$ gives the cross-entropy back. From a logit: "
            "$\\mathrm{FL} = m^{\\gamma}\\ell$ with $m = 1 - q_t = y\\sigma(-z) + (1 - y)\\sigma(z)$ and the "
            "cross-entropy $\\ell = y\\operatorname{softplus}(-z) + (1 - y)\\operatorname{softplus}(z)$, and "
            "$\\partial_z\\mathrm{FL} = m^{\\gamma}[(1 - y)\\sigma(z) - y\\sigma(-z)] + "
            "\\gamma(1 - 2y)m^{\\gamma - 1}\\sigma(z)\\sigma(-z)\\,\\ell$."
        ),
    )
