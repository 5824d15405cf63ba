"""The translator: a parsed claim's syntax trees become SymPy objects, node by node.

Only the node types the parser allowed reach this module; each becomes a SymPy object built by a
function of :mod:`symbolic_info.formulas.definitions` or SymPy itself (never from text). Names get
one role each (:class:`Role`), fixed at first use. :func:`.translate.translate` drives it over a
whole claim.

>>> from symbolic_info.claims.syntax import parse_claim
>>> translator = Translator({}, frozenset({"x"}))
>>> claim = parse_claim("log(x) <= x - 1")
>>> translator.expr(claim.sides[0], claim.sides[0].tree)
log(x)
"""

from __future__ import annotations

import ast
import math
import re
from enum import StrEnum
from fractions import Fraction

import sympy as sp

from ..engine.obligations import Relation
from ..errors import ClaimSyntaxError, DerivationError, InvalidArgumentError, SymbolicInfoError
from ..formulas.vectors import Categories, Vector, index_symbol
from . import language
from .claim import Comparison
from .continuous import is_density, of_densities
from .convexity import direction_name
from .derivatives import derivative_call, gradient_entry
from .language import (
    CONSTANT_NAMES,
    COUNT_NAME,
    DIRECTIONS,
    MAX_EXPONENT,
    MAX_LIST_LENGTH,
    MAX_NUMBER_DIGITS,
    SUM_INDEX,
    VECTOR_NAMES,
    VECTOR_VALUED,
    Function,
    Kind,
)
from .limit_calls import integral_call, limit_call
from .structure import called_name, is_probability_vector
from .syntax import Piece
from .whole_vectors import expectation_sum, summation

__all__ = ["Role", "Translator", "names_of_kind"]

_MAX_BITS = int(MAX_NUMBER_DIGITS * 3.33)
_EXPONENT_PART = re.compile(r"[eE]([+-]?\d+)$")
_N = sp.Symbol(COUNT_NAME, integer=True, positive=True)


class Role(StrEnum):
    """What a name in a claim stands for, fixed at its first use."""

    REAL = "real variable"
    CATEGORY_INDEX = "category index"
    SUMMATION_INDEX = "summation index"
    LIMIT_VARIABLE = "limit variable"
    INTEGRATION_VARIABLE = "variable of integration"
    REAL_VECTOR = "real vector"


def _sums_to_one(total: sp.Expr) -> bool:
    """Whether ``total`` is 1 identically: exactly, after expanding, or over one denominator (softmax entries)."""
    if total == 1 or sp.expand(total) == 1:
        return True
    if total.is_number:
        return bool(sp.simplify(total - 1) == 0)
    return bool(sp.cancel(sp.together(total)) == 1)


