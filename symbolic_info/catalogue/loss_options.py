"""Certificates for the options of the numeric losses: ``pos_weight``, class weights with label smoothing, log inputs.

Each chain starts from the option's meaning in :mod:`symbolic_info.formulas.losses` (PyTorch's
documented formula) and ends at the form :mod:`symbolic_info.formulas.stable` gives the kernel, or
the other way round, as in :mod:`.stable_forms`.
"""

from __future__ import annotations

import sympy as sp
from sympy.codegen.cfunctions import expm1

from ..engine import Chain, Derivation, Relation
from ..engine.domain import CategoryCount, CategoryIndex, Domain, OnSimplex, Real, RealVector
from ..engine.normalization import interior
from ..engine.operations import Substitute
from ..formulas import definitions, losses, stable
from ..formulas.learning import Softmax
from ..formulas.vectors import Categories, Vector, index_symbol
from .terms import stated

__all__ = ["loss_gradients", "stable_kl_from_logs", "stable_loss_options"]

_LOG1P = "$\\operatorname{log1p}(x) = \\log(1 + x)$, evaluated without rounding $1 + x$"
_EXPM1 = "$\\operatorname{expm1}(x) = e^{x} - 1$, evaluated without rounding $e^{x}$"


def _pos_weight_chains() -> tuple[Chain, ...]:
    """``pos_weight`` BCE from logits: the softplus form, then the kernel's three terms on both sides of 0."""
    z, u = sp.Symbol("z", real=True), sp.Symbol("u", positive=True)
    y, w = sp.Symbol("y", positive=True), sp.Symbol("w", positive=True)
    softplus_form = Chain.start(
        losses.weighted_logistic_loss(z, y, w),
        label=r"\ell_w(z, y)",
        because="PyTorch's pos_weight loss: $-[w y \\log\\sigma(z) + (1 - y)\\log(1 - \\sigma(z))]$",
        intro="With a weight $w \\ge 0$ on the positive part (pos_weight), the loss of a logit $z$ and a label $y$:",
    ).equals(
        w * y * sp.log(1 + sp.exp(-z)) + (1 - y) * sp.log(1 + sp.exp(z)),
        "$\\log\\sigma(z) = -\\log(1 + e^{-z})$, $\\log(1 - \\sigma(z)) = -\\log(1 + e^{z})$",
    )
    positive = (
        Chain.start(
            stable.weighted_logistic_loss(z, y, w),
            label=r"\ell_w(z, y)",
            because="the form the kernel evaluates",
            intro="Each softplus split as $\\max(\\pm z, 0) + \\operatorname{log1p}(e^{-|z|})$. For $z = u > 0$:",
        )
        .implies(stable.weighted_logistic_loss(u, y, w), "$\\max(u, 0) = u$, $\\max(-u, 0) = 0$", by=Substitute({z: u}))
        .equals(w * y * sp.log(1 + sp.exp(-u)) + (1 - y) * (u + sp.log(1 + sp.exp(-u))), _LOG1P)
        .equals(
            w * y * sp.log(1 + sp.exp(-u)) + (1 - y) * sp.log(1 + sp.exp(u)),
            "$u + \\log(1 + e^{-u}) = \\log(1 + e^{u})$: the softplus form at $z = u$",
        )
    )
    negative = (
        Chain.start(stable.weighted_logistic_loss(z, y, w), label=r"\ell_w(z, y)", intro="For $z = -u < 0$:")
        .implies(
            stable.weighted_logistic_loss(-u, y, w), "$\\max(-u, 0) = 0$, $\\max(u, 0) = u$", by=Substitute({z: -u})
        )
        .equals(w * y * (u + sp.log(1 + sp.exp(-u))) + (1 - y) * sp.log(1 + sp.exp(-u)), _LOG1P)
        .equals(
            w * y * sp.log(1 + sp.exp(u)) + (1 - y) * sp.log(1 + sp.exp(-u)),
            "$u + \\log(1 + e^{-u}) = \\log(1 + e^{u})$: the softplus form at $z = -u$",
        )
    )
    q = sp.Symbol("q", positive=True)
    probabilities = Chain.start(
        losses.weighted_binary_cross_entropy(q, y, w),
        label=r"\ell_w(q, y)",
        because="the same loss of a probability $q$",
    ).equals(interior(stable.weighted_binary_cross_entropy(y, q, w)), _LOG1P)
    return softplus_form, positive, negative, probabilities


