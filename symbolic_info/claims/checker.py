"""Check a claim: look for a counterexample, then try a proof, each with a budget of CPU seconds.

The pipeline: parse (no SymPy, nothing executed) -> translate and check the first
:data:`FIRST_POINTS` random points (in a child process with a time budget) -> if none is a
counterexample, the quick proof (in the same child, with a shorter budget of its own: the quick
rewritings and the book's lemmas), and for a claim in a few real variables an interval certificate
(its own child). A claim proved there is done: its proof is the verdict, and the first points are the
check against a prover mistake. Otherwise the whole search (every phase of :func:`.search.search`)
and then every rewriting the prover has; only a claim left unproved gets the search's local descents
(:func:`.search.search_dips`). A confirmed counterexample found before a proof wins over everything.
:mod:`.outcomes` writes the verdicts, :mod:`.batch` checks many claims at once.

>>> check("KL(p, q) = H(p, q) - H(p)").verdict
'proved'
>>> verdict = check("H(p, q) = -sum(p[i]*q[i], i)")
>>> verdict.verdict, verdict.counterexample["n"]
('refuted', 2)
>>> check("x.__class__ = 1").message
"column 2: attribute access ('.__class__') is not allowed in a claim"

:func:`check` never raises for a ``str`` claim: an exception anywhere in the pipeline becomes
an ``error`` verdict marked ``internal`` (a fault of the checker, not of the claim).
"""

from __future__ import annotations

import ast
import math
import traceback
import zlib
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from numbers import Real
from typing import Any

from ..catalogue.lemmas import lemmas
from ..engine.bounded import Outcome, cpu_timed, run_bounded, run_bounded_then
from ..engine.obligations import Relation
from ..errors import ClaimError, ClaimSyntaxError, InvalidArgumentError
from .certified import CERTIFY_BUDGET
from .connectives import check_connected, claim_latex, split_connective
from .convexity import statement_reading
from .counterexample import REPORT_DIGITS, crossing_counterexample, exact_number
from .crossing import crossing
from .discrete import check_cases, split_memberships
from .equivalence import check_equivalence, problems_of
from .extreme_values import check_extreme
from .from_latex import latex_to_claim_with_notes
from .infinite import InfiniteSideError, decided_infinite
from .optimum import VALUES, combined, optimum_reading, optimum_side, uniqueness_claim
from .outcomes import (
    INTERNAL_ERROR,
    error,
    explained,
    holds,
    internal_error,
    last_line,
    no_point,
    refuted,
    refuted_in_the_limit,
    refuted_where_crossing,
    with_descents,
)
from .proof_stages import Proof, full_proof, full_proof_after, full_stage, quick_proof_after, quick_stages
from .refine import applies
from .render import render_claim
from .search import SearchResult, search, search_dips
from .second_optimum import second_optimum, second_optimum_verdict
from .structure import called_name
from .syntax import ParsedClaim, parse_claim
from .translate import check_structure, translate
from .vector_equation import check_vector_equation, vector_equation
from .verdict import Verdict

__all__ = [
    "CERTIFY_BUDGET",
    "DEFAULT_BUDGET",
    "INTERNAL_ERROR",
    "MAX_BUDGET",
    "PROOF_BUDGET",
    "budget_seconds",
    "check",
    "internal_error",
]

DEFAULT_BUDGET = 30.0  # CPU seconds per claim
PROOF_BUDGET = 5.0  # at most this much of it for the symbolic proof
MAX_BUDGET = 86400.0  # a day: the largest budget accepted (beyond it, a typo rather than a plan)


FIRST_POINTS = 48  # random points checked before a proof is tried; a claim proved then is checked at these


def _search_child(parsed: ParsedClaim, seed: int, first: bool) -> tuple[str, Any]:
    """Translate and search: only the first :data:`FIRST_POINTS` random points (``first``), or the whole search."""
    try:
        claim = translate(parsed)
    except InfiniteSideError as infinite:
        return "infinite", infinite.side
    except ClaimSyntaxError as failure:
        return "error", (str(failure), failure.column)
    except ClaimError as failure:
        return "error", (str(failure), None)
    n = claim.variables.n
    on_n = any(n in c.left.free_symbols | c.right.free_symbols for c in claim.conditions) if n is not None else False
    scope = (" for every n allowed by the conditions" if on_n else " for every n >= 2") if n is not None else ""
    result = (
        search(claim, seed, points=FIRST_POINTS, descents=False, random_only=True)
        if first
        else search(claim, seed, descents=False)
    )
    return "ok", (result, scope, claim.tolerance)


