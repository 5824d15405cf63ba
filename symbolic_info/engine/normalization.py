"""Normal forms for the prover: names unfolded, sums split, the domain's facts applied.

Before any proof strategy runs, an expression is brought to a normal form: named quantities
unfolded to their definitions, ``xlogy`` read in the interior of the domain, unevaluated
objects evaluated (holding sums of unknown sequences), Kronecker-delta sums evaluated, sums
split over their terms with index-free factors pulled out, and the domain's facts
(``sum_i p_i = 1``, ``1 <= k <= n``) applied.

>>> import sympy as sp
>>> i, n = sp.Symbol("i", integer=True, positive=True), sp.Symbol("n", integer=True, positive=True)
>>> p = sp.IndexedBase("p", positive=True)
>>> normalize_sums(sp.Sum(3 * p[i] + 2, (i, 1, n)))
2*n + 3*Sum(p[i], (i, 1, n))
"""

from __future__ import annotations

from functools import partial

import sympy as sp
from sympy.codegen.cfunctions import expm1, log1p

from ..formulas.named import NamedQuantity
from ..formulas.special import xlog1py, xlogy
from .analytic_limits import with_analytic_limits
from .density_integrals import apply_definitions, split_density_integrals, without_definitions

__all__ = [
    "CANONICAL_INDEX",
    "Facts",
    "apply_facts",
    "elementary",
    "interior",
    "normalize",
    "normalize_sums",
    "with_canonical_index",
    "with_forms",
]

Facts = tuple[tuple[sp.Basic, sp.Basic], ...]
CANONICAL_INDEX = sp.Symbol("i", integer=True, positive=True)


def with_canonical_index(index: sp.Symbol, summand: sp.Basic) -> tuple[sp.Symbol, sp.Basic]:
    """The summand with its index renamed to the canonical ``i``, unless ``i`` occurs in it at all.

    ``i`` may occur free (an outer variable) or bound (an inner sum); renaming would capture it.
    """
    if index != CANONICAL_INDEX and not summand.has(CANONICAL_INDEX):
        return CANONICAL_INDEX, summand.xreplace({index: CANONICAL_INDEX})
    return index, summand


def _split_sum(total: sp.Sum) -> sp.Expr:
    """``Sum(c*f + g)`` -> ``c*Sum(f) + Sum(g)`` with the index renamed canonically."""
    if len(total.limits) != 1:
        return _split_multiple(total)
    ((index, low, high),) = total.limits
    index, summand = with_canonical_index(index, total.function)
    terms = []
    for term in sp.Add.make_args(sp.expand(sp.expand_log(summand, force=False))):
        constant, dependent = term.as_independent(index, as_Add=False)
        terms.append(constant * (high - low + 1 if dependent == 1 else sp.Sum(dependent, (index, low, high))))
    return sp.Add(*terms)


def _independent_ranges(limits: tuple[tuple[sp.Basic, ...], ...]) -> bool:
    indices = {limit[0] for limit in limits}
    return all(len(limit) == 3 and not (indices & (limit[1].free_symbols | limit[2].free_symbols)) for limit in limits)


def _split_multiple(total: sp.Sum) -> sp.Expr:
    """A sum over several independent indices, term by term, each summed first over the index it depends on least.

    Finite sums over independent ranges commute: ``sum_i sum_j p_ij log c_j`` is ``sum_j log c_j sum_i p_ij``,
    so the factors free of the inner index come out and a fact (``sum_i p_ij = c_j``) can apply.

    >>> i, j = sp.symbols("i j", integer=True, positive=True)
    >>> n, m = sp.symbols("n m", integer=True, positive=True)
    >>> p, c = sp.IndexedBase("p", positive=True), sp.IndexedBase("c", positive=True)
    >>> _split_multiple(sp.Sum(p[i, j] * sp.log(c[j]), (j, 1, m), (i, 1, n)))
    Sum(log(c[j])*Sum(p[i, j], (i, 1, n)), (j, 1, m))
    """
    limits = total.limits
    if not _independent_ranges(limits):
        return total
    indices = [limit[0] for limit in limits]
    result = []
    for term in sp.Add.make_args(sp.expand(sp.expand_log(total.function, force=False))):
        constant, dependent = term.as_independent(*indices, as_Add=False)
        factors = sp.Mul.make_args(dependent)

        def ignored(limit: tuple[sp.Basic, ...], factors: tuple[sp.Basic, ...] = factors) -> int:
            return sum(1 for factor in factors if limit[0] not in factor.free_symbols)

        inner = max(limits, key=ignored)  # the first of the best: the written order when no index is better
        rest = tuple(limit for limit in limits if limit is not inner)
        summed = _split_sum(sp.Sum(dependent, inner))
        if not rest:
            result.append(constant * summed)
        elif ignored(inner) == 0:  # nothing comes out: the limits in one order, so equal sums look the same
            result.append(constant * sp.Sum(dependent, *sorted(limits, key=sp.default_sort_key)))
        else:
            result.append(constant * _split_sum(sp.Sum(summed, *rest)))
    return sp.Add(*result)


