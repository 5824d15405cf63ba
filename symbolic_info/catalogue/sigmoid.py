"""The sigmoid: its derivative, its largest slope, its second derivative, and a form safe to compute."""

from __future__ import annotations

import sympy as sp

from ..engine import Chain, Derivation
from ..engine.domain import BinaryLabel, CategoryCount, CategoryIndex, Declaration, Domain, Real, RealVector
from ..engine.operations import Differentiate, Gradient, Limit, Solve, Stationarity, Substitute
from ..formulas.definitions import binary_cross_entropy, sigmoid
from ..formulas.learning import (
    Dot,
    Sigmoid,
    ce_gradient_factor,
    ce_loss,
    ce_loss_softplus,
    logistic_weight,
    mse_gradient_factor,
    mse_loss,
    softplus_stable,
    stable_logistic_weight,
    stable_mse_gradient_factor,
    stable_residual,
    stable_sigmoid,
)
from ..formulas.vectors import Categories, Vector, index_symbol
from .terms import stated

__all__ = ["WRITTEN_OUT_DIMENSION", "ce_sigmoid_gradient", "mse_sigmoid_gradient", "sigmoid_derivative"]

#: Up to this dimension an explicit-d gradient is also shown as a full vector.
WRITTEN_OUT_DIMENSION = 4