def _dips_child(parsed: ParsedClaim, seed: int) -> SearchResult | None:
    claim = translate(parsed)
    return search_dips(claim, seed) if applies(claim) else None


def _second_child(parsed: ParsedClaim, seed: int) -> SearchResult | str | None:
    """Another optimum of ``argmin(f, x) = e``: a counterexample to its being the only one (:mod:`.second_optimum`)."""
    return second_optimum(translate(parsed), seed)


def _crossing_child(parsed: ParsedClaim, seed: int) -> dict[str, Any] | None:
    """A counterexample to a ``!=`` claim where its sides cross (:mod:`.crossing`), with how it was found."""
    claim = translate(parsed)
    found = crossing(claim, seed)
    return None if found is None else crossing_counterexample(claim, found)


def budget_seconds(value: object, name: str) -> float:
    """``value`` as a time budget in seconds: a real number, positive, finite and at most :data:`MAX_BUDGET`.

    >>> budget_seconds(2, "budget")
    2.0
    >>> budget_seconds(float("inf"), "budget")
    Traceback (most recent call last):
    ...
    symbolic_info.errors.InvalidArgumentError: budget must be a positive, finite number of seconds, at most 86400; \
got inf
    """
    if isinstance(value, bool) or not isinstance(value, Real):
        shown = f"{value!r}" if isinstance(value, str) else f"a {type(value).__name__}"
        raise InvalidArgumentError(f"{name} must be a number of seconds, got {shown}")
    try:
        seconds = float(value)
    except (OverflowError, ValueError):  # an integer or fraction beyond any float
        seconds = math.inf
    if not (math.isfinite(seconds) and 0 < seconds <= MAX_BUDGET):
        raise InvalidArgumentError(
            f"{name} must be a positive, finite number of seconds, at most {MAX_BUDGET:g}; got {value!r}"
        )
    return seconds


def check(
    claim: str, *, latex: bool = False, budget: float = DEFAULT_BUDGET, proof_budget: float = PROOF_BUDGET
) -> Verdict:
    """Check one claim (plain text, or LaTeX with ``latex=True``); never raises for a ``str`` claim.

    A claim that cannot be read gets an ``error`` verdict with a column and a hint; any other
    exception becomes an ``error`` verdict marked ``internal``. Raises
    :class:`~symbolic_info.errors.InvalidArgumentError` only for a claim that is not a ``str``
    or a budget that is not a positive, finite number of seconds up to :data:`MAX_BUDGET`.

    >>> check("KL(p) >= 0").message
    'column 1: KL takes 2 argument(s), got 1: write it as in KL(p, q) = H(p, q) - H(p)'
    """
    if not isinstance(claim, str):
        raise InvalidArgumentError(f"a claim is a string, got {type(claim).__name__}")
    budget, proof_budget = budget_seconds(budget, "budget"), budget_seconds(proof_budget, "proof_budget")
    try:
        return _check(claim, latex, budget, proof_budget)
    except Exception as failure:  # the guarantee: whatever goes wrong inside, the answer is a verdict
        return internal_error(claim, explained(failure), traceback.format_exc())


def _check(claim: str, latex: bool, budget: float, proof_budget: float) -> Verdict:
    if not latex:
        return _check_text(claim, claim, budget, proof_budget)
    try:
        text, notes = latex_to_claim_with_notes(claim)
    except ClaimSyntaxError as failure:
        return error(claim, str(failure), "parse", column=failure.column)
    verdict = _check_text(claim, text, budget, proof_budget)
    read = "; ".join([f"read as: {text}", *notes])
    note = f"{read}; {verdict.note}" if verdict.note else ""
    return replace(verdict, message=f"{read}; {verdict.message}", column=None, note=note)


def _part_checker(proof_budget: float) -> Callable[[str, float], Verdict]:
    """``check(text, seconds)`` for a part of a claim written as a claim of its own: a direction, a case, a step."""

    def check(text: str, seconds: float) -> Verdict:
        return _check_text(text, text, seconds, min(proof_budget, seconds))

    return check


