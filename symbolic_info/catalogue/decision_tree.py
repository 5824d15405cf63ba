"""Decision trees: the information gain of a split is the mutual information of the label and the split.

A node's labels have the distribution ``r_i``; a split sends the fraction ``c_j`` of the node's
examples to branch ``j``, where the labels have the distribution ``p_ij / c_j`` (``p_ij`` is the
fraction of the node's examples with label ``i`` in branch ``j``). The worked split is Quinlan's
"play tennis" table split on the outlook, in bits.
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy as sp

from ..engine import Chain, Derivation
from ..engine.domain import Domain
from ..formulas.definitions import entropy, kl_divergence
from ..formulas.vectors import Categories, Vector
from .mutual_information import Joint, joint
from .terms import concluded, written_out

__all__ = ["decision_tree_information_gain"]

_BITS = 2


def _weighted_impurity(pair: Joint) -> Chain:
    i, j = pair.r.categories.index, pair.c.categories.index
    p, c = pair.p, pair.c.base
    branch = -sp.Sum((p[i, j] / c[j]) * sp.log(p[i, j] / c[j]), (i, 1, pair.n))
    return (
        Chain.start(
            pair.c.total(lambda k: c[k] * branch.subs(j, k)),
            label=r"\sum_j c_j\, H(Y \mid S = j)",
            because="the impurity of each child, weighted by the fraction of the examples it receives",
            intro=(
                "The impurity of a node is the entropy $H(Y) = -\\sum_i r_i \\log r_i$ of its labels. A split $S$ "
                "into branches $j = 1, \\dots, m$ is scored by the weighted impurity of the children; in branch $j$ "
                "the labels have the distribution $p_{ij} / c_j$:"
            ),
        )
        .equals(-pair.total(p[i, j] * sp.log(p[i, j] / c[j])), "$c_j \\cdot \\frac{p_{ij}}{c_j} = p_{ij}$")
        .equals(pair.h_x_given_y(), "the conditional entropy of the label given the branch")
    )


def _gain(pair: Joint) -> Chain:
    return (
        Chain.start(
            pair.h_x() - pair.h_x_given_y(),
            label=r"\mathrm{IG}(S)",
            because="the information gain: the impurity of the node minus the weighted impurity of its children",
            intro="The information gain of the split is the mutual information of the label and the branch:",
        )
        .equals(pair.mutual(), "$H(Y) - H(Y \\mid S) = I(Y; S)$, as in the mutual information")
        .equals(
            pair.total(pair.cell() * sp.log(pair.cell() / pair.product()) + pair.product() - pair.cell()),
            "adding $\\sum_{i,j} r_i c_j - \\sum_{i,j} p_{ij} = 1 - 1 = 0$",
        )
        .equals(pair.squares(), "Gibbs' inequality in its integral form, for $p_{ij}$ against $r_i c_j$")
        .ge(0, "squares times integrals of positive functions: a split never increases the impurity")
    )


def _counts(table: Sequence[Sequence[int]]) -> tuple[list[sp.Rational], list[sp.Rational], list[sp.Rational]]:
    """The joint fractions (row by row), the label marginal and the branch marginal of a table of counts."""
    total = sum(sum(row) for row in table)
    cells = [sp.Rational(count, total) for row in table for count in row]
    rows = [sp.Rational(sum(row), total) for row in table]
    cols = [sp.Rational(sum(column), total) for column in zip(*table, strict=True)]
    return cells, rows, cols


def _written(values: Sequence[sp.Rational]) -> sp.Expr:
    p = Vector("p", Categories.explicit(len(values)), positive=False)
    return written_out(entropy(p, base=_BITS), dict(zip(p.entries(), values, strict=True)))


_PLAY = ((2, 4, 3), (3, 0, 2))  # label (play: yes, no) by outlook (sunny, overcast, rain)


def _worked_split() -> tuple[Chain, ...]:
    cells, rows, cols = _counts(_PLAY)
    node = (
        Chain.start(
            _written(rows),
            label=r"H(Y)",
            because="9 days of play and 5 without, in bits",
            domain=Domain.of(),
            intro=(
                "A worked split: Quinlan's 14 days of tennis, 9 with play and 5 without, split on the outlook: "
                "sunny (2 play, 3 not), overcast (4 play, 0 not), rain (3 play, 2 not)."
            ),
        )
        .equals((sp.log(14) - sp.Rational(9, 14) * sp.log(9) - sp.Rational(5, 14) * sp.log(5)) / sp.log(2), "exactly")
        .approx("0.940", "to three decimals")
    )
    children = [
        _written([sp.Rational(yes, yes + no), sp.Rational(no, yes + no)]) for yes, no in zip(*_PLAY, strict=True)
    ]
    mixed = (sp.log(5) - sp.Rational(2, 5) * sp.log(2) - sp.Rational(3, 5) * sp.log(3)) / sp.log(2)
    weighted = (
        Chain.start(
            sp.Mul(cols[0] + cols[2], children[0], evaluate=False) + sp.Mul(cols[1], children[1], evaluate=False),
            label=r"\sum_j c_j\, H(Y \mid S = j)",
            because=(
                "sunny ($5/14$ of the days) and rain ($5/14$) have the same entropy, of the proportions $2:3$ and "
                "$3:2$; overcast has $4/14$"
            ),
            domain=Domain.of(),
            intro="The children: the overcast branch is pure, its entropy $0$ by $0 \\log 0 = 0$:",
        )
        .equals(sp.Rational(5, 7) * mixed, "the overcast branch contributes $0$")
        .approx("0.694", "to three decimals")
    )
    gain = node.steps[0].statement - sp.Rational(5, 7) * mixed
    product = [row * col for row in rows for col in cols]
    information = (
        Chain.start(
            gain,
            label=r"\mathrm{IG}(\text{outlook})",
            because="the node's entropy minus the weighted entropy of the children",
            domain=Domain.of(),
            intro="The gain, and the same number as the mutual information of the table:",
        )
        .equals(kl_divergence(cells, product, base=_BITS), "$I(Y; S) = D(p_{YS} \\,\\|\\, p_Y p_S)$ of the table")
        .approx("0.247", "bits, to three decimals")
    )
    return node, weighted, information


def decision_tree_information_gain() -> Derivation:
    """Information gain = ``H(Y) - H(Y | S) = I(Y; S) >= 0``; Quinlan's outlook split gains 0.247 bits."""
    pair = joint(("Y", "S"))
    chains = (_weighted_impurity(pair), _gain(pair), *_worked_split())
    return Derivation(
        "decision-tree-information-gain",
        "Decision trees: information gain is mutual information, never negative",
        pair.domain(),
        chains,
        theorem=concluded(chains),
        summary=(
            "A node's labels $Y$ have the distribution $r_i$; the split $S$ sends the fraction $c_j$ of its "
            "examples to branch $j$, and $p_{ij}$ is the fraction with label $i$ in branch $j$ (all positive "
            "in the general part; the worked table has an empty cell)."
        ),
        conclusion=(
            "The weighted impurity of the children is the conditional entropy $H(Y \\mid S)$, so the information "
            "gain $H(Y) - H(Y \\mid S)$ is the mutual information $I(Y; S) \\geq 0$, zero exactly when the label "
            "distribution is the same in every branch. Splitting on the outlook gains "
            "$\\approx 0.940 - 0.694 = 0.247$ bits."
        ),
    )
