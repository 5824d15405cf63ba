"""Seeded random points for a claim's variables, with the edge regions where formulas break.

A point gives every integer parameter (``n``, category indices) and every real value
(scalars, vector entries) as an exact fraction. Probability vectors are drawn from several
regions: the interior of the simplex, skewed vectors, vectors with near-zero entries
(down to :data:`SMALLEST_ENTRY`, 1e-300), near one-hot vectors, small-denominator vectors such as
(2/7, 5/7), the uniform vector, and a copy of another vector (``q = p``, where strict inequalities
fail). Scalars are drawn simple (0, 1, 1/2, ...), moderate, and log-uniformly in magnitude over
their whole domain, out to :data:`LARGEST_MAGNITUDE` (1e300) and down to 1e-300, both signs where
allowed; in an interval, also log-uniformly close to each end, and at a closed end. The numbers
of categories cycle through the claim's values of ``n``. The first draws use the simple regions
only, so a counterexample, when there is one, is often a readable one. Large numbers of
categories are searched with structured vectors (:mod:`.structured`).

>>> import sympy as sp
>>> from symbolic_info.claims.translate import Variables
>>> p = sp.IndexedBase("p", positive=True)
>>> n = sp.Symbol("n", integer=True, positive=True)
>>> points = list(sample(Variables(n, (2, 3), (p,), (), ()), seed=1, count=4))
>>> [point.integers[n] for point in points]
[2, 3, 2, 3]
>>> all(sum(pt.values[f"p[{k}]"] for k in range(1, pt.integers[n] + 1)) == 1 for pt in points)
True
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import sympy as sp

from .bounds import Scalar

__all__ = [
    "LARGEST_MAGNITUDE",
    "REAL_REGIONS",
    "SMALLEST_ENTRY",
    "SMALLEST_MAGNITUDE",
    "Blocks",
    "Point",
    "bounded_entries",
    "real_entries",
    "round_point",
    "sample",
    "sample_scalar",
    "simple_values",
]

_VECTOR_REGIONS = ("interior", "skewed", "near zero", "near one-hot", "small", "uniform", "copy")
_VECTOR_WEIGHTS = (30, 15, 15, 15, 10, 5, 10)
_SIMPLE_VALUES = tuple(Fraction(v) for v in ("0", "1", "-1", "2", "-2", "1/2", "-1/2", "3", "10", "1/3"))
#: Scalars are drawn with magnitudes from SMALLEST_MAGNITUDE to LARGEST_MAGNITUDE (log-uniformly).
LARGEST_MAGNITUDE_EXPONENT = 300
LARGEST_MAGNITUDE = Fraction(10) ** LARGEST_MAGNITUDE_EXPONENT
SMALLEST_MAGNITUDE = 1 / LARGEST_MAGNITUDE
#: The smallest entry of a probability vector that the search draws.
SMALLEST_ENTRY_EXPONENT = 300
SMALLEST_ENTRY = Fraction(1, 10**SMALLEST_ENTRY_EXPONENT)
_SCALES = tuple(Fraction(10) ** k for k in (-8, -3, -1, 0, 1, 3))


@dataclass(frozen=True)
class Blocks:
    """Positions ``1..n`` grouped for a large ``n``: ``head`` single positions, then tail blocks of equal entries.

    The entries of tail block ``t`` are the value named ``p[tailt]``; sums over the categories are
    evaluated as ``sum of the head terms + sum over t of counts[t] * the tail term`` (:mod:`.structured`),
    so ``n = 10**300`` costs no more than ``n = 3``.
    """

    head: int
    counts: tuple[int, ...]

    @property
    def n(self) -> int:
        return self.head + sum(self.counts)


@dataclass(frozen=True)
class Point:
    """Integer parameters and exact real values of every variable (vector entries by block, for ``blocks``)."""

    integers: dict[sp.Basic, int] = field(default_factory=dict)
    values: dict[str, Fraction] = field(default_factory=dict)  # "x", "p[1]", ..., "p[tail1]", "count1", "n"
    blocks: Blocks | None = None


def _uniform(rng: random.Random) -> Fraction:
    return Fraction(2 * rng.getrandbits(64) + 1, 2**65)  # in (0, 1)


def _exponential(rng: random.Random) -> Fraction:
    return Fraction(rng.expovariate(1.0)) + Fraction(1, 2**60)


def _weights(rng: random.Random, n: int, region: str) -> list[Fraction]:
    if region == "uniform":
        return [Fraction(1)] * n
    if region == "small":
        return [Fraction(rng.randint(1, 9)) for _ in range(n)]
    if region == "skewed":
        return [_exponential(rng) * _uniform(rng) ** 4 + Fraction(1, 10**12) for _ in range(n)]
    if region == "near one-hot":
        epsilon = Fraction(1, 10 ** rng.choice((3, 8, 15, 30, 100, SMALLEST_ENTRY_EXPONENT)))
        hot = rng.randrange(n)
        return [Fraction(1) if k == hot else epsilon * (1 + _uniform(rng)) for k in range(n)]
    weights = [_exponential(rng) for _ in range(n)]
    if region == "near zero":
        total = sum(weights)
        for k in rng.sample(range(n), rng.randint(1, n - 1) if n > 1 else 1):
            weights[k] = total * _uniform(rng) / 10 ** rng.choice((4, 10, 30, 100, SMALLEST_ENTRY_EXPONENT - 1))
    return weights


def _vector(rng: random.Random, n: int, region: str) -> list[Fraction]:
    weights = _weights(rng, n, region)
    total = sum(weights)
    return [w / total for w in weights]


def real_entries(rng: random.Random, count: int, region: str) -> list[Fraction]:
    """``count`` entries of a real vector (logits) from ``region`` (see :data:`REAL_REGIONS`)."""
    if region == "simple":
        return [rng.choice(_SIMPLE_VALUES) for _ in range(count)]
    if region == "equal":
        return [rng.choice(_SIMPLE_VALUES[:5])] * count
    if region == "one large":  # a near one-hot softmax
        entries = [(2 * _uniform(rng) - 1) * 4 for _ in range(count)]
        entries[rng.randrange(count)] = rng.choice((-1, 1)) * Fraction(10) ** rng.choice((2, 3, 5))
        return entries
    if region == "large":  # large logits of both signs (exp overflows a double beyond 709)
        return [rng.choice((-1, 1)) * (1 + _uniform(rng)) * 10 ** rng.choice((1, 2, 3)) for _ in range(count)]
    if region == "huge":  # magnitudes from 1e-3 to 1e5 (exp is evaluated up to 2**17), or from 1e-300 to 1e300
        top = LARGEST_MAGNITUDE_EXPONENT
        low, high = (-3, 5) if rng.random() < 0.5 else (-top, top)
        return [rng.choice((-1, 1)) * _log_uniform(rng, low, high) for _ in range(count)]
    return [(2 * _uniform(rng) - 1) * 4 for _ in range(count)]  # moderate


#: Where real vectors are drawn from, and how often (a copy of the first real vector: ``w = z``).
REAL_REGIONS = ("moderate", "simple", "equal", "one large", "large", "huge", "copy")
_REAL_WEIGHTS = (25, 15, 10, 15, 15, 10, 10)


def _log_uniform(rng: random.Random, low_exponent: int, high_exponent: int) -> Fraction:
    """A positive number whose decimal exponent is uniform in ``[low_exponent, high_exponent)``."""
    exponent = rng.randrange(low_exponent, high_exponent)
    scale = Fraction(10) ** exponent
    return scale * (1 + 9 * _uniform(rng))


def _offset(rng: random.Random, closed: bool, simple: bool) -> Fraction:
    """A positive distance from an interval's end (0 sometimes, when the end is included)."""
    if closed and rng.random() < 0.1:
        return Fraction(0)
    if simple:
        return rng.choice((Fraction(1, 2), Fraction(1), Fraction(2), Fraction(3)))
    if rng.random() < 0.5:
        return _exponential(rng) * rng.choice(_SCALES)
    return _log_uniform(rng, -LARGEST_MAGNITUDE_EXPONENT, LARGEST_MAGNITUDE_EXPONENT)


