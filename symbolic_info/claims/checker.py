"""Check a claim: look for a counterexample, then try a proof, each with a wall-clock budget.

The pipeline: parse (no SymPy, nothing executed) -> translate and search for a
counterexample at 240 seeded points (in a child process with a time budget) -> if none,
translate and try a symbolic proof (in another child, with a shorter budget). A confirmed
counterexample wins over everything, so a prover mistake could never turn a false claim
into a ``proved`` one; a proof turns ``holds`` into ``proved``.

>>> check("KL(p, q) = H(p, q) - H(p)").verdict
'proved'
>>> verdict = check("H(p, q) = -sum(p[i]*q[i], i)")
>>> verdict.verdict, verdict.counterexample["n"]
('refuted', 2)
>>> check("x.__class__ = 1").message
"column 2: attribute access ('.__class__') is not allowed in a claim"
"""

from __future__ import annotations

import time
import zlib
from dataclasses import replace
from typing import Any

from ..engine.bounded import run_bounded
from ..engine.obligations import Relation
from ..errors import ClaimError, ClaimSyntaxError, InvalidArgumentError
from .from_latex import latex_to_claim
from .proof import prove
from .render import render_claim
from .search import RECHECK_DIGITS, REPORT_DIGITS, SearchResult, exact_number, search
from .syntax import ParsedClaim, parse_claim
from .translate import translate
from .verdict import Verdict, assignment

__all__ = ["DEFAULT_BUDGET", "PROOF_BUDGET", "check"]

DEFAULT_BUDGET = 30.0  # wall-clock seconds per claim
PROOF_BUDGET = 5.0  # at most this much of it for the symbolic proof


def _search_child(parsed: ParsedClaim, seed: int) -> tuple[str, Any]:
    try:
        claim = translate(parsed)
    except ClaimSyntaxError as error:
        return "error", (str(error), error.column)
    except ClaimError as error:
        return "error", (str(error), None)
    n = claim.variables.n
    on_n = any(n in c.left.free_symbols | c.right.free_symbols for c in claim.conditions) if n is not None else False
    scope = (" for every n allowed by the conditions" if on_n else " for every n >= 2") if n is not None else ""
    return "ok", (search(claim, seed), scope, claim.tolerance)


def _prove_child(parsed: ParsedClaim) -> str | None:
    return prove(translate(parsed))


def _n_text(result: SearchResult) -> str:
    values = result.n_values
    if len(values) > 8 and list(values) == list(range(values[0], values[-1] + 1)):
        return f"n = {values[0]}..{values[-1]}; "
    return f"n = {', '.join(str(v) for v in values)}; " if values else ""


def _refuted(claim: str, latex: str, result: SearchResult) -> Verdict:
    assert result.counterexample is not None
    counterexample = result.counterexample
    at = ", ".join(assignment(counterexample)) or "the values written"
    rechecks = " and ".join(map(str, RECHECK_DIGITS))
    note = f"evaluated at {REPORT_DIGITS} digits; re-checked at {rechecks} digits and by SymPy's adaptive evalf"
    if result.close_to_decimals:
        note += "; the sides agree to the decimals written: use ~= for an approximate claim"
    message = f"counterexample at {at}: left = {counterexample['left']}, right = {counterexample['right']} ({note})"
    method = f"counterexample, re-checked at {RECHECK_DIGITS[-1]} digits"
    return Verdict(claim, "refuted", method, counterexample, message, latex, note=note)


def _error(claim: str, message: str, method: str, latex: str = "", column: int | None = None) -> Verdict:
    return Verdict(claim, "error", method, None, message, latex, column)


def check(
    claim: str, *, latex: bool = False, budget: float = DEFAULT_BUDGET, proof_budget: float = PROOF_BUDGET
) -> Verdict:
    """Check one claim (plain text, or LaTeX with ``latex=True``); never raises for a bad claim."""
    if not isinstance(claim, str):
        raise InvalidArgumentError(f"a claim is a string, got {type(claim).__name__}")
    if not budget > 0 or not proof_budget > 0:
        raise InvalidArgumentError("the time budgets must be positive")
    if not latex:
        return _check_text(claim, claim, budget, proof_budget)
    try:
        text = latex_to_claim(claim)
    except ClaimSyntaxError as error:
        return _error(claim, str(error), "parse", column=error.column)
    verdict = _check_text(claim, text, budget, proof_budget)
    note = f"read as: {text}; {verdict.note}" if verdict.note else ""
    return replace(verdict, message=f"read as: {text}; {verdict.message}", column=None, note=note)


def _check_text(claim: str, text: str, budget: float, proof_budget: float) -> Verdict:
    started = time.perf_counter()
    try:
        parsed = parse_claim(text)
        shown = render_claim(parsed)
    except ClaimSyntaxError as error:
        return _error(claim, str(error), "parse", column=error.column)
    status, outcome = run_bounded(lambda: _search_child(parsed, zlib.crc32(text.encode())), budget)
    if status == "timeout":
        return _error(claim, f"the claim could not be evaluated within {budget:g} s", "time budget", shown)
    if status == "error":
        last = str(outcome).strip().splitlines()[-1] if str(outcome).strip() else "unknown error"
        return _error(claim, f"the claim could not be evaluated ({last})", "evaluation", shown)
    if outcome[0] == "error":
        message, column = outcome[1]
        return _error(claim, message, "translation", shown, column)
    result, scope, tolerance = outcome[1]
    if result.found:
        return _refuted(claim, shown, result)
    remaining = budget - (time.perf_counter() - started)
    seconds = min(proof_budget, max(remaining, 0.5))
    proof_status, method = run_bounded(lambda: _prove_child(parsed), seconds)
    within = (
        f" within {exact_number(tolerance)}" if Relation.APPROX in parsed.relations and tolerance is not None else ""
    )
    if proof_status == "ok" and method:
        numeric = (
            f"no counterexample at {result.points} points either"
            if result.target > 1
            else f"the sides agree{within} at {REPORT_DIGITS} digits"
        )
        message = f"proved symbolically{scope} (prover strategy: {method}); {numeric}"
        return Verdict(claim, "proved", f"symbolic: {method}", None, message, shown)
    reason = {"timeout": f"no symbolic proof within {seconds:g} s", "error": "the prover failed"}.get(
        proof_status, "no symbolic proof found"
    )
    if result.points < result.target:
        message = (
            f"{reason}, and only {result.points} sampled points satisfy the conditions and give both sides a real "
            f"value ({result.undefined + result.outside} did not): state the domain with 'where', e.g. 'where x > 0'"
        )
        return _error(claim, message, "evaluation", shown)
    if result.target == 1:
        evidence = f"both sides agree{within} at {REPORT_DIGITS} digits"
        method_text = f"numeric: evaluated at {REPORT_DIGITS} digits"
    elif result.target == len(result.n_values):
        evidence = f"no counterexample at any of {_n_text(result)[:-2]}, evaluated at {REPORT_DIGITS} digits"
        method_text = f"numeric: every n, {result.points} values at {REPORT_DIGITS} digits"
    else:
        skipped = f"; {result.undefined} points where a side has no real value were skipped" if result.undefined else ""
        evidence = (
            f"no counterexample at {result.points} seeded points ({_n_text(result)}edge regions included), "
            f"evaluated at {REPORT_DIGITS} digits{skipped}"
        )
        method_text = f"numeric: {result.points} points at {REPORT_DIGITS} digits"
    return Verdict(claim, "holds", method_text, None, f"{reason}; {evidence}", shown)
