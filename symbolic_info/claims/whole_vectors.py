"""Sums over whole vectors: ``sum(p*log(p/q))`` is ``sum(p[i]*log(p[i]/q[i]), i)``, as articles write it.

A ``sum`` with one argument whose expression names a probability vector without an index (``p``,
not ``p[i]``; names inside ``H``, ``KL`` and the like are whole vectors there, not entries) sums over
the categories: arithmetic, ``log``, ``exp`` and the other functions apply entry by entry, and every
bare vector name becomes its entry at a fresh index. The rewriting is done on the syntax trees right
after parsing, so the structure check, the translator and the renderer see the indexed sum, and the
claim is shown with its index (``\\sum_{i=1}^{n} p_i``). A one-argument ``sum`` without a vector in it
(``sum(x)``) is left alone: the structure check explains how to write it.

>>> import ast
>>> tree = indexed(ast.parse("sum(p*log(p/q)) - KL(p, q)", mode="eval").body, {"p", "q"})
>>> ast.unparse(tree)
'sum(p[i] * log(p[i] / q[i]), i) - KL(p, q)'
>>> ast.unparse(indexed(ast.parse("sum(p*sum(q[i]*r, j))", mode="eval").body, {"i", "j"}))
'sum(p[k] * sum(q[i] * r[k], j), k)'
"""

from __future__ import annotations

import ast
import copy
from collections.abc import Iterable

from . import language
from .entries import Function
from .language import VECTOR_NAMES, VECTOR_VALUED, Kind

__all__ = ["bare_vectors", "expectation_sum", "fresh_index", "indexed", "summation", "vector_names"]

#: The index names tried, in order, for a sum over whole vectors; the first one the claim does not use is taken.
_INDEX_NAMES = ("i", "j", "k", "m", "l", "s", "u", "v")


def vector_names(trees: Iterable[ast.AST]) -> frozenset[str]:
    """``p``, ``q``, ``r`` and the real vectors of a claim: names indexed (``z[k]``) or given to ``softmax``, ``dot``...

    >>> sorted(vector_names([ast.parse("sum(exp(z)) - exp(logsumexp(z)) + w[1]", mode="eval")]))
    ['P', 'Q', 'p', 'q', 'r', 'w', 'z']
    """
    names = set(VECTOR_NAMES)
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
                names.add(node.value.id)
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                function = language.function_of(node)
                if function is not None and function.kind is Kind.VECTORS:
                    names.update(argument.id for argument in node.args if isinstance(argument, ast.Name))
    return frozenset(names)


def bare_vectors(node: ast.AST, vectors: frozenset[str] = VECTOR_NAMES) -> list[ast.expr]:
    """The whole vectors in ``node`` outside ``H``, ``KL`` and ``p[i]``: names in ``vectors``, and ``softmax(z)``."""
    if isinstance(node, ast.Name):
        return [node] if node.id in vectors else []
    if isinstance(node, ast.Subscript):
        return bare_vectors(node.slice, vectors)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        if node.func.id in VECTOR_VALUED:
            return [node]  # softmax(z), a probability vector: its entry is softmax(z)[i]
        function = language.function_of(node)
        if function is not None and function.kind in (Kind.DISTRIBUTIONS, Kind.EXPECTATION, Kind.VECTORS):
            return []  # whole vectors there, or an expectation's own
    return [name for child in ast.iter_child_nodes(node) for name in bare_vectors(child, vectors)]


def summation() -> Function:
    """The language's sum (the entry of kind ``SUM``): an expectation is written with it."""
    return next(function for function in language.FUNCTIONS.values() if function.kind is Kind.SUM)


def fresh_index(used: Iterable[str]) -> str:
    """The first of ``i, j, k, m, ...`` that is not in ``used``.

    >>> fresh_index({"i", "j", "x"})
    'k'
    """
    taken = set(used)
    spare = (f"i{count}" for count in range(1, len(taken) + 2))  # one of these is free when all letters are taken
    return next(name for name in (*_INDEX_NAMES, *spare) if name not in taken)


