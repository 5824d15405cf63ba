"""Stated theorems: what a chain establishes, as a SymPy relation, and whether it implies the theorem stated.

A chain proves, like Lean's ``calc``, one relation between two expressions: its steps' relations
composed (``=`` then ``<=`` gives ``<=``). An ``=>`` step on an expression (``B = op(A)``, checked as
an equality) and a limit (``A -> B``, that is ``B = lim A``) restart the relation from ``op(A)``;
a rounding (``~=``) ends it; a chain of equations proves none. :func:`established` gives it.

A stated theorem ``lhs R rhs`` is implied by what a chain establishes, ``a R' b``, when its sides
are ``a`` and ``b`` (or ``b`` and ``a``, with the relation turned round), each equal up to a
symbolic proof on the chain's domain, and ``R'`` is the same relation or a stronger one (``=``
gives ``<=``, ``<`` gives ``<=``). Sampled points never prove a side equal.

>>> import sympy as sp
>>> from symbolic_info.engine.chain import Chain
>>> from symbolic_info.engine.domain import Domain, Real
>>> x = sp.Symbol("x", positive=True)
>>> chain = Chain.start(sp.log(x) - x + 1).le(0, "log x <= x - 1")
>>> established(chain)
-x + log(x) + 1 <= 0
>>> check_theorem(sp.Ge(x - 1 - sp.log(x), 0), (chain,), (Domain.of(Real(x, low=0)),)).ok
False
>>> check_theorem(sp.Ge(0, sp.log(x) - x + 1), (chain,), (Domain.of(Real(x, low=0)),)).ok
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sympy as sp

from .bounded import run_bounded
from .chain import Chain, compose, relation_of, theorem_relation
from .domain import Domain
from .obligations import Obligation, ObligationKind, Relation, prove_all
from .operations import Solve

__all__ = ["TheoremResult", "check_theorem", "established", "relation_of", "theorem_relation"]

_TURNED = {
    Relation.EQ: Relation.EQ,
    Relation.LE: Relation.GE,
    Relation.GE: Relation.LE,
    Relation.LT: Relation.GT,
    Relation.GT: Relation.LT,
}
#: The relations each relation implies between the same two sides.
_IMPLIES = {
    Relation.EQ: {Relation.EQ, Relation.LE, Relation.GE},
    Relation.LE: {Relation.LE},
    Relation.GE: {Relation.GE},
    Relation.LT: {Relation.LT, Relation.LE},
    Relation.GT: {Relation.GT, Relation.GE},
}


def established(chain: Chain) -> sp.Basic | None:
    """The relation ``chain`` proves between two expressions, or None (a chain of equations, or a rounding first).

    >>> x = sp.Symbol("x", positive=True)
    >>> established(Chain.start(x).equals(x + 0, "same").lt(x + 1, "plus one").le(x + 2, "plus one"))
    x < x + 2
    """
    left: sp.Basic = chain.first
    relation: Relation | None = Relation.EQ
    previous = chain.first
    for step in chain.steps:
        if step.relation is Relation.APPROX:
            break
        if isinstance(step.statement, (tuple, sp.Rel)) or isinstance(previous, (tuple, sp.Rel)):
            return None
        if step.relation in (Relation.IMPLIES, Relation.TENDS):
            if isinstance(step.by, Solve) or step.by is None:
                return None
            left, relation = step.by.apply(previous), Relation.EQ
        else:
            assert relation is not None
            relation = compose(relation, step.relation, step.because)
        previous = step.statement
    if previous is chain.first or relation is None:
        return None
    return relation_of(left, relation, previous)


@dataclass(frozen=True)
class TheoremResult:
    """Whether a stated theorem follows from what one of the chains establishes, and how."""

    theorem: sp.Basic
    ok: bool
    detail: str

    def __str__(self) -> str:
        return f"{'implied' if self.ok else 'NOT implied'}: {self.theorem} ({self.detail})"


def _identical(a: sp.Basic, b: sp.Basic) -> bool:
    return bool(a == b or sp.sympify(a) == sp.sympify(b))


def _proved_equal(a: sp.Basic, b: sp.Basic, domain: Domain, budget: float) -> bool:
    """Whether ``a = b`` on ``domain`` by a symbolic proof (the quick rewritings) within ``budget`` seconds."""
    if _identical(a, b):
        return True
    if isinstance(a, sp.MatrixBase) != isinstance(b, sp.MatrixBase):
        return False
    facts, forms = domain.facts(), domain.positive_forms()
    obligation = Obligation(ObligationKind.EQUAL, a, b)
    status, method = run_bounded(lambda: prove_all([obligation], facts, forms, quick=True), budget)
    return status == "ok" and bool(method)


def check_theorem(
    theorem: sp.Basic, chains: Sequence[Chain], domains: Sequence[Domain], *, budget: float = 30.0
) -> TheoremResult:
    """Whether some chain (on its domain) establishes a relation that implies ``theorem``.

    Sides written as the chain's own are matched first; only then are sides proved equal, with the
    quick rewritings, each within ``budget`` seconds.
    """
    lhs, stated, rhs = theorem_relation(theorem)
    candidates = []
    tried = []
    for index, (chain, domain) in enumerate(zip(chains, domains, strict=True), start=1):
        proved = established(chain)
        if proved is None:
            continue
        a, relation, b = theorem_relation(proved)
        tried.append(f"chain {index} proves {proved}")
        for left, right, kind in ((a, b, relation), (b, a, _TURNED[relation])):
            if stated in _IMPLIES[kind]:
                candidates.append((index, domain, left, right, kind))
    for index, _, left, right, kind in candidates:
        if _identical(left, lhs) and _identical(right, rhs):
            return TheoremResult(theorem, True, f"chain {index} proves {relation_of(left, kind, right)}")
    for index, domain, left, right, kind in candidates:
        if _proved_equal(left, lhs, domain, budget) and _proved_equal(right, rhs, domain, budget):
            return TheoremResult(theorem, True, f"chain {index} proves {relation_of(left, kind, right)}")
    if not tried:
        return TheoremResult(theorem, False, "no chain proves a relation between two expressions")
    return TheoremResult(theorem, False, "; ".join(tried) + ": none implies it")
