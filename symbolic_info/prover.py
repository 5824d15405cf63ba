"""Symbolic proof strategies: show that an expression is zero, or nonnegative, on the domain.

Each strategy is a rewriting; a proof succeeds when one rewriting yields ``0`` (or an
expression SymPy's assumptions know to be nonnegative). Before the strategies run, named
quantities are unfolded, unevaluated objects evaluated, and the domain's facts applied
(``sum_i p_i = 1``, ``1 <= k <= n``). The caller bounds the time (:mod:`.bounded`).

>>> import sympy as sp
>>> x = sp.Symbol("x", positive=True)
>>> prove_zero(sp.log(x**2) - 2 * sp.log(x), facts=())
'expand'
>>> prove_sign(x**2 + 1 / x, facts=(), strict=True)
'assumptions'
>>> prove_zero(sp.log(x) - x + 1, facts=()) is None
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

import sympy as sp

from .functions import xlogy
from .named import unfold

__all__ = ["Facts", "interior", "normalize", "normalize_sums", "prove_sign", "prove_zero"]

Facts = tuple[tuple[sp.Basic, sp.Basic], ...]
_CANONICAL_INDEX = sp.Symbol("i", integer=True, positive=True)


def _split_sum(total: sp.Sum) -> sp.Expr:
    """``Sum(c*f + g)`` -> ``c*Sum(f) + Sum(g)`` with the index renamed canonically."""
    if len(total.limits) != 1:
        return total
    ((index, low, high),) = total.limits
    summand = total.function
    if index != _CANONICAL_INDEX and _CANONICAL_INDEX not in summand.free_symbols:
        summand = summand.xreplace({index: _CANONICAL_INDEX})
        index = _CANONICAL_INDEX
    terms = []
    for term in sp.Add.make_args(sp.expand(sp.expand_log(summand, force=False))):
        constant, dependent = term.as_independent(index, as_Add=False)
        terms.append(constant * (high - low + 1 if dependent == 1 else sp.Sum(dependent, (index, low, high))))
    return sp.Add(*terms)


def normalize_sums(expr: sp.Basic) -> sp.Basic:
    """Split sums over their terms and pull index-free factors out, renaming indices canonically."""
    return expr.replace(lambda e: isinstance(e, sp.Sum), _split_sum)


def _apply_facts(expr: sp.Basic, facts: Facts) -> sp.Basic:
    if not facts:
        return expr
    mapping = {normalize_sums(old): new for old, new in facts}
    mapping.update(dict(facts))
    return expr.xreplace(mapping)


def interior(expr: sp.Basic) -> sp.Basic:
    """``xlogy(a, b) -> a*log(b)``: equal wherever ``a != 0``, i.e. inside the domain and near its edge."""
    return expr.replace(lambda e: isinstance(e, xlogy), lambda e: e.args[0] * sp.log(e.args[1]))


def normalize(expr: sp.Basic, facts: Facts) -> sp.Basic:
    """Unfold names, evaluate unevaluated objects, apply the domain's facts, split sums.

    The prover works in the interior of the domain (probabilities strictly positive), where
    the ``0 log 0`` convention never applies; limits towards the edge see only interior points.
    """
    expr = _apply_facts(interior(sp.sympify(unfold(expr))).doit(), facts)
    return _apply_facts(normalize_sums(expr), facts)


def _rewritings(expr: sp.Basic, facts: Facts) -> Iterator[tuple[str, Callable[[], sp.Basic]]]:
    """Named rewritings, cheapest first."""
    yield "direct", lambda: expr
    yield "expand", lambda: sp.expand(expr)
    yield "expand_log", lambda: _apply_facts(normalize_sums(sp.expand(sp.expand_log(expr, force=False))), facts)
    yield "cancel", lambda: sp.cancel(sp.together(expr))
    yield "simplify", lambda: sp.simplify(expr)
    yield (
        "simplify(expand_log)",
        lambda: sp.simplify(_apply_facts(normalize_sums(sp.expand_log(sp.simplify(expr), force=False)), facts)),
    )
    yield "logcombine", lambda: sp.simplify(sp.logcombine(expr))
    yield "factor", lambda: sp.factor(sp.together(expr))


def _entries(expr: sp.Basic) -> Iterable[sp.Basic]:
    return list(expr) if isinstance(expr, sp.MatrixBase) else [expr]


def prove_zero(expr: sp.Basic, facts: Facts) -> str | None:
    """The name of a rewriting that turns ``expr`` (or every matrix entry) into 0, else None."""
    methods = []
    for entry in _entries(expr):
        entry = normalize(entry, facts)
        for name, rewrite in _rewritings(entry, facts):
            candidate = rewrite()
            if candidate == 0 or getattr(candidate, "is_zero", None) is True:
                methods.append(name)
                break
        else:
            return None
    return max(methods, key=_strategy_rank) if methods else "direct"


def prove_sign(expr: sp.Basic, facts: Facts, strict: bool = False, positive_forms: Facts = ()) -> str | None:
    """The name of a rewriting after which SymPy knows ``expr >= 0`` (``> 0`` if strict), else None.

    When plain rewritings fail and the domain bounds some variables, they are rewritten
    with positive symbols (``positive_forms``, see :meth:`Domain.positive_forms`) and tried again.
    """
    entry = normalize(expr, facts)
    attempts = [("", entry)]
    if positive_forms:
        attempts.append((" on the interval", entry.xreplace(dict(positive_forms))))
    for suffix, candidate_expr in attempts:
        for name, rewrite in _rewritings(candidate_expr, facts):
            candidate = rewrite()
            known = candidate.is_positive if strict else candidate.is_nonnegative
            if known is True:
                return ("assumptions" if name == "direct" else name) + suffix
    return None


def _strategy_rank(name: str) -> int:
    order = ["direct", "expand", "expand_log", "cancel", "simplify", "simplify(expand_log)"]
    return order.index(name) if name in order else len(order)
