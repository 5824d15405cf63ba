"""Refuse a claim that misuses a function or an index, from its syntax trees alone (before any SymPy).

A call with a number of arguments its function does not take (``sum(x)``, ``KL(p)``), or an index on
anything but a vector (``p``, ``q``, ``r``, a real vector such as ``z``, or ``softmax(z)``; not
``n``, a constant, a function's value or an entry), is an error with a column and the spelling that
works. The checker runs :func:`check_structure` before it renders anything, and
:func:`.translate.translate` first.

>>> from symbolic_info.claims.syntax import parse_claim
>>> check_structure(parse_claim("KL(p) >= 0"))
Traceback (most recent call last):
...
symbolic_info.errors.ClaimSyntaxError: column 1: KL takes 2 argument(s), got 1: write it as in KL(p, q) = H(p, q) - H(p)
"""

from __future__ import annotations

import ast

from ..engine.obligations import Relation
from ..errors import ClaimSyntaxError
from . import language
from .language import CONSTANT_NAMES, COUNT_NAME, VECTOR_NAMES, VECTOR_VALUED, Kind
from .statements import POINT_OPTIMA
from .syntax import ParsedClaim, Piece
from .vector_functions import ENTRY_EXTREMES

__all__ = ["called_name", "check_structure", "is_probability_vector"]


def called_name(node: ast.Call) -> str:
    """The name of the function ``node`` calls (check_structure admits calls of names only)."""
    if not isinstance(node.func, ast.Name):
        raise TypeError(f"a call of {type(node.func).__name__}, not of a name, passed check_structure")
    return node.func.id


def is_probability_vector(node: ast.expr) -> bool:
    """Whether ``node`` is a probability vector as a whole: ``p``, ``q``, ``r``, ``P``, ``Q`` or ``softmax(z)``."""
    if isinstance(node, ast.Name):
        return node.id in VECTOR_NAMES
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in VECTOR_VALUED


def _indexable(value: ast.expr) -> bool:
    """Whether ``value[...]`` indexes a vector: ``p``, ``q``, ``r``, a real vector ``z``, ``softmax(z)``, a gradient."""
    if isinstance(value, ast.Name):
        return value.id not in CONSTANT_NAMES | {COUNT_NAME} and value.id not in language.FUNCTIONS
    if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Name)):
        return False
    function = language.function_of(value)
    return value.func.id in VECTOR_VALUED or (function is not None and function.kind is Kind.GRADIENT)


def _structure_error(piece: Piece, node: ast.AST) -> ClaimSyntaxError | None:
    """The error for a call with arguments its function does not take, or an index on anything but p, q, r."""
    if isinstance(node, ast.Subscript) and not _indexable(node.value):
        value, shown = node.value, piece.source(node.value)
        message = {
            ast.Subscript: f"{shown} is one entry, a number: it cannot be indexed again; write one index, as in p[i]",
            ast.Call: f"{shown} is a number, not a vector: only vectors can be indexed, as in p[i], z[k], "
            "softmax(z)[k]",
            ast.List: "an explicit vector cannot be indexed: write its entry, or use p[i]",
            ast.Name: f"'{shown}' is not a vector: only vectors can be indexed, as in p[i] or z[k]",
        }.get(type(value), "only vectors can be indexed, as in p[i], z[k] or softmax(z)[k]")
        at = node.col_offset if isinstance(value, ast.Name) else value.end_col_offset or 0  # the name, or the '['
        return ClaimSyntaxError(message, piece.columns[min(piece.start + at, len(piece.columns) - 1)])
    function = language.function_of(node)  # None but for a call: parse_claim admits known names only
    if function is None or not isinstance(node, ast.Call) or len(node.args) in function.arities:
        return None
    if function.kind is Kind.SUM and len(node.args) == 1:  # a sum over whole vectors was given its index already
        body, shown = node.args[0], piece.source(node.args[0])
        indices = [n.slice.id for n in ast.walk(body) if isinstance(n, ast.Subscript) and isinstance(n.slice, ast.Name)]
        name = function.name
        if indices:
            message = f"not supported: {name}({shown}) without its index; write {name}({shown}, {indices[0]})"
        else:
            message = (
                f"not supported: {name}({shown}): {'sum' if name == 'sum' else 'multiply'} the entries of a vector, "
                f"as in {name}(p*log(p)), "
                f"or an expression over an index, as in {name}(p[i]*q[i], i)"
            )
    else:
        arities = function.arities + (ENTRY_EXTREMES[function.name].arities if function.name in ENTRY_EXTREMES else ())
        counts = " or ".join(str(count) for count in sorted(arities))
        message = f"{function.name} takes {counts} argument(s), got {len(node.args)}: write it as in {function.example}"
    return ClaimSyntaxError(message, piece.column(node))


