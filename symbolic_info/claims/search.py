"""Look for a counterexample over the whole domain; re-check any candidate before reporting it.

The search has three phases, and :class:`~.searched.Searched` records what each covered:

1. random points (:mod:`.sampling`) at small numbers of categories, with probability entries down
   to 1e-300 and scalars log-uniform in magnitude from 1e-300 to 1e300; for a claim in real
   variables only, then local descents from the points nearest to failing (:mod:`.refine`);
2. structured vectors (:mod:`.structured`) at numbers of categories up to ``10**300``, whose sums
   have closed forms, so a large ``n`` costs no more than a small one (and, for a claim in ``n``
   alone, every ``n`` up to 1000);
3. the ends of the domain (:mod:`.limits`): where a limit of the sides at an end violates the
   claim, points closer and closer to that end.

Every point is evaluated at 60 working digits. A candidate counterexample is evaluated
again at 150 and at 1000 digits from the same exact point, and reported only when the
relation fails at both with the same difference of the sides, and SymPy's evalf of the
exact point (which raises its precision where terms cancel) agrees: a floating-point
artefact (cancellation in ``1 - sigmoid(z)`` for large ``z``, say) disappears at higher
precision and is never called a counterexample.
A confirmed counterexample is then shortened, when possible, to a few decimals that are
still a confirmed counterexample, and reported with both sides at 50 digits.

>>> from symbolic_info.claims.syntax import parse_claim
>>> from symbolic_info.claims.translate import translate
>>> result = search(translate(parse_claim("x**2 >= 2*x where x > 0")), seed=7)
>>> result.found, result.counterexample["variables"]
(True, {'x': '1'})
>>> search(translate(parse_claim("H(p) <= 3")), seed=1).counterexample["n"]
21
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import sympy as sp

from ..errors import UndefinedValueError
from . import limits, refine, structured
from .counterexample import counterexample, shorter
from .evaluate import NotRealError
from .point_check import WORKING_DIGITS, PointChecker, Status
from .sampling import Blocks, Point, sample
from .searched import Searched
from .translate import Claim, Comparison

__all__ = ["POINTS", "SearchResult", "search", "search_dips"]

POINTS = 240  # points where the claim is checked (the issue asks for at least 200)
MAX_DRAWS = 3000
STRUCTURED_PER_SIZE = 6  # vector configurations at each large number of categories
_REFINE_FROM = 400  # random points among which the descents start
EXHAUSTIVE_COUNTS = 1000  # a claim in n alone is checked at every n up to this (and at the large sizes)


@dataclass(frozen=True)
class SearchResult:
    """What the search found: a counterexample, or how many points it checked without finding one."""

    found: bool
    points: int
    target: int  # the points wanted: POINTS, or 1 for a claim without variables
    undefined: int
    outside: int
    n_values: tuple[int, ...]
    counterexample: dict[str, Any] | None = None
    relation: int = 0  # which relation of a chain failed
    close_to_decimals: bool = False  # an '=' claim that only fails beyond the decimals written
    searched: Searched = field(default_factory=Searched)
    beyond: str = ""  # a limit shows the claim fails beyond the points that could be evaluated


@dataclass
class _Tally:
    """What the phases have covered so far."""

    checked: int = 0
    undefined: int = 0
    outside: int = 0
    structured: int = 0
    large_sizes: list[int] = field(default_factory=list)
    smallest_entry: Fraction | None = None
    magnitudes: list[Fraction] = field(default_factory=list)
    ends: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    descents: int = 0

    def covered(self, claim: Claim, point: Point) -> None:
        vectors, scalars = _names(claim.variables)
        entries = [v for name, v in point.values.items() if v.numerator > 0 and name.partition("[")[0] in vectors]
        if entries:
            smallest = min(entries)
            self.smallest_entry = smallest if self.smallest_entry is None else min(self.smallest_entry, smallest)
        for name in scalars:
            value = point.values.get(name)
            if value is not None and value != 0:
                magnitude = abs(value)
                self.magnitudes = [min([magnitude, *self.magnitudes]), max([magnitude, *self.magnitudes])]


@functools.lru_cache(maxsize=64)
def _names(variables: Any) -> tuple[frozenset[str], frozenset[str]]:
    """The names of the vectors and of the scalars of a claim's variables (printed once, not at every point)."""
    return frozenset(str(base.label) for base in variables.vectors), frozenset(s.symbol.name for s in variables.scalars)


