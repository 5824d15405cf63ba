"""Statements translated: ``convex(f, x)`` as the second derivative of ``f`` along every direction, ``>= 0``.

A function that is twice continuously differentiable on an open convex set is convex there exactly
when its second derivative along every direction is ``>= 0`` at every point, and concave when it is
``<= 0``; its Hessian is positive semidefinite exactly when the same holds. So each statement is
checked as one inequality, with the search, the prover and the certificates of any claim:

- a real variable ``x``: ``d^2 f / dx^2 >= 0`` on the interval the conditions give ``x`` (bounds by
  numbers, as in ``where 0 < x < 1``);
- a real vector ``z``: ``d^2/dt^2 f(z + t v)`` at ``t = 0``, for every point ``z`` and every real
  direction ``v`` (a vector of its own, shown in a counterexample);
- a probability vector ``p``: the same along the directions that stay in the simplex, ``v`` minus
  its mean (entries summing to 0); ``psd(hessian(f, p))`` takes every direction, as the Hessian of
  ``f`` in its ``n`` entries does;
- ``pd`` and ``nd``: ``> 0`` and ``< 0`` for every direction but 0 (a condition on ``v``).

The equivalence needs ``f`` twice differentiable on the whole domain, so that is established
first, or the statement is refused with the reason: ``abs``, ``max`` and the like are not; a real
variable's ``f`` and second derivative must be continuous on its whole interval (SymPy's
``continuous_domain``: ``1/x**2`` on the reals is refused, on ``x > 0`` accepted); for a vector, every
denominator must be provably nonzero and every logarithm's argument provably positive on the domain.

>>> import symbolic_info as si
>>> si.check("concave(H(p), p)").verdict
'proved'
>>> si.check("convex(x**3, x)").verdict
'refuted'
"""

from __future__ import annotations

import ast
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import sympy as sp
from sympy.calculus.util import continuous_domain

from ..engine.normalization import Facts, with_forms
from ..engine.obligations import Relation
from ..errors import ClaimSyntaxError
from ..formulas.vectors import ExtremeEntry, LargestEntry, SmallestEntry, Vector
from .bounds import Scalar
from .claim import Comparison
from .language import CONSTANT_NAMES, COUNT_NAME, FUNCTIONS, SUM_INDEX, VECTOR_NAMES
from .statements import DEFINITENESS, STATEMENT_RELATIONS
from .structure import called_name
from .syntax import ParsedClaim, Piece
from .whole_vectors import vector_names

__all__ = [
    "StatementDomain",
    "StatementTranslator",
    "check_domain",
    "direction_name",
    "refuse_conditions_on",
    "statement_comparison",
    "statement_reading",
    "variable_of",
    "with_entries",
]

#: How a refusal names the functions that are not written as SymPy names them.
_ROUGH_NAMES = {LargestEntry: "max(z)", SmallestEntry: "min(z)"}
#: Functions that are not twice differentiable everywhere: a statement on one of them is refused.
_NOT_SMOOTH = (
    sp.Abs,
    sp.sign,
    sp.Max,
    sp.Min,
    ExtremeEntry,
    sp.Piecewise,
    sp.Heaviside,
    sp.DiracDelta,
    sp.floor,
    sp.ceiling,
)


class StatementTranslator(Protocol):
    """What :func:`statement_comparison` needs of the translator."""

    implicit: list[Comparison]

    def fail(self, piece: Piece, node: ast.AST, message: str) -> ClaimSyntaxError:
        """An error at ``node``'s column."""
        ...

    def expr(self, piece: Piece, node: ast.expr) -> sp.Expr:
        """The SymPy form of ``node``."""
        ...

    def scalar(self, piece: Piece, node: ast.AST, name: str) -> sp.Symbol:
        """The real variable ``name``."""
        ...

    def whole_vector(self, piece: Piece, node: ast.expr) -> Vector:
        """The vector ``node`` as a whole."""
        ...

    def is_real_vector(self, name: str) -> bool:
        """Whether ``name`` is a real vector of the claim (``z`` in ``z[k]``)."""
        ...

    def direction(self) -> Vector:
        """A real vector of a fresh name: the direction of a second derivative."""
        ...

    def category_index(self) -> sp.Symbol:
        """A category index of a fresh name."""
        ...


