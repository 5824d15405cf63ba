"""``argmin(f, x) = argmin(g, x)``: two problems with the same solutions (``argmax`` on either side too).

Two problems over the same variable ``x`` have the same minimisers when ``g = c f + d`` with a constant
``c > 0`` and ``d`` not depending on ``x`` (``c < 0`` between an ``argmin`` and an ``argmax``): whatever the
minimisers are, and whether or not there are any. That is checked as one claim: ``g - c f`` takes the same
value at ``x`` and at a second, fresh variable ``y`` of the same kind and conditions,
``g(x) - c f(x) = g(y) - c f(y)`` for all ``x`` and ``y``, first with ``c = 1`` (``-1``), then with
``c = g / f`` when that ratio simplifies to a number. No derivative is taken, so a difference that is
only locally constant (``sqrt(x**2)/x``) is refuted, not mistaken for a constant. A function proved
positive may be replaced by its logarithm first, which has the same optima: the likelihood
``prod(q[i]**p[i], i)`` and ``KL(p, q)`` (``argmax`` against ``argmin``) differ by ``-H(p)`` that way.

Otherwise the two problems are compared at candidates ``e``: the other probability vectors of the
claim (``argmin(KL(q, p), q) = argmin(KL(p, q), q)``: both ``p``), or a critical point of ``f`` for a
real variable. With ``argmin(f, x) = e`` and ``argmin(g, x) = e`` both proved (each ``e`` the only
minimiser), the claim is proved; with one proved and the other refuted (``e`` is the only minimiser of
one and not a minimiser of the other), it is refuted; when both hold, it holds. Anything else is not
decided, and the verdict says so.

>>> import symbolic_info as si
>>> si.check("argmin(H(p, q), q) = argmin(KL(p, q), q)").verdict
'proved'
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

import sympy as sp

from ..engine.bounded import run_bounded
from ..engine.obligations import Relation
from ..errors import ClaimSyntaxError
from .extreme_values import critical_points
from .language import CONSTANT_NAMES, COUNT_NAME, VECTOR_NAMES, Kind, function_of
from .outcomes import conditions_text, error
from .statements import POINT_OPTIMA
from .syntax import ParsedClaim, parse_claim
from .translate import translate
from .verdict import Verdict

__all__ = ["Problems", "check_equivalence", "problems_of"]

#: CPU seconds for the ratio ``g / f`` and for the critical points of ``f`` (SymPy, in a child).
SYMBOLIC_BUDGET = 5.0


@dataclass(frozen=True)
class Problems:
    """The two optimisation problems of ``argmin(f, x) = argmin(g, x)``, as typed."""

    kinds: tuple[str, str]  # argmin or argmax, each side
    bodies: tuple[str, str]  # f and g
    variable: str
    conditions: tuple[str, ...]  # each chain after 'where', as typed

    @property
    def where(self) -> str:
        """`` where x > 0, k > n`` (empty without conditions)."""
        return f" where {', '.join(self.conditions)}" if self.conditions else ""

    @property
    def same_direction(self) -> bool:
        """Both minimised (or both maximised): then ``c > 0``; else ``c < 0``."""
        return self.kinds[0] == self.kinds[1]

    def call_text(self, side: int) -> str:
        """``argmin(f, x)`` for one side."""
        return f"{self.kinds[side]}({self.bodies[side]}, {self.variable})"

    def optimum_text(self, side: int, value: str) -> str:
        """``argmin(f, x) = e`` for one side, with the claim's conditions."""
        text = f"{self.call_text(side)} = {value}"
        return text + self.where


def problems_of(parsed: ParsedClaim) -> Problems | None:
    """The two problems when ``parsed`` is ``argmin(f, x) = argmin(g, x)`` (either may be argmax), else None."""
    if parsed.statement or parsed.relations != (Relation.EQ,):
        return None
    calls = [side.tree for side in parsed.sides]
    kinds = []
    for call in calls:
        function = function_of(call)
        if function is None or function.kind is not Kind.OPTIMUM or function.name not in POINT_OPTIMA:
            return None
        kinds.append(function.name)
    bodies, variables = [], []
    for piece, call in zip(parsed.sides, calls, strict=True):
        assert isinstance(call, ast.Call)  # function_of: a call
        if len(call.args) != 2:
            return None
        bodies.append(piece.source(call.args[0]))
        variables.append(piece.source(call.args[1]))
    if variables[0] != variables[1]:
        return None
    chains = tuple(conditions_text(replace(parsed, conditions=(chain,))) for chain in parsed.conditions)
    return Problems((kinds[0], kinds[1]), (bodies[0], bodies[1]), variables[0], chains)


