"""``argmin(f, x) = e`` and ``argmax(f, x) = e``: where a function is smallest or largest.

``argmin(f, x) = e`` says that ``e`` is the one minimiser of ``f`` over the domain of ``x`` (the
simplex for ``p``, ``q``, ``r``; all real vectors for a real vector; the bounds after ``where`` for a
real variable). It is checked in two parts:

1. ``e`` is a minimiser: the claim ``f >= f(e)`` (``f`` with ``x`` replaced by ``e``) for every ``x``
   and every value of the other variables, and ``e`` satisfies the conditions on ``x``. This part
   is what the search can refute: a point where ``f`` is smaller than at ``e``.
2. ``e`` is the only one: ``f`` is strictly convex in ``x`` (its Hessian positive definite,
   ``pd(hessian(f, x))``, :mod:`.convexity`), so that no other point reaches ``f(e)``.

The verdict is the first part's when the second is proved. When the second is not, another optimum
is searched for (:mod:`.second_optimum`: a point ``x != e`` where ``f`` equals ``f(e)``), which refutes
the claim; without one the verdict is at best *holds*: ``e`` may be a minimiser, but that it is the
only one was not established. ``argmax`` is the same with ``<=`` and a negative definite Hessian.

>>> import symbolic_info as si
>>> si.check("argmin(KL(p, q), q) = p").verdict
'proved'
>>> si.check("argmax(H(p, q), q) = p").verdict
'refuted'
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, replace

import sympy as sp

from ..engine.obligations import Relation
from ..formulas.vectors import Vector
from .claim import Comparison
from .convexity import StatementTranslator, refuse_conditions_on, variable_of, with_entries
from .language import FUNCTIONS, VECTOR_NAMES, Kind, function_of
from .structure import called_name, is_probability_vector
from .syntax import ParsedClaim, statement_chain
from .verdict import Verdict

__all__ = [
    "VALUES",
    "Optimum",
    "at_optimum",
    "combined",
    "optimum_comparison",
    "optimum_distance",
    "optimum_reading",
    "optimum_side",
    "optimum_texts",
    "uniqueness_claim",
    "vector_at",
]

#: How ``f`` compares with its value at the optimum, everywhere.
_RELATIONS = {"argmin": Relation.GE, "argmax": Relation.LE, "min": Relation.GE, "max": Relation.LE}
#: The optima whose claimed value is the function's value there (``min(f, x) = m``), not the point.
VALUES = frozenset({"min", "max"})
#: The property of a function that makes its optimum the only one, as a noun.
_NOUNS = {"convex": "convexity", "concave": "concavity"}
#: The statement that makes the optimum the only one.
_STRICT = {"argmin": "pd", "argmax": "nd"}


@dataclass(frozen=True)
class Optimum:
    """The variable of an ``argmin``/``argmax`` and the value it is claimed to take there."""

    variable: sp.Symbol | Vector
    value: sp.Expr | Vector
    column: int  # where the variable was typed
    texts: tuple[str, str, str]  # the function, the variable and the value, as typed
    is_value: bool = False  # min(f, x) = m: the value is f's, not a point


def optimum_side(parsed: ParsedClaim) -> int | None:
    """Which side of ``parsed`` is an ``argmin``/``argmax`` call (0 or 1), or None."""
    for position, side in enumerate(parsed.sides):
        tree = side.tree
        if isinstance(tree, ast.Call) and isinstance(tree.func, ast.Name):
            function = function_of(tree)
            if function is not None and function.kind is Kind.OPTIMUM:
                return position
    return None


def optimum_comparison(
    translator: StatementTranslator, parsed: ParsedClaim, position: int
) -> tuple[Comparison, Optimum]:
    """``f >= f(e)`` for ``argmin(f, x) = e`` (``<=`` for argmax), and the optimum it claims."""
    piece, other = parsed.sides[position], parsed.sides[1 - position]
    call = piece.tree
    assert isinstance(call, ast.Call)  # optimum_side
    name = called_name(call)
    body, variable_node = call.args
    function = translator.expr(piece, body)
    variable = variable_of(translator, piece, variable_node, name)
    assert isinstance(variable_node, ast.Name)  # variable_of
    variable_name = variable_node.id
    value: sp.Expr | Vector
    if name in VALUES:  # min(f, x) = m: f >= m everywhere (that m is reached: .extreme_values)
        value = translator.expr(other, other.tree)
        uses = value.has(variable.base) if isinstance(variable, Vector) else variable in value.free_symbols
        if uses:
            message = f"the value of {name}(..., {variable_name}) cannot use {variable_name}"
            raise translator.fail(other, other.tree, message)
        texts = (piece.source(body), variable_name, other.text.strip())
        optimum = Optimum(variable, value, piece.column(variable_node), texts, is_value=True)
        return Comparison(function, _RELATIONS[name], value), optimum
    if isinstance(variable, Vector):
        given = other.tree
        if variable_name in VECTOR_NAMES:
            kind, fits = "probability vector: p, q, r or softmax(z)", is_probability_vector(given)
        else:
            kind = "real vector: a name such as w"
            fits = isinstance(given, ast.Name) and given.id not in VECTOR_NAMES and given.id not in FUNCTIONS
        if not fits or (isinstance(given, ast.Name) and given.id == variable_name):
            message = f"{name} over the {kind.partition(':')[0]} {variable_name} is another {kind}"
            raise translator.fail(other, given, f"{message}, not {other.text.strip()}")
        value = translator.whole_vector(other, given)
        at_value = vector_at(function, variable.base, value)
    else:
        value = translator.expr(other, other.tree)
        if variable in value.free_symbols:
            message = f"the value of {name}(..., {variable_name}) cannot use {variable_name}"
            raise translator.fail(other, other.tree, message)
        at_value = function.xreplace({variable: value})
    comparison = Comparison(function, _RELATIONS[name], at_value)
    texts = (piece.source(body), variable_name, other.text.strip())
    return comparison, Optimum(variable, value, piece.column(variable_node), texts)


def vector_at(expression: sp.Expr, base: sp.IndexedBase, value: Vector | sp.IndexedBase) -> sp.Expr:
    """``expression`` with every entry of the vector ``base`` replaced by the same entry of ``value``."""
    return with_entries(expression, base, lambda entry: value[entry.indices[0]])


def optimum_distance(optimum: Optimum, replacements: dict[sp.Basic, sp.Expr]) -> sp.Expr | None:
    """The squared distance from the variable to the claimed optimum (None for ``min(f, x) = m``: a value)."""
    if optimum.is_value:
        return None
    variable, value = optimum.variable, optimum.value
    if isinstance(variable, Vector):
        assert isinstance(value, (Vector, sp.IndexedBase))
        return variable.total(lambda i: (variable[i] - value[i]) ** 2).xreplace(replacements)
    assert isinstance(value, sp.Expr)
    return ((variable - value) ** 2).xreplace(replacements)


def optimum_texts(optimum: Optimum, relations: list[Comparison]) -> tuple[str, ...]:
    """What each relation of an optimum claim says: ``f >= its value at e``, then ``e`` is in the domain."""
    function, name, value = optimum.texts
    first = f"{function} {relations[0].relation.value} " + (
        value if optimum.is_value else f"its value at {name} = {value}"
    )
    rest = [f"{value} in the domain: {sp.sstr(r.left)} {r.relation.value} {sp.sstr(r.right)}" for r in relations[1:]]
    return (first, *rest)


def at_optimum(optimum: Optimum, conditions: list[Comparison]) -> list[Comparison]:
    """The conditions on the optimum's variable, at its value: the value must be in the domain (argmin only)."""
    variable = optimum.variable
    if optimum.is_value and not isinstance(variable, Vector):
        return []
    if isinstance(variable, Vector):
        message = f"a condition on the entries of {variable.name} (the optimum's variable) is not supported"
        refuse_conditions_on(variable, conditions, message, optimum.column)
        return []
    value = optimum.value
    assert isinstance(value, sp.Expr)  # a real variable's value is a number or an expression
    return [
        Comparison(c.left.xreplace({variable: value}), c.relation, c.right.xreplace({variable: value}))
        for c in conditions
        if variable in c.left.free_symbols | c.right.free_symbols
    ]


