"""Parse a claim's text into checked Python syntax trees, without ever executing it.

The text is first normalised (``^`` to ``**``, the Unicode signs for <=, >=, ~=, minus and
times to ASCII) and screened character by character against an allow-list, with bounded
length and bracket nesting. It is then split, at bracket depth 0, on the word ``where``, on
the relations (``~=`` and ``=`` are not Python, so they are found here rather than by
Python's parser) and on the commas between conditions. Each piece goes to
``ast.parse(mode="eval")`` and the tree is walked against an allow-list of node types:
numbers, names without a leading underscore, arithmetic, calls of the language's functions,
``p[i]`` and lists. Nothing is evaluated; the translator builds SymPy objects from the tree.

>>> claim = parse_claim("log(x) <= x - 1 where x > 0")
>>> [r.value for r in claim.relations], [[r.value for r in c.relations] for c in claim.conditions]
(['<='], [['>']])
>>> parse_claim("().__class__ = 1")
Traceback (most recent call last):
...
symbolic_info.errors.ClaimSyntaxError: column 3: attribute access ('.__class__') is not allowed in a claim
"""

from __future__ import annotations

import ast
import warnings
from dataclasses import dataclass, replace

from ..engine.obligations import Relation
from ..errors import ClaimSyntaxError
from . import language
from .function_notation import as_entries
from .language import (
    CONDITION_RELATIONS,
    DIRECTIONS,
    MAX_LENGTH,
    MAX_NAME_LENGTH,
    MAX_NESTING,
    MAX_TREE_DEPTH,
    VECTOR_NAMES,
)
from .membership import WHERE, EntrySet, entry_sets
from .sample_size import written_sample_size
from .whole_vectors import indexed, vector_names

__all__ = [
    "BYTE_ORDER_MARK",
    "LINE_BREAKS",
    "WHERE",
    "ParsedClaim",
    "Piece",
    "RelationChain",
    "parse_claim",
    "statement_chain",
]

#: The byte order mark some editors write at the start of a UTF-8 file: ignored at the start of a claim.
BYTE_ORDER_MARK = "\ufeff"
#: Every character :meth:`str.splitlines` breaks a line at; in a claim each is an error (a claim is one line).
LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")

_UNICODE = {"\u2264": "<=", "\u2265": ">=", "\u2248": "~=", "\u2260": "!=", "\u2212": "-", "\u00d7": "*", "\u00b7": "*"}
_UNICODE |= {"\u22c5": "*", "\u00f7": "/", "^": "**", "\t": " "}
_ALLOWED = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 +-*/().,[]<>=~_!")
_HINTS = {
    "'": "strings are not part of the claim language (only '+' and '-', the side of a one-sided limit)",
    '"': "strings are not part of the claim language (only '+' and '-', the side of a one-sided limit)",
    ":": "':' (lambda, slices, :=) is not part of the claim language",
    "{": "braces are not part of the claim language (for LaTeX input use --latex)",
    "}": "braces are not part of the claim language (for LaTeX input use --latex)",
    "\\": "backslashes are not part of the claim language (for LaTeX input use --latex)",
    "|": "use abs(x) for |x| and KL(p, q) for D(p||q)",
    "#": "'#' starts a comment only in a file of claims",
}
_HINTS |= dict.fromkeys(LINE_BREAKS, "a claim is one line")
_NODE_NAMES = {
    ast.Attribute: "attribute access",
    ast.Lambda: "lambda",
    ast.ListComp: "a comprehension",
    ast.SetComp: "a comprehension",
    ast.DictComp: "a comprehension",
    ast.GeneratorExp: "a comprehension",
    ast.Starred: "a starred argument",
    ast.NamedExpr: "the walrus operator :=",
    ast.JoinedStr: "an f-string",
    ast.Compare: "a comparison inside an expression",
    ast.BoolOp: "and/or",
    ast.IfExp: "a conditional expression",
    ast.Tuple: "a tuple (a comma outside a function call)",
    ast.Dict: "a dict",
    ast.Set: "a set",
    ast.Slice: "a slice",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.YieldFrom: "yield",
}
_OPERATORS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)
_OPERATOR_NAMES: dict[type, str] = {ast.FloorDiv: "//", ast.Mod: "%", ast.MatMult: "@", ast.BitOr: "|"}
_OPERATOR_NAMES |= {
    ast.BitAnd: "&",
    ast.BitXor: "^",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.Invert: "~",
    ast.Not: "not",
}


