"""Maximum likelihood: for labels and for categories it is minimum cross-entropy, and minimum KL divergence."""

from __future__ import annotations

import sympy as sp

from ..engine import Chain, Derivation
from ..engine.domain import CategoryCount, CategoryIndex, Domain, LabelVector, OnSimplex, Real, RealVector
from ..engine.operations import ApplyToBothSides, Solve, Stationarity, Substitute, SubstituteInto
from ..formulas.definitions import binary_cross_entropy, cross_entropy
from ..formulas.named import CrossEntropy, Entropy, KLDivergence
from ..formulas.vectors import Categories, Vector, index_symbol
from .terms import stated

__all__ = ["mle_bernoulli", "mle_categorical", "mle_cross_entropy_kl"]


def _examples() -> Categories:
    return Categories(sp.Symbol("N", integer=True, positive=True), index_symbol("i"))


def mle_bernoulli() -> Derivation:
    """The Bernoulli likelihood is maximised where the binary cross-entropy is minimised: ``beta_hat = mean(y)``."""
    examples = _examples()
    count, i = examples.n, examples.index
    labels = Vector("y", examples, positive=False)
    y = labels.base
    beta, mean = sp.Symbol("beta", positive=True), sp.Symbol("ybar", positive=True)
    average = examples.total(lambda i: y[i]) / count
    likelihood = (
        Chain.start(
            sp.log(sp.Product(beta ** y[i] * (1 - beta) ** (1 - y[i]), (i, 1, count))),
            label=r"\log L(\beta)",
            intro=(
                "$N$ independent labels $y_i \\in \\{0, 1\\}$, each 1 with probability $\\beta$: "
                "$P(y_i) = \\beta^{y_i}(1 - \\beta)^{1 - y_i}$ covers both cases, and the likelihood is the product."
            ),
            because="the log-likelihood",
        )
        .equals(
            examples.total(lambda i: y[i] * sp.log(beta) + (1 - y[i]) * sp.log(1 - beta)),
            "the log of a product is the sum of the logs; $\\log \\beta^{y_i} = y_i \\log \\beta$",
        )
        .equals(
            -examples.total(lambda i: binary_cross_entropy(y[i], beta)),
            "each term is minus the binary cross-entropy of the label $y_i$ against the prediction $\\beta$",
        )
        .equals(
            -count * binary_cross_entropy(average, beta),
            "the cross-entropy is affine in the label: the average over the labels is the cross-entropy "
            "at their mean $\\bar{y}$",
        )
    )
    stationary = (
        Chain.start(
            binary_cross_entropy(mean, beta),
            label=r"-\tfrac{1}{N}\log L(\beta)",
            intro=(
                "So maximising $L$ is minimising the average binary cross-entropy. When both labels occur, "
                "$0 < \\bar{y} < 1$:"
            ),
            because="the average cross-entropy, with $\\bar{y} = \\frac{1}{N}\\sum_i y_i$",
        )
        .implies(sp.Eq(-mean / beta + (1 - mean) / (1 - beta), 0), "stationarity in $\\beta$", by=Stationarity(beta))
        .implies(sp.Eq(beta, mean), "solving: $\\bar{y}(1 - \\beta) = (1 - \\bar{y})\\beta$", by=Solve(beta))
    )
    curvature = (
        Chain.start(
            sp.Derivative(binary_cross_entropy(mean, beta), (beta, 2)),
            label=r"\frac{d^2}{d\beta^2}",
            because="the curvature of the average cross-entropy",
        )
        .equals(mean / beta**2 + (1 - mean) / (1 - beta) ** 2, "differentiating twice")
        .gt(0, "strictly convex: the stationary point is the only minimum, the maximum of the likelihood")
    )
    value = Chain.start(
        binary_cross_entropy(mean, beta), label=r"-\tfrac{1}{N}\log L(\beta)", because="at the optimum"
    ).implies(
        binary_cross_entropy(mean, mean),
        "at $\\beta = \\bar{y}$: the binary entropy $H_b(\\bar{y})$ of the labels, the smallest average loss",
        by=Substitute({beta: mean}),
    )
    domain = Domain.of(
        CategoryCount(count, low=1, values=(1, 2, 3, 5, 8)),
        LabelVector(labels),
        Real(beta, 0, 1),
        Real(mean, 0, 1),
    )
    return Derivation(
        "mle-bernoulli",
        "Maximum likelihood for a coin: minimum binary cross-entropy",
        domain,
        (likelihood, stationary, curvature, value),
        theorem=(stated(likelihood.first, "=", likelihood.steps[-1].statement), stated(curvature.first, ">", 0)),
        summary="The Bernoulli log-likelihood is $-N$ times the binary cross-entropy at the mean label.",
        conclusion=(
            "$\\log L(\\beta) = -\\sum_i H(y_i, \\beta) = -N\\, H(\\bar{y}, \\beta)$, writing $H(y, \\beta)$ for the "
            "binary cross-entropy, so $\\arg\\max_\\beta L = \\arg\\min_\\beta$ of the average binary cross-entropy "
            "$= \\bar{y}$, the fraction of ones; the minimum is the binary entropy $H_b(\\bar{y})$. If all labels "
            "agree ($\\bar{y} \\in \\{0, 1\\}$) the likelihood $\\beta^N$ or $(1 - \\beta)^N$ is largest at the end "
            "point $\\beta = \\bar{y}$, so $\\hat{\\beta} = \\bar{y}$ holds there too."
        ),
    )


