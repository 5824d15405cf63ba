"""Label smoothing: a mixture of two cross-entropies, minimised by the smoothed label, with gradient ``yhat - y'``.

Training on the label ``y`` mixed with the uniform distribution ``u`` over ``K`` classes,
``y' = (1 - eps) y + eps u``, is the same as adding ``eps`` times the cross-entropy against ``u`` to
``(1 - eps)`` times the usual loss. Gibbs' inequality then says where the loss is smallest: at
``q = y'``, a distribution with every entry at least ``eps/K``, never at the one-hot label (where
the loss is infinite). In the logits the gradient is the softmax minus the smoothed label.
The numeric option is ``numeric.softmax_cross_entropy(..., label_smoothing=eps)`` (its class
weights: ``stable-loss-options``).
"""

from __future__ import annotations

import sympy as sp

from ..engine import Chain, Derivation
from ..engine.domain import CategoryCount, CategoryIndex, DefinedVector, Domain, OnSimplex, Real, RealVector
from ..formulas.definitions import softmax
from ..formulas.distillation import smoothed_cross_entropy, uniform_cross_entropy
from ..formulas.learning import Softmax
from ..formulas.losses import smoothed_label
from ..formulas.named import CrossEntropy, Entropy, KLDivergence
from ..formulas.vectors import Categories, Vector, index_symbol
from .terms import concluded

__all__ = ["label_smoothing"]

_U = sp.Symbol("u", positive=True)
_LOSS = r"L_\varepsilon(q)"


def _mixture(y: Vector, q: Vector, eps: sp.Symbol) -> Chain:
    n = y.n
    return (
        Chain.start(
            smoothed_cross_entropy(y, q, eps),
            label=_LOSS,
            because="the cross-entropy of the prediction $q$ against the smoothed label $y'_c = (1 - \\varepsilon) y_c "
            "+ \\varepsilon / K$",
            intro=(
                "Label smoothing [cite:szegedy-label-smoothing]: a label $y$ over $K$ classes (one-hot or not) is "
                "smoothed towards the uniform distribution $u_c = 1/K$ with a weight $\\varepsilon \\in (0, 1)$; "
                "the model predicts $q$:"
            ),
        )
        .equals(
            -(1 - eps) * y.total(lambda c: y[c] * sp.log(q[c])) - eps * q.total(lambda c: sp.log(q[c])) / n,
            "splitting each term $y'_c \\log q_c$ in two",
        )
        .equals(
            (1 - eps) * CrossEntropy.of(y, q) + eps * uniform_cross_entropy(q),
            "$(1 - \\varepsilon)\\, H(y, q) + \\varepsilon\\, H(u, q)$: the usual loss plus a pull towards uniform",
        )
    )


def _minimum(t: Vector, q: Vector) -> Chain:
    gap = t.total(lambda c: (t[c] - q[c]) ** 2 * sp.Integral(_U / ((1 - _U) * t[c] + _U * q[c]), (_U, 0, 1)))
    return (
        Chain.start(
            CrossEntropy.of(t, q),
            label=_LOSS,
            because="the loss is the cross-entropy against the smoothed label $y'$",
            intro=(
                "Which $q$ minimises it? The smoothed label $y'$ is a distribution (below), so Gibbs' inequality "
                "applies with $y'$ in place of $p$ ([ref:gibbs-inequality]):"
            ),
        )
        .equals(Entropy.of(t) + KLDivergence.of(t, q), "cross-entropy is entropy plus divergence")
        .equals(
            Entropy.of(t) + t.total(lambda c: t[c] * sp.log(t[c] / q[c]) + q[c] - t[c]),
            "adding $\\sum_c q_c - \\sum_c y'_c = 0$",
        )
        .equals(Entropy.of(t) + gap, "Gibbs' inequality in its integral form")
        .ge(Entropy.of(t), "a sum of squares times positive integrals; $0$ only at $q = y'$")
    )


def _at_minimum(t: Vector) -> Chain:
    return Chain.start(
        CrossEntropy(t.base, t.base, t.n),
        label=r"L_\varepsilon(y')",
        intro="At $q = y'$ the bound is reached, so $y'$ is the minimiser:",
    ).equals(Entropy.of(t), "the cross-entropy of $y'$ with itself is its entropy")


def _distribution(y: Vector, eps: sp.Symbol) -> tuple[Chain, Chain]:
    n = y.n
    total = (
        Chain.start(
            y.total(lambda c: smoothed_label(y[c], eps, n)),
            label=r"\sum_c y'_c",
            intro="The smoothed label is a distribution with no entry below $\\varepsilon / K$:",
        )
        .equals((1 - eps) * y.total(lambda c: y[c]) + eps, "$K$ terms $\\varepsilon / K$")
        .equals(sp.S.One, "$\\sum_c y_c = 1$")
    )
    c = index_symbol("k")
    floor = Chain.start(smoothed_label(y[c], eps, n), label="y'_k").ge(
        eps / n, "$(1 - \\varepsilon) y_k \\geq 0$: so the minimiser $q = y'$ is never the one-hot label"
    )
    return total, floor


