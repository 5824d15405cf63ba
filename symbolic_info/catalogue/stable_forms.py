"""Certificates for the numeric kernels: each stable form in :mod:`symbolic_info.formulas.stable` equals its definition.

The numeric functions lambdify the forms of :mod:`~symbolic_info.formulas.stable`; the chains here
start from those very expressions (or end at them) and reach the textbook definitions of
:mod:`symbolic_info.formulas.definitions`, branch by branch where a form uses ``min``, ``max`` or ``|z|``.
"""

from __future__ import annotations

import sympy as sp

from ..engine import Chain, Derivation
from ..engine.domain import CategoryCount, CategoryIndex, Domain, OnSimplex, Real, RealVector
from ..engine.normalization import interior
from ..engine.operations import Limit, Solve, Stationarity, Substitute
from ..formulas import definitions, stable
from ..formulas.named import KLDivergence
from ..formulas.vectors import Categories, Vector, index_symbol
from .terms import stated

__all__ = [
    "stable_binary_entropy",
    "stable_kl_divergence",
    "stable_log_softmax",
    "stable_logistic_loss",
    "stable_sigmoid",
]

_LOG1P = "$\\operatorname{log1p}(x) = \\log(1 + x)$, evaluated without rounding $1 + x$"


def _branches() -> tuple[sp.Symbol, sp.Symbol, Domain, Domain]:
    """A real ``z`` and a positive ``u`` with the domains of the two branches ``z = u`` and ``z = -u``."""
    z, u = sp.Symbol("z", real=True), sp.Symbol("u", positive=True)
    return z, u, Domain.of(Real(z), Real(u, low=0)), Domain.of(Real(u, low=0))


def stable_sigmoid() -> Derivation:
    """``sigma(z) = e^{min(z,0)}/(1 + e^{-|z|})``, ``log sigma(z) = min(z, 0) - log1p(e^{-|z|})``: both sides of 0."""
    z, u, domain, _ = _branches()
    sigma = definitions.sigmoid
    log_positive = (
        Chain.start(
            stable.log_sigmoid(z),
            label=r"\log\sigma(z)",
            because="the form the kernel evaluates",
            intro=(
                "The textbook $\\log(1/(1 + e^{-z}))$ overflows in $e^{-z}$ for $z \\ll 0$ and rounds "
                "$1 + e^{-z}$ to 1 for $z \\gg 0$, losing every digit of the answer $-e^{-z}$. "
                "The kernel evaluates the form below; for $z = u > 0$:"
            ),
        )
        .implies(stable.log_sigmoid(u), "$\\min(u, 0) = 0$ and $|u| = u$", by=Substitute({z: u}))
        .equals(-sp.log(1 + sp.exp(-u)), _LOG1P)
        .equals(sp.log(sigma(u)), "$-\\log x = \\log(1/x)$: the definition")
    )
    log_negative = (
        Chain.start(stable.log_sigmoid(z), label=r"\log\sigma(z)", intro="For $z = -u < 0$:")
        .implies(stable.log_sigmoid(-u), "$\\min(-u, 0) = -u$ and $|-u| = u$", by=Substitute({z: -u}))
        .equals(sp.log(sp.exp(-u)) - sp.log(1 + sp.exp(-u)), "$-u = \\log e^{-u}$")
        .equals(sp.log(sp.exp(-u) / (1 + sp.exp(-u))), "the logarithm of a quotient")
        .equals(sp.log(sigma(-u)), "multiplying above and below by $e^{u}$: the definition at $z = -u$")
    )
    at_zero = Chain.start(stable.log_sigmoid(z), label=r"\log\sigma(z)", intro="At $z = 0$:").implies(
        stable.log_sigmoid(sp.S.Zero),
        "$\\operatorname{log1p}(1) = \\log 2$; the definition gives $\\log\\sigma(0) = \\log(1/2)$ too",
        by=Substitute({z: 0}),
    )
    sigmoid_positive = Chain.start(
        stable.sigmoid(z),
        label=r"\sigma(z)",
        because="the form the kernel evaluates",
        intro="The sigmoid itself: no exponent is ever positive, so nothing overflows. For $z = u > 0$:",
    ).implies(
        stable.sigmoid(u), "$e^{\\min(u, 0)} = 1$, $|u| = u$: the definition of $\\sigma(u)$", by=Substitute({z: u})
    )
    sigmoid_negative = (
        Chain.start(stable.sigmoid(z), label=r"\sigma(z)", intro="For $z = -u < 0$:")
        .implies(stable.sigmoid(-u), "$e^{\\min(-u, 0)} = e^{-u}$", by=Substitute({z: -u}))
        .equals(sigma(-u), "multiplying above and below by $e^{u}$: the definition at $z = -u$")
    )
    return Derivation(
        "stable-sigmoid",
        "Stable forms of the sigmoid and its logarithm",
        domain,
        (log_positive, log_negative, at_zero, sigmoid_positive, sigmoid_negative),
        theorem=(
            stated(stable.log_sigmoid(u), "=", sp.log(sigma(u))),
            stated(stable.log_sigmoid(-u), "=", sp.log(sigma(-u))),
            stated(stable.sigmoid(-u), "=", sigma(-u)),
        ),
        summary="The forms behind numeric.sigmoid and numeric.log_sigmoid, proved equal to the definitions.",
        conclusion=(
            "For every real $z$: $\\sigma(z) = e^{\\min(z, 0)}/(1 + e^{-|z|})$ and "
            "$\\log\\sigma(z) = \\min(z, 0) - \\operatorname{log1p}(e^{-|z|})$. The argument of "
            "$\\operatorname{log1p}$ lies in $(0, 1]$ and the two terms of the logarithm have the same sign, "
            "so both forms are accurate to a few units in the last place for any $z$."
        ),
    )