@dataclass(frozen=True)
class StatementDomain:
    """What :func:`check_domain` checks once the conditions have bounded the variables."""

    text: str  # the statement as typed, for the messages
    variable: sp.Symbol | Vector
    function: sp.Expr
    second: sp.Expr
    columns: tuple[int, int]  # where the function and the variable were typed


def statement_comparison(
    translator: StatementTranslator, piece: Piece, node: ast.Call
) -> tuple[Comparison, StatementDomain]:
    """The inequality ``node`` (a statement call, the whole claim) is checked as, and what its domain must be."""
    name = called_name(node)
    if name in DEFINITENESS:
        hessian = node.args[0]
        if not (isinstance(hessian, ast.Call) and called_name(hessian) == "hessian" and len(hessian.args) == 2):
            raise translator.fail(piece, hessian, f"{name} takes a Hessian, as in {name}(hessian(f, z))")
        body, variable_node = hessian.args
        tangent = False
    else:
        body, variable_node = node.args
        tangent = True
    function = translator.expr(piece, body)
    rough = sorted({_ROUGH_NAMES.get(type(part), type(part).__name__) for part in function.atoms(*_NOT_SMOOTH)})
    if rough:
        message = f"{name}(...) is checked through second derivatives: {', '.join(rough)} is not twice differentiable"
        raise translator.fail(piece, body, message)
    variable = variable_of(translator, piece, variable_node, name)
    if isinstance(variable, Vector):
        assert isinstance(variable_node, ast.Name)  # variable_of
        second = _along_directions(translator, function, variable, tangent=tangent and variable_node.id in VECTOR_NAMES)
        if name in ("pd", "nd"):
            direction = translator.direction()
            diagonal = _diagonal(second, direction)
            if diagonal is not None:  # sum_i c_i v_i^2 > 0 for every v != 0 exactly when every c_k > 0
                index, entry = diagonal
                second = entry.xreplace({index: translator.category_index()})
            else:
                index = sp.Dummy("j", integer=True, positive=True)
                squares = sp.Sum(direction[index] ** 2, (index, 1, direction.categories.n))
                translator.implicit.append(Comparison(squares, Relation.GT, sp.S.Zero))
    else:
        second = sp.diff(function, variable, 2)
    comparison = Comparison(second, STATEMENT_RELATIONS[name], sp.S.Zero)
    columns = (piece.column(body), piece.column(variable_node))
    return comparison, StatementDomain(piece.text, variable, function, second, columns)


def variable_of(translator: StatementTranslator, piece: Piece, node: ast.expr, name: str) -> sp.Symbol | Vector:
    """The variable a statement or an optimum ``name`` is about: a probability or real vector, else a real one."""
    if not isinstance(node, ast.Name):
        raise translator.fail(piece, node, f"{name}: the variable is a name, as x, z or p")
    if node.id in CONSTANT_NAMES | {COUNT_NAME, SUM_INDEX} or node.id in FUNCTIONS:
        raise translator.fail(piece, node, f"{name}: '{node.id}' cannot be the variable")
    if node.id in VECTOR_NAMES or translator.is_real_vector(node.id):
        return translator.whole_vector(piece, node)
    return translator.scalar(piece, node, node.id)


def with_entries(expression: sp.Expr, base: sp.IndexedBase, replaced: Callable[[sp.Indexed], sp.Expr]) -> sp.Expr:
    """``expression`` with each entry ``base[i]`` replaced by ``replaced(base[i])``, all at once."""
    entries = [atom for atom in expression.atoms(sp.Indexed) if atom.base == base]
    return expression.xreplace({atom: replaced(atom) for atom in entries})


def refuse_conditions_on(vector: Vector, conditions: list[Comparison], message: str, column: int) -> None:
    """Raise ``message`` (at ``column``) when a condition uses an entry of ``vector``."""
    for condition in conditions:
        sides = (condition.left, condition.right)
        if any(entry.base == vector.base for side in sides for entry in side.atoms(sp.Indexed)):
            raise ClaimSyntaxError(message, column)


