"""Another optimum: ``argmin(f, x) = e`` is false when some ``x != e`` makes ``f`` as small as at ``e``.

``argmin(f, x) = e`` claims that ``e`` is *the* minimiser. When ``e`` is a minimiser but strict convexity
is not proved, the claim may still be false: ``argmin(x**2, y) = 0`` (every ``y`` minimises) or
``argmin(H(p), q) = p``. So the checker then searches for a second optimum, as a counterexample to
``f > f(e) where x != e`` (``<`` for ``argmax``): the same points, conditions and re-checks as every
search, with the squared distance from ``x`` to ``e`` positive as one more condition. A point where
``f`` equals ``f(e)`` to 1000 digits and ``x`` is not ``e`` refutes the claim; none found leaves the
verdict as it was (*holds* at best).

>>> from symbolic_info.claims.syntax import parse_claim
>>> from symbolic_info.claims.translate import translate
>>> found = second_optimum(translate(parse_claim("argmin(x**2, y) = 0")), seed=1)
>>> found is not None and found.found
True
>>> second_optimum(translate(parse_claim("argmin((y - 1)**2, y) = 1")), seed=1) is None
True
"""

from __future__ import annotations

from dataclasses import replace

import sympy as sp

from ..engine.obligations import Relation
from .claim import Claim, Comparison
from .search import SearchResult, search

__all__ = ["second_optimum", "second_optimum_claim"]

_STRICT = {Relation.GE: Relation.GT, Relation.LE: Relation.LT}


def second_optimum_claim(claim: Claim) -> Claim | None:
    """``f > f(e) where x != e`` for the optimum claim ``claim`` (``<`` for argmax); None for other claims."""
    if claim.optimum_distance is None or not claim.relations or claim.relations[0].relation not in _STRICT:
        return None
    first = claim.relations[0]
    strict = Comparison(first.left, _STRICT[first.relation], first.right)
    apart = Comparison(claim.optimum_distance, Relation.GT, sp.S.Zero)
    text = claim.relation_texts[0] if claim.relation_texts else ""
    described = (f"{text.replace(first.relation.value, strict.relation.value, 1)} at every other point",)
    return replace(claim, relations=(strict,), conditions=(*claim.conditions, apart), relation_texts=described)


def second_optimum(claim: Claim, seed: int) -> SearchResult | None:
    """A confirmed point other than the claimed optimum where ``f`` reaches its value there, or None."""
    other = second_optimum_claim(claim)
    if other is None:
        return None
    result = search(other, seed, descents=False)
    return result if result.found else None