def _check_text(claim: str, text: str, budget: float, proof_budget: float) -> Verdict:
    part = _part_checker(proof_budget)
    try:
        connected = split_connective(text)
    except ClaimSyntaxError as failure:
        return error(claim, str(failure), "parse", column=failure.column)
    if connected is not None:  # each direction is a claim with a condition, with its share of the budget
        share = budget / connected.count
        return check_connected(claim, connected, lambda one: part(one, share))
    try:
        memberships = split_memberships(text)
    except ClaimSyntaxError as failure:
        return error(claim, str(failure), "parse", column=failure.column)
    if memberships is not None:  # y in {0, 1}: every case, each a claim with y = 0, y = 1
        share = budget / len(memberships.cases())
        try:
            latex = claim_latex(text)
        except ClaimSyntaxError:  # a case that cannot be read says where
            latex = ""
        return check_cases(claim, memberships, lambda one: part(one, share), latex)
    try:
        parsed = parse_claim(text)
        equation = vector_equation(parsed)
        if equation is not None:  # q = p where KL(p, q) = 0: q at the only minimiser of the condition's function
            return check_vector_equation(claim, equation, budget, part, render_claim(parsed))
        check_structure(parsed)
        shown = render_claim(parsed)
    except ClaimSyntaxError as failure:
        return error(claim, str(failure), "parse", column=failure.column)
    problems = problems_of(parsed)
    if problems is not None:  # argmin(f, x) = argmin(g, x): two problems, the same solutions
        return check_equivalence(claim, parsed, problems, budget, part)
    position = optimum_side(parsed)
    call = parsed.sides[position].tree if position is not None else None
    if isinstance(call, ast.Call) and called_name(call) in VALUES:  # min(f, x) = m: f >= m, and m reached

        def checked(one: ParsedClaim, seconds: float) -> Verdict:
            return _check_parsed(claim, text, one, render_claim(one), seconds, min(proof_budget, seconds))

        return check_extreme(claim, optimum_reading(parsed), parsed, budget, checked)
    if position is not None:  # a minimiser (half the budget), and the only one (3/8; 1/8 for a second optimum)
        half, share = budget / 2, 3 * budget / 8
        optimum = _check_parsed(claim, text, parsed, shown, half, min(proof_budget, half))
        decided = optimum.verdict in ("refuted", "error")  # then the second part is not checked
        unique = uniqueness_claim(parsed)
        only = optimum if decided else _check_parsed(claim, text, unique, shown, share, min(proof_budget, share))
        if not decided and only.verdict != "proved":  # not strictly convex: is there another optimum?
            seed = zlib.crc32(text.encode())
            status, second = run_bounded(lambda: _second_child(parsed, seed), budget / 8)
            if status == "ok" and second is not None:
                return second_optimum_verdict(claim, shown, optimum_reading(parsed), second)
        return combined(claim, optimum_reading(parsed), optimum, only)
    verdict = _check_parsed(claim, text, parsed, shown, budget, proof_budget)
    if not parsed.statement or verdict.verdict == "error":
        return verdict
    read = statement_reading(parsed)
    note = f"{read}; {verdict.note}" if verdict.note else ""
    return replace(verdict, message=f"{read}; {verdict.message}", note=note)


def _check_parsed(
    claim: str, text: str, parsed: ParsedClaim, shown: str, budget: float, proof_budget: float
) -> Verdict:
    seed = zlib.crc32(text.encode())
    lemmas()  # built here once, before the first fork, so that every proof stage inherits them
    first = _searched(claim, shown, parsed, seed, budget, partial(quick_proof_after, parsed, budget, proof_budget))
    if isinstance(first, Verdict):
        return first
    result, scope, tolerance, used, quick = first
    proof = Proof()
    if quick is not None:  # the first points found nothing: the quick proof ran, and the certificate may follow
        proof = quick_stages(parsed, proof_budget, budget - used, quick)
        if proof.method or proof.certificate is not None:
            return _proved(claim, shown, parsed, scope, result, tolerance, proof, whole=False)
    remaining = budget - used - proof.seconds
    # after the whole search: the full prover, or (none of the first points was in the domain) the quick proof
    after = full_proof_after if quick is not None else quick_proof_after
    then = partial(after, parsed, remaining, proof_budget - proof.seconds)
    whole = _searched(claim, shown, parsed, seed, remaining, then, first=False, total=budget)
    if isinstance(whole, Verdict):
        return whole
    result, scope, tolerance, searched_seconds, following = whole
    remaining -= searched_seconds
    if quick is None and following is not None:  # the quick stages ran only now; the full prover comes next
        proof = quick_stages(parsed, proof_budget, remaining, following)
        if proof.method or proof.certificate is not None:
            return _proved(claim, shown, parsed, scope, result, tolerance, proof, whole=True)
        following = full_proof(parsed, proof_budget - proof.seconds, remaining - proof.seconds)
    proof = full_stage(proof, proof_budget - proof.seconds, remaining, following)
    if proof.method or proof.certificate is not None:
        return _proved(claim, shown, parsed, scope, result, tolerance, proof, whole=True)
    within = _within(parsed, tolerance)
    dips_status, dips = run_bounded(lambda: _dips_child(parsed, seed), max(remaining - proof.seconds, 1.0))
    if dips_status == "ok" and dips is not None:
        if dips.found:
            return refuted(claim, shown, replace(dips, searched=with_descents(result, dips).searched))
        result = with_descents(result, dips)
    if Relation.NE in parsed.relations:  # equal sides are rarely hit at random: where do the sides cross?
        status, crossed = run_bounded(lambda: _crossing_child(parsed, seed), max(remaining - proof.seconds, 1.0))
        if status == "ok" and crossed is not None:
            return refuted_where_crossing(claim, shown, crossed, result)
        return holds(claim, shown, result, proof.reason, within, unequal=True)
    return holds(claim, shown, result, proof.reason, within)