def _classes() -> tuple[Categories, Vector, Vector, sp.Symbol]:
    classes = Categories.general()
    return classes, Vector("q", classes), Vector("phat", classes), index_symbol("k")


def mle_categorical() -> Derivation:
    """The multinomial likelihood is maximised by the empirical frequencies: minimum categorical cross-entropy."""
    classes, q, frequencies, k = _classes()
    n, count = classes.n, sp.Symbol("N", integer=True, positive=True)
    p, lam = frequencies.base, sp.Symbol("lambda", real=True)
    j, ell = index_symbol("j"), index_symbol("l")
    objective = classes.total(lambda i: p[i] * sp.log(q[i]))
    likelihood = (
        Chain.start(
            sp.log(sp.Product(q[k] ** (count * p[k]), (k, 1, n))),
            label=r"\log L(q)",
            intro=(
                "$N$ independent draws from categories $1, \\dots, n$ with probabilities $q$; category $k$ was seen "
                "$c_k = N \\hat{p}_k$ times, so $\\hat{p}$ are the empirical frequencies. Up to the multinomial "
                "coefficient, which does not depend on $q$, the likelihood is $\\prod_k q_k^{c_k}$."
            ),
            because="the log-likelihood",
        )
        .equals(count * objective, "the log of a product of powers")
        .equals(-count * CrossEntropy.of(frequencies, q), "minus $N$ times the cross-entropy $H(\\hat{p}, q)$")
    )
    lagrange = (
        Chain.start(
            objective - lam * (q.total(lambda i: q[i]) - 1),
            label=r"\mathcal{L}(q, \lambda)",
            intro="Maximise over the simplex with one multiplier for $\\sum_k q_k = 1$:",
            because="the average log-likelihood and the constraint",
        )
        .implies(sp.Eq(p[k] / q[k] - lam, 0), "stationarity in $q_k$", by=Stationarity(q[k]))
        .implies(sp.Eq(q[k], p[k] / lam), "solving for $q_k$", by=Solve(q[k]))
        .implies(
            sp.Eq(1, 1 / lam),
            "summing over $k$: $\\sum_k q_k = 1$ and $\\sum_k \\hat{p}_k = 1$",
            by=ApplyToBothSides(lambda side: sp.Sum(side, (k, 1, n)), "summing over $k$"),
        )
        .implies(sp.Eq(lam, 1), "solving for $\\lambda$", by=Solve(lam))
        .implies(
            sp.Eq(q[k], p[k]),
            "back into $q_k = \\hat{p}_k / \\lambda$",
            by=SubstituteInto(sp.Eq(q[k], p[k] / lam), "back into $q_k = \\hat{p}_k / \\lambda$"),
        )
    )
    hessian = Chain.start(
        sp.Derivative(objective, q[k], q[ell]),
        label=r"\frac{\partial^2}{\partial q_k \partial q_l}",
        intro="The objective is concave, so this stationary point is the maximum:",
        because="the curvature of $\\sum_k \\hat{p}_k \\log q_k$",
    ).equals(-p[k] * sp.KroneckerDelta(k, ell) / q[k] ** 2, "only the term $k$ depends on $q_k$")
    v = Vector("v", classes, positive=False)
    i = classes.index
    concave = (
        Chain.start(
            sp.Sum(sp.Sum(v[i] * v[j] * (-p[i] * sp.KroneckerDelta(i, j) / q[i] ** 2), (j, 1, n)), (i, 1, n)),
            label=r"v^\top H v",
            because="the quadratic form of that diagonal Hessian",
        )
        .equals(-sp.Sum(p[i] * v[i] ** 2 / q[i] ** 2, (i, 1, n)), "the $\\delta_{ij}$ keeps $j = i$")
        .le(0, "a negative sum of squares: concave on the simplex")
    )
    domain = Domain.of(
        CategoryCount(n),
        CategoryCount(count, low=1, values=(1, 4, 10)),
        CategoryIndex(k, n),
        CategoryIndex(ell, n),
        OnSimplex(q),
        OnSimplex(frequencies),
        Real(lam, low=0),
        RealVector(v),
    )
    return Derivation(
        "mle-categorical",
        "Maximum likelihood for categories: the empirical frequencies",
        domain,
        (likelihood, lagrange, hessian, concave),
        theorem=(stated(likelihood.first, "=", likelihood.steps[-1].statement), stated(concave.first, "<=", 0)),
        summary="The multinomial likelihood is maximised by the observed frequencies.",
        conclusion=(
            "$\\log L(q) = -N\\, H(\\hat{p}, q)$, so maximising the likelihood is minimising the categorical "
            "cross-entropy $H(\\hat{p}, q)$, and the maximum is at $q = \\hat{p}$: the estimate is the empirical "
            "frequencies $c_k / N$. (A category never seen gets $\\hat{q}_k = 0$, on the edge of the simplex.)"
        ),
    )


