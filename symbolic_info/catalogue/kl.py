"""KL divergence: cross-entropy minus entropy, Gibbs' inequality, and an example of its asymmetry.

Gibbs' inequality is proved through an exact integral form of the gap in ``log x <= x - 1``:
``x - 1 - log x = (x - 1)^2 * int_0^1 u / (1 + (x - 1) u) du``, a square times the integral of
a positive function. Summed over the categories it writes ``D(p || q)`` as a sum of such terms,
so the prover sees its sign, and when it vanishes.
"""

from __future__ import annotations

import sympy as sp

from ..engine import Chain, Derivation
from ..engine.domain import CategoryCount, CategoryIndex, Domain, OnSimplex, Real
from ..formulas.definitions import kl_divergence
from ..formulas.named import CrossEntropy, Entropy, KLDivergence
from ..formulas.vectors import Categories, Vector, index_symbol
from .terms import stated

__all__ = ["gibbs_inequality", "kl_decomposition"]

_HALF = sp.Rational(1, 2)


def _two_distributions() -> tuple[Vector, Vector, Domain]:
    categories = Categories.general()
    p, q = Vector("p", categories), Vector("q", categories)
    return p, q, Domain.of(CategoryCount(categories.n), OnSimplex(p), OnSimplex(q))


def kl_decomposition() -> Derivation:
    """``D(p || q) = sum_i p_i log(p_i / q_i) = H(p, q) - H(p)`` for any number of categories."""
    p, q, domain = _two_distributions()
    decomposition = (
        Chain.start(
            KLDivergence.of(p, q),
            intro=(
                "The Kullback-Leibler divergence of $q$ from $p$ is the expected log-ratio "
                "$\\log(p(X)/q(X))$ for $X$ drawn from $p$:"
            ),
        )
        .equals(kl_divergence(p, q), "the definition")
        .equals(
            p.total(lambda i: p[i] * sp.log(p[i]) - p[i] * sp.log(q[i])),
            "$\\log(p_i/q_i) = \\log p_i - \\log q_i$",
        )
        .equals(
            sp.Add(p.total(lambda i: p[i] * sp.log(p[i])), -p.total(lambda i: p[i] * sp.log(q[i])), evaluate=False),
            "splitting the sum",
        )
        .equals(
            CrossEntropy.of(p, q) - Entropy.of(p),
            "the first sum is $-H(p)$ and the second $-H(p, q)$: cross-entropy minus entropy",
        )
    )
    wrong_sign = (
        Chain.start(
            -kl_divergence(p, q),
            intro=(
                "The article [cite:entropy-ce-kl-post] writes $D_{KL}(p \\| q) = -\\sum_i p_i \\log(p_i/q_i)$. "
                "With that minus sign the expression is the negative of the divergence:"
            ),
        )
        .equals(
            sp.Add(-p.total(lambda i: p[i] * sp.log(p[i])), p.total(lambda i: p[i] * sp.log(q[i])), evaluate=False),
            "the same split of the sum",
        )
        .equals(Entropy.of(p) - CrossEntropy.of(p, q), "entropy minus cross-entropy")
        .equals(-KLDivergence.of(p, q), "so that article's formula is $-D(p \\| q) \\leq 0$, not the divergence")
    )
    return Derivation(
        "kl-decomposition",
        "KL divergence is cross-entropy minus entropy",
        domain,
        (decomposition, wrong_sign),
        theorem=(stated(decomposition.first, "=", decomposition.steps[-1].statement),),
        summary="The divergence splits into the two entropies, for any number of categories $n$.",
        conclusion=(
            "$D(p \\| q) = \\sum_i p_i \\log(p_i/q_i) = H(p, q) - H(p)$, with a plus sign in front of the sum. "
            "For a fixed $p$ (the labels), $H(p)$ is a constant, so minimising the cross-entropy $H(p, q)$ over "
            "$q$ is the same as minimising $D(p \\| q)$."
        ),
    )


