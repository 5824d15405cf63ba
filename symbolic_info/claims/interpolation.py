"""A claim on entries that take listed values, rewritten so that it can be proved on an interval.

Where every ``y_i`` is in a finite set such as ``{0, 1}``, any expression ``f(y_i)`` equals its
Lagrange interpolation ``sum_v f(v) L_v(y_i)`` at those values (for ``{0, 1}``:
``y_i f(1) + (1 - y_i) f(0)``), and a product of positive factors ``prod_i f(y_i)`` equals
``exp(sum_i sum_v L_v(y_i) log f(v))`` (whose logarithm is the real sum). The rewritten claim is
equal to the claim at the listed values and defined between them, so a proof of it on the interval
they span (:mod:`.proof` covers the closed interval) proves the claim.

>>> y, t = sp.IndexedBase("y", real=True), sp.IndexedBase("t", real=True)
>>> i, n = sp.symbols("i n", integer=True, positive=True)
>>> interpolated(sp.Sum(t[i]**y[i], (i, 1, n)), y, (sp.S.Zero, sp.S.One))
Sum(t[i]*y[i] - y[i] + 1, (i, 1, n))
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import sympy as sp

__all__ = ["interpolated", "lagrange_basis"]


def lagrange_basis(entry: sp.Expr, values: Sequence[sp.Expr], value: sp.Expr) -> sp.Expr:
    """The polynomial in ``entry`` that is 1 at ``value`` and 0 at the other ``values``."""
    factors = [(entry - other) / (value - other) for other in values if other != value]
    return sp.Mul(*factors)


def _interpolate(expr: sp.Expr, entry: sp.Expr, values: Sequence[sp.Expr]) -> sp.Expr | None:
    """``sum_v expr(entry = v) L_v(entry)``, or None where ``expr`` is undefined at a value."""
    terms = []
    for value in values:
        at_value = expr.xreplace({entry: value})
        if at_value.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
            return None
        terms.append(lagrange_basis(entry, values, value) * at_value)
    return sp.Add(*terms)


def _of_own_index(total: sp.Basic, base: sp.IndexedBase) -> sp.Expr | None:
    """The entry ``base[i]`` of a one-index sum or product over ``i``, when its term uses it."""
    if len(total.limits) != 1:
        return None
    index = total.limits[0][0]
    inner = total.function.atoms(sp.Sum, sp.Product)
    if any(limit[0] == index for nested in inner for limit in nested.limits):  # the index bound again inside
        return None
    entry = base[index]
    return entry if total.function.has(entry) else None


def interpolated(
    expr: sp.Expr,
    base: sp.IndexedBase,
    values: Sequence[sp.Expr],
    positive: Callable[[sp.Expr], bool] = lambda e: e.is_positive is True,
) -> sp.Expr | None:
    """``expr`` with every entry of ``base`` interpolated at ``values`` (equal wherever the entries are values).

    A sum's or product's term is interpolated in the entry of its own index, innermost first; a
    product only when ``positive`` proves each factor at a value positive. Entries with a free index
    are interpolated in the whole expression. None where a value makes a term undefined.
    """
    failed = False

    def rewrite(total: sp.Basic) -> sp.Basic:
        nonlocal failed
        entry = _of_own_index(total, base)
        if entry is None:
            return total
        if isinstance(total, sp.Sum):
            term = _interpolate(total.function, entry, values)
            if term is None:
                failed = True
                return total
            return sp.Sum(term, *total.limits)
        factors = [total.function.xreplace({entry: value}) for value in values]
        if not all(positive(factor) for factor in factors):
            return total
        logs = sp.Add(*(lagrange_basis(entry, values, v) * sp.log(f) for v, f in zip(values, factors, strict=True)))
        exponential = sp.exp(sp.Sum(logs, *total.limits))
        real_exponents.add(exponential)
        return exponential

    real_exponents: set[sp.Basic] = set()
    result = expr.replace(lambda e: isinstance(e, (sp.Sum, sp.Product)), rewrite)
    if failed:
        return None
    result = result.replace(  # log(exp(s)) = s for the real s of a product of positive factors
        lambda e: isinstance(e, sp.log) and e.args[0] in real_exponents, lambda e: e.args[0].args[0]
    )
    bound = {limit[0] for total in result.atoms(sp.Sum, sp.Product) for limit in total.limits}
    for entry in sorted(result.atoms(sp.Indexed), key=sp.default_sort_key):
        if entry.base == base and not (set(entry.indices) & bound):
            interpolated_entry = _interpolate(result, entry, values)
            if interpolated_entry is None:
                return None
            result = interpolated_entry
    return result