def _fresh_variable(problems: Problems, names: frozenset[str]) -> str | None:
    """A name for a second value of the variable, of the same kind: another probability vector for ``q``."""
    if problems.variable in VECTOR_NAMES:
        pool: tuple[str, ...] = tuple(name for name in ("r", "q", "p", "P", "Q") if name in VECTOR_NAMES)
    else:
        pool = tuple(f"{problems.variable}{k}" for k in range(2, 100))
    return next((name for name in pool if name not in names and name not in CONSTANT_NAMES | {COUNT_NAME}), None)


def _renamed(text: str, old: str, new: str) -> str:
    """``text`` (in the claim language) with the name ``old`` written ``new`` (not where it calls a function)."""
    return re.sub(rf"(?<![\w.]){re.escape(old)}(?![\w(])", new, text)


def constancy_text(problems: Problems, scale: str, fresh: str) -> str:
    """``g - c f`` at the variable equals ``g - c f`` at ``fresh``: ``g - c f`` does not depend on the variable.

    >>> problems = problems_of(parse_claim("argmin(x**2, x) = argmin(x**2 + 1, x) where x > 0"))
    >>> constancy_text(problems, "1", "x2")
    '(x**2 + 1) - (1)*(x**2) = (x2**2 + 1) - (1)*(x2**2) where x > 0, x2 > 0'
    """
    f, g = problems.bodies
    left = f"({g}) - ({scale})*({f})"
    right = f"({_renamed(g, problems.variable, fresh)}) - ({scale})*({_renamed(f, problems.variable, fresh)})"
    copies = [copied for chain in problems.conditions if (copied := _renamed(chain, problems.variable, fresh)) != chain]
    conditions = [*problems.conditions, *copies]
    return f"{left} = {right}" + (f" where {', '.join(conditions)}" if conditions else "")


def _ratio(parsed_f_g: ParsedClaim) -> tuple[str, bool] | None:
    """``g / f`` as text, and whether it is positive, when it simplifies to a nonzero number (``g = c f``)."""
    claim = translate(parsed_f_g)
    f, g = claim.relations[0].left, claim.relations[0].right
    ratio = sp.simplify((g / f).doit())
    if ratio.is_number and ratio.is_extended_real and ratio != 0 and ratio.is_finite:
        return str(sp.sstr(ratio)), bool(ratio.is_positive)
    return None


def _critical_points(parsed_f_g: ParsedClaim, variable: str) -> list[str]:
    """The critical points of ``f`` in a real variable, on its interval (SymPy's solveset), as text."""
    claim = translate(parsed_f_g)
    scalar = next((s for s in claim.variables.scalars if s.symbol.name == variable), None)
    if scalar is None:
        return []
    return [sp.sstr(point) for point in critical_points(claim.relations[0].left, scalar)][:3]


#: The functions whose logarithm is worth trying: products and exponentials (a likelihood, a softmax).
_LOGARITHM_WORTH = re.compile(r"(?<![A-Za-z0-9_])(prod|exp|softmax|sigmoid)\(")


def _attempts(problems: Problems, read_both: ParsedClaim | None, seconds: float) -> Iterator[tuple[Problems, str, str]]:
    """The forms ``g - c f`` to try, as (problems, c, the function whose logarithm is taken or ''), cheapest first.

    ``c = 1`` (``-1`` against an argmax); then ``c = g / f`` when SymPy gives a number of the right sign;
    then, for a function made of products or exponentials, its logarithm in its place (when it is positive).
    """
    unit = "1" if problems.same_direction else "-1"
    yield problems, unit, ""
    if read_both is not None:
        status, ratio = run_bounded(lambda: _ratio(read_both), min(SYMBOLIC_BUDGET, seconds))
        if status == "ok" and ratio is not None and ratio[0] != unit and ratio[1] == problems.same_direction:
            yield problems, ratio[0], ""
    for side in (0, 1):  # a positive f: its logarithm has the same optima (a likelihood and its log-likelihood)
        if _LOGARITHM_WORTH.search(problems.bodies[side]):
            first, second = (f"log({b})" if k == side else b for k, b in enumerate(problems.bodies))
            yield replace(problems, bodies=(first, second)), unit, problems.bodies[side]


