"""Try to prove a translated claim symbolically with the engine's prover, for a general ``n``.

Each relation becomes one obligation for :mod:`symbolic_info.prover`: ``a = b`` is
``a - b = 0``, ``a <= b`` is ``b - a >= 0``, ``a ~= b`` is ``tol - |a - b| >= 0``. The
prover gets the domain's facts (``sum_i p_i = 1`` for every vector, ``1 <= k <= n``). Open
intervals from the conditions reparametrise their variable by a positive symbol (``n`` too,
as ``m + 2`` with ``m >= 0``) for sign proofs, and for identities the direct attempt cannot
prove. Conditions that are not intervals are left out: a proof without them is a proof
with them. The caller bounds the time (:mod:`symbolic_info.bounded`).

>>> from symbolic_info.claims.syntax import parse_claim
>>> from symbolic_info.claims.translate import translate
>>> prove(translate(parse_claim("KL(p, q) = H(p, q) - H(p)"))) is not None
True
>>> prove(translate(parse_claim("KL(p, q) >= 0"))) is None
True
"""

from __future__ import annotations

import sympy as sp

from ..domain import CategoryIndex, Domain, OnSimplex
from ..prover import Facts, prove_sign, prove_zero
from ..vectors import Categories, Vector
from .translate import Claim, Relation

__all__ = ["prove"]


def _domain(claim: Claim) -> tuple[Facts, Facts]:
    variables = claim.variables
    declarations: list = []
    forms: list[tuple[sp.Basic, sp.Basic]] = []
    if variables.n is not None:
        categories = Categories.general()
        declarations += [OnSimplex(Vector(str(base.label), categories)) for base in variables.vectors]
        declarations += [CategoryIndex(index, variables.n) for index in variables.indices]
        forms.append((variables.n, sp.Dummy("m", integer=True, nonnegative=True) + 2))
    for scalar in variables.scalars:
        form = scalar.positive_form()
        if form is not None:
            forms.append((scalar.symbol, form))
    return Domain.of(*declarations).facts(), tuple(forms)


def _prove_relation(relation: Relation, claim: Claim, facts: Facts, forms: Facts) -> str | None:
    left, right = relation.left, relation.right
    kind = relation.relation
    if kind == "=":
        method = prove_zero(left - right, facts)
        if method is None and forms:
            method = prove_zero((left - right).xreplace(dict(forms)), facts)
            method = method and f"{method} on the interval"
        return method
    if kind == "~=":
        assert claim.tolerance is not None
        return prove_sign(claim.tolerance - sp.Abs(left - right), facts, strict=False, positive_forms=forms)
    difference = right - left if kind in ("<=", "<") else left - right
    return prove_sign(difference, facts, strict=kind in ("<", ">"), positive_forms=forms)


def prove(claim: Claim) -> str | None:
    """The prover's strategies that prove every relation of ``claim``, or None."""
    facts, forms = _domain(claim)
    methods = []
    for relation in claim.relations:
        method = _prove_relation(relation, claim, facts, forms)
        if method is None:
            return None
        methods.append(method)
    return ", ".join(dict.fromkeys(methods))
