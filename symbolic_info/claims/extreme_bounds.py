"""The largest entry of a vector, for the prover: ``max(z)`` as a free bound ``M`` with every ``z_k = M - w_k``.

A claim about ``z`` and ``max(z)`` is an instance of the same claim about any ``M`` and ``z`` with every
``z_k <= M``: take ``M = max(z)``, ``w_k = M - z_k >= 0``. So proving the claim for a free real ``M`` and
nonnegative ``w_k`` proves it for ``max(z)`` (``min(z)`` likewise, ``z_k = m + w_k``). What is lost is that
some entry *equals* the maximum: ``logsumexp(z) <= max(z) + log(n)`` (each ``e^{z_k} <= e^M``) is proved
this way, ``logsumexp(z) > max(z)`` (the largest term is one of them) is not. For a probability vector
``sum_k (M - w_k) = 1`` fixes ``M = (1 + sum_k w_k)/n`` (so ``max(p) >= 1/n`` is proved); its entries'
positivity is lost, so facts that need it are not proved this way. A vector with both its largest and
smallest entry in the claim is left as it is.

>>> import sympy as sp
>>> from symbolic_info.formulas.vectors import LargestEntry
>>> z, n, k = sp.IndexedBase("z", real=True), sp.Symbol("n", integer=True, positive=True), sp.Symbol("k")
>>> [side] = as_bounds([z[k] - LargestEntry(z, n)], frozenset())
>>> side.is_nonpositive
True
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy as sp

from ..formulas.vectors import ExtremeEntry, LargestEntry

__all__ = ["as_bounds"]


def as_bounds(sides: Sequence[sp.Expr], probability_vectors: frozenset[sp.IndexedBase]) -> list[sp.Expr]:
    """``sides`` with each real vector's one extreme entry a free bound and its entries below (above) it."""
    extremes = {extreme for side in sides for extreme in side.atoms(ExtremeEntry)}
    rewritten = list(sides)
    if any(side.has(sp.Derivative) for side in sides):  # an entry there is a variable, not a value
        return rewritten
    for base in sorted({extreme.args[0] for extreme in extremes}, key=str):
        found = [extreme for extreme in extremes if extreme.args[0] == base]
        if len(found) != 1:
            continue
        (extreme,) = found
        largest = isinstance(extreme, LargestEntry)
        label = str(base.label)
        slack = sp.IndexedBase(sp.Dummy(f"w_{label}", nonnegative=True), nonnegative=True)
        sign = -1 if largest else 1
        bound: sp.Expr = sp.Dummy(f"max_{label}" if largest else f"min_{label}", real=True)
        if base in probability_vectors:  # sum_k (M - w_k) = 1 fixes M = (1 + sum_k w_k)/n (m = (1 - sum_k w_k)/n)
            count, k = extreme.args[1], sp.Dummy("k", integer=True, positive=True)
            bound = (1 - sign * sp.Sum(slack[k], (k, 1, count))) / count

        def entry(
            indexed: sp.Indexed, bound: sp.Expr = bound, slack: sp.IndexedBase = slack, sign: int = sign
        ) -> sp.Expr:
            return bound + sign * slack[indexed.indices]

        rewritten = [
            _bound_factored(
                side.xreplace({extreme: bound}).replace(
                    lambda e, b=base: isinstance(e, sp.Indexed) and e.base == b, entry
                ),
                bound,
            )
            for side in rewritten
        ]
    return rewritten


def _bound_factored(side: sp.Expr, bound: sp.Expr) -> sp.Expr:
    """``sum_i e^{M - w_i}`` as ``e^M sum_i e^{-w_i}``, and ``log(e^M x)`` as ``M + log(x)`` (``M`` real).

    Both are identities: a sum's factor free of its index comes out, and a positive factor ``e^M`` moves
    the logarithm by ``M`` whatever the sign of ``x``.
    """

    if not isinstance(bound, sp.Dummy):  # a probability vector's bound: nothing to factor out
        return side

    def factored(total: sp.Sum) -> sp.Expr:
        if not total.function.has(bound):
            return total
        return sp.factor_terms(sp.expand(total, power_exp=True, deep=True, mul=False, multinomial=False))

    def shifted(logarithm: sp.log) -> sp.Expr:
        factors = sp.Mul.make_args(logarithm.args[0])
        moved = [f for f in factors if isinstance(f, sp.exp) and f.args[0].is_real and not f.args[0].has(sp.Sum)]
        if not moved:
            return logarithm
        rest = sp.Mul(*(f for f in factors if f not in moved))
        return sp.Add(*(f.args[0] for f in moved)) + sp.log(rest)

    side = side.replace(lambda e: isinstance(e, sp.Sum), factored)
    return side.replace(lambda e: isinstance(e, sp.log), shifted)
