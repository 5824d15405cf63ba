"""The GAN discriminator: its pointwise optimum ``D* = p / (p + q)`` and the value ``2 JS(p || q) - log 4``.

The discriminator ``D(x)`` in ``(0, 1)`` is trained with the binary cross-entropy of telling data
(drawn from ``p``) from generated samples (drawn from ``q``): it maximises
``V(D) = sum_x p(x) log D(x) + q(x) log(1 - D(x))``, one ``x`` at a time. Both distributions are
over ``n`` outcomes with every probability positive (a sum; an integral over densities is the same
argument point by point).
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from ..engine import Chain, Derivation
from ..engine.domain import CategoryCount, DefinedVector, Domain, OnSimplex, Real
from ..engine.operations import Solve, Stationarity
from ..formulas.named import NamedQuantity
from ..formulas.vectors import Categories, Vector, index_symbol
from .terms import concluded

__all__ = ["JensenShannon", "gan_discriminator_optimum"]

_I = index_symbol("i")
_U = sp.Symbol("u", positive=True)


class JensenShannon(NamedQuantity):
    """``JS(p || q) = D(p || m)/2 + D(q || m)/2`` with ``m = (p + q)/2``: arguments ``(p, q, n)``.

    >>> p, q = sp.IndexedBase("p", positive=True), sp.IndexedBase("q", positive=True)
    >>> half = sp.Rational(1, 2)
    >>> JensenShannon(p, q, 2).unfold().doit().subs({p[1]: half, p[2]: half, q[1]: half, q[2]: half})
    0
    """

    nargs = 3

    def unfold(self) -> sp.Expr:
        p, q, n = self.args
        middle = (p[_I] + q[_I]) / 2
        return sp.Sum(p[_I] * sp.log(p[_I] / middle) + q[_I] * sp.log(q[_I] / middle), (_I, 1, n)) / 2

    def _handout_latex(self, printer: Any, exp: str | None = None) -> str:
        p, q = (printer._print(arg) for arg in self.args[:2])
        body = rf"\mathrm{{JS}}\left({p} \,\middle\|\, {q}\right)"
        return body if exp is None else rf"{body}^{{{exp}}}"


def _pointwise(a: sp.Symbol, b: sp.Symbol, d: sp.Symbol) -> tuple[Chain, Chain]:
    objective = a * sp.log(d) + b * sp.log(1 - d)
    optimum = (
        Chain.start(
            objective,
            label=r"V_x(D)",
            because="the term of one $x$, with $a = p(x) > 0$, $b = q(x) > 0$ and $D = D(x)$",
            intro=(
                "The discriminator maximises $V(D) = \\sum_x p(x) \\log D(x) + q(x) \\log(1 - D(x))$: minus the "
                "binary cross-entropy of labelling data $1$ and generated samples $0$. Each $D(x)$ appears in one "
                "term only, so each term is maximised on its own:"
            ),
        )
        .implies(sp.Eq(a / d - b / (1 - d), 0), "stationarity in $D$", by=Stationarity(d))
        .implies(sp.Eq(d, a / (a + b)), "solving: $a (1 - D) = b D$", by=Solve(d))
    )
    curvature = (
        Chain.start(sp.Derivative(objective, (d, 2)), label=r"\frac{d^2 V_x}{dD^2}", because="the curvature")
        .equals(-a / d**2 - b / (1 - d) ** 2, "differentiating twice")
        .lt(
            0, "strictly concave on $(0, 1)$: the stationary point is the maximum, $D^*(x) = \\frac{p(x)}{p(x) + q(x)}$"
        )
    )
    return optimum, curvature


def _value(p: Vector, q: Vector, m: Vector) -> Chain:
    js = JensenShannon(p.base, q.base, p.n)
    optimum = p[_I] / (p[_I] + q[_I])
    return (
        Chain.start(
            p.total(lambda i: p[i] * sp.log(optimum.subs(_I, i)) + q[i] * sp.log(1 - optimum.subs(_I, i))),
            label=r"V(D^*)",
            because="the objective at the optimum $D^*_i = \\frac{p_i}{p_i + q_i}$ of every term",
            intro="At the optimum, with the midpoint $m_i = \\frac{p_i + q_i}{2}$:",
        )
        .equals(
            p.total(lambda i: p[i] * sp.log(p[i] / (p[i] + q[i])) + q[i] * sp.log(q[i] / (p[i] + q[i]))),
            "$1 - D^*_i = \\frac{q_i}{p_i + q_i}$",
        )
        .equals(
            p.total(lambda i: p[i] * sp.log(p[i] / m[i])) + p.total(lambda i: q[i] * sp.log(q[i] / m[i])) - sp.log(4),
            "$\\frac{p_i}{p_i + q_i} = \\frac{1}{2} \\cdot \\frac{p_i}{m_i}$, and $\\sum_i p_i = \\sum_i q_i = 1$ "
            "gives $-\\log 2$ twice",
        )
        .equals(2 * js - sp.log(4), "$D(p \\| m) + D(q \\| m) = 2\\,\\mathrm{JS}(p \\| q)$")
    )


def _bounds(p: Vector, q: Vector, m: Vector) -> tuple[Chain, Chain]:
    js = JensenShannon(p.base, q.base, p.n)
    middle = m[_I]

    def squares(x: sp.Expr) -> sp.Expr:
        return (x - middle) ** 2 * sp.Integral(_U / ((1 - _U) * x + _U * middle), (_U, 0, 1))

    lower = (
        Chain.start(js, intro="Bounds. From below, Gibbs' inequality for $p$ and for $q$ against $m$:")
        .equals(
            p.total(lambda i: p[i] * sp.log(p[i] / middle) + q[i] * sp.log(q[i] / middle) + 2 * middle - p[i] - q[i])
            / 2,
            "the definition with $m_i = \\frac{p_i + q_i}{2}$, adding $\\sum_i (2 m_i - p_i - q_i) = 0$",
        )
        .equals(
            p.total(lambda i: squares(p[i]) + squares(q[i])) / 2,
            "each pair of terms in the integral form of Gibbs' inequality",
        )
        .ge(0, "squares times integrals of positive functions; $0$ only when $p = m = q$")
    )
    upper = (
        Chain.start(js, intro="From above:")
        .equals(
            sp.log(2) - p.total(lambda i: p[i] * sp.log(1 + q[i] / p[i]) + q[i] * sp.log(1 + p[i] / q[i])) / 2,
            "$\\log \\frac{2 p_i}{p_i + q_i} = \\log 2 - \\log\\left(1 + \\frac{q_i}{p_i}\\right)$, and "
            "$\\sum_i p_i = \\sum_i q_i = 1$",
        )
        .le(sp.log(2), "every $\\log(1 + \\text{positive}) > 0$")
    )
    return lower, upper


def gan_discriminator_optimum() -> Derivation:
    """``D* = p / (p + q)``, ``V(D*) = 2 JS(p || q) - log 4``, ``0 <= JS <= log 2``."""
    categories = Categories.general()
    p, q = Vector("p", categories), Vector("q", categories)
    m = Vector("m", categories)
    a, b = sp.Symbol("a", positive=True), sp.Symbol("b", positive=True)
    x = sp.Symbol("D", real=True)
    domain = Domain.of(
        CategoryCount(categories.n),
        OnSimplex(p),
        OnSimplex(q),
        DefinedVector(m, lambda i: (p[i] + q[i]) / 2),
        Real(a, low=0),
        Real(b, low=0),
        Real(x, 0, 1),
    )
    chains = (*_pointwise(a, b, x), _value(p, q, m), *_bounds(p, q, m))
    return Derivation(
        "gan-discriminator-optimum",
        "The GAN discriminator: optimum p/(p + q) and the Jensen-Shannon divergence",
        domain,
        chains,
        theorem=concluded(chains),
        summary=(
            "The optimal discriminator of a GAN, and the generator's objective at that optimum, for distributions "
            "$p$ (data) and $q$ (generator) over $n$ outcomes, all probabilities positive, in nats."
        ),
        conclusion=(
            "For a fixed generator the best discriminator is $D^*(x) = \\frac{p(x)}{p(x) + q(x)}$, and there "
            "$V(D^*) = 2\\,\\mathrm{JS}(p \\| q) - \\log 4$ with $0 \\leq \\mathrm{JS}(p \\| q) \\leq \\log 2$: so the "
            "generator's objective is smallest, $-\\log 4$, exactly when $q = p$. $\\mathrm{JS}$ tends to "
            "$\\log 2$ only as the two distributions stop overlapping (the bound is not reached on positive "
            "distributions); with disjoint supports it is constant, and gives the generator no gradient."
        ),
    )