def sigmoid_derivative() -> Derivation:
    """``sigma' = sigma(1 - sigma) = sigma(z) sigma(-z) <= 1/4`` (equal at ``z = 0``); ``sigma''`` too."""
    z = sp.Symbol("z", real=True)
    u = sp.Symbol("u", positive=True)
    s = Sigmoid(z)
    symmetry = (
        Chain.start(
            1 - s,
            intro="The definition is $\\sigma(z) = 1/(1 + e^{-z})$. First a symmetry used throughout:",
            because="the probability of the other class",
        )
        .equals(sp.exp(-z) / (1 + sp.exp(-z)), "a common denominator")
        .equals(1 / (sp.exp(z) + 1), "multiplying above and below by $e^{z}$")
        .equals(Sigmoid(-z), "the definition at $-z$")
    )
    derivative = (
        Chain.start(sp.Derivative(sigmoid(z), z), label=r"\sigma'(z)", because="the definition")
        .equals(sp.exp(-z) / (1 + sp.exp(-z)) ** 2, "the chain rule on $(1 + e^{-z})^{-1}$")
        .equals(
            sp.UnevaluatedExpr(1 / (1 + sp.exp(-z))) * sp.UnevaluatedExpr(sp.exp(-z) / (1 + sp.exp(-z))),
            "splitting the fraction",
        )
        .equals(logistic_weight(z), "the two factors are $\\sigma(z)$ and $1 - \\sigma(z)$")
        .equals(stable_logistic_weight(z), "the symmetry $1 - \\sigma(z) = \\sigma(-z)$")
        .gt(0, "both factors are positive: $\\sigma$ is strictly increasing")
    )
    maximum = (
        Chain.start(
            logistic_weight(z),
            label=r"\sigma'(z)",
            intro="The largest slope: complete the square in $\\sigma$.",
            because="from above",
        )
        .equals(sp.Rational(1, 4) - (s - sp.Rational(1, 2)) ** 2, "completing the square")
        .le(sp.Rational(1, 4), "a square is nonnegative; equality exactly when $\\sigma(z) = 1/2$, i.e. $z = 0$")
    )
    at_zero = (
        Chain.start(logistic_weight(sp.Integer(0)), label=r"\sigma'(0)", because="at $z = 0$")
        .equals(sp.Mul(sp.Rational(1, 2), sp.Rational(1, 2), evaluate=False), "$\\sigma(0) = 1/(1 + 1) = 1/2$")
        .equals(sp.Rational(1, 4), "so the bound $1/4$ is attained, and only there")
    )
    second = (
        Chain.start(
            sp.Derivative(sigmoid(z), (z, 2)),
            label=r"\sigma''(z)",
            intro="The second derivative, by the product rule with $\\sigma' = \\sigma(1 - \\sigma)$:",
            because="the definition",
        )
        .equals(
            logistic_weight(z) * (1 - s) - s * logistic_weight(z),
            "$(\\sigma(1 - \\sigma))' = \\sigma'(1 - \\sigma) - \\sigma \\sigma'$",
        )
        .equals(logistic_weight(z) * (1 - 2 * s), "collecting $\\sigma'$")
    )
    inflection = (
        Chain.start(
            sp.Derivative(sigmoid(z), z),
            label=r"\sigma'(z)",
            intro="The slope is largest where the curvature vanishes:",
            because="the slope in terms of $z$",
        )
        .implies(
            sp.Eq(sp.exp(-z) * (sp.exp(-z) - 1) / (1 + sp.exp(-z)) ** 3, 0),
            "stationarity of the slope: $\\sigma''(z) = 0$",
            by=Stationarity(z),
        )
        .implies(sp.Eq(z, 0), "$e^{-z} = 1$: the only inflection point", by=Solve(z))
    )
    right_tail = Chain.start(logistic_weight(z), label=r"\sigma'(z)", because="far from the origin").tends(
        0, "$\\sigma(z) \\to 1$, so $1 - \\sigma(z) \\to 0$: the sigmoid saturates", by=Limit(z, sp.oo, "+-")
    )
    left_tail = Chain.start(logistic_weight(z), label=r"\sigma'(z)", because="and on the other side").tends(
        0, "$\\sigma(z) \\to 0$", by=Limit(z, -sp.oo, "+-")
    )
    positive_case = (
        Chain.start(
            stable_sigmoid(z),
            intro=(
                "For computing: $1 + e^{-z}$ overflows for $z \\ll 0$. The form below never exponentiates "
                "a positive number, and it equals $\\sigma(z)$ on both sides of 0:"
            ),
            because="the form used by the numeric gradients",
        )
        .implies(stable_sigmoid(u), "for $z = u > 0$: $|z| = z$", by=Substitute({z: u}))
        .equals(Sigmoid(u), "the definition")
    )
    negative_case = (
        Chain.start(stable_sigmoid(z), because="the same form")
        .implies(stable_sigmoid(-u), "for $z = -u < 0$: $|z| = -z$", by=Substitute({z: -u}))
        .equals(1 / (sp.exp(u) + 1), "multiplying above and below by $e^{u}$")
        .equals(Sigmoid(-u), "the definition at $z = -u$")
    )
    domain = Domain.of(Real(z), Real(u, low=0))
    return Derivation(
        "sigmoid-derivative",
        "The derivative of the sigmoid",
        domain,
        (
            symmetry,
            derivative,
            maximum,
            at_zero,
            second,
            inflection,
            right_tail,
            left_tail,
            positive_case,
            negative_case,
        ),
        theorem=(
            stated(symmetry.first, "=", symmetry.steps[-1].statement),
            stated(derivative.first, ">", 0),
            stated(maximum.first, "<=", sp.Rational(1, 4)),
        ),
        summary="The logistic function, its slope and curvature, and why its gradients vanish when it saturates.",
        conclusion=(
            "$\\sigma'(z) = \\sigma(z)(1 - \\sigma(z)) = \\sigma(z)\\sigma(-z) \\in (0, 1/4]$, with the maximum "
            "$1/4$ only at $z = 0$ and $\\sigma'(z) \\to 0$ as $|z| \\to \\infty$; "
            "$\\sigma''(z) = \\sigma(z)(1 - \\sigma(z))(1 - 2\\sigma(z))$, "
            "so $\\sigma$ is convex for $z < 0$ and concave for $z > 0$. For computing, "
            "$\\sigma(z) = e^{(z - |z|)/2}/(1 + e^{-|z|})$ and $1 - \\sigma(z) = \\sigma(-z)$ avoid overflow "
            "and cancellation."
        ),
    )


def _score(n: int | None) -> tuple[sp.Expr, sp.IndexedBase, sp.IndexedBase, sp.Symbol, Dot, tuple[Declaration, ...]]:
    """``d``, ``w``, ``x``, the component index ``k``, the score ``w^T x``, and their declarations."""
    d = sp.Symbol("d", integer=True, positive=True) if n is None else sp.Integer(n)
    features = Categories(d, index_symbol("j"))
    w, x = Vector("w", features, positive=False), Vector("x", features, positive=False)
    k = index_symbol("k")
    declarations: tuple[Declaration, ...] = (
        *((CategoryCount(d),) if n is None else ()),
        CategoryIndex(k, d),
        RealVector(w),
        RealVector(x),
    )
    return d, w.base, x.base, k, Dot(w.base, x.base, d), declarations


def _dimension(n: int | None) -> str:
    return "$d$" if n is None else f"$d = {n}$"