def optimum_reading(parsed: ParsedClaim) -> str:
    """What ``argmin(f, x) = e`` is checked as, in words (the verdict's message starts with it).

    >>> from symbolic_info.claims.syntax import parse_claim
    >>> print(optimum_reading(parse_claim("argmin(KL(p, q), q) = p")))
    read as: p minimises KL(p, q) over q: KL(p, q) >= its value at q = p for every q, and p is the only such q
    """
    position = optimum_side(parsed)
    assert position is not None  # an optimum claim
    piece, other = parsed.sides[position], parsed.sides[1 - position]
    call = piece.tree
    assert isinstance(call, ast.Call)
    name = called_name(call)
    body, variable = (piece.source(node) for node in call.args)
    value = other.text.strip()
    relation = _RELATIONS[name].value
    if name in VALUES:
        extreme = "smallest" if name == "min" else "largest"
        reached = f"and {body} = {value} somewhere"
        everywhere = f"{body} {relation} {value} for every {variable}"
        return f"read as: the {extreme} value of {body} over {variable} is {value}: {everywhere}, {reached}"
    verb = "minimises" if name == "argmin" else "maximises"
    return (
        f"read as: {value} {verb} {body} over {variable}: {body} {relation} its value at {variable} = {value} "
        f"for every {variable}, and {value} is the only such {variable}"
    )


