"""The LaTeX reader's expressions: tokens in, the plain claim language out (:mod:`.from_latex` reads claims).

:class:`LatexReader` is a recursive-descent reader of one expression at a time over the tokens of
:mod:`.latex_tokens`: products of juxtaposed factors, fractions, scripts, brackets, and the
language's functions as each entry of the table spells them (``latex_input``: the token that starts
it and how the rest is read, :mod:`.latex_operands` for the longer readings). Nothing is evaluated.

>>> reader = LatexReader(r"\\frac{1}{2} \\log 2x")
>>> reader.expression()
'((1)/(2))*log(2*x)'
"""

from __future__ import annotations

from ..errors import ClaimSyntaxError
from . import language, latex_operands, latex_vectors
from .language import (
    GREEK_LETTERS,
    VECTOR_NAMES,
    VECTOR_VALUED,
    Function,
    Kind,
    LatexInput,
    LatexReading,
)
from .latex_tokens import Token, is_index, tokens

__all__ = ["CONNECTIVES", "RELATIONS", "LatexReader"]

RELATIONS = {"=": "=", "<": "<", ">": ">", "<=": "<=", ">=": ">=", r"\le": "<=", r"\leq": "<=", r"\leqslant": "<="}
RELATIONS |= {r"\ge": ">=", r"\geq": ">=", r"\geqslant": ">=", r"\lt": "<", r"\gt": ">", r"\approx": "~="}
RELATIONS |= {r"\neq": "!=", r"\ne": "!="}
_PARALLEL = frozenset({r"\|", "||", r"\parallel", r"\Vert"})
_GREEK = GREEK_LETTERS | {"sigma"}  # \sigma( is the sigmoid function, a lone \sigma a name
_WHERE_WORDS = frozenset({"where", "for", "if", "with"})
_TEXT_COMMANDS = frozenset({r"\text", r"\mathrm", r"\operatorname", r"\mathit", r"\textrm", r"\mathcal"})
_FRACTIONS = frozenset({r"\frac", r"\dfrac", r"\tfrac"})
CONNECTIVES = {r"\iff": "iff", r"\Leftrightarrow": "iff", r"\Longleftrightarrow": "iff", r"\implies": "implies"}
CONNECTIVES |= {r"\Rightarrow": "implies", r"\Longrightarrow": "implies"}
_STARTS_FACTOR = (
    frozenset({"(", "[", "{", r"\pi", r"\lambda"}) | _FRACTIONS | _TEXT_COMMANDS | {"\\" + g for g in _GREEK}
)


def _spellings() -> dict[str, tuple[Function, LatexInput]]:
    """Each LaTeX input token of the language's functions, with its function and spelling (statements apart)."""
    return {
        spelling.token: (f, spelling)
        for f in language.FUNCTIONS.values()
        for spelling in f.latex_input
        if spelling.reading is not LatexReading.STATEMENT
    }


def _statements() -> dict[str, str]:
    """The token of each statement's spelling (``convex``, ``\\succeq``), with the statement's name."""
    return {
        spelling.token: f.name
        for f in language.FUNCTIONS.values()
        for spelling in f.latex_input
        if spelling.reading is LatexReading.STATEMENT
    }


