"""Entropy: the binary entropy curve, the maximum by Lagrange multipliers, the Hessian and bounds."""

from __future__ import annotations

import sympy as sp

from ..definitions import binary_entropy as binary_entropy_of
from ..definitions import entropy
from ..derivation import Chain, Derivation
from ..domain import CategoryCount, CategoryIndex, Domain, OnSimplex, Real
from ..operations import Limit, Solve, Stationarity, Substitute, SubstituteInto
from ..vectors import Categories, Vector, index_symbol

__all__ = ["binary_entropy", "entropy_maximum"]


def entropy_maximum(n: int | None = None) -> Derivation:
    """Entropy is largest, ``log n``, at the uniform distribution: Lagrange multipliers.

    The stationarity equations have the same form for every ``k``, so they are solved once
    for a symbolic ``k``; with an explicit ``n`` this keeps the derivation the same size
    for any number of categories.
    """
    categories = Categories.general() if n is None else Categories.explicit(n)
    p = Vector("p", categories)
    k = index_symbol("k")
    lam = sp.Symbol("lambda", real=True)
    count = categories.n
    constraint = p.total(lambda i: p[i])
    lagrangian = entropy(p) + lam * (constraint - 1)
    stationarity = (
        Chain.start(
            lagrangian,
            label=r"\mathcal{L}(p, \lambda)",
            because="entropy plus a multiplier for $\\sum_i p_i = 1$",
            intro=(
                "Maximise $H(p) = -\\sum_i p_i \\log p_i$ subject to $\\sum_i p_i = 1$. "
                "The positivity constraints are inactive on the open simplex, so one multiplier suffices."
            ),
        )
        .implies(
            sp.Eq(-sp.log(p[k]) - 1 + lam, 0),
            "stationarity: $\\partial \\mathcal{L} / \\partial p_k = 0$ for every $k$",
            by=Stationarity(p[k]),
        )
        .implies(
            sp.Eq(p[k], sp.exp(lam - 1)),
            "solving for $p_k$: the same value for every $k$",
            by=Solve(p[k]),
        )
        .implies(
            sp.Eq(count * sp.exp(lam - 1), 1),
            "substituting into the constraint $\\sum_i p_i = 1$",
            by=SubstituteInto(sp.Eq(constraint, 1), "substituting into the constraint"),
        )
        .implies(sp.Eq(lam, 1 - sp.log(count)), "solving for $\\lambda$", by=Solve(lam))
        .implies(
            sp.Eq(p[k], 1 / count),
            "back into $p_k = e^{\\lambda - 1}$",
            by=SubstituteInto(sp.Eq(p[k], sp.exp(lam - 1)), "back into $p_k = e^{\\lambda - 1}$"),
        )
    )
    uniform = Substitute({p[categories.index]: 1 / count}).apply(entropy(p))
    value = (
        Chain.start(
            uniform,
            label=rf"H\left(\tfrac{{1}}{{{sp.latex(count)}}}, \dots, \tfrac{{1}}{{{sp.latex(count)}}}\right)",
            because="the definition at $p_i = 1/n$",
            intro="The value of the entropy at the stationary point:",
        )
        .equals(
            sp.Mul(-1, count, sp.Mul(1 / count, sp.log(1 / count), evaluate=False), evaluate=False), "$n$ equal terms"
        )
        .equals(sp.log(count), "$\\log(1/n) = -\\log n$")
    )
    domain = Domain.of(CategoryCount(count), CategoryIndex(k, count), OnSimplex(p), Real(lam))
    size = "general $n$" if n is None else f"$n = {n}$"
    return Derivation(
        "entropy-maximum",
        "The maximum of entropy: the uniform distribution",
        domain,
        (stationarity, value),
        summary=f"Lagrange multipliers for {size}: the only stationary point of $H$ on the simplex is uniform.",
        conclusion=(
            "The stationary point is $p_k = 1/n$ with $H = \\log n$. "
            "It is the global maximum because $H$ is strictly concave (see the entropy Hessian)."
        ),
        parameters={} if n is None else {"n": n},
    )


def binary_entropy() -> Derivation:
    """Binary entropy: maximum ``log 2`` (one bit) at ``p = 1/2``, concave, zero at 0 and 1."""
    p = sp.Symbol("p", positive=True)
    h = binary_entropy_of(p)
    derivative = (
        Chain.start(h, label=r"H_b(p)", because="entropy of a Bernoulli($p$) variable", intro="For $0 < p < 1$:")
        .implies(sp.Eq(sp.log(1 - p) - sp.log(p), 0), "stationarity: $H_b'(p) = 0$", by=Stationarity(p))
        .implies(sp.Eq(p, sp.Rational(1, 2)), "solving: $\\log\\frac{1-p}{p} = 0$", by=Solve(p))
    )
    curvature = (
        Chain.start(sp.diff(h, p, 2), label=r"H_b''(p)", because="differentiating twice")
        .equals(-1 / (p * (1 - p)), "combining the fractions")
        .lt(0, "$p(1-p) > 0$: strictly concave, so $p = 1/2$ is the maximum")
    )
    value = (
        Chain.start(binary_entropy_of(sp.Rational(1, 2)), label=r"H_b(\tfrac12)", because="at $p = 1/2$")
        .equals(sp.log(2), "one bit, in nats")
        .equals(sp.log(2) / sp.log(2) * sp.log(2), "$\\log 2$ nats $= 1$ bit")
    )
    x = sp.Symbol("x", positive=True)
    endpoints = Chain.start(h.subs(p, x), label=r"H_b(x)", because="near the end points").tends(
        0, "$x \\log x \\to 0$: by the convention $0 \\log 0 = 0$, $H_b(0) = H_b(1) = 0$", by=_limit(x)
    )
    domain = Domain.of(Real(p, 0, 1), Real(x, 0, 1))
    return Derivation(
        "binary-entropy",
        "Binary entropy: maximum one bit at p = 1/2",
        domain,
        (derivative, curvature, value, endpoints),
        summary="The entropy of a coin with bias $p$.",
        conclusion=(
            "$H_b$ is strictly concave on $(0, 1)$, largest at $p = 1/2$ (one bit) and zero at $p \\in \\{0, 1\\}$."
        ),
    )


def _limit(x: sp.Symbol) -> Limit:
    return Limit(x, 0, "+")