def direction_name(names: frozenset[str]) -> str:
    """A second derivative's direction: ``v``, or the first of ``u``, ``d``, ``v1``, ... not in ``names``."""
    return next(name for name in ("v", "u", "d", *(f"v{k}" for k in range(1, 100))) if name not in names)


def statement_reading(parsed: ParsedClaim) -> str:
    """What the statement ``parsed`` is checked as, in words (the verdict's message starts with it).

    >>> from symbolic_info.claims.syntax import parse_claim
    >>> print(statement_reading(parse_claim("concave(H(p), p)")))
    read as: the second derivative of H(p) in p along every direction v (minus its mean: p stays in the simplex)
    is <= 0
    """
    call = parsed.sides[0].tree
    assert isinstance(call, ast.Call) and isinstance(call.func, ast.Name)  # a statement is a call
    name = call.func.id
    target = call.args[0].args if name in DEFINITENESS and isinstance(call.args[0], ast.Call) else call.args
    body, variable = (parsed.sides[0].source(node) for node in target[:2])
    relation = f"{STATEMENT_RELATIONS[name].value} 0"
    if variable not in vector_names(piece.tree for piece in parsed.pieces):
        return f"read as: the second derivative of {body} in {variable} is {relation}"
    direction = direction_name(parsed.names)
    if name in DEFINITENESS:
        relation += f" for every {direction} != 0" if name in ("pd", "nd") else ""
        return f"read as: the second derivative of {body} in {variable} along every direction {direction} is {relation}"
    within = f" (minus its mean: {variable} stays in the simplex)" if variable in VECTOR_NAMES else ""
    along = f"in {variable} along every direction {direction}{within}"
    return f"read as: the second derivative of {body} {along} is {relation}"


def _along_directions(translator: StatementTranslator, function: sp.Expr, vector: Vector, *, tangent: bool) -> sp.Expr:
    """``d^2/dt^2 function(vector + t v)`` at ``t = 0`` (``v`` minus its mean where ``tangent``)."""
    direction = translator.direction()
    step = sp.Dummy("t", real=True)
    mean = sp.S.Zero
    if tangent:
        index = sp.Dummy("j", integer=True, positive=True)
        count = direction.categories.n
        mean = sp.Sum(direction[index], (index, 1, count)) / count
    moved = with_entries(function, vector.base, lambda entry: entry + step * (direction[entry.indices[0]] - mean))
    return sp.diff(moved, step, 2).xreplace({step: sp.S.Zero})


def _diagonal(second: sp.Expr, direction: Vector) -> tuple[sp.Symbol, sp.Expr] | None:
    """``(i, c_i)`` when ``second`` is ``sum_i c_i v_i^2`` over all the categories, ``c_i`` free of ``v``; else None."""
    number, total = second.as_coeff_Mul()
    if not (isinstance(total, sp.Sum) and len(total.limits) == 1):
        return None
    index, low, high = total.limits[0]
    if low != 1 or high != direction.categories.n:
        return None
    coefficient = sp.cancel(total.function / direction[index] ** 2)
    return None if coefficient.has(direction.base) else (index, number * coefficient)


