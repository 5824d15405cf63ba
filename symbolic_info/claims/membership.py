"""Sets of values after ``where``: ``y in {0, 1}`` for a variable, ``y[i] in {0, 1}`` for every entry of a vector.

Braces are not part of the expression language, so a set is read here, from the text, before the
claim is parsed. :mod:`.discrete` splits a claim on a variable's set into one claim per value; a set
for the entries of a vector stays part of the claim (:func:`entry_sets` takes it out of the text,
keeping every column where it was, and :mod:`.entrywise` makes it the vector's domain).

>>> text, sets = entry_sets("sum(y[i], i) <= n where y[i] in {0, 1}")
>>> text.rstrip(), sets[0].name, sets[0].values
('sum(y[i], i) <= n', 'y', (Fraction(0, 1), Fraction(1, 1)))
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from ..errors import ClaimSyntaxError

__all__ = ["MAX_VALUES", "MEMBERSHIP", "WHERE", "EntrySet", "entry_sets", "set_values", "top_level_spans"]

#: The word that starts a claim's conditions.
WHERE = re.compile(r"(?<![A-Za-z0-9_])where(?![A-Za-z0-9_])")
#: ``name in {values}`` or ``name[index] in {values}``, one condition.
MEMBERSHIP = re.compile(
    r"^\s*(?P<name>[A-Za-z][A-Za-z0-9_]*)(?:\[\s*(?P<index>[^\]]*?)\s*\])?\s+in\s*\{(?P<values>[^{}]*)\}\s*$"
)
_NUMBER = re.compile(r"^-?\d+(\.\d+)?(/\d+)?$")
#: The most values one set may list.
MAX_VALUES = 8
_OPENING, _CLOSING = "([{", ")]}"


@dataclass(frozen=True)
class EntrySet:
    """``name[index] in {values}``: every entry of the vector ``name`` is one of ``values``."""

    name: str
    index: str
    values: tuple[Fraction, ...]
    column: int  # 1-based, in the text as typed


def top_level_spans(text: str, start: int) -> list[tuple[int, int]]:
    """The spans of ``text[start:]`` between its commas outside brackets and braces."""
    spans, depth, piece_start = [], 0, start
    for position in range(start, len(text)):
        character = text[position]
        depth += (character in _OPENING) - (character in _CLOSING)
        if character == "," and depth == 0:
            spans.append((piece_start, position))
            piece_start = position + 1
    spans.append((piece_start, len(text)))
    return spans


def _where(text: str) -> re.Match[str] | None:
    """The first ``where`` outside brackets."""
    for match in WHERE.finditer(text):
        before = text[: match.start()]
        if sum(c in _OPENING for c in before) == sum(c in _CLOSING for c in before):
            return match
    return None


def set_values(name: str, values: str, column: int) -> tuple[str, ...]:
    """The values listed, as written (numbers, at most :data:`MAX_VALUES`, each once); raises otherwise."""
    listed = tuple(value.replace("(", "").replace(")", "").replace(" ", "") for value in values.split(","))
    if not listed or not all(_NUMBER.match(value) for value in listed):
        raise ClaimSyntaxError(f"the values of {name} are numbers, as in '{name} in {{0, 1}}'", column)
    if len(set(listed)) > MAX_VALUES:
        raise ClaimSyntaxError(f"a set lists at most {MAX_VALUES} values", column)
    return tuple(dict.fromkeys(listed))


def entry_sets(text: str) -> tuple[str, tuple[EntrySet, ...]]:
    """``text`` with its ``y[i] in {...}`` conditions blanked out (columns kept), and those conditions.

    A condition blanked takes its comma with it, and ``where`` too when nothing else is left after it.
    """
    where = _where(text) if "{" in text else None
    if where is None:
        return text, ()
    spans = top_level_spans(text, where.end())
    found: list[EntrySet] = []
    blank: list[tuple[int, int]] = []
    kept: list[int] = []
    for position, (start, end) in enumerate(spans):
        match = MEMBERSHIP.match(text[start:end])
        if match is None or match["index"] is None:
            kept.append(position)
            continue
        column = start + len(text[start:end]) - len(text[start:end].lstrip()) + 1
        name, index = match["name"], match["index"]
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", index):
            raise ClaimSyntaxError(f"a set for every entry is written with an index name, as in {name}[i]", column)
        values = set_values(f"{name}[{index}]", match["values"], column)
        found.append(EntrySet(name, index, tuple(Fraction(value) for value in values), column))
        blank.append((start, min(end + 1, len(text))))  # with its comma
    if not found:
        return text, ()
    if not kept:  # nothing else after 'where'
        blank.append((where.start(), where.end()))
    elif kept[-1] + 1 < len(spans):  # the last condition kept loses the comma after it
        comma = spans[kept[-1]][1]
        blank.append((comma, comma + 1))
    characters = list(text)
    for start, end in blank:
        characters[start:end] = [" "] * (end - start)
    return "".join(characters), tuple(found)