def stable_logistic_loss() -> Derivation:
    """Binary cross-entropy from logits: ``max(z,0)(1-y) + max(-z,0) y + log1p(e^{-|z|})``, three nonnegative terms."""
    z, u, _, _ = _branches()
    y = sp.Symbol("y", positive=True)
    domain = Domain.of(Real(z), Real(u, low=0), Real(y, 0, 1))
    textbook = definitions.binary_cross_entropy(y, definitions.sigmoid(z))
    softplus_form = (
        Chain.start(
            textbook,
            label=r"\ell(z, y)",
            because="the binary cross-entropy of $y$ and $\\sigma(z)$",
            intro="The loss of a logit $z$ against a label $y \\in [0, 1]$ is first rewritten with the softplus:",
        )
        .equals(
            y * sp.log(1 + sp.exp(-z)) + (1 - y) * sp.log(1 + sp.exp(z)),
            "$\\log\\sigma(z) = -\\log(1 + e^{-z})$, $\\log(1 - \\sigma(z)) = -\\log(1 + e^{z})$",
        )
        .equals(sp.log(1 + sp.exp(z)) - z * y, "$\\log(1 + e^{-z}) = \\log(1 + e^{z}) - z$")
    )
    positive = (
        Chain.start(
            stable.logistic_loss(z, y),
            label=r"\ell(z, y)",
            because="the form the kernel evaluates",
            intro=(
                "$\\log(1 + e^{z}) - zy$ overflows for large $z$ and, written as "
                "$\\max(z, 0) - zy + \\operatorname{log1p}(e^{-|z|})$, still cancels when $y$ is close to 1. "
                "The kernel's form has three nonnegative terms. For $z = u > 0$:"
            ),
        )
        .implies(stable.logistic_loss(u, y), "$\\max(u, 0) = u$, $\\max(-u, 0) = 0$", by=Substitute({z: u}))
        .equals(stable.softplus(u) - u * y, "$u(1 - y) = u - uy$ and $u = \\max(u, 0)$")
        .equals(sp.log(1 + sp.exp(u)) - u * y, "$u + \\log(1 + e^{-u}) = \\log(e^{u}(1 + e^{-u}))$")
    )
    negative = (
        Chain.start(stable.logistic_loss(z, y), label=r"\ell(z, y)", intro="For $z = -u < 0$:")
        .implies(stable.logistic_loss(-u, y), "$\\max(-u, 0) = 0$, $\\max(u, 0) = u$", by=Substitute({z: -u}))
        .equals(sp.log(1 + sp.exp(-u)) + u * y, _LOG1P + ": this is $\\log(1 + e^{z}) - zy$ at $z = -u$")
    )
    return Derivation(
        "stable-logistic-loss",
        "Stable binary cross-entropy from logits",
        domain,
        (softplus_form, positive, negative),
        theorem=(stated(softplus_form.first, "=", softplus_form.steps[-1].statement),),
        summary="The form behind numeric.binary_cross_entropy_with_logits, proved equal to the definition.",
        conclusion=(
            "$-y\\log\\sigma(z) - (1 - y)\\log(1 - \\sigma(z)) = \\log(1 + e^{z}) - zy = "
            "\\max(z, 0)(1 - y) + \\max(-z, 0)\\,y + \\operatorname{log1p}(e^{-|z|})$ for every real $z$ "
            "and $y \\in [0, 1]$: a sum of three nonnegative terms, so no digit is lost to cancellation."
        ),
    )


