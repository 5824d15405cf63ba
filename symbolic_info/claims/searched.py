"""What a search for counterexamples covered: the record behind a *holds* verdict, in words and as JSON.

A *holds* verdict says only that nothing was found; this record says where the search looked, so a
reader can judge the evidence: the random points and their numbers of categories, the structured
vectors at large ``n``, the smallest probability entry and the range of magnitudes tried, the ends of
the domain approached (with the sides' limits there), and what could not be searched.

>>> from fractions import Fraction
>>> record = Searched(random_points=240, small_sizes=(2, 3), large_sizes=(1000, 10**300), structured_points=12,
...                   smallest_entry=Fraction(1, 10**300), magnitudes=(Fraction(1, 10**300), Fraction(10**300)))
>>> print(record.describe())
240 random points (n = 2, 3); 12 structured vectors at n up to 1e300 (2 sizes); entries down to 1e-300; \
magnitudes from 1e-300 to 1e300
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

__all__ = ["Searched", "power_of_ten"]


def power_of_ten(value: int | Fraction) -> str:
    """A number for a summary: an integer below 10**6 as written, anything else as ``1e300`` or ``2.5e-7``.

    >>> power_of_ten(1000), power_of_ten(10**300), power_of_ten(Fraction(1, 10**300)), power_of_ten(Fraction(5, 2))
    ('1000', '1e300', '1e-300', '2.5')
    """
    exact = Fraction(value)
    if exact == 0:
        return "0"
    if exact.denominator == 1 and abs(exact) < 10**6:
        return str(exact.numerator)
    magnitude = abs(exact)
    exponent = len(str(magnitude.numerator)) - len(str(magnitude.denominator))
    if magnitude < Fraction(10) ** exponent:
        exponent -= 1
    mantissa = float(magnitude / Fraction(10) ** exponent)
    sign = "-" if exact < 0 else ""
    if exponent == 0:
        return f"{sign}{mantissa:.2g}"
    shown = f"{mantissa:.2g}"
    return f"{sign}{'1' if shown in ('1', '10') else shown}e{exponent + (1 if shown == '10' else 0)}"


@dataclass(frozen=True)
class Searched:
    """Where a search for counterexamples looked (all counts are of points where both sides had a value)."""

    random_points: int = 0
    small_sizes: tuple[int, ...] = ()
    large_sizes: tuple[int, ...] = ()
    structured_points: int = 0
    smallest_entry: Fraction | None = None
    magnitudes: tuple[Fraction, Fraction] | None = None
    ends: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())
    descents: int = 0  # local descents from the points nearest to failing (see :mod:`.refine`)

    def describe(self) -> str:
        """One line of text for the verdict."""
        parts = []
        if self.small_sizes:
            shown = _sizes(self.small_sizes)
            parts.append(f"{self.random_points} random points ({shown})")
        elif self.random_points:
            parts.append(f"{self.random_points} random points")
        if self.large_sizes:
            parts.append(
                f"{self.structured_points} structured vectors at n up to {power_of_ten(max(self.large_sizes))} "
                f"({len(self.large_sizes)} sizes)"
            )
        if self.smallest_entry is not None:
            parts.append(f"entries down to {power_of_ten(self.smallest_entry)}")
        if self.magnitudes is not None:
            low, high = self.magnitudes
            parts.append(f"magnitudes from {power_of_ten(low)} to {power_of_ten(high)}")
        if self.descents:
            parts.append(
                f"{self.descents} local descent{'s' if self.descents > 1 else ''} from the points nearest to failing"
            )
        if self.ends:
            parts.append("ends " + ", ".join(self.ends))
        parts.extend(self.notes)
        return "; ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """The record as JSON data (numbers as text where they may exceed a double)."""
        return {
            "random_points": self.random_points,
            "small_sizes": list(self.small_sizes),
            "large_sizes": [power_of_ten(size) for size in self.large_sizes],
            "structured_points": self.structured_points,
            "smallest_entry": None if self.smallest_entry is None else power_of_ten(self.smallest_entry),
            "magnitudes": None if self.magnitudes is None else [power_of_ten(value) for value in self.magnitudes],
            "ends": list(self.ends),
            "descents": self.descents,
            "notes": list(self.notes),
        }


def _sizes(sizes: tuple[int, ...]) -> str:
    if len(sizes) > 8 and list(sizes) == list(range(sizes[0], sizes[-1] + 1)):
        return f"n = {sizes[0]}..{sizes[-1]}"
    return "n = " + ", ".join(str(size) for size in sizes)
