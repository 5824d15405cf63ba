"""``min(f, x) = m`` and ``max(f, x) = m``: the smallest (largest) value, reached.

``min(f, x) = m`` says that ``f >= m`` at every ``x`` of the domain and that ``f = m`` somewhere there.
The first part is a claim like any other (:func:`.translate.translate` gives ``f >= m``): a point below
``m`` refutes it. The second is shown at an exact point of the domain where ``f - m`` simplifies to
0: for a real variable a critical point of ``f`` (SymPy's ``solveset`` of ``f' = 0`` on the interval)
or a closed end; for a probability vector another probability vector of the claim, or the uniform one;
either must satisfy every other condition too, proved true there (``min(x**2, x) = 0 where abs(x) >= 1``
is not reached at ``x = 0``).
Where no such point is found, the strict claim ``f > m`` is tried: proved, it refutes the claim
(``m`` is never reached: ``min(exp(x), x) = 0`` is false, there is no minimum); otherwise the verdict
is at most *holds*, saying that reaching ``m`` was not established.

>>> import symbolic_info as si
>>> si.check("min((x - a)**2 + b, x) = b").verdict
'proved'
>>> si.check("min(exp(x), x) = 0").verdict
'refuted'
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Callable, Iterator
from dataclasses import replace

import sympy as sp

from ..engine.bounded import run_bounded
from ..engine.obligations import Relation
from .bounds import Scalar
from .claim import Claim
from .convexity import with_entries
from .optimum import optimum_side, vector_at
from .outcomes import conditions_text
from .structure import called_name
from .syntax import ParsedClaim, parse_claim
from .translate import translate
from .verdict import Verdict

__all__ = ["check_extreme", "critical_points", "in_domain", "points_at_value", "reached_at", "strict_text"]

#: CPU seconds for finding where the value is reached (SymPy's solveset, in a child).
REACH_BUDGET = 5.0


def _call(parsed: ParsedClaim) -> tuple[ast.Call, int]:
    """The ``min``/``max`` call and its side (:func:`.optimum.optimum_side`)."""
    position = optimum_side(parsed)
    assert position is not None  # check_structure: min(f, x) = m, one side the call
    call = parsed.sides[position].tree
    assert isinstance(call, ast.Call)
    return call, position


def reached_at(parsed: ParsedClaim) -> str | None:
    """``x = c``, an exact point of the domain where ``f = m`` (a critical point or a closed end), or None."""
    call, _ = _call(parsed)
    variable_node = call.args[1]
    claim = translate(parsed)
    relation = claim.relations[0]
    name = variable_node.id if isinstance(variable_node, ast.Name) else ""
    scalar = next((s for s in claim.variables.scalars if s.symbol.name == name), None)
    if scalar is None:  # a probability vector (or a variable fixed by the conditions)
        return _vector_reached_at(claim, name, relation.left, relation.right)
    candidate = next(points_at_value(claim, scalar, relation.left, relation.right), None)
    return None if candidate is None else f"{scalar.symbol} = {candidate}"


def points_at_value(claim: Claim, scalar: Scalar, function: sp.Expr, value: sp.Expr) -> Iterator[sp.Expr]:
    """Exact points of the real variable ``scalar``'s domain where ``function = value``: closed ends and
    critical points (``solveset``), each satisfying every condition of ``claim`` (:func:`in_domain`)."""
    x = scalar.symbol
    ends = ((scalar.low, scalar.low_closed), (scalar.high, scalar.high_closed))
    candidates = [end for end, closed in ends if closed and end is not None] + critical_points(function, scalar)
    for candidate in candidates:
        at_candidate = functools.partial(_substituted, {x: candidate})
        if sp.simplify(at_candidate(function) - value) == 0 and in_domain(claim, at_candidate, x):
            yield candidate


def _substituted(point: dict[sp.Basic, sp.Expr], expression: sp.Expr) -> sp.Expr:
    return expression.xreplace(point)


def in_domain(claim: Claim, moved: Callable[[sp.Expr], sp.Expr], variable: sp.Basic) -> bool:
    """Whether every condition of ``claim`` on ``variable`` is proved true with ``variable`` moved to a point
    (``moved``: a real variable's value put in, or a vector's entries replaced: ``q = p``, uniform).

    The interval of a real variable is in its assumptions already; this is for the other conditions
    (``abs(x) >= 1``, ``x != 0``). A condition that still depends on other variables there must be
    true for all of them by SymPy's assumptions, else the point is not taken.
    """
    for condition in claim.conditions:
        sides = (sp.sympify(condition.left), sp.sympify(condition.right))
        if not any(side.has(variable) for side in sides):
            continue
        at_point = [moved(side).doit() for side in sides]
        if not _true(sp.simplify(at_point[0] - at_point[1]), condition.relation):
            return False
    return True


def _true(difference: sp.Expr, relation: Relation) -> bool:
    """``difference relation 0`` is known to be true (``left - right`` for ``left relation right``)."""
    known = {
        Relation.LT: difference.is_negative,
        Relation.LE: difference.is_nonpositive,
        Relation.GT: difference.is_positive,
        Relation.GE: difference.is_nonnegative,
        Relation.EQ: difference.is_zero,
        Relation.NE: None if difference.is_zero is None else not difference.is_zero,
    }.get(relation)
    return known is True


def critical_points(function: sp.Expr, scalar: Scalar) -> list[sp.Expr]:
    """Where the derivative of ``function`` in the real variable ``scalar`` is 0, inside its interval (SymPy's
    ``solveset``; empty when SymPy finds no finite set of points)."""
    low = scalar.low if scalar.low is not None else -sp.oo
    high = scalar.high if scalar.high is not None else sp.oo
    interval = sp.Interval(low, high, not scalar.low_closed, not scalar.high_closed)
    critical = sp.solveset(sp.diff(function, scalar.symbol), scalar.symbol, interval)
    return list(critical) if isinstance(critical, sp.FiniteSet) else []


def _vector_reached_at(claim: Claim, name: str, function: sp.Expr, value: sp.Expr) -> str | None:
    """``q = p`` or ``p uniform``: another probability vector of the claim, or the uniform one, where ``f = m``.

    Both are in the domain (the simplex), so ``f - m`` simplifying to 0 there shows that ``m`` is reached.
    """
    vectors, count = claim.variables.vectors, claim.variables.n
    base = next((vector for vector in vectors if str(vector.label) == name), None)
    if base is None or count is None:
        return None

    def at_vector(other: sp.IndexedBase) -> Callable[[sp.Expr], sp.Expr]:
        return lambda expression: vector_at(expression, base, other)

    def uniform(expression: sp.Expr) -> sp.Expr:
        return with_entries(expression, base, lambda entry: 1 / count)

    candidates: list[tuple[str, Callable[[sp.Expr], sp.Expr]]] = [
        (f"{name} = {other.label}", at_vector(other)) for other in vectors if other != base
    ]
    candidates.append((f"{name} uniform", uniform))
    for where, moved in candidates:
        if sp.simplify((moved(function) - value).doit()) == 0 and in_domain(claim, moved, base):
            return where
    return None


def strict_text(parsed: ParsedClaim) -> str:
    """The claim ``f > m`` (``f < m`` for max), with the same conditions, as text."""
    call, position = _call(parsed)
    piece, other = parsed.sides[position], parsed.sides[1 - position]
    body = piece.source(call.args[0])
    relation = ">" if called_name(call) == "min" else "<"
    text = f"{body} {relation} {other.text.strip()}"
    conditions = conditions_text(parsed)
    return text + (f" where {conditions}" if conditions else "")


def check_extreme(
    claim: str, reading: str, parsed: ParsedClaim, budget: float, check: Callable[[ParsedClaim, float], Verdict]
) -> Verdict:
    """The verdict on ``min(f, x) = m``: ``f >= m`` checked by ``check``, then where ``m`` is reached."""
    bound = check(parsed, budget / 2)
    if bound.verdict == "error":
        return replace(bound, claim=claim)
    if bound.verdict == "refuted":
        return replace(bound, claim=claim, message=f"{reading}; {bound.message}")
    status, point = run_bounded(lambda: reached_at(parsed), min(REACH_BUDGET, budget / 4))
    if status == "ok" and point is not None:
        message = f"{reading}; {bound.message}; reached at {point} (exact)"
        return replace(bound, claim=claim, message=message, method=f"{bound.method}; reached at {point}")
    text = strict_text(parsed)
    strict = check(parse_claim(text), budget / 4)
    if strict.verdict == "proved":
        never = text.split(" where ")[0]
        message = f"{reading}; the value is never reached: {never} is proved ({strict.message})"
        method = f"proved that the value is never reached: {strict.method}"
        return Verdict(claim, "refuted", method, None, message, bound.latex, searched=bound.searched)
    why = "no exact point where it is reached was found, and that it is never reached is not proved either"
    message = f"{reading}; {bound.message}; that the value is reached is not established: {why}"
    return replace(bound, claim=claim, verdict="holds", message=message)