def _found(checker: PointChecker, outcome: tuple[int, bool], point: Point, tally: _Tally, target: int) -> SearchResult:
    position, close = outcome
    shown = shorter(checker, checker.claim.relations[position], point)
    reported = counterexample(checker, position, shown)
    v = checker.claim.variables
    return SearchResult(
        True, tally.checked, target, tally.undefined, tally.outside, v.n_values, reported, position, close
    )


def _run(
    checker: PointChecker, candidates: Iterable[Point], tally: _Tally, phase: str
) -> tuple[int, bool, Point] | None:
    """Check ``candidates``; the first confirmed counterexample, else None (the tally counts the points)."""
    for point in candidates:
        outcome = checker.check(point)
        if outcome is Status.OUTSIDE:
            tally.outside += phase == "random"
            continue
        if outcome is Status.UNDEFINED:
            tally.undefined += phase == "random"
            continue
        if isinstance(outcome, tuple):
            return (*outcome, point)
        tally.covered(checker.claim, point)
        if phase == "random":
            tally.checked += 1
        elif phase == "structured":
            tally.structured += 1
            if point.blocks is not None and point.blocks.n not in tally.large_sizes:
                tally.large_sizes.append(point.blocks.n)
    return None


def _head(claim: Claim) -> int:
    """The single positions a structured point needs: every explicit entry ``p[3]`` is one of them."""
    sides = [side for r in (*claim.relations, *claim.conditions) for side in (r.left, r.right)]
    explicit = [int(i) for side in sides for entry in side.atoms(sp.Indexed) for i in entry.indices if i.is_Integer]
    return max([1, *explicit])


def _blockable(claim: Claim) -> bool:
    n = claim.variables.n
    sides = [side for r in (*claim.relations, *claim.conditions) for side in (r.left, r.right)]
    return n is not None and all(structured.blockify(side, n, 1, 1) is not None for side in sides)


def _random_points(v: Any, seed: int, target: int) -> Iterator[Point]:
    return sample(v, seed, MAX_DRAWS if target > 1 else 1)


def search(
    claim: Claim, seed: int, points: int = POINTS, *, descents: bool = True, random_only: bool = False
) -> SearchResult:
    """Check ``claim`` over its domain (three phases); stop at the first confirmed counterexample.

    ``descents=False`` leaves out the local descents (the checker runs them with :func:`search_dips`
    only for a claim it could not prove). ``random_only=True`` checks only the first ``points`` random
    points (the first of them, for a claim in ``n`` alone): the quick look the checker takes before it
    tries a proof; the same points begin the whole search.
    """
    v = claim.variables
    if not (v.vectors or v.real_vectors or v.scalars or v.indices):
        every = len(v.n_values) if v.n is not None else 1  # every allowed n once, or one evaluation
        points = min(points, every) if random_only else every
    checker = PointChecker(claim)
    tally = _Tally()
    random_phase = _random_points(v, seed, points) if (v.n is None or v.n_values) else iter(())

    seen: list[Point] = []

    def budgeted(candidates: Iterator[Point]) -> Iterator[Point]:
        for point in candidates:
            if tally.checked >= points:
                return
            if len(seen) < _REFINE_FROM:
                seen.append(point)
            yield point

    hit = _run(checker, budgeted(random_phase), tally, "random")
    if hit is None and descents and not random_only and refine.applies(claim):
        hit = _dips_phase(checker, tally, seen)
    if hit is None and v.n is not None and not random_only:
        hit = _structured_phase(checker, tally, seed)
    if hit is None and not random_only:
        hit = _ends_phase(checker, tally)
    if hit is not None:
        position, close, point = hit
        result = _found(checker, (position, close), point, tally, points)
        return _with_record(result, tally, claim)
    beyond = next((note for note in tally.notes if note.startswith("the limit")), "")
    result = SearchResult(False, tally.checked, points, tally.undefined, tally.outside, v.n_values, beyond=beyond)
    return _with_record(result, tally, claim)


def search_dips(claim: Claim, seed: int, points: int = POINTS) -> SearchResult:
    """Only the local descents of :func:`search` (from the same random points): a counterexample in a narrow dip."""
    checker, tally = PointChecker(claim), _Tally()
    v = claim.variables
    seen = list(itertools.islice(_random_points(v, seed, points), _REFINE_FROM)) if refine.applies(claim) else []
    hit = _dips_phase(checker, tally, seen) if seen else None
    if hit is not None:
        position, close, point = hit
        return _with_record(_found(checker, (position, close), point, tally, points), tally, claim)
    return _with_record(SearchResult(False, 0, points, 0, 0, v.n_values), tally, claim)