def _gap_lemma(x: sp.Symbol) -> tuple[Chain, Chain]:
    t = sp.Symbol("t", positive=True)
    u = sp.Symbol("u", positive=True)
    weight = sp.Integral(u / (1 + (x - 1) * u), (u, 0, 1))
    gap = (
        Chain.start(
            x - 1 - sp.log(x),
            label="g(x)",
            because="the gap between the tangent line $x - 1$ of $\\log$ at $x = 1$ and $\\log x$",
            intro=(
                "Lemma: $\\log x \\leq x - 1$ for every $x > 0$, with equality only at $x = 1$. "
                "Taylor's theorem at $x = 1$ with the remainder as an integral:"
            ),
        )
        .equals(sp.Integral(1 - 1 / t, (t, 1, x)), "$g(1) = 0$ and $g'(t) = 1 - 1/t$")
        .equals(
            (x - 1) ** 2 * weight,
            "substituting $t = 1 + (x - 1) u$, $dt = (x - 1)\\,du$, $0 \\leq u \\leq 1$",
        )
        .ge(
            0,
            "a square times the integral of a positive function: $1 + (x - 1) u = (1 - u) + x u > 0$ for $0 < u < 1$",
        )
    )
    positive_weight = Chain.start(
        weight,
        label="w(x)",
        because="the integral in $g(x) = (x - 1)^2 w(x)$",
        intro="The integral itself is strictly positive, so $g(x) = 0$ only where $(x - 1)^2 = 0$, i.e. at $x = 1$:",
    ).gt(0, "the integral of a positive function over $(0, 1)$")
    return gap, positive_weight


def _asymmetry() -> tuple[Chain, ...]:
    p = (_HALF, _HALF)
    q = (sp.Rational(1, 4), sp.Rational(3, 4))
    forward = (
        Chain.start(
            kl_divergence(p, q),
            label=r"D(p \,\|\, q)",
            because="the definition at the two distributions",
            intro=(
                "Asymmetry. Take $p = (\\tfrac12, \\tfrac12)$ and $q = (\\tfrac14, \\tfrac34)$, in nats. "
                "Each divergence exactly:"
            ),
        )
        .equals(_HALF * sp.log(sp.Rational(4, 3)), "$\\log a + \\log b = \\log ab$")
        .approx("0.1438", "to four decimals")
    )
    backward = (
        Chain.start(kl_divergence(q, p), label=r"D(q \,\|\, p)", because="the arguments swapped")
        .equals(
            sp.Rational(3, 4) * sp.log(3) - sp.log(2),
            "$\\log \\tfrac12 = -\\log 2$, $\\log \\tfrac32 = \\log 3 - \\log 2$",
        )
        .approx("0.1308", "to four decimals")
    )
    difference = (
        Chain.start(
            kl_divergence(p, q) - kl_divergence(q, p),
            label=r"D(p \,\|\, q) - D(q \,\|\, p)",
            because="the two values above",
            intro="Their difference is an exact, nonzero number:",
        )
        .equals(2 * sp.log(2) - sp.Rational(5, 4) * sp.log(3), "collecting $\\log 2$ and $\\log 3$")
        .equals(
            sp.log(sp.Rational(256, 243)) / 4,
            "$2 \\log 2 = \\tfrac14 \\log 2^8$, $\\tfrac54 \\log 3 = \\tfrac14 \\log 3^5$",
        )
        .gt(0, "$2^8 = 256 > 243 = 3^5$")
    )
    return forward, backward, difference


