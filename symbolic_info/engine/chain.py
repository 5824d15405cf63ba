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

__all__ = ["Chain", "Relation", "Step"]


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
        return replace(self, steps=(*self.steps, Step(relation, statement, because, **options)))

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
