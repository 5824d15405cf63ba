"""The worked examples of the source articles, each computed exactly from the definition and then rounded.

Every decimal is a ``~=`` step: the exact value lies within half a unit of the decimal's last
written digit. The second example of [5] (Lei Ming) lists the right terms but adds them up to 0.086;
the entropy is 0.1859 dits.
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy as sp

from ..engine import Chain, Derivation
from ..engine.domain import Domain
from ..formulas.definitions import entropy
from ..formulas.vectors import Categories, Vector
from .terms import stated, written_out

__all__ = ["worked_examples"]

_BITS, _DITS = 2, 10


def _written(values: Sequence[sp.Rational], base: int) -> sp.Expr:
    """The entropy in ``base`` with the numbers put into each ``-p log p`` term, unevaluated."""
    p = Vector("p", Categories.explicit(len(values)), positive=False)
    return written_out(entropy(p, base=base), dict(zip(p.entries(), values, strict=True)))


def _label(base: int) -> str:
    return rf"H_{{{base}}}(p)"


def _surprisal(value: sp.Rational, base: int) -> sp.Expr:
    """One term ``p log_b(1/p)`` of the entropy."""
    return value * sp.log(1 / value) / sp.log(base)


def _uniform_four() -> tuple[Chain, Chain]:
    quarter = sp.Rational(1, 4)
    bits = (
        Chain.start(
            _written([quarter] * 4, _BITS),
            label=_label(_BITS),
            because="the definition with base-2 logarithms (bits)",
            intro=(
                "Lei Ming's article [cite:lei-entropy], first table: four equally likely values, "
                "$p = (\\tfrac14, \\dots, \\tfrac14)$."
            ),
        )
        .equals(sp.log(4) / sp.log(2), "four equal terms $\\tfrac14 \\log 4$")
        .equals(2, "$4 = 2^2$: two bits")
    )
    dits = (
        Chain.start(
            _written([quarter] * 4, _DITS),
            label=_label(_DITS),
            because="the same distribution with base-10 logarithms (dits), as [cite:lei-entropy] computes it",
        )
        .equals(2 * sp.log(2) / sp.log(10), "$\\log_{10} 4 = 2 \\log_{10} 2$")
        .approx("0.602", "the article's $\\log 4 = 0.6$, to three decimals")
    )
    return bits, dits


def _skewed_four() -> tuple[Chain, Chain]:
    values = [sp.Rational(9, 10), sp.Rational(1, 20), sp.Rational(1, 50), sp.Rational(3, 100)]
    total = (
        Chain.start(
            _written(values, _DITS),
            label=_label(_DITS),
            because="the definition in dits",
            intro=(
                "The same article, second table: one likely value and three rare ones, "
                "$p = (0.9, 0.05, 0.02, 0.03)$, in dits."
            ),
        )
        .equals(
            sp.Mul(sp.Add(*(value * sp.log(1 / value) for value in values)), 1 / sp.log(_DITS)),
            "$-p \\log p = p \\log(1/p)$",
        )
        .approx("0.1859", "to four decimals")
    )
    terms = Chain.start(
        sp.Matrix([_surprisal(value, _DITS) for value in values]),
        label=r"\left(p_i \log_{10} \tfrac{1}{p_i}\right)_{i=1}^{4}",
        because="the four contributions",
        intro=(
            "Term by term. The article's terms 0.041, 0.065, 0.034, 0.046 are right to three decimals, "
            "but they add up to 0.186, not to the 0.086 it prints:"
        ),
    ).approx(["0.041", "0.065", "0.034", "0.046"], "each to three decimals")
    return total, terms


def _ternary() -> tuple[Chain, Chain, Chain]:
    third = sp.Rational(1, 3)
    uniform = (
        Chain.start(
            _written([third] * 3, _BITS),
            label=_label(_BITS),
            because="the definition in bits",
            intro=(
                "The article [cite:dtcms-information-mle]: three equally likely values, "
                "$p = (\\tfrac13, \\tfrac13, \\tfrac13)$, the largest entropy for three outcomes."
            ),
        )
        .equals(sp.log(3) / sp.log(2), "three equal terms $\\tfrac13 \\log 3$")
        .approx("1.585", "to three decimals")
    )
    values = [sp.Rational(9, 20), sp.Rational(9, 20), sp.Rational(1, 10)]
    exact = (sp.Rational(9, 10) * sp.log(sp.Rational(20, 9)) + sp.log(10) / 10) / sp.log(2)
    skewed = (
        Chain.start(
            _written(values, _BITS),
            label=_label(_BITS),
            because="the definition in bits",
            intro="Two equally likely values and a rare third one, $p = (0.45, 0.45, 0.1)$:",
        )
        .equals(exact, "two equal terms $0.45 \\log(1/0.45)$ and $0.1 \\log 10$")
        .approx("1.369", "to three decimals")
    )
    between = (
        Chain.start(
            sp.Integer(1),
            label=r"\log_2 2",
            because="the entropy of two equally likely values",
            intro="It lies strictly between the entropies of the uniform distributions on two and three values:",
        )
        .lt(exact, "the value above")
        .lt(sp.log(3) / sp.log(2), "$\\log_2 3$, the maximum for three values")
    )
    return uniform, skewed, between


def worked_examples() -> Derivation:
    """The articles' numbers, each exact and as a decimal, with the addition of [5] corrected."""
    chains = (*_uniform_four(), *_skewed_four(), *_ternary())
    four_bits, three_bits, between = chains[0], chains[4], chains[6]
    return Derivation(
        "worked-examples",
        "Worked examples: the articles' entropies, exactly and as decimals",
        Domain.of(),
        chains,
        theorem=(
            stated(four_bits.first, "=", 2),
            stated(three_bits.first, "=", sp.log(3) / sp.log(2)),
            stated(between.first, "<", between.steps[-1].statement),
        ),
        summary=(
            "Each value is computed exactly from the definition; a decimal is shown with $\\approx$ when the "
            "exact value lies within half a unit of its last digit. Bits use $\\log_2$, dits $\\log_{10}$."
        ),
        conclusion=(
            "Uniform over four values: 2 bits $\\approx 0.602$ dits. $(0.9, 0.05, 0.02, 0.03)$: "
            "$\\approx 0.1859$ dits; the 0.086 of [cite:lei-entropy] is an addition slip "
            "(its own terms add up to 0.186). "
            "Uniform over three values: $\\log_2 3 \\approx 1.585$ bits. $(0.45, 0.45, 0.1)$: $\\approx 1.369$ bits, "
            "between $\\log_2 2 = 1$ and $\\log_2 3$."
        ),
    )
