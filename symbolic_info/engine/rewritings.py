"""The named rewritings a symbolic proof tries, cheapest first, and what a proof records.

:class:`Strategy` names each rewriting (and the structural arguments of :mod:`.prover`);
:func:`rewritings` yields them for an expression; :class:`Proof` is a strategy that succeeded.

>>> import sympy as sp
>>> x = sp.Symbol("x", positive=True)
>>> [strategy.value for strategy, _ in rewritings(sp.log(x**2), facts=())][:3]
['direct', 'expand', 'expand_log']
>>> str(Proof(Strategy.EXPAND, on_interval=True))
'expand on the interval'
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum

import sympy as sp

from .normalization import (
    CANONICAL_INDEX,
    Facts,
    apply_facts,
    canonical_delta,
    has_index_delta,
    normalize,
    normalize_sums,
    with_canonical_index,
)

__all__ = [
    "QUICK",
    "SPEEDS",
    "Proof",
    "Strategy",
    "merge_sums",
    "products_as_sums",
    "rewritings",
    "rewritten",
    "termwise",
]


class Strategy(StrEnum):
    """How a proof was found: the rewriting after which SymPy settles it, or a structural argument."""

    DIRECT = "direct"
    ASSUMPTIONS = "assumptions"
    EXPAND = "expand"
    EXPAND_DELTA = "expand(delta)"
    EXPAND_LOG = "expand_log"
    CANCEL = "cancel"
    TERMWISE = "termwise"
    SIMPLIFY = "simplify"
    SIMPLIFY_EXPAND_LOG = "simplify(expand_log)"
    LOGCOMBINE = "logcombine"
    FACTOR = "factor"
    INTEGRAL_LINEARITY = "linearity of the integral"
    NONNEGATIVE_PARTS = "sums and integrals of nonnegative terms"
    POSITIVE_PARTS = "sums and integrals of positive terms"
    NONZERO_FACTOR = "nonzero factor"
    SIMPLEX_TERMWISE = "termwise, with sum_i p_i = 1"
    COUNT_TERMWISE = "termwise, with n = sum_i 1"
    LOGARITHMS_COMPARED = "log a - log b by the sign of a - b"
    REWRITE_LOG = "rewrite(log)"
    EXCHANGE = "exchanging the sums"
    EXPONENTS = "equal factors and exponents"
    PRODUCTS_AS_SUMS = "products of positive factors as exponentials of sums of logarithms"


#: Strategies in the order of their cost, for naming the hardest one a proof of several entries needed.
_COST_ORDER = (
    Strategy.DIRECT,
    Strategy.EXPAND,
    Strategy.EXPAND_LOG,
    Strategy.CANCEL,
    Strategy.SIMPLIFY,
    Strategy.SIMPLIFY_EXPAND_LOG,
)


@dataclass(frozen=True)
class Proof:
    """A strategy that proved a statement, and whether it needed the interval rewriting (see :mod:`.intervals`)."""

    strategy: Strategy
    on_interval: bool = False

    def __str__(self) -> str:
        return self.strategy.value + (" on the interval" if self.on_interval else "")

    def cost(self) -> int:
        """Rank among the rewritings: later ones are costlier; the interval rewriting and the rest come last."""
        if self.on_interval or self.strategy not in _COST_ORDER:
            return len(_COST_ORDER)
        return _COST_ORDER.index(self.strategy)


def termwise(expr: sp.Basic) -> sp.Basic:
    """Sums over the same range merged into one, its summand over a common denominator (``sum f - sum g``)."""
    groups: dict[tuple[sp.Basic, ...], list[sp.Basic]] = {}
    rest = []
    for term in sp.Add.make_args(expr):
        coefficient, total = term.as_independent(sp.Sum, as_Add=False)
        if isinstance(total, sp.Sum) and len(total.limits) == 1:
            ((index, low, high),) = total.limits
            if index not in coefficient.free_symbols:
                summand = coefficient * total.function
                if index != CANONICAL_INDEX and CANONICAL_INDEX not in summand.atoms(sp.Symbol):  # not even bound
                    summand, index = summand.xreplace({index: CANONICAL_INDEX}), CANONICAL_INDEX
                groups.setdefault((index, low, high), []).append(summand)
                continue
        rest.append(term)
    merged = [sp.Sum(sp.cancel(sp.together(sp.Add(*terms))), limits) for limits, terms in groups.items()]
    return sp.Add(*rest, *(total.doit() if total.function == 0 else total for total in merged))


#: The rewritings of a quick attempt: the others (simplify and friends) can take seconds.
QUICK = frozenset(
    {
        Strategy.DIRECT,
        Strategy.EXPAND,
        Strategy.EXPAND_DELTA,
        Strategy.EXPAND_LOG,
        Strategy.CANCEL,
        Strategy.REWRITE_LOG,
    }
)


def rewritings(expr: sp.Basic, facts: Facts) -> Iterator[tuple[Strategy, Callable[[], sp.Basic]]]:
    """Named rewritings, cheapest first."""
    yield Strategy.DIRECT, lambda: expr
    yield Strategy.EXPAND, lambda: sp.expand(expr)
    if expr.has(sp.KroneckerDelta):
        yield Strategy.EXPAND_DELTA, lambda: sp.expand(sp.expand(expr).replace(has_index_delta, canonical_delta))
    yield (
        Strategy.EXPAND_LOG,
        lambda: apply_facts(normalize_sums(sp.expand(sp.expand_log(expr, force=False))), facts),
    )
    yield Strategy.CANCEL, lambda: sp.cancel(sp.together(expr))
    if expr.has(sp.KroneckerDelta) and any(isinstance(s.function, sp.Mul) for s in expr.atoms(sp.Sum)):
        yield Strategy.EXCHANGE, lambda: sp.expand(normalize(apply_facts(exchanged(expr), facts), facts))
    if expr.has(sp.atanh, sp.asinh, sp.acosh, sp.acoth):
        yield Strategy.REWRITE_LOG, lambda: sp.expand(sp.expand_log(sp.expand(expr.rewrite(sp.log)), force=False))
    if expr.has(sp.Product):
        yield Strategy.PRODUCTS_AS_SUMS, lambda: _products_rewritten(expr, facts)
    if expr.has(sp.Sum):
        yield Strategy.TERMWISE, lambda: termwise(expr)
    yield Strategy.SIMPLIFY, lambda: sp.simplify(expr)
    yield (
        Strategy.SIMPLIFY_EXPAND_LOG,
        lambda: sp.simplify(apply_facts(normalize_sums(sp.expand_log(sp.simplify(expr), force=False)), facts)),
    )
    yield Strategy.LOGCOMBINE, lambda: sp.simplify(sp.logcombine(expr))
    yield Strategy.FACTOR, lambda: sp.factor(sp.together(expr))


def _products_rewritten(expr: sp.Basic, facts: Facts) -> sp.Basic:
    """Products as exponentials of sums (:func:`products_as_sums`), logarithms expanded, sums normalised.

    Without ``sp.expand``, which turns ``exp(Sum(log f))`` back into the product; simplified unless already 0.
    """
    rewritten = apply_facts(normalize_sums(sp.expand_log(products_as_sums(expr), force=False)), facts)
    return rewritten if rewritten == 0 else sp.simplify(rewritten)


def products_as_sums(expr: sp.Basic) -> sp.Basic:
    """Each product of positive factors ``prod_i f_i`` as ``exp(sum_i log f_i)`` (the others left as they are).

    >>> q = sp.IndexedBase("q", positive=True)
    >>> i, n = sp.symbols("i n", integer=True, positive=True)
    >>> products_as_sums(sp.Product(q[i], (i, 1, n)))
    exp(Sum(log(q[i]), (i, 1, n)))
    """

    def rewrite(product: sp.Product) -> sp.Basic:
        if product.function.is_positive is not True:
            return product
        return sp.exp(sp.Sum(sp.log(product.function), *product.limits))

    return expr.replace(lambda e: isinstance(e, sp.Product), rewrite)


def exchanged(expr: sp.Basic) -> sp.Basic:
    """``sum_c f(c) sum_i delta(x_i, c)`` as ``sum_i sum_c f(c) delta(x_i, c)``, the inner sum evaluated.

    Finite sums with independent ranges commute; the delta then picks the term ``c = x_i`` (where
    ``x_i`` is in the range: the domain's facts say so for labels).
    """

    def swap(total: sp.Sum) -> sp.Basic:
        if len(total.limits) != 1:
            return total
        ((outer, low, high),) = total.limits
        inner = [factor for factor in sp.Mul.make_args(total.function) if isinstance(factor, sp.Sum)]
        if len(inner) != 1 or len(inner[0].limits) != 1 or not inner[0].function.has(sp.KroneckerDelta):
            return total
        ((index, first, last),) = inner[0].limits
        rest = sp.Mul(*(factor for factor in sp.Mul.make_args(total.function) if factor is not inner[0]))
        if index == outer or outer in (first.free_symbols | last.free_symbols) or index in rest.free_symbols:
            return total
        return sp.Sum(sp.Sum(rest * inner[0].function, (outer, low, high)).doit(), (index, first, last))

    return expr.replace(lambda e: isinstance(e, sp.Sum), swap)


def merge_sums(expr: sp.Basic) -> sp.Basic | None:
    """Sums over the same range merged into one, its summand evaluated and simplified on its own; None if none merge.

    A sum of integrals over a symbolic range is slow to evaluate as a whole (SymPy looks for a
    closed form of the sum); termwise, the summands usually cancel to a few terms.
    """
    groups: dict[tuple[sp.Basic, ...], list[sp.Basic]] = {}  # by the limits of the merged sum
    rest = []
    for term in sp.Add.make_args(expr):
        factors = sp.Mul.make_args(term)
        sums = [factor for factor in factors if isinstance(factor, sp.Sum)]
        if len(sums) == 1 and len(sums[0].limits) > 1:  # over several indices: merged when the limits are the same
            (total,) = sums
            coefficient = sp.Mul(*(factor for factor in factors if factor is not total))
            inside = all((limit[1] - 1).is_nonnegative for limit in total.limits)  # indices are positive integers
            if inside and not coefficient.free_symbols & {limit[0] for limit in total.limits}:
                groups.setdefault(total.limits, []).append(coefficient * total.function)
                continue
        if len(sums) == 1 and len(sums[0].limits) == 1:
            (total,) = sums
            coefficient = sp.Mul(*(factor for factor in factors if factor is not total))
            ((index, low, high),) = total.limits
            index, summand = with_canonical_index(index, total.function)
            inside = (low - 1).is_nonnegative  # the canonical index is a positive integer
            if index == CANONICAL_INDEX and index not in coefficient.free_symbols and inside:
                groups.setdefault(((CANONICAL_INDEX, low, high),), []).append(coefficient * summand)
                continue
        rest.append(term)
    if not any(len(terms) > 1 for terms in groups.values()):
        return None
    merged = [sp.Sum(sp.simplify(sp.Add(*terms).doit()), *limits) for limits, terms in groups.items()]
    return sp.Add(*rest, *merged)


#: What a SymPy rewriting may raise on an expression it cannot handle: that rewriting then proves nothing.
_REWRITING_ERRORS = (ValueError, TypeError, ArithmeticError, RecursionError, NotImplementedError, AttributeError)


def rewritten(rewrite: Callable[[], sp.Basic]) -> sp.Basic | None:
    try:
        return rewrite()
    except _REWRITING_ERRORS:
        return None


#: The two passes of a proof attempt: the quick rewritings (with and without the interval forms), then the rest.
SPEEDS = ("quick", "slow")
