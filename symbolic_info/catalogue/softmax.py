"""Softmax regression: the cross-entropy gradient, the Hessian of the loss in the scores, convexity, the limits."""

from __future__ import annotations

import sympy as sp

from ..engine import Chain, Derivation
from ..engine.domain import CategoryCount, CategoryIndex, Domain, OnSimplex, Real, RealMatrix, RealVector
from ..engine.operations import Hessian, Limit
from ..formulas.definitions import cross_entropy, softmax
from ..formulas.learning import (
    Dot,
    Softmax,
    softmax_complement,
    softmax_gradient_entry,
    softmax_hessian_entry,
    softmax_loss_shifted,
    softmax_shifted,
    stable_softmax_gradient_entry,
    stable_softmax_hessian_entry,
)
from ..formulas.vectors import Categories, Vector, index_symbol
from .terms import stated

__all__ = ["softmax_gradient", "softmax_hessian"]

_EXAMPLE_CLASSES = 3  # the Hessian written out as a matrix


def _log_sum_exp(z: Vector) -> sp.Expr:
    j = index_symbol("j")
    return sp.log(sp.Sum(sp.exp(z[j]), (j, 1, z.n)))


def _loss(z: Vector, y: Vector) -> sp.Expr:
    """``log sum_j e^{z_j} - sum_i y_i z_i``: the cross-entropy of ``softmax(z)`` once ``sum_i y_i = 1`` is used."""
    return _log_sum_exp(z) - y.total(lambda i: y[i] * z[i])


def _classes() -> tuple[Categories, Vector, Vector, sp.Symbol, sp.Symbol]:
    classes = Categories.general()
    return classes, Vector("z", classes, positive=False), Vector("y", classes), index_symbol("k"), index_symbol("l")


