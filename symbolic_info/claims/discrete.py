"""Discrete domains: ``where y in {0, 1}``, a variable that takes only the values listed.

A claim ``A where y in {0, 1}`` is the claims ``A where y = 0`` and ``A where y = 1``, each checked as
any claim (``y = 0`` substitutes the value): proved when every case is proved (an exhaustive proof,
so a claim true only for labels in {0, 1}, such as ``t**y*(1 - t)**(1 - y) = y*t + (1 - y)*(1 - t)``,
is proved), refuted when a case is (its counterexample names the value), and otherwise holds. Several
such conditions give every combination of their values (at most :data:`MAX_CASES`). A set for every
entry of a vector, ``y[i] in {0, 1}``, is not split into cases (there are ``2**n``): it stays among the
conditions, as the vector's domain (:mod:`.entrywise`). In LaTeX: ``y \\in \\{0, 1\\}``.

>>> split_memberships("y**2 = y where y in {0, 1}").cases()
['y**2 = y where y = 0', 'y**2 = y where y = 1']
>>> split_memberships("log(x) <= x - 1 where x > 0") is None
True
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, replace

from ..errors import ClaimSyntaxError
from .membership import MAX_VALUES, MEMBERSHIP, WHERE, set_values, top_level_spans
from .outcomes import EMPTY_DOMAIN
from .verdict import Verdict, VerdictName

__all__ = ["MAX_CASES", "MAX_VALUES", "Memberships", "check_cases", "split_memberships"]

#: The most cases all the sets of a claim may make together.
MAX_CASES = 16


@dataclass(frozen=True)
class Memberships:
    """A claim's text before its conditions, its other conditions, and each variable's set of values."""

    head: str
    others: tuple[str, ...]
    sets: tuple[tuple[str, tuple[str, ...]], ...]

    def values(self) -> list[dict[str, str]]:
        """Every combination of the values: ``{"y": "0"}``, ``{"y": "1"}``."""
        names = [name for name, _ in self.sets]
        combinations = itertools.product(*(values for _, values in self.sets))
        return [dict(zip(names, combination, strict=True)) for combination in combinations]

    def cases(self) -> list[str]:
        """The claims to check: one for every combination of the values, ``y = 0`` among the conditions."""
        texts = []
        for values in self.values():
            fixed = [f"{name} = {value}" for name, value in values.items()]
            texts.append(f"{self.head} where {', '.join([*self.others, *fixed])}")
        return texts

    def without_sets(self) -> str:
        """The claim without its sets: the head and the other conditions."""
        return self.head + (f" where {', '.join(self.others)}" if self.others else "")

    def with_sets(self, latex: str) -> str:
        """``latex`` (the claim without its sets) with the sets, ``y \\in \\{0, 1\\}``, after its conditions."""
        sets = r",\ ".join(rf"{name} \in \{{{', '.join(values)}\}}" for name, values in self.sets)
        return latex + (r",\ " if self.others else r" \quad \text{where } ") + sets


def split_memberships(text: str) -> Memberships | None:
    """The claim's ``name in {values}`` conditions, or None when it has none (raises for a malformed set)."""
    found = [match for match in WHERE.finditer(text) if "{" in text[match.end() :]]
    if not found or "{" in text[: found[0].start()]:
        return None
    where = found[0]
    head = text[: where.start()].rstrip()
    conditions = [text[start:end] for start, end in top_level_spans(text, where.end())]
    others: list[str] = []
    sets: list[tuple[str, tuple[str, ...]]] = []
    for condition in conditions:
        match = MEMBERSHIP.match(condition)
        if match is None or match["index"] is not None:  # an entry's set stays a condition
            if match is None and ("{" in condition or "}" in condition):
                column = (
                    where.end()
                    + text[where.end() :].index(condition)
                    + condition.index("{" if "{" in condition else "}")
                )
                raise ClaimSyntaxError("a set of values is written as in 'where y in {0, 1}'", column + 1)
            others.append(condition.strip())
            continue
        column = where.end() + text[where.end() :].index(condition) + len(condition) - len(condition.lstrip()) + 1
        name, values = match["name"], set_values(match["name"], match["values"], column)
        if any(name == other for other, _ in sets):
            raise ClaimSyntaxError(f"{name} is given a set twice", column)
        sets.append((name, values))
    if not sets:
        return None
    memberships = Memberships(head, tuple(others), tuple(sets))
    count = 1
    for _, values in sets:
        count *= len(values)
    if count > MAX_CASES:
        raise ClaimSyntaxError(f"the sets make {count} cases; at most {MAX_CASES} are checked", where.start() + 1)
    return memberships


def check_cases(claim: str, memberships: Memberships, check: Callable[[str], Verdict], latex: str) -> Verdict:
    """The verdict on a claim with sets of values, from the verdicts of its cases (``check`` checks one)."""
    verdicts = [(case, check(case)) for case in memberships.cases()]
    empty = [case for case, verdict in verdicts if verdict.method == EMPTY_DOMAIN]  # no point satisfies its conditions
    for case, verdict in verdicts:
        if verdict.verdict == "error" and (verdict.method != EMPTY_DOMAIN or len(empty) == len(verdicts)):
            return replace(verdict, claim=claim, column=None, message=f"the case '{case}': {verdict.message}")
    for values, (case, verdict) in zip(memberships.values(), verdicts, strict=True):
        if verdict.verdict == "refuted":
            fixed = ", ".join(f"{name} = {value}" for name, value in values.items())
            note = f"in the case {fixed}; {verdict.note}" if verdict.note else f"in the case {fixed}"
            found = verdict.counterexample
            if found is not None:  # the case's values first: they are the counterexample's too
                found = {**found, "variables": {**values, **found.get("variables", {})}}
            message = f"the case '{case}' fails: {verdict.message}"
            return replace(verdict, claim=claim, message=message, note=note, counterexample=found)
    # a case whose domain only looks empty (no point found) is not proved: the claim then holds at best
    status: VerdictName = "proved" if all(v.verdict == "proved" for _, v in verdicts) else "holds"
    every = "every case" if status == "proved" else "no case refuted"
    said = f"{every} ({len(verdicts)}): " + "; ".join(
        f"'{case}': {'no point satisfies its conditions' if case in empty else v.verdict}" for case, v in verdicts
    )
    methods = "cases: " + "; ".join(v.method for _, v in verdicts)
    first = next(v for case, v in verdicts if case not in empty)
    message = f"{said}; {first.message}"
    return Verdict(claim, status, methods, None, message, latex, searched=first.searched)
