"""Cross-entropy: its minimum over the model distribution, and the one-hot targets of classification."""

from __future__ import annotations

import sympy as sp

from ..engine import Chain, Derivation
from ..engine.domain import CategoryCount, CategoryIndex, Domain, OnSimplex, Real, RealVector
from ..engine.operations import ApplyToBothSides, Hessian, Solve, Stationarity, SubstituteInto
from ..formulas.definitions import cross_entropy, entropy, kl_divergence
from ..formulas.named import CrossEntropy, Entropy
from ..formulas.vectors import Categories, Vector, index_symbol
from .terms import stated, written_out

__all__ = ["cross_entropy_minimum", "one_hot_cross_entropy"]


def _sum_over(index: sp.Symbol, categories: Categories) -> ApplyToBothSides:
    """Sum both sides of an equation that holds for every ``index`` in ``1..n``."""

    def total(side: sp.Basic) -> sp.Basic:
        return categories.total(lambda i: side.xreplace({index: i}))

    return ApplyToBothSides(total, f"summing over ${sp.latex(index)}$")


def cross_entropy_minimum() -> Derivation:
    """For fixed ``p``, ``H(p, q)`` is smallest at ``q = p``: Lagrange multipliers and the Hessian in ``q``.

    >>> cross_entropy_minimum().chains[0].steps[-1].statement
    Eq(q[k], p[k])
    """
    categories = Categories.general()
    p, q = Vector("p", categories), Vector("q", categories)
    v = Vector("v", categories, positive=False)
    j, k = index_symbol("j"), index_symbol("k")
    lam = sp.Symbol("lambda", real=True)
    count = categories.n
    constraint = q.total(lambda i: q[i])
    solution = sp.Eq(q[k], p[k] / lam)
    lagrange = (
        Chain.start(
            cross_entropy(p, q) + lam * (constraint - 1),
            label=r"\mathcal{L}(q, \lambda)",
            because="cross-entropy plus a multiplier for $\\sum_i q_i = 1$",
            intro=(
                "Fix the true distribution $p$ and minimise $H(p, q) = -\\sum_i p_i \\log q_i$ over the model "
                "distribution $q$ on the open simplex."
            ),
        )
        .implies(
            sp.Eq(-p[k] / q[k] + lam, 0),
            "stationarity: $\\partial \\mathcal{L} / \\partial q_k = 0$ for every $k$",
            by=Stationarity(q[k]),
        )
        .implies(solution, "solving for $q_k$", by=Solve(q[k]))
        .implies(
            sp.Eq(1, 1 / lam),
            "summing over $k$: both $q$ and $p$ sum to $1$",
            by=_sum_over(k, categories),
        )
        .implies(sp.Eq(lam, 1), "solving for $\\lambda$", by=Solve(lam))
        .implies(
            sp.Eq(q[k], p[k]),
            "back into $q_k = p_k / \\lambda$",
            by=SubstituteInto(solution, "back into $q_k = p_k / \\lambda$"),
        )
    )
    value = Chain.start(
        cross_entropy(p, p),
        label=r"H(p, p)",
        because="the cross-entropy at $q = p$",
        intro="The value at the stationary point:",
    ).equals(Entropy.of(p), "the definition of entropy")
    first = Chain.start(
        sp.Derivative(cross_entropy(p, q), q[j]),
        label=r"\frac{\partial H(p, q)}{\partial q_j}",
        because="as a function of $q_1, \\dots, q_n > 0$",
        intro="Convexity: the Hessian in $q$ on the open positive orthant.",
    ).equals(-p[j] / q[j], "only the term $-p_j \\log q_j$ depends on $q_j$")
    second = Chain.start(
        sp.Derivative(-p[j] / q[j], q[k]),
        label=r"\frac{\partial^2 H(p, q)}{\partial q_k \partial q_j}",
        because="differentiating again",
    ).equals(
        sp.KroneckerDelta(j, k) * p[j] / q[j] ** 2, "zero unless $k = j$: the Hessian is $\\mathrm{diag}(p_i / q_i^2)$"
    )
    form = (
        Chain.start(
            sp.Sum(sp.Sum(v[j] * v[k] * sp.KroneckerDelta(j, k) * p[j] / q[j] ** 2, (k, 1, count)), (j, 1, count)),
            label=r"v^{\top} \nabla_q^2 H(p, q)\, v",
            because="the quadratic form of the Hessian, for any $v \\in \\mathbb{R}^n$",
        )
        .equals(q.total(lambda i: p[i] * v[i] ** 2 / q[i] ** 2), "only the diagonal terms $k = j$ remain")
        .ge(0, "each $p_i v_i^2 / q_i^2 \\geq 0$, and as every $p_i > 0$ the sum is $0$ only when $v = 0$")
    )
    u = sp.Symbol("u", positive=True)
    plane = Entropy.of(p) + q.total(lambda i: -(q[i] - p[i]))
    gap = q.total(lambda i: (p[i] - q[i]) ** 2 * sp.Integral(u / ((1 - u) * p[i] + u * q[i]), (u, 0, 1)))
    tangent = (
        Chain.start(
            CrossEntropy.of(p, q),
            because="any $q$ on the simplex",
            intro=(
                "A strictly convex function lies above each tangent plane. At $q = p$ the value is $H(p)$ and "
                "every partial derivative is $-p_i / p_i = -1$:"
            ),
        )
        .equals(
            plane + gap,
            "the tangent plane at $q = p$ plus the gap, term by term in the integral form of Gibbs' inequality: "
            "$(p_i - q_i)^2 w_i$, $w_i = \\int_0^1 \\frac{u\\,du}{(1 - u) p_i + u q_i}$",
        )
        .ge(plane, "above the tangent plane: the gap is a sum of squares times integrals of positive functions")
        .equals(Entropy.of(p), "$\\sum_i (q_i - p_i) = 1 - 1 = 0$")
    )
    three = Categories.explicit(3)
    p3, q3 = Vector("p", three), Vector("q", three)
    matrix = Chain.start(
        cross_entropy(p3, q3).doit(),
        label=r"H(p, q)",
        because="the definition for $n = 3$",
        intro="For instance, with $n = 3$:",
        domain=Domain.of(OnSimplex(p3), OnSimplex(q3)),
    ).implies(
        sp.diag(*(p3[m] / q3[m] ** 2 for m in (1, 2, 3))),
        "its Hessian in $q$: $p_i / q_i^2 > 0$ on the diagonal",
        by=Hessian(*q3.entries()),
    )
    domain = Domain.of(
        CategoryCount(count),
        CategoryIndex(j, count),
        CategoryIndex(k, count),
        OnSimplex(p),
        OnSimplex(q),
        Real(lam),
        RealVector(v),
    )
    return Derivation(
        "cross-entropy-minimum",
        "The minimum of cross-entropy: the model equals the truth",
        domain,
        (lagrange, value, first, second, form, tangent, matrix),
        theorem=(stated(form.first, ">=", 0), stated(tangent.first, ">=", tangent.steps[-1].statement)),
        summary="Lagrange multipliers over $q$ for a fixed $p$, and the Hessian $\\mathrm{diag}(p_i / q_i^2)$.",
        conclusion=(
            "The only stationary point of $q \\mapsto H(p, q)$ on the simplex is $q = p$. The Hessian "
            "$\\mathrm{diag}(p_i / q_i^2)$ is positive definite, so $H(p, \\cdot)$ is strictly convex and $q = p$ "
            "is the unique global minimum: $H(p, q) \\geq H(p, p) = H(p)$."
        ),
    )