def softmax_gradient() -> Derivation:
    """``d/dz_k H(y, softmax(z)) = yhat_k - y_k``; ``(yhat_k - y_k) x`` in ``theta_k`` for ``z_k = theta_k^T x``."""
    classes, z, y, k, _ = _classes()
    n = classes.n
    predicted = Vector("yhat", classes)
    loss = cross_entropy(y, predicted).replace(
        lambda e: isinstance(e, sp.Indexed) and e.base == predicted.base, lambda e: softmax(z, e.indices[0])
    )
    simplify = (
        Chain.start(
            loss,
            label=r"L(z) = H(y, \hat{y})",
            intro=(
                "Scores $z \\in \\mathbb{R}^n$ give the prediction $\\hat{y} = \\mathrm{softmax}(z)$, "
                "$\\hat{y}_k = e^{z_k} / \\sum_j e^{z_j}$; the label is a distribution $y$ (one-hot or not), "
                "and the loss is the cross-entropy $H(y, \\hat{y})$."
            ),
            because="the cross-entropy of the prediction",
        )
        .equals(
            _log_sum_exp(z) * y.total(lambda i: y[i]) - y.total(lambda i: y[i] * z[i]),
            "$\\log \\hat{y}_i = z_i - \\log \\sum_j e^{z_j}$, the same normaliser in every term",
        )
        .equals(_loss(z, y), "$\\sum_i y_i = 1$")
    )
    gradient = (
        Chain.start(sp.Derivative(_loss(z, y), z[k]), label=r"\frac{\partial L}{\partial z_k}", because="from above")
        .equals(
            sp.exp(z[k]) / sp.Sum(sp.exp(z[index_symbol("j")]), (index_symbol("j"), 1, n)) - y[k],
            "only the $j = k$ term of the normaliser and the $i = k$ term of $\\sum_i y_i z_i$ depend on $z_k$",
        )
        .equals(softmax_gradient_entry(Softmax(z.base, n, k), y[k]), "the prediction minus the label")
    )
    predicted_k = Vector("yhat", classes)
    stable = (
        Chain.start(
            softmax_gradient_entry(predicted_k[k], y[k]),
            label=r"\frac{\partial L}{\partial z_k}",
            intro=(
                "For computing: when $\\hat{y}_k$ is close to $y_k = 1$ the difference cancels. Every "
                "$\\hat{y} = \\mathrm{softmax}(z)$ lies in the open simplex, and"
            ),
            because="the gradient",
        )
        .equals(
            stable_softmax_gradient_entry(predicted_k[k], 1 - predicted_k[k], y[k]),
            "$y_k = y_k \\hat{y}_k + y_k(1 - \\hat{y}_k)$",
        )
        .equals(
            stable_softmax_gradient_entry(predicted_k[k], softmax_complement(predicted_k, k), y[k]),
            "$1 - \\hat{y}_k = \\sum_{j \\neq k} \\hat{y}_j$: the other classes' share, summed directly",
        )
    )
    c = sp.Symbol("c", real=True)
    shifted = Chain.start(
        softmax(z, k),
        label=r"\hat{y}_k",
        intro=(
            "For computing: shifting every score by the same $c$ changes nothing. With $c = \\max_j z_j$ no "
            "exponent is positive and the normaliser is at least 1, so nothing overflows:"
        ),
        because="the definition",
    ).equals(softmax_shifted(z, k, c), "multiplying above and below by $e^{-c}$")
    log_sum_exp = Chain.start(_loss(z, y), label="L(z)", because="the loss from above").equals(
        softmax_loss_shifted(z, y, c),
        "taking $e^{c}$ out of the sum: $\\log \\sum_j e^{z_j} = c + \\log \\sum_j e^{z_j - c}$",
    )
    features = Categories(sp.Symbol("d", integer=True, positive=True), index_symbol("j"))
    x = Vector("x", features, positive=False)
    theta = sp.IndexedBase("theta", real=True)
    m = index_symbol("m")

    def score(i: sp.Expr) -> Dot:
        return Dot(x.base, theta, features.n, i)

    parameters = Chain.start(
        sp.Derivative(
            _loss(z, y).replace(
                lambda e: isinstance(e, sp.Indexed) and e.base == z.base, lambda e: score(e.indices[0])
            ),
            theta[k, m],
        ),
        label=r"\frac{\partial L}{\partial \theta_{km}}",
        intro=(
            "Softmax regression: $z_k = \\theta_k^\\top x$ for an input $x \\in \\mathbb{R}^d$ and a weight "
            "vector $\\theta_k$ (row $k$ of $\\theta$) per class; $\\partial z_i / \\partial \\theta_{km} = x_m$ "
            "if $i = k$, else 0."
        ),
        because="the loss as a function of the weights",
    ).equals(
        (
            softmax(z, k).replace(
                lambda e: isinstance(e, sp.Indexed) and e.base == z.base, lambda e: score(e.indices[0])
            )
            - y[k]
        )
        * x[m],
        "the chain rule: $(\\hat{y}_k - y_k)\\, x_m$",
    )
    domain = Domain.of(
        CategoryCount(n),
        CategoryIndex(k, n),
        RealVector(z),
        OnSimplex(y),
        OnSimplex(predicted_k),
        Real(c),
        CategoryCount(features.n, values=(3, 2, 4)),
        CategoryIndex(m, features.n),
        RealVector(x),
        RealMatrix(theta, n, features.n),
    )
    return Derivation(
        "softmax-gradient",
        "The gradient of softmax cross-entropy",
        domain,
        (simplify, gradient, stable, shifted, log_sum_exp, parameters),
        theorem=(stated(gradient.first, "=", gradient.steps[-1].statement),),
        summary="The gradient of the cross-entropy of a softmax is the prediction minus the label.",
        conclusion=(
            "$\\nabla_z H(y, \\mathrm{softmax}(z)) = \\hat{y} - y$ for any label distribution $y$; for softmax "
            "regression the gradient in $\\theta_k$ is $(\\hat{y}_k - y_k)\\, x$. As with the sigmoid, no factor "
            "of the activation's derivative is left to damp it. The loss is $\\log\\sum_j e^{z_j} - y^\\top z$, "
            "computed as $c + \\log\\sum_j e^{z_j - c}$ with $c = \\max_j z_j$."
        ),
    )


