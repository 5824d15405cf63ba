"""Logistic regression: squared error against cross-entropy, the Hessian, and convexity."""

from __future__ import annotations

import sympy as sp

from ..engine import Chain, Derivation
from ..engine.domain import BinaryLabel, CategoryCount, CategoryIndex, Domain, LabelVector, Real, RealMatrix, RealVector
from ..engine.operations import Differentiate, Limit, Substitute
from ..formulas.definitions import binary_cross_entropy
from ..formulas.learning import (
    Dot,
    Sigmoid,
    ce_gradient_factor,
    ce_loss,
    logistic_hessian_term,
    logistic_weight,
    mse_gradient_factor,
    mse_loss,
)
from ..formulas.vectors import Categories, Vector, index_symbol
from .terms import stated

__all__ = ["gradient_comparison", "logistic_regression_hessian", "mse_sigmoid_nonconvex"]

_SATURATED = -10  # the score of a "confidently wrong" prediction, as in the source article's argument, with label y = 1


def _ratio(numerator: sp.Expr, denominator: sp.Expr) -> sp.Expr:
    """``numerator / denominator`` shown as written, without cancelling common factors."""
    return sp.Mul(numerator, sp.Pow(denominator, -1, evaluate=False), evaluate=False)


def gradient_comparison() -> Derivation:
    """The MSE gradient is the cross-entropy gradient times ``sigma(1 - sigma) <= 1/4``, vanishing at saturation."""
    z, y = sp.Symbol("z", real=True), sp.Symbol("y", real=True)
    x_k = sp.Symbol("x_k", real=True)
    ratio = (
        Chain.start(
            _ratio(mse_gradient_factor(z, y) * x_k, ce_gradient_factor(z, y) * x_k),
            label=r"\frac{\partial L_{\mathrm{MSE}} / \partial w_k}{\partial L_{\mathrm{CE}} / \partial w_k}",
            intro=(
                "The two gradients for one example with score $z = w^\\top x$ and label $y$ "
                "([ref:mse-sigmoid-gradient], [ref:ce-sigmoid-gradient]), component $k$, with $x_k \\neq 0$:"
            ),
            because="squared error over cross-entropy",
        )
        .equals(logistic_weight(z), "$(\\sigma(z) - y) x_k$ cancels; it is not 0, as $0 < \\sigma(z) < 1$")
        .equals(1 / (sp.exp(z) + 2 + sp.exp(-z)), "$\\sigma(z)\\sigma(-z) = 1/((1 + e^{-z})(1 + e^{z}))$")
        .le(sp.Rational(1, 4), "$e^{z} + e^{-z} \\geq 2$: the MSE gradient is at most a quarter of the CE gradient")
    )
    right = Chain.start(logistic_weight(z), label=r"\sigma'(z)", because="the ratio").tends(
        0, "the sigmoid saturates at 1", by=Limit(z, sp.oo, "+-")
    )
    left = Chain.start(logistic_weight(z), label=r"\sigma'(z)", because="the ratio").tends(
        0, "and at 0: for large $|z|$ the MSE gradient is a vanishing fraction of the CE one", by=Limit(z, -sp.oo, "+-")
    )
    point = {y: 1, z: _SATURATED}
    saturated = sp.Integer(_SATURATED)
    at_point = (
        Chain.start(
            _ratio(mse_gradient_factor(saturated, 1) * x_k, ce_gradient_factor(saturated, 1) * x_k),
            label="\\text{ratio}",
            intro=(
                f"The argument of [cite:entropy-ce-kl-post] made exact: label $y = 1$, score $z = {_SATURATED}$, "
                "so the model says "
                f"$\\sigma({_SATURATED}) \\approx 4.5 \\cdot 10^{{-5}}$: confidently wrong."
            ),
            because=f"at $y = 1$, $z = {_SATURATED}$",
        )
        .equals(Sigmoid(saturated) * Sigmoid(-saturated), "the factor cancels as above")
        .equals(1 / (sp.exp(10) + 2 + sp.exp(-10)), "$\\sigma(-10)\\sigma(10) = 1/((1 + e^{10})(1 + e^{-10}))$")
        .lt(sp.Rational(1, 22000), "$e^{10} > 22026$")
    )
    ce_at_point = (
        Chain.start(
            ce_gradient_factor(z, y).subs(point),
            label=r"\frac{\partial L_{\mathrm{CE}}}{\partial z}",
            because=f"the cross-entropy factor at $y = 1$, $z = {_SATURATED}$",
        )
        .equals(-Sigmoid(-saturated), "$\\sigma(z) - 1 = -\\sigma(-z)$")
        .lt(-sp.Rational(9999, 10000), "almost the largest possible size, 1: a strong push towards $y = 1$")
    )
    mse_at_point = (
        Chain.start(
            mse_gradient_factor(z, y).subs(point),
            label=r"\frac{\partial L_{\mathrm{MSE}}}{\partial z}",
            because="the squared-error factor at the same point",
        )
        .equals(-(Sigmoid(-saturated) ** 2) * Sigmoid(saturated), "$\\sigma(z) - 1 = -\\sigma(-z)$")
        .gt(-sp.Rational(1, 22000), "a push more than 22000 times weaker")
    )
    ce_tail = Chain.start(
        ce_gradient_factor(z, 1),
        label=r"\frac{\partial L_{\mathrm{CE}}}{\partial z}\Big|_{y=1}",
        intro="In the limit of a confidently wrong prediction ($y = 1$, $z \\to -\\infty$):",
        because="the cross-entropy factor",
    ).tends(-1, "the cross-entropy gradient tends to $-x$: learning continues", by=Limit(z, -sp.oo, "+-"))
    mse_tail = Chain.start(
        mse_gradient_factor(z, 1),
        label=r"\frac{\partial L_{\mathrm{MSE}}}{\partial z}\Big|_{y=1}",
        because="the squared-error factor",
    ).tends(0, "the squared-error gradient vanishes: learning stalls", by=Limit(z, -sp.oo, "+-"))
    domain = Domain.of(Real(z), BinaryLabel(y), Real(x_k))
    return Derivation(
        "gradient-comparison",
        "Squared error against cross-entropy: the size of the gradient",
        domain,
        (ratio, right, left, at_point, ce_at_point, mse_at_point, ce_tail, mse_tail),
        theorem=(stated(ratio.first, "<=", sp.Rational(1, 4)),),
        summary="Why classification uses cross-entropy: the squared-error gradient is damped by $\\sigma'$.",
        conclusion=(
            "$\\nabla L_{\\mathrm{MSE}} = \\sigma(z)(1 - \\sigma(z))\\, \\nabla L_{\\mathrm{CE}}$ with "
            "$\\sigma(z)(1 - \\sigma(z)) = 1/(e^{z} + 2 + e^{-z}) \\le 1/4$, tending to 0 as $|z| \\to \\infty$. "
            "At the confidently wrong prediction $y = 1$, $z = -10$ the ratio is exactly "
            "$1/(e^{10} + 2 + e^{-10}) < 1/22000$: the cross-entropy gradient is almost $-x$ while the "
            "squared-error gradient is about $-4.5 \\cdot 10^{-5} x$. The argument of [cite:entropy-ce-kl-post] "
            "holds for saturated predictions; near $z = 0$ the two differ only by a factor of 4. (The articles write "
            "the label as "
            "$p$ and the prediction as $q$, and [cite:entropy-ce-kl-post] swaps the two in its three-class example; "
            "here $y$ is always the label.)"
        ),
    )


