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

import sympy as sp

from ..errors import DerivationError
from .domain import Domain
from .obligations import Relation
from .operations import Limit, Operation, Rounded, Statement

__all__ = ["Chain", "Relation", "Step", "check_statement", "compose", "relation_of", "theorem_relation"]

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


def check_statement(statement: object, where: str) -> Statement:
    """``statement`` if it is something a line of a derivation can hold, else a :class:`DerivationError`.

    A SymPy expression, matrix, relation or tuple of equations, or a Python number (taken exactly
    when it is an ``int``); never a string (nothing typed is parsed).

    >>> check_statement("x**2", "the first line")
    Traceback (most recent call last):
    ...
    symbolic_info.errors.DerivationError: the first line: the string 'x**2' is not an expression; \
build it with SymPy (x = sympy.Symbol("x"), then x**2): text is never parsed
    """
    if isinstance(statement, str):
        raise DerivationError(
            f"{where}: the string {statement!r} is not an expression; build it with SymPy "
            '(x = sympy.Symbol("x"), then x**2): text is never parsed'
        )
    if isinstance(statement, tuple):
        for item in statement:
            check_statement(item, where)
        return statement
    if isinstance(statement, bool) or not isinstance(statement, (sp.Basic, sp.MatrixBase, int, float)):
        raise DerivationError(f"{where}: expected a SymPy expression, got {type(statement).__name__} {statement!r}")
    return statement


_OF_SYMPY: dict[type, Relation] = {
    sp.Equality: Relation.EQ,
    sp.LessThan: Relation.LE,
    sp.GreaterThan: Relation.GE,
    sp.StrictLessThan: Relation.LT,
    sp.StrictGreaterThan: Relation.GT,
}
_TO_SYMPY = {relation: kind for kind, relation in _OF_SYMPY.items()}


def relation_of(left: sp.Basic, relation: Relation, right: sp.Basic) -> sp.Basic:
    """``left relation right`` as an unevaluated SymPy relation.

    >>> relation_of(sp.Symbol("a"), Relation.LT, 1)
    a < 1
    """
    return _TO_SYMPY[relation](left, right, evaluate=False)


def theorem_relation(theorem: object) -> tuple[sp.Basic, Relation, sp.Basic]:
    """``(lhs, relation, rhs)`` of a stated theorem; a :class:`DerivationError` for anything but a SymPy relation.

    >>> theorem_relation(sp.Le(sp.Symbol("a"), 1))
    (a, <Relation.LE: '<='>, 1)
    >>> theorem_relation(sp.Eq(1, 1))
    Traceback (most recent call last):
    ...
    symbolic_info.errors.DerivationError: a theorem is a SymPy relation (Eq, Le, Lt, Ge, Gt), got True: \
SymPy decided it when it was built; write it with evaluate=False, as sp.Eq(a, b, evaluate=False)
    """
    if isinstance(theorem, str):
        raise DerivationError(
            f"a theorem is a SymPy relation, not the string {theorem!r}: write it with SymPy, as sp.Ge(kl, 0)"
        )
    if isinstance(theorem, sp.logic.boolalg.BooleanAtom):
        raise DerivationError(
            f"a theorem is a SymPy relation (Eq, Le, Lt, Ge, Gt), got {theorem}: SymPy decided it when it was "
            "built; write it with evaluate=False, as sp.Eq(a, b, evaluate=False)"
        )
    relation = _OF_SYMPY.get(type(theorem))
    if relation is None or not isinstance(theorem, sp.Rel):
        raise DerivationError(f"a theorem is a SymPy relation (Eq, Le, Lt, Ge, Gt), got {theorem!r}")
    return theorem.lhs, relation, theorem.rhs


