"""Knowledge distillation: softmax at a temperature, the KL between teacher and student, and the factor ``T^2``.

A teacher's logits ``t`` and a student's logits ``s`` over ``K`` classes are both softened by a
temperature ``T``: ``p = softmax(t/T)``, ``q = softmax(s/T)``. The student is trained on
``T^2 KL(p || q)`` (Hinton, Vinyals and Dean, 2015). The gradient of the KL in ``s_k`` is
``(q_k - p_k)/T``; for a large ``T`` both softmaxes are close to uniform and
``q_k - p_k = (g_k - mean(g))/(K T) + O(1/T^2)`` with ``g = s - t``, so the gradient is
``(g_k - mean(g))/(K T^2)`` to first order in ``1/T``: the factor ``T^2`` makes the size of the
gradient independent of ``T``, and the temperature can be changed without retuning the learning rate.
The first-order coefficients are proved for any ``K`` (derivatives at ``1/T = 0``), the limits for ``K = 3``.
"""

from __future__ import annotations

import sympy as sp

from ..engine import Chain, Derivation
from ..engine.domain import CategoryCount, CategoryIndex, Domain, OnSimplex, Real, RealVector
from ..engine.operations import Limit, Substitute
from ..formulas.distillation import (
    SoftmaxCurvature,
    TemperedSoftmax,
    distillation_gradient,
    distillation_kl_gradient,
    high_temperature_gradient,
    stable_distillation_gradient,
    tempered_log_sum_exp,
    tempered_softmax,
)
from ..formulas.vectors import Categories, Vector, index_symbol
from .terms import concluded, stated

__all__ = ["distillation_temperature"]

_EXAMPLE_CLASSES = 3  # the limits T -> oo, written out
_KL = r"D(p \,\|\, q)"


def _kl(p: Vector, s: Vector, temperature: sp.Symbol) -> sp.Expr:
    return p.total(lambda c: p[c] * sp.log(p[c] / tempered_softmax(s, c, temperature)))


def _expanded(p: Vector, s: Vector, temperature: sp.Symbol) -> sp.Expr:
    return (
        p.total(lambda c: p[c] * sp.log(p[c]))
        - p.total(lambda c: p[c] * s[c]) / temperature
        + tempered_log_sum_exp(s, temperature)
    )


def _loss(p: Vector, s: Vector, temperature: sp.Symbol) -> Chain:
    return (
        Chain.start(
            _kl(p, s, temperature),
            label=_KL,
            because="the teacher's $p = \\operatorname{softmax}(t/T)$ against the student's $q = "
            "\\operatorname{softmax}(s/T)$",
            intro=(
                "At a temperature $T > 0$, "
                "$\\operatorname{softmax}_T(z)_k = e^{z_k/T} / \\sum_j e^{z_j/T}$: "
                "$T = 1$ is the softmax, a larger $T$ flattens it towards uniform. The student (logits $s$) "
                "learns from the teacher's softened probabilities $p$ [cite:hinton-distillation] (any distribution: "
                "$p = \\operatorname{softmax}_T(t)$):"
            ),
        )
        .equals(
            p.total(lambda c: p[c] * sp.log(p[c]))
            - p.total(lambda c: p[c] * (s[c] / temperature - tempered_log_sum_exp(s, temperature))),
            "$\\log q_c = s_c/T - \\log \\sum_j e^{s_j/T}$",
        )
        .equals(
            _expanded(p, s, temperature), "$\\sum_c p_c = 1$: $-H(p) - \\frac{1}{T} p^\\top s + \\log\\sum_j e^{s_j/T}$"
        )
    )


def _gradients(p: Vector, s: Vector, temperature: sp.Symbol, k: sp.Symbol) -> tuple[Chain, Chain]:
    q_k = TemperedSoftmax.of(s, k, temperature)
    j = index_symbol("j")
    kl = (
        Chain.start(
            sp.Derivative(_expanded(p, s, temperature), s[k]),
            label=r"\frac{\partial D}{\partial s_k}",
            because="from above",
            intro="Its gradient in the student's logits; $-H(p)$ does not depend on $s$:",
        )
        .equals(
            sp.exp(s[k] / temperature) / (temperature * sp.Sum(sp.exp(s[j] / temperature), (j, 1, s.n)))
            - p[k] / temperature,
            "the chain rule: each $s_k$ enters divided by $T$",
        )
        .equals(distillation_kl_gradient(q_k, p[k], temperature), "$(q_k - p_k)/T$: the softmax gradient over $T$")
    )
    scaled = Chain.start(
        sp.Derivative(temperature**2 * _expanded(p, s, temperature), s[k]),
        label=r"\frac{\partial (T^2 D)}{\partial s_k}",
        because="the loss as Hinton et al. scale it",
        intro="The loss is scaled by $T^2$ (in PyTorch, kl_div(...) times T**2), so its gradient is",
    ).equals(distillation_gradient(q_k, p[k], temperature), "$T^2$ times the above: $T (q_k - p_k)$")
    return kl, scaled