def logistic_regression_hessian() -> Derivation:
    """Logistic regression's loss: gradient ``sum (h_i - y_i) x_i``, Hessian ``sum h_i (1 - h_i) x_i x_i^T``, convex."""
    count, d = sp.Symbol("N", integer=True, positive=True), sp.Symbol("d", integer=True, positive=True)
    examples, features = Categories(count, index_symbol("i")), Categories(d, index_symbol("j"))
    i, k, ell = examples.index, index_symbol("k"), index_symbol("l")
    w, v = Vector("w", features, positive=False), Vector("v", features, positive=False)
    labels = Vector("y", examples, positive=False)
    x = sp.IndexedBase("x", real=True)
    t = sp.Symbol("t", real=True)
    y = labels.base
    score = Dot(w.base, x, d, i)
    direction = Dot(v.base, x, d, i)
    loss = examples.total(lambda i: binary_cross_entropy(y[i], Sigmoid(Dot(w.base, x, d, i))))
    gradient = Chain.start(
        sp.Derivative(loss, w[k]),
        label=r"\frac{\partial J}{\partial w_k}",
        intro=(
            "$N$ examples $x_i \\in \\mathbb{R}^d$ (the rows of $x$) with labels $y_i$ and predictions "
            "$h_i = \\sigma(w^\\top x_i)$. The loss $J(w)$ is the sum of their cross-entropies "
            "(the negative log-likelihood, see [ref:mle-bernoulli])."
        ),
        because="$J(w) = -\\sum_i [y_i \\log h_i + (1 - y_i)\\log(1 - h_i)]$",
    ).equals(
        examples.total(lambda i: ce_gradient_factor(Dot(w.base, x, d, i), y[i]) * x[i, k]),
        "each example contributes $(h_i - y_i)\\, x_{ik}$ ([ref:ce-sigmoid-gradient])",
    )
    hessian = (
        Chain.start(
            sp.Derivative(loss, w[k], w[ell]),
            label=r"\frac{\partial^2 J}{\partial w_k \partial w_l}",
            because="differentiating the gradient once more",
        )
        .equals(
            examples.total(lambda i: logistic_weight(Dot(w.base, x, d, i)) * x[i, k] * x[i, ell]),
            "$\\partial h_i / \\partial w_l = h_i(1 - h_i)\\, x_{il}$; the labels $y_i$ do not depend on $w$",
        )
        .equals(
            examples.total(lambda i: logistic_hessian_term(Dot(w.base, x, d, i), x[i, k], x[i, ell])),
            "$1 - h_i = \\sigma(-w^\\top x_i)$: the form evaluated numerically",
        )
    )
    line = examples.total(lambda i: binary_cross_entropy(y[i], Sigmoid(Dot(w.base, x, d, i) + t * direction)))
    convex = (
        Chain.start(
            sp.Derivative(line, t),
            label=r"\frac{d}{dt} J(w + t v)",
            intro=(
                "In matrix form $H = \\sum_i h_i(1 - h_i)\\, x_i x_i^\\top$. Its quadratic form in a direction "
                "$v$ is the second derivative of $J$ along the line $w + tv$, where each score is "
                "$(w + tv)^\\top x_i = w^\\top x_i + t\\, v^\\top x_i$; at $t = 0$ it is $v^\\top H v$."
            ),
            because="$J$ restricted to a line",
        )
        .equals(
            examples.total(lambda i: ce_gradient_factor(score + t * direction, y[i]) * direction),
            "the chain rule, with $d(w + tv)^\\top x_i / dt = v^\\top x_i$",
        )
        .implies(
            examples.total(lambda i: logistic_weight(score + t * direction) * direction**2),
            "differentiating once more in $t$: $\\sigma' = \\sigma(1 - \\sigma)$",
            by=Differentiate(t),
        )
        .implies(
            examples.total(lambda i: logistic_weight(Dot(w.base, x, d, i)) * Dot(v.base, x, d, i) ** 2),
            "at $t = 0$: $v^\\top H v = \\sum_i h_i(1 - h_i)(v^\\top x_i)^2$",
            by=Substitute({t: 0}),
        )
        .ge(0, "every term is $h_i(1 - h_i) > 0$ times a square: $H$ is positive semidefinite")
    )
    domain = Domain.of(
        CategoryCount(count, values=(2, 3, 4)),
        CategoryCount(d, values=(3, 2, 5)),
        CategoryIndex(k, d),
        CategoryIndex(ell, d),
        RealVector(w),
        RealVector(v),
        RealMatrix(x, count, d),
        LabelVector(labels),
        Real(t),
    )
    return Derivation(
        "logistic-regression-hessian",
        "Logistic regression: the Hessian is positive semidefinite",
        domain,
        (gradient, hessian, convex),
        theorem=(
            stated(gradient.first, "=", gradient.steps[-1].statement),
            stated(hessian.first, "=", hessian.steps[-1].statement),
        ),
        summary="The cross-entropy loss of logistic regression is convex in the weights.",
        conclusion=(
            "$\\nabla J = \\sum_i (h_i - y_i)\\, x_i$ and $H = \\sum_i h_i(1 - h_i)\\, x_i x_i^\\top$ with "
            "$v^\\top H v = \\sum_i h_i(1 - h_i)(v^\\top x_i)^2 \\geq 0$ for every $v$: $H$ is positive "
            "semidefinite at every $w$, so $J$ is convex and every stationary point is a global minimum. "
            "$v^\\top H v = 0$ only for $v$ orthogonal to every $x_i$, so $H$ is positive definite (and $J$ strictly "
            "convex) exactly when the $x_i$ span $\\mathbb{R}^d$; the Hessian does not depend on the labels."
        ),
    )


