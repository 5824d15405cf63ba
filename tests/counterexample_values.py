"""The values of a counterexample as mpmath numbers, for the oracles that re-check it from the textbook formulas."""

from __future__ import annotations

import mpmath


def number(text: str) -> mpmath.mpf:
    """A value as the checker writes it (``0.25``, ``1/3``, ``-2``), exactly, at the current precision."""
    numerator, _, denominator = text.partition("/")
    return mpmath.mpf(numerator) / (mpmath.mpf(denominator) if denominator else 1)


def entries(values: list[str]) -> list[mpmath.mpf]:
    """A small vector's entries (a large one is written in blocks, ``(x 1000)``: not listed entry by entry)."""
    assert not any("(x" in value for value in values), "a small counterexample lists every entry"
    return [number(value) for value in values]