def gibbs_inequality() -> Derivation:
    """``D(p || q) >= 0`` with equality iff ``p = q``; hence ``H(p, q) >= H(p)``; ``D`` is not symmetric."""
    p, q, simplex = _two_distributions()
    k = index_symbol("k")
    u = sp.Symbol("u", positive=True)
    x = sp.Symbol("x", positive=True)
    domain = Domain.of(Real(x, low=0), *simplex.declarations, CategoryIndex(k, p.n))

    def weight(j: sp.Expr) -> sp.Integral:
        return sp.Integral(u / ((1 - u) * p[j] + u * q[j]), (u, 0, 1))

    squares = p.total(lambda i: (p[i] - q[i]) ** 2 * weight(i))
    gap, positive_weight = _gap_lemma(x)
    gibbs = (
        Chain.start(
            KLDivergence.of(p, q),
            intro="Gibbs' inequality: apply the lemma to each ratio $x = q_i / p_i$.",
        )
        .equals(kl_divergence(p, q), "the definition")
        .equals(
            p.total(lambda i: p[i] * sp.log(p[i] / q[i]) + q[i] - p[i]),
            "adding $\\sum_i q_i - \\sum_i p_i = 1 - 1 = 0$",
        )
        .equals(
            p.total(lambda i: p[i] * (q[i] / p[i] - 1 - sp.log(q[i] / p[i]))),
            "each term is $p_i\\, g(q_i / p_i)$",
        )
        .equals(
            squares,
            "the lemma at $x = q_i/p_i$: $p_i (q_i/p_i - 1)^2 = (p_i - q_i)^2 / p_i$, "
            "and $p_i (1 + (q_i/p_i - 1) u) = (1 - u) p_i + u q_i$",
        )
        .ge(0, "a sum of squares times integrals of positive functions")
    )
    equality = Chain.start(
        weight(k),
        label="w_{k}",
        because="the weight of $(p_k - q_k)^2$ in the sum",
        intro=(
            "When is $D(p \\| q) = 0$? Every term $(p_k - q_k)^2 w_k$ is nonnegative, and every weight is "
            "strictly positive:"
        ),
    ).gt(0, "the integral of a positive function over $(0, 1)$")
    same = (
        Chain.start(
            KLDivergence(p.base, p.base, p.n),
            intro="So $D(p \\| q) = 0$ forces $q_k = p_k$ for every $k$. Conversely, at $q = p$:",
        )
        .equals(p.total(lambda i: p[i] * sp.log(1, evaluate=False)), "the definition with $q = p$")
        .equals(0, "$\\log 1 = 0$")
    )
    cross_entropy_bound = (
        Chain.start(
            CrossEntropy.of(p, q),
            intro="Hence the cross-entropy is never below the entropy:",
        )
        .equals(Entropy.of(p) + KLDivergence.of(p, q), "cross-entropy is entropy plus divergence")
        .equals(Entropy.of(p) + squares, "the sum of squares above")
        .ge(Entropy.of(p), "$D(p \\| q) \\geq 0$, with equality only at $q = p$")
    )
    return Derivation(
        "gibbs-inequality",
        "Gibbs' inequality: the divergence is nonnegative, and not symmetric",
        domain,
        (gap, positive_weight, gibbs, equality, same, cross_entropy_bound, *_asymmetry()),
        theorem=(
            stated(gibbs.first, ">=", 0),
            stated(same.first, "=", 0),
            stated(cross_entropy_bound.first, ">=", cross_entropy_bound.steps[-1].statement),
        ),
        summary=(
            "$D(p \\| q) \\geq 0$ with equality exactly when $q = p$, so $H(p, q) \\geq H(p)$; "
            "and $D(p \\| q) \\neq D(q \\| p)$ in general."
        ),
        conclusion=(
            "$D(p \\| q) = \\sum_i (p_i - q_i)^2 w_i$ with every $w_i > 0$: it is nonnegative and vanishes only "
            "at $q = p$; so $H(p, q) \\geq H(p)$ with equality only at $q = p$. It is not a distance: for "
            "$p = (\\tfrac12, \\tfrac12)$, $q = (\\tfrac14, \\tfrac34)$, "
            "$D(p \\| q) = \\tfrac12 \\log \\tfrac43 \\approx 0.1438$ but "
            "$D(q \\| p) = \\tfrac34 \\log 3 - \\log 2 \\approx 0.1308$ nats."
        ),
    )