def stable_log_softmax() -> Derivation:
    """``log softmax_k = (z_k - m) - log1p(s)``, ``m = z_a``, ``s = sum_{j != a} e^{z_j - m}``; softmax; its loss."""
    categories = Categories.general()
    z, y = Vector("z", categories, positive=False), Vector("y", categories)
    k, a, j = index_symbol("k"), index_symbol("a"), index_symbol("j")
    n = categories.n
    largest = z[a]
    rest = sp.Sum((1 - sp.KroneckerDelta(j, a)) * sp.exp(z[j] - largest), (j, 1, n))
    everything = sp.Sum(sp.exp(z[j]), (j, 1, n))
    log_form = (
        Chain.start(
            sp.log(definitions.softmax(z, k)),
            label=r"\log\operatorname{softmax}_k(z)",
            because="the definition",
            intro=(
                "Let $a$ be the position of a largest logit, $m = z_a$. Every exponent below is then "
                "$\\le 0$ (no overflow), and the term $j = a$, which is exactly 1, is kept out of the sum $s$:"
            ),
        )
        .equals(z[k] - sp.log(everything), "the logarithm of a quotient")
        .equals(
            z[k] - largest - sp.log(sp.Sum(sp.exp(z[j] - largest), (j, 1, n))),
            "taking $e^{z_a}$ out of the sum",
        )
        .equals(z[k] - largest - sp.log(1 + rest), "the term $j = a$ of the sum is $e^{0} = 1$")
        .equals(stable.log_softmax(z[k] - largest, rest), _LOG1P)
    )
    probability = (
        Chain.start(definitions.softmax(z, k), label=r"\operatorname{softmax}_k(z)", because="the definition")
        .equals(sp.exp(z[k] - largest) / sp.Sum(sp.exp(z[j] - largest), (j, 1, n)), "dividing by $e^{z_a}$")
        .equals(stable.softmax(z[k] - largest, rest), "the term $j = a$ is 1")
    )
    loss = Chain.start(
        -y.total(lambda i: y[i] * sp.log(definitions.softmax(z, i))),
        label=r"H(y, \operatorname{softmax}(z))",
        because="the cross-entropy of labels $y$ and the softmax",
        intro="The softmax cross-entropy, term by term: each term is $\\ge 0$, so the sum cannot cancel.",
    ).equals(
        y.total(lambda i: stable.softmax_cross_entropy_term(y[i], z[i] - largest, rest)),
        "the form above: $-\\log\\operatorname{softmax}_i = \\operatorname{log1p}(s) - (z_i - m)$",
    )
    domain = Domain.of(CategoryCount(n), CategoryIndex(k, n), CategoryIndex(a, n), RealVector(z), OnSimplex(y))
    return Derivation(
        "stable-log-softmax",
        "Stable softmax, log-softmax and softmax cross-entropy",
        domain,
        (log_form, probability, loss),
        theorem=(
            stated(log_form.first, "=", log_form.steps[-1].statement),
            stated(loss.first, "=", loss.steps[-1].statement),
        ),
        summary="The forms behind numeric.softmax, numeric.log_softmax and numeric.softmax_cross_entropy.",
        conclusion=(
            "With $m = z_a$ a largest logit and $s = \\sum_{j \\ne a} e^{z_j - m} \\in [0, n - 1]$: "
            "$\\log\\operatorname{softmax}_k(z) = (z_k - m) - \\operatorname{log1p}(s)$ and "
            "$\\operatorname{softmax}_k(z) = e^{z_k - m}/(1 + s)$. For a dominant class $s$ is tiny and "
            "$\\operatorname{log1p}(s)$ keeps it, where $\\log$ of the whole sum would round to 0. "
            "The identities hold for any index $a$; choosing a largest logit makes every exponent $\\le 0$."
        ),
    )