class Translator:
    def __init__(self, aliases: dict[str, str], names: frozenset[str]) -> None:
        self.roles: dict[str, Role] = {}
        self.symbols: dict[str, sp.Symbol] = {}
        self.bound: list[str] = []
        self.aliases = aliases
        self.min_n = 2
        self.uses_n = False
        self.implicit: list[Comparison] = []  # entries of explicit vectors must be >= 0
        self.limits: dict[str, sp.Symbol] = {}  # the variables of the limits being translated
        self.names = names  # every name the claim uses: an expectation's index is none of them
        self.vector_names: frozenset[str] = VECTOR_NAMES  # and those that are vectors (translate sets them)
        self.categories = Categories(_N, sp.Dummy("i", integer=True, positive=True))
        self.real_vectors: dict[str, Vector] = {}  # z in z[k], softmax(z), dot(w, x): real entries
        self.direction_vector: Vector | None = None  # convex(f, z): the direction of its second derivative
        self.entry_columns: dict[str, int] = {}  # where 0 < t[i] < 1 or y[i] in {0, 1}: each vector's first one

    def fail(self, piece: Piece, node: ast.AST, message: str) -> ClaimSyntaxError:
        return ClaimSyntaxError(message, piece.column(node))

    def role(self, piece: Piece, node: ast.AST, name: str, role: Role) -> None:
        known = self.roles.setdefault(name, role)
        if known != role:
            raise self.fail(piece, node, f"'{name}' is used as a {known.value} and as a {role.value}")

    # -- leaves ------------------------------------------------------------------------------
    def number(self, piece: Piece, node: ast.Constant) -> sp.Expr:
        if isinstance(node.value, int):
            if node.value.bit_length() > _MAX_BITS:
                raise self.fail(piece, node, f"numbers are limited to {MAX_NUMBER_DIGITS} digits")
            return sp.Integer(node.value)
        text = piece.source(node).replace("_", "")
        exponent = _EXPONENT_PART.search(text)
        if exponent and abs(int(exponent.group(1))) > MAX_NUMBER_DIGITS:
            raise self.fail(piece, node, f"numbers are limited to {MAX_NUMBER_DIGITS} digits")
        value = Fraction(text)
        return self.checked(piece, node, sp.Rational(value.numerator, value.denominator))

    def checked(self, piece: Piece, node: ast.AST, value: sp.Expr) -> sp.Expr:
        if value.is_Rational and max(abs(value.p), value.q).bit_length() > _MAX_BITS:
            raise self.fail(piece, node, f"numbers are limited to {MAX_NUMBER_DIGITS} digits")
        if value.has(sp.zoo, sp.nan):
            raise self.fail(piece, node, "this is undefined (division by zero?)")
        return value

    def bind_limit_variable(self, piece: Piece, node: ast.AST, name: str) -> None:
        self.role(piece, node, name, Role.LIMIT_VARIABLE)

    def bind_integration_variable(self, piece: Piece, node: ast.AST, name: str) -> None:
        self.role(piece, node, name, Role.INTEGRATION_VARIABLE)

    def name(self, piece: Piece, node: ast.Name) -> sp.Expr:
        name = node.id
        if name in self.bound:
            return index_symbol(name)
        if name in self.limits:
            return self.limits[name]
        if name in DIRECTIONS.values():
            raise self.fail(piece, node, "'+' and '-' in quotes are the side of a limit, as in limit(expr, x, 0, '+')")
        if self.roles.get(name) == Role.LIMIT_VARIABLE:
            raise self.fail(piece, node, f"'{name}' is the variable of a limit: use it inside limit(...)")
        if self.roles.get(name) == Role.INTEGRATION_VARIABLE:
            raise self.fail(piece, node, f"'{name}' is a variable of integration: use it inside integrate(...)")
        if self.roles.get(name) == Role.REAL_VECTOR:
            hint = f"use its entries, as in {name}[k] or sum(exp({name}[i]), i), or softmax({name}), logsumexp({name})"
            raise self.fail(piece, node, f"'{name}' is a real vector: {hint}")
        if name in language.FUNCTIONS:
            raise self.fail(piece, node, f"'{name}' is a function: write {name}(...)")
        if name in VECTOR_NAMES:
            hint = f"sum its entries, as in sum({name}*log({name})), or use {name}[i] inside sum(..., i), or H({name})"
            raise self.fail(piece, node, f"'{name}' is a probability vector: {hint}")
        if name == SUM_INDEX or self.roles.get(name) == Role.SUMMATION_INDEX:
            raise self.fail(piece, node, f"'{name}' is a summation index: use it inside sum(expr, {name})")
        if name in CONSTANT_NAMES:
            return {"e": sp.E, "pi": sp.pi, "oo": sp.oo}[name]
        if name == COUNT_NAME:
            self.uses_n = True
            return _N
        if self.roles.get(name) == Role.CATEGORY_INDEX:
            return self.symbols[name]
        return self.scalar(piece, node, name)

    def scalar(self, piece: Piece, node: ast.AST, name: str) -> sp.Symbol:
        self.role(piece, node, name, Role.REAL)
        return self.symbols.setdefault(name, sp.Symbol(name, real=True))

    # -- operations ---------------------------------------------------------------------------
    def expr(self, piece: Piece, node: ast.expr) -> sp.Expr:
        if isinstance(node, ast.Constant):
            return self.number(piece, node)
        if isinstance(node, ast.Name):
            return self.name(piece, node)
        if isinstance(node, ast.UnaryOp):
            operand = self.expr(piece, node.operand)
            return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.BinOp):
            return self.binary(piece, node)
        if isinstance(node, ast.Call):
            return self.call(piece, node)
        if isinstance(node, ast.Subscript):
            return self.entry(piece, node)
        if isinstance(node, ast.List):
            where = " or ".join(names_of_kind(Kind.DISTRIBUTIONS))
            raise self.fail(piece, node, f"a list [..] is a probability vector: it can only be an argument of {where}")
        raise self.fail(piece, node, f"{type(node).__name__} is not allowed in a claim")

    def binary(self, piece: Piece, node: ast.BinOp) -> sp.Expr:
        left, right = self.expr(piece, node.left), self.expr(piece, node.right)
        if isinstance(node.op, ast.Add):
            return self.checked(piece, node, left + right)
        if isinstance(node.op, ast.Sub):
            return self.checked(piece, node, left - right)
        if isinstance(node.op, ast.Mult):
            return self.checked(piece, node, left * right)
        if isinstance(node.op, ast.Div):
            if right == 0:
                raise self.fail(piece, node.right, "division by zero")
            return self.checked(piece, node, left / right)
        return self.power(piece, node, left, right)

    def power(self, piece: Piece, node: ast.BinOp, base: sp.Expr, exponent: sp.Expr) -> sp.Expr:
        if exponent.is_Number:
            if abs(exponent) > MAX_EXPONENT:
                raise self.fail(piece, node.right, f"exponents are limited to {MAX_EXPONENT} in absolute value")
            if base == 0 and exponent.is_negative:
                raise self.fail(piece, node, "division by zero (0 to a negative power)")
            if base.is_Rational and base != 0:
                digits = float(abs(exponent)) * math.log10(max(abs(base.p), base.q))
                if digits > MAX_NUMBER_DIGITS:
                    raise self.fail(piece, node, f"the result would have more than {MAX_NUMBER_DIGITS} digits")
        return self.checked(piece, node, base**exponent)

    def entry(self, piece: Piece, node: ast.Subscript) -> sp.Expr:
        function = language.function_of(node.value)
        if function is not None and function.kind is Kind.GRADIENT:
            return gradient_entry(self, piece, node)
        if isinstance(node.value, ast.Call):  # check_structure: softmax(z)
            vector: Vector = self.whole_vector(piece, node.value)
            name = f"{called_name(node.value)}(...)"
        else:  # check_structure: a name
            vector = self.whole_vector(piece, node.value)
            name = piece.source(node.value)
        return self.indexed(piece, node, vector, name)

    def indexed(self, piece: Piece, node: ast.Subscript, base: Vector, vector: str) -> sp.Expr:
        index = node.slice
        self.uses_n = True
        if isinstance(index, ast.Constant) and type(index.value) is int and 1 <= index.value <= 1000:
            self.min_n = max(self.min_n, index.value)
            return base[index.value]
        if not isinstance(index, ast.Name):
            raise self.fail(piece, index, "an index is a name or a positive integer, as in p[i] or p[1]")
        name = index.id
        if name in self.bound:
            return base[index_symbol(name)]
        if name == SUM_INDEX or name in VECTOR_NAMES | CONSTANT_NAMES | {COUNT_NAME} or name in language.FUNCTIONS:
            hint = f": use {vector}[i] inside sum(..., i)" if name == SUM_INDEX else ""
            raise self.fail(piece, index, f"'{name}' cannot index a vector here{hint}")
        self.role(piece, index, name, Role.CATEGORY_INDEX)
        return base[self.symbols.setdefault(name, index_symbol(name))]

    def is_real_vector(self, name: str) -> bool:
        return self.roles.get(name) is Role.REAL_VECTOR

    def direction(self) -> Vector:
        """The real vector :func:`.convexity.direction_name` names: a second derivative's direction."""
        if self.direction_vector is None:
            name = direction_name(self.names)
            self.direction_vector = Vector(name, self.categories, positive=False)
            self.real_vectors[name] = self.direction_vector
        return self.direction_vector

    def category_index(self) -> sp.Symbol:
        """A category index of a fresh name (``k``, or the first of ``j``, ``l``, ``k1``, ... not in the claim)."""
        taken = self.names | set(self.roles)
        name = next(n for n in ("k", "j", "l", *(f"k{m}" for m in range(1, 100))) if n not in taken)
        self.roles[name] = Role.CATEGORY_INDEX
        return self.symbols.setdefault(name, index_symbol(name))

    def vector(self, name: str) -> Vector:
        name = self.aliases.get(name, name)
        return Vector(name, self.categories)

    def whole_vector(self, piece: Piece, node: ast.expr) -> Vector:
        """A vector as a whole: ``p``, ``q``, ``r``, a real vector ``z`` or ``softmax(z)``."""
        self.uses_n = True
        if isinstance(node, ast.Name) and node.id in VECTOR_NAMES:
            return self.vector(node.id)
        if isinstance(node, ast.Call) and called_name(node) in VECTOR_VALUED:
            value = self.call(piece, node, vector=True)
            assert isinstance(value, Vector)
            return value
        reserved = CONSTANT_NAMES | {COUNT_NAME, SUM_INDEX}
        if not isinstance(node, ast.Name) or node.id in reserved or node.id in language.FUNCTIONS:
            raise self.fail(piece, node, "a vector is a name, as p or z, or softmax(z)")
        if node.id in self.bound or node.id in self.limits:
            raise self.fail(piece, node, f"'{node.id}' is bound here: it cannot be a vector")
        self.role(piece, node, node.id, Role.REAL_VECTOR)
        return self.real_vectors.setdefault(node.id, Vector(node.id, self.categories, positive=False))

    def distribution(self, piece: Piece, node: ast.expr) -> Vector | list[sp.Expr]:
        if is_probability_vector(node):
            return self.whole_vector(piece, node)
        if not isinstance(node, ast.List):
            takes = " and ".join(names_of_kind(Kind.DISTRIBUTIONS))
            also = f" (for a real vector {node.id}: softmax({node.id}))" if isinstance(node, ast.Name) else ""
            message = f"{takes} take probability vectors: p, q, r, softmax(z) or a list like [0.5, 0.5]{also}"
            raise self.fail(piece, node, message)
        if len(node.elts) > MAX_LIST_LENGTH:
            raise self.fail(piece, node, f"an explicit vector has at most {MAX_LIST_LENGTH} entries")
        entries = [self.expr(piece, element) for element in node.elts]
        if not entries:
            raise self.fail(piece, node, "an explicit vector needs at least one entry")
        for entry, element in zip(entries, node.elts, strict=True):
            if entry.is_number and not (entry.is_extended_real and entry.is_nonnegative):
                raise self.fail(piece, element, f"the entry {entry} of a probability vector is not a number >= 0")
        total = sp.Add(*entries)
        if not _sums_to_one(total):
            raise self.fail(piece, node, f"the entries of a probability vector must sum to 1, these sum to {total}")
        self.implicit.extend(Comparison(entry, Relation.GE, sp.S.Zero) for entry in entries if not entry.is_number)
        return entries

    def call(self, piece: Piece, node: ast.Call, *, vector: bool = False) -> sp.Expr:
        """The value of a call; ``vector=True`` where a vector may stand (``softmax(z)`` in ``H(p, softmax(z))``)."""
        name = called_name(node)
        function = language.function_of(node)  # check_structure checked the number of arguments
        assert function is not None  # parse_claim: a name of the language
        if function.kind is Kind.STATEMENT:  # check_structure: only as the whole claim, translated in translate()
            raise self.fail(piece, node, f"{name}(...) is a statement, a claim of its own")
        if function.kind is Kind.OPTIMUM:  # check_structure: only as a side of one equation
            raise self.fail(piece, node, f"{name}(...) is a whole side of an equation, as in {function.example}")
        if function.kind is Kind.GRADIENT:
            shape = "[j, k]" if function.value_indices == 2 else "[k]"
            raise self.fail(piece, node, f"{name}(f, z) is not a number: index it, as in {name}(f, z){shape}")
        if function.kind is Kind.VECTORS:
            try:
                value = function.builder(*(self.whole_vector(piece, argument) for argument in node.args))
            except InvalidArgumentError as error:
                raise self.fail(piece, node, str(error)) from None
            if isinstance(value, Vector) and not vector:
                message = f"{name}(...) is a probability vector: index it, as in {name}(z)[k], or give it to H, KL"
                raise self.fail(piece, node, message)
            return value
        if function.kind is Kind.SUM:
            return self.total(piece, node, function)
        if function.kind is Kind.DERIVATIVE:
            return derivative_call(self, piece, node, function)
        if function.kind is Kind.LIMIT:
            return limit_call(self, piece, node, function)
        if function.kind is Kind.INTEGRAL:
            return integral_call(self, piece, node, function)
        if function.kind is Kind.EXPECTATION:
            return self.expectation(piece, node, function)
        if function.kind is Kind.DENSITIES or (
            function.continuous is not None and any(is_density(argument) for argument in node.args)
        ):
            return of_densities(self, piece, node, function)
        if function.kind is Kind.DENSITY:
            raise self.fail(piece, node, f"{name}(...) is a continuous distribution: give it to h, KL or H")
        if function.kind is Kind.DISTRIBUTIONS:
            return self.information(piece, node, function)
        args = [self.expr(piece, argument) for argument in node.args]
        try:
            return self.checked(piece, node, function.builder(*args))
        except InvalidArgumentError as error:
            raise self.fail(piece, node, str(error)) from None

    def information(self, piece: Piece, node: ast.Call, function: Function) -> sp.Expr:
        vectors = [self.distribution(piece, argument) for argument in node.args]
        if len({isinstance(v, Vector) for v in vectors}) > 1:
            raise self.fail(piece, node, f"{function.name}: give vectors p, q, r or explicit lists, not a mix")
        keywords = {str(keyword.arg): self.expr(piece, keyword.value) for keyword in node.keywords}
        try:
            return function.builder(*vectors, **keywords)
        except DerivationError:  # a list and a vector over the n categories
            raise self.fail(
                piece, node, f"{function.name}: give vectors p, q, r or explicit lists, not a mix"
            ) from None
        except SymbolicInfoError as error:
            raise self.fail(piece, node, str(error)) from None

    def expectation(self, piece: Piece, node: ast.Call, function: Function) -> sp.Expr:
        vector = node.args[0]
        if not is_probability_vector(vector):
            message = f"{function.name}(p, expr) is an expectation over a probability vector p, q, r or softmax(z)"
            raise self.fail(piece, vector, message)
        total = expectation_sum(node, {*self.names, *self.bound}, self.vector_names)
        return self.total(piece, total, summation())

    def total(self, piece: Piece, node: ast.Call, function: Function) -> sp.Expr:
        body, index = node.args
        if not isinstance(index, ast.Name):
            example = f"{function.name}(p[i], i)"
            raise self.fail(piece, index, f"the second argument of {function.name} is the index name, as in {example}")
        name = index.id
        reserved = VECTOR_NAMES | CONSTANT_NAMES | {COUNT_NAME}
        if name in reserved or name in language.FUNCTIONS or name in self.bound:
            raise self.fail(piece, index, f"'{name}' cannot be a summation index")
        self.role(piece, index, name, Role.SUMMATION_INDEX)
        self.uses_n = True
        self.bound.append(name)
        try:
            summand = self.expr(piece, body)
        finally:
            self.bound.pop()
        return function.builder(summand, index_symbol(name), _N)


def names_of_kind(kind: Kind) -> list[str]:
    """The names of the language's functions of ``kind``, in the table's order."""
    return [function.name for function in language.FUNCTIONS.values() if function.kind is kind]
