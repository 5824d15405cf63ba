"""A probability read as a function, as articles write it: ``P(x)`` is the entry ``P[x]``, ``p(x_i)`` is ``p[i]``.

A call of a probability vector's name (``p``, ``q``, ``r``, ``P``, ``Q``) with one argument is its
entry: the argument is an index name (``x`` in ``P(x)``), a number, or an outcome ``x_i`` whose
subscript is the index (``p(x_i)`` is ``p[i]``). The parser rewrites such a call into the entry before
anything else reads the tree, and keeps the argument as written (:data:`WRITTEN`) so that the LaTeX shows
``p(x_i)`` as typed.

>>> import ast
>>> tree = as_entries(ast.parse("P(x) * log(p(x_i))", mode="eval").body)
>>> ast.unparse(tree)
'P[x] * log(p[i])'
"""

from __future__ import annotations

import ast

from .language import VECTOR_NAMES

__all__ = ["WRITTEN", "as_entries"]

#: The attribute of an entry written as a call that holds the argument as written (``x_i`` in ``p(x_i)``).
WRITTEN = "written_argument"


def _index(argument: ast.expr) -> ast.expr:
    """The index an argument stands for: ``i`` for the outcome ``x_i``, else the argument itself."""
    if isinstance(argument, ast.Name) and "_" in argument.id.strip("_"):
        subscript = argument.id.rsplit("_", 1)[1]
        if subscript.isidentifier() or subscript.isdigit():
            index: ast.expr = ast.Constant(int(subscript)) if subscript.isdigit() else ast.Name(subscript, ast.Load())
            return ast.copy_location(index, argument)
    return argument


class _Entries(ast.NodeTransformer):
    def visit_Call(self, node: ast.Call) -> ast.AST:
        self.generic_visit(node)
        if not (isinstance(node.func, ast.Name) and node.func.id in VECTOR_NAMES):
            return node
        if len(node.args) != 1 or node.keywords:
            return node  # an error later: a probability vector is not a function of several arguments
        (argument,) = node.args
        entry = ast.copy_location(ast.Subscript(node.func, _index(argument), ast.Load()), node)
        entry.end_col_offset = node.end_col_offset
        setattr(entry, WRITTEN, argument)
        return entry


def as_entries(tree: ast.expr) -> ast.expr:
    """``tree`` with every call of a probability vector's name written as its entry."""
    result = _Entries().visit(tree)
    assert isinstance(result, ast.expr)
    return result
