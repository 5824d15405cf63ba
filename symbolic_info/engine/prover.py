"""Symbolic proofs: show that an expression is zero, or nonnegative, on the domain.

Each strategy is a rewriting (:mod:`.rewritings`); a proof succeeds when one rewriting yields ``0`` (or an
expression SymPy's assumptions know to be nonnegative). Expressions are first brought to the
normal form of :mod:`.normalization` (names unfolded, sums split, the domain's facts applied).
The caller bounds the time (:mod:`.bounded`).

>>> import sympy as sp
>>> x = sp.Symbol("x", positive=True)
>>> str(prove_zero(sp.log(x**2) - 2 * sp.log(x), facts=()))
'expand'
>>> prove_sign(x**2 + 1 / x, facts=(), strict=True)
Proof(strategy=<Strategy.ASSUMPTIONS: 'assumptions'>, on_interval=False)
>>> prove_zero(sp.log(x) - x + 1, facts=()) is None
True
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import partial

import sympy as sp

from ..formulas.named import unfold
from .density_integrals import without_definitions
from .intervals import covering
from .normalization import (
    Facts,
    interior,
    normalize,
    with_forms,
)
from .rewritings import QUICK, SPEEDS, Proof, Strategy, merge_sums, rewritings, rewritten, termwise

__all__ = ["QUICK", "Facts", "Proof", "Strategy", "normalize", "prove_sign", "prove_zero"]


def _sums_of_integrals(expr: sp.Basic) -> bool:
    return any(total.function.has(sp.Integral) for total in expr.atoms(sp.Sum))


def _integrals_cancel(expr: sp.Basic, facts: Facts) -> bool:
    """``sum_k c_k int f_k = 0`` (one interval) because ``sum_k c_k f_k = 0`` pointwise: linearity of the integral.

    Two integrals ``int f - int g`` need only ``f = g``. With more, every integral but the
    largest must evaluate to a finite value; the last one then converges too, and linearity holds.
    """
    groups: dict[tuple[sp.Basic, ...], list[tuple[sp.Basic, sp.Integral]]] = {}
    rest = []
    for term in sp.Add.make_args(expr):
        factors = sp.Mul.make_args(term)
        integrals = [factor for factor in factors if isinstance(factor, sp.Integral)]
        if len(integrals) == 1 and len(integrals[0].limits) == 1 and len(integrals[0].limits[0]) == 3:
            (integral,) = integrals
            coefficient = sp.Mul(*(factor for factor in factors if factor is not integral))
            if integral.limits[0][0] not in coefficient.free_symbols:
                groups.setdefault(integral.limits[0], []).append((coefficient, integral))
                continue
        rest.append(term)
    if not groups or any(len(items) < 2 for items in groups.values()) or sp.expand(sp.Add(*rest)) != 0:
        return False
    for (variable, low, high), items in groups.items():
        integrand = sp.Add(*(coefficient * integral.function for coefficient, integral in items))
        covering = _covering(low, high, facts)  # the variable's own assumptions may be wider or narrower
        if not covering or any(not _zero_at(integrand.xreplace({variable: point}), facts) for point in covering):
            return False
        if len(items) == 2 and sp.expand(items[0][0] + items[1][0]) == 0:
            continue  # the same integral written twice
        largest = max(items, key=lambda item: (len(item[1].free_symbols), sp.count_ops(item[1].function)))
        for _, integral in items:
            if integral is not largest[1]:
                value = integral.doit()
                if value.has(sp.Integral) or value.is_finite is not True:
                    return False
    return True


def _zero_at(integrand: sp.Basic, facts: Facts) -> bool:
    """An integrand proved 0 at a point: first with the defined functions unknown (an identity for any of
    their values, so also for theirs: ``phi`` stays ``phi``, not its formula), then with their formulas."""
    unknown = without_definitions(facts)
    return prove_zero(integrand, unknown) is not None or (unknown != facts and prove_zero(integrand, facts) is not None)


def _entries(expr: sp.Basic) -> Iterable[sp.Basic]:
    return list(expr) if isinstance(expr, sp.MatrixBase) else [expr]


def prove_zero(expr: sp.Basic, facts: Facts, positive_forms: Facts = (), *, quick: bool = False) -> Proof | None:
    """A rewriting that turns ``expr`` (or every matrix entry) into 0, else None.

    As in :func:`prove_sign`, bounded variables are rewritten with positive symbols when the
    plain rewritings fail (``log((1 - p)^a) = a log(1 - p)`` needs ``1 - p > 0``).
    """
    methods: list[Proof] = []
    for entry in _entries(expr):
        raw = interior(sp.sympify(unfold(entry)))
        exponents = _equal_exponents(raw)
        if exponents is not None and all(prove_zero(part, facts, quick=quick) is not None for part in exponents):
            methods.append(Proof(Strategy.EXPONENTS))
            continue
        if _sums_of_integrals(raw):
            merged = merge_sums(raw)
            if merged is not None and normalize(merged, facts) == 0:
                methods.append(Proof(Strategy.TERMWISE))
                continue
        if raw.has(sp.Integral) and _integrals_cancel(raw, facts):
            methods.append(Proof(Strategy.INTEGRAL_LINEARITY))
            continue
        plain = normalize(entry, facts)
        attempts = [(False, plain)]
        if positive_forms and not _binds_any(entry, positive_forms):
            with_interval = rewritten(partial(_normalized_with_forms, plain, positive_forms, facts))
            if with_interval is not None:
                attempts.append((True, with_interval))
        found = next(
            (
                Proof(strategy, on_interval)
                for speed in SPEEDS[: 1 if quick else 2]
                for on_interval, candidate in attempts
                if (strategy := _zero_by_rewriting(candidate, facts, speed)) is not None
            ),
            None,
        )
        if found is None:
            return None
        methods.append(found)
    return max(methods, key=Proof.cost) if methods else Proof(Strategy.DIRECT)


def _equal_exponents(expr: sp.Basic) -> tuple[sp.Basic, sp.Basic] | None:
    """For ``expr = c e^x - d e^y``: ``(c - d, x - y)``; both zero makes ``expr`` zero. Else None."""
    terms = sp.Add.make_args(expr)
    if len(terms) != 2:
        return None
    parts = []
    for term in (terms[0], -terms[1]):
        factors = sp.Mul.make_args(sp.powsimp(term, combine="exp"))
        powers = [factor for factor in factors if isinstance(factor, sp.exp)]
        if not powers:
            return None
        rest = sp.Mul(*(factor for factor in factors if not isinstance(factor, sp.exp)))
        parts.append((rest, sp.Add(*(power.exp for power in powers))))
    (c, x), (d, y) = parts
    return c - d, x - y


def _binds_any(expr: sp.Basic, forms: Facts) -> bool:
    """Whether a limit, sum or integral in ``expr`` binds one of the variables to be rewritten."""
    symbols = {symbol for symbol, _ in forms}
    bound = {e.args[1] for e in expr.atoms(sp.Limit)}
    bound.update(v for e in expr.atoms(sp.Derivative) for v in e.variables)
    bound.update(v for e in expr.atoms(sp.Sum, sp.Product, sp.Integral) for v in e.variables)
    return bool(symbols & bound)


def _normalized_with_forms(expr: sp.Basic, forms: Facts, facts: Facts) -> sp.Basic:
    return normalize(with_forms(expr, forms), facts)


def _zero_by_rewriting(entry: sp.Basic, facts: Facts, speed: str = "quick") -> Strategy | None:
    for name, rewrite in rewritings(entry, facts):
        if (name in QUICK) != (speed == "quick"):
            continue
        candidate = rewritten(rewrite)
        if candidate is None:
            continue
        if candidate == 0 or getattr(candidate, "is_zero", None) is True:
            return name
    return None


def prove_sign(
    expr: sp.Basic, facts: Facts, strict: bool = False, positive_forms: Facts = (), *, quick: bool = False
) -> Proof | None:
    """A rewriting after which SymPy knows ``expr >= 0`` (``> 0`` if strict), else None.

    When plain rewritings fail and the domain bounds some variables, they are rewritten
    with positive symbols (``positive_forms``, see :meth:`Domain.positive_forms`) and tried again.
    """
    raw = interior(sp.sympify(unfold(expr)))
    structured = raw.has(sp.Integral) or isinstance(raw, sp.Sum)
    structured = structured or (isinstance(raw, sp.Mul) and any(isinstance(factor, sp.Sum) for factor in raw.args))
    structured = structured or (raw.has(sp.exp) and _has_exp_minus_one(sp.factor_terms(raw)))
    structured = structured or (raw.has(sp.Sum) and _one_minus_exp(raw) is not None)  # 1 - e^(sum)
    if structured and _sign_by_structure(raw, facts, strict, positive_forms, quick):
        return Proof(Strategy.POSITIVE_PARTS if strict else Strategy.NONNEGATIVE_PARTS)
    compared = _logarithms_compared(raw, facts, positive_forms)
    if compared is not None and prove_sign(compared, facts, strict, positive_forms, quick=quick) is not None:
        return Proof(Strategy.LOGARITHMS_COMPARED)
    entry = normalize(expr, facts)
    for spread in _spread_over_a_simplex(entry, facts):
        if _sign_by_structure(spread, facts, strict, positive_forms, quick):
            return Proof(Strategy.SIMPLEX_TERMWISE)
    spread_count = _spread_over_the_count(entry)
    if spread_count is not None and _sign_by_structure(spread_count, facts, strict, positive_forms, quick):
        return Proof(Strategy.COUNT_TERMWISE)
    attempts = [(False, entry)]
    if positive_forms:
        attempts.append((True, with_forms(entry, positive_forms)))
    for speed in SPEEDS[: 1 if quick else 2]:  # every quick rewriting, with and without the forms, comes first
        for on_interval, candidate_expr in attempts:
            for strategy, rewrite in rewritings(candidate_expr, facts):
                if (strategy in QUICK) != (speed == "quick"):
                    continue
                candidate = rewritten(rewrite)
                if candidate is None:
                    continue
                if on_interval:  # SymPy's sign rules for sums see symbols only
                    candidate = _entries_as_symbols(candidate)
                known = candidate.is_positive if strict else candidate.is_nonnegative
                if known is True:
                    return Proof(Strategy.ASSUMPTIONS if strategy is Strategy.DIRECT else strategy, on_interval)
    return None


def _entries_as_symbols(expr: sp.Basic) -> sp.Basic:
    """``expr`` with each entry ``u[k]`` a symbol of the same assumptions, outside sums, products and integrals.

    Each distinct entry becomes its own symbol, so a sign SymPy knows there holds for every value of the
    entries (``1 - 1/(u_k + 1) > 0`` is known for a symbol, not for an entry). Inside a sum an entry of
    the summation index is many values: such expressions are left as they are.
    """
    if not expr.has(sp.Indexed) or expr.has(sp.Sum, sp.Product, sp.Integral, sp.Lambda):
        return expr
    entries = sorted(expr.atoms(sp.Indexed), key=sp.default_sort_key)
    return expr.xreplace({entry: sp.Dummy(str(entry.base), **entry.assumptions0) for entry in entries})


def _spread_over_a_simplex(expr: sp.Basic, facts: Facts) -> Iterator[sp.Basic]:
    """``c + sum_i f(p_i)`` as one sum, using ``sum_i p_i = 1``: with the weights ``c p_i``, then at a tangent line.

    The constant ``c`` (free of the index) is spread as ``sum_i c p_i``: ``1 - sum_i p_i^2`` becomes
    ``sum_i p_i (1 - p_i)``, whose terms have a sign. Or as ``sum_i c/n``, with ``sum_i l (p_i - 1/n)``
    added (it is 0 for any ``l``), ``l = f'(1/n)`` the slope at the uniform point: ``sum_i p_i^2 - 1/n``
    becomes ``sum_i (p_i - 1/n)^2``. Both are the same expression; yields nothing when neither applies.
    """
    terms = sp.Add.make_args(expr)
    constant = sp.Add(*(term for term in terms if not term.has(sp.Sum)))
    rest = sp.Add(*(term for term in terms if term.has(sp.Sum)))
    if constant == 0 or rest == 0 or constant.has(sp.Indexed):
        return
    for total, value in facts:
        if not (isinstance(total, sp.Sum) and value == 1 and len(total.limits) == 1):
            continue
        index = total.limits[0][0]
        if index in constant.free_symbols:
            continue
        merged = termwise(rest + sp.Mul(constant, total, evaluate=False))
        if isinstance(merged, sp.Sum):
            yield merged
        tangent = _tangent_spread(rest, constant, total)
        if tangent is not None:
            yield tangent


def _spread_over_the_count(expr: sp.Basic) -> sp.Basic | None:
    """``c m + sum_i f_i`` as ``sum_i (c + f_i)``, ``m`` the number of terms of the sum (``n - sum_i t_i``); or None.

    The constant part (free of the index) is spread evenly over the terms, so that a sum whose every term
    has a sign shows it: ``n - sum_i t_i = sum_i (1 - t_i)``.
    """
    terms = sp.Add.make_args(expr)
    constant = sp.Add(*(term for term in terms if not term.has(sp.Sum)))
    sums = [term.as_independent(sp.Sum, as_Add=False)[1] for term in terms if term.has(sp.Sum)]
    if constant == 0 or not sums or constant.has(sp.Indexed) or not isinstance(sums[0], sp.Sum):
        return None
    if len(sums[0].limits) != 1:
        return None
    ((index, low, high),) = sums[0].limits
    count = high - low + 1
    share = sp.cancel(constant / count)
    if count.is_positive is not True or index in share.free_symbols:
        return None
    rest = sp.Add(*(term for term in terms if term.has(sp.Sum)))
    merged = termwise(rest + sp.Sum(share, (index, low, high)))
    return merged if isinstance(merged, sp.Sum) else None


def _tangent_spread(rest: sp.Basic, constant: sp.Basic, total: sp.Sum) -> sp.Basic | None:
    """``sum_i (f(p_i) + c/m - f'(1/m) (p_i - 1/m))`` for ``rest + c = sum_i f(p_i) + c``, ``m`` terms; or None."""
    ((index, low, high),) = total.limits
    count = high - low + 1
    if count.is_positive is not True:
        return None
    summed = termwise(rest)
    if not isinstance(summed, sp.Sum) or len(summed.limits) != 1 or tuple(summed.limits[0][1:]) != (low, high):
        return None
    ((own, _, _),) = summed.limits
    entry = total.function.xreplace({index: own})
    point = sp.Dummy("t", positive=True)
    alone = summed.function.xreplace({entry: point})
    if own in alone.free_symbols or alone.has(sp.Indexed):  # the terms depend on more than the entry p_i
        return None
    slope = sp.diff(alone, point).xreplace({point: 1 / count})
    if not slope.is_finite:
        return None
    term = alone + constant / count - slope * (point - 1 / count)  # 0 with a 0 slope at the uniform point
    if term.is_rational_function(point):
        term = sp.factor(sp.together(term))  # a double root at 1/m shows as a square
    return sp.Sum(term.xreplace({point: entry}), (own, low, high))


def _sign_by_structure(expr: sp.Basic, facts: Facts, strict: bool, positive_forms: Facts, quick: bool = False) -> bool:
    """``expr >= 0`` (``> 0``) because it is built from such parts: products, sums, ``Sum`` and ``Integral``.

    A ``Sum`` over a range that is not reversed is nonnegative when its summand is; an
    ``Integral`` over an interval of positive length is, when its integrand is on the open
    interval (the integration variable is rewritten with a positive symbol covering it).
    Each part without such structure goes to :func:`prove_sign`.
    """
    exponent = _exp_minus_one(expr)
    if exponent is not None:  # e^a - 1 >= 0 (> 0) exactly when a >= 0 (> 0): exp is increasing, e^0 = 1
        return _sign_by_structure(exponent, facts, strict, positive_forms, quick)
    negated = _one_minus_exp(expr)
    if negated is not None and _sign_by_structure(negated, facts, strict, positive_forms, quick):
        return True
    coefficient, rest = expr.as_coeff_Mul()
    sums = [factor for factor in sp.Mul.make_args(rest) if isinstance(factor, sp.Sum)]
    if coefficient.is_negative and len(sums) == 1:  # -a sum_i f_i = a sum_i -f_i
        (total,) = sums
        inside = sp.Sum(coefficient * total.function, *total.limits)
        others = [factor for factor in sp.Mul.make_args(rest) if factor is not total]
        return _sign_by_structure(sp.Mul(inside, *others), facts, strict, positive_forms, quick)
    if isinstance(expr, (sp.Mul, sp.Add)):
        if all(_sign_by_structure(part, facts, strict, positive_forms, quick) for part in expr.args):
            return True
        if isinstance(expr, sp.Add) and _has_exp_minus_one(sp.factor_terms(expr)):  # c e^a - c = c (e^a - 1)
            return _sign_by_structure(sp.factor_terms(expr), facts, strict, positive_forms, quick)
        if expr.has(sp.Sum, sp.Integral) or _has_exp_minus_one(expr):
            return False
        return prove_sign(expr, facts, strict=strict, positive_forms=positive_forms, quick=quick) is not None
    if isinstance(expr, sp.Sum) and all(len(limit) == 3 for limit in expr.limits):
        summand = expr.function
        for index, low, high in reversed(expr.limits):  # outermost first: inner bounds may use outer indices
            if prove_sign(high - low + 1, facts, strict=strict) is None:
                return False
            offset = sp.Dummy("k", integer=True, nonnegative=True)  # the index runs over low, low + 1, ...
            summand = summand.xreplace({index: low + offset})
        return _sign_by_structure(summand, facts, strict, positive_forms, quick)
    if isinstance(expr, sp.Integral) and len(expr.limits) == 1 and len(expr.limits[0]) == 3:
        ((variable, low, high),) = expr.limits
        covering = _covering(low, high, facts)
        return bool(covering) and all(
            _sign_by_structure(expr.function.xreplace({variable: point}), facts, strict, positive_forms, quick)
            for point in covering
        )
    if isinstance(expr, (sp.Sum, sp.Integral)):
        return False
    return prove_sign(expr, facts, strict=strict, positive_forms=positive_forms, quick=quick) is not None


def _exp_minus_one(expr: sp.Basic) -> sp.Basic | None:
    """``a`` for ``expr = e^a - 1``, else None (a sign proof of ``a`` shows that it is real, too)."""
    if not isinstance(expr, sp.Add) or len(expr.args) != 2 or sp.S.NegativeOne not in expr.args:
        return None
    (power,) = (arg for arg in expr.args if arg is not sp.S.NegativeOne)
    return power.exp if isinstance(power, sp.exp) else None


def _logarithms_compared(expr: sp.Basic, facts: Facts, positive_forms: Facts) -> sp.Basic | None:
    """``a - b e^{-r}`` for ``expr = log(a) - log(b) + r``: the same sign, as the logarithm increases.

    One logarithm may be missing (``log(a) + r``: ``a - e^{-r}``); ``r`` is real and free of logarithms, and
    ``a``, ``b`` are proved positive first. None for any other expression.
    """
    if not isinstance(expr, (sp.Add, sp.log, sp.Mul)) or not expr.has(sp.Sum):
        return None
    terms = sp.Add.make_args(expr)
    above = [term for term in terms if isinstance(term, sp.log)]
    below = [-term for term in terms if isinstance(-term, sp.log) and not isinstance(term, sp.log)]
    rest = expr - sp.Add(*above) + sp.Add(*below)
    if len(above) > 1 or len(below) > 1 or not (above or below) or rest.has(sp.log) or rest.is_real is not True:
        return None
    larger = above[0].args[0] if above else sp.S.One
    smaller = (below[0].args[0] if below else sp.S.One) * sp.exp(-rest)
    for argument in (larger, smaller):
        if prove_sign(argument, facts, strict=True, positive_forms=positive_forms, quick=True) is None:
            return None
    return larger - smaller


def _one_minus_exp(expr: sp.Basic) -> sp.Basic | None:
    """``-a`` for ``expr = 1 - e^a`` (the same sign: ``e^a <= 1`` exactly when ``a <= 0``), else None."""
    if not isinstance(expr, sp.Add) or len(expr.args) != 2 or sp.S.One not in expr.args:
        return None
    (negated,) = (arg for arg in expr.args if arg is not sp.S.One)
    return -(-negated).exp if isinstance(-negated, sp.exp) else None


def _has_exp_minus_one(expr: sp.Basic) -> bool:
    return bool(expr.find(lambda e: _exp_minus_one(e) is not None))


def _covering(low: sp.Basic, high: sp.Basic, facts: Facts) -> list[sp.Expr]:
    """Expressions in a positive symbol that together cover the open interval ``(low, high)``; [] if unsure."""
    known = all(end.is_finite or end in (sp.S.Infinity, sp.S.NegativeInfinity) for end in (low, high))
    if not known or low is sp.S.Infinity or high is sp.S.NegativeInfinity:
        return []
    if low.is_finite and high.is_finite and prove_sign(high - low, facts, strict=True) is None:
        return []
    return covering(low, high, sp.Dummy("w", positive=True))