class LatexReader:
    """Reads expressions from the tokens of a LaTeX source, one call per expression."""

    def __init__(self, source: str) -> None:
        self.tokens = tokens(source)
        self.position = 0
        self.end = len(source) + 1
        self.text = source
        self.notes: list[str] = []  # where two readings are plausible, the one taken
        self.spellings = _spellings()  # read at each parse, from the table (a test may install another)
        self.words = frozenset(token for token in self.spellings if token.isalpha())
        commands = {token for token in self.spellings if token.startswith("\\")}
        self.starts_factors = _STARTS_FACTOR | commands
        self.statements = _statements()

    # -- token access ---------------------------------------------------------------------------
    def peek(self, ahead: int = 0) -> str:
        index = self.position + ahead
        return self.tokens[index].text if index < len(self.tokens) else ""

    def column(self) -> int:
        return self.tokens[self.position].column if self.position < len(self.tokens) else self.end

    def fail(self, message: str) -> ClaimSyntaxError:
        return ClaimSyntaxError(message, self.column())

    def source(self, first: int, end: int) -> str:
        """The source of the tokens ``first`` to ``end - 1``."""
        last = self.tokens[end - 1]
        return self.text[self.tokens[first].column - 1 : last.column - 1 + len(last.text)]

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
            rest = Token(token.text[1:], token.column + 1)
            self.tokens[self.position] = Token(token.text[0], token.column)
            self.tokens.insert(self.position + 1, rest)

    # -- where the claim's words start ------------------------------------------------------------
    def where_length(self, offset: int = 0) -> int:
        """How many tokens spell 'where' (or 'for', 'if', 'with') from ``offset``: a word or \\text{where}."""
        if self.peek(offset) in _WHERE_WORDS:
            return 1
        if self.peek(offset) in _TEXT_COMMANDS and self.peek(offset + 1) == "{" and self.peek(offset + 3) == "}":
            return 4 if self.peek(offset + 2) in _WHERE_WORDS else 0
        return 0

    def statement_length(self) -> int:
        """How many tokens spell ``\\text{ is convex in }`` (or another statement's word) here; 0 if none."""
        words = (self.peek(2), self.peek(3), self.peek(4))
        phrase = words[0] == "is" and words[1] in self.statements and words[2] == "in"
        texts = self.peek() in _TEXT_COMMANDS and self.peek(1) == "{" and self.peek(5) == "}"
        return 6 if texts and phrase else 0

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
        return token[0].isalnum() or token in self.starts_factors

    def continues_product(self) -> bool:
        return self.starts_factor() and not self.where_length() and not self.statement_length()

    def term(self) -> str:
        text = self.factor()
        while True:
            if self.peek() in (r"\cdot", r"\times", "*"):
                self.take()
                text += "*" + self.factor()
            elif self.peek() in ("/", r"\div"):
                self.take()
                text += "/" + self.factor()
            elif self.continues_product():
                text += "*" + self.factor()
            else:
                return text

    def factor(self) -> str:
        if self.peek() == "-":
            self.take()
            return "-" + self.factor()
        base = self.atom()
        if self.peek() == "^" and latex_vectors.transposed(self):  # w^\top x: the inner product dot(w, x)
            return f"dot({base}, {self.atom()})"
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
            if self.peek() == "_" and latex_vectors.indexed_call(inner):  # (\nabla_z f)_k: an entry of the gradient
                self.take()
                return f"({inner})[{', '.join(latex_vectors.indices(self.script_text()))}]"
            return f"({inner})"
        spelled = self.spellings.get(token)
        if spelled is not None and self.starts(spelled[1].reading):
            return self.function(*spelled)
        if token[0].isalpha():
            self.split_first()
            return self.name(self.take())
        if token.startswith("\\"):
            return self.command()
        raise self.fail(f"unexpected '{token}'")

    # -- functions, as the table spells them --------------------------------------------------------
    def starts(self, reading: LatexReading, ahead: int = 0) -> bool:
        """Whether the token ``ahead``, a function's spelling read as ``reading``, starts that function there."""
        after = [self.peek(ahead + k) for k in (1, 2, 3)]
        if reading in (LatexReading.CALL, LatexReading.ARGUMENTS, LatexReading.VARIANCE):
            return after[0] == "("
        if reading is LatexReading.LABELLED_ARGUMENTS:  # D(..), D_{KL}(..), H_2(..); not the name H_1
            return after[0] == "(" or (after[0] == "_" and self.peek(self.past_script(ahead + 2)) == "(")
        if reading is LatexReading.LIMIT:
            return after[0] == "_"
        if reading is LatexReading.OPTIMUM:  # \arg\min_{x}, \operatorname{argmin}_{x}; \max(z), the largest entry
            return after[0] in (r"\min", r"\max", "_") or (after[0] == "(" and self.peek(ahead) in (r"\min", r"\max"))
        if reading in (LatexReading.GRADIENT, LatexReading.INTEGRAL):
            return after[0] in ("_", "^")
        if reading is LatexReading.EXPECTATION:  # \mathbb{E}: the letter is the function's name
            named = {f.name for f in language.FUNCTIONS.values() if f.kind is Kind.EXPECTATION}
            return after[0] == "{" and after[1] in named and after[2] == "}"
        if reading is LatexReading.DERIVATIVE:
            return after[0] == "{" and after[1] in ("d", r"\partial") and after[2] in ("}", "^")
        return True

    def expression_before(self, end: int) -> str:
        """An expression made of exactly the tokens from the current one to ``end - 1`` (an integrand)."""
        tokens, self.tokens = self.tokens, self.tokens[:end]
        try:
            text = self.expression()
            if self.position != end:
                raise self.fail(f"unexpected '{self.peek()}'")
        finally:
            self.tokens = tokens
        return text

    def past_script(self, ahead: int) -> int:
        """The position after the script that starts at the token ``ahead``: one token, or a braced group."""
        if self.peek(ahead) != "{":
            return ahead + 1
        depth = 0
        while self.peek(ahead):
            depth += {"{": 1, "}": -1}.get(self.peek(ahead), 0)
            ahead += 1
            if depth == 0:
                break
        return ahead

    def function_at(self, ahead: int = 0) -> LatexReading | None:
        """The reading of the function spelled at the token ``ahead`` (or as ``\\mathrm{log}``), if one starts."""
        token = self.peek(ahead)
        if token in _TEXT_COMMANDS and self.peek(ahead + 1) == "{" and self.peek(ahead + 3) == "}":
            token, ahead = self.peek(ahead + 2), ahead + 3
        spelled = self.spellings.get(token)
        return spelled[1].reading if spelled is not None and self.starts(spelled[1].reading, ahead) else None

    def function(self, function: Function, spelling: LatexInput) -> str:
        """A call of ``function``, spelled at the current token, in the plain language."""
        reading = spelling.reading
        if reading in (LatexReading.OPERAND, LatexReading.CALL):
            return latex_operands.operator(self, function)
        if reading is LatexReading.VARIANCE:  # N(mu, sigma^2): the plain language takes the standard deviation
            self.take()
            *first, variance = self.argument_list(function.arities[0])
            return f"{function.name}({', '.join(first)}, {latex_vectors.deviation(variance)})"
        if reading in (LatexReading.ARGUMENTS, LatexReading.LABELLED_ARGUMENTS):
            self.take()
            base = ""
            if reading is LatexReading.LABELLED_ARGUMENTS and self.peek() == "_":
                self.take()
                label = self.script_text()  # a label, as in D_{\mathrm{KL}}, or the logarithm's base, H_2
                base = f", base={label}" if label.isdigit() and "base" in function.keywords else ""
            count = function.arities[0] if len(function.arities) == 1 else None
            call = f"{function.name}({self.arguments(count)}{base})"
            if function.name in VECTOR_VALUED and self.peek() == "_":  # softmax(z)_k: an entry
                self.take()
                return f"{call}[{self.script_text()}]"
            return call
        if reading is LatexReading.ROOT:
            self.take()
            if self.peek() == "[":
                self.take()
                degree = self.expression()
                self.take("]")
                return f"(({self.tex_argument()})**(1/({degree})))"
            return f"{function.name}({self.tex_argument()})"
        if reading is LatexReading.DELIMITERS:
            self.take()
            inner = self.expression()
            self.take(spelling.closing)
            return f"{function.name}({inner})"
        if reading is LatexReading.BIG_OPERATOR:
            return latex_operands.total(self, function)
        if reading is LatexReading.LIMIT:
            return latex_operands.limit(self, function)
        if reading is LatexReading.EXPECTATION:
            return latex_operands.expectation(self, function)
        if reading is LatexReading.OPTIMUM:
            return latex_operands.optimum(self, function)
        if reading is LatexReading.GRADIENT:
            return latex_operands.gradient(self, function)
        if reading is LatexReading.INTEGRAL:
            return latex_operands.integral(self, function)
        return latex_operands.derivative(self, function)

    def name(self, letter: str) -> str:
        if letter in VECTOR_NAMES and self.peek() == "(" and self.peek(1).isalnum() and self.peek(1).isascii():
            return latex_vectors.probability_of(self, letter)
        if self.peek() != "_":
            return letter
        self.take()
        subscript = self.script_text()
        if letter in VECTOR_NAMES or is_index(subscript):
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
        return ", ".join(self.argument_list(count))

    def argument_list(self, count: int | None) -> list[str]:
        self.take("(")
        arguments = [self.argument()]
        while self.peek() in (",", ";", *_PARALLEL):
            self.take()
            arguments.append(self.argument())
        self.take(")")
        if count is not None and len(arguments) != count:
            raise self.fail(f"expected {count} arguments")
        return arguments

    def argument(self) -> str:
        """A function's argument: an expression or an explicit vector, ``[0.5, 0.5]`` or ``(0.5, 0.5)``."""
        if self.peek() == "[" or (self.peek() == "(" and self.holds_list()):
            closing = "]" if self.take() == "[" else ")"
            entries = [self.expression()]
            while self.peek() == ",":
                self.take()
                entries.append(self.expression())
            self.take(closing)
            return "[" + ", ".join(entries) + "]"
        return self.expression()

    def holds_list(self) -> bool:
        """Whether the bracket at the current token holds a comma at its own depth (a list, not a group)."""
        depth = 0
        for token in self.tokens[self.position :]:
            if token.text in ("(", "[", "{"):
                depth += 1
            elif token.text in (")", "]", "}"):
                depth -= 1
                if depth == 0:
                    return False
            elif token.text == "," and depth == 1:
                return True
        return False

    def command(self) -> str:
        token = self.peek()
        if token in _FRACTIONS:
            return self.fraction()
        if token in _TEXT_COMMANDS:
            self.take()
            word = self.script_text() if self.peek() == "{" else ""
            if word in self.words:
                self.tokens.insert(self.position, Token(word, self.column()))
                return self.atom()
            if not word.isalnum():
                raise self.fail(f"'{word}' is not a name")
            return self.name(word)
        if token == r"\pi":
            self.take()
            return "pi"
        if token == r"\infty":
            self.take()
            return "oo"
        if token == r"\lambda":
            self.take()
            return self.name("lam")
        if token[1:] in _GREEK:
            return self.name(self.take()[1:])
        raise self.fail(f"the LaTeX command {token} is not supported in claims")

    def fraction(self) -> str:
        self.take()
        numerator = self.tex_argument()
        denominator = self.tex_argument()
        return f"(({numerator})/({denominator}))"

    def tex_argument(self) -> str:
        """A braced group, or as TeX reads ``\\frac12`` and ``\\sqrt 2``: one character or one command."""
        if self.peek() == "{":
            return self.group()
        if self.peek().startswith("\\"):
            return self.atom()
        self.split_first()
        token = self.take()
        if not token.isalnum():
            raise self.fail(r"expected '{': as in \frac{a}{b} or \sqrt{x}")
        return token
