"""Entropy: the binary entropy curve, the maximum by Lagrange multipliers, the Hessian and bounds."""

from __future__ import annotations

import sympy as sp

from ..engine import Chain, Derivation
from ..engine.domain import CategoryCount, CategoryIndex, Domain, OnSimplex, Real, RealVector
from ..engine.operations import Hessian, Limit, Solve, Stationarity, Substitute, SubstituteInto
from ..formulas.definitions import binary_entropy as binary_entropy_of
from ..formulas.definitions import entropy
from ..formulas.named import Entropy
from ..formulas.vectors import Categories, Vector, index_symbol
from .terms import stated, written_out

__all__ = ["binary_entropy", "entropy_hessian", "entropy_maximum"]


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
        theorem=(stated(value.first, "=", sp.log(count)),),
        summary=f"Lagrange multipliers for {size}: the only stationary point of $H$ on the simplex is uniform.",
        conclusion=(
            "The stationary point is $p_k = 1/n$ with $H = \\log n$. "
            "It is the global maximum because $H$ is strictly concave (see [ref:entropy-hessian])."
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
    unsigned = sp.Symbol("p", real=True)
    half = {unsigned: sp.Rational(1, 2)}
    value = Chain.start(
        written_out(binary_entropy_of(unsigned), half),
        label=r"H_b(\tfrac12)",
        because="the definition at $p = 1/2$",
        intro="The maximum value, in nats and in bits:",
    ).equals(sp.log(2), "$\\log \\tfrac12 = -\\log 2$: $\\log 2$ nats")
    in_bits = (
        Chain.start(
            written_out(binary_entropy_of(unsigned, base=2), half),
            label=r"H_b(\tfrac12) \text{ in bits}",
            because="the same sum in base 2: $\\log_2 x = \\log x / \\log 2$",
        )
        .equals(sp.Mul(sp.log(2), 1 / sp.log(2), evaluate=False), "the sum is $\\log 2$, as above")
        .equals(1, "one bit")
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
        (derivative, curvature, value, in_bits, endpoints),
        theorem=(
            stated(curvature.first, "<", 0),
            stated(value.first, "=", sp.log(2)),
            stated(in_bits.first, "=", 1),
            stated(sp.Limit(endpoints.first, x, 0, "+"), "=", 0),
        ),
        summary="The entropy of a coin with bias $p$.",
        conclusion=(
            "$H_b$ is strictly concave on $(0, 1)$, largest at $p = 1/2$ (one bit) and zero at $p \\in \\{0, 1\\}$."
        ),
    )


def _limit(x: sp.Symbol) -> Limit:
    return Limit(x, 0, "+")


def entropy_hessian() -> Derivation:
    """The Hessian ``diag(-1/p_i)``: entropy is strictly concave, and ``0 <= H <= log n``.

    >>> entropy_hessian().chains[1].steps[-1].statement
    -KroneckerDelta(j, k)/p[j]
    """
    categories = Categories.general()
    p = Vector("p", categories)
    v = Vector("v", categories, positive=False)
    j, k = index_symbol("j"), index_symbol("k")
    count, i = categories.n, categories.index
    first = Chain.start(
        sp.Derivative(entropy(p), p[j]),
        label=r"\frac{\partial H}{\partial p_j}",
        because="$H$ as a function of $p_1, \\dots, p_n > 0$",
        intro=(
            "Treat $H(p) = -\\sum_i p_i \\log p_i$ as a function on the open positive orthant, "
            "which contains the simplex."
        ),
    ).equals(-sp.log(p[j]) - 1, "only the term $-p_j \\log p_j$ depends on $p_j$")
    second = Chain.start(
        sp.Derivative(-sp.log(p[j]) - 1, p[k]),
        label=r"\frac{\partial^2 H}{\partial p_k \partial p_j}",
        because="differentiating again",
    ).equals(-sp.KroneckerDelta(j, k) / p[j], "zero unless $k = j$: the Hessian is $\\mathrm{diag}(-1/p_i)$")
    three = Vector("p", Categories.explicit(3))
    matrix = Chain.start(
        entropy(three).doit(),
        label=r"H(p_1, p_2, p_3)",
        because="the definition for $n = 3$",
        intro="For instance, with $n = 3$ the Hessian matrix is diagonal:",
        domain=Domain.of(OnSimplex(three)),
    ).implies(
        sp.diag(*(-1 / entry for entry in three.entries())),
        "its Hessian: $-1/p_i$ on the diagonal",
        by=Hessian(*three.entries()),
    )
    form = (
        Chain.start(
            sp.Sum(sp.Sum(v[j] * v[k] * (-sp.KroneckerDelta(j, k) / p[j]), (k, 1, count)), (j, 1, count)),
            label=r"v^{\top} \nabla^2 H(p)\, v",
            because="the quadratic form of the Hessian, for any $v \\in \\mathbb{R}^n$",
            intro="The Hessian is negative definite:",
        )
        .equals(-p.total(lambda m: v[m] ** 2 / p[m]), "only the diagonal terms $k = j$ remain")
        .le(0, "each $v_i^2 / p_i \\geq 0$, and the sum is $0$ only when every $v_i = 0$: $< 0$ for $v \\neq 0$")
    )
    tangent = Substitute({p[i]: 1 / count}).apply(-sp.log(p[i]) - 1)
    plane = sp.log(count) + p.total(lambda m: tangent * (p[m] - 1 / count))
    u = sp.Symbol("u", positive=True)
    gap = p.total(lambda m: (p[m] - 1 / count) ** 2 * sp.Integral(u / ((1 - u) * p[m] + u / count), (u, 0, 1)))
    upper = (
        Chain.start(
            Entropy.of(p),
            because="any point of the simplex",
            intro=(
                "A strictly concave function lies below each tangent plane, touching only at the point of "
                "contact. At the uniform $u = (1/n, \\dots, 1/n)$, $H(u) = \\log n$ and every partial derivative "
                "is $-\\log(1/n) - 1$:"
            ),
        )
        .equals(
            plane - gap,
            "the tangent plane at $u$ minus the gap, term by term in the integral form of Gibbs' inequality with "
            "$q_i = 1/n$: $(p_i - 1/n)^2 w_i$, $w_i = \\int_0^1 \\frac{u\\,du}{(1 - u) p_i + u/n}$",
        )
        .le(plane, "below the tangent plane: the gap is a sum of squares times integrals of positive functions")
        .equals(sp.log(count), "$\\sum_i (p_i - 1/n) = 1 - 1 = 0$")
    )
    lower = (
        Chain.start(
            Entropy.of(p),
            intro="From below, every term is nonnegative on the simplex:",
        )
        .equals(p.total(lambda m: p[m] * sp.log(1 / p[m], evaluate=False)), "$-\\log p_i = \\log(1/p_i)$")
        .ge(0, "$0 < p_i \\leq 1$, so $\\log(1/p_i) \\geq 0$")
    )
    q = Vector("p", Categories.explicit(3), positive=False)
    one_hot = Chain.start(
        written_out(entropy(q), {q[1]: 1, q[2]: 0, q[3]: 0}),
        label=r"H(1, 0, 0)",
        because="the one-hot distribution $e_1$",
        intro="The lower bound is attained at one-hot distributions, with the convention $0 \\log 0 = 0$:",
    ).equals(0, "$\\log 1 = 0$ and $0 \\log 0 = 0$; the same for every $n$ and $k$")
    domain = Domain.of(
        CategoryCount(count), CategoryIndex(j, count), CategoryIndex(k, count), OnSimplex(p), RealVector(v)
    )
    return Derivation(
        "entropy-hessian",
        "Entropy is strictly concave: the Hessian and the bounds on H",
        domain,
        (first, second, form, upper, lower, matrix, one_hot),
        theorem=(
            stated(form.first, "<=", 0),
            stated(Entropy.of(p), "<=", sp.log(count)),
            stated(Entropy.of(p), ">=", 0),
        ),
        summary="The Hessian $\\mathrm{diag}(-1/p_i)$ is negative definite, so the uniform distribution is the "
        "global maximum.",
        conclusion=(
            "The Hessian $\\mathrm{diag}(-1/p_1, \\dots, -1/p_n)$ is negative definite, so $H$ is strictly concave "
            "and its stationary point $p = u$ (see [ref:entropy-maximum]) is the unique global maximum on the "
            "simplex. Hence $0 \\leq H(p) \\leq \\log n$, with $H = \\log n$ exactly at the uniform distribution. "
            "$H = 0$ exactly at one-hot distributions: each term $-p_i \\log p_i$ is $\\geq 0$, so $H = 0$ forces "
            "every $p_i \\in \\{0, 1\\}$."
        ),
    )