def one_hot_cross_entropy() -> Derivation:
    """A one-hot target: ``H(p) = 0``, so ``H(p, q) = -log q_k = D(p || q)``; the articles' example ``-log 0.7``.

    >>> [chain.steps[-1].statement for chain in one_hot_cross_entropy().chains[:3]]
    [0, -log(q[k]), -log(q[k])]
    """
    categories = Categories.general()
    p, q = Vector("p", categories, positive=False), Vector("q", categories)
    k, i = index_symbol("k"), categories.index
    one_hot = {p[i]: sp.KroneckerDelta(i, k)}
    intro = (
        "The target of a classification example of class $k$ is one-hot: $p = e_k$, i.e. $p_i = \\delta_{ik}$. "
        "The model's prediction $q$ has every $q_i > 0$ (a softmax output)."
    )
    target_entropy = Chain.start(
        entropy(p).xreplace(one_hot),
        label=r"H(e_k)",
        because="the definition, written with $\\delta_{ik}$",
        intro=intro,
    ).equals(0, "the term $i = k$ is $1 \\log 1 = 0$; the others are $0 \\log 0 = 0$ by the convention")
    cross = Chain.start(
        cross_entropy(p, q).xreplace(one_hot),
        label=r"H(e_k, q)",
        because="the definition",
    ).equals(-sp.log(q[k]), "only the term $i = k$ remains; the others are $0 \\log q_i = 0$")
    divergence = Chain.start(
        kl_divergence(p, q).xreplace(one_hot),
        label=r"D(e_k \,\|\, q)",
        because="the definition",
    ).equals(
        -sp.log(q[k]),
        "the term $i = k$ is $\\log(1/q_k)$; the others are $0 \\log 0 = 0$. So $D = H(e_k, q) - H(e_k) = H(e_k, q)$",
    )
    three = Categories.explicit(3)
    p3, q3 = Vector("p", three, positive=False), Vector("q", three, positive=False)
    target = {p3[1]: 1, p3[2]: 0, p3[3]: 0}
    prediction = {q3[1]: sp.Rational(7, 10), q3[2]: sp.Rational(2, 10), q3[3]: sp.Rational(1, 10)}
    example = (
        Chain.start(
            written_out(cross_entropy(p3, q3), {**target, **prediction}),
            label=r"H(p, q)",
            because="the definition, term by term",
            intro=(
                "The example of [cite:entropy-ce-kl-post]: the target is $p = (1, 0, 0)$ and the prediction "
                "$q = (0.7, 0.2, 0.1)$. (That article swaps the names, calling the target $q$ and the prediction $p$, "
                "and also writes "
                "$H(p, q) = -\\sum_i p_i q_i$, which drops the logarithm; the correct statements follow.)"
            ),
        )
        .equals(-sp.log(sp.Rational(7, 10)), "only the true class counts")
        .equals(sp.log(sp.Rational(10, 7)), "$-\\log x = \\log(1/x)$")
    )
    example_entropy = Chain.start(
        written_out(entropy(p3), target),
        label=r"H(p)",
        because="the target's entropy",
    ).equals(0, "$0 \\log 0 = 0$: a one-hot target has no uncertainty")
    example_divergence = Chain.start(
        written_out(kl_divergence(p3, q3), {**target, **prediction}),
        label=r"D(p \,\|\, q)",
        because="the definition, term by term",
    ).equals(sp.log(sp.Rational(10, 7)), "the same value as $H(p, q)$, since $H(p) = 0$")
    nats = Chain.start(-sp.log(sp.Rational(7, 10)), label=r"H(p, q)", because="in nats", intro="In numbers:").approx(
        "0.3567", "nats"
    )
    bits = Chain.start(
        -sp.log(sp.Rational(7, 10)) / sp.log(2), label=r"H(p, q)", because="in bits: $-\\log_2 0.7$"
    ).approx("0.5146", "bits")
    written_wrong = sp.Mul(
        -1,
        sp.Add(*(sp.Mul(target[p3[m]], prediction[q3[m]], evaluate=False) for m in (1, 2, 3)), evaluate=False),
        evaluate=False,
    )
    wrong = (
        Chain.start(
            written_wrong,
            label=r"-\sum_i p_i q_i",
            because="the formula without the logarithm",
            intro="The formula without the logarithm gives a negative number, so it is not a cross-entropy:",
        )
        .equals(-sp.Rational(7, 10), "only the true class counts")
        .lt(0, "whereas $H(p, q) = -\\sum_i p_i \\log q_i \\geq 0$ since every $\\log q_i \\leq 0$")
    )
    domain = Domain.of(CategoryCount(categories.n), CategoryIndex(k, categories.n), OnSimplex(q))
    return Derivation(
        "one-hot-cross-entropy",
        "Cross-entropy with a one-hot target",
        domain,
        (target_entropy, cross, divergence, example, example_entropy, example_divergence, nats, bits, wrong),
        theorem=(
            stated(target_entropy.first, "=", 0),
            stated(cross.first, "=", cross.steps[-1].statement),
            stated(divergence.first, "=", divergence.steps[-1].statement),
        ),
        summary="With a one-hot target the cross-entropy is the negative log-probability of the true class.",
        conclusion=(
            "For a one-hot target $p = e_k$: $H(p) = 0$, so $H(p, q) = D(p \\,\\|\\, q) = -\\log q_k$, the "
            "negative log-probability the model gives the true class. Minimising the cross-entropy loss is "
            "minimising the KL divergence to the target. For any other target they differ by $H(p) > 0$, so "
            "cross-entropy and relative entropy are not the same for discrete distributions in general, as "
            "[cite:qianfeng-ce-relative-entropy] says they are. For $p = (1, 0, 0)$ and $q = (0.7, 0.2, 0.1)$: "
            "$H(p, q) = -\\log 0.7 = \\log(10/7) \\approx 0.3567$ nats $\\approx 0.5146$ bits."
        ),
    )