@dataclass(frozen=True)
class Step:
    """One link of a chain: ``relation`` to the previous statement, ``because`` in words."""

    relation: Relation
    statement: Statement
    because: str
    by: Operation | None = None
    label: str = ""

    def __post_init__(self) -> None:
        check_statement(self.statement, f"the step {self.because!r}")
        if not isinstance(self.because, str):
            raise DerivationError(f"a step's justification is text, got {self.because!r}")
        if self.by is not None and not isinstance(self.by, Operation):
            raise DerivationError(f"by= takes an operation (Differentiate(x), Substitute(...)), got {self.by!r}")
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
    """A start statement and the steps that follow from it, each relating its statement to the one before.

    Build it with :meth:`start` and one call per step; every call returns a new chain. State what
    the chain proves with :meth:`proves`: verification then checks that the composed relation
    implies it.

    >>> import sympy as sp
    >>> x = sp.Symbol("x", positive=True)
    >>> chain = (
    ...     Chain.start(sp.log(x**2))
    ...     .equals(2 * sp.log(x), "a power inside the log")
    ...     .le(2 * (x - 1), "log x <= x - 1")
    ... )
    >>> chain.relation, len(chain.steps)
    (<Relation.LE: '<='>, 2)
    """

    first: Statement
    label: str = ""
    intro: str = ""
    because: str = ""
    steps: tuple[Step, ...] = ()
    domain: Domain | None = None
    theorem: sp.Basic | None = None

    def __post_init__(self) -> None:
        check_statement(self.first, "the first line of a chain")

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
        """A chain starting from ``statement`` (shown as ``label = statement`` when a label is given).

        ``intro`` is prose shown before the chain, ``because`` a note beside its first line, and
        ``domain`` a domain for this chain alone (the derivation's otherwise). Prose may hold
        ``$...$`` math.

        >>> import sympy as sp
        >>> Chain.start(sp.Symbol("x") ** 2, label="f(x)").first
        x**2
        >>> Chain.start("x**2")
        Traceback (most recent call last):
        ...
        symbolic_info.errors.DerivationError: the first line of a chain: the string 'x**2' is not an expression; \
build it with SymPy (x = sympy.Symbol("x"), then x**2): text is never parsed
        """
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
        """``(first, relation, last)``: what the chain establishes, or None (see :attr:`relation`).

        >>> import sympy as sp
        >>> x = sp.Symbol("x", positive=True)
        >>> Chain.start(x).lt(x + 1, "plus one").conclusion()
        (x, <Relation.LT: '<'>, x + 1)
        """
        relation = self.relation
        return None if relation is None or not self.steps else (self.first, relation, self.steps[-1].statement)

    def proves(self, theorem: sp.Basic) -> Chain:
        """The same chain, stating the theorem it proves: a SymPy relation such as ``sp.Ge(kl, 0)``.

        Verification checks that the relation the chain composes (first line, composed relation,
        last line) implies ``theorem``: the same two sides, up to a symbolic proof of equality (or
        the two sides swapped, with the relation turned round), and the same relation or a stronger
        one. Otherwise the derivation fails.

        >>> import sympy as sp
        >>> x = sp.Symbol("x", positive=True)
        >>> chain = Chain.start(sp.log(x) - x + 1).le(0, "log x <= x - 1").proves(sp.Le(sp.log(x) - x + 1, 0))
        >>> chain.theorem
        -x + log(x) + 1 <= 0
        """
        theorem_relation(theorem)
        return replace(self, theorem=theorem)

    def equals(self, statement: Statement, because: str, *, label: str = "") -> Chain:
        """A step ``= statement``, justified by ``because``: checked as an identity on the domain.

        >>> import sympy as sp
        >>> x = sp.Symbol("x", positive=True)
        >>> Chain.start(sp.log(x**2)).equals(2 * sp.log(x), "a power inside the log").steps[0].relation.value
        '='
        """
        return self._then(Relation.EQ, statement, because, label=label)

    def le(self, statement: Statement, because: str, *, label: str = "") -> Chain:
        """A step ``<= statement``: the previous line is at most this one everywhere on the domain.

        >>> import sympy as sp
        >>> x = sp.Symbol("x", positive=True)
        >>> Chain.start(sp.log(x)).le(x - 1, "the tangent at 1").relation
        <Relation.LE: '<='>
        """
        return self._then(Relation.LE, statement, because, label=label)

    def ge(self, statement: Statement, because: str, *, label: str = "") -> Chain:
        """A step ``>= statement``: the previous line is at least this one everywhere on the domain.

        >>> import sympy as sp
        >>> x = sp.Symbol("x", positive=True)
        >>> Chain.start(x - 1).ge(sp.log(x), "the tangent at 1").relation
        <Relation.GE: '>='>
        """
        return self._then(Relation.GE, statement, because, label=label)

    def lt(self, statement: Statement, because: str, *, label: str = "") -> Chain:
        """A step ``< statement``: strictly less everywhere on the domain.

        >>> import sympy as sp
        >>> x = sp.Symbol("x", positive=True)
        >>> Chain.start(x).lt(x + 1, "plus one").relation
        <Relation.LT: '<'>
        """
        return self._then(Relation.LT, statement, because, label=label)

    def gt(self, statement: Statement, because: str, *, label: str = "") -> Chain:
        """A step ``> statement``: strictly greater everywhere on the domain.

        >>> import sympy as sp
        >>> x = sp.Symbol("x", positive=True)
        >>> Chain.start(x + 1).gt(x, "minus one").relation
        <Relation.GT: '>'>
        """
        return self._then(Relation.GT, statement, because, label=label)

    def implies(self, statement: Statement, because: str, *, by: Operation, label: str = "") -> Chain:
        """A step ``=> statement``: applying the operation ``by`` to the previous line gives this one.

        The operation (:class:`~.operations.Differentiate`, :class:`~.operations.Substitute`,
        :class:`~.operations.Solve`, ...) is applied and the result compared with ``statement``: equal
        for an expression, the same equation up to rearranging or a nonzero factor for an equation;
        a :class:`~.operations.Solve` step is checked by substituting the solution back.

        >>> import sympy as sp
        >>> from symbolic_info.engine.operations import Differentiate
        >>> x = sp.Symbol("x", positive=True)
        >>> Chain.start(sp.Eq(x**2, 2 * x)).implies(sp.Eq(2 * x, 2), "d/dx", by=Differentiate(x)).steps[0].by
        Differentiate(variables=(x,))
        """
        return self._then(Relation.IMPLIES, statement, because, by=by, label=label)

    def tends(self, statement: Statement, because: str, *, by: Limit, label: str = "") -> Chain:
        """A step ``-> statement``: the limit ``by`` of the previous line is this one.

        >>> import sympy as sp
        >>> from symbolic_info.engine.operations import Limit
        >>> x = sp.Symbol("x", positive=True)
        >>> Chain.start(x * sp.log(x)).tends(0, "x log x -> 0", by=Limit(x, 0)).steps[0].relation.value
        '->'
        """
        return self._then(Relation.TENDS, statement, because, by=by, label=label)

    def approx(self, decimal: str | Sequence[str], because: str, *, label: str = "") -> Chain:
        """``~= 0.602``: the previous value rounds to the decimal as written (half a unit in its last digit).

        Several decimals compare entry by entry with a previous matrix (shown as a column).

        >>> import sympy as sp
        >>> Chain.start(sp.log(4) / sp.log(10)).approx("0.602", "three decimals").steps[0].statement
        0.602
        """
        rounded = Rounded.parse(decimal)
        return self._then(Relation.APPROX, rounded.statement(), because, by=rounded, label=label)

    def links(self) -> Iterator[tuple[Statement, Step]]:
        """Each step with the statement it relates to (the line written before it).

        >>> import sympy as sp
        >>> x = sp.Symbol("x")
        >>> [(str(before), str(step.statement)) for before, step in Chain.start(x).equals(x + 0, "same").links()]
        [('x', 'x')]
        """
        previous = self.first
        for step in self.steps:
            yield previous, step
            previous = step.statement