def _dips_phase(checker: PointChecker, tally: _Tally, seen: list[Point]) -> tuple[int, bool, Point] | None:
    starts = refine.nearest_to_failing(checker, seen)
    tally.descents = len(starts)
    return _run(checker, refine.descend(checker, starts), tally, "refine")


def _with_record(result: SearchResult, tally: _Tally, claim: Claim) -> SearchResult:
    v = claim.variables
    record = Searched(
        random_points=tally.checked,
        small_sizes=v.n_values,
        large_sizes=tuple(sorted(tally.large_sizes)),
        structured_points=tally.structured,
        smallest_entry=tally.smallest_entry,
        magnitudes=(tally.magnitudes[0], tally.magnitudes[1]) if tally.magnitudes else None,
        ends=tuple(tally.ends),
        descents=tally.descents,
        notes=tuple(note for note in tally.notes if not note.startswith("the limit")),
    )
    return SearchResult(**{**result.__dict__, "searched": record})


def _structured_phase(checker: PointChecker, tally: _Tally, seed: int) -> tuple[int, bool, Point] | None:
    claim = checker.claim
    v = claim.variables
    if not _blockable(claim):
        tally.notes.append(f"sums whose terms use their index were evaluated only up to n = {max(v.n_values or (0,))}")
        return None
    head = _head(claim)
    only_n = not (v.vectors or v.real_vectors or v.scalars or v.indices)
    sizes = [*range(2, EXHAUSTIVE_COUNTS + 1), *structured.LARGE_SIZES] if only_n else list(structured.LARGE_SIZES)
    sizes = sorted({size for size in sizes if size > head})
    candidates = structured.points(v, head, sizes, seed, STRUCTURED_PER_SIZE)
    return _run(checker, candidates, tally, "structured")


def _end_text(end: sp.Basic, direction: str) -> str:
    if end is sp.S.Infinity:
        return "oo"
    if end is sp.S.NegativeInfinity:
        return "-oo"
    return f"{end}{direction}"


def _limit_violation(
    claim: Claim, variable: sp.Symbol, end: sp.Basic, direction: str, values: dict[sp.Basic, sp.Basic]
) -> str | None:
    """The sides' limits at the end, as text, when they violate a relation of the claim; else None."""
    for relation in claim.relations:
        left, right = (sp.sympify(side).xreplace(values) for side in (relation.left, relation.right))
        left_limit = limits.timed_limit(left, variable, end, direction)
        if left_limit is None:
            continue  # no limit of one side: the other's says nothing either
        right_limit = limits.timed_limit(right, variable, end, direction)
        if right_limit is None:
            continue
        if limits.violates(left_limit, relation.relation, right_limit, claim.tolerance):
            return f"left -> {left_limit}, right -> {right_limit}"
    return None


def _ends_phase(checker: PointChecker, tally: _Tally) -> tuple[int, bool, Point] | None:
    """At each end of a one-variable domain (a scalar ``x``, or ``n`` with uniform vectors), follow a violated limit."""
    claim = checker.claim
    v = claim.variables
    if v.n is not None and not (v.scalars or v.indices or v.real_vectors) and _blockable(claim):
        head = _head(claim)
        blocks_n = sp.Symbol("n", integer=True, positive=True)
        uniform: dict[sp.Basic, sp.Basic] = {structured.count_symbol(1): blocks_n - head}
        for base in v.vectors:
            uniform.update({base[k]: 1 / blocks_n for k in range(1, head + 1)})
            uniform[base[structured.tail_index(1)]] = 1 / blocks_n
        tally.ends.append("n -> oo")
        found = _limit_violation(_templated(claim, head), v.n, sp.S.Infinity, "-", uniform)
        if found is None:
            return None
        candidates = (_uniform_point(v, head, int(size)) for size in limits.approaching(sp.S.Infinity, "-", sp.S.One))
        return _follow(checker, tally, candidates, f"n -> oo ({found})")
    if v.n is not None or v.vectors or v.indices or len(v.scalars) != 1:
        return None
    (scalar,) = v.scalars
    if not all(_bounds_only(condition, scalar.symbol) for condition in claim.conditions):
        return None  # other conditions may exclude the end: its limits say nothing
    ends = [
        (sp.S.NegativeInfinity if scalar.low is None else scalar.low, "+", scalar.low_closed),
        (sp.S.Infinity if scalar.high is None else scalar.high, "-", scalar.high_closed),
    ]
    width = sp.S.One if scalar.low is None or scalar.high is None else scalar.high - scalar.low
    for end, direction, closed in ends:
        if closed:
            continue  # a closed end is a point of the domain: the random phase tries it
        name = f"{scalar.symbol.name} -> {_end_text(end, direction)}"
        tally.ends.append(name)
        if not _real_near(checker, scalar.symbol, end, direction, width):
            continue  # log(x) as x -> -oo: a limit of values that are not real says nothing about the claim
        found = _limit_violation(claim, scalar.symbol, end, direction, {})
        if found is None:
            continue
        candidates = (Point({}, {scalar.symbol.name: value}) for value in limits.approaching(end, direction, width))
        hit = _follow(checker, tally, candidates, f"{name} ({found})")
        if hit is not None:
            return hit
    return None