def mse_sigmoid_gradient(n: int | None = None) -> Derivation:
    """The squared-error gradient through a sigmoid, ``(sigma - y) sigma (1 - sigma) x``.

    ``n`` (the CLI's ``--n``) is the dimension ``d`` of the weight vector; without it ``d`` is
    a symbol. The component ``k`` stays symbolic either way, so the derivation has the same
    size for any ``d``; for ``d <= 4`` the whole gradient vector is also written out.
    """
    d, w, x, k, score, declarations = _score(n)
    z, y = sp.Symbol("z", real=True), sp.Symbol("y", real=True)
    score_rule = Chain.start(
        sp.Derivative(score, w[k]),
        label=r"\frac{\partial z}{\partial w_k}",
        intro=(
            f"A model with weights $w$ of dimension {_dimension(n)} scores an example $x$ by "
            f"$z = w^\\top x = \\sum_{{j=1}}^{{{sp.latex(d)}}} w_j x_j$ and predicts $q = \\sigma(z)$; "
            "the label is $y$. The gradient follows from three derivatives and the chain rule."
        ),
        because="the score is linear in $w$",
    ).equals(x[k], "only the term $j = k$ of $\\sum_j w_j x_j$ contains $w_k$")
    in_z = (
        Chain.start(sp.Derivative(mse_loss(z, y), z), label=r"\frac{dL}{dz}", because="$L = (\\sigma(z) - y)^2/2$")
        .equals((Sigmoid(z) - y) * sp.Derivative(Sigmoid(z), z), "$dL/dq = q - y$ at $q = \\sigma(z)$")
        .equals(mse_gradient_factor(z, y), "$\\sigma' = \\sigma(1 - \\sigma)$ (see [ref:sigmoid-derivative])")
    )
    in_w = (
        Chain.start(
            sp.Derivative(mse_loss(score, y), w[k]),
            label=r"\frac{\partial L}{\partial w_k}",
            because="the loss as a function of the weights",
        )
        .equals(mse_gradient_factor(score, y) * x[k], "the chain rule: $dL/dz$ at $z = w^\\top x$, times $x_k$")
        .equals(
            stable_mse_gradient_factor(score, y) * x[k],
            "$\\sigma(z) - y = (1 - y)\\sigma(z) - y\\sigma(-z)$ and $1 - \\sigma(z) = \\sigma(-z)$: "
            "the form the numeric gradient evaluates, free of cancellation",
        )
    )
    chains = [score_rule, in_z, in_w]
    if n is not None and n <= WRITTEN_OUT_DIMENSION:
        entries = Vector("w", Categories(d, index_symbol("j")), positive=False).entries()
        factor = mse_gradient_factor(score, y)
        chains.append(
            Chain.start(
                mse_loss(score, y),
                label="L(w)",
                intro=f"All {n} components at once:",
                because="the loss",
            ).implies(
                sp.Matrix([factor * x[j] for j in range(1, n + 1)]),
                "the gradient $\\nabla_w L = (\\sigma(z) - y)\\,\\sigma(z)(1 - \\sigma(z))\\, x$",
                by=Gradient(*entries),
            )
        )
    domain = Domain.of(*declarations, Real(z), BinaryLabel(y))
    return Derivation(
        "mse-sigmoid-gradient",
        "The squared-error gradient through a sigmoid",
        domain,
        tuple(chains),
        theorem=(stated(in_w.first, "=", in_w.steps[-1].statement),),
        summary=f"$L = \\frac12(\\sigma(w^\\top x) - y)^2$ for a weight vector of dimension {_dimension(n)}.",
        conclusion=(
            "$\\nabla_w L = (\\sigma(z) - y)\\,\\sigma(z)(1 - \\sigma(z))\\, x$ with $z = w^\\top x$. "
            "The factor $\\sigma(z)(1 - \\sigma(z)) \\le 1/4$ comes from the sigmoid and vanishes when it "
            "saturates, whether the prediction is right or wrong (see [ref:gradient-comparison])."
        ),
        parameters={} if n is None else {"n": n},
    )