def _stable(temperature: sp.Symbol) -> tuple[Chain, Chain]:
    """The form the numeric gradient evaluates, on each side of ``d = 0`` (``q_k = p_k e^{d}``)."""
    p_k, u = sp.Symbol("p_k", positive=True), sp.Symbol("u", positive=True)
    gap = sp.Symbol("d", real=True)
    form = stable_distillation_gradient(p_k, p_k * sp.exp(gap), gap, temperature)
    below = (
        Chain.start(
            form,
            label=r"T(q_k - p_k)",
            because="the form the numeric gradient evaluates",
            intro=(
                "For computing: with $d = \\log q_k - \\log p_k$ (from the logits' differences, so $q_k = p_k e^{d}$), "
                "$q_k - p_k$ is a product with the smaller probability outside $\\operatorname{expm1}$, never a "
                "difference of nearly equal numbers:"
            ),
        )
        .implies(
            stable_distillation_gradient(p_k, p_k * sp.exp(-u), -u, temperature),
            "for $d = -u \\le 0$",
            by=Substitute({gap: -u}),
        )
        .equals(distillation_gradient(p_k * sp.exp(-u), p_k, temperature), "$p_k\\operatorname{expm1}(d) = q_k - p_k$")
    )
    above = (
        Chain.start(form, label=r"T(q_k - p_k)")
        .implies(
            stable_distillation_gradient(p_k, p_k * sp.exp(u), u, temperature),
            "for $d = u > 0$",
            by=Substitute({gap: u}),
        )
        .equals(
            distillation_gradient(p_k * sp.exp(u), p_k, temperature),
            "$-q_k\\operatorname{expm1}(-d) = q_k - p_k$",
        )
    )
    return below, above


def _coefficients(z: Vector, k: sp.Symbol, x: sp.Symbol) -> tuple[Chain, Chain, Chain]:
    n = z.n
    j = index_symbol("j")
    soft = tempered_softmax(z, k, 1 / x)
    mean = sp.Sum(z[j], (j, 1, n)) / n
    variance = sp.Sum((z[j] - mean) ** 2, (j, 1, n)) / n
    value = Chain.start(
        sp.Subs(soft, x, 0),
        label=r"\operatorname{softmax}_T(z)_k \big|_{1/T = 0}",
        because="the softmax at $x = 1/T$, for $T \\to \\infty$",
        intro=(
            "Why $T^2$: write $x = 1/T$, so that $\\operatorname{softmax}_T(z)_k = e^{x z_k} / \\sum_j e^{x z_j}$ "
            "is a smooth function of $x$ near $0$. Its value and first derivative there, for any $K$:"
        ),
    ).equals(1 / n, "every $e^{0 z_j} = 1$: uniform")
    slope = Chain.start(
        sp.Subs(sp.Derivative(soft, x), x, 0),
        label=r"\frac{d}{dx} \operatorname{softmax}_T(z)_k \big|_{x = 0}",
        because="the first-order coefficient in $1/T$",
    ).equals((z[k] - mean) / n, "the quotient rule at $x = 0$: $\\frac{1}{K}(z_k - \\bar{z})$")
    curvature = (
        Chain.start(
            sp.Subs(sp.Derivative(soft, (x, 2)), x, 0),
            label=r"\frac{d^2}{dx^2} \operatorname{softmax}_T(z)_k \big|_{x = 0}",
            because="the second-order coefficient (it bounds the error of the first-order form)",
        )
        .equals(
            ((z[k] - mean) ** 2 - variance) / n, "$\\frac{1}{K}((z_k - \\bar{z})^2 - \\overline{(z - \\bar{z})^2})$"
        )
        .equals(SoftmaxCurvature.of(z, k), "calling it $\\kappa_k(z)$")
    )
    return value, slope, curvature