@dataclass(frozen=True)
class Piece:
    """One expression of a claim: its checked tree, its text and where it starts."""

    tree: ast.expr
    text: str
    start: int  # 0-based offset of ``text`` in the normalised claim
    columns: tuple[int, ...]  # 1-based column in the original text of each normalised character

    def column(self, node: ast.AST) -> int:
        """The 1-based column, in the text as typed, where ``node`` starts."""
        return self.columns[min(self.start + getattr(node, "col_offset", 0), len(self.columns) - 1)]

    def source(self, node: ast.AST) -> str:
        """The text of ``node`` as written (for the precision of decimal literals)."""
        return self.text[getattr(node, "col_offset", 0) : getattr(node, "end_col_offset", None)]


@dataclass(frozen=True)
class RelationChain:
    """``sides[0] rel[0] sides[1] rel[1] ...``: a relation, or several in a chain like ``0 < y < 1``."""

    sides: tuple[Piece, ...]
    relations: tuple[Relation, ...]


@dataclass(frozen=True)
class ParsedClaim:
    """A claim parsed and checked against the language's allow-list."""

    text: str
    sides: tuple[Piece, ...]
    relations: tuple[Relation, ...]
    conditions: tuple[RelationChain, ...]
    #: A statement (``convex(f, x)``): the first side is its call, the second a 0 no one typed.
    statement: bool = False
    #: The sets of values of every entry of a vector: ``y[i] in {0, 1}`` (:mod:`.membership`).
    entry_sets: tuple[EntrySet, ...] = ()
    #: How the claim writes the number of entries: ``n``, or ``N`` for a sample (read as ``n`` in the trees).
    count_name: str = language.COUNT_NAME

    @property
    def pieces(self) -> tuple[Piece, ...]:
        """Every expression of the claim: its sides, then the sides of its conditions."""
        return (*self.sides, *(side for chain in self.conditions for side in chain.sides))

    @property
    def names(self) -> frozenset[str]:
        """Every name the claim's expressions use (variables, functions, indices)."""
        nodes = (node for piece in self.pieces for node in ast.walk(piece.tree))
        return frozenset(node.id for node in nodes if isinstance(node, ast.Name))

    @property
    def vector_names(self) -> frozenset[str]:
        """``p``, ``q``, ``r`` and the real vectors: indexed, given to ``softmax``..., or given a set of entries."""
        return vector_names(piece.tree for piece in self.pieces) | {entry.name for entry in self.entry_sets}


def _normalise(text: str) -> tuple[str, tuple[int, ...]]:
    out: list[str] = []
    columns: list[int] = []
    skip = 0
    for position, character in enumerate(text):
        if skip:
            skip -= 1
            continue
        if position == 0 and character == BYTE_ORDER_MARK:
            character = " "  # keeps the columns of the text as typed
        direction = DIRECTIONS.get(text[position : position + 3])
        if direction is not None:  # '+' or '-', the side of a one-sided limit: the only quoted text there is
            out.append(direction)
            columns.extend([position + 1] * len(direction))
            skip = 2
            continue
        replacement = _UNICODE.get(character, character)
        if replacement[0] not in _ALLOWED:
            hint = _HINTS.get(character, "it is not part of the claim language")
            shown = repr(character) if character.isprintable() else f"U+{ord(character):04X}"
            raise ClaimSyntaxError(f"character {shown} is not allowed: {hint}", position + 1)
        out.append(replacement)
        columns.extend([position + 1] * len(replacement))
    columns.append(len(text) + 1)
    return "".join(out), tuple(columns)


def _depths(text: str, columns: tuple[int, ...]) -> list[int]:
    """Bracket depth before each character; raises on unbalanced or too deeply nested brackets."""
    depths: list[int] = []
    stack: list[tuple[str, int]] = []
    for offset, character in enumerate(text):
        if character in ")]":
            opening = "(" if character == ")" else "["
            if not stack or stack[-1][0] != opening:
                raise ClaimSyntaxError(f"'{character}' has no matching '{opening}'", columns[offset])
            stack.pop()
        depths.append(len(stack))
        if character in "([":
            stack.append((character, offset))
            if len(stack) > MAX_NESTING:
                raise ClaimSyntaxError(f"brackets are nested more than {MAX_NESTING} deep", columns[offset])
    if stack:
        raise ClaimSyntaxError(f"'{stack[-1][0]}' is never closed", columns[stack[-1][1]])
    return depths


