"""The operand of a function written without parentheses in LaTeX, read as textbooks mean it.

``\\log 2x`` is ``log(2*x)``, not ``log(2)*x``: a function written as an operator (a table entry read as
:attr:`~.language.LatexReading.OPERAND`: ``\\log``, ``\\ln``, ``\\exp``, ``\\mathrm{log}``, ...) takes the
juxtaposed product that follows it. The rules:

* A parenthesised argument is the whole argument, as before: ``\\log(x) y`` is ``log(x)*y`` and
  ``\\log\\left(1 + x\\right)^2`` is ``log(1 + x)**2``. (``\\sigma`` is a function only before a parenthesis.)
* Otherwise the operand is the first factor and every factor written next to it: ``\\log 2\\pi e`` is
  ``log(2*pi*e)``, ``\\log p_i q_i`` is ``log(p[i]*q[i])``, ``\\log \\frac{p_i}{q_i}`` is ``log(p[i]/q[i])``,
  ``\\exp 2x`` is ``exp(2*x)``. A power belongs to its factor: ``\\log x^2`` is ``log(x**2)``. The first
  factor may itself be any function (``\\log \\log x``, ``\\log \\sqrt{x}``, ``\\log H(p)``).
* The operand ends before ``+`` and ``-``, a relation, ``,``, a closing bracket, the end of the claim,
  a ``where`` word (``where``, ``for``, ``if``, ``with``, also in ``\\text{..}``) and an explicit
  multiplication: ``\\log x \\cdot y`` and ``\\log x \\times y`` are ``log(x)*y``.
* It also ends before another named function: ``\\log a \\log b`` is ``log(a)*log(b)``, and so before
  ``\\exp``, ``\\sigma(z)``, ``H(p)``, ``D(p \\| q)``, ``\\sum`` and ``\\frac{d}{dx}``. A function whose
  notation encloses its argument reads as a quantity and continues the product: ``\\log 2\\sqrt{x}`` is
  ``log(2*sqrt(x))``, ``\\log 2\\lvert x \\rvert`` is ``log(2*abs(x))``.
* A division ``/`` (or ``\\div``) inside it has two plausible readings. The textbook one is taken,
  ``\\log p_i/q_i`` is ``log(p[i]/q[i])``, and a note says so: "read `\\log p_i/q_i` as log(p[i]/q[i]),
  not log(p[i])/q[i]". A division followed by a named function ends the operand without a note:
  ``\\log x / \\log y`` is ``log(x)/log(y)``.

A big operator, ``\\sum_{i=1}^{n}``, takes the whole product after it, other functions included
(``\\sum_i p_i \\log q_i``); a derivative ``\\frac{d}{dx}`` still takes the next factor (or a
parenthesised expression).

>>> from symbolic_info.claims.from_latex import latex_to_claim_with_notes
>>> latex_to_claim_with_notes(r"\\log 2x = \\log 2 + \\log x")
('log(2*x) = log(2) + log(x)', ())
>>> latex_to_claim_with_notes(r"\\log p_i/q_i \\geq 0")
('log(p[i]/q[i]) >= 0', ('read `\\\\log p_i/q_i` as log(p[i]/q[i]), not log(p[i])/q[i]',))
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from ..errors import ClaimSyntaxError
from . import language
from .language import COUNT_NAME, SAMPLE_SIZE_NAME, SUM_INDEX, Function, LatexReading
from .vector_functions import ENTRY_EXTREMES

__all__ = [
    "DIVISIONS",
    "ENDING_READINGS",
    "Operand",
    "OperandReader",
    "gradient",
    "integral",
    "operand",
    "operator",
    "total",
]

#: The readings of the functions that end an operand (a named function); ``ROOT`` and ``DELIMITERS`` continue it.
ENDING_READINGS = frozenset(LatexReading) - {LatexReading.ROOT, LatexReading.DELIMITERS}
#: The tokens of a division, which makes an operand ambiguous.
#: A vector's entry as the reader writes it, ``z[i]``: the vector and the index.
_ENTRY = re.compile(r"([A-Za-z]\w*)\[([A-Za-z]\w*)\]")
DIVISIONS = frozenset({"/", r"\div"})


class OperandReader(Protocol):
    """What the LaTeX reader offers to read an operand (see :class:`.latex_reader.LatexReader`)."""

    position: int
    notes: list[str]

    def peek(self, ahead: int = 0) -> str:
        """The token ``ahead`` of the current one, ``""`` past the end."""
        ...

    def take(self, expected: str | None = None) -> str:
        """The current token (which must be ``expected`` when given); moves past it."""
        ...

    def column(self) -> int:
        """The column of the current token."""
        ...

    def fail(self, message: str) -> ClaimSyntaxError:
        """A syntax error at the current token."""
        ...

    def script(self) -> str:
        """A superscript or subscript."""
        ...

    def script_text(self) -> str:
        """A subscript's text, commands dropped (``{i=1}`` is ``i=1``)."""
        ...

    def term(self) -> str:
        """A product or quotient of factors."""
        ...

    def factor(self) -> str:
        """One factor, with its power."""
        ...

    def expression(self) -> str:
        """A sum of terms."""
        ...

    def atom(self) -> str:
        """One atom: a number, a name, a command, a bracketed expression."""
        ...

    def name(self, letter: str) -> str:
        """A name and its subscript, if any (``p_i`` is ``p[i]``)."""
        ...

    def split_first(self) -> None:
        """Split the current token after its first letter (``xy`` is ``x`` then ``y``)."""
        ...

    def continues_product(self) -> bool:
        """Whether the current token starts a factor written next to the previous one."""
        ...

    def function_at(self, ahead: int = 0) -> LatexReading | None:
        """The reading of the function that starts at the token ``ahead``, if one does."""
        ...

    def source(self, first: int, end: int) -> str:
        """The LaTeX source of the tokens ``first`` to ``end - 1``."""
        ...

    def expression_before(self, end: int) -> str:
        """An expression made of exactly the tokens from the current one to ``end - 1``."""
        ...


