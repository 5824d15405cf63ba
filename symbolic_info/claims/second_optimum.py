"""Another optimum: ``argmin(f, x) = e`` is false when some ``x != e`` makes ``f`` as small as at ``e``.

``argmin(f, x) = e`` claims that ``e`` is *the* minimiser. When ``e`` is a minimiser but strict convexity
is not proved, the claim may still be false: ``argmin(x**2, y) = 0`` (every ``y`` minimises) or
``argmin(H(p), q) = p``. So the checker then searches for a second optimum, as a counterexample to
``f > f(e) where x != e`` (``<`` for ``argmax``): the same points, conditions and re-checks as every
search, with the squared distance from ``x`` to ``e`` positive as one more condition. A point where
``f`` equals ``f(e)`` to 1000 digits and ``x`` is not ``e`` refutes the claim; so does, for a real
variable, a critical point other than ``e`` where ``f`` equals ``f(e)`` exactly (:func:`exact_second_optimum`).
None found leaves the verdict as it was (*holds* at best).

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
from .extreme_values import points_at_value
from .outcomes import refuted
from .search import SearchResult, search
from .verdict import Verdict

__all__ = ["exact_second_optimum", "second_optimum", "second_optimum_claim", "second_optimum_verdict"]

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


def second_optimum(claim: Claim, seed: int) -> SearchResult | str | None:
    """Another optimum: a confirmed point the search found, or an exact critical point as ``x = c``, or None."""
    other = second_optimum_claim(claim)
    if other is None:
        return None
    result = search(other, seed, descents=False)
    return result if result.found else exact_second_optimum(claim)


def exact_second_optimum(claim: Claim) -> str | None:
    """``x = c``: a critical point or closed end of a real variable, not the claimed optimum, in the domain, where
    ``f`` equals its value at the optimum exactly (SymPy); random points miss such a point (``-1/sqrt(2)``).

    >>> from symbolic_info.claims.syntax import parse_claim
    >>> from symbolic_info.claims.translate import translate
    >>> exact_second_optimum(translate(parse_claim("argmin(x**4 - x**2, x) = 1/sqrt(2)")))
    'x = -sqrt(2)/2'
    """
    distance = claim.optimum_distance
    if distance is None or not claim.relations:
        return None
    function, value = claim.relations[0].left, claim.relations[0].right
    for scalar in claim.variables.scalars:
        x = scalar.symbol
        if x not in distance.free_symbols or x in value.free_symbols:
            continue
        for candidate in points_at_value(claim, scalar, function, value):
            if sp.simplify(distance.xreplace({x: candidate})).is_positive:  # not the claimed optimum
                return f"{x} = {candidate}"
    return None


def second_optimum_verdict(claim: str, latex: str, reading: str, second: SearchResult | str) -> Verdict:
    """The claim refuted by another optimum (:func:`second_optimum`'s result), after ``reading`` (what it says)."""
    kind = "minimiser" if " minimises " in reading else "maximiser"
    if isinstance(second, str):  # an exact critical point
        message = f"{reading}; not the only one: another {kind} at {second} (exact), with the same value"
        return Verdict(claim, "refuted", f"another {kind} at {second}", None, message, latex)
    found = refuted(claim, latex, second)
    return replace(found, message=f"{reading}; not the only one, another {kind}: {found.message}")
