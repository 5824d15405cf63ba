"""The entropy of a softmax: log-sum-exp minus the expected score, and its limits in the temperature.

For scores ``z`` in ``R^n`` the softmax ``s_k = e^{z_k} / sum_j e^{z_j}`` is a distribution with every
entry positive. Dividing the scores by a temperature ``T > 0`` sharpens it (``T -> 0``) or flattens it
(``T -> oo``); the limits are proved for two scores, where the entropy is a function of ``(z_1 - z_2)/T``.
"""

from __future__ import annotations

import sympy as sp

from ..engine import Chain, Derivation
from ..engine.domain import CategoryCount, Domain, Real, RealVector
from ..engine.operations import Limit, Substitute
from ..formulas.definitions import binary_entropy, sigmoid, softmax
from ..formulas.vectors import Categories, Vector, index_symbol
from .terms import concluded

__all__ = ["entropy_of_softmax"]


def _log_sum_exp(z: Vector) -> sp.Expr:
    j = index_symbol("j")
    return sp.log(sp.Sum(sp.exp(z[j]), (j, 1, z.n)))


def _identity(z: Vector) -> Chain:
    def s(i: sp.Expr) -> sp.Expr:
        return softmax(z, i)

    return (
        Chain.start(
            -z.total(lambda i: s(i) * sp.log(s(i))),
            label=r"H(\mathrm{softmax}(z))",
            because="the entropy of $s = \\mathrm{softmax}(z)$, $s_i = e^{z_i} / \\sum_j e^{z_j}$",
            intro="For scores $z \\in \\mathbb{R}^n$:",
        )
        .equals(
            -z.total(lambda i: s(i) * (z[i] - _log_sum_exp(z))),
            "$\\log s_i = z_i - \\log \\sum_j e^{z_j}$",
        )
        .equals(
            _log_sum_exp(z) * z.total(s) - z.total(lambda i: s(i) * z[i]),
            "the log-sum-exp is the same in every term",
        )
        .equals(_log_sum_exp(z) - z.total(lambda i: s(i) * z[i]), "$\\sum_i s_i = 1$")
    )


def _uniform(z: Vector) -> Chain:
    return (
        Chain.start(
            -z.total(lambda i: softmax(z, i) * sp.log(softmax(z, i))),
            label=r"H(\mathrm{softmax}(z))",
            intro=(
                "Equal scores give the uniform distribution "
                "(so does the limit $T \\to \\infty$, where every $z_i / T \\to 0$):"
            ),
        )
        .implies(
            -z.total(lambda i: sp.log(1 / z.n) / z.n),
            "at $z_i = 0$ for every $i$: $s_i = 1/n$",
            by=Substitute({z[z.categories.index]: 0}),
        )
        .equals(sp.log(z.n), "the maximum of the entropy, $\\log n$")
    )


def _temperature(gap: sp.Symbol, t: sp.Symbol, temperature: sp.Symbol) -> tuple[Chain, ...]:
    sharp = gap / temperature
    two = (
        Chain.start(
            binary_entropy(sigmoid(sharp)),
            label=r"H\left(\mathrm{softmax}(z / T)\right)",
            because="two scores $z_1 - z_2 = d > 0$: $s_1 = \\sigma(d/T)$, $s_2 = 1 - \\sigma(d/T)$",
            intro=(
                "With a temperature $T > 0$ the scores become $z / T$. For two scores with $z_1 - z_2 = d > 0$ "
                "the softmax is $(\\sigma(d/T), 1 - \\sigma(d/T))$, and its entropy is:"
            ),
        )
        .equals(
            sp.log(1 + sp.exp(-sharp)) + sharp * sp.exp(-sharp) / (1 + sp.exp(-sharp)),
            "the identity above for $z / T = (d/T, 0)$ (the entropy does not change when a constant is "
            "subtracted from every score)",
        )
        .implies(
            sp.log(1 + sp.exp(-t)) + t * sp.exp(-t) / (1 + sp.exp(-t)),
            "writing $t = d / T$",
            by=Substitute({gap: t * temperature}),
        )
    )
    form = sp.log(1 + sp.exp(-t)) + t * sp.exp(-t) / (1 + sp.exp(-t))
    cold = Chain.start(
        form,
        label=r"T \to 0^+",
        because="$t = d/T \\to \\infty$",
        intro="As $T \\to 0^+$, $t \\to \\infty$: the softmax becomes one-hot on the larger score.",
    ).tends(0, "no uncertainty left", by=Limit(t, sp.oo, "-"))
    hot = Chain.start(
        form,
        label=r"T \to \infty",
        because="$t = d/T \\to 0^+$",
        intro="As $T \\to \\infty$, $t \\to 0^+$: the softmax becomes uniform.",
    ).tends(sp.log(2), "the maximum $\\log 2$", by=Limit(t, 0, "+"))
    return two, cold, hot


def entropy_of_softmax() -> Derivation:
    """``H(softmax(z)) = logsumexp(z) - sum_k softmax(z)_k z_k``; limits ``0`` and ``log 2`` in the temperature."""
    classes = Categories.general()
    z = Vector("z", classes, positive=False)
    gap, t, temperature = (sp.Symbol(name, positive=True) for name in ("d", "t", "T"))
    domain = Domain.of(
        CategoryCount(classes.n), RealVector(z), Real(gap, low=0), Real(t, low=0), Real(temperature, low=0)
    )
    chains = (_identity(z), _uniform(z), *_temperature(gap, t, temperature))
    return Derivation(
        "entropy-of-softmax",
        "The entropy of a softmax, and the temperature",
        domain,
        chains,
        theorem=concluded(chains),
        summary="Scores $z \\in \\mathbb{R}^n$, the softmax $s_i = e^{z_i} / \\sum_j e^{z_j}$, entropy in nats.",
        conclusion=(
            "$H(\\mathrm{softmax}(z)) = \\log \\sum_j e^{z_j} - \\sum_i s_i z_i$: the log-sum-exp minus the expected "
            "score. It is $\\log n$ for equal scores; for two scores at temperature $T$ it tends to $0$ as "
            "$T \\to 0^+$ and to $\\log 2$ as $T \\to \\infty$. For $n$ scores the same holds with $\\log n$ "
            "(every $z_i / T \\to 0$) and, when the largest score is unique, $0$."
        ),
    )