def _exact(value: sp.Expr) -> Fraction:
    if value.is_Rational:
        return Fraction(int(value.p), int(value.q))
    return Fraction(str(sp.N(value, 70)))


def simple_values(scalar: Scalar) -> list[Fraction]:
    """The simple values of the scalar's domain, in order: 0, ±1, ±1/2, ±2, ... inside it, then its closed ends.

    Identities and strict inequalities often fail exactly there (``log(x) < x - 1`` at ``x = 1``).
    """
    low = None if scalar.low is None else _exact(scalar.low)
    high = None if scalar.high is None else _exact(scalar.high)
    inside = [
        value
        for value in _SIMPLE_VALUES
        if (low is None or value > low or (scalar.low_closed and value == low))
        and (high is None or value < high or (scalar.high_closed and value == high))
    ]
    ends = [end for end, closed in ((low, scalar.low_closed), (high, scalar.high_closed)) if closed and end is not None]
    if low is not None and high is not None:
        inside += [low + (high - low) * t for t in (Fraction(1, 2), Fraction(1, 4), Fraction(3, 4))]
    elif low is not None:
        inside += [low + offset for offset in (Fraction(1, 2), Fraction(1), Fraction(2))]
    elif high is not None:
        inside += [high - offset for offset in (Fraction(1, 2), Fraction(1), Fraction(2))]
    return list(dict.fromkeys([*inside, *ends]))