def _limits(temperature: sp.Symbol) -> tuple[Chain, Chain]:
    classes = Categories.explicit(_EXAMPLE_CLASSES, index="c")
    s, t = Vector("s", classes, positive=False), Vector("t", classes, positive=False)
    q1, p1 = TemperedSoftmax.of(s, 1, temperature), TemperedSoftmax.of(t, 1, temperature)
    gaps = [s[c] - t[c] for c in range(1, _EXAMPLE_CLASSES + 1)]
    mean_gap = sp.Add(*gaps) / _EXAMPLE_CLASSES
    leading = high_temperature_gradient(gaps[0], mean_gap, _EXAMPLE_CLASSES, 1)
    scaled = distillation_gradient(q1, p1, temperature)
    first = Chain.start(
        scaled,
        label=r"T^2 \frac{\partial D}{\partial s_1}",
        because="the scaled gradient for $K = 3$ classes",
        intro=(
            "So $q_k - p_k = \\frac{1}{T} \\frac{g_k - \\bar{g}}{K} + O(1/T^2)$ with $g = s - t$ (the means "
            "$\\bar{s}$, $\\bar{t}$ cancel to $\\bar{g}$), and the gradient of the KL is "
            "$\\frac{g_k - \\bar{g}}{K T^2}$ to first order in $1/T$. Multiplied by $T^2$ it no longer depends on "
            "$T$. Written out for $K = 3$ classes and the first class:"
        ),
    ).tends(leading, "$\\frac{1}{K}(g_1 - \\bar{g})$: independent of $T$", by=Limit(temperature, sp.oo, "-"))
    correction = (SoftmaxCurvature.of(s, 1) - SoftmaxCurvature.of(t, 1)) / 2
    second = Chain.start(
        temperature * (scaled - leading),
        label=r"T \left(T^2 \frac{\partial D}{\partial s_1} - \frac{g_1 - \bar{g}}{K}\right)",
        because="the error of the first-order form, times $T$",
        intro="and the error of that first-order form is $O(1/T)$: times $T$ it has a finite limit,",
    ).tends(
        correction,
        "half the difference of the second-order coefficients: the next term is $O(1/T)$",
        by=Limit(temperature, sp.oo, "-"),
    )
    return first, second


def distillation_temperature() -> Derivation:
    """``d/ds_k KL(p || softmax(s/T)) = (q_k - p_k)/T``, and ``T^2`` times it tends to ``(g_k - mean g)/K``."""
    categories = Categories.general(n="K", index="c")
    n = categories.n
    p = Vector("p", categories)
    s, z = Vector("s", categories, positive=False), Vector("z", categories, positive=False)
    temperature, x = sp.Symbol("T", positive=True), sp.Symbol("x", positive=True)
    k = index_symbol("k")
    domain = Domain.of(
        CategoryCount(n),
        CategoryIndex(k, n),
        Real(temperature, 0),
        Real(x, 0),
        OnSimplex(p),
        RealVector(s),
        RealVector(z),
    )
    loss = _loss(p, s, temperature)
    kl, scaled = _gradients(p, s, temperature, k)
    value, slope, curvature = _coefficients(z, k, x)
    first, second = _limits(temperature)
    below, above = _stable(temperature)
    chains = (loss, kl, scaled, value, slope, curvature, first, second, below, above)
    limits = tuple(
        stated(sp.Limit(chain.first, temperature, sp.oo, "-"), "=", chain.steps[-1].statement)
        for chain in (first, second)
    )
    return Derivation(
        "distillation-temperature",
        "Distillation at a temperature, and why the loss is scaled by T squared",
        domain,
        chains,
        theorem=(*concluded((kl, scaled, value, slope, curvature)), *limits),
        summary=(
            "A teacher's logits $t$ and a student's $s$ over $K$ classes, softened at a temperature $T > 0$: "
            "$p = \\operatorname{softmax}(t/T)$, $q = \\operatorname{softmax}(s/T)$; in nats."
        ),
        conclusion=(
            "$\\partial D(p \\| q) / \\partial s_k = (q_k - p_k)/T$, and for large $T$, $q_k - p_k = "
            "\\frac{g_k - \\bar{g}}{K T} + O(1/T^2)$ with $g = s - t$: the gradient is "
            "$\\frac{g_k - \\bar{g}}{K T^2}$ to first order in $1/T$. Scaling the loss by $T^2$ makes the gradient "
            "$T(q_k - p_k) \\to \\frac{g_k - \\bar{g}}{K}$, independent of $T$ to first order in $1/T$: "
            "distillation matches the logits' deviations from their means, as Hinton et al. observe."
        ),
    )