@dataclass(frozen=True)
class Operand:
    """An operand as read (``text``); ``head`` and ``tail`` split it at its first division, when it has one."""

    text: str
    head: str = ""
    tail: str = ""


def _ends(reader: OperandReader, ahead: int = 0) -> bool:
    """Whether a named function starts at the token ``ahead``, which ends an operand."""
    return reader.function_at(ahead) in ENDING_READINGS


def operand(reader: OperandReader, product: bool = True) -> Operand:
    """A function's argument: a parenthesised expression, else the product that follows (or, without
    ``product``, the next factor)."""
    if reader.peek() == "(":
        reader.take()
        inner = reader.expression()
        reader.take(")")
        return Operand(inner)
    text = reader.factor()
    head = ""
    while product:
        if reader.peek() in DIVISIONS and reader.peek(1) and not _ends(reader, 1):
            reader.take()
            head = head or text
            text += "/" + reader.factor()
        elif reader.continues_product() and not _ends(reader):
            text += "*" + reader.factor()
        else:
            break
    return Operand(text, head, text[len(head) :] if head else "")


def operator(reader: OperandReader, function: Function) -> str:
    """``\\exp x``, ``\\exp(x)``; a subscript is the second argument when there is one (``\\log_2 x``)."""
    first = reader.position
    command = reader.take()
    base = ""
    if reader.peek() == "_" and 2 in function.arities:
        reader.take()
        base = ", " + reader.script()
    if reader.peek() == "^":
        raise reader.fail(rf"write ({command} x)^k rather than {command}^k x")
    argument = operand(reader)
    call = f"{function.name}({argument.text}{base})"
    if argument.tail:
        other = f"{function.name}({argument.head}{base}){argument.tail}"
        reader.notes.append(f"read `{reader.source(first, reader.position)}` as {call}, not {other}")
    return call


def limit(reader: OperandReader, function: Function) -> str:
    """``\\lim_{x \\to a}`` (``a`` one factor, ``0^+`` or ``0^{-}`` for one side) and the product after it."""
    command = reader.take()
    hint = rf"write {command}_{{x \to a}} or {command}_{{x \to 0^+}} and the expression"
    reader.take("_")
    reader.take("{")
    reader.split_first()
    variable = reader.take()
    if not variable.isalpha():
        raise reader.fail(hint)
    if reader.peek() not in (r"\to", r"\rightarrow"):
        raise reader.fail(hint)
    reader.take()
    point = reader.atom() if reader.peek() != "-" else reader.take() + reader.atom()
    side = ""
    if reader.peek() == "^":
        reader.take()
        side = reader.script_text()  # + or -, braced or not
        if side not in ("+", "-"):
            raise reader.fail(f"the side of a limit is + or -, as in {command}_{{x \\to 0^+}}")
        side = f", '{side}'"
    reader.take("}")
    body = reader.term()
    return f"{function.name}({body}, {variable}, {point}{side})"


def optimum(reader: OperandReader, function: Function) -> str:
    """``\\arg\\min_{x} f`` (or ``\\arg\\max``, ``\\operatorname{argmin}_{x} f``) and the product after it."""
    name = function.name
    if reader.take() == r"\arg":  # \arg\min or \arg\max: the function so named
        name = "arg" + reader.take().lstrip("\\")
    if name in ENTRY_EXTREMES and reader.peek() == "(":  # \max(z): the largest entry
        reader.take()
        vector = reader.expression()
        reader.take(")")
        return f"{name}({vector})"
    if reader.peek() != "_":
        raise reader.fail(r"write the variable under it, as in \arg\min_{x} f")
    reader.take()
    variable = reader.script_text()
    body = reader.term()
    entry = _ENTRY.fullmatch(body)
    if name in ENTRY_EXTREMES and entry and entry.group(2) == variable:  # \max_i z_i: the largest entry of z
        return f"{name}({entry.group(1)})"
    return f"{name}({body}, {variable})"