def mse_sigmoid_nonconvex() -> Derivation:
    """Squared error through a sigmoid is not convex in the weight: its curvature is negative at ``w = -log 3``."""
    w, x = sp.Symbol("w", real=True), sp.Symbol("x", real=True)
    y = sp.Symbol("y", real=True)
    s = Sigmoid(w * x)
    curvature = x**2 * logistic_weight(w * x) * (logistic_weight(w * x) + (s - y) * (1 - 2 * s))
    factored = x**2 * logistic_weight(w * x) * (1 - s) * (3 * s - 1)  # the curvature for the label y = 1
    first = Chain.start(
        sp.Derivative(mse_loss(w * x, y), w),
        label="f'(w)",
        intro=(
            "One weight $w$, one input $x$ and a label $y$: $f(w) = \\frac12(\\sigma(wx) - y)^2$. "
            "A twice differentiable function is convex exactly when its second derivative is never negative."
        ),
        because="the squared error as a function of the weight",
    ).equals(mse_gradient_factor(w * x, y) * x, "the chain rule ([ref:mse-sigmoid-gradient] with $d = 1$)")
    second = (
        Chain.start(sp.Derivative(mse_loss(w * x, y), (w, 2)), label="f''(w)", because="differentiating again")
        .equals(curvature, "the product rule, with $(\\sigma(1 - \\sigma))' = \\sigma(1 - \\sigma)(1 - 2\\sigma)$")
        .implies(
            factored,
            "for the label $y = 1$: $\\sigma(1 - \\sigma) + (\\sigma - 1)(1 - 2\\sigma) = (1 - \\sigma)(3\\sigma - 1)$",
            by=Substitute({y: 1}),
        )
    )
    point = {w: -sp.log(3), x: 1}
    negative = (
        Chain.start(
            factored,
            label="f''(w)",
            intro=(
                "For $y = 1$ the curvature has the sign of $3\\sigma(wx) - 1$: negative when $\\sigma(wx) < 1/3$, "
                "that is $wx < -\\log 2$. An exact point: $x = 1$, $w = -\\log 3$, where $\\sigma(-\\log 3) = 1/4$."
            ),
            because="the curvature for $y = 1$ found above",
        )
        .implies(factored.subs(point), "at $w = -\\log 3$, $x = 1$", by=Substitute(tuple(point.items())))
        .equals(
            sp.UnevaluatedExpr(sp.Rational(3, 16))
            * sp.UnevaluatedExpr(sp.Rational(3, 4))
            * sp.UnevaluatedExpr(sp.Rational(-1, 4)),
            "$\\sigma = 1/4$: $\\sigma(1 - \\sigma) = 3/16$, $1 - \\sigma = 3/4$, $3\\sigma - 1 = -1/4$",
        )
        .equals(sp.Rational(-9, 256), "arithmetic")
        .lt(0, "the curvature is negative: $f$ is not convex")
    )
    other = {w: sp.log(3), x: 1}
    positive = (
        Chain.start(factored, label="f''(w)", because="the same curvature, $y = 1$")
        .implies(factored.subs(other), "at $w = \\log 3$, $x = 1$", by=Substitute(tuple(other.items())))
        .equals(sp.Rational(15, 256), "$\\sigma(\\log 3) = 3/4$")
        .gt(0, "positive here: the curvature changes sign, so $f$ is not concave either")
    )
    cross_entropy = (
        Chain.start(
            sp.Derivative(ce_loss(w * x, y), (w, 2)),
            label=r"\frac{d^2}{dw^2} L_{\mathrm{CE}}",
            intro="For comparison, the cross-entropy of the same prediction:",
            because="the cross-entropy as a function of the weight",
        )
        .equals(x**2 * logistic_weight(w * x), "its derivative is $(\\sigma(wx) - y)x$ ([ref:ce-sigmoid-gradient])")
        .ge(0, "never negative: convex for every label and input")
    )
    domain = Domain.of(Real(w), Real(x), BinaryLabel(y))
    return Derivation(
        "mse-sigmoid-nonconvex",
        "Squared error through a sigmoid is not convex",
        domain,
        (first, second, negative, positive, cross_entropy),
        theorem=(stated(first.first, "=", first.steps[-1].statement), stated(cross_entropy.first, ">=", 0)),
        summary="Why the squared error breaks the convexity of logistic regression.",
        conclusion=(
            "For $y = 1$, $f''(w) = x^2 \\sigma(1 - \\sigma)^2 (3\\sigma - 1)$ with $\\sigma = \\sigma(wx)$: "
            "$f''(-\\log 3) = -9/256 < 0$ and $f''(\\log 3) = 15/256 > 0$ at $x = 1$. The squared error of a "
            "sigmoid output is neither convex nor concave in the weight, so gradient descent on it can stall "
            "on flat, curved-down regions; the cross-entropy has curvature $x^2 \\sigma(1 - \\sigma) \\geq 0$ "
            "and is convex ([ref:logistic-regression-hessian])."
        ),
    )