def _split_relations(
    text: str, depths: list[int], start: int, end: int, columns: tuple[int, ...]
) -> list[tuple[int, int, str | None]]:
    """``[(start, end, relation_after or None), ...]`` for the expressions between relations at depth 0."""
    pieces: list[tuple[int, int, str | None]] = []
    piece_start = offset = start
    while offset < end:
        character, following = text[offset], text[offset + 1] if offset + 1 < end else ""
        if depths[offset] == 0 and character in "~=<>!":
            pair = character + following
            if pair in ("=<", "=>"):
                raise ClaimSyntaxError(f"'{pair}' is not a relation: write '{pair[::-1]}'", columns[offset])
            if character == "~" and following != "=":
                raise ClaimSyntaxError("'~' is not allowed: write '~=' for 'approximately equal'", columns[offset])
            if character == "!" and following != "=":
                raise ClaimSyntaxError("'!' is not allowed: write '!=' for 'not equal'", columns[offset])
            width = 2 if pair in ("~=", "==", "<=", ">=", "!=") else 1
            relation = "=" if pair == "==" else text[offset : offset + width]
            pieces.append((piece_start, offset, relation))
            offset += width
            piece_start = offset
            continue
        offset += 1
    pieces.append((piece_start, end, None))
    return pieces


def _parse_piece(text: str, start: int, end: int, columns: tuple[int, ...], where: str) -> Piece:
    segment = text[start:end]
    stripped = segment.lstrip()
    start += len(segment) - len(stripped)
    stripped = stripped.rstrip()
    if not stripped:
        raise ClaimSyntaxError(f"an expression is missing {where}", columns[min(start, len(columns) - 1)])
    try:
        with warnings.catch_warnings():  # Python warns (on stderr) of '1or 2'; as an error, it is a SyntaxError here
            warnings.simplefilter("error")
            tree = ast.parse(stripped, mode="eval").body
    except SyntaxError as error:
        offset = max((error.offset or 1) - 1, 0)
        message = (error.msg or "invalid syntax").split(" (")[0]
        if message.endswith("literal"):  # '1or 2', '2x': Python's parser reads a number and the letters after it
            message += " (a number runs into the letters after it: separate them with a space or '*')"
        column = columns[min(start + offset, len(columns) - 1)]
        raise ClaimSyntaxError(f"cannot read this expression: {message}", column) from None
    except Warning as error:  # any other warning of the parser: the text is not a clean expression
        raise ClaimSyntaxError(f"cannot read this expression: {error}", columns[start]) from None
    except (RecursionError, MemoryError, ValueError, OverflowError) as error:
        message = f"the expression is too complex to read ({type(error).__name__})"
        raise ClaimSyntaxError(message, columns[start]) from None
    piece = Piece(tree, stripped, start, columns)
    _check_tree(piece)  # first: its depth is bounded, so the rewriting below cannot recurse too deeply
    return replace(piece, tree=as_entries(tree))


def _refuse(piece: Piece, node: ast.AST, what: str) -> ClaimSyntaxError:
    return ClaimSyntaxError(what, piece.column(node))