def _kl_term(p: sp.Expr, q: sp.Expr) -> sp.Expr:
    """The generalised KL term from the definition: ``p log(p/q)`` (``xlogy``) ``- p + q``."""
    return definitions.kl_divergence([p], [q]) - p + q


def stable_kl_divergence() -> Derivation:
    """The generalised KL terms: they sum to ``D(p||q)``, are each ``>= 0``, and have a series form near ``p = q``."""
    categories = Categories.general()
    p, q = Vector("p", categories), Vector("q", categories)
    generalised = p.total(lambda i: _kl_term(p[i], q[i]))
    on_simplex = (
        Chain.start(
            generalised,
            label=r"\sum_i t(p_i, q_i)",
            because="the generalised form the kernel sums",
            intro=(
                "numeric.kl_divergence sums the terms $t(p, q) = p\\log(p/q) - p + q$. "
                "On the simplex the extra terms add up to nothing:"
            ),
        )
        .equals(
            KLDivergence.of(p, q) - p.total(lambda i: p[i]) + q.total(lambda i: q[i]),
            "splitting the sum",
        )
        .equals(KLDivergence.of(p, q), "$\\sum_i p_i = \\sum_i q_i = 1$")
    )
    s, x = sp.Symbol("p", positive=True), sp.Symbol("x", positive=True)
    r = sp.Symbol("q", positive=True)
    gap = x - 1 - sp.log(x)
    ratio_form = Chain.start(
        _kl_term(s, r),
        label="t(p, q)",
        intro="Each term is nonnegative, which the plain sum $\\sum_i p_i\\log(p_i/q_i)$ is not:",
        domain=Domain.of(Real(s, low=0), Real(r, low=0)),
    ).equals(s * (r / s - 1 - sp.log(r / s)), "with $x = q/p$ it is $p\\,f(x)$, $f(x) = x - 1 - \\log x$")
    stationary = (
        Chain.start(gap, label="f(x)", domain=Domain.of(Real(x, low=0)))
        .implies(sp.Eq(1 - 1 / x, 0), "stationarity: $f'(x) = 0$", by=Stationarity(x))
        .implies(sp.Eq(x, 1), "the only stationary point", by=Solve(x))
    )
    convex = (
        Chain.start(sp.Derivative(gap, (x, 2)), label="f''(x)", domain=Domain.of(Real(x, low=0)))
        .equals(1 / x**2, "differentiating twice")
        .gt(0, "strictly convex: $x = 1$ is the minimum, $f(1) = 0$, so $t(p, q) = p f(q/p) \\ge 0$")
    )
    total, u = sp.Symbol("s", positive=True), sp.Symbol("u", real=True)
    half = sp.Rational(1, 2)
    series = (
        Chain.start(
            _kl_term(total * (1 - u) * half, total * (1 + u) * half),
            label="t(p, q)",
            intro=(
                "Near $p = q$ the two parts of $t$ cancel. With $s = p + q$ and $u = (q - p)/(q + p)$, "
                "so that $p = s(1 - u)/2$ and $q = s(1 + u)/2$:"
            ),
            domain=Domain.of(Real(total, low=0), Real(u, -1, 1)),
        )
        .equals(
            total * u - total * (1 - u) * half * sp.log((1 + u) / (1 - u)),
            "$\\log(p/q) = -\\log\\frac{1 + u}{1 - u}$ and $q - p = su$",
        )
        .equals(total * u - total * (1 - u) * sp.atanh(u), "$\\frac12\\log\\frac{1+u}{1-u} = \\operatorname{atanh} u$")
        .equals(
            stable.kl_term_series(total, u),
            "$su = su^2 + s(1 - u)u$: the part $su^2$ dominates, $\\operatorname{atanh} u - u \\approx u^3/3$",
        )
    )
    v = sp.Symbol("v", positive=True)
    terms, radius = stable.KL_SERIES_TERMS, stable.KL_SERIES_RADIUS
    k = index_symbol("k")
    remainder = stable.odd_series_tail(v) - sp.Sum(v ** (2 * k + 1) / (2 * k + 1), (k, 1, terms))
    constant = 1 / ((2 * terms + 3) * (1 - radius**2))
    near = Domain.of(Real(v, 0, radius))
    slope = (
        Chain.start(
            sp.Derivative(constant * v ** (2 * terms + 3) - remainder, v),
            label="g'(v)",
            intro=(
                f"The kernel sums $\\operatorname{{atanh}} u - u = \\sum_{{k \\ge 1}} u^{{2k+1}}/(2k+1)$ up to "
                f"$k = {terms}$ where $|u| \\le {sp.latex(radius)}$. The remainder "
                f"$R(v) = \\operatorname{{atanh}} v - v - \\sum_{{k=1}}^{{{terms}}} v^{{2k+1}}/(2k+1)$ is odd, "
                f"so take $v = |u|$, and compare it with $C v^{{{2 * terms + 3}}}$, "
                f"$C = {sp.latex(constant)}$, through $g(v) = C v^{{{2 * terms + 3}}} - R(v)$:"
            ),
            because="differentiating",
            domain=near,
        )
        .equals(
            (2 * terms + 3) * constant * v ** (2 * terms + 2) - v ** (2 * terms + 2) / (1 - v**2),
            "$R'(v) = 1/(1 - v^2) - \\sum_{k=0}^{9} v^{2k}$: the tail of a geometric series",
        )
        .ge(0, f"$1 - v^2 \\ge 1 - ({sp.latex(radius)})^2$")
    )
    start_value = Chain.start(constant * v ** (2 * terms + 3) - remainder, label="g(v)", domain=near).tends(
        0, f"$g(0) = 0$ and $g' \\ge 0$: so $g \\ge 0$, i.e. $R(v) \\le C v^{{{2 * terms + 3}}}$", by=Limit(v, 0, "+")
    )
    bound = Chain.start(constant * v ** (2 * terms + 3), label=f"C v^{{{2 * terms + 3}}}", domain=near).lt(
        sp.Float("4e-19", 2) * v**2,
        f"$v^{{{2 * terms + 1}}} \\le ({sp.latex(radius)})^{{{2 * terms + 1}}}$ and "
        f"$C \\cdot ({sp.latex(radius)})^{{{2 * terms + 1}}} = 3.4 \\cdot 10^{{-19}}$: "
        "so $|R(u)| < 4 \\cdot 10^{-19} u^2$",
    )
    size = Chain.start(
        stable.kl_term_series(total, u) / (total * u**2),
        label=r"\frac{t(p, q)}{s u^2}",
        because="the term relative to its leading part",
        domain=Domain.of(Real(total, low=0), Real(u, -radius, radius)),
    ).gt(sp.Rational(9, 10), f"for $|u| \\le {sp.latex(radius)}$: the dropped tail is below $5 \\cdot 10^{{-19}} t$")
    at_zero = Chain.start(
        _kl_term(s, r), label="t(p, q)", intro="At $p = 0$:", domain=Domain.of(Real(s, low=0), Real(r, low=0))
    ).tends(r, "$p\\log p \\to 0$: the kernel returns $t(0, q) = q$", by=Limit(s, 0, "+"))
    return Derivation(
        "stable-kl-divergence",
        "The generalised KL divergence and its series form",
        Domain.of(CategoryCount(categories.n), OnSimplex(p), OnSimplex(q)),
        (on_simplex, ratio_form, stationary, convex, series, slope, start_value, bound, size, at_zero),
        theorem=(stated(on_simplex.first, "=", on_simplex.steps[-1].statement),),
        summary="The terms behind numeric.kl_divergence: why they are summed, and how they are evaluated near p = q.",
        conclusion=(
            "$D(p \\| q) = \\sum_i [p_i\\log(p_i/q_i) - p_i + q_i]$ on the simplex, and every term is "
            "$p\\,f(q/p) \\ge 0$ with equality only at $p = q$: the sum never comes out negative and is 0 "
            "exactly when $p = q$. Near $p = q$ ($|u| \\le 1/8$) each term is evaluated as "
            "$su^2 - s(1 - u)\\sum_{k=1}^{9} u^{2k+1}/(2k+1)$, which has no cancellation and a truncation error "
            "below $5 \\cdot 10^{-19}$ of the term; elsewhere $p\\log(p/q) - p + q$ loses at most a few digits."
        ),
    )