def sample_scalar(rng: random.Random, scalar: Scalar, simple: bool) -> Fraction:
    """One value of ``scalar`` in its interval (see the module docstring for the regions)."""
    low = None if scalar.low is None else _exact(scalar.low)
    high = None if scalar.high is None else _exact(scalar.high)
    if low is not None and high is not None:
        t = rng.choice((Fraction(1, 2), Fraction(1, 4), Fraction(3, 4))) if simple else _uniform(rng)
        edge = rng.random()
        if not simple and edge < 0.4:  # close to an end, log-uniformly: down to 1e-300 of the width
            t = _log_uniform(rng, -LARGEST_MAGNITUDE_EXPONENT, 0) / 10
            t = t if edge < 0.2 else 1 - t
        if (scalar.low_closed or scalar.high_closed) and rng.random() < 0.05:
            t = Fraction(0) if scalar.low_closed else Fraction(1)
        return low + (high - low) * t
    if low is not None:
        return low + _offset(rng, scalar.low_closed, simple)
    if high is not None:
        return high - _offset(rng, scalar.high_closed, simple)
    regions = ("moderate", "unit", "small", "large", "magnitude", "simple")
    region = "simple" if simple else rng.choices(regions, (20, 10, 10, 10, 30, 20))[0]
    sign = rng.choice((1, -1))
    if region == "simple":
        return rng.choice(_SIMPLE_VALUES)
    if region == "moderate":
        return (2 * _uniform(rng) - 1) * 4
    if region == "unit":
        return 2 * _uniform(rng) - 1
    if region == "small":
        return sign * (1 + _uniform(rng)) / 10 ** rng.choice((3, 8))
    if region == "large":
        return sign * (1 + _uniform(rng)) * 10 ** rng.choice((1, 2, 3))
    return sign * _log_uniform(rng, -LARGEST_MAGNITUDE_EXPONENT, LARGEST_MAGNITUDE_EXPONENT)


def bounded_entries(rng: random.Random, count: int, domain: Any, simple: bool) -> list[Fraction]:
    """``count`` entries in ``domain`` (an :class:`~.claim.EntryDomain`): its values, or points of its interval."""
    if domain.values:
        return [_exact(rng.choice(domain.values)) for _ in range(count)]
    interval = domain.interval
    if simple or interval.low is None or interval.high is None:
        return [sample_scalar(rng, interval, simple) for _ in range(count)]
    low, high = _exact(interval.low), _exact(interval.high)
    entries = [low + (high - low) * _uniform(rng) for _ in range(count)]
    if rng.random() < 0.5:  # one entry anywhere in the interval, near an end too (every entry there is rare)
        entries[rng.randrange(count)] = sample_scalar(rng, interval, simple)
    return entries