def _check_node(piece: Piece, node: ast.AST) -> None:
    if isinstance(node, ast.BinOp):
        if not isinstance(node.op, _OPERATORS):
            symbol = _OPERATOR_NAMES.get(type(node.op), type(node.op).__name__)
            raise _refuse(piece, node, f"the operator '{symbol}' is not allowed (use + - * / **)")
    elif isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, (ast.USub, ast.UAdd)):
            raise _refuse(piece, node, f"the operator '{_OPERATOR_NAMES.get(type(node.op), '?')}' is not allowed")
    elif isinstance(node, ast.Constant):
        if type(node.value) not in (int, float):
            raise _refuse(piece, node, f"{type(node.value).__name__} constants are not allowed, only real numbers")
    elif isinstance(node, ast.Name):
        if node.id.startswith("_") and node.id not in DIRECTIONS.values():
            raise _refuse(piece, node, f"names starting with '_' are not allowed ({node.id!r})")
        if len(node.id) > MAX_NAME_LENGTH or not node.id.isascii():
            raise _refuse(piece, node, f"names are ASCII and at most {MAX_NAME_LENGTH} characters long")
    elif isinstance(node, ast.Call):
        if isinstance(node.func, ast.Attribute):
            _check_node(piece, node.func)
        if not isinstance(node.func, ast.Name):
            raise _refuse(piece, node, "only the functions of the claim language can be called, by name")
        if node.func.id in VECTOR_NAMES:  # P(x) is an entry (function_notation); P(x, y) is not
            if len(node.args) == 1 and not node.keywords:
                return
            message = f"'{node.func.id}' is a probability vector: its entry is {node.func.id}(x) or {node.func.id}[x]"
            raise _refuse(piece, node, message)
        if node.func.id not in language.FUNCTIONS:
            known = ", ".join(language.FUNCTIONS)
            raise _refuse(piece, node, f"'{node.func.id}' is not a function of the claim language (known: {known})")
        function = language.function_of(node)
        assert function is not None  # a name of the language, just checked
        for keyword in node.keywords:
            if keyword.arg not in function.keywords:
                takes = f"; it takes {', '.join(k + '=' for k in function.keywords)}" if function.keywords else ""
                raise _refuse(piece, keyword, f"{function.name} has no keyword argument {keyword.arg}={takes}")
        if len({keyword.arg for keyword in node.keywords}) < len(node.keywords):
            raise _refuse(piece, node, "a keyword argument is given twice")
    elif isinstance(node, ast.Subscript):
        if isinstance(node.slice, ast.Slice) or (isinstance(node.slice, ast.Tuple) and not _matrix_index(node)):
            raise _refuse(piece, node, "an index is one name or one positive integer, as in p[i]")
    elif isinstance(node, ast.Attribute):
        column = piece.columns[piece.start + (node.value.end_col_offset or 0)]
        raise ClaimSyntaxError(f"attribute access ('.{node.attr}') is not allowed in a claim", column)
    elif not isinstance(node, (ast.List, ast.Load, ast.operator, ast.unaryop, ast.keyword)):  # a keyword: see Call
        name = _NODE_NAMES.get(type(node), type(node).__name__)
        raise _refuse(piece, node, f"{name} is not allowed in a claim")


def _matrix_index(node: ast.Subscript) -> bool:
    """Whether ``node`` is ``f(...)[j, k]``: two indices, as an entry of a Hessian takes."""
    return isinstance(node.slice, ast.Tuple) and len(node.slice.elts) == 2 and isinstance(node.value, ast.Call)