def stable_binary_entropy() -> Derivation:
    """``H_b(p) = -p log p - (1 - p) log1p(-p)`` and the binary cross-entropy with ``log1p(-q)``."""
    p, y, q = (sp.Symbol(name, positive=True) for name in "pyq")
    entropy_form = Chain.start(
        definitions.binary_entropy(p),
        label="H_b(p)",
        because="the definition",
        intro=(
            "For small $p$, $1 - p$ rounds before its logarithm is taken, and $(1 - p)\\log(1 - p) \\approx -p$ "
            "loses its digits. The kernel takes $\\log(1 - p)$ as $\\operatorname{log1p}(-p)$:"
        ),
    ).equals(interior(stable.binary_entropy(p)), _LOG1P)
    cross_form = Chain.start(definitions.binary_cross_entropy(y, q), label="H(y, q)", because="the definition").equals(
        interior(stable.binary_cross_entropy(y, q)), _LOG1P
    )
    end_point = Chain.start(definitions.binary_entropy(p), label="H_b(p)", intro="At the end points:").tends(
        0, "$0 \\log 0 = 0$: the kernel's $0 \\cdot \\operatorname{log1p}(-1)$ is 0 too", by=Limit(p, 1, "-")
    )
    return Derivation(
        "stable-binary-entropy",
        "Binary entropy and binary cross-entropy with log1p",
        Domain.of(Real(p, 0, 1), Real(y, 0, 1), Real(q, 0, 1)),
        (entropy_form, cross_form, end_point),
        theorem=(
            stated(entropy_form.first, "=", entropy_form.steps[-1].statement),
            stated(cross_form.first, "=", cross_form.steps[-1].statement),
        ),
        summary="The stable forms behind the numeric binary entropy and binary cross-entropy functions.",
        conclusion=(
            "$H_b(p) = -p\\log p - (1 - p)\\operatorname{log1p}(-p)$ and "
            "$H(y, q) = -y\\log q - (1 - y)\\operatorname{log1p}(-q)$: both are sums of nonnegative terms, "
            "each accurate to a few units in the last place, with $0 \\log 0 = 0$ at the end points."
        ),
    )
