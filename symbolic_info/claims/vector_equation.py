"""``q = p where g = c``: two probability vectors equal because a function is at its only minimum.

Gibbs' equality case, ``KL(p, q) = 0 iff p = q``, in one direction: ``KL(p, q) >= 0 = KL(p, p)`` for
every ``q``, and ``p`` is the only ``q`` where the minimum is reached (``KL(p, q)`` is strictly convex in
``q``), so ``KL(p, q) = 0`` leaves ``q = p`` only. In general, a claim ``q = p where g = c`` (or
``g <= c``) is proved by proving two claims with the checker: ``argmin(g, q) = p`` (``p`` is a minimiser,
and the only one) and ``g = c where q = p`` (the minimum is ``c``). Then ``g = c`` (``g <= c``) means that
``q`` is a minimiser too, so ``q = p``. Both orders of the two vectors are tried. The condition is an
equation, which random points never satisfy, so there is nothing to sample: without both proofs the
claim is not decided (an error that says what was tried), unless it is refuted: a counterexample to
``g != c where sum((p - q)**2) > 0`` (``g > c`` for ``g <= c``) is a point where the vectors differ and
the condition holds, exactly or (for ``!=``, by bisection) at a point next to it where the vectors still
differ. The other direction of an ``iff``, ``KL(p, q) = 0 where q = p``, is an ordinary claim.

>>> from symbolic_info.claims.syntax import parse_claim
>>> equation = vector_equation(parse_claim("p = q where KL(p, q) = 0"))
>>> equation.attempts()[0]
('argmin(KL(p, q), q) = p', 'KL(p, q) = 0 where q = p')
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass, replace

from ..engine.obligations import Relation
from .language import VECTOR_NAMES
from .outcomes import error
from .syntax import ParsedClaim
from .verdict import Verdict

__all__ = ["VectorEquation", "check_vector_equation", "vector_equation"]


@dataclass(frozen=True)
class VectorEquation:
    """``first = second where function = value`` (``<=`` when ``bounded``), as typed."""

    first: str
    second: str
    function: str
    value: str
    bounded: bool
    #: The names the value uses: an order whose variable it uses proves nothing (see :meth:`attempts`).
    value_names: frozenset[str] = frozenset()

    def attempts(self) -> list[tuple[str, str]]:
        """For each order: the claim that ``point`` is the only minimiser over ``variable``, and its minimum.

        Only the orders whose ``variable`` the value ``c`` does not use: the argument needs ``c`` to be
        the same number at every ``variable``. (``p = q where KL(p, q) = H(q) - H(p)`` is false: the
        uniform ``q`` satisfies the condition too, while ``KL(p, q)`` has its only minimum at ``q = p``.)
        """
        return [
            (
                f"argmin({self.function}, {variable}) = {point}",
                f"{self.function} = {self.value} where {variable} = {point}",
            )
            for point, variable in ((self.first, self.second), (self.second, self.first))
            if variable not in self.value_names
        ]

    def refutation(self) -> str:
        """The claim whose counterexample refutes this one: ``g != c`` (``g > c``) wherever the vectors differ."""
        relation = ">" if self.bounded else "!="
        return f"{self.function} {relation} {self.value} where sum(({self.first} - {self.second})**2) > 0"


def vector_equation(parsed: ParsedClaim) -> VectorEquation | None:
    """The claim as a :class:`VectorEquation`, or None when it is not ``p = q where g = c`` (or ``g <= c``)."""
    names = [side.tree.id for side in parsed.sides if isinstance(side.tree, ast.Name) and side.tree.id in VECTOR_NAMES]
    if parsed.relations != (Relation.EQ,) or len(names) != 2 or names[0] == names[1] or len(parsed.conditions) != 1:
        return None
    (condition,) = parsed.conditions
    if len(condition.relations) != 1 or parsed.entry_sets:
        return None
    relation = condition.relations[0]
    function, value = condition.sides
    if relation is Relation.GE:  # c >= g
        function, value, relation = value, function, Relation.LE
    if relation not in (Relation.EQ, Relation.LE):
        return None
    used = {node.id for side in condition.sides for node in ast.walk(side.tree) if isinstance(node, ast.Name)}
    if not set(names) <= used:
        return None
    value_names = frozenset(node.id for node in ast.walk(value.tree) if isinstance(node, ast.Name))
    return VectorEquation(names[0], names[1], function.text, value.text, relation is Relation.LE, value_names)


def check_vector_equation(
    claim: str, equation: VectorEquation, budget: float, check: Callable[[str, float], Verdict], latex: str = ""
) -> Verdict:
    """The verdict on ``p = q where g = c``; ``check(text, seconds)`` checks a claim written as text."""
    tried = []
    seconds = budget / 5
    for optimum_text, value_text in equation.attempts():
        optimum = check(optimum_text, seconds)
        tried.append(f"'{optimum_text}': {optimum.verdict}")
        if optimum.verdict != "proved":
            continue
        value = check(value_text, seconds)
        tried.append(f"'{value_text}': {value.verdict}")
        if value.verdict != "proved":
            continue
        relation = "<=" if equation.bounded else "="
        message = (
            f"proved: {optimum_text} ({optimum.message}) and {value_text} ({value.message}): "
            f"{equation.function} {relation} {equation.value} only at its only minimiser, where the vectors are equal"
        )
        method = f"the only minimiser: {optimum.method}"
        return replace(value, claim=claim, message=message, method=method, note="", latex=latex)
    refutation = equation.refutation()
    counter = check(refutation, seconds)
    if counter.verdict == "refuted":
        relation = "<=" if equation.bounded else "="
        message = (
            f"refuted: {equation.first} != {equation.second}, yet {equation.function} {relation} {equation.value} "
            f"(a counterexample to '{refutation}'): {counter.message}"
        )
        shown = dict(counter.counterexample or {})
        shown["relation"] = refutation.partition(" where ")[0]  # fails there, while the vectors differ
        return replace(counter, claim=claim, message=message, latex=latex, counterexample=shown)
    why = "; ".join(tried) or f"{equation.value} uses both vectors, so it is not the minimum of a function of one"
    why += f"; '{refutation}': {counter.verdict}"
    return error(
        claim,
        f"not decided: the vectors are equal if a function is at its only minimum, which was not proved ({why})",
        "vector equation",
        latex,
    )