def _check_tree(piece: Piece) -> None:
    """Walk the tree (iteratively) against the allow-list, bounding its depth."""
    stack: list[tuple[ast.AST, int]] = [(piece.tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_TREE_DEPTH:
            raise _refuse(piece, node, f"the expression is nested more than {MAX_TREE_DEPTH} operations deep")
        _check_node(piece, node)
        children = list(ast.iter_child_nodes(node))
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Tuple):  # [j, k]: its two indices
            children = [node.value, *node.slice.elts]
        stack.extend((child, depth + 1) for child in children)


def _chain(text: str, depths: list[int], span: tuple[int, int], columns: tuple[int, ...]) -> RelationChain:
    pieces = _split_relations(text, depths, span[0], span[1], columns)
    sides, relations = [], []
    for index, (start, end, relation) in enumerate(pieces):
        previous = pieces[index - 1][2] if index else None
        where = f"after '{previous}'" if previous else (f"before '{relation}'" if relation else "")
        sides.append(_parse_piece(text, start, end, columns, where))
        if relation:
            relations.append(Relation(relation))
    return RelationChain(tuple(sides), tuple(relations))


def _top_level_commas(text: str, depths: list[int], start: int, end: int) -> list[tuple[int, int]]:
    spans, piece_start = [], start
    for offset in range(start, end):
        if text[offset] == "," and depths[offset] == 0:
            spans.append((piece_start, offset))
            piece_start = offset + 1
    spans.append((piece_start, end))
    return spans


def parse_claim(text: str) -> ParsedClaim:
    """Parse ``text`` (``LHS rel RHS [where COND, ...]``); raises :class:`ClaimSyntaxError` with a column."""
    if not isinstance(text, str):
        raise ClaimSyntaxError(f"a claim is text, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise ClaimSyntaxError(f"the claim is {len(text)} characters long; the limit is {MAX_LENGTH}")
    if not text.removeprefix(BYTE_ORDER_MARK).strip():
        raise ClaimSyntaxError("the claim is empty")
    without_sets, sets = entry_sets(text)
    normalised, columns = _normalise(without_sets)
    depths = _depths(normalised, columns)
    wheres = [m.start() for m in WHERE.finditer(normalised) if depths[m.start()] == 0]
    if len(wheres) > 1:
        raise ClaimSyntaxError("'where' appears twice: separate the conditions with commas", columns[wheres[1]])
    claim_end = wheres[0] if wheres else len(normalised)
    main = _chain(normalised, depths, (0, claim_end), columns)
    statement = not main.relations and _is_statement(main.sides[0].tree)
    if statement:
        main = statement_chain(main.sides[0], len(normalised))
    if not main.relations:
        if len(_top_level_commas(normalised, depths, 0, claim_end)) > 1:
            raise ClaimSyntaxError("a claim states one relation; conditions go after 'where'", 1)
        message = "a claim needs a relation: =, <=, >=, <, >, != or ~= (approximately)"
        raise ClaimSyntaxError(message, columns[claim_end])
    for alone in (Relation.APPROX, Relation.NE):
        if alone in main.relations and len(main.relations) > 1:
            raise ClaimSyntaxError(f"'{alone.value}' cannot be chained with other relations", 1)
    conditions = []
    if wheres:
        for span in _top_level_commas(normalised, depths, wheres[0] + len("where"), len(normalised)):
            if not normalised[span[0] : span[1]].strip():
                raise ClaimSyntaxError("a condition is missing after 'where'", columns[span[0]])
            condition = _chain(normalised, depths, span, columns)
            if not condition.relations:
                raise ClaimSyntaxError("a condition needs a relation, as in 'x > 0'", columns[span[0]])
            bad = [r for r in condition.relations if r not in CONDITION_RELATIONS]
            if bad:
                raise ClaimSyntaxError(f"'{bad[0].value}' is not allowed in a condition", columns[span[0]])
            conditions.append(condition)
    parsed = ParsedClaim(text, main.sides, main.relations, tuple(conditions), statement, sets)
    if written_sample_size(parsed.pieces, parsed.names):
        parsed = replace(parsed, count_name=language.SAMPLE_SIZE_NAME)
    return _whole_vector_sums(parsed)


def _is_statement(tree: ast.expr) -> bool:
    """Whether ``tree`` is a call of a statement (``convex(f, x)``), a whole claim without a relation."""
    if not (isinstance(tree, ast.Call) and isinstance(tree.func, ast.Name)):
        return False
    function = language.function_of(tree)
    return function is not None and function.kind is language.Kind.STATEMENT


def statement_chain(call: Piece, end: int) -> RelationChain:
    """``call`` compared with a 0 no one typed, by the relation its statement is checked with."""
    assert isinstance(call.tree, ast.Call) and isinstance(call.tree.func, ast.Name)  # _is_statement
    zero = ast.Constant(0, lineno=1, col_offset=0, end_lineno=1, end_col_offset=1)
    relation = language.STATEMENT_RELATIONS[call.tree.func.id]
    return RelationChain((call, Piece(zero, "0", end, call.columns)), (relation,))


def _whole_vector_sums(parsed: ParsedClaim) -> ParsedClaim:
    """The claim with each sum over whole vectors (``sum(p*log(p))``) written with a fresh index."""
    used = set(parsed.names)
    vectors = parsed.vector_names

    def indexed_piece(piece: Piece) -> Piece:
        tree = indexed(piece.tree, used, vectors)
        return piece if tree is piece.tree else replace(piece, tree=tree)

    conditions = tuple(replace(chain, sides=tuple(map(indexed_piece, chain.sides))) for chain in parsed.conditions)
    return replace(parsed, sides=tuple(map(indexed_piece, parsed.sides)), conditions=conditions)
