"""Jensen's inequality for the logarithm, as a proof step: ``a log(sum_i w_i g_i) >= a sum_i w_i log(g_i)``.

For a probability vector ``w`` (``w_i >= 0``, ``sum_i w_i = 1``), every ``g_i > 0`` and ``a >= 0``.
The step rests on one lemma of the book, ``x - log(x) - 1 >= 0`` for ``x > 0`` (the tangent line of
the logarithm at 1, proved in ``gibbs-inequality``): with ``S = sum_i w_i g_i > 0`` and
``u_i = g_i / S > 0``, ``sum_i w_i log(u_i) <= sum_i w_i (u_i - 1) = S / S - 1 = 0``, that is
``sum_i w_i log(g_i) <= log(S)``.

A claim ``E >= 0`` (or ``> 0``) with a term ``a log(S)`` then follows from
``E - a log(S) + a sum_i w_i log(g_i) >= 0``, which the prover's quick rewritings try.
``H(p) >= -log(sum_i p_i^2)`` (collision entropy at most Shannon entropy) is one such claim:
the rest is ``-sum_i p_i log(p_i) + sum_i p_i log(p_i) = 0``.

>>> from symbolic_info.claims.syntax import parse_claim
>>> from symbolic_info.claims.translate import translate
>>> from symbolic_info.claims.proof import prove
>>> prove(translate(parse_claim("H(p) >= -log(sum(p[i]**2, i))")))
"by Jensen's inequality for log (from gibbs-inequality), then assumptions"
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import sympy as sp

from ..catalogue.lemmas import Lemma, lemmas
from ..engine.domain import Real
from ..engine.normalization import Facts, normalize
from ..engine.obligations import Relation
from ..engine.prover import prove_sign
from .translate import Comparison

__all__ = ["prove_by_jensen"]


@cache
def _tangent_lemma() -> Lemma | None:
    """The book's ``x - log(x) - 1 >= 0`` for ``x > 0``, if the catalogue proves it (else the step is not used)."""
    for lemma in lemmas():
        side = sp.sympify(lemma.left) - sp.sympify(lemma.right)
        if lemma.relation is not Relation.GE or len(side.free_symbols) != 1:
            continue
        (x,) = side.free_symbols
        on_positives = any(
            isinstance(d, Real) and d.symbol == x and d.low == 0 and d.high is None for d in lemma.domain.declarations
        )
        if on_positives and sp.expand(side - (x - sp.log(x) - 1)) == 0:
            return lemma
    return None


def _weighted_logs(expr: sp.Expr, facts: Facts, forms: Facts) -> Iterator[sp.Expr]:
    """``expr`` with a term ``a log(sum_i w_i g_i)`` replaced by ``a sum_i w_i log(g_i)``, where Jensen applies."""
    for term in sp.Add.make_args(expr):
        factors = sp.Mul.make_args(term)
        logs = [f for f in factors if isinstance(f, sp.log) and isinstance(f.args[0], sp.Sum)]
        if len(logs) != 1:
            continue
        (log_of_sum,) = logs
        weight = sp.Mul(*(f for f in factors if f is not log_of_sum))
        total = log_of_sum.args[0]
        if (
            len(total.limits) != 1
            or weight.has(sp.Sum)
            or prove_sign(weight, facts, positive_forms=forms, quick=True) is None
        ):
            continue
        ((index, low, high),) = total.limits
        if index in weight.free_symbols:
            continue
        for entry in _simplex_entries(facts, index, low, high):
            inner = sp.cancel(total.function / entry)
            if sp.expand(entry * inner - total.function) != 0 or inner.has(sp.Sum):
                continue
            nonnegative = prove_sign(entry, facts, positive_forms=forms, quick=True)
            positive = prove_sign(inner, facts, strict=True, positive_forms=forms, quick=True)
            if nonnegative is None or positive is None:
                continue
            weighted = sp.Sum(entry * sp.log(inner), (index, low, high))
            yield expr - term + weight * weighted


def _simplex_entries(facts: Facts, index: sp.Symbol, low: sp.Basic, high: sp.Basic) -> Iterator[sp.Basic]:
    """The entries ``w_i`` (in terms of ``index``) of the facts ``sum_i w_i = 1`` over the range ``low..high``."""
    for total, value in facts:
        if isinstance(total, sp.Sum) and value == 1 and len(total.limits) == 1:
            ((own, first, last),) = total.limits
            if (first, last) == (low, high):
                yield total.function.xreplace({own: index})


def prove_by_jensen(relation: Comparison, facts: Facts, forms: Facts) -> str | None:
    """``by Jensen's inequality for log (from LEMMA), then STRATEGY`` when that proves the inequality, else None."""
    if relation.relation not in (Relation.LE, Relation.LT, Relation.GE, Relation.GT):
        return None
    if not relation.left.has(sp.log) and not relation.right.has(sp.log):
        return None
    lemma = _tangent_lemma()
    if lemma is None:
        return None
    smaller = relation.relation in (Relation.LE, Relation.LT)
    difference = relation.right - relation.left if smaller else relation.left - relation.right
    strict = relation.relation in (Relation.LT, Relation.GT)
    for rest in _weighted_logs(normalize(difference, facts), facts, forms):
        proof = prove_sign(rest, facts, strict=strict, positive_forms=forms, quick=True)
        if proof is not None:
            return f"by Jensen's inequality for log (from {lemma.source}), then {proof}"
    return None