def _label_smoothing_chains() -> tuple[Chain, ...]:
    """Label smoothing with class weights: ``(1 - eps)`` the weighted loss plus ``eps`` the loss against uniform."""
    categories = Categories.general()
    n = categories.n
    z, y, w = Vector("z", categories, positive=False), Vector("y", categories), Vector("w", categories)
    eps = sp.Symbol("epsilon", positive=True)
    a, j = index_symbol("a"), index_symbol("j")
    weights = RealVector(w, low=sp.S.Zero)
    domain = Domain.of(CategoryCount(n), CategoryIndex(a, n), RealVector(z), OnSimplex(y), weights, Real(eps, 0, 1))

    def surprisal(c: sp.Expr) -> sp.Expr:
        return -sp.log(definitions.softmax(z, c))

    mixture = Chain.start(
        losses.weighted_softmax_cross_entropy(z, y, w, eps),
        label=r"\ell_{w,\varepsilon}(z, y)",
        because="PyTorch's loss with class weights $w$ and label smoothing $\\varepsilon$",
        intro="The smoothed labels $y'_c = (1 - \\varepsilon) y_c + \\varepsilon/n$ mix $y$ with the uniform:",
        domain=domain,
    ).equals(
        (1 - eps) * y.total(lambda c: w[c] * y[c] * surprisal(c)) + eps * y.total(lambda c: w[c] * surprisal(c) / n),
        "splitting the sum: $(1 - \\varepsilon)$ the weighted loss plus $\\varepsilon$ the weighted loss "
        "against the uniform labels $1/n$ (PyTorch's $(1 - \\varepsilon)\\,$nll + $(\\varepsilon/n)\\sum_c w_c(-\\log"
        "\\operatorname{softmax}_c)$)",
    )
    largest = z[a]
    rest = sp.Sum((1 - sp.KroneckerDelta(j, a)) * sp.exp(z[j] - largest), (j, 1, n))
    coefficients = Vector("a", categories)
    kernel_form = Chain.start(
        coefficients.total(lambda c: -coefficients[c] * sp.log(definitions.softmax(z, c))),
        label=r"\ell_a(z)",
        because="the loss above, with the coefficients $a_c = w_c y'_c \\ge 0$",
        intro=(
            "The kernel sums the terms of the softmax cross-entropy with the labels $a_c = w_c y'_c$ "
            "([ref:stable-log-softmax]: $-\\log\\operatorname{softmax}_c = \\operatorname{log1p}(s) - (z_c - m)$):"
        ),
        domain=Domain.of(CategoryCount(n), CategoryIndex(a, n), RealVector(z), RealVector(coefficients, low=sp.S.Zero)),
    ).equals(
        coefficients.total(lambda c: stable.softmax_cross_entropy_term(coefficients[c], z[c] - largest, rest)),
        "each term $a_c(\\operatorname{log1p}(s) - (z_c - m))$ is a product of nonnegative factors",
    )
    return mixture, kernel_form


def _equalities(chains: tuple[Chain, ...]) -> tuple[sp.Basic, ...]:
    """The theorem of each chain of equalities: its first line equals its last (a form the kernels evaluate)."""
    return tuple(
        stated(chain.first, "=", chain.steps[-1].statement)
        for chain in chains
        if chain.steps and chain.relation is Relation.EQ
    )


