"""``A implies B`` and ``A iff B`` between relations: each direction checked as a claim with a condition.

``A implies B`` holds when ``B`` holds wherever ``A`` does, which is the claim ``B where A``: it is
checked as that claim, and its verdict (proved, holds, refuted with a point where ``A`` holds and ``B``
does not) is the implication's. ``A iff B`` is both directions, ``B where A`` and ``A where B``: proved
when both are, refuted when either is, and otherwise holds. Conditions after ``where`` apply to both
sides: ``A implies B where C`` is ``B where A, C``.

>>> connected = split_connective("x > 1 implies log(x) > 0 where x < 5")
>>> [direction.text for direction in connected.directions()]
['log(x) > 0 where x > 1, x < 5']
>>> split_connective("log(x) <= x - 1") is None
True
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from ..errors import ClaimSyntaxError
from .discrete import split_memberships
from .render import render_claim, render_conditions
from .syntax import parse_claim
from .verdict import Verdict, VerdictName

__all__ = ["CONNECTIVES", "Connected", "Direction", "check_connected", "claim_latex", "split_connective"]

#: The connectives between two relations, as typed, and as LaTeX writes them.
CONNECTIVES = {"iff": r"\iff", "implies": r"\implies"}
_WORD = re.compile(r"(?<![A-Za-z0-9_])(iff|implies|where)(?![A-Za-z0-9_])")


@dataclass(frozen=True)
class Direction:
    """One direction to check, as the text of a claim with conditions, and where its pieces were typed."""

    text: str
    label: str  # "A implies B", as typed
    pieces: tuple[tuple[int, int, int], ...]  # (start in text, start in the claim as typed, length)

    def column(self, column: int | None) -> int | None:
        """The column in the claim as typed of ``column`` in :attr:`text` (both from 1)."""
        if column is None:
            return None
        for start, typed, length in self.pieces:
            if start < column <= start + length:
                return typed + column - start
        return None


@dataclass(frozen=True)
class Connected:
    """A claim ``left word right [where conditions]`` (``word`` is ``iff`` or ``implies``); spans are (start, end)."""

    text: str
    word: str
    left: tuple[int, int]
    right: tuple[int, int]
    conditions: tuple[int, int] | None

    def _part(self, span: tuple[int, int]) -> tuple[str, int]:
        raw = self.text[span[0] : span[1]]
        stripped = raw.strip()
        return stripped, span[0] + raw.index(stripped) if stripped else span[0]

    def _direction(self, premise: tuple[int, int], conclusion: tuple[int, int]) -> Direction:
        (then, then_at), (given, given_at) = self._part(conclusion), self._part(premise)
        if not then or not given:
            at = (conclusion if not then else premise)[0]
            raise ClaimSyntaxError(f"a relation is missing on one side of '{self.word}'", at + 1)
        text = f"{then} where {given}"
        pieces = [(0, then_at, len(then)), (len(then) + len(" where "), given_at, len(given))]
        if self.conditions is not None:
            more, more_at = self._part(self.conditions)
            pieces.append((len(text) + 2, more_at, len(more)))
            text += f", {more}"
        return Direction(text, f"{given} implies {then}", tuple(pieces))

    @property
    def count(self) -> int:
        """How many directions are checked: 1 for ``implies``, 2 for ``iff``."""
        return 1 if self.word == "implies" else 2

    def directions(self) -> list[Direction]:
        """``B where A`` for ``A implies B``; that and ``A where B`` for ``A iff B``."""
        forward = self._direction(self.left, self.right)
        return [forward] if self.word == "implies" else [forward, self._direction(self.right, self.left)]

    def latex(self) -> str:
        left, right = (parse_claim(self._part(span)[0]) for span in (self.left, self.right))
        text = f"{render_claim(left)} {CONNECTIVES[self.word]} {render_claim(right)}"
        if self.conditions is not None:
            conditions = parse_claim(f"0 = 0 where {self._part(self.conditions)[0]}")
            text += r" \quad \text{where } " + render_conditions(conditions)
        return text


def claim_latex(text: str) -> str:
    """LaTeX for a claim as typed, with its connective if it has one (raises :class:`ClaimSyntaxError`).

    >>> print(claim_latex("x > 1 implies log(x) > 0"))
    x > 1 \\implies \\log x > 0
    """
    memberships = split_memberships(text)
    if memberships is not None:  # y in {0, 1}: the claim without its sets, then the sets
        return memberships.with_sets(claim_latex(memberships.without_sets()))
    connected = split_connective(text)
    return render_claim(parse_claim(text)) if connected is None else connected.latex()


def split_connective(text: str) -> Connected | None:
    """The claim's two relations and its connective, when it has one (outside brackets), else None."""
    depth, found, where = 0, [], None
    for position, character in enumerate(text):
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(character, 0)
        if depth == 0:
            match = _WORD.match(text, position)
            if match and (position == 0 or not (text[position - 1].isalnum() or text[position - 1] == "_")):
                if match.group(1) == "where":
                    where = position if where is None else where
                elif where is None:
                    found.append((position, match.group(1)))
    if not found:
        return None
    if len(found) > 1:
        raise ClaimSyntaxError("a claim has one 'iff' or 'implies': check each implication on its own", found[1][0] + 1)
    position, word = found[0]
    end = len(text) if where is None else where
    conditions = None if where is None else (where + len("where"), len(text))
    return Connected(text, word, (0, position), (position + len(word), end), conditions)


def check_connected(claim: str, connected: Connected, check: Callable[[str], Verdict]) -> Verdict:
    """The verdict on ``claim`` from the verdicts of its directions, each checked by ``check``."""
    try:
        directions = connected.directions()
    except ClaimSyntaxError as failure:
        return Verdict(claim, "error", "parse", None, str(failure), column=failure.column)
    verdicts = [(direction, check(direction.text)) for direction in directions]
    try:
        latex = claim_latex(connected.text)  # with its sets of values, y in {0, 1}, if it has any
    except ClaimSyntaxError:  # a direction that cannot be read says where, below
        latex = ""
    for direction, verdict in verdicts:
        if verdict.verdict == "error":
            column = direction.column(verdict.column)
            message = verdict.message if column is None else re.sub(r"^column \d+", f"column {column}", verdict.message)
            return replace(verdict, claim=claim, latex=latex, message=message, column=column)
    for direction, verdict in verdicts:
        if verdict.verdict == "refuted":
            message = f"'{direction.label}' fails: {verdict.message}"
            note = f"'{direction.label}' fails; {verdict.note}" if verdict.note else ""
            return replace(verdict, claim=claim, latex=latex, message=message, note=note)
    if len(verdicts) == 1:  # an implication: its one direction's verdict
        return replace(verdicts[0][1], claim=claim, latex=latex)
    said = "; ".join(f"'{direction.label}': {verdict.message}" for direction, verdict in verdicts)
    status: VerdictName = "proved" if all(verdict.verdict == "proved" for _, verdict in verdicts) else "holds"
    methods = "; ".join(verdict.method for _, verdict in verdicts)
    return Verdict(claim, status, methods, None, said, latex, searched=verdicts[0][1].searched)
