"""Conditions on every entry of a real vector: ``where 0 < t[i] < 1``, ``where y[i] in {0, 1}``.

A condition that compares an entry ``t[i]`` with numbers, with an index that is not a free index of
the claim's sides (``i``, a name they do not use, or one a sum binds there), holds for every entry: it
is the vector's domain, like ``x > 0`` is a variable's. Predictions in ``(0, 1)`` and labels in
``{0, 1}`` over a sample are written so. The domain is an :class:`EntryDomain`: the sampler draws every
entry inside it, and the prover writes every entry with a positive symbol (:func:`entry_forms`:
``t_k = 1/(1 + u_k)`` for ``(0, 1)``); for a set of values, :mod:`.interpolation` rewrites the claim first.

A condition on one entry (``z[1] > 0``, or ``z[k] > 0`` with ``k`` a free index of the claim) stays
an ordinary condition; an entry inside a larger expression (``t[i]**2 < 1``), an entry of a
probability vector or an equation is refused with what to write instead.

>>> from symbolic_info.claims.syntax import parse_claim
>>> from symbolic_info.claims.translator import Translator
>>> parsed = parse_claim("sum(log(t[i]), i) < 0 where 0 < t[i] < 1")
>>> domains, used = entry_domains(parsed, Translator({}, parsed.names))
>>> domains["t"].interval.low, domains["t"].interval.high, used
(0, 1, [0])
"""

from __future__ import annotations

import ast
import itertools
from collections.abc import Iterator, Sequence

import sympy as sp

from ..engine.normalization import Facts
from ..engine.obligations import Relation
from ..errors import ClaimSyntaxError
from .bounds import Scalar, bound_scalars
from .claim import Comparison, EntryDomain
from .language import CONSTANT_NAMES, SUM_INDEX, VECTOR_NAMES, function_of
from .syntax import ParsedClaim, Piece, RelationChain
from .translator import Role, Translator

__all__ = ["EntryDomain", "check_roles", "entry_coverings", "entry_domains", "entry_forms"]


def _entry(node: ast.expr) -> tuple[str, str] | None:
    """``(name, index)`` of ``name[index]`` with a name as index, else None."""
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and isinstance(node.slice, ast.Name):
        return node.value.id, node.slice.id
    return None


def _unbound_entries(node: ast.expr, bound: frozenset[str] = frozenset()) -> Iterator[tuple[ast.expr, tuple[str, str]]]:
    """The entries ``name[index]`` in ``node`` whose index no enclosing ``sum``, ``prod``, ... binds.

    >>> tree = ast.parse("sum((p[i] - q[i])**2, i) + t[i]", mode="eval").body
    >>> [entry for _, entry in _unbound_entries(tree)]
    [('t', 'i')]
    """
    function = function_of(node)
    if function is not None and function.kind.binds and isinstance(node, ast.Call) and len(node.args) >= 2:
        bound = bound | {argument.id for argument in node.args[1:] if isinstance(argument, ast.Name)}
    found = _entry(node)
    if found is not None and found[1] not in bound:
        yield node, found
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.expr):
            yield from _unbound_entries(child, bound)


def _for_every_entry(chain: RelationChain, free: frozenset[str]) -> tuple[str, Piece] | None:
    """The vector of an entry-wise condition, and the side with its entry; None for any other condition.

    ``free`` are the free category indices of the claim's sides: a condition on ``z[k]``, ``k`` one of
    them, is on that one entry.
    """
    entries = [(side, _entry(side.tree)) for side in chain.sides]
    found = [(side, entry) for side, entry in entries if entry is not None]
    every = [(side, entry) for side, entry in found if entry[1] == SUM_INDEX or entry[1] not in free]
    if not every:
        for side in chain.sides:  # an entry for every i inside a larger expression (not one a sum binds)
            for node, entry in _unbound_entries(side.tree):
                if entry[1] == SUM_INDEX and node is not side.tree:
                    raise ClaimSyntaxError(
                        f"a condition on every entry compares the entry with numbers, as in 0 < {entry[0]}[i] < 1",
                        side.column(node),
                    )
        return None
    side, (name, index) = every[0]
    others = [piece for piece in chain.sides if piece is not side]
    constants = all(
        not isinstance(node, ast.Name) or node.id in CONSTANT_NAMES for piece in others for node in ast.walk(piece.tree)
    )
    if len(found) > 1 or not constants:
        raise ClaimSyntaxError(
            f"a condition on every entry compares the entry with numbers, as in 0 < {name}[{index}] < 1",
            side.column(side.tree),
        )
    if name in VECTOR_NAMES:
        raise ClaimSyntaxError(
            f"{name} is a probability vector: its entries are in (0, 1) and sum to 1 already; "
            "a condition on every entry is for a real vector, as in 0 < t[i] < 1",
            side.column(side.tree),
        )
    if set(chain.relations) & {Relation.EQ, Relation.NE}:
        raise ClaimSyntaxError(
            f"a condition on every entry of {name} is an interval, as in 0 < {name}[i] < 1, "
            f"or a set, as in {name}[i] in {{0, 1}}",
            side.column(side.tree),
        )
    return name, side