def _logit_gap(eps: sp.Symbol, n: sp.Expr) -> Chain:
    return Chain.start(
        sp.log(smoothed_label(1, eps, n) / smoothed_label(0, eps, n)),
        label=r"z^{*}_{y} - z^{*}_{c}",
        because="the log-ratio of the minimiser's entries for the true class and any other, for a one-hot label",
        intro=(
            "At the minimum the logits differ by finite amounts, where without smoothing they would have to "
            "diverge: with $q = \\operatorname{softmax}(z)$ and a one-hot $y$,"
        ),
    ).equals(sp.log(1 + n * (1 - eps) / eps), "dividing above and below by $\\varepsilon / K$")


def _gradient(z: Vector, y: Vector, eps: sp.Symbol, k: sp.Symbol) -> tuple[Chain, Chain]:
    n = y.n
    j = index_symbol("j")
    log_sum_exp = sp.log(sp.Sum(sp.exp(z[j]), (j, 1, n)))
    target = smoothed_label(y[k], eps, n)
    simplified = log_sum_exp - y.total(lambda c: smoothed_label(y[c], eps, n) * z[c])
    loss = (
        Chain.start(
            -y.total(lambda c: smoothed_label(y[c], eps, n) * sp.log(softmax(z, c))),
            label=r"L_\varepsilon(z)",
            because="the loss of the prediction $q = \\operatorname{softmax}(z)$",
            intro="In the logits $z$, with $q = \\operatorname{softmax}(z)$:",
        )
        .equals(
            log_sum_exp * y.total(lambda c: smoothed_label(y[c], eps, n))
            - y.total(lambda c: smoothed_label(y[c], eps, n) * z[c]),
            "$\\log q_c = z_c - \\log \\sum_j e^{z_j}$",
        )
        .equals(simplified, "$\\sum_c y'_c = 1$")
    )
    gradient = (
        Chain.start(sp.Derivative(simplified, z[k]), label=r"\frac{\partial L_\varepsilon}{\partial z_k}")
        .equals(
            sp.exp(z[k]) / sp.Sum(sp.exp(z[j]), (j, 1, n)) - target,
            "only the $j = k$ term of the normaliser and the $c = k$ term of the sum depend on $z_k$",
        )
        .equals(
            (1 - eps) * (Softmax(z.base, n, k) - y[k]) + eps * (Softmax(z.base, n, k) - 1 / n),
            "$(1 - \\varepsilon)$ the usual gradient plus $\\varepsilon$ the pull towards uniform",
        )
        .equals(Softmax(z.base, n, k) - target, "together: the prediction minus the smoothed label")
    )
    return loss, gradient


def label_smoothing() -> Derivation:
    """``L_eps = (1 - eps) H(y, q) + eps H(u, q) >= H(y')``, smallest at ``q = y'``; gradient ``softmax(z) - y'``."""
    categories = Categories.general(n="K", index="c")
    n = categories.n
    y, q, t = Vector("y", categories), Vector("q", categories), Vector("y'", categories)
    z = Vector("z", categories, positive=False)
    eps = sp.Symbol("epsilon", positive=True)
    k = index_symbol("k")
    domain = Domain.of(
        CategoryCount(n),
        CategoryIndex(k, n),
        Real(eps, 0, 1),
        OnSimplex(y),
        OnSimplex(q),
        RealVector(z),
        DefinedVector(t, lambda c: smoothed_label(y[c], eps, n)),
    )
    mixture, minimum, at_minimum = _mixture(y, q, eps), _minimum(t, q), _at_minimum(t)
    total, floor = _distribution(y, eps)
    loss, gradient = _gradient(z, y, eps, k)
    chains = (mixture, total, floor, minimum, at_minimum, _logit_gap(eps, n), loss, gradient)
    return Derivation(
        "label-smoothing",
        "Label smoothing: the loss, its minimiser and its gradient",
        domain,
        chains,
        theorem=concluded((mixture, total, floor, minimum, at_minimum, gradient)),
        summary=(
            "A label $y$ over $K$ classes smoothed with weight $\\varepsilon \\in (0, 1)$ towards the uniform "
            "distribution $u$; predictions $q$ in the open simplex; in nats."
        ),
        conclusion=(
            "$L_\\varepsilon(q) = (1 - \\varepsilon) H(y, q) + \\varepsilon H(u, q) = H(y', q) \\geq H(y')$ with "
            "$y' = (1 - \\varepsilon) y + \\varepsilon / K$: the loss is smallest exactly at $q = y'$, whose entries "
            "are all at least $\\varepsilon / K$, not at the one-hot label (where it is infinite); the optimal "
            "logits differ by $\\log(1 + K(1 - \\varepsilon)/\\varepsilon)$. In the logits, "
            "$\\partial L_\\varepsilon / \\partial z_k = \\operatorname{softmax}(z)_k - y'_k$."
        ),
    )