def normalize_sums(expr: sp.Basic) -> sp.Basic:
    """Split sums over their terms and pull index-free factors out, renaming indices canonically."""
    return expr.replace(lambda e: isinstance(e, sp.Sum), _split_sum)


def apply_facts(expr: sp.Basic, facts: Facts) -> sp.Basic:
    """``expr`` with the domain's facts applied, also to the inner sum of a sum over several indices.

    A fact may make another apply (``sum_i sum_j p_ij`` is ``sum_i r_i``, which is 1): a few rounds at most.
    """
    if not facts:
        return expr
    expr = split_density_integrals(apply_definitions(expr, facts), facts)
    facts = without_definitions(facts)
    mapping = {normalize_sums(old): new for old, new in facts}
    mapping.update(dict(facts))
    if not any(len(total.limits) > 1 for total in expr.atoms(sp.Sum)):
        return expr.xreplace(mapping)
    for _ in range(_FACT_ROUNDS):
        applied = expr.xreplace(mapping)
        applied = applied.replace(lambda e: isinstance(e, sp.Sum) and len(e.limits) > 1, partial(_peeled, mapping))
        if applied == expr:
            break
        expr = applied
    return expr


_FACT_ROUNDS = 4


def _peeled(mapping: dict[sp.Basic, sp.Basic], total: sp.Sum) -> sp.Basic:
    """``sum_i sum_j f`` as ``sum_i F`` when a fact says ``sum_j f = F`` (independent ranges only)."""
    if not _independent_ranges(total.limits):
        return total
    for limit in total.limits:
        inner = sp.Sum(total.function, limit)
        if inner in mapping:
            return sp.Sum(mapping[inner], *(other for other in total.limits if other is not limit))
    return total


def with_forms(expr: sp.Basic, forms: Facts) -> sp.Basic:
    """``expr`` with each bounded variable written in its positive form (see :meth:`.domain.Domain.positive_forms`).

    A form for a symbol replaces the symbol; a form for a vector (an ``IndexedBase``) is a ``Lambda``
    of the index and replaces every entry ``p[k]``.

    >>> p, w = sp.IndexedBase("p", positive=True), sp.IndexedBase("w", nonnegative=True)
    >>> k = sp.Symbol("k")
    >>> with_forms(p[k] * sp.log(p[k]), ((p, sp.Lambda(k, 1 / (1 + w[k]))),))
    log(1/(w[k] + 1))/(w[k] + 1)
    """
    symbols = {old: new for old, new in forms if not isinstance(old, sp.IndexedBase)}
    expr = expr.xreplace(symbols) if symbols else expr
    for base, form in forms:
        if isinstance(base, sp.IndexedBase):
            expr = expr.replace(
                lambda e, b=base: isinstance(e, sp.Indexed) and e.base == b, lambda e, f=form: f(*e.indices)
            )
    return expr


def interior(expr: sp.Basic) -> sp.Basic:
    """``xlogy(a, b) -> a log(b)``, ``xlog1py(a, b) -> a log1p(b)``: equal wherever ``a != 0``.

    That is inside the domain and near its edge. A term whose ``a`` is exactly zero (``0 log 0``
    written out unevaluated) is the convention's 0.
    """
    return expr.replace(lambda e: isinstance(e, (xlogy, xlog1py)), _plain_product)


def _plain_product(term: sp.Function) -> sp.Basic:
    a, b = term.args
    if a.is_zero:
        return sp.S.Zero
    return a * (sp.log(b) if isinstance(term, xlogy) else log1p(b))


def elementary(expr: sp.Basic) -> sp.Basic:
    """``log1p(x) -> log(1 + x)``, ``expm1(x) -> exp(x) - 1``: names for careful floating point, equal in exact terms.

    >>> x = sp.Symbol("x", positive=True)
    >>> elementary(log1p(x) + expm1(x))
    exp(x) + log(x + 1) - 1
    """
    expr = expr.replace(lambda e: isinstance(e, log1p), lambda e: sp.log(1 + e.args[0]))
    return expr.replace(lambda e: isinstance(e, expm1), lambda e: sp.exp(e.args[0]) - 1)


