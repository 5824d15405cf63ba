"""Render a parsed claim as LaTeX, as it was written: ``H(p, q)``, ``\\sum_{i=1}^{n}``, ``\\sigma(z)``.

The rendering works on the checked syntax tree (not on SymPy's evaluated form), so the
reader sees the claim they typed, typeset: ``diff(sigmoid(z), z)`` stays a derivative of
``\\sigma(z)`` rather than its evaluated formula.

>>> from symbolic_info.claims.syntax import parse_claim
>>> render_claim(parse_claim("H(p, q) = -sum(p[i]*log(q[i]), i)"))
'H\\\\left(p, q\\\\right) = -\\\\sum_{i=1}^{n} p_{i} \\\\log q_{i}'
>>> render_claim(parse_claim("log(x) <= x - 1 where x > 0"))
'\\\\log x \\\\leq x - 1 \\\\quad \\\\text{where } x > 0'
"""

from __future__ import annotations

import ast

from . import language
from .language import GREEK_LETTERS, RELATION_LATEX, Function, Kind
from .syntax import ParsedClaim, Piece, RelationChain

__all__ = ["render_claim", "render_expression"]

_GREEK = GREEK_LETTERS | {"lambda", "lam", "sigma"}
_ADD, _MUL, _UNARY, _POW, _ATOM = 1, 2, 3, 4, 5


def _name(name: str) -> str:
    base, _, subscript = name.partition("_")
    if base in _GREEK or base == "pi":
        text = "\\" + base
    elif len(base) == 1:
        text = base
    else:
        text = rf"\mathit{{{base}}}"
    return f"{text}_{{{_name(subscript)}}}" if subscript else text


def _function(node: ast.AST) -> Function | None:
    """The language's function that ``node`` calls, if it is a call of one."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return language.FUNCTIONS.get(node.func.id)
    return None


def _precedence(node: ast.AST) -> int:
    if isinstance(node, ast.BinOp):
        if isinstance(node.op, (ast.Add, ast.Sub)):
            return _ADD
        if isinstance(node.op, ast.Pow):
            return _POW
        return _ATOM if isinstance(node.op, ast.Div) else _MUL
    if isinstance(node, ast.UnaryOp):
        return _UNARY
    function = _function(node)
    if function is not None and function.kind is Kind.SUM:  # \sum_{i=1}^{n} takes the product after it
        return _MUL
    return _ATOM


def _simple(node: ast.AST) -> bool:
    """Whether ``node`` can follow an operator after a space (``\\log x``) rather than in brackets."""
    if isinstance(node, ast.Call):
        function = _function(node)
        return function is not None and not function.kind.binds
    return isinstance(node, (ast.Name, ast.Subscript, ast.Constant))


def _rightmost(node: ast.AST) -> ast.AST:
    """The last factor written in a product (``log(x)`` in ``2*log(x)``)."""
    while isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
        node = node.right
    return node


class _Renderer:
    def __init__(self, piece: Piece) -> None:
        self.piece = piece

    def wrapped(self, node: ast.AST, minimum: int) -> str:
        text = self.render(node)
        return rf"\left({text}\right)" if _precedence(node) < minimum else text

    def render(self, node: ast.AST) -> str:
        if isinstance(node, ast.Constant):
            return self.piece.source(node)
        if isinstance(node, ast.Name):
            return _name(node.id)
        if isinstance(node, ast.Subscript):
            return f"{_name(node.value.id)}_{{{self.render(node.slice)}}}"  # type: ignore[attr-defined]
        if isinstance(node, ast.List):
            return "(" + ", ".join(self.render(e) for e in node.elts) + ")"
        if isinstance(node, ast.UnaryOp):
            sign = "-" if isinstance(node.op, ast.USub) else "+"
            return sign + self.wrapped(node.operand, _POW if isinstance(node.operand, ast.UnaryOp) else _MUL)
        if isinstance(node, ast.BinOp):
            return self.binary(node)
        if isinstance(node, ast.Call):
            return self.call(node)
        return "?"

    def binary(self, node: ast.BinOp) -> str:
        if isinstance(node.op, ast.Add):
            return f"{self.render(node.left)} + {self.wrapped(node.right, _ADD)}"
        if isinstance(node.op, ast.Sub):
            return f"{self.render(node.left)} - {self.wrapped(node.right, _MUL)}"
        if isinstance(node.op, ast.Div):
            return rf"\frac{{{self.render(node.left)}}}{{{self.render(node.right)}}}"
        if isinstance(node.op, ast.Pow):
            return f"{self.wrapped(node.left, _ATOM)}^{{{self.render(node.right)}}}"
        right = self.wrapped(node.right, _MUL)
        left = self.wrapped(node.left, _MUL)
        # after a function written without brackets (\log x), a juxtaposed factor would join its argument
        bare = isinstance(_rightmost(node.left), ast.Call) and not left.endswith((")", "}", "|"))
        joiner = r" \cdot " if bare or right[:1].isdigit() or right.startswith(("-", "+")) else " "
        return f"{left}{joiner}{right}"

    def argument(self, node: ast.AST) -> str:
        """A function's argument: after a space when simple, else in parentheses."""
        return " " + self.render(node) if _simple(node) else rf"\left({self.render(node)}\right)"

    def call(self, node: ast.Call) -> str:
        function = _function(node)
        return function.latex(_Arguments(self, node.args)) if function is not None else "?"


class _Arguments:
    """A call's arguments for its function's LaTeX writer (see :class:`.language.LatexArguments`)."""

    def __init__(self, renderer: _Renderer, nodes: list[ast.expr]) -> None:
        self.renderer = renderer
        self.nodes = nodes

    def __len__(self) -> int:
        return len(self.nodes)

    def latex(self, index: int) -> str:
        return self.renderer.render(self.nodes[index])

    def operand(self, index: int) -> str:
        return self.renderer.argument(self.nodes[index])

    def factor(self, index: int) -> str:
        return self.renderer.wrapped(self.nodes[index], _MUL)


def render_expression(piece: Piece) -> str:
    """LaTeX for one side of a claim."""
    return _Renderer(piece).render(piece.tree)


def _chain(chain: RelationChain | ParsedClaim) -> str:
    parts = [render_expression(chain.sides[0])]
    for relation, side in zip(chain.relations, chain.sides[1:], strict=True):
        parts += [RELATION_LATEX[relation], render_expression(side)]
    return " ".join(parts)


def render_claim(claim: ParsedClaim) -> str:
    """LaTeX for the whole claim, with its conditions."""
    text = _chain(claim)
    if claim.conditions:
        text += r" \quad \text{where } " + r",\ ".join(_chain(condition) for condition in claim.conditions)
    return text
