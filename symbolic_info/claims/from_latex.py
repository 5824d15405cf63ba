"""Read a claim written in LaTeX (a useful subset) and write it in the plain claim language.

A small tokenizer and recursive-descent parser of our own: ``p_i`` keeps its index
(``p[i]``), ``\\sum_{i=1}^{n}`` takes the product that follows it as its summand,
``\\log q_i`` takes the next factor as its argument, letters side by side multiply, and
``\\frac{d}{dz}`` is a derivative. The output is plain text that then goes through the same
parser and allow-list as any typed claim; nothing is evaluated here either.

>>> latex_to_claim(r"H(p, q) = -\\sum_{i=1}^{n} p_i \\log q_i")
'H(p, q) = -sum(p[i]*log(q[i]), i)'
>>> latex_to_claim(r"\\frac{d}{dz} \\sigma(z) = \\sigma(z)\\left(1 - \\sigma(z)\\right)")
'diff(sigmoid(z), z) = sigmoid(z)*(1 - sigmoid(z))'
>>> latex_to_claim(r"D_{\\mathrm{KL}}(p \\| q) \\geq 0")
'KL(p, q) >= 0'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import ClaimSyntaxError
from .language import GREEK_LETTERS, MAX_LENGTH, VECTOR_NAMES

__all__ = ["latex_to_claim"]

_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|\d+(?:\.\d*)?|\.\d+|[A-Za-z]+|\|\||<=|>=|\S", re.DOTALL)
_SKIP = frozenset({r"\,", r"\;", r"\:", r"\!", r"\ ", r"\quad", r"\qquad", r"\displaystyle", r"\limits", "$", "&"})
_SKIP |= {r"\[", r"\]", r"\(", r"\)", r"\left", r"\right", r"\bigl", r"\bigr", r"\Bigl", r"\Bigr", r"\big", r"\Big"}
_RELATIONS = {"=": "=", "<": "<", ">": ">", "<=": "<=", ">=": ">=", r"\le": "<=", r"\leq": "<=", r"\leqslant": "<="}
_RELATIONS |= {r"\ge": ">=", r"\geq": ">=", r"\geqslant": ">=", r"\lt": "<", r"\gt": ">", r"\approx": "~="}
_PARALLEL = frozenset({r"\|", "||", r"\parallel", r"\Vert"})
_GREEK = GREEK_LETTERS
_WHERE_WORDS = frozenset({"where", "for", "if", "with"})
_TEXT_COMMANDS = frozenset({r"\text", r"\mathrm", r"\operatorname", r"\mathit", r"\textrm"})
_FRACTIONS = frozenset({r"\frac", r"\dfrac", r"\tfrac"})
_STARTS_FACTOR = frozenset({"(", "[", "{", r"\frac", r"\dfrac", r"\tfrac", r"\sqrt", r"\log", r"\ln", r"\exp"})
_STARTS_FACTOR |= {r"\sigma", r"\sum", r"\pi", r"\lvert", r"\lambda"} | _TEXT_COMMANDS | {"\\" + g for g in _GREEK}


@dataclass
class _Token:
    text: str
    column: int


def _tokens(source: str) -> list[_Token]:
    tokens = []
    for match in _TOKEN.finditer(source):
        if match.group() not in _SKIP:
            tokens.append(_Token(match.group(), match.start() + 1))
    return tokens


class _Parser:
    def __init__(self, source: str) -> None:
        self.tokens = _tokens(source)
        self.position = 0
        self.end = len(source) + 1

    # -- token access ---------------------------------------------------------------------------
    def peek(self, ahead: int = 0) -> str:
        index = self.position + ahead
        return self.tokens[index].text if index < len(self.tokens) else ""

    def column(self) -> int:
        return self.tokens[self.position].column if self.position < len(self.tokens) else self.end

    def fail(self, message: str) -> ClaimSyntaxError:
        return ClaimSyntaxError(message, self.column())

    def take(self, expected: str | None = None) -> str:
        text = self.peek()
        if not text or (expected is not None and text != expected):
            raise self.fail(f"expected '{expected}'" if expected else "the claim ends too early")
        self.position += 1
        return text

    def split_first(self) -> None:
        """Make the first character of a multi-character letter or digit token a token of its own."""
        if self.position >= len(self.tokens):
            raise self.fail("the claim ends too early")
        token = self.tokens[self.position]
        if len(token.text) > 1 and (token.text.isalpha() or token.text.isdigit()):
            rest = _Token(token.text[1:], token.column + 1)
            self.tokens[self.position] = _Token(token.text[0], token.column)
            self.tokens.insert(self.position + 1, rest)

    # -- claims -----------------------------------------------------------------------------------
    def claim(self) -> str:
        text = self.chain()
        if self.where_word():
            conditions = [self.chain()]
            while self.peek() == ",":
                self.take()
                conditions.append(self.chain())
            text += " where " + ", ".join(conditions)
        if self.peek():
            raise self.fail(f"unexpected '{self.peek()}'")
        return text

    def where_length(self, offset: int = 0) -> int:
        """How many tokens spell 'where' (or 'for', 'if', 'with') from ``offset``: a word or \\text{where}."""
        if self.peek(offset) in _WHERE_WORDS:
            return 1
        if self.peek(offset) in _TEXT_COMMANDS and self.peek(offset + 1) == "{" and self.peek(offset + 3) == "}":
            return 4 if self.peek(offset + 2) in _WHERE_WORDS else 0
        return 0

    def where_word(self) -> bool:
        comma = 1 if self.peek() == "," and self.where_length(1) else 0
        length = self.where_length(comma)
        self.position += comma + length
        return length > 0

    def chain(self) -> str:
        parts = [self.expression()]
        while self.peek() in _RELATIONS or self.peek() == r"\neq":
            if self.peek() == r"\neq":
                raise self.fail(r"'\neq' is not supported: a claim states =, <=, >=, <, > or \approx")
            parts += [_RELATIONS[self.take()], self.expression()]
        return " ".join(parts)

    def expression(self) -> str:
        text = ""
        if self.peek() in ("+", "-"):
            text = "-" if self.take() == "-" else ""
        text += self.term()
        while self.peek() in ("+", "-"):
            text += f" {self.take()} {self.term()}"
        return text

    def starts_factor(self) -> bool:
        token = self.peek()
        if not token or token in _WHERE_WORDS:
            return False
        return token[0].isalnum() or token in _STARTS_FACTOR

    def term(self) -> str:
        text = self.factor()
        while True:
            if self.peek() in (r"\cdot", r"\times", "*"):
                self.take()
                text += "*" + self.factor()
            elif self.peek() in ("/", r"\div"):
                self.take()
                text += "/" + self.factor()
            elif self.starts_factor() and not self.where_length():
                text += "*" + self.factor()
            else:
                return text

    def factor(self) -> str:
        if self.peek() == "-":
            self.take()
            return "-" + self.factor()
        base = self.atom()
        if self.peek() == "^":
            self.take()
            base = f"{base}**({self.script()})"
        return base

    def script(self) -> str:
        """A superscript or subscript: a braced group or one character."""
        if self.peek() == "{":
            return self.group()
        if self.peek() == "-":
            self.take()
            return "-" + self.script()
        self.split_first()
        return self.atom()

    def group(self) -> str:
        self.take("{")
        inner = self.expression()
        self.take("}")
        return inner

    def atom(self) -> str:
        token = self.peek()
        if not token:
            raise self.fail("an expression is missing at the end")
        if token[0].isdigit() or token[0] == ".":
            return self.take()
        if token in ("(", "[", "{"):
            closing = {"(": ")", "[": "]", "{": "}"}[self.take()]
            inner = self.expression()
            self.take(closing)
            return f"({inner})"
        if token in ("|", r"\lvert"):
            closing = "|" if self.take() == "|" else r"\rvert"
            inner = self.expression()
            self.take(closing)
            return f"abs({inner})"
        if token[0].isalpha():
            return self.letters()
        if token.startswith("\\"):
            return self.command()
        raise self.fail(f"unexpected '{token}'")

    # -- names and functions ----------------------------------------------------------------------
    def letters(self) -> str:
        word = self.peek()
        if word in ("KL", "D") and (self.peek(1) in ("(", "_")):
            self.take()
            if self.peek() == "_":
                self.take()
                self.script_text()
            return "KL(" + self.arguments(2) + ")"
        if word == "H" and self.peek(1) == "(":
            self.take()
            return "H(" + self.arguments(None) + ")"
        if word in ("log", "ln", "exp", "sigmoid", "sqrt"):
            return self.function("\\" + word if word != "sigmoid" else r"\sigma")
        self.split_first()
        return self.name(self.take())

    def name(self, letter: str) -> str:
        if self.peek() != "_":
            return letter
        self.take()
        subscript = self.script_text()
        if letter in VECTOR_NAMES:
            return f"{letter}[{subscript}]"
        if not subscript.replace("_", "").isalnum():
            raise self.fail(f"the subscript of {letter} must be letters or digits")
        return f"{letter}_{subscript}"

    def script_text(self) -> str:
        """A subscript's text: ``i``, ``{i=1}``, ``{\\mathrm{KL}}`` (commands dropped, braces balanced)."""
        if self.peek() != "{":
            self.split_first()
            return self.take().lstrip("\\")
        self.take()
        parts: list[str] = []
        depth = 1
        while True:
            token = self.take()
            depth += {"{": 1, "}": -1}.get(token, 0)
            if depth == 0:
                return "".join(parts)
            if token not in _TEXT_COMMANDS and token not in "{}":
                parts.append(token.lstrip("\\"))

    def arguments(self, count: int | None) -> str:
        self.take("(")
        arguments = [self.argument()]
        while self.peek() in (",", ";", *_PARALLEL):
            self.take()
            arguments.append(self.argument())
        self.take(")")
        if count is not None and len(arguments) != count:
            raise self.fail(f"expected {count} arguments")
        return ", ".join(arguments)

    def argument(self) -> str:
        if self.peek() == "[":
            self.take()
            entries = [self.expression()]
            while self.peek() == ",":
                self.take()
                entries.append(self.expression())
            self.take("]")
            return "[" + ", ".join(entries) + "]"
        return self.expression()

    def operand(self) -> str:
        """A function's argument: a parenthesised expression, else the next factor (``\\log q_i``)."""
        if self.peek() == "(":
            self.take()
            inner = self.expression()
            self.take(")")
            return inner
        return self.factor()

    def function(self, command: str) -> str:
        self.take()
        base = ""
        if command in (r"\log", r"\ln") and self.peek() == "_":
            self.take()
            base = self.script()
        if self.peek() == "^":
            raise self.fail(rf"write ({command} x)^k rather than {command}^k x")
        argument = self.operand()
        name = {r"\log": "log", r"\ln": "log", r"\exp": "exp", r"\sigma": "sigmoid", r"\sqrt": "sqrt"}[command]
        return f"log({argument}, {base})" if base else f"{name}({argument})"

    def command(self) -> str:
        token = self.peek()
        if token in _FRACTIONS:
            return self.fraction()
        if token == r"\sqrt":
            self.take()
            if self.peek() == "[":
                self.take()
                degree = self.expression()
                self.take("]")
                return f"(({self.group()})**(1/({degree})))"
            return f"sqrt({self.group()})"
        if token in (r"\log", r"\ln", r"\exp"):
            return self.function(token)
        if token == r"\sigma":
            return self.function(token) if self.peek(1) == "(" else self.name(self.take()[1:])
        if token == r"\sum":
            return self.total()
        if token in _TEXT_COMMANDS:
            self.take()
            word = self.script_text() if self.peek() == "{" else ""
            if word in ("KL", "D") or word == "H" or word in ("log", "exp", "sigmoid"):
                self.tokens.insert(self.position, _Token(word, self.column()))
                return self.letters()
            if not word.isalnum():
                raise self.fail(f"'{word}' is not a name")
            return self.name(word)
        if token == r"\pi":
            self.take()
            return "pi"
        if token == r"\lambda":
            self.take()
            return self.name("lam")
        if token[1:] in _GREEK:
            return self.name(self.take()[1:])
        raise self.fail(f"the LaTeX command {token} is not supported in claims")

    def fraction(self) -> str:
        self.take()
        if self.peek() == "{" and self.peek(1) in ("d", r"\partial") and self.peek(2) in ("}", "^"):
            return self.derivative()
        numerator = self.group()
        denominator = self.group()
        return f"(({numerator})/({denominator}))"

    def derivative(self) -> str:
        self.take("{")
        self.take()
        order = ""
        if self.peek() == "^":
            self.take()
            order = self.script()
        self.take("}")
        self.take("{")
        self.take() if self.peek() in ("d", r"\partial") else self.split_first_d()
        variable = self.take()
        if self.peek() == "^":
            self.take()
            self.script()
        self.take("}")
        operand = self.operand()
        return f"diff({operand}, {variable}, {order})" if order else f"diff({operand}, {variable})"

    def split_first_d(self) -> None:
        if not self.peek().startswith("d"):
            raise self.fail(r"a derivative is written \frac{d}{dx}")
        self.split_first()
        self.take()

    def total(self) -> str:
        self.take()
        index = "i"
        message = "sums run from 1 to n: write \\sum_{i=1}^{n}"
        if self.peek() == "_":
            self.take()
            column = self.column()
            index, _, start = self.script_text().partition("=")
            if start not in ("", "1"):
                raise ClaimSyntaxError(message, column)
        if self.peek() == "^":
            self.take()
            column = self.column()
            if self.script_text() != "n":
                raise ClaimSyntaxError(message, column)
        body = self.term()
        return f"sum({body}, {index})"


def latex_to_claim(source: str) -> str:
    """The plain-language claim for a LaTeX claim; raises :class:`ClaimSyntaxError` with a column."""
    if not isinstance(source, str):
        raise ClaimSyntaxError(f"a claim is text, got {type(source).__name__}")
    if len(source) > MAX_LENGTH:
        raise ClaimSyntaxError(f"the claim is {len(source)} characters long; the limit is {MAX_LENGTH}")
    if not source.strip():
        raise ClaimSyntaxError("the claim is empty")
    parser = _Parser(source)
    try:
        return parser.claim()
    except RecursionError:
        raise ClaimSyntaxError("the claim is nested too deeply") from None
