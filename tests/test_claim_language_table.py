"""The claim language is one table: every function entry works through parse, translate, render and LaTeX input.

Each entry of :data:`symbolic_info.claims.language.FUNCTIONS` owns its plain spelling, builder, LaTeX output
and LaTeX input spellings. Here every entry's example goes through ``parse_claim -> translate -> render_claim ->
latex_to_claim -> parse_claim -> translate`` and must come back as the same claim, with no ``?`` in its LaTeX,
and every LaTeX spelling the entry lists must be read as a call of that function. The same checks are run on
entries built here, installed in the table for one test: a complete new entry passes them, half-added ones fail.
"""

from __future__ import annotations

import ast
import dataclasses
from collections.abc import Iterator
from pathlib import Path
from types import MappingProxyType

import pytest
import sympy as sp

from symbolic_info.claims import language
from symbolic_info.claims.connectives import claim_latex, split_connective
from symbolic_info.claims.discrete import split_memberships
from symbolic_info.claims.equivalence import problems_of
from symbolic_info.claims.examples import Example, examples
from symbolic_info.claims.from_latex import latex_to_claim
from symbolic_info.claims.infinite import InfiniteSide, InfiniteSideError
from symbolic_info.claims.language import FUNCTIONS, VECTOR_VALUED, Function, Kind, LatexInput, LatexReading
from symbolic_info.claims.render import render_claim
from symbolic_info.claims.syntax import ParsedClaim, parse_claim
from symbolic_info.claims.translate import Claim, Comparison, translate
from symbolic_info.claims.vector_equation import vector_equation
from symbolic_info.claims.vector_functions import ENTRY_EXTREMES
from symbolic_info.errors import ClaimError

CLAIMS = Path(language.__file__).parent

#: A function the language does not have, complete: one entry is all it takes to add it.
TANH = Function(
    "tanh",
    (1,),
    "hyperbolic tangent",
    example="tanh(-x) = -tanh(x)",
    builder=sp.tanh,
    latex=lambda a: r"\tanh" + a.operand(0),
    latex_input=(LatexInput(r"\tanh", LatexReading.OPERAND, (r"\tanh x", r"\tanh(x + 1)")),),
)

#: Half-added entries, each with what its problem report must mention.
HALF_ADDED = {
    "written in LaTeX the reader does not know": (dataclasses.replace(TANH, latex_input=()), r"\tanh"),
    "an input spelling the reader cannot dispatch on": (
        dataclasses.replace(
            TANH, latex_input=(LatexInput(r"\operatorname{tanh}", LatexReading.OPERAND, (r"\operatorname{tanh} x",)),)
        ),
        r"\operatorname{tanh} x",
    ),
    "written in LaTeX as another function": (
        dataclasses.replace(TANH, latex=lambda a: r"\sigma" + a.operand(0)),
        "reads back",
    ),
    "a sample read as something else": (
        dataclasses.replace(TANH, latex_input=(*TANH.latex_input, LatexInput(r"\tanh", LatexReading.OPERAND, ("x",)))),
        "'x'",
    ),
    "an example that does not use it": (dataclasses.replace(TANH, example="x = x"), "arities"),
    "an example that is not a claim": (dataclasses.replace(TANH, example="tanh(x, 1) = 0"), "not a claim"),
}


def _dummies_named(expr: sp.Basic) -> sp.Basic:
    """``expr`` with each dummy (the categories' index of H and KL) replaced by a symbol of its name and assumptions."""
    return expr.xreplace({d: sp.Symbol(f"dummy_{d.name}", **d.assumptions0) for d in expr.atoms(sp.Dummy)})


def _same(a: sp.Expr, b: sp.Expr) -> bool:
    a, b = _dummies_named(a), _dummies_named(b)
    return bool(a == b or sp.simplify(sp.sympify(a - b).doit()) == 0)


def _same_relations(first: tuple[Comparison, ...], second: tuple[Comparison, ...]) -> bool:
    return len(first) == len(second) and all(
        x.relation == y.relation and _same(x.left, y.left) and _same(x.right, y.right)
        for x, y in zip(first, second, strict=True)
    )


def _same_claim(first: Claim, second: Claim) -> bool:
    return _same_relations(first.relations, second.relations) and _same_relations(first.conditions, second.conditions)