_Searched = tuple[SearchResult, str, Any, float, Outcome | None]


def _searched(
    claim: str,
    shown: str,
    parsed: ParsedClaim,
    seed: int,
    budget: float,
    then: Any,
    *,
    first: bool = True,
    total: float | None = None,
) -> Verdict | _Searched:
    """One search (the first points, or the whole) and the proof stage ``then`` names, in one child.

    ``budget`` is what is left of the claim's budget, ``total`` (default: ``budget``) the budget as given.
    A verdict when the search decides the claim (a counterexample, no point, an error), else
    ``(the search's result, the scope, the tolerance, its CPU seconds, the proof stage's outcome)``.
    """
    given = budget if total is None else total
    out_of_time = error(claim, f"the claim could not be evaluated within {given:g} s of CPU time", "time budget", shown)
    if budget <= 0:  # the earlier stages used the whole budget
        return out_of_time
    search_stage = cpu_timed(lambda: _search_child(parsed, seed, first))
    (status, timed), following = run_bounded_then(search_stage, budget, then)
    outcome, seconds = timed if status == "ok" else (timed, budget)
    if status == "timeout":
        return out_of_time
    if status == "error":
        return internal_error(claim, f"the evaluation failed: {last_line(outcome)}", str(outcome), shown)
    if outcome[0] == "error":
        message, column = outcome[1]
        return error(claim, message, "translation", shown, column)
    if outcome[0] == "infinite":
        return decided_infinite(claim, shown, outcome[1], _relation_text(parsed, outcome[1].position))
    result, scope, tolerance = outcome[1]
    if result.found:
        return refuted(claim, shown, result)
    if first:
        return result, scope, tolerance, seconds, following
    if result.beyond:
        return refuted_in_the_limit(claim, shown, result)
    if result.points == 0 and result.searched.structured_points == 0:  # whatever a prover would say: vacuous
        return no_point(claim, shown, parsed, result)
    return result, scope, tolerance, seconds, following


def _relation_text(parsed: ParsedClaim, position: int) -> str | None:
    """The relation ``position`` of a chain as written (``0 < x``), or None for a claim of one relation."""
    if len(parsed.relations) == 1:
        return None
    sides = parsed.sides
    return f"{sides[position].text.strip()} {parsed.relations[position].value} {sides[position + 1].text.strip()}"


def _within(parsed: ParsedClaim, tolerance: Any) -> str:
    approximate = Relation.APPROX in parsed.relations and tolerance is not None
    return f" within {exact_number(tolerance)}" if approximate else ""


def _proved(
    claim: str,
    shown: str,
    parsed: ParsedClaim,
    scope: str,
    result: SearchResult,
    tolerance: Any,
    proof: Proof,
    *,
    whole: bool,
) -> Verdict:
    """The verdict for a proof (symbolic, or by an interval certificate).

    ``result`` is the search behind it: the whole search (``whole``), or the first points only.
    """
    within = _within(parsed, tolerance)
    searched = result.searched.to_dict()
    if result.target == 1:
        numeric = f"the sides agree{within} at {REPORT_DIGITS} digits"
    elif whole:
        numeric = "no counterexample either"
    else:
        numeric = f"no counterexample at the {result.points} random points checked first either"
    if proof.method:
        message = f"proved symbolically{scope} (prover strategy: {proof.method}); {numeric}"
        return Verdict(claim, "proved", f"symbolic: {proof.method}", None, message, shown, searched=searched)
    message = (
        f"proved by {proof.certificate}, at every point the conditions allow where both sides are defined "
        f"({proof.reason}); {numeric}"
    )
    method = f"interval arithmetic: {proof.certificate}"
    return Verdict(claim, "proved", method, None, message, shown, searched=searched)