def stable_loss_options() -> Derivation:
    """``pos_weight`` in softplus form, and label smoothing with class weights as a mixture: the losses' options."""
    y, w, q = sp.Symbol("y", positive=True), sp.Symbol("w", positive=True), sp.Symbol("q", positive=True)
    z, u = sp.Symbol("z", real=True), sp.Symbol("u", positive=True)
    domain = Domain.of(Real(z), Real(u, low=0), Real(y, 0, 1), Real(w, low=0), Real(q, 0, 1))
    pos_weight = _pos_weight_chains()
    return Derivation(
        "stable-loss-options",
        "The options of the losses: pos_weight and label smoothing",
        domain,
        (*pos_weight, *_label_smoothing_chains()),
        # the label-smoothing identities are too long for one line of the page: the conclusion states them
        theorem=_equalities(pos_weight),
        summary="The forms behind pos_weight and label_smoothing in numeric's losses, from PyTorch's formulas.",
        conclusion=(
            "With pos_weight $w$: $-[w y\\log\\sigma(z) + (1 - y)\\log(1 - \\sigma(z))] = w y\\max(-z, 0) + "
            "(1 - y)\\max(z, 0) + (w y + 1 - y)\\operatorname{log1p}(e^{-|z|})$, three nonnegative terms. "
            "Label smoothing with class weights is $(1 - \\varepsilon)$ the weighted loss plus $\\varepsilon$ the "
            "weighted loss against the uniform labels, and the kernel evaluates it as the softmax cross-entropy "
            "with labels $w_c y'_c$: a sum of nonnegative terms."
        ),
    )


def stable_kl_from_logs() -> Derivation:
    """The KL term from ``a = log p``, ``b = log q``: ``e^a (expm1(d) - d)`` with ``d = b - a``; never ``log(p/q)``."""
    a, d, b = sp.Symbol("a", real=True), sp.Symbol("d", real=True), sp.Symbol("b", real=True)
    p, q = sp.exp(a), sp.exp(a + d)
    definition = Chain.start(
        definitions.kl_divergence([p], [q]) - p + q,
        label="t(p, q)",
        because="the generalised KL term at $p = e^{a}$, $q = e^{b}$, $b = a + d$",
        intro=(
            "PyTorch's kl_div takes $\\log q$ (and with log_target $\\log p$). Going through $e^{b}$ loses "
            "everything once $e^{b}$ underflows ($b = -800$). From the logarithms, with $d = b - a$:"
        ),
    ).equals(losses.kl_term_from_logs(a, a + d), "$\\log(e^{a}/e^{b}) = a - b$")
    forms = (
        Chain.start(losses.kl_term_from_logs(a, a + d), label="t", because="the term from the logarithms")
        .equals(sp.exp(a) * (sp.exp(d) - 1 - d), "taking $e^{a}$ out")
        .equals(sp.exp(a) * (expm1(d) - d), _EXPM1 + ": the kernel's form for $d \\le 1$")
        .equals(q - sp.exp(a) * (1 + d), "its form for $d > 1$ (no overflow: $q = e^{b} \\le 1$)")
    )
    near = (
        Chain.start(
            (q - p) / (q + p), label="u", because="the variable of the series form ([ref:stable-kl-divergence])"
        )
        .equals((sp.exp(d) - 1) / (sp.exp(d) + 1), "dividing above and below by $e^{a}$")
        .equals(expm1(d) / (2 + expm1(d)), _EXPM1 + ": $u$ from $d$ alone, with no cancellation")
    )
    total = Chain.start(p + q, label="s").equals(sp.exp(a) * (2 + expm1(d)), _EXPM1)
    cross = Chain.start(
        definitions.cross_entropy([sp.exp(a)], [sp.exp(b)]),
        label="H(p, q)",
        because="one term of the cross-entropy at $p = e^{a}$, $q = e^{b}$",
    ).equals(-sp.exp(a) * b, "$\\log e^{b} = b$: the kernel's $-p\\,b$ (0 where $p = 0$)")
    return Derivation(
        "stable-kl-from-logs",
        "KL divergence and cross-entropy from log-probabilities",
        Domain.of(Real(a, high=0), Real(b, high=0), Real(d)),
        (definition, forms, near, total, cross),
        theorem=_equalities((definition, forms, near, total, cross)),
        summary="The forms behind kl_divergence and cross_entropy with log_p / log_q: no exp of a log-ratio.",
        conclusion=(
            "With $p = e^{a}$, $q = e^{b}$ and $d = b - a$: $p\\log(p/q) - p + q = e^{a}(\\operatorname{expm1}(d) - d) "
            "= e^{b} - e^{a}(1 + d)$, finite whenever $e^{b}$ underflows; near $p = q$ the series form of "
            "[ref:stable-kl-divergence] applies with $s = e^{a}(2 + \\operatorname{expm1}(d))$ and "
            "$u = \\operatorname{expm1}(d)/(2 + \\operatorname{expm1}(d))$, both computed from $d$ "
            "without cancellation. "
            "The cross-entropy term is $-e^{a} b$."
        ),
    )