def sample(variables: Any, seed: int, count: int) -> Iterator[Point]:
    """``count`` points for ``variables`` (a :class:`~.translate.Variables`), identical on every run."""
    rng = random.Random(seed)
    n_values = variables.n_values or (0,)
    simples = {scalar.symbol: simple_values(scalar) for scalar in variables.scalars}
    simple_draws = max(2 * len(n_values), *(len(values) for values in simples.values()), 0)
    for draw in range(count):
        simple = draw < simple_draws
        point = Point()
        n = n_values[draw % len(n_values)]
        if variables.n is not None:
            point.integers[variables.n] = n
        for index in variables.indices:
            point.integers[index] = rng.choice((1, n)) if rng.random() < 0.3 else rng.randint(1, n)
        first: list[Fraction] | None = None
        for base in variables.vectors:
            region = rng.choice(("small", "uniform")) if simple else rng.choices(_VECTOR_REGIONS, _VECTOR_WEIGHTS)[0]
            entries = first if region == "copy" and first is not None else _vector(rng, n, region)
            first = first or entries
            label = str(base.label)  # once: formatting a SymPy symbol goes through its printer
            for k, value in enumerate(entries, start=1):
                point.values[f"{label}[{k}]"] = value
        first_real: list[Fraction] | None = None
        for base in variables.real_vectors:
            label = str(base.label)
            domain = variables.entry_domain(base)
            if domain is not None:
                point.values.update(
                    (f"{label}[{k}]", v) for k, v in enumerate(bounded_entries(rng, n, domain, simple), 1)
                )
                continue
            region = "simple" if simple else rng.choices(REAL_REGIONS, _REAL_WEIGHTS)[0]
            copied = first_real if region == "copy" else None
            entries = copied or real_entries(rng, n, "moderate" if region == "copy" else region)
            first_real = first_real or entries
            for k, value in enumerate(entries, start=1):
                point.values[f"{label}[{k}]"] = value
        for scalar in variables.scalars:
            values = simples[scalar.symbol]
            point.values[scalar.symbol.name] = (
                values[draw % len(values)] if simple and values else sample_scalar(rng, scalar, simple)
            )
        yield point


def _round(value: Fraction, decimals: int) -> Fraction:
    scale = Fraction(10) ** decimals
    return round(value * scale) / scale


def _round_significant(value: Fraction, digits: int) -> Fraction:
    if value == 0:
        return value
    magnitude = abs(value)  # its decimal exponent, exactly (a float would overflow beyond 1e308)
    exponent = len(str(magnitude.numerator)) - len(str(magnitude.denominator))
    if magnitude < Fraction(10) ** exponent:
        exponent -= 1
    return _round(value, digits - 1 - exponent)


def round_point(point: Point, variables: Any, digits: int) -> Point | None:
    """The point with ``digits`` significant digits (the largest entry of a vector takes the rest), or None."""
    if point.blocks is not None:
        return None  # a structured point is shown by its blocks already
    values: dict[str, Fraction] = {}
    n = point.integers.get(variables.n, 0) if variables.n is not None else 0
    for base in variables.vectors:
        entries = [point.values[f"{base.label}[{k}]"] for k in range(1, n + 1)]
        largest = entries.index(max(entries))
        entries = [_round_significant(entry, digits) for entry in entries]
        entries[largest] = Fraction(0)
        entries[largest] = Fraction(1) - sum(entries)
        if any(entry <= 0 for entry in entries):
            return None
        values.update({f"{base.label}[{k}]": entry for k, entry in enumerate(entries, start=1)})
    for base in variables.real_vectors:
        domain = variables.entry_domain(base)
        for k in range(1, n + 1):
            name = f"{base.label}[{k}]"
            values[name] = _round_significant(point.values[name], digits)
            if domain is not None and not domain.contains(values[name]):
                return None  # rounded out of its domain (an entry near 1 in (0, 1))
    for scalar in variables.scalars:
        name = scalar.symbol.name
        values[name] = _round_significant(point.values[name], digits)
    return Point(dict(point.integers), values)
