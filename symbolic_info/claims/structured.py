"""Large numbers of categories at the cost of small ones: vectors made of a few blocks of equal entries.

A claim about probability vectors over ``n`` categories must hold for every ``n``; counterexamples
often need a large ``n`` (the entropy of the uniform distribution exceeds 3 nats only from
``n = 21``). Evaluating a sum of ``10**6`` terms at 60 digits is slow, and ``10**300`` terms is
impossible; but when the entries come in blocks of equal values, ``sum_i f(p_i, q_i)`` is
``sum over blocks of (count * f(block values))``, with a closed form at any ``n``.

A structured point has ``head`` single positions ``1..head`` (where explicit entries such as
``p[1]`` and category indices live) and up to two tail blocks of ``count1`` and ``count2`` equal
entries, named ``p[tail1]`` and ``p[tail2]``. :func:`blockify` rewrites each sum over the
categories accordingly (it refuses a sum whose terms use their index other than as a subscript,
such as ``sum(i*p[i], i)``); :func:`points` draws the vectors from families with closed-form
sums: uniform, one-hot plus epsilon (down to 1e-300), two-level, a large entry against many tiny
ones, random block weights, and a copy of another vector.

>>> import sympy as sp
>>> i, n = sp.Symbol("i", integer=True, positive=True), sp.Symbol("n", integer=True, positive=True)
>>> p = sp.IndexedBase("p", positive=True)
>>> blockify(sp.Sum(p[i] * sp.log(p[i]), (i, 1, n)), n, head=1, tails=1)
count1*log(p[tail1])*p[tail1] + log(p[1])*p[1]
>>> blockify(sp.Sum(i * p[i], (i, 1, n)), n, head=1, tails=1) is None
True
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Sequence
from fractions import Fraction
from functools import lru_cache
from typing import Any

import sympy as sp

from ..formulas.vectors import ExtremeEntry
from .sampling import (
    REAL_REGIONS,
    SMALLEST_ENTRY_EXPONENT,
    Blocks,
    Point,
    bounded_entries,
    real_entries,
    sample_scalar,
)

__all__ = ["LARGE_SIZES", "blockify", "count_symbol", "points", "tail_index"]

#: The numbers of categories searched with structured vectors (those the conditions allow).
LARGE_SIZES: tuple[int, ...] = (
    *range(2, 13),
    16,
    20,
    21,
    32,
    50,
    64,
    100,
    128,
    257,
    500,
    1000,
    1024,
    4096,
    10**4,
    65537,
    10**5,
    10**6,
    10**7,
    10**9,
    10**12,
    10**15,
    10**20,
    10**30,
    10**50,
    10**100,
    10**200,
    10**300,
)
_FAMILIES = ("uniform", "one-hot", "two-level", "spike", "random", "tiny tail")
_EPSILONS = (Fraction(1, 10**3), Fraction(1, 10**30), Fraction(1, 10**SMALLEST_ENTRY_EXPONENT))
_RATIOS = (Fraction(2), Fraction(10), Fraction(10**6), Fraction(1, 10**6))


def tail_index(block: int) -> sp.Symbol:
    """The index that stands for every position of tail block ``block`` (1 or 2)."""
    return sp.Symbol(f"tail{block}", integer=True, positive=True)


def count_symbol(block: int) -> sp.Symbol:
    """The number of positions in tail block ``block``."""
    return sp.Symbol(f"count{block}", integer=True, positive=True)


def _subscript_only(body: sp.Basic, index: sp.Symbol) -> bool:
    """Whether ``index`` occurs in ``body`` only as the whole subscript of a vector entry (``p[i]``)."""
    masked = body.replace(lambda e: isinstance(e, sp.Indexed) and e.indices == (index,), lambda e: sp.Dummy())
    return index not in masked.free_symbols


def blockify(expr: sp.Basic, n: sp.Symbol, head: int, tails: int) -> sp.Basic | None:
    """``expr`` with every sum over ``1..n`` written over ``head`` positions and ``tails`` tail blocks.

    Returns None when a sum's terms use the index other than as a subscript (then the blocks do not
    have equal terms). Sums over other ranges are left as they are.
    """
    refused = False

    def rewrite(total: sp.Sum) -> sp.Basic:
        nonlocal refused
        if len(total.limits) != 1:
            refused = True
            return total
        ((index, low, high),) = total.limits
        if low != 1 or high != n:
            return total
        body = total.function
        if not _subscript_only(body, index):
            refused = True
            return total
        terms = [body.xreplace({index: sp.Integer(position)}) for position in range(1, head + 1)]
        terms += [count_symbol(block) * body.xreplace({index: tail_index(block)}) for block in range(1, tails + 1)]
        return sp.Add(*terms)

    def extreme(entry: ExtremeEntry) -> sp.Basic:  # max(z): the largest of the head entries and the blocks' entries
        base, count = entry.args
        if count != n:
            return entry
        positions = [sp.Integer(position) for position in range(1, head + 1)]
        positions += [tail_index(block) for block in range(1, tails + 1)]
        return entry.extreme(*(base[position] for position in positions))

    expr = sp.sympify(expr)
    if expr.has(sp.Product):  # a product of n factors: not evaluated by blocks
        return None
    result = expr.replace(lambda e: isinstance(e, sp.Sum), rewrite)
    if result.has(ExtremeEntry):
        result = result.replace(lambda e: isinstance(e, ExtremeEntry), extreme)
    return None if refused else result


def _weights(rng: random.Random, family: str, blocks: Blocks) -> list[Fraction]:
    """Positive weights for the head positions and the tail blocks (each tail weight is per entry)."""
    sizes = [1] * blocks.head + list(blocks.counts)
    if family == "uniform":
        return [Fraction(1)] * len(sizes)
    if family == "one-hot":
        epsilon = rng.choice(_EPSILONS) / (blocks.n - 1)
        hot = rng.randrange(len(sizes)) if rng.random() < 0.3 else 0
        return [Fraction(1) if k == hot else epsilon for k in range(len(sizes))]
    if family == "two-level":
        ratio = rng.choice(_RATIOS)
        return [ratio if k % 2 == 0 else Fraction(1) for k in range(len(sizes))]
    if family == "spike":  # the first entry holds half the mass, the others share the rest
        rest = blocks.n - 1
        return [Fraction(rest) if k == 0 else Fraction(1) for k in range(len(sizes))]
    if family == "tiny tail":
        tiny = Fraction(1, 10 ** rng.choice((30, SMALLEST_ENTRY_EXPONENT))) / max(sizes)
        return [tiny if k == len(sizes) - 1 else Fraction(1) for k in range(len(sizes))]
    return [Fraction(rng.randint(1, 9)) for _ in sizes]


def _shape(n: int, head: int, rng: random.Random) -> Blocks | None:
    """Positions ``1..n`` as ``head`` single positions and one or two tail blocks; None if ``n`` is too small."""
    rest = n - head
    if rest < 1:
        return None
    if rest == 1:
        return Blocks(head, (1,))
    first = 1 if rng.random() < 0.3 else rest // 2
    return Blocks(head, (first, rest - first))


def _values(vector: str, weights: Sequence[Fraction], blocks: Blocks) -> dict[str, Fraction]:
    sizes = [1] * blocks.head + list(blocks.counts)
    total = sum((weight * size for weight, size in zip(weights, sizes, strict=True)), Fraction(0))
    names = _names(vector, blocks.head, len(blocks.counts))
    return {name: weight / total for name, weight in zip(names, weights, strict=True)}


@lru_cache(maxsize=256)
def _names(vector: str, head: int, tails: int) -> tuple[str, ...]:
    """The names of a vector's head entries and tail blocks (printing SymPy's tail indices takes time)."""
    return (
        *(f"{vector}[{k}]" for k in range(1, head + 1)),
        *(f"{vector}[{tail_index(t)}]" for t in range(1, tails + 1)),
    )


def points(variables: Any, head: int, sizes: Sequence[int], seed: int, per_size: int) -> Iterator[Point]:
    """Structured points: ``per_size`` vector configurations at each of ``sizes`` (a :class:`~.translate.Variables`).

    Category indices take positions of the head; scalars are drawn as in :func:`.sampling.sample`.
    """
    rng = random.Random(seed)
    for n in sizes:
        varied = variables.vectors or variables.real_vectors or variables.scalars or variables.indices
        for draw in range(per_size if varied else 1):
            blocks = _shape(n, head, rng)
            if blocks is None:
                continue
            point = Point({variables.n: n}, {"n": Fraction(n)}, blocks)
            for t, count in enumerate(blocks.counts, start=1):
                point.values[str(count_symbol(t))] = Fraction(count)
            for index in variables.indices:
                point.integers[index] = rng.randint(1, head)
            first: list[Fraction] | None = None
            for base in variables.vectors:
                family = _FAMILIES[draw % len(_FAMILIES)] if base == variables.vectors[0] else rng.choice(_FAMILIES)
                weights = first if first is not None and rng.random() < 0.15 else _weights(rng, family, blocks)
                first = first or weights
                point.values.update(_values(str(base.label), weights, blocks))
            for base in variables.real_vectors:  # one value per head position and per tail block
                region = REAL_REGIONS[draw % len(REAL_REGIONS)]
                count, domain = blocks.head + len(blocks.counts), variables.entry_domain(base)
                entries = (
                    real_entries(rng, count, "moderate" if region == "copy" else region)
                    if domain is None
                    else bounded_entries(rng, count, domain, simple=draw == 0)
                )
                point.values.update(zip(_names(str(base.label), blocks.head, len(blocks.counts)), entries, strict=True))
            for scalar in variables.scalars:
                point.values[scalar.symbol.name] = sample_scalar(rng, scalar, simple=draw == 0)
            yield point


def template_cache() -> Callable[[sp.Basic, sp.Symbol, Blocks], sp.Basic | None]:
    """A function giving each expression's blockified form for a shape, computed once per (expression, shape)."""
    cache: dict[tuple[int, int, int], tuple[sp.Basic, sp.Basic | None]] = {}

    def template(expr: sp.Basic, n: sp.Symbol, blocks: Blocks) -> sp.Basic | None:
        key = (id(expr), blocks.head, len(blocks.counts))
        if key not in cache:
            cache[key] = (expr, blockify(expr, n, blocks.head, len(blocks.counts)))  # keep expr alive: ids stay unique
        return cache[key][1]

    return template