def normalize(expr: sp.Basic, facts: Facts) -> sp.Basic:
    """Unfold names, evaluate unevaluated objects, apply the domain's facts, split sums.

    The prover works in the interior of the domain (probabilities strictly positive), where
    the ``0 log 0`` convention never applies; limits towards the edge see only interior points.
    A named quantity that sets ``atomic_in_proofs`` (``w^T x``) stays folded: an opaque real value
    with its own derivative rule, so identities are proved in terms of it.
    """
    unfolded = split_density_integrals(apply_definitions(sp.sympify(_unfold_for_proof(expr)), facts), facts)
    expr = _sum_deltas(_evaluate(elementary(interior(unfolded))))
    expr = apply_facts(expr, facts)
    split = normalize_sums(expr)
    applied = apply_facts(split, facts)
    return applied if applied == split else normalize_sums(applied)  # a fact inside a sum: its index renamed


class _HeldSum(sp.Sum):
    """A sum of an unknown sequence (``x_i``) over a symbolic range: its terms are evaluated, the sum is not.

    No closed form exists for an arbitrary sequence; SymPy's search for one (telescoping,
    Gosper) can take seconds. Linearity is applied afterwards by :func:`normalize_sums`.
    """

    def doit(self, **hints: object) -> sp.Basic:
        return _HeldSum(self.function.doit(**hints), *self.limits)


def _is_unknown_sequence_sum(expr: sp.Basic) -> bool:
    if not isinstance(expr, sp.Sum) or expr.function.has(sp.KroneckerDelta):
        return False
    if any(len(limit) != 3 for limit in expr.limits):
        return False
    if all(low.is_Integer and high.is_Integer for _, low, high in expr.limits):
        return False
    indices = {limit[0] for limit in expr.limits}
    return any(indices & set(entry.indices) for entry in expr.function.atoms(sp.Indexed))


def _evaluate(expr: sp.Basic) -> sp.Basic:
    """``doit()``, holding sums of unknown sequences over symbolic ranges (see :class:`_HeldSum`).

    A limit of a quotient of analytic functions is taken from their Taylor coefficients first
    (:mod:`.analytic_limits`): exact, and much faster than SymPy's general algorithm.
    """
    held = expr.replace(_is_unknown_sequence_sum, lambda e: _HeldSum(e.function, *e.limits))
    return (
        with_analytic_limits(held)
        .doit()
        .replace(lambda e: isinstance(e, _HeldSum), lambda e: sp.Sum(e.function, *e.limits))
    )


def _unfold_for_proof(expr: sp.Basic) -> sp.Basic:
    return expr.replace(
        lambda e: isinstance(e, NamedQuantity) and not getattr(e, "atomic_in_proofs", False),
        lambda e: e.unfold(),
    )


def _sum_deltas(expr: sp.Basic) -> sp.Basic:
    """Evaluate sums over a Kronecker delta that a derivative produced (``sum_j delta_jk x_j = x_k``).

    Then, in a product with ``delta_jk``, the index ``k`` is written as ``j`` (the first in SymPy's
    order), so ``delta_jk p_k`` and ``delta_jk p_j`` become the same term.
    """
    expr = expr.replace(lambda e: isinstance(e, sp.Sum) and e.function.has(sp.KroneckerDelta), lambda e: e.doit())
    expr = expr.replace(lambda e: isinstance(e, sp.Sum) and e.function.has(sp.Piecewise), _within_range)
    return expr.replace(has_index_delta, canonical_delta)


def _within_range(total: sp.Sum) -> sp.Sum:
    """Inside ``sum_{i=a}^{b}``, the conditions ``a <= i`` and ``i <= b`` hold (a delta sum leaves them behind)."""
    summand = total.function
    for index, low, high in reversed(total.limits):
        inside = (sp.Le(index, high), sp.Ge(high, index), sp.Ge(index, low), sp.Le(low, index))
        summand = summand.xreplace({relation: sp.true for relation in inside})
    return sp.Sum(summand, *total.limits)


def _index_delta(term: sp.Basic) -> sp.KroneckerDelta | None:
    for factor in sp.Mul.make_args(term):
        if isinstance(factor, sp.KroneckerDelta) and all(isinstance(a, sp.Symbol) for a in factor.args):
            return factor
    return None


def has_index_delta(expr: sp.Basic) -> bool:
    return isinstance(expr, sp.Mul) and _index_delta(expr) is not None


def canonical_delta(term: sp.Mul) -> sp.Basic:
    delta = _index_delta(term)
    assert delta is not None
    first, second = sorted(delta.args, key=sp.default_sort_key)
    rest = sp.Mul(*(factor for factor in term.args if factor is not delta))
    bound = {v for inner in rest.atoms(sp.Sum, sp.Product, sp.Integral) for v in inner.variables}
    return term if first in bound else delta * rest.subs(second, first)  # never capture a bound index
