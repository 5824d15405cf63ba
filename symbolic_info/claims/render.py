"""Render a parsed claim as LaTeX, as it was written: ``H(p, q)``, ``\\sum_{i=1}^{n}``, ``\\sigma(z)``.

The rendering works on the checked syntax tree (not on SymPy's evaluated form), so the
reader sees the claim they typed, typeset: ``diff(sigmoid(z), z)`` stays a derivative of
``\\sigma(z)`` rather than its evaluated formula.

>>> from symbolic_info.claims.syntax import parse_claim
>>> render_claim(parse_claim("H(p, q) = -sum(p[i]*log(q[i]), i)"))
'H\\\\left(p, q\\\\right) = -\\\\sum_{i=1}^{n} p_{i} \\\\log q_{i}'
>>> render_claim(parse_claim("log(x) <= x - 1 where x > 0"))
'\\\\log x \\\\leq x - 1 \\\\quad \\\\text{where } x > 0'

Names map one to one to LaTeX (two names never look the same): ``x_1`` is ``x_{1}``, ``alpha`` is
``\\alpha``, ``lam`` is ``\\lambda`` (as the LaTeX reader reads ``\\lambda``), a longer name is
``\\mathit{...}``, and a name whose underscores cannot be subscripts (``x_``, ``a__b``, or ``p_1``,
which would look like the entry ``p[1]``) is spelled out with ``\\_``. Numbers are shown as
their value is written, without ``_`` separators and with ``e`` notation as a power of ten.

>>> [render_expression(parse_claim(f"{name} = 0").sides[0]) for name in ("x_1", "lam", "abc", "x_", "p_1")]
['x_{1}', '\\\\lambda', '\\\\mathit{abc}', '\\\\mathit{x\\\\_}', '\\\\mathit{p\\\\_1}']
>>> [render_expression(parse_claim(f"{number} = 0").sides[0]) for number in ("1_000", "2.5e-3", "0x10")]
['1000', '2.5 \\\\times 10^{-3}', '16']
"""

from __future__ import annotations

import ast
from fractions import Fraction

from . import language
from .function_notation import WRITTEN
from .language import COUNT_NAME, GREEK_LETTERS, RELATION_LATEX, SIDES, VECTOR_NAMES, Function, Kind, LatexReading
from .syntax import ParsedClaim, Piece, RelationChain

__all__ = ["render_claim", "render_expression"]

#: Names shown as a Greek letter. ``lambda`` is a Python keyword, so the name is ``lam`` (the LaTeX reader
#: reads ``\\lambda`` as ``lam``); ``lambda_1`` is then an ordinary long name, never ``\\lambda_{1}``.
_GREEK = {letter: "\\" + letter for letter in GREEK_LETTERS | {"sigma", "pi"}} | {"lam": r"\lambda"}
#: What the LaTeX reader takes for a function when a parenthesis follows (``\\sigma(z)``, ``H(p)``).
_CALLED = frozenset(
    spelling.token
    for function in language.FUNCTIONS.values()
    for spelling in function.latex_input
    if spelling.reading in (LatexReading.CALL, LatexReading.ARGUMENTS, LatexReading.LABELLED_ARGUMENTS)
)
_ADD, _MUL, _UNARY, _POW, _ATOM = 1, 2, 3, 4, 5


def _part(part: str) -> str:
    """One part of a name between underscores: a Greek letter, one character, digits or ``\\mathit{...}``."""
    if part in _GREEK:
        return _GREEK[part]
    if len(part) == 1 or part.isdigit():
        return part
    return rf"\mathit{{{part}}}"


#: Infinity, and the sides of a one-sided limit (``'+'`` is read as the name ``_above``).
_SPECIAL_NAMES = {"oo": r"\infty", **SIDES}


def _name(name: str) -> str:
    """LaTeX for a name, one to one: ``x_1`` is ``x_{1}``, ``x_`` is ``\\mathit{x\\_}`` (see the module's notes)."""
    if name in _SPECIAL_NAMES:
        return _SPECIAL_NAMES[name]
    parts = name.split("_")
    if "" in parts or (parts[0] in VECTOR_NAMES and len(parts) > 1):
        return r"\mathit{" + name.replace("_", r"\_") + "}"
    text = _part(parts[-1])
    for part in reversed(parts[:-1]):
        text = f"{_part(part)}_{{{text}}}"
    return text


def _number(node: ast.Constant, written: str) -> str:
    """A number as written: without ``_`` separators, ``2.5e-3`` as ``2.5 \\times 10^{-3}``, ``0x10`` as ``16``."""
    text = written.replace("_", "")
    if isinstance(node.value, int):
        return str(node.value) if text[:2].lower() in ("0x", "0o", "0b") else text
    mantissa, e, exponent = text.lower().partition("e")
    return rf"{mantissa} \times 10^{{{int(exponent)}}}" if e else text