def mle_cross_entropy_kl() -> Derivation:
    """``(1/N) sum_i log q(x_i) = -H(p_hat, q)``, so maximum likelihood is minimum cross-entropy and minimum KL."""
    classes, q, frequencies, k = _classes()
    examples = _examples()
    count = examples.n
    x = Vector("x", examples, positive=False)
    c = index_symbol("c")  # a category, summed over (k stays free for the gradient below)
    frequency = examples.total(lambda i: sp.KroneckerDelta(x[i], c)) / count
    empirical = sp.Sum(frequency * sp.log(q[c]), (c, 1, classes.n))
    average = Chain.start(
        examples.total(lambda i: sp.log(q.base[x[i]])) / count,
        label=r"\frac{1}{N}\log L(q)",
        intro=(
            "A sample $x_1, \\dots, x_N$ of categories and a model $q$: the average log-likelihood, grouped "
            "by category, with $\\hat{p}_k = \\frac{1}{N}\\sum_i [x_i = k]$ the empirical distribution."
        ),
        because="the average of $\\log q(x_i)$",
    ).equals(empirical, "the terms with $x_i = c$ all equal $\\log q_c$; there are $N \\hat{p}_c$ of them")
    decomposition = (
        Chain.start(
            -cross_entropy(frequencies, q),
            label=r"\sum_k \hat{p}_k \log q_k",
            intro="In terms of $\\hat{p}$, as a point of the simplex:",
            because="the same sum",
        )
        .equals(-CrossEntropy.of(frequencies, q), "the definition of the cross-entropy")
        .equals(
            -Entropy.of(frequencies) - KLDivergence.of(frequencies, q),
            "$H(\\hat{p}, q) = H(\\hat{p}) + D(\\hat{p} \\| q)$",
        )
    )
    constant = Chain.start(
        sp.Derivative(CrossEntropy.of(frequencies, q) - KLDivergence.of(frequencies, q), q[k]),
        label=r"\frac{\partial}{\partial q_k}\left(H - D\right)",
        intro="The two objectives differ by $H(\\hat{p})$, which does not depend on $q$:",
        because="the difference of the gradients",
    ).equals(0, "the same gradient everywhere, so the same minimisers")
    u = sp.Symbol("u", positive=True)
    squares = classes.total(
        lambda i: (frequencies[i] - q[i]) ** 2 * sp.Integral(u / ((1 - u) * frequencies[i] + u * q[i]), (u, 0, 1))
    )
    minimum = (
        Chain.start(
            KLDivergence.of(frequencies, q),
            intro="Where is the minimum? By Gibbs' inequality ([ref:gibbs-inequality]):",
            because="the divergence",
        )
        .equals(
            squares,
            "the integral form of Gibbs' inequality: $(\\hat{p}_i - q_i)^2 w_i$ with "
            "$w_i = \\int_0^1 \\frac{u\\,du}{(1 - u) \\hat{p}_i + u q_i}$",
        )
        .ge(0, "a sum of squares times integrals of positive functions: $D \\geq 0$")
        .equals(
            KLDivergence.of(frequencies, frequencies),
            "and $q = \\hat{p}$ attains 0: $\\log(\\hat{p}_k / \\hat{p}_k) = 0$",
        )
    )
    domain = Domain.of(
        CategoryCount(classes.n),
        CategoryCount(count, low=1, values=(1, 3, 6)),
        CategoryIndex(k, classes.n),
        LabelVector(x, 1, classes.n),
        OnSimplex(q),
        OnSimplex(frequencies),
    )
    return Derivation(
        "mle-cross-entropy-kl",
        "Maximum likelihood is minimum cross-entropy is minimum KL divergence",
        domain,
        (average, decomposition, constant, minimum),
        theorem=(
            stated(decomposition.first, "=", decomposition.steps[-1].statement),
            stated(minimum.first, ">=", minimum.steps[-1].statement),
        ),
        summary="Why training a classifier with cross-entropy is maximum likelihood.",
        conclusion=(
            "$\\frac{1}{N}\\log L(q) = \\sum_k \\hat{p}_k \\log q_k = -H(\\hat{p}, q) = -H(\\hat{p}) - "
            "D(\\hat{p} \\| q)$. $H(\\hat{p})$ is fixed by the data, so $\\arg\\max_q L = \\arg\\min_q H(\\hat{p}, q) "
            "= \\arg\\min_q D(\\hat{p} \\| q) = \\hat{p}$, and the smallest average negative log-likelihood is the "
            "entropy $H(\\hat{p})$ of the data."
        ),
    )