def _whole_vector_sum(node: ast.AST, vectors: frozenset[str]) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and language.FUNCTIONS.get(node.func.id) is not None
        and language.FUNCTIONS[node.func.id].kind is Kind.SUM
        and len(node.args) == 1
        and not node.keywords
        and bool(bare_vectors(node.args[0], vectors))
    )


class _Entries(ast.NodeTransformer):
    """Replaces the given whole vectors (names, or ``softmax(z)``) by their entry at ``index``."""

    def __init__(self, vectors: list[ast.expr], index: str) -> None:
        self.vectors = {id(vector) for vector in vectors}
        self.index = index

    def visit(self, node: ast.AST) -> ast.AST:
        if id(node) not in self.vectors:
            visited: ast.AST = super().visit(node)
            return visited
        assert isinstance(node, ast.expr)  # bare_vectors: a name or a call
        index = ast.copy_location(ast.Name(self.index, ast.Load()), node)
        return ast.copy_location(ast.Subscript(node, index, ast.Load()), node)


class _Sums(ast.NodeTransformer):
    """Rewrites each one-argument sum over whole vectors, innermost first, with a fresh index."""

    def __init__(self, used: set[str], vectors: frozenset[str]) -> None:
        self.used = used
        self.vectors = vectors

    def visit_Call(self, node: ast.Call) -> ast.AST:
        self.generic_visit(node)
        if not _whole_vector_sum(node, self.vectors):
            return node
        index = fresh_index(self.used)
        self.used.add(index)
        body = _Entries(bare_vectors(node.args[0], self.vectors), index).visit(node.args[0])
        assert isinstance(body, ast.expr)  # an expression's rewriting is an expression
        name = ast.copy_location(ast.Name(index, ast.Load()), node)
        return ast.copy_location(ast.Call(node.func, [body, name], []), node)


def indexed(tree: ast.expr, used: set[str], vectors: frozenset[str] = VECTOR_NAMES) -> ast.expr:
    """``tree`` with every sum over whole vectors written with an index not in ``used`` (which grows).

    ``vectors``: the names that are vectors (:func:`vector_names`); ``softmax(z)`` always is one.
    """
    if not any(_whole_vector_sum(node, vectors) for node in ast.walk(tree)):
        return tree
    result: ast.expr = _Sums(used, vectors).visit(tree)
    return result


def expectation_sum(node: ast.Call, used: set[str], vectors: frozenset[str] = VECTOR_NAMES) -> ast.Call:
    """``E(p, expr)`` as the sum ``sum(p[i]*(expr), i)`` over the categories, ``expr`` entry by entry;
    ``E(p, expr, k)`` (``expr`` written with its index ``k``) as ``sum(p[k]*(expr), k)``.

    >>> call = ast.parse("E(p, -log(p/q))", mode="eval").body
    >>> ast.unparse(expectation_sum(call, {"p", "q"}))
    'sum(p[i] * -log(p[i] / q[i]), i)'
    >>> ast.unparse(expectation_sum(ast.parse("E(p, q[k], k)", mode="eval").body, set()))
    'sum(p[k] * q[k], k)'
    """
    node = copy.deepcopy(node)  # the claim's tree is translated again in each stage: rewrite a copy
    vector, body = node.args[:2]
    name = ast.copy_location(ast.Name(summation().name, ast.Load()), node)
    if len(node.args) == 3:
        index = node.args[2]
        entry = ast.copy_location(ast.Subscript(vector, index, ast.Load()), vector)
        product = ast.copy_location(ast.BinOp(entry, ast.Mult(), body), node)
        return ast.copy_location(ast.Call(name, [product, index], []), node)
    product = ast.copy_location(ast.BinOp(vector, ast.Mult(), body), node)
    rewritten = _Sums(used, vectors).visit(ast.copy_location(ast.Call(name, [product], []), node))
    assert isinstance(rewritten, ast.Call)
    return rewritten
