"""The verdicts a check ends with, written from what its stages found (:mod:`.checker` runs the stages).

A refutation shows its counterexample and how it was re-checked; an error verdict says whether the
claim or the checker is at fault (``internal``); a claim that only *holds* says where the search
looked and why no proof was found.

>>> verdict = internal_error("x = x", "ZeroDivisionError: division by zero")
>>> verdict.verdict, verdict.internal, verdict.message
('error', True, 'internal error (a fault of symbolic-info, not of the claim): ZeroDivisionError: division by zero')
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .counterexample import REPORT_DIGITS
from .point_check import RECHECK_DIGITS
from .search import SearchResult
from .syntax import ParsedClaim
from .verdict import Verdict, assignment

__all__ = [
    "EMPTY_DOMAIN",
    "INTERNAL_ERROR",
    "conditions_text",
    "error",
    "explained",
    "holds",
    "internal_error",
    "last_line",
    "no_point",
    "refuted",
    "refuted_in_the_limit",
    "refuted_where_crossing",
    "with_descents",
]

INTERNAL_ERROR = "internal error"  # the method of an error verdict that is the checker's fault, not the claim's


def _n_text(result: SearchResult) -> str:
    values = result.n_values
    if len(values) > 8 and list(values) == list(range(values[0], values[-1] + 1)):
        return f"n = {values[0]}..{values[-1]}; "
    return f"n = {', '.join(str(v) for v in values)}; " if values else ""


def refuted(claim: str, latex: str, result: SearchResult) -> Verdict:
    """The verdict for a confirmed counterexample."""
    assert result.counterexample is not None
    counterexample = result.counterexample
    searched = result.searched.to_dict()
    at = ", ".join(assignment(counterexample)) or "the values written"
    rechecks = " and ".join(map(str, RECHECK_DIGITS))
    note = f"evaluated at {REPORT_DIGITS} digits; re-checked at {rechecks} digits and by SymPy's adaptive evalf"
    if result.close_to_decimals:
        note += "; the sides agree to the decimals written: use ~= for an approximate claim"
    failing = f" ({counterexample['relation']} fails)" if "relation" in counterexample else ""
    sides = f"left = {counterexample['left']}, right = {counterexample['right']}"
    message = f"counterexample at {at}{failing}: {sides} ({note})"
    method = f"counterexample, re-checked at {RECHECK_DIGITS[-1]} digits"
    return Verdict(claim, "refuted", method, counterexample, message, latex, note=note, searched=searched)


def refuted_in_the_limit(claim: str, latex: str, result: SearchResult) -> Verdict:
    """A limit at an end of the domain violates the claim, beyond every point that could be evaluated."""
    where = result.beyond.removeprefix("the limit as ").partition(" shows")[0]
    message = (
        f"refuted in the limit: as {where}, the sides violate the claim (SymPy's limits); no point close "
        "enough to that end could be evaluated, so there is no numeric counterexample to show"
    )
    method = "limit at an end of the domain"
    return Verdict(claim, "refuted", method, None, message, latex, searched=result.searched.to_dict())


def error(claim: str, message: str, method: str, latex: str = "", column: int | None = None) -> Verdict:
    """An ``error`` verdict that is the claim's fault (unreadable, not evaluable, out of time)."""
    return Verdict(claim, "error", method, None, message, latex, column)


def internal_error(claim: str, what: str, details: str = "", latex: str = "") -> Verdict:
    """The ``error`` verdict for a fault of the checker itself (``what`` happened), marked ``internal``."""
    message = f"{INTERNAL_ERROR} (a fault of symbolic-info, not of the claim): {what}"
    return Verdict(claim, "error", INTERNAL_ERROR, None, message, latex, internal=True, details=details)


def explained(failure: BaseException) -> str:
    """The exception's type and message, with what to do when a daemonic worker cannot start the checker's children.

    >>> explained(ValueError("no"))
    'ValueError: no'
    """
    text = f"{type(failure).__name__}: {failure}"
    if "daemonic processes are not allowed to have children" in text:
        text += " (run the checks in workers that are not daemonic; for dask.distributed set distributed.worker.daemon"
        text += " to False before the workers start)"
    return text


def last_line(text: str) -> str:
    """The last line of a traceback (the exception), for a message.

    >>> last_line("Traceback ...\\nValueError: no\\n")
    'ValueError: no'
    """
    lines = str(text).strip().splitlines()
    return lines[-1] if lines else "unknown error"


