"""Chains of steps: a start statement, then steps that each relate a new statement to the previous one.

Each step relates its statement to the previous one by ``=``, ``<=``, ``>=``, ``<``, ``>``, ``=>``
(with the operation that justifies it), ``->`` (a limit) or ``~=`` (a rounding), with a
justification in words. Chains are immutable and built fluently:

>>> import sympy as sp
>>> x = sp.Symbol("x", positive=True)
>>> chain = Chain.start(sp.log(x**2), label=r"f(x)").equals(2 * sp.log(x), "a power inside the log")
>>> [step.relation.value for step in chain.steps]
['=']
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..errors import DerivationError
from .domain import Domain
from .obligations import Relation
from .operations import Limit, Operation, Rounded, Statement

__all__ = ["Chain", "Relation", "Step", "compose"]

_COMPARISONS = (Relation.EQ, Relation.LE, Relation.LT, Relation.GE, Relation.GT)
_WEAK = {Relation.LT: Relation.LE, Relation.GT: Relation.GE}


def compose(first: Relation, then: Relation, because: str = "") -> Relation | None:
    """The relation of ``a first b then c`` between ``a`` and ``c``: ``<=`` then ``<`` gives ``<``.

    None when either is not a comparison (an implication, a limit, a rounding); a
    :class:`DerivationError` for opposite directions, which prove nothing about ``a`` and ``c``.

    >>> compose(Relation.EQ, Relation.LE), compose(Relation.LE, Relation.LT), compose(Relation.GT, Relation.GE)
    (<Relation.LE: '<='>, <Relation.LT: '<'>, <Relation.GT: '>'>)
    """
    if first not in _COMPARISONS or then not in _COMPARISONS:
        return None
    if first is Relation.EQ:
        return then
    if then is Relation.EQ:
        return first
    if _WEAK.get(first, first) != _WEAK.get(then, then):
        step = f" ('{because}')" if because else ""
        raise DerivationError(
            f"'{first.value}' then '{then.value}'{step} proves nothing about the first and last lines: "
            "a chain keeps one direction"
        )
    return first if first in _WEAK else then


@dataclass(frozen=True)
class Step:
    """One link of a chain: ``relation`` to the previous statement, ``because`` in words."""

    relation: Relation
    statement: Statement
    because: str
    by: Operation | None = None
    label: str = ""

    def __post_init__(self) -> None:
        if not self.because.strip():
            raise DerivationError("every step needs a justification")
        if self.relation in (Relation.IMPLIES, Relation.TENDS) and self.by is None:
            raise DerivationError(f"a '{self.relation.value}' step needs the operation that justifies it")
        if self.relation is Relation.TENDS and not isinstance(self.by, Limit):
            raise DerivationError("a '->' step is justified by a Limit operation")
        if self.relation is Relation.APPROX and not isinstance(self.by, Rounded):
            raise DerivationError("a '~=' step is justified by a Rounded operation")


@dataclass(frozen=True)
class Chain:
    """A start statement and the steps that follow from it."""

    first: Statement
    label: str = ""
    intro: str = ""
    because: str = ""
    steps: tuple[Step, ...] = ()
    domain: Domain | None = None

    @classmethod
    def start(
        cls,
        statement: Statement,
        *,
        label: str = "",
        intro: str = "",
        because: str = "",
        domain: Domain | None = None,
    ) -> Chain:
        """A chain starting from ``statement`` (shown as ``label = statement`` when a label is given)."""
        return cls(statement, label=label, intro=intro, because=because, domain=domain)

    def _then(self, relation: Relation, statement: Statement, because: str, **options: Any) -> Chain:
        step = Step(relation, statement, because, **options)
        so_far = self.relation
        if so_far is not None:
            compose(so_far, relation, because)  # refuses `<=` then `>=` now, when the chain is written
        return replace(self, steps=(*self.steps, step))

    @property
    def relation(self) -> Relation | None:
        """The relation the chain proves between its first and last statements (``=`` then ``<=`` gives ``<=``).

        None for a chain with an implication, a limit or a rounding (it proves no relation between two
        expressions); a :class:`DerivationError` for one that mixes directions (``<=`` then ``>=``).

        >>> import sympy as sp
        >>> x = sp.Symbol("x", positive=True)
        >>> Chain.start(x).equals(x + 0, "same").le(x + 1, "plus one").lt(x + 2, "plus one").relation
        <Relation.LT: '<'>
        """
        composed: Relation | None = Relation.EQ
        for step in self.steps:
            assert composed is not None
            composed = compose(composed, step.relation, step.because)
            if composed is None:
                return None
        return composed

    def conclusion(self) -> tuple[Statement, Relation, Statement] | None:
        """``(first, relation, last)``: what the chain establishes, or None (see :attr:`relation`)."""
        relation = self.relation
        return None if relation is None or not self.steps else (self.first, relation, self.steps[-1].statement)

    def equals(self, statement: Statement, because: str, *, label: str = "") -> Chain:
        return self._then(Relation.EQ, statement, because, label=label)

    def le(self, statement: Statement, because: str, *, label: str = "") -> Chain:
        return self._then(Relation.LE, statement, because, label=label)

    def ge(self, statement: Statement, because: str, *, label: str = "") -> Chain:
        return self._then(Relation.GE, statement, because, label=label)

    def lt(self, statement: Statement, because: str, *, label: str = "") -> Chain:
        return self._then(Relation.LT, statement, because, label=label)

    def gt(self, statement: Statement, because: str, *, label: str = "") -> Chain:
        return self._then(Relation.GT, statement, because, label=label)

    def implies(self, statement: Statement, because: str, *, by: Operation, label: str = "") -> Chain:
        return self._then(Relation.IMPLIES, statement, because, by=by, label=label)

    def tends(self, statement: Statement, because: str, *, by: Limit, label: str = "") -> Chain:
        return self._then(Relation.TENDS, statement, because, by=by, label=label)

    def approx(self, decimal: str | Sequence[str], because: str, *, label: str = "") -> Chain:
        """``~= 0.602``: the previous value rounds to the decimal as written (half a unit in its last digit).

        Several decimals compare entry by entry with a previous matrix (shown as a column).
        """
        rounded = Rounded.parse(decimal)
        return self._then(Relation.APPROX, rounded.statement(), because, by=rounded, label=label)

    def links(self) -> Iterator[tuple[Statement, Step]]:
        """Each step with the statement it relates to."""
        previous = self.first
        for step in self.steps:
            yield previous, step
            previous = step.statement