def _real_near(checker: PointChecker, symbol: sp.Symbol, end: sp.Basic, direction: str, width: sp.Basic) -> bool:
    """Whether the claim's sides may be real near ``end``: SymPy does not know them to be non-real on that side,
    and at the first points of the approach no side has a complex value (``log(x)`` at ``x = -100`` has: its
    limit as ``x -> -oo`` says nothing about the claim)."""
    if end in (sp.S.Infinity, sp.S.NegativeInfinity):
        near: sp.Basic = sp.Dummy("t", positive=end is sp.S.Infinity, negative=end is sp.S.NegativeInfinity)
    else:
        offset = sp.Dummy("t", positive=True)
        near = end + offset if direction == "+" else end - offset
    relations = checker.claim.relations
    sides = [sp.sympify(side) for relation in relations for side in (relation.left, relation.right)]
    if any(side.xreplace({symbol: near}).is_extended_real is False for side in sides):
        return False
    for value in itertools.islice(limits.approaching(end, direction, width), 2):
        point = Point({}, {symbol.name: value})
        for relation in relations:
            try:
                checker.sides(relation, point, WORKING_DIGITS)
            except NotRealError:
                return False
            except UndefinedValueError:
                continue  # beyond the evaluated range, say: says nothing either way
    return True


def _bounds_only(condition: Comparison, symbol: sp.Symbol) -> bool:
    """Whether ``condition`` is ``x rel c`` (or ``c rel x``) for a constant ``c``: part of the variable's interval."""
    sides = (condition.left, condition.right)
    return symbol in sides and all(side == symbol or not side.free_symbols for side in sides)


def _follow(
    checker: PointChecker, tally: _Tally, candidates: Iterable[Point], where: str
) -> tuple[int, bool, Point] | None:
    points = list(candidates)
    hit = _run(checker, points, tally, "ends")
    if hit is None and all(checker.conditions_hold(point, WORKING_DIGITS) for point in points):
        # the approach stays inside the claim's conditions, so the violated limit is one of the claim's own
        tally.notes.append(
            f"the limit as {where} shows the claim fails there, beyond the points that could be evaluated"
        )
    return hit


def _templated(claim: Claim, head: int) -> Claim:
    """The claim with every sum over the categories written over ``head`` positions and one tail block."""
    n = claim.variables.n
    assert n is not None

    def block(relation: Comparison) -> Comparison:
        left = structured.blockify(relation.left, n, head, 1)
        right = structured.blockify(relation.right, n, head, 1)
        assert left is not None and right is not None  # the caller checked that the claim is blockable
        return Comparison(left, relation.relation, right)

    relations = tuple(block(relation) for relation in claim.relations)
    return Claim(claim.text, relations, (), claim.variables, claim.tolerance)


def _uniform_point(v: Any, head: int, n: int) -> Point:
    blocks = Blocks(head, (n - head,))
    values = {"n": Fraction(n), str(structured.count_symbol(1)): Fraction(n - head)}
    for base in v.vectors:
        values.update({f"{base.label}[{k}]": Fraction(1, n) for k in range(1, head + 1)})
        values[f"{base.label}[{structured.tail_index(1)}]"] = Fraction(1, n)
    return Point({v.n: n}, values, blocks)
