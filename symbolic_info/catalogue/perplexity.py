"""Perplexity: the exponential of the per-token cross-entropy, at least the exponential of the entropy.

A language model ``q`` predicts each token from a vocabulary of ``n`` tokens whose true distribution
is ``p`` (both positive). Its perplexity ``exp(H(p, q))`` is the number of equally likely tokens that
would leave it as uncertain; it is smallest, ``exp(H(p))``, exactly at ``q = p``.
"""

from __future__ import annotations

import sympy as sp

from ..engine import Chain, Derivation
from ..engine.domain import CategoryCount, Domain, OnSimplex, Real
from ..formulas.named import CrossEntropy, Entropy, KLDivergence
from ..formulas.vectors import Categories, Vector
from .terms import concluded

__all__ = ["perplexity"]

_U = sp.Symbol("u", positive=True)
_LABEL = r"\mathrm{PP}(q)"


def _bound(p: Vector, q: Vector) -> Chain:
    weight = p.total(lambda i: (p[i] - q[i]) ** 2 * sp.Integral(_U / ((1 - _U) * p[i] + _U * q[i]), (_U, 0, 1)))
    entropy = sp.exp(Entropy.of(p))
    return (
        Chain.start(
            sp.exp(CrossEntropy.of(p, q)),
            label=_LABEL,
            because="the exponential of the cross-entropy per token, in nats",
            intro="The perplexity of the model $q$ on text drawn from $p$:",
        )
        .equals(sp.exp(Entropy.of(p) + KLDivergence.of(p, q)), "cross-entropy is entropy plus divergence")
        .equals(entropy * sp.exp(KLDivergence.of(p, q)), "$e^{a + b} = e^a e^b$")
        .equals(
            entropy * sp.exp(p.total(lambda i: p[i] * sp.log(p[i] / q[i]) + q[i] - p[i])),
            "the definition, adding $\\sum_i q_i - \\sum_i p_i = 0$",
        )
        .equals(entropy * sp.exp(weight), "Gibbs' inequality in its integral form")
        .ge(entropy, "$D(p \\| q) \\geq 0$, so $e^{D(p \\| q)} \\geq 1$; equality only at $q = p$")
    )


def _at_truth(p: Vector) -> Chain:
    return Chain.start(
        sp.exp(CrossEntropy(p.base, p.base, p.n)),
        label=r"\mathrm{PP}(p)",
        intro="At $q = p$ the bound is reached:",
    ).equals(sp.exp(Entropy.of(p)), "the cross-entropy of $p$ with itself is its entropy")


def _uniform(p: Vector) -> Chain:
    count = p.n
    return (
        Chain.start(
            sp.exp(-p.total(lambda i: p[i] * sp.log(1 / count))),
            label=r"\mathrm{PP}(\mathrm{uniform})",
            because="a model that gives each of the $n$ tokens probability $1/n$",
            intro="A model that knows nothing, uniform over a vocabulary of $n$ tokens, has perplexity $n$:",
        )
        .equals(sp.exp(sp.log(count) * p.total(lambda i: p[i])), "$-\\log(1/n) = \\log n$ in every term")
        .equals(count, "$\\sum_i p_i = 1$ and $e^{\\log n} = n$")
    )


def _in_bits(p: Vector, q: Vector) -> Chain:
    return Chain.start(
        sp.exp(CrossEntropy.of(p, q)),
        label=_LABEL,
        intro="In bits: two to the cross-entropy in bits, the same number.",
    ).equals(sp.Integer(2) ** (CrossEntropy.of(p, q) / sp.log(2)), "$e^{x} = 2^{x / \\log 2}$")


def _per_token(a: sp.Symbol, b: sp.Symbol, c: sp.Symbol) -> Chain:
    mean = -(sp.log(a) + sp.log(b) + sp.log(c)) / 3
    return Chain.start(
        sp.exp(mean),
        label=r"\mathrm{PP}(x_1 x_2 x_3)",
        because="the average of $-\\log q(x_t)$ over a text of three tokens, exponentiated",
        intro=(
            "On a text, the cross-entropy per token is the average of $-\\log q(x_t)$; for three tokens that the "
            "model predicted with probabilities $a$, $b$ and $c$:"
        ),
    ).equals((a * b * c) ** sp.Rational(-1, 3), "the inverse geometric mean of the probabilities of the tokens")


def perplexity() -> Derivation:
    """``PP = exp(H(p, q)) >= exp(H(p))`` with equality iff ``q = p``; a uniform model over ``n`` tokens: ``n``."""
    categories = Categories.general()
    p, q = Vector("p", categories), Vector("q", categories)
    a, b, c = (sp.Symbol(name, positive=True) for name in "abc")
    domain = Domain.of(
        CategoryCount(categories.n), OnSimplex(p), OnSimplex(q), Real(a, 0, 1), Real(b, 0, 1), Real(c, 0, 1)
    )
    chains = (_bound(p, q), _at_truth(p), _uniform(p), _in_bits(p, q), _per_token(a, b, c))
    return Derivation(
        "perplexity",
        "Perplexity: the exponential of the cross-entropy per token",
        domain,
        chains,
        theorem=concluded(chains),
        summary=(
            "For tokens from a vocabulary of $n$ with true distribution $p$ and a model $q$, all probabilities "
            "positive; cross-entropy in nats."
        ),
        conclusion=(
            "$\\mathrm{PP}(q) = e^{H(p, q)} = e^{H(p)} e^{D(p \\| q)} \\geq e^{H(p)}$, with equality exactly at "
            "$q = p$: since $e^x$ is increasing, minimising the perplexity and minimising the cross-entropy are "
            "the same. A uniform model over $n$ tokens has perplexity $n$; on a text, the perplexity is the "
            "inverse geometric mean of the probabilities the model gave the tokens."
        ),
    )