def check_equivalence(
    claim: str, parsed: ParsedClaim, problems: Problems, budget: float, check: Callable[[str, float], Verdict]
) -> Verdict:
    """The verdict on ``argmin(f, x) = argmin(g, x)``; ``check(text, seconds)`` checks a claim written as text."""
    shown = f"read as: {problems.call_text(0)} and {problems.call_text(1)} are the same set"
    try:
        read_both: ParsedClaim | None = parse_claim(f"{problems.bodies[0]} = {problems.bodies[1]}{problems.where}")
    except ClaimSyntaxError:  # the claim as typed parsed; its parts as one equation should too
        read_both = None
    fresh = _fresh_variable(problems, parsed.names)
    tried: list[str] = []
    if fresh is None:
        return _at_candidates(claim, parsed, problems, read_both, budget, check, shown, tried)
    seconds = budget / 8  # each check; at most 6 of them here, the rest for the candidates
    spent = 0.0
    for attempt, scale, positive in _attempts(problems, read_both, seconds):
        if positive:
            sign = check(f"{positive} > 0{problems.where}", seconds)
            spent += seconds
            if sign.verdict != "proved":
                tried.append(f"'{positive} > 0': {sign.verdict}")
                continue
        text = constancy_text(attempt, scale, fresh)
        verdict = check(text, seconds)
        spent += seconds
        tried.append(f"'{text}': {verdict.verdict}")
        if verdict.verdict == "proved":
            f, g = attempt.bodies
            form = f"{g} - ({f})" if scale == "1" else (f"{g} + ({f})" if scale == "-1" else f"{g} - ({scale})*({f})")
            because = f"{positive} > 0 is proved, so log({positive}) has the same optima; " if positive else ""
            message = (
                f"{shown}; proved: {because}{form} does not depend on {problems.variable} ({text}: {verdict.message}),"
                " so both problems have the same optima"
            )
            return replace(verdict, claim=claim, message=message, method=f"constant difference: {verdict.method}")
    return _at_candidates(claim, parsed, problems, read_both, max(budget - spent, budget / 4), check, shown, tried)


def _at_candidates(
    claim: str,
    parsed: ParsedClaim,
    problems: Problems,
    read_both: ParsedClaim | None,
    budget: float,
    check: Callable[[str, float], Verdict],
    shown: str,
    tried: list[str],
) -> Verdict:
    """Both problems checked at each candidate optimum ``e``: the claim's other vectors, or ``f``'s critical points."""
    if problems.variable in VECTOR_NAMES:
        candidates = sorted((parsed.names & VECTOR_NAMES) - {problems.variable})
    elif read_both is not None:
        status, points = run_bounded(lambda: _critical_points(read_both, problems.variable), SYMBOLIC_BUDGET)
        candidates = points if status == "ok" and points else []
    else:
        candidates = []
    held = None
    for candidate in candidates:
        seconds = budget / (2 * len(candidates))
        first, second = (check(problems.optimum_text(side, candidate), seconds) for side in (0, 1))
        verdicts = {first.verdict, second.verdict}
        if verdicts == {"proved"}:
            message = f"{shown}; proved: {candidate} is the only optimum of both ({first.message}; {second.message})"
            return replace(first, claim=claim, message=message, method=f"the same only optimum: {first.method}")
        if verdicts == {"proved", "refuted"}:
            proved, refuted = (first, second) if first.verdict == "proved" else (second, first)
            side = 0 if first.verdict == "refuted" else 1
            one, other = (problems.call_text(k) for k in (1 - side, side))
            message = f"{shown}; refuted: {one} = {candidate} ({proved.message}), but not {other}: {refuted.message}"
            note = f"{one} = {candidate} (proved), but {candidate} is not in {other}; {refuted.note}"
            return replace(refuted, claim=claim, message=message, note=note)
        if verdicts <= {"proved", "holds"} and held is None:
            held = (candidate, first, second)
    if held is not None:
        candidate, first, second = held
        message = (
            f"{shown}; both appear to have the only optimum {candidate}, not proved ({first.message}; {second.message})"
        )
        return replace(first, claim=claim, verdict="holds", message=message)
    why = (
        f"g - c f was not shown to be free of {problems.variable} ({'; '.join(tried) or 'no fresh name left'}), "
        f"and no common optimum was found among {', '.join(candidates) or 'no candidates'}"
    )
    return error(claim, f"{shown}; not decided: {why}", "equivalence")