def check_domain(
    domain: StatementDomain,
    scalars: tuple[Scalar, ...],
    conditions: list[Comparison],
    replacements: dict[sp.Basic, sp.Expr],
    coverings: Sequence[Facts] = ((),),
) -> None:
    """Raise :class:`ClaimSyntaxError` unless the statement's function is twice differentiable on its whole domain.

    ``conditions`` are the claim's conditions before the variables were bounded, ``scalars`` the
    variables bounded and ``replacements`` their new symbols (:func:`.bounds.bound_scalars`);
    ``coverings`` write the entries of bounded real vectors (``0 < t[i] < 1``) so that together they
    cover their domains (:func:`.entrywise.entry_coverings`).
    """
    variable = domain.variable
    if isinstance(variable, Vector):
        _check_vector_domain(domain, variable, conditions, coverings)
        return
    symbol = replacements.get(variable, variable)
    for condition in conditions:
        sides = (condition.left, condition.right)
        if variable in condition.left.free_symbols | condition.right.free_symbols and not (
            variable in sides
            and all(side == variable or side.is_number for side in sides)
            and condition.relation in (Relation.LT, Relation.LE, Relation.GT, Relation.GE)
        ):
            message = f"the domain of {variable} is an interval with bounds that are numbers, as in 0 < {variable} < 1"
            raise ClaimSyntaxError(f"{domain.text}: {message}", domain.columns[1])
    scalar = next((s for s in scalars if s.symbol == symbol), None)
    low = scalar.low if scalar is not None and scalar.low is not None else -sp.oo
    high = scalar.high if scalar is not None and scalar.high is not None else sp.oo
    closed = (scalar.low_closed, scalar.high_closed) if scalar is not None else (False, False)
    interval = sp.Interval(low, high, not closed[0], not closed[1])
    for expression, where, what in (
        (domain.function, interval, "is not continuous"),
        (domain.second, interval.interior, "has no continuous second derivative"),
    ):
        try:
            continuous = continuous_domain(expression, variable, where)
        except (NotImplementedError, TypeError, ValueError, AttributeError):
            continuous = None
        if continuous != where:
            shown = f"on {_shown(where)}" + ("" if continuous is None else f", only on {_shown(continuous)}")
            hint = f"give {variable} a domain where it is, as in 'where {variable} > 0'"
            message = f"{domain.text}: the function {what} {shown} (or SymPy cannot tell); {hint}"
            raise ClaimSyntaxError(message, domain.columns[0])


def _shown(region: sp.Set) -> str:
    """``region`` as a reader writes it: ``(0, oo)``, ``[0, 1)``, a union joined by ``and``."""
    if isinstance(region, sp.Interval):
        left = "(" if region.left_open else "["
        right = ")" if region.right_open else "]"
        return f"{left}{region.start}, {region.end}{right}"
    if isinstance(region, sp.Union):
        return " and ".join(_shown(part) for part in region.args)
    return str(region)


def _check_vector_domain(
    domain: StatementDomain, vector: Vector, conditions: list[Comparison], coverings: Sequence[Facts]
) -> None:
    message = f"{domain.text}: a condition on the entries of {vector.name} is not supported here"
    refuse_conditions_on(vector, conditions, message, domain.columns[1])
    for expression, forms in itertools.product((domain.function, domain.second), coverings):
        problem = _undefined_somewhere(with_forms(expression, forms))
        if problem is not None:
            message = (
                f"{domain.text}: cannot show that {problem} on the whole domain, so the second derivative"
                " may not exist everywhere"
            )
            raise ClaimSyntaxError(message, domain.columns[0])


def _undefined_somewhere(expression: sp.Expr) -> str | None:
    """Why ``expression`` may be undefined somewhere on its variables' domains, or None when it cannot be."""
    for node in sp.preorder_traversal(expression):
        if isinstance(node, sp.log) and not _positive(node.args[0]):
            return f"{node.args[0]} > 0"
        if isinstance(node, sp.Pow):
            base, exponent = node.args
            if exponent.is_integer and exponent.is_nonnegative:
                continue
            if exponent.is_integer and (_positive(base) or _positive(-base)):
                continue
            if not _positive(base):
                return f"{base} > 0"
    return None


def _positive(expression: sp.Expr, *, combined: bool = False) -> bool:
    """Whether ``expression`` is provably positive (SymPy's assumptions, and sums over the categories)."""
    if expression.is_positive:
        return True
    if isinstance(expression, sp.Sum):
        return _positive(expression.function)
    parts = isinstance(expression, sp.Mul) or (isinstance(expression, sp.Add) and not combined)
    if parts and all(_positive(term) for term in expression.args):
        return True
    if isinstance(expression, sp.Add) and not combined:  # 1 - 1/(1 + e^-x) = e^-x/(1 + e^-x)
        return _positive(sp.together(expression), combined=True)
    if isinstance(expression, sp.Pow):
        return _positive(expression.args[0]) and bool(expression.args[1].is_real)
    if isinstance(expression, sp.exp):
        return bool(expression.args[0].is_real)
    return False
