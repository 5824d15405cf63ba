"""Information content and entropy as its expectation.

``information-content`` derives ``h(p) = -log_b p`` from three requirements on the
information carried by an event of probability ``p``; ``entropy-expectation`` shows that
entropy is the expected information content and that the convention ``0 log 0 = 0`` is
the limit ``x log x -> 0``.
"""

from __future__ import annotations

import sympy as sp

from ..engine import Chain, Derivation
from ..engine.domain import CategoryCount, Domain, OnSimplex, Real
from ..engine.operations import Differentiate, Integrate, Limit, Rearrange, Substitute
from ..formulas.definitions import entropy
from ..formulas.definitions import information_content as self_information
from ..formulas.named import Entropy
from ..formulas.vectors import Categories, Vector
from .terms import stated, written_out

__all__ = ["entropy_expectation", "information_content"]


def information_content() -> Derivation:
    """From ``h(xy) = h(x) + h(y)``, ``h`` decreasing and ``h(1) = 0`` to ``h = -log_b``; bits, nats, dits.

    >>> information_content().chains[0].steps[-1].statement
    Eq(h(t), -c*log(t))
    """
    h = sp.Function("h")
    x, y, t = (sp.Symbol(name, positive=True) for name in ("x", "y", "t"))
    c = sp.Symbol("c", real=True)
    b = sp.Symbol("b", positive=True)
    slope_at_one = sp.diff(h(x), x).subs(x, 1)
    form = (
        Chain.start(
            sp.Eq(h(x * y), h(x) + h(y)),
            because="independent events: probabilities multiply, information adds",
            intro=(
                "Let $h(p)$ be the information carried by an event of probability $p \\in (0, 1]$. "
                "We ask that the information of two independent events add up, that rarer events carry more "
                "($h$ decreasing), and that a certain event carry none ($h(1) = 0$). "
                "We also take $h$ differentiable (a monotone solution of the equation is automatically of "
                "the form found below, but the calculus route needs the derivative)."
            ),
        )
        .implies(
            sp.Eq(sp.diff(h(x * y), x), sp.diff(h(x), x)),
            "differentiating in $x$; the chain rule gives the factor $y$",
            by=Differentiate(x),
        )
        .implies(
            sp.Eq(y * sp.diff(h(y), y), slope_at_one),
            "setting $x = 1$",
            by=Substitute({x: 1}),
        )
        .implies(
            sp.Eq(y * sp.diff(h(y), y), -c),
            "naming the constant $c = -h'(1)$",
            by=Substitute({slope_at_one: -c}),
        )
        .implies(sp.Eq(sp.diff(h(y), y), -c / y), "dividing by $y > 0$", by=Rearrange())
        .implies(
            sp.Eq(h(t) - h(1), -c * sp.log(t)),
            "integrating from $1$ to $t$",
            by=Integrate(y, 1, t),
        )
        .implies(
            sp.Eq(h(t), -c * sp.log(t)),
            "$h(1) = 0$: a certain event carries no information",
            by=Substitute({h(1): 0}),
        )
    )
    sign = Chain.start(
        sp.Eq(h(t), -c * sp.log(t)),
        intro="The sign of $c$ comes from monotonicity:",
    ).implies(
        sp.Eq(sp.diff(h(t), t), -c / t),
        "differentiating: $h$ decreasing needs $-c/t \\leq 0$, so $c \\geq 0$; "
        "$c = 0$ would make $h$ constant, so $c > 0$",
        by=Differentiate(t),
    )
    c_positive = sp.Symbol("c", positive=True)
    base = (
        Chain.start(
            sp.log(sp.exp(1 / c_positive), evaluate=False),
            label=r"\log b",
            because="for the constant $c > 0$, define the base $b = e^{1/c}$",
            intro="Every $c > 0$ is $1 / \\log b$ for exactly one base $b > 1$, namely $b = e^{1/c}$:",
            domain=Domain.of(Real(c_positive, low=0)),
        )
        .equals(1 / c_positive, "so $c = 1/\\log b$")
        .gt(0, "$c > 0$, so $b > 1$")
    )
    in_base = Chain.start(sp.Eq(h(t), -c * sp.log(t)), intro="so that:").implies(
        sp.Eq(h(t), self_information(t, base=b)),
        "$c = 1/\\log b$: the information content is $h(t) = -\\log_b t$",
        by=Substitute({c: 1 / sp.log(b)}),
    )
    additive = Chain.start(
        self_information(x * y, base=b),
        label=r"-\log_b(x y)",
        because="the candidate at a product",
        intro="Conversely, $-\\log_b$ with $b > 1$ meets all three requirements:",
    ).equals(self_information(x, base=b) + self_information(y, base=b), "the log of a product: $h(x) + h(y)$")
    certain = Chain.start(
        -sp.log(sp.S.One, evaluate=False) / sp.log(b), label=r"-\log_b 1", because="at $t = 1$"
    ).equals(0, "$\\log 1 = 0$")
    decreasing = Chain.start(sp.diff(self_information(t, base=b), t), label=r"\frac{d}{dt}(-\log_b t)").lt(
        0, "$t > 0$ and $\\log b > 0$ for $b > 1$: strictly decreasing"
    )
    units = Chain.start(
        self_information(t, base=2),
        label=r"-\log_2 t",
        because="bits: nats divided by $\\log 2$ (change of base)",
        intro=(
            "The base only fixes the unit: base $2$ gives bits, base $e$ nats, base $10$ dits (hartleys). "
            "Changing the base rescales by a constant:"
        ),
    ).equals(
        sp.Mul(sp.log(10) / sp.log(2), self_information(t, base=10), evaluate=False),
        "dits times $\\log_2 10$",
    )
    bit_in_nats = Chain.start(
        self_information(sp.Rational(1, 2)),
        label=r"1 \text{ bit}",
        because="a fair coin flip carries $-\\log_2 \\tfrac12 = 1$ bit, or $-\\log \\tfrac12$ nats",
        intro="In numbers:",
    ).approx("0.6931", "nats")
    nat_in_bits = Chain.start(1 / sp.log(2), label=r"1 \text{ nat}", because="$1/\\log 2$ bits").approx(
        "1.4427", "bits"
    )
    dit_in_bits = Chain.start(sp.log(10) / sp.log(2), label=r"1 \text{ dit}", because="$\\log_2 10$ bits").approx(
        "3.3219", "bits"
    )
    domain = Domain.of(Real(x, 0, 1), Real(y, 0, 1), Real(t, 0, 1), Real(c), Real(b, low=1))
    return Derivation(
        "information-content",
        "Information content: why -log p",
        domain,
        (
            form,
            sign,
            base,
            in_base,
            additive,
            certain,
            decreasing,
            units,
            bit_in_nats,
            nat_in_bits,
            dit_in_bits,
        ),
        theorem=(
            stated(additive.first, "=", additive.steps[-1].statement),
            stated(certain.first, "=", 0),
            stated(decreasing.first, "<", 0),
        ),
        summary=(
            "Additivity over independent events, monotonicity and $h(1) = 0$ determine the information "
            "content up to the choice of unit."
        ),
        conclusion=(
            "The only differentiable $h$ on $(0, 1]$ with $h(xy) = h(x) + h(y)$, $h$ decreasing and $h(1) = 0$ "
            "is $h(p) = -\\log_b p$ for a base $b > 1$; the base is the unit: bits ($b = 2$), nats ($b = e$), "
            "dits ($b = 10$), with $1$ bit $= \\log 2 \\approx 0.6931$ nats and $1$ dit $= \\log_2 10 "
            "\\approx 3.3219$ bits."
        ),
    )