def _function(node: ast.AST) -> Function | None:
    """The language's function that ``node`` calls, if it is a call of one."""
    return language.function_of(node)


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
    if function is not None and function.kind in (
        Kind.SUM,
        Kind.LIMIT,
        Kind.INTEGRAL,
    ):  # \sum_{i=1}^{n}, \lim: the product after it
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
    def __init__(self, piece: Piece, count: str = COUNT_NAME) -> None:
        self.piece = piece
        self.count = count  # the number of entries as the claim writes it

    def scientific(self, node: ast.AST) -> bool:
        """Whether ``node`` is a number shown as a product with a power of ten (``2.5 \\times 10^{-3}``)."""
        return isinstance(node, ast.Constant) and r"\times" in self.render(node)

    def wrapped(self, node: ast.AST, minimum: int) -> str:
        text = self.render(node)
        precedence = _MUL if self.scientific(node) else _precedence(node)
        return rf"\left({text}\right)" if precedence < minimum else text

    def render(self, node: ast.AST) -> str:
        if isinstance(node, ast.Constant):
            return _number(node, self.piece.source(node))
        if isinstance(node, ast.Name):
            return self.count if node.id == COUNT_NAME else _name(node.id)
        if isinstance(node, ast.Subscript):  # check_structure: a vector's name, softmax(z), grad(f, z)
            vector = _name(node.value.id) if isinstance(node.value, ast.Name) else self.render(node.value)
            function = _function(node.value)
            if function is not None and function.kind is Kind.GRADIENT:
                vector = rf"\left({vector}\right)"
            written = getattr(node, WRITTEN, None)
            if written is not None:  # P(x), p(x_i): an entry written as a function's value
                return rf"{vector}\left({self.render(written)}\right)"
            indices = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            return f"{vector}_{{{', '.join(self.render(index) for index in indices)}}}"
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
        last = _rightmost(node.left)
        bare = isinstance(last, ast.Call) and not left.endswith((")", "}", "|"))
        # a name the LaTeX reader would call (\sigma, H) must not meet a parenthesis: \sigma \left(z\right) is sigmoid
        called = isinstance(last, ast.Name) and _name(last.id) in _CALLED and right.startswith(r"\left(")
        joiner = r" \cdot " if bare or called or right[:1].isdigit() or right.startswith(("-", "+")) else " "
        return f"{left}{joiner}{right}"

    def argument(self, node: ast.AST) -> str:
        """A function's argument: after a space when simple, else in parentheses."""
        simple = _simple(node) and not self.scientific(node)
        return " " + self.render(node) if simple else rf"\left({self.render(node)}\right)"

    def call(self, node: ast.Call) -> str:
        function = _function(node)
        return function.latex(_Arguments(self, node.args, node.keywords)) if function is not None else "?"


class _Arguments:
    """A call's arguments for its function's LaTeX writer (see :class:`.language.LatexArguments`)."""

    def __init__(self, renderer: _Renderer, nodes: list[ast.expr], keywords: list[ast.keyword]) -> None:
        self.renderer = renderer
        self.nodes = nodes
        self.keywords = {keyword.arg: keyword.value for keyword in keywords}

    def __len__(self) -> int:
        return len(self.nodes)

    def latex(self, index: int) -> str:
        return self.renderer.render(self.nodes[index])

    def operand(self, index: int) -> str:
        return self.renderer.argument(self.nodes[index])

    def factor(self, index: int) -> str:
        return self.renderer.wrapped(self.nodes[index], _MUL)

    def keyword(self, name: str) -> str | None:
        value = self.keywords.get(name)
        return None if value is None else self.renderer.render(value)

    @property
    def count(self) -> str:
        return self.renderer.count


def render_expression(piece: Piece, count: str = COUNT_NAME) -> str:
    """LaTeX for one side of a claim; ``count`` is how the claim writes the number of entries (``n`` or ``N``)."""
    return _Renderer(piece, count).render(piece.tree)


def _chain(chain: RelationChain | ParsedClaim, count: str) -> str:
    parts = [render_expression(chain.sides[0], count)]
    for relation, side in zip(chain.relations, chain.sides[1:], strict=True):
        parts += [RELATION_LATEX[relation], render_expression(side, count)]
    return " ".join(parts)


def _value(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    sign = "-" if value < 0 else ""
    return rf"{sign}\frac{{{abs(value.numerator)}}}{{{value.denominator}}}"


def render_conditions(claim: ParsedClaim) -> str:
    """LaTeX for the claim's conditions (after its ``where``), separated by commas; sets of entries last."""
    sets = [
        rf"{_name(entry_set.name)}_{{{_name(entry_set.index)}}} \in \{{{', '.join(map(_value, entry_set.values))}\}}"
        for entry_set in claim.entry_sets
    ]
    return r",\ ".join([*(_chain(condition, claim.count_name) for condition in claim.conditions), *sets])


def render_claim(claim: ParsedClaim) -> str:
    """LaTeX for the whole claim, with its conditions."""
    count = claim.count_name
    text = render_expression(claim.sides[0], count) if claim.statement else _chain(claim, count)
    if claim.conditions or claim.entry_sets:
        text += r" \quad \text{where } " + render_conditions(claim)
    return text