def holds(claim: str, latex: str, result: SearchResult, reason: str, within: str, unequal: bool = False) -> Verdict:
    """The verdict when no proof was found (``reason``) and the search found no counterexample.

    An ``error`` instead when too few sampled points satisfy the conditions to support a verdict. For a
    ``!=`` claim (``unequal``) the message says what such a search cannot see: sides that touch.
    """
    searched = result.searched.to_dict()
    if result.points < result.target:
        message = (
            f"{reason}, and only {result.points} sampled points satisfy the conditions and give both sides a real "
            f"value ({result.undefined + result.outside} did not): state the domain with 'where', e.g. 'where x > 0'"
        )
        return error(claim, message, "evaluation", latex)
    where = result.searched.describe()
    if result.target == 1:
        evidence = f"both sides agree{within} at {REPORT_DIGITS} digits"
        method_text = f"numeric: evaluated at {REPORT_DIGITS} digits"
    elif result.target == len(result.n_values):
        evidence = f"no counterexample at any of {_n_text(result)[:-2]} ({where}), evaluated at {REPORT_DIGITS} digits"
        method_text = f"numeric: every n, {result.points} values at {REPORT_DIGITS} digits"
    else:
        skipped = f"; {result.undefined} points where a side has no real value were skipped" if result.undefined else ""
        evidence = f"no counterexample at {where}; evaluated at {REPORT_DIGITS} digits{skipped}"
        method_text = f"numeric: {result.points} points at {REPORT_DIGITS} digits"
    if unequal:
        evidence += (
            "; no exactly equal sides there, and no place found where they cross (change order continuously; "
            "across a pole they do not cross); sides that touch without crossing at a point not drawn would not be seen"
        )
    return Verdict(claim, "holds", method_text, None, f"{reason}; {evidence}", latex, searched=searched)


def refuted_where_crossing(claim: str, latex: str, counterexample: dict[str, Any], result: SearchResult) -> Verdict:
    """The verdict for a ``!=`` claim whose sides are equal at a point found by bisection (:mod:`.crossing`)."""
    searched = result.searched.to_dict()
    at = ", ".join(assignment(counterexample)) or "the values written"
    note = counterexample.pop("crossing")
    message = f"counterexample at {at}: left = {counterexample['left']}, right = {counterexample['right']} ({note})"
    return Verdict(
        claim, "refuted", "sides that cross, by bisection", counterexample, message, latex, note=note, searched=searched
    )


def conditions_text(parsed: ParsedClaim) -> str:
    """The claim's conditions as written: ``x > 0, k > n``."""
    chains = []
    for condition in parsed.conditions:
        parts = [condition.sides[0].text]
        for relation, side in zip(condition.relations, condition.sides[1:], strict=True):
            parts += [relation.value, side.text]
        chains.append(" ".join(parts))
    return ", ".join(chains)


#: The method of the error verdict for a claim whose conditions no point tried satisfies.
EMPTY_DOMAIN = "empty domain"


def no_point(claim: str, latex: str, parsed: ParsedClaim, result: SearchResult) -> Verdict:
    """The error verdict for a search that evaluated the claim at no point at all: nothing supports a verdict.

    Either no value satisfies the conditions (the domain is empty: ``x = log(-1)`` is not a real number,
    ``k > n`` is impossible for a category index) and any proof would be vacuous, or no side has a real value
    anywhere the search looked.
    """
    tried, outside, undefined = result.outside + result.undefined, result.outside, result.undefined
    searched = result.searched.to_dict()
    conditions = conditions_text(parsed)
    if outside and not undefined:
        what = f"'where {conditions}'" if conditions else "the claim's implicit conditions (entries >= 0)"
        message = (
            f"no value satisfies the conditions: no point tried ({outside} in all) satisfies {what}, so the domain"
            " looks empty and there is nothing to prove or check (a condition that is impossible, or whose sides"
            " have no real value, never holds)"
        )
        return Verdict(claim, "error", EMPTY_DOMAIN, None, message, latex, searched=searched)
    if undefined and not outside:
        message = f"no point could be evaluated: a side has no real value at every point tried ({undefined} in all)"
    elif tried:
        message = (
            f"no point could be evaluated: of the points tried ({tried} in all), {outside} do not satisfy the"
            f" conditions and at the other {undefined} a side has no real value"
        )
    else:
        message = "no point could be evaluated: the conditions leave no value to try (the domain looks empty)"
    if tried:
        message += ": state the domain with 'where', e.g. 'where x > 0'"
    return Verdict(claim, "error", "evaluation", None, message, latex, searched=searched)


def with_descents(result: SearchResult, dips: SearchResult) -> SearchResult:
    """``result`` with the local descents that :func:`.search.search_dips` ran afterwards recorded."""
    return replace(result, searched=replace(result.searched, descents=dips.searched.descents))