def loss_gradients() -> Derivation:
    """The gradients the ``*_grad`` functions evaluate: ``pos_weight`` BCE, weighted smoothed softmax CE, BCE in q."""
    z, y, w = sp.Symbol("z", real=True), sp.Symbol("y", positive=True), sp.Symbol("w", positive=True)
    q = sp.Symbol("q", positive=True)
    logits = Chain.start(
        sp.Derivative(losses.weighted_logistic_loss(z, y, w), z),
        label=r"\frac{\partial \ell_w}{\partial z}",
        because="the pos_weight loss from logits",
        intro="The derivative in the logit, with $\\sigma'(z) = \\sigma(z)\\sigma(-z)$ ([ref:sigmoid-derivative]):",
    ).equals(
        losses.weighted_logistic_gradient(z, y, w),
        "two terms of fixed sign; at $w = 1$ it is $\\sigma(z) - y$, and at $y \\in \\{0, 1\\}$ one term only",
    )
    probabilities = Chain.start(
        sp.Derivative(losses.weighted_binary_cross_entropy(q, y, w), q),
        label=r"\frac{\partial \ell_w}{\partial q}",
        because="the same loss of a probability",
    ).equals(losses.binary_cross_entropy_gradient(q, y, w), "$\\frac{d}{dq}\\log q = 1/q$")
    categories = Categories.general()
    n = categories.n
    zz, a = Vector("z", categories, positive=False), Vector("a", categories)
    k, j = index_symbol("k"), index_symbol("j")
    log_sum_exp = sp.log(sp.Sum(sp.exp(zz[j]), (j, 1, n)))
    total = a.total(lambda c: a[c])
    coefficients = Domain.of(CategoryCount(n), CategoryIndex(k, n), RealVector(zz), RealVector(a, low=sp.S.Zero))
    expanded = (
        Chain.start(
            a.total(lambda c: -a[c] * sp.log(definitions.softmax(zz, c))),
            label=r"\ell_a(z)",
            because="the softmax loss with coefficients $a_c = w_c y'_c$ ([ref:stable-loss-options])",
            domain=coefficients,
        )
        .equals(
            a.total(lambda c: a[c] * (log_sum_exp - zz[c])),
            "$-\\log\\operatorname{softmax}_c = \\log\\sum_j e^{z_j} - z_c$",
        )
        .equals(total * log_sum_exp - a.total(lambda c: a[c] * zz[c]), "splitting the sum; $A = \\sum_c a_c$")
    )
    gradient = (
        Chain.start(
            sp.Derivative(total * log_sum_exp - a.total(lambda c: a[c] * zz[c]), zz[k]),
            label=r"\frac{\partial \ell_a}{\partial z_k}",
            because="from above",
            domain=coefficients,
        )
        .equals(total * sp.exp(zz[k]) / sp.Sum(sp.exp(zz[j]), (j, 1, n)) - a[k], "only the terms with $z_k$")
        .equals(total * Softmax(zz.base, n, k) - a[k], "$A\\hat{y}_k - a_k$: the softmax gradient at $a = y$")
    )
    p_k, a_k, total_symbol = (
        sp.Symbol("p_k", positive=True),
        sp.Symbol("a_k", positive=True),
        sp.Symbol("A", positive=True),
    )
    stable_form = Chain.start(
        total_symbol * p_k - a_k,
        label=r"\frac{\partial \ell_a}{\partial z_k}",
        because="for computing",
        domain=Domain.of(Real(p_k, 0, 1), Real(a_k, low=0), Real(total_symbol, low=0)),
    ).equals(
        losses.coefficient_softmax_gradient(p_k, 1 - p_k, a_k, total_symbol - a_k),
        "$A p_k = (A - a_k) p_k + a_k p_k$: two products of nonnegative factors, $1 - p_k$ summed from the others",
    )
    p, r = sp.Symbol("p", positive=True), sp.Symbol("q", positive=True)
    a, b = sp.Symbol("a", real=True), sp.Symbol("b", real=True)
    measures = Domain.of(Real(p, 0, 1), Real(r, 0, 1), Real(a, high=0), Real(b, high=0))
    kl_in_q = Chain.start(
        sp.Derivative(definitions.kl_divergence([p], [r]) - p + r, r),
        label=r"\frac{\partial t}{\partial q}",
        because="the generalised KL term that kl_divergence sums",
        intro="The information measures' gradients, term by term: KL in $q$ (finite where $p = 0$),",
        domain=measures,
    ).equals(losses.kl_term_gradient(p, r), "$\\frac{d}{dq}(-p\\log q + q) = 1 - p/q$")
    kl_in_log_q = Chain.start(
        sp.Derivative(losses.kl_term_from_logs(a, b), b),
        label=r"\frac{\partial t}{\partial b}",
        because="the term from the logarithms, in $b = \\log q$",
        domain=measures,
    ).equals(losses.kl_term_from_logs_gradient(a, b), "$q - p$: finite everywhere")
    cross_in_q = Chain.start(
        sp.Derivative(definitions.cross_entropy([p], [r]), r),
        label=r"\frac{\partial}{\partial q}(-p\log q)",
        because="a term of the cross-entropy",
        domain=measures,
    ).equals(losses.cross_entropy_term_gradient(p, r), "$\\frac{d}{dq}\\log q = 1/q$")
    entropy_in_p = Chain.start(
        sp.Derivative(definitions.entropy([p]), p),
        label=r"\frac{\partial}{\partial p}(-p\log p)",
        because="a term of the entropy",
        domain=measures,
    ).equals(losses.entropy_term_gradient(p), "the product rule: $+\\infty$ as $p \\to 0$")
    chains = (logits, probabilities, expanded, gradient, stable_form, kl_in_q, kl_in_log_q, cross_in_q, entropy_in_p)
    return Derivation(
        "loss-gradients",
        "Gradients of the losses with their options",
        Domain.of(Real(z), Real(y, 0, 1), Real(w, low=0), Real(q, 0, 1)),
        chains,
        theorem=_equalities(chains),
        summary="The derivatives behind numeric's *_grad functions, with pos_weight, class weights and smoothing.",
        conclusion=(
            "$\\partial_z \\ell_w = (1 - y)\\sigma(z) - w y\\sigma(-z)$, "
            "$\\partial_q \\ell_w = (1 - y)/(1 - q) - wy/q$, and for the softmax loss with coefficients "
            "$a_c = w_c y'_c$: $\\partial_{z_k} \\ell = A\\hat{y}_k - a_k = "
            "(A - a_k)\\hat{y}_k - a_k(1 - \\hat{y}_k)$ with $A = \\sum_c a_c$. The measures, term by term: KL in $q$ "
            "$1 - p/q$ (in $\\log q$: $q - p$), the cross-entropy $-p/q$, the entropy $-\\log p - 1$."
        ),
    )