def softmax_hessian() -> Derivation:
    """The Hessian of softmax cross-entropy in the scores, ``diag(yhat) - yhat yhat^T``, is a covariance: PSD."""
    classes, z, y, k, ell = _classes()
    n = classes.n
    p, v = Vector("yhat", classes), Vector("v", classes, positive=False)
    j = index_symbol("j")
    total = sp.Sum(sp.exp(z[j]), (j, 1, n))
    entry = softmax_hessian_entry(Softmax(z.base, n, k), Softmax(z.base, n, ell), sp.KroneckerDelta(k, ell))
    hessian = (
        Chain.start(
            sp.Derivative(_loss(z, y), z[k], z[ell]),
            label=r"\frac{\partial^2 L}{\partial z_k \partial z_l}",
            intro=(
                "The loss $L(z) = \\log\\sum_j e^{z_j} - \\sum_i y_i z_i$ ([ref:softmax-gradient]) has gradient "
                "$\\hat{y}_k - y_k$; the label drops out of the second derivative."
            ),
            because="differentiating the gradient $\\hat{y}_k - y_k$ in $z_l$",
        )
        .equals(
            sp.exp(z[k]) * sp.KroneckerDelta(k, ell) / total - sp.exp(z[k]) * sp.exp(z[ell]) / total**2,
            "the quotient rule: $\\partial e^{z_k} / \\partial z_l = \\delta_{kl} e^{z_k}$, "
            "$\\partial \\sum_j e^{z_j} / \\partial z_l = e^{z_l}$",
        )
        .equals(entry, "in terms of $\\hat{y}$: the matrix $\\mathrm{diag}(\\hat{y}) - \\hat{y}\\hat{y}^\\top$")
    )
    stable = (
        Chain.start(
            softmax_hessian_entry(p[k], p[ell], sp.KroneckerDelta(k, ell)),
            label="H_{kl}",
            intro="For computing, the diagonal $\\hat{y}_k - \\hat{y}_k^2$ cancels when $\\hat{y}_k$ is close to 1:",
            because="the entry, for any $\\hat{y}$ in the simplex",
        )
        .equals(
            stable_softmax_hessian_entry(p[k], 1 - p[k], p[ell], sp.KroneckerDelta(k, ell)),
            "on the diagonal $\\hat{y}_l = \\hat{y}_k$",
        )
        .equals(
            stable_softmax_hessian_entry(p[k], softmax_complement(p, k), p[ell], sp.KroneckerDelta(k, ell)),
            "$1 - \\hat{y}_k = \\sum_{j \\neq k} \\hat{y}_j$, summed directly",
        )
    )
    three = Categories.explicit(_EXAMPLE_CLASSES)
    z3, y3 = Vector("z", three, positive=False), Vector("y", three)
    matrix = Chain.start(
        _loss(z3, y3),
        label="L(z)",
        intro=f"Finally, the whole matrix written out for $n = {_EXAMPLE_CLASSES}$ classes:",
        because="the loss",
        domain=Domain.of(RealVector(z3), OnSimplex(y3)),
    ).implies(
        sp.Matrix(
            _EXAMPLE_CLASSES,
            _EXAMPLE_CLASSES,
            lambda r, c: softmax_hessian_entry(
                Softmax(z3.base, 3, r + 1), Softmax(z3.base, 3, c + 1), sp.KroneckerDelta(r, c)
            ),
        ),
        "the Hessian: $\\hat{y}_k(1 - \\hat{y}_k)$ on the diagonal, $-\\hat{y}_k \\hat{y}_l$ off it",
        by=Hessian(*z3.entries()),
    )
    i = classes.index  # summed over, as is j (k and l are free in the first chain)
    mean = sp.Sum(p[j] * v[j], (j, 1, n))
    quadratic = (
        Chain.start(
            sp.Sum(
                sp.Sum(v[i] * v[j] * softmax_hessian_entry(p[i], p[j], sp.KroneckerDelta(i, j)), (j, 1, n)), (i, 1, n)
            ),
            label=r"v^\top H v",
            intro=(
                "Any $\\hat{y} = \\mathrm{softmax}(z)$ lies in the open simplex. For a direction $v$, the "
                "quadratic form is a variance: that of $v_K$ for a class $K$ drawn with probabilities $\\hat{y}$."
            ),
            because="$H_{ij} = \\hat{y}_i \\delta_{ij} - \\hat{y}_i \\hat{y}_j$",
        )
        .equals(
            sp.Sum(p[i] * v[i] ** 2, (i, 1, n)) - mean**2,
            "the $\\delta_{ij}$ keeps $j = i$; the other part factorises",
        )
        .equals(
            sp.Sum(p[i] * (v[i] - mean) ** 2, (i, 1, n)),
            "$E[v_K^2] - E[v_K]^2 = E[(v_K - E[v_K])^2]$: expand the square and use $\\sum_i \\hat{y}_i = 1$",
        )
        .ge(0, "a sum of nonnegative terms: $H$ is positive semidefinite and $L$ is convex in $z$")
    )
    flat = (
        Chain.start(
            sp.Sum(softmax_hessian_entry(p[k], p[j], sp.KroneckerDelta(k, j)), (j, 1, n)),
            label=r"\sum_j H_{kj}",
            intro="Every row of $H$ sums to 0, so $H$ is singular: only positive semidefinite.",
            because="a row of the Hessian",
        )
        .equals(p[k] - p[k] * sp.Sum(p[j], (j, 1, n)), "the $\\delta_{kj}$ keeps $j = k$")
        .equals(0, "$\\sum_j \\hat{y}_j = 1$: moving every score by the same amount changes nothing")
    )
    q = sp.Symbol("q", positive=True)
    positive = Chain.start(
        -sp.log(q),
        label=r"L",
        intro=(
            "For a one-hot label of class $c$ the loss is $-\\log \\hat{y}_c$. With $n \\geq 2$ classes every "
            "$e^{z_j} > 0$, so $q = \\hat{y}_c$ lies strictly between 0 and 1:"
        ),
        because="$y_c = 1$, every other $y_i = 0$",
    ).gt(0, "$\\log q < 0$ for $q < 1$: the loss is never exactly 0")
    best = Chain.start(-sp.log(q), label="L", because="a nearly certain right prediction").tends(
        0, "only in the limit $\\hat{y}_c \\to 1$, that is $\\hat{y} \\to y$", by=Limit(q, 1, "-")
    )
    worst = Chain.start(-sp.log(q), label="L", because="a nearly impossible true class").tends(
        sp.oo, "the loss is unbounded when the true class gets probability $\\to 0$", by=Limit(q, 0, "+")
    )
    domain = Domain.of(
        CategoryCount(n),
        CategoryIndex(k, n),
        CategoryIndex(ell, n),
        RealVector(z),
        OnSimplex(y),
        OnSimplex(p),
        RealVector(v),
        Real(q, 0, 1),
    )
    return Derivation(
        "softmax-hessian",
        "The Hessian of softmax cross-entropy: a covariance matrix",
        domain,
        (hessian, stable, quadratic, flat, positive, best, worst, matrix),
        theorem=(stated(hessian.first, "=", hessian.steps[-1].statement), stated(quadratic.first, ">=", 0)),
        summary="$\\nabla_z^2 H(y, \\mathrm{softmax}(z)) = \\mathrm{diag}(\\hat{y}) - \\hat{y}\\hat{y}^\\top$, "
        "positive semidefinite.",
        conclusion=(
            "$H = \\mathrm{diag}(\\hat{y}) - \\hat{y}\\hat{y}^\\top$ with "
            "$v^\\top H v = \\sum_k \\hat{y}_k v_k^2 - (\\sum_k \\hat{y}_k v_k)^2 \\geq 0$, a variance, so the "
            "loss is convex in the scores; $H\\mathbf{1} = 0$, so it is not strictly convex. For softmax "
            "regression $z = \\theta x$ is linear in the weights, so the loss stays convex in $\\theta$ "
            "(the quadratic form becomes $u^\\top H u$ with $u = Vx$ for a direction $V$). For a one-hot label "
            "the loss $-\\log \\hat{y}_c$ is positive, tends to 0 only as $\\hat{y} \\to y$, and grows without "
            "bound as $\\hat{y}_c \\to 0$."
        ),
    )