def check_structure(parsed: ParsedClaim) -> None:
    """Refuse a call with a wrong number of arguments, or an index on anything but a vector, from the trees alone.

    Cheap (no SymPy): the checker runs it before it renders anything, and :func:`translate` first.

    >>> from symbolic_info.claims.syntax import parse_claim
    >>> check_structure(parse_claim("sum(x) = 1"))
    Traceback (most recent call last):
    ...
    symbolic_info.errors.ClaimSyntaxError: column 1: not supported: sum(x): sum the entries of a vector, as in \
sum(p*log(p)), or an expression over an index, as in sum(p[i]*q[i], i)
    """
    for piece in parsed.pieces:
        for node in ast.walk(piece.tree):
            error = _structure_error(piece, node)
            if error is None and _misplaced_statement(parsed, node):
                assert isinstance(node, ast.Call)  # _misplaced_statement
                name = called_name(node)
                message = (
                    f"{name}(...) is a statement, a claim of its own: write it alone, without a relation, "
                    f"as in {language.FUNCTIONS[name].example}"
                )
                error = ClaimSyntaxError(message, piece.column(node))
            if error is None and _misplaced_optimum(parsed, node):
                assert isinstance(node, ast.Call)  # _misplaced_optimum
                name = called_name(node)
                message = (
                    f"{name}(...) is a whole side of one equation, as in {language.FUNCTIONS[name].example}"
                    ", or an equivalence of two problems over one variable, as in "
                    "argmin(H(p, q), q) = argmin(KL(p, q), q)"
                )
                error = ClaimSyntaxError(message, piece.column(node))
            if error is not None:
                raise error
    _refuse_vector_equation(parsed)


def _refuse_vector_equation(parsed: ParsedClaim) -> None:
    """Refuse a relation between whole vectors, ``p = q`` (but not an optimum's point, ``argmin(f, q) = p``)."""
    if any(isinstance(side.tree, ast.Call) and _is_optimum(side.tree) for side in parsed.sides):
        return

    vectors = [side for side in parsed.sides if is_probability_vector(side.tree) or isinstance(side.tree, ast.List)]
    if len(vectors) >= 2:  # one vector against a number gets the vector's own message from the translator
        side, tree = vectors[0], vectors[0].tree
        raise ClaimSyntaxError(
            "not supported: a relation between whole vectors, such as p = q; you can compare entries, as in "
            "p[k] = q[k], make it a condition, as in 'KL(p, q) = 0 where q = p', or measure it, as in KL(p, q) > 0",
            side.column(tree),
        )


def _misplaced_optimum(parsed: ParsedClaim, node: ast.AST) -> bool:
    """Whether ``node`` calls ``argmin``/``argmax`` anywhere but as one side of a claim ``a = b`` (not both)."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
        return False
    function = language.function_of(node)
    if function is None or function.kind is not Kind.OPTIMUM:
        return False
    trees = [side.tree for side in parsed.sides]
    optima = [t for t in trees if isinstance(t, ast.Call) and _is_optimum(t)]
    one_equation = parsed.relations == (Relation.EQ,) and not parsed.statement
    if one_equation and len(optima) == 2 and all(_equivalent_side(t) for t in optima):  # argmin(f, x) = argmin(g, x)
        return _variables_differ(optima) and any(node is tree for tree in trees)
    return not (one_equation and len(optima) == 1 and any(node is tree for tree in trees))


def _equivalent_side(call: ast.Call) -> bool:
    """Whether ``call`` is ``argmin(f, x)`` or ``argmax(f, x)`` (a set of points, comparable with another)."""
    return isinstance(call.func, ast.Name) and call.func.id in POINT_OPTIMA and len(call.args) == 2


def _variables_differ(calls: list[ast.Call]) -> bool:
    """Whether two optima are over different variables (``argmin(f, x) = argmin(g, y)`` is not an equivalence)."""
    first, second = (ast.dump(call.args[1]) for call in calls)
    return first != second


def _is_optimum(call: ast.Call) -> bool:
    function = language.function_of(call)
    return function is not None and function.kind is Kind.OPTIMUM


def _misplaced_statement(parsed: ParsedClaim, node: ast.AST) -> bool:
    """Whether ``node`` calls a statement (``convex``) anywhere but as the whole claim."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
        return False
    function = language.function_of(node)
    return (
        function is not None
        and function.kind is Kind.STATEMENT
        and not (parsed.statement and node is parsed.sides[0].tree)
    )
