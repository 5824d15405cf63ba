"""Read a claim written in LaTeX (a useful subset) and write it in the plain claim language.

A small tokenizer and recursive-descent parser of our own: ``p_i`` keeps its index (``p[i]``),
``\\sum_{i=1}^{n}`` takes the product after it as its summand, letters side by side multiply and
``\\frac{d}{dz}`` is a derivative. The functions and their spellings come from the language's table
(each entry's ``latex_input``: the token that starts it and how the rest is read). The output is plain
text that goes through the same parser and allow-list as any typed claim; nothing is evaluated here.

A function written without parentheses takes the product written next to it, as textbooks mean
(:mod:`.latex_operands` has the rules): ``\\log 2x`` is ``log(2*x)``, ``\\log 2\\pi e`` is ``log(2*pi*e)``,
``\\log x^2`` is ``log(x**2)``. The operand ends at ``+``, ``-``, a relation, ``,``, a closing bracket, a
``where`` word, an explicit ``\\cdot`` or ``\\times`` (``\\log x \\cdot y`` is ``log(x)*y``) and another
named function (``\\log a \\log b`` is ``log(a)*log(b)``; ``\\sum`` too); ``\\sqrt{..}`` and ``\\lvert..\\rvert``
continue it; ``\\log(x) y`` is ``log(x)*y``. A division in it is read the textbook way,
``\\log p_i/q_i`` as ``log(p[i]/q[i])``, and :func:`latex_to_claim_with_notes` returns a note saying so.

>>> latex_to_claim(r"H(p, q) = -\\sum_{i=1}^{n} p_i \\log q_i")
'H(p, q) = -sum(p[i]*log(q[i]), i)'
>>> latex_to_claim(r"\\frac{d}{dz} \\sigma(z) = \\sigma(z)\\left(1 - \\sigma(z)\\right)")
'diff(sigmoid(z), z) = sigmoid(z)*(1 - sigmoid(z))'
>>> latex_to_claim(r"D_{\\mathrm{KL}}(p \\| q) \\geq 0")
'KL(p, q) >= 0'
>>> latex_to_claim(r"\\frac{1}{2}\\log 2\\pi e \\approx 1.419")
'((1)/(2))*log(2*pi*e) ~= 1.419'
"""

from __future__ import annotations

from ..errors import ClaimSyntaxError
from .language import MAX_LENGTH
from .latex_reader import CONNECTIVES, RELATIONS, LatexReader
from .latex_tokens import numbered_entries
from .syntax import BYTE_ORDER_MARK, LINE_BREAKS

__all__ = ["latex_to_claim", "latex_to_claim_with_notes"]


class _Parser(LatexReader):
    """A whole claim: a chain of relations, a statement or a connective, then its conditions."""

    def claim(self) -> str:
        text = self.chain()
        if self.statement_length():  # f \text{ is convex in } x
            self.position += self.statement_length()
            text = f"{self.statements[self.peek(-3)]}({text}, {self.factor()})"
        elif self.peek() in self.statements and self.peek(1) == "0":  # \nabla^2_z f \succeq 0
            text = f"{self.statements[self.take()]}({text})"
            self.take()
        elif self.peek() in CONNECTIVES:
            text += f" {CONNECTIVES[self.take()]} " + self.chain()
        if self.where_word():
            conditions = [self.condition()]
            while self.peek() == ",":
                self.take()
                conditions.append(self.condition())
            text += " where " + ", ".join(conditions)
        if self.peek():
            raise self.fail(f"unexpected '{self.peek()}'")
        return text

    def where_word(self) -> bool:
        comma = 1 if self.peek() == "," and self.where_length(1) else 0
        length = self.where_length(comma)
        self.position += comma + length
        return length > 0

    def condition(self) -> str:
        """A chain of relations, or a set of values, ``y \\in \\{0, 1\\}`` (``y in {0, 1}``)."""
        left = self.expression()
        if self.peek() != r"\in":
            parts = [left]
            while self.peek() in RELATIONS:
                parts += [RELATIONS[self.take()], self.expression()]
            return " ".join(parts)
        self.take()
        self.take(r"\{")
        values = [self.expression()]
        while self.peek() == ",":
            self.take()
            values.append(self.expression())
        self.take(r"\}")
        return f"{left} in {{{', '.join(values)}}}"

    def chain(self) -> str:
        parts = [self.expression()]
        while self.peek() in RELATIONS:
            parts += [RELATIONS[self.take()], self.expression()]
        return " ".join(parts)


def latex_to_claim(source: str) -> str:
    """The plain-language claim for a LaTeX claim; raises :class:`ClaimSyntaxError` with a column."""
    return latex_to_claim_with_notes(source)[0]


def latex_to_claim_with_notes(source: str) -> tuple[str, tuple[str, ...]]:
    """The plain-language claim for a LaTeX claim, and a note for each place read one of two plausible ways.

    >>> latex_to_claim_with_notes(r"\\log_2 x/y = \\log_2 x - \\log_2 y")[1]
    ('read `\\\\log_2 x/y` as log(x/y, 2), not log(x, 2)/y',)
    """
    if not isinstance(source, str):
        raise ClaimSyntaxError(f"a claim is text, got {type(source).__name__}")
    if len(source) > MAX_LENGTH:
        raise ClaimSyntaxError(f"the claim is {len(source)} characters long; the limit is {MAX_LENGTH}")
    if source.startswith(BYTE_ORDER_MARK):
        source = " " + source[1:]  # a file's byte order mark; the space keeps the columns
    if not source.strip():
        raise ClaimSyntaxError("the claim is empty")
    breaks = [position for position, character in enumerate(source) if character in LINE_BREAKS]
    if breaks:  # each line is one claim: lines are never joined (LaTeX's own line break \\ is refused as any token)
        shown = f"U+{ord(source[breaks[0]]):04X}"
        raise ClaimSyntaxError(f"character {shown} is not allowed: a claim is one line", breaks[0] + 1)
    parser = _Parser(source)
    try:
        return numbered_entries(parser.claim()), tuple(parser.notes)
    except RecursionError:
        raise ClaimSyntaxError("the claim is nested too deeply") from None