def _calls(parsed: ParsedClaim) -> Iterator[ast.Call]:
    for piece in parsed.pieces:
        yield from (node for node in ast.walk(piece.tree) if isinstance(node, ast.Call))


def _round_trip_problems(function: Function) -> list[str]:
    """What goes wrong when ``function``'s example goes through parse, translate, render and LaTeX input."""
    try:
        parsed = parse_claim(function.example)
        original = translate(parsed)
    except ClaimError as error:
        return [f"the example {function.example!r} is not a claim: {error}"]
    problems = []
    used = {
        len(call.args) for call in _calls(parsed) if isinstance(call.func, ast.Name) and call.func.id == function.name
    }
    if not set(function.arities) <= used:
        problems.append(f"the example {function.example!r} uses {function.name} with arities {sorted(used)} only")
    latex = render_claim(parsed)
    if "?" in latex:
        problems.append(f"the example is rendered with a '?': {latex}")
    try:
        plain = latex_to_claim(latex)
        again = translate(parse_claim(plain))
    except ClaimError as error:
        problems.append(f"the rendered {latex!r} does not read back: {error}")
    else:
        if not _same_claim(original, again):
            problems.append(f"the rendered {latex!r} reads back as {plain!r}, another claim")
    return problems


def _spelling_problems(function: Function) -> list[str]:
    """What goes wrong when the LaTeX reader reads the samples of ``function``'s input spellings."""
    problems = []
    for spelling in function.latex_input:
        for sample in spelling.samples:
            if spelling.token not in sample:
                problems.append(f"the sample {sample!r} does not use the token {spelling.token!r}")
            whole = function.kind is Kind.STATEMENT  # a statement is a claim on its own: no relation after it
            try:
                plain = latex_to_claim(sample if whole else f"{sample} = 0")
                parsed = parse_claim(plain)
                translate(parsed)
            except ClaimError as error:
                problems.append(f"the sample {sample!r} is not read: {error}")
                continue
            tree = parsed.sides[0].tree
            indexed = function.name in VECTOR_VALUED or function.kind is Kind.GRADIENT  # softmax(z)_k, (\nabla_z f)_k
            if isinstance(tree, ast.Subscript) and indexed:
                tree = tree.value
            if function.kind is Kind.DENSITY and isinstance(tree, ast.Call) and tree.args:  # h(normal(0, 1))
                tree = tree.args[0]
            if not (isinstance(tree, ast.Call) and isinstance(tree.func, ast.Name) and tree.func.id == function.name):
                problems.append(f"the sample {sample!r} is read as {plain!r}, not as a call of {function.name}")
    return problems


def _problems(function: Function) -> list[str]:
    """Everything wrong with ``function``'s entry; empty when it works end to end."""
    return _round_trip_problems(function) + _spelling_problems(function)


def _installed(monkeypatch: pytest.MonkeyPatch, function: Function) -> None:
    """Put ``function`` in the language's table for one test (the modules read the table at each use)."""
    monkeypatch.setattr(language, "FUNCTIONS", MappingProxyType({**FUNCTIONS, function.name: function}))


#: Every entry: the table's, and the one-argument forms of max and min (max(z), the largest entry).
_ENTRIES = {**FUNCTIONS, **{f"{name}(z)": function for name, function in ENTRY_EXTREMES.items()}}


@pytest.mark.parametrize("function", _ENTRIES.values(), ids=list(_ENTRIES))
def test_every_entry_goes_through_parse_translate_render_and_latex_input(function: Function) -> None:
    assert _round_trip_problems(function) == []


@pytest.mark.parametrize("function", _ENTRIES.values(), ids=list(_ENTRIES))
def test_every_latex_input_spelling_is_read_as_its_function(function: Function) -> None:
    assert _spelling_problems(function) == []


def test_the_table_is_immutable_and_its_spellings_are_unambiguous() -> None:
    assert isinstance(FUNCTIONS, MappingProxyType) and all(name == f.name for name, f in FUNCTIONS.items())
    with pytest.raises(dataclasses.FrozenInstanceError):
        FUNCTIONS["log"].name = "ln"  # type: ignore[misc]
    tokens = [spelling.token for f in FUNCTIONS.values() for spelling in f.latex_input]
    assert len(tokens) == len(set(tokens)), "two spellings start with the same token"
    assert {f.kind for f in FUNCTIONS.values()} == set(Kind)