def ce_sigmoid_gradient() -> Derivation:
    """The cross-entropy gradient through a sigmoid: the ``sigma'`` factor cancels, leaving ``(sigma - y) x``."""
    _, w, x, k, score, declarations = _score(None)
    z, y = sp.Symbol("z", real=True), sp.Symbol("y", real=True)
    q, u = sp.Symbol("q", positive=True), sp.Symbol("u", positive=True)
    s = Sigmoid(z)
    in_q = (
        Chain.start(
            sp.Derivative(binary_cross_entropy(y, q), q),
            label=r"\frac{dL}{dq}",
            intro="The binary cross-entropy of a prediction $q \\in (0, 1)$ against a label $y$:",
            because="$L = -[y \\log q + (1 - y)\\log(1 - q)]$",
        )
        .equals(-y / q + (1 - y) / (1 - q), "$(\\log q)' = 1/q$, $(\\log(1 - q))' = -1/(1 - q)$")
        .equals((q - y) / (q * (1 - q)), "one fraction")
    )
    in_z = (
        Chain.start(
            sp.Derivative(ce_loss(z, y), z),
            label=r"\frac{dL}{dz}",
            intro="Through the sigmoid, $q = \\sigma(z)$:",
            because="the loss as a function of the score",
        )
        .equals(
            sp.UnevaluatedExpr((s - y) / logistic_weight(z)) * sp.UnevaluatedExpr(logistic_weight(z)),
            "the chain rule: $dL/dq$ at $q = \\sigma(z)$ times $\\sigma'(z) = \\sigma(z)(1 - \\sigma(z))$",
        )
        .equals(ce_gradient_factor(z, y), "$\\sigma'(z)$ cancels the denominator of $dL/dq$")
        .equals(
            stable_residual(z, y),
            "$y = y\\sigma(z) + y\\sigma(-z)$: for $y = 1$ this is $-\\sigma(-z)$, no cancellation",
        )
    )
    simplified = (
        Chain.start(
            ce_loss(z, y),
            label="L(z)",
            intro="The same result from a simpler form of the loss:",
            because="the loss",
        )
        .equals(
            y * sp.log(1 + sp.exp(-z)) + (1 - y) * sp.log(1 + sp.exp(z)),
            "$\\log\\sigma(z) = -\\log(1 + e^{-z})$ and $\\log(1 - \\sigma(z)) = \\log\\sigma(-z) = -\\log(1 + e^{z})$",
        )
        .equals(ce_loss_softplus(z, y), "$\\log(1 + e^{-z}) = \\log(1 + e^{z}) - z$")
        .implies(sp.exp(z) / (1 + sp.exp(z)) - y, "differentiating in $z$", by=Differentiate(z))
        .equals(ce_gradient_factor(z, y), "$e^{z}/(1 + e^{z}) = \\sigma(z)$")
    )
    in_w = (
        Chain.start(
            sp.Derivative(ce_loss(score, y), w[k]),
            label=r"\frac{\partial L}{\partial w_k}",
            intro="With $z = w^\\top x$ and $\\partial z / \\partial w_k = x_k$ (see [ref:mse-sigmoid-gradient]):",
            because="the loss as a function of the weights",
        )
        .equals(ce_gradient_factor(score, y) * x[k], "the chain rule")
        .equals(stable_residual(score, y) * x[k], "the stable form of $\\sigma(z) - y$, as evaluated numerically")
    )
    positive_case = (
        Chain.start(
            softplus_stable(z),
            intro="For computing the loss, $\\log(1 + e^{z})$ without overflow: for $z = u > 0$ and $z = -u < 0$,",
            because="the form used by the numeric loss",
        )
        .implies(softplus_stable(u), "$|z| = u$", by=Substitute({z: u}))
        .equals(sp.log(1 + sp.exp(u)), "$u + \\log(1 + e^{-u}) = \\log(e^{u}(1 + e^{-u}))$")
    )
    negative_case = Chain.start(softplus_stable(z), because="the same form").implies(
        softplus_stable(-u),
        "$|z| = u$: the first two terms cancel, leaving $\\log(1 + e^{z})$ at $z = -u$",
        by=Substitute({z: -u}),
    )
    domain = Domain.of(*declarations, Real(q, 0, 1), Real(z), Real(u, low=0), BinaryLabel(y))
    return Derivation(
        "ce-sigmoid-gradient",
        "The cross-entropy gradient through a sigmoid",
        domain,
        (in_q, in_z, simplified, in_w, positive_case, negative_case),
        theorem=(stated(in_z.first, "=", in_z.steps[-1].statement), stated(in_w.first, "=", in_w.steps[-1].statement)),
        summary="$L = -[y \\log \\sigma(w^\\top x) + (1 - y)\\log(1 - \\sigma(w^\\top x))]$, any dimension $d$.",
        conclusion=(
            "$\\nabla_w L = (\\sigma(w^\\top x) - y)\\, x$: the factor $\\sigma'$ of the chain rule cancels "
            "against $dL/dq$, so the gradient is the prediction error times the input and does not vanish when "
            "the sigmoid saturates on a wrong prediction. The loss itself is $\\log(1 + e^{z}) - yz$."
        ),
    )
