"""Try to prove a translated claim symbolically with the engine's prover, for a general ``n``.

Each relation becomes one obligation for :mod:`symbolic_info.engine.prover`: ``a = b`` is
``a - b = 0``, ``a <= b`` is ``b - a >= 0``, ``a ~= b`` is ``tol - |a - b| >= 0``. The
prover gets the domain's facts (``sum_i p_i = 1`` for every vector, ``1 <= k <= n``). Open
intervals from the conditions reparametrise their variable by a positive symbol (``n`` too,
as ``m + 2`` with ``m >= 0``) for sign proofs, and for identities the direct attempt cannot
prove. Conditions that are not intervals are left out: a proof without them is a proof
with them. A real vector whose entries are bounded (``0 < t[i] < 1``) gets the positive form of
its interval for every entry; one whose entries take listed values (``y[i] in {0, 1}``) is first
interpolated at them (:mod:`.interpolation`) and then proved on the closed interval they span. A
closed interval is covered by two half-open ones, each written with a nonnegative symbol
(``y_k = 1/(1 + w_k)`` for ``(0, 1]``, ``1 - 1/(1 + w_k)`` for ``[0, 1)``), and the claim is proved on
each (with several such vectors, on every combination). The
caller bounds the time (:mod:`symbolic_info.engine.bounded`). The largest entry of a real vector,
``max(z)``, is proved about as a free bound over the entries (:mod:`.extreme_bounds`).

>>> from symbolic_info.claims.syntax import parse_claim
>>> from symbolic_info.claims.translate import translate
>>> prove(translate(parse_claim("KL(p, q) = H(p, q) - H(p)"))) is not None
True
>>> prove(translate(parse_claim("KL(p, q) >= 0")))
'by gibbs-inequality, then direct'
>>> prove(translate(parse_claim("x**2 > 0"))) is None  # false at x = 0
True
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import sympy as sp

from ..engine.domain import CategoryIndex, Declaration, Domain, OnSimplex, RealVector
from ..engine.normalization import Facts
from ..engine.obligations import Obligation, Relation, prove_all
from ..engine.prover import prove_sign
from ..formulas.vectors import Categories, Vector
from .by_lemma import prove_by_lemma
from .claim import EntryDomain
from .entrywise import entry_coverings
from .extreme_bounds import as_bounds
from .interpolation import interpolated
from .jensen import prove_by_jensen
from .translate import Claim, Comparison

__all__ = ["prove"]


def _domain(claim: Claim) -> tuple[Facts, Facts]:
    variables = claim.variables
    declarations: list[Declaration] = []
    forms: list[tuple[sp.Basic, sp.Basic]] = []
    if variables.n is not None:
        categories = Categories.general()
        declarations += [OnSimplex(Vector(str(base.label), categories)) for base in variables.vectors]
        declarations += [
            RealVector(Vector(str(base.label), categories, positive=False)) for base in variables.real_vectors
        ]
        declarations += [CategoryIndex(index, variables.n) for index in variables.indices]
        forms.append((variables.n, sp.Dummy("m", integer=True, nonnegative=True) + 2))
        forms.extend(Domain.of(*declarations).positive_forms())  # vector entries in (0, 1]
    for scalar in variables.scalars:
        form = scalar.positive_form()
        if form is not None:
            forms.append((scalar.symbol, form))
    return Domain.of(*declarations).facts(), tuple(forms)


def _with_sides(claim: Claim, rewrite: Callable[[list[sp.Expr]], list[sp.Expr]]) -> Claim:
    """The claim with both sides of each relation rewritten together (``rewrite([left, right])``)."""
    relations = []
    for relation in claim.relations:
        left, right = rewrite([relation.left, relation.right])
        relations.append(Comparison(left, relation.relation, right))
    return replace(claim, relations=tuple(relations))


def _interpolated(
    claim: Claim, sets: list[tuple[sp.IndexedBase, EntryDomain]], facts: Facts, coverings: list[Facts]
) -> Claim:
    """The claim with the entries of ``sets`` interpolated at their values (equal wherever they take them)."""

    def positive(factor: sp.Expr) -> bool:  # on every part of the domain
        return all(prove_sign(factor, facts, strict=True, positive_forms=forms, quick=True) for forms in coverings)

    def rewrite(sides: list[sp.Expr]) -> list[sp.Expr]:
        for base, domain in sets:
            sides = [interpolated(side, base, domain.values, positive) or side for side in sides]
        return sides

    return _with_sides(claim, rewrite)


def _obligation(relation: Comparison, claim: Claim) -> Obligation:
    if relation.relation is Relation.APPROX:
        assert claim.tolerance is not None
        return Obligation.within(relation.left, relation.right, claim.tolerance)
    return Obligation.of(relation.left, relation.relation, relation.right)


def _prove_relation(relation: Comparison, claim: Claim, facts: Facts, forms: Facts, full: bool) -> str | None:
    """Quick rewritings, Jensen for log, the catalogue's lemmas, then (``full``) every rewriting the prover has.

    Jensen's step only looks for a logarithm of a sum over a probability vector: where there is none
    it costs nothing, where there is one it is cheaper than trying every lemma. ``a != b`` is proved as
    ``a < b`` or as ``a > b`` (everywhere).
    """
    if relation.relation is Relation.NE:
        for direction in (Relation.LT, Relation.GT):
            strict = Comparison(relation.left, direction, relation.right)
            method = _prove_relation(strict, claim, facts, forms, full)
            if method is not None:
                return f"{method}, the left side {'below' if direction is Relation.LT else 'above'} the right"
        return None
    obligation = [_obligation(relation, claim)]
    quick = (
        prove_all(obligation, facts, forms, quick=True)
        or prove_by_jensen(relation, facts, forms)
        or prove_by_lemma(relation, claim, facts, forms)
    )
    return quick or (prove_all(obligation, facts, forms) if full else None)


def prove(claim: Claim, *, full: bool = True) -> str | None:
    """How every relation of ``claim`` is proved (strategies, or lemmas then strategies), or None.

    ``full=False`` tries only the quick rewritings and the lemmas (a fraction of a second, where the
    full set of rewritings may take seconds).
    """
    facts, forms = _domain(claim)
    variables = claim.variables
    bounded = [(base, domain) for base in variables.real_vectors if (domain := variables.entry_domain(base))]
    coverings = [(*forms, *entry_forms) for entry_forms in entry_coverings(bounded)]
    sets = [(base, domain) for base, domain in bounded if domain.values]
    if sets:
        claim = _interpolated(claim, sets, facts, coverings)
    probability = frozenset(variables.vectors)  # max(z) as a free bound over the entries (.extreme_bounds)
    claim = _with_sides(claim, lambda sides: as_bounds(sides, probability))
    methods = []
    for relation in claim.relations:
        for covering in coverings:
            method = _prove_relation(relation, claim, facts, covering, full)
            if method is None:
                return None
            methods.append(method)
    return ", ".join(dict.fromkeys(methods))