def test_a_complete_new_entry_needs_nothing_else(monkeypatch: pytest.MonkeyPatch) -> None:
    _installed(monkeypatch, TANH)
    assert _problems(TANH) == []
    assert latex_to_claim(r"\tanh(-x) = -\tanh x") == "tanh(-x) = -tanh(x)"


@pytest.mark.slow
@pytest.mark.parametrize(("function", "fragment"), HALF_ADDED.values(), ids=list(HALF_ADDED))
def test_a_half_added_entry_is_caught(monkeypatch: pytest.MonkeyPatch, function: Function, fragment: str) -> None:
    _installed(monkeypatch, function)
    problems = _problems(function)
    assert problems and any(fragment in problem for problem in problems), problems


@pytest.mark.parametrize("missing", ["example", "builder", "latex", "latex_input"])
def test_an_entry_without_a_part_cannot_be_built(missing: str) -> None:
    parts = {field.name: getattr(TANH, field.name) for field in dataclasses.fields(TANH) if field.name != missing}
    with pytest.raises(TypeError, match=missing):
        Function(**parts)


def test_a_delimiter_spelling_needs_its_closing_token() -> None:
    with pytest.raises(ValueError, match="closing"):
        LatexInput("|", LatexReading.DELIMITERS, ("|x|",))


@pytest.mark.slow
@pytest.mark.parametrize("example", examples(), ids=lambda example: example.claim)
def test_every_shipped_example_reads_back_from_its_latex(example: Example) -> None:
    latex = claim_latex(example.claim)
    assert "?" not in latex
    plain = latex_to_claim(latex)
    connected, again_connected = split_connective(example.claim), split_connective(plain)
    if connected is not None:  # each direction, a claim with a condition, reads back as the same claim
        assert again_connected is not None and connected.word == again_connected.word, latex
        pairs = zip(connected.directions(), again_connected.directions(), strict=True)
        texts = [
            compared
            for first, second in pairs
            for compared in zip(_compared(first.text), _compared(second.text), strict=True)
        ]
    else:
        texts = list(zip(_compared(example.claim), _compared(plain), strict=True))
        if split_memberships(example.claim) is None:
            problems, problems_again = problems_of(parse_claim(example.claim)), problems_of(parse_claim(plain))
            if problems is not None:  # the same kinds of problem, over the same variable
                assert problems_again is not None and problems.kinds == problems_again.kinds, latex
                assert problems.variable == problems_again.variable, latex
    for text, text_again in texts:
        _reads_back(parse_claim(text), parse_claim(text_again), latex)


def _compared(text: str) -> list[str]:
    """The claims that ``text`` is checked as: each case of its sets (``y in {0, 1}``), or its two problems'
    functions as one equation (``argmin(f, x) = argmin(g, x)``), the minimum and the value of an equation
    between vectors (``p = q where KL(p, q) = 0``), or itself."""
    memberships = split_memberships(text)
    if memberships is not None:
        return memberships.cases()
    equation = vector_equation(parse_claim(text))
    if equation is not None:
        return [text for attempt in equation.attempts() for text in attempt]
    problems = problems_of(parse_claim(text))
    if problems is not None:
        return [f"{problems.bodies[0]} = {problems.bodies[1]}{problems.where}"]
    return [text]


def _reads_back(parsed: ParsedClaim, parsed_again: ParsedClaim, latex: str) -> None:
    original, again = _translated(parsed), _translated(parsed_again)
    if isinstance(original, InfiniteSide):  # decided at translation: the same decision
        assert again == original, latex
    else:
        assert isinstance(again, Claim) and _same_claim(original, again), latex


def _translated(parsed: ParsedClaim) -> Claim | InfiniteSide:
    """The claim, or the exact decision for a side that is infinite at the values written."""
    try:
        return translate(parsed)
    except InfiniteSideError as infinite:
        return infinite.side


@pytest.mark.parametrize("module", ["syntax", "translate", "render", "from_latex"])
def test_no_module_dispatches_on_a_function_name(module: str) -> None:
    tree = ast.parse((CLAIMS / f"{module}.py").read_text(encoding="utf-8"))
    names = {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in FUNCTIONS
    }
    assert names == set(), f"{module}.py spells functions of the table itself: {sorted(names)}"