def uniqueness_claim(parsed: ParsedClaim) -> ParsedClaim:
    """The statement that makes the optimum of ``parsed`` the only one: ``pd(hessian(f, x))`` (``nd`` for argmax)."""
    position = optimum_side(parsed)
    assert position is not None  # an optimum claim
    piece = parsed.sides[position]
    call = piece.tree
    assert isinstance(call, ast.Call)
    name = called_name(call)
    hessian = ast.copy_location(ast.Call(ast.Name("hessian", ast.Load()), list(call.args), []), call)
    strict = ast.copy_location(ast.Call(ast.Name(_STRICT[name], ast.Load()), [hessian], []), call)
    for node in (hessian.func, strict.func):
        ast.copy_location(node, call.func)
    chain = statement_chain(replace(piece, tree=strict), len(piece.columns) - 1)
    return ParsedClaim(parsed.text, chain.sides, chain.relations, parsed.conditions, statement=True)


def combined(claim: str, reading: str, optimum: Verdict, unique: Verdict) -> Verdict:
    """The verdict on ``argmin(f, x) = e`` from its two parts: a minimiser (``optimum``), and the only one."""
    if optimum.verdict == "error":
        return replace(optimum, claim=claim)
    if optimum.verdict == "refuted":
        return replace(optimum, claim=claim, message=f"{reading}; {optimum.message}")
    shape = "convex" if " minimises " in reading else "concave"
    if unique.verdict == "proved":
        message = f"{reading}; {optimum.message}; the only one, since strictly {shape}: {unique.message}"
        method = f"{optimum.method}; strictly {shape}: {unique.method}"
        return replace(optimum, claim=claim, message=message, method=method)
    why = {
        "holds": f"strict {_NOUNS[shape]} holds at the points searched but is not proved",
        "refuted": "the Hessian is not definite everywhere, so another optimum is not ruled out",
        "error": f"strict {_NOUNS[shape]} could not be checked",
    }[unique.verdict]
    message = f"{reading}; {optimum.message}; that it is the only one is not established: {why} ({unique.message})"
    return replace(optimum, claim=claim, verdict="holds", message=message)
