"""Definitions written out term by term at given values, for display: ``-(1 log 1 + 0 log 0 + 0 log 0)``.

A derivation about a concrete distribution should show the definition with the numbers
put in, before anything is simplified, so that the reader sees where ``0 log 0`` appears.
The expression comes from :mod:`symbolic_info.formulas.definitions` (the single source of truth);
only the substitution is left unevaluated.

>>> import sympy as sp
>>> from symbolic_info.formulas.definitions import entropy
>>> from symbolic_info.formulas.printer import to_latex
>>> from symbolic_info.formulas.vectors import Categories, Vector
>>> p = Vector("p", Categories.explicit(3), positive=False)
>>> one_hot = written_out(entropy(p), {p[1]: 1, p[2]: 0, p[3]: 0})
>>> to_latex(one_hot)
'- 1 \\\\log 1 - 0 \\\\log 0 - 0 \\\\log 0'
>>> sp.simplify(one_hot.doit())
0
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import sympy as sp

from ..engine.chain import Chain, Relation, relation_of
from ..formulas.special import xlogy

__all__ = ["stated", "written_out"]


def written_out(expression: sp.Expr, values: Mapping[sp.Basic, object]) -> sp.Expr:
    """``expression`` (over explicit categories) with ``values`` put into every ``x log y`` term, unevaluated.

    The entries whose values are given must be declared without a sign (``Vector(..., positive=False)``)
    so that the definition keeps its ``xlogy`` terms.
    """
    exact = {symbol: sp.sympify(value) for symbol, value in values.items()}
    expanded = sp.sympify(expression).doit()
    mapping = {
        term: xlogy(*(argument.xreplace(exact) for argument in term.args), evaluate=False)
        for term in expanded.atoms(xlogy)
    }
    with sp.evaluate(False):
        return expanded.xreplace(mapping)


def stated(left: object, relation: str, right: object) -> sp.Basic:
    """The theorem ``left relation right``, left unevaluated (SymPy must not decide it): a derivation's claim.

    >>> stated(sp.Symbol("x", positive=True), ">", 0)
    x > 0
    """
    return relation_of(sp.sympify(left), Relation(relation), sp.sympify(right))


def concluded(chains: Iterable[Chain]) -> tuple[sp.Basic, ...]:
    """The theorem of each chain that relates two different lines, its first and its last (``Chain.conclusion``).

    >>> x = sp.Symbol("x", positive=True)
    >>> concluded([Chain.start(sp.log(x**2)).equals(2 * sp.log(x), "a power")])
    (Eq(log(x**2), 2*log(x)),)
    """
    stated_relations = []
    for chain in chains:
        conclusion = chain.conclusion()
        if conclusion is not None and conclusion[0] != conclusion[2]:  # a rewriting shown two ways states nothing
            first, relation, last = conclusion
            stated_relations.append(stated(first, relation.value, last))
    return tuple(stated_relations)