def expectation(reader: OperandReader, function: Function) -> str:
    """``\\mathbb{E}_{p}[expr]``, ``\\mathbb{E}_{i \\sim p}[expr]``, ``\\mathbb{E}_{\\operatorname{softmax}(z)}[..]``.

    ``\\mathbb`` is the current token.
    """
    command = reader.take()
    for token in ("{", function.name, "}"):
        reader.take(token)
    letter = function.name
    hint = rf"write {command}{{{letter}}}_{{p}}[...] or {command}{{{letter}}}_{{i \sim p}}[...]"
    if reader.peek() != "_":
        raise reader.fail(hint)
    reader.take()
    braced = reader.peek() == "{"
    if braced:
        reader.take()
    if braced and reader.peek().startswith("\\"):  # a vector written as a function: \operatorname{softmax}(z)
        vector, index = reader.term(), ""
    else:
        reader.split_first()
        vector, index = reader.take(), ""
    if braced and reader.peek() == r"\sim":
        reader.take()
        vector, index = reader.term(), f", {vector}"
    if braced:
        reader.take("}")
    if reader.peek() != "[":
        raise reader.fail(hint)
    reader.take()
    body = reader.expression()
    reader.take("]")
    return f"{function.name}({vector}, {body}{index})"


def derivative(reader: OperandReader, function: Function) -> str:
    """``\\frac{d}{dx} f`` or ``\\frac{d^k}{dx^k} f`` (the fraction command is the current token)."""
    reader.take()
    reader.take("{")
    reader.take()
    order = ""
    if reader.peek() == "^":
        reader.take()
        order = reader.script()
    reader.take("}")
    reader.take("{")
    if reader.peek() in ("d", r"\partial"):
        reader.take()
    elif reader.peek().startswith("d"):  # dx written as one word
        reader.split_first()
        reader.take()
    else:
        raise reader.fail(r"a derivative is written \frac{d}{dx}")
    variable = reader.atom() if reader.peek().startswith("\\") else reader.name(reader.take())  # x, x_1, \theta
    if reader.peek() == "^":
        reader.take()
        reader.script()
    reader.take("}")
    argument = operand(reader, product=False).text
    name = function.name
    return f"{name}({argument}, {variable}, {order})" if order else f"{name}({argument}, {variable})"


def gradient(reader: OperandReader, function: Function) -> str:
    """``\\nabla_{z} f`` (a gradient) or ``\\nabla^{2}_{z} f`` (a Hessian); the nabla is the current token."""
    reader.take()
    name = function.name
    if reader.peek() == "^":
        reader.take()
        if reader.script() != "2":
            raise reader.fail(r"the Hessian is written \nabla^{2}_{z} f")
        name = next(f.name for f in language.FUNCTIONS.values() if f.kind is function.kind and f.value_indices == 2)
    if reader.peek() != "_":
        raise reader.fail(r"write the vector of a gradient under it: \nabla_{z} f")
    reader.take()
    vector = reader.script_text()
    return f"{name}({operand(reader).text}, {vector})"


def integral(reader: OperandReader, function: Function) -> str:
    """``\\int_{a}^{b} f \\, dx``: the bounds, the integrand up to its differential, and the variable."""
    command = reader.take()
    hint = rf"write {command}_{{a}}^{{b}} f \, dx"
    bounds: dict[str, str] = {}
    while reader.peek() in ("_", "^") and reader.peek() not in bounds:
        which = reader.take()
        bounds[which] = reader.script()
    if set(bounds) != {"_", "^"}:
        raise reader.fail(hint)
    ahead, depth = 0, 0
    while True:  # the differential: dx (one token) or d x, outside brackets
        token = reader.peek(ahead)
        if not token:
            raise reader.fail(f"the integral's differential is missing: {hint}")
        depth += {"(": 1, "{": 1, "[": 1, ")": -1, "}": -1, "]": -1}.get(token, 0)
        one = len(token) == 2 and token[0] == "d" and token[1].isalpha()
        if depth == 0 and (one or (token == "d" and reader.peek(ahead + 1).lstrip("\\").isalpha())):
            break
        ahead += 1
    body = reader.expression_before(reader.position + ahead)
    differential = reader.take()
    variable = differential[1:] if len(differential) == 2 else reader.take().lstrip("\\")
    variable = "lam" if variable == "lambda" else variable
    return f"{function.name}({body}, {variable}, {bounds['_']}, {bounds['^']})"


def total(reader: OperandReader, function: Function) -> str:
    """``\\sum_{i=1}^{n}`` and the product after it (the big operator is the current token)."""
    command = reader.take()
    index = SUM_INDEX
    message = (
        f"sums run from 1 to {COUNT_NAME} (or {SAMPLE_SIZE_NAME}, a sample's size): "
        f"write {command}_{{{SUM_INDEX}=1}}^{{{COUNT_NAME}}}"
    )
    if reader.peek() == "_":
        reader.take()
        column = reader.column()
        index, _, start = reader.script_text().partition("=")
        if start not in ("", "1"):
            raise ClaimSyntaxError(message, column)
    if reader.peek() == "^":
        reader.take()
        column = reader.column()
        if reader.script_text() not in (COUNT_NAME, SAMPLE_SIZE_NAME):  # N: the entries are a sample
            raise ClaimSyntaxError(message, column)
    body = reader.term()
    return f"{function.name}({body}, {index})"