def entropy_expectation() -> Derivation:
    """Entropy is the expected information content; ``x log x -> 0`` justifies ``0 log 0 = 0``.

    >>> entropy_expectation().chains[1].steps[-1].statement
    0
    """
    categories = Categories.general()
    p = Vector("p", categories)
    x = sp.Symbol("x", positive=True)
    expectation = (
        Chain.start(
            p.total(lambda k: sp.Mul(p[k], self_information(p[k]), evaluate=False)),
            label=r"\mathbb{E}\left[-\log p(X)\right]",
            because="the expectation of a function of $X$: its values weighted by $p_i$",
            intro=(
                "Let $X$ take the value $i$ with probability $p_i$. Its information content $-\\log p(X)$ "
                "is a random variable; its mean is"
            ),
        )
        .equals(
            p.total(lambda k: p[k] * sp.log(1 / p[k], evaluate=False)),
            "$-\\log p_i = \\log(1/p_i)$: the average surprise",
        )
        .equals(-p.total(lambda k: p[k] * sp.log(p[k])), "the sign out of the sum")
        .equals(Entropy.of(p), "the definition of entropy")
    )
    u = sp.Symbol("u", positive=True)
    limit = Chain.start(
        x * sp.log(x),
        because="the term $p \\log p$ near $p = 0$",
        intro="Why $0 \\log 0 = 0$: the term $x \\log x$ has a limit at $0$ although $\\log x \\to -\\infty$.",
    ).tends(0, "the factor $x$ wins over $\\log x$", by=Limit(x, 0, "+"))
    quotient = Chain.start(x * sp.log(x), intro="The same limit by l'Hopital's rule, after writing $x = 1/u$:").implies(
        -sp.log(u) / u,
        "substituting $x = 1/u$: $x \\to 0^+$ is $u \\to \\infty$",
        by=Substitute({x: 1 / u}),
    )
    numerator = Chain.start(sp.log(u)).tends(sp.oo, "the numerator grows without bound", by=Limit(u, sp.oo, "+-"))
    denominator = Chain.start(u).tends(sp.oo, "and so does the denominator", by=Limit(u, sp.oo, "+-"))
    derivatives = Chain.start(
        sp.diff(sp.log(u), u) / sp.diff(u, u),
        label=r"\frac{(\log u)'}{u'}",
        because="the quotient of the derivatives",
        intro=(
            "So the quotient has the limit of the quotient of the derivatives (l'Hopital), "
            "and $x \\log x = -\\log u / u \\to -0 = 0$:"
        ),
    ).tends(0, "hence $\\log u / u \\to 0$", by=Limit(u, sp.oo, "+-"))
    three = Categories.explicit(3)
    q = Vector("q", three, positive=False)
    half = sp.Rational(1, 2)
    edge = Chain.start(
        entropy([(1 - x) / 2, (1 - x) / 2, x]),
        label=r"H\left(\tfrac{1-x}{2}, \tfrac{1-x}{2}, x\right)",
        because="a third outcome of small probability $x$",
        intro=(
            "So defining $0 \\log 0 = 0$ makes the entropy continuous up to the edge of the simplex: "
            "an outcome of probability tending to $0$ stops contributing."
        ),
    ).tends(sp.log(2), "each $x \\log x \\to 0$", by=Limit(x, 0, "+"))
    at_edge = Chain.start(
        written_out(entropy(q), {q[1]: half, q[2]: half, q[3]: 0}),
        label=r"H\left(\tfrac12, \tfrac12, 0\right)",
        because="the definition at the edge",
    ).equals(sp.log(2), "$0 \\log 0 = 0$ by the convention: the same value as the limit")
    domain = Domain.of(CategoryCount(categories.n), OnSimplex(p), Real(x, 0, 1), Real(u, low=1))
    return Derivation(
        "entropy-expectation",
        "Entropy is the expected information content",
        domain,
        (expectation, limit, quotient, numerator, denominator, derivatives, edge, at_edge),
        theorem=(
            stated(expectation.first, "=", expectation.steps[-1].statement),
            stated(sp.Limit(limit.first, x, 0, "+"), "=", 0),
        ),
        summary="$H(p) = \\mathbb{E}[-\\log p(X)]$, and the limit that fixes $0 \\log 0 = 0$.",
        conclusion=(
            "$H(p) = \\mathbb{E}[-\\log p(X)] = -\\sum_i p_i \\log p_i$: entropy is the average information "
            "content. Since $x \\log x \\to 0$ as $x \\to 0^+$, the convention $0 \\log 0 = 0$ is the continuous "
            "extension of the entropy to distributions with zero entries."
        ),
    )
