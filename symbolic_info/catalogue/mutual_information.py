"""Mutual information: three equal forms, the chain rule of entropy, and why conditioning reduces entropy.

The joint distribution ``p_ij`` of ``(X, Y)`` over ``n x m`` pairs has the marginals ``r_i = sum_j p_ij``
(of ``X``) and ``c_j = sum_i p_ij`` (of ``Y``); the prover knows both sums (the domain's facts).
Nonnegativity is Gibbs' inequality for the joint against the product of the marginals, in the
same integral form as in ``gibbs-inequality``.
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from ..engine import Chain, Derivation
from ..engine.domain import CategoryCount, Domain, JointDistribution
from ..formulas.named import Entropy, NamedQuantity
from ..formulas.vectors import Categories, Vector, index_symbol
from .terms import concluded

__all__ = ["ConditionalEntropy", "Joint", "JointEntropy", "MutualInformation", "joint", "mutual_information"]

_I, _J = index_symbol("i"), index_symbol("j")
_U = sp.Symbol("u", positive=True)


def _double(term: sp.Expr, n: sp.Expr, m: sp.Expr) -> sp.Sum:
    return sp.Sum(sp.Sum(term, (_J, 1, m)), (_I, 1, n))


class JointEntropy(NamedQuantity):
    """``H(X, Y) = -sum_ij p_ij log p_ij``: arguments ``(p, n, m, X, Y)``, the last two names for display.

    >>> p = sp.IndexedBase("p", positive=True)
    >>> n, m = sp.symbols("n m", integer=True, positive=True)
    >>> JointEntropy(p, n, m, sp.Symbol("X"), sp.Symbol("Y")).unfold()
    -Sum(log(p[i, j])*p[i, j], (j, 1, m), (i, 1, n))
    """

    nargs = 5

    def unfold(self) -> sp.Expr:
        p, n, m = self.args[:3]
        return -_double(p[_I, _J] * sp.log(p[_I, _J]), n, m)

    def _handout_latex(self, printer: Any, exp: str | None = None) -> str:
        body = rf"H\left({printer._print(self.args[3])}, {printer._print(self.args[4])}\right)"
        return body if exp is None else rf"{body}^{{{exp}}}"


class ConditionalEntropy(NamedQuantity):
    """``H(X | Y) = -sum_ij p_ij log(p_ij / c_j)``: arguments ``(p, c, n, m, X, Y)``; ``c`` the marginal of ``Y``."""

    nargs = 6

    def unfold(self) -> sp.Expr:
        p, c, n, m = self.args[:4]
        return -_double(p[_I, _J] * sp.log(p[_I, _J] / c[_J]), n, m)

    def _handout_latex(self, printer: Any, exp: str | None = None) -> str:
        body = rf"H\left({printer._print(self.args[4])} \mid {printer._print(self.args[5])}\right)"
        return body if exp is None else rf"{body}^{{{exp}}}"


class MutualInformation(NamedQuantity):
    """``I(X; Y) = sum_ij p_ij log(p_ij / (r_i c_j))``: arguments ``(p, r, c, n, m, X, Y)``."""

    nargs = 7

    def unfold(self) -> sp.Expr:
        p, r, c, n, m = self.args[:5]
        return _double(p[_I, _J] * sp.log(p[_I, _J] / (r[_I] * c[_J])), n, m)

    def _handout_latex(self, printer: Any, exp: str | None = None) -> str:
        body = rf"I\left({printer._print(self.args[5])}; {printer._print(self.args[6])}\right)"
        return body if exp is None else rf"{body}^{{{exp}}}"


class Joint:
    """A joint distribution ``p`` of two variables with marginals ``r`` (rows) and ``c`` (columns), named.

    ``names`` are the variables as shown: ``("X", "Y")`` gives ``H(X | Y)`` and ``I(X; Y)``.
    """

    def __init__(self, names: tuple[str, str] = ("X", "Y"), rows: str = "n", cols: str = "m") -> None:
        self.n = sp.Symbol(rows, integer=True, positive=True)
        self.m = sp.Symbol(cols, integer=True, positive=True)
        self.p = sp.IndexedBase("p", positive=True)
        self.r = Vector("r", Categories(self.n, _I))
        self.c = Vector("c", Categories(self.m, _J))
        self.x, self.y = sp.Symbol(names[0]), sp.Symbol(names[1])

    def domain(self) -> Domain:
        return Domain.of(CategoryCount(self.n), CategoryCount(self.m), JointDistribution(self.p, self.r, self.c))

    def total(self, term: sp.Expr) -> sp.Sum:
        """``sum_i sum_j term``."""
        return _double(term, self.n, self.m)

    def cell(self) -> sp.Indexed:
        return self.p[_I, _J]

    def product(self) -> sp.Expr:
        """``r_i c_j``: the joint distribution of independent variables with the same marginals."""
        return self.r[_I] * self.c[_J]

    def h_x(self) -> Entropy:
        return Entropy.of(self.r)

    def h_y(self) -> Entropy:
        return Entropy.of(self.c)

    def h_xy(self) -> JointEntropy:
        return JointEntropy(self.p, self.n, self.m, self.x, self.y)

    def h_x_given_y(self) -> ConditionalEntropy:
        return ConditionalEntropy(self.p, self.c.base, self.n, self.m, self.x, self.y)

    def mutual(self) -> MutualInformation:
        return MutualInformation(self.p, self.r.base, self.c.base, self.n, self.m, self.x, self.y)

    def weight(self) -> sp.Integral:
        """``w_ij = int_0^1 u du / ((1 - u) p_ij + u r_i c_j)``: the weight of ``(p_ij - r_i c_j)^2``."""
        return sp.Integral(_U / ((1 - _U) * self.cell() + _U * self.product()), (_U, 0, 1))

    def squares(self) -> sp.Sum:
        """``I(X; Y)`` as a sum of squares with positive weights."""
        return self.total((self.cell() - self.product()) ** 2 * self.weight())


def joint(names: tuple[str, str] = ("X", "Y"), rows: str = "n", cols: str = "m") -> Joint:
    """The joint distribution of the derivations about pairs of variables.

    >>> joint().mutual().unfold()
    Sum(log(p[i, j]/(c[j]*r[i]))*p[i, j], (j, 1, m), (i, 1, n))
    """
    return Joint(names, rows, cols)


def _forms(pair: Joint) -> Chain:
    p, r, c = pair.cell(), pair.r[_I], pair.c[_J]
    return (
        Chain.start(
            pair.mutual(),
            intro=(
                "The mutual information of $X$ and $Y$ is the divergence of their joint distribution from the "
                "product of its marginals, the joint distribution they would have if they were independent:"
            ),
        )
        .equals(pair.total(p * sp.log(p / (r * c))), "the definition: $D(p_{XY} \\,\\|\\, p_X p_Y)$")
        .equals(
            pair.total(p * sp.log(p)) - pair.total(p * sp.log(r)) - pair.total(p * sp.log(c)),
            "$\\log \\frac{p_{ij}}{r_i c_j} = \\log p_{ij} - \\log r_i - \\log c_j$",
        )
        .equals(
            pair.total(p * sp.log(p))
            - pair.r.total(lambda i: pair.r[i] * sp.log(pair.r[i]))
            - pair.c.total(lambda j: pair.c[j] * sp.log(pair.c[j])),
            "$\\log r_i$ does not depend on $j$ and $\\sum_j p_{ij} = r_i$; likewise $\\sum_i p_{ij} = c_j$",
        )
        .equals(pair.h_x() + pair.h_y() - pair.h_xy(), "the three entropies")
    )


def _chain_rule(pair: Joint) -> Chain:
    p, c = pair.cell(), pair.c[_J]
    return (
        Chain.start(
            pair.h_xy(),
            intro=(
                "The chain rule: with the conditional distribution $p(x_i \\mid y_j) = p_{ij} / c_j$, "
                "the joint entropy is the entropy of $Y$ plus the conditional entropy "
                "$H(X \\mid Y) = -\\sum_{i,j} p_{ij} \\log \\frac{p_{ij}}{c_j}$:"
            ),
        )
        .equals(-pair.total(p * sp.log(p)), "the definition")
        .equals(
            -pair.total(p * sp.log(c)) - pair.total(p * sp.log(p / c)),
            "$p_{ij} = c_j \\cdot \\frac{p_{ij}}{c_j}$, and the log of a product",
        )
        .equals(pair.h_y() + pair.h_x_given_y(), "$\\sum_i p_{ij} = c_j$ in the first sum")
    )


def _difference(pair: Joint) -> Chain:
    return (
        Chain.start(pair.mutual(), intro="So the mutual information is the entropy of $X$ that $Y$ removes:")
        .equals(pair.h_x() + pair.h_y() - pair.h_xy(), "the first chain")
        .equals(pair.h_x() + pair.h_y() - pair.h_y() - pair.h_x_given_y(), "the chain rule")
        .equals(pair.h_x() - pair.h_x_given_y(), "$H(Y)$ cancels")
    )


def _nonnegative(pair: Joint) -> Chain:
    p, q = pair.cell(), pair.product()
    return (
        Chain.start(
            pair.mutual(),
            intro=(
                "It is never negative: Gibbs' inequality for $p_{ij}$ against $r_i c_j$, in the integral form of "
                "its proof ($w_{ij} = \\int_0^1 \\frac{u\\,du}{(1 - u) p_{ij} + u r_i c_j} > 0$):"
            ),
        )
        .equals(
            pair.total(p * sp.log(p / q) + q - p),
            "adding $\\sum_{i,j} r_i c_j - \\sum_{i,j} p_{ij} = 1 - 1 = 0$",
        )
        .equals(pair.squares(), "each term is $(p_{ij} - r_i c_j)^2 w_{ij}$, as in Gibbs' inequality")
        .ge(0, "squares times integrals of positive functions; $0$ only when every $p_{ij} = r_i c_j$")
    )


def _conditioning(pair: Joint) -> Chain:
    return (
        Chain.start(
            pair.h_x_given_y(),
            intro="Conditioning reduces entropy, on average over $Y$:",
        )
        .equals(pair.h_x() - pair.mutual(), "the mutual information is $H(X) - H(X \\mid Y)$")
        .equals(pair.h_x() - pair.squares(), "the sum of squares above")
        .le(pair.h_x(), "$I(X; Y) \\geq 0$, with equality only when $X$ and $Y$ are independent")
    )


def mutual_information() -> Derivation:
    """``I(X; Y) = H(X) - H(X | Y) = H(X) + H(Y) - H(X, Y) = D(p_XY || p_X p_Y) >= 0``; ``H(X | Y) <= H(X)``."""
    pair = joint()
    chains = (_forms(pair), _chain_rule(pair), _difference(pair), _nonnegative(pair), _conditioning(pair))
    return Derivation(
        "mutual-information",
        "Mutual information: three forms, the chain rule, and conditioning reduces entropy",
        pair.domain(),
        chains,
        theorem=concluded(chains),
        summary=(
            "For a joint distribution $p_{ij}$ of $(X, Y)$ with marginals $r_i$ of $X$ and $c_j$ of $Y$, "
            "all positive, in nats."
        ),
        conclusion=(
            "$I(X; Y) = D(p_{XY} \\| p_X p_Y) = H(X) + H(Y) - H(X, Y) = H(X) - H(X \\mid Y) \\geq 0$, with "
            "equality exactly when $p_{ij} = r_i c_j$ for all $i, j$ (independence); $H(X, Y) = H(Y) + H(X \\mid Y)$; "
            "and $H(X \\mid Y) \\leq H(X)$: on average, knowing $Y$ never increases the uncertainty about $X$ "
            "(a particular value $Y = y_j$ may)."
        ),
    )