def entry_domains(parsed: ParsedClaim, translator: Translator) -> tuple[dict[str, EntryDomain], list[int]]:
    """Each vector's domain from the claim's entry-wise conditions, and the positions of those conditions.

    Called once the claim's sides are translated (their free indices are known then). The columns of
    the conditions go to ``translator.entry_columns``, for :func:`check_roles`.
    """
    comparisons: dict[str, list[Comparison]] = {}
    used = []
    free = frozenset(name for name, role in translator.roles.items() if role is Role.CATEGORY_INDEX)
    for position, chain in enumerate(parsed.conditions):
        found = _for_every_entry(chain, free)
        if found is None:
            continue
        name, entry_side = found
        translator.entry_columns.setdefault(name, entry_side.column(entry_side.tree))
        entry = sp.Symbol(name, real=True)
        values = [entry if piece is entry_side else translator.expr(piece, piece.tree) for piece in chain.sides]
        comparisons.setdefault(name, []).extend(
            Comparison(values[k], relation, values[k + 1]) for k, relation in enumerate(chain.relations)
        )
        used.append(position)
    domains: dict[str, EntryDomain] = {}
    for name, found_comparisons in comparisons.items():
        (interval,), _ = bound_scalars([sp.Symbol(name, real=True)], found_comparisons)
        domains[name] = EntryDomain(name, interval)
    for entry_set in parsed.entry_sets:
        if entry_set.name in VECTOR_NAMES:
            raise ClaimSyntaxError(
                f"{entry_set.name} is a probability vector: a set of values is for a real vector, "
                "as in y[i] in {0, 1}",
                entry_set.column,
            )
        if entry_set.name in domains and domains[entry_set.name].values:
            raise ClaimSyntaxError(f"{entry_set.name} is given a set twice", entry_set.column)
        if entry_set.name in domains:
            raise ClaimSyntaxError(f"{entry_set.name} is given a set and another condition", entry_set.column)
        translator.entry_columns.setdefault(entry_set.name, entry_set.column)
        listed = tuple(sp.Rational(value.numerator, value.denominator) for value in sorted(entry_set.values))
        interval = Scalar(sp.Symbol(entry_set.name, real=True), listed[0], listed[-1], True, True)
        domains[entry_set.name] = EntryDomain(entry_set.name, interval, listed)
    return domains, used


def check_roles(translator: Translator) -> None:
    """Refuse an entry-wise condition on a name the claim uses as something other than a real vector."""
    for name, column in translator.entry_columns.items():
        role = translator.roles.get(name)
        if role is not None and role is not Role.REAL_VECTOR:
            raise ClaimSyntaxError(
                f"'{name}' is a {role.value} in the claim, but the condition is on every entry of a vector {name}: "
                f"use its entries, as in {name}[i] inside sum(..., i)",
                column,
            )


def entry_forms(base: sp.IndexedBase, domain: EntryDomain) -> list[tuple[sp.Basic, sp.Basic]]:
    """Forms of every entry of ``base`` that together cover its interval (a set's: the closed interval it spans).

    An open end is reached by a positive symbol, a closed one by a nonnegative symbol at 0: ``(0, 1)`` is
    ``1/(1 + u_k)``, ``[0, 1]`` is ``(0, 1]`` and ``[0, 1)``, ``1/(1 + w_k)`` and ``1 - 1/(1 + w_k)``.
    """
    interval, k = domain.interval, sp.Dummy("k", integer=True, positive=True)
    low, high = interval.low, interval.high
    low_closed, high_closed = interval.low_closed, interval.high_closed  # a set's interval is closed
    u = sp.IndexedBase(sp.Dummy("u", positive=True), positive=True)[k]
    w = sp.IndexedBase(sp.Dummy("w", nonnegative=True), nonnegative=True)[k]
    if low is None or high is None:  # low + u, or high - u; whole line: none
        if low is None and high is None:
            return []
        step = w if (low_closed if high is None else high_closed) else u
        return [(base, sp.Lambda(k, low + step if high is None else high - step))]
    width = high - low
    if not (low_closed or high_closed):
        return [(base, sp.Lambda(k, low + width / (1 + u)))]
    forms = []
    if high_closed:  # (low, high]
        forms.append((base, sp.Lambda(k, low + width / (1 + w))))
    if low_closed:  # [low, high)
        forms.append((base, sp.Lambda(k, high - width / (1 + w))))
    return forms


def entry_coverings(bounded: Sequence[tuple[sp.IndexedBase, EntryDomain]]) -> list[Facts]:
    """Every combination of the vectors' :func:`entry_forms`: together they cover the domain ([()] for none)."""
    options = [forms for forms in (entry_forms(base, domain) for base, domain in bounded) if forms]
    return [tuple(combination) for combination in itertools.product(*options)]
