"""A LaTeX printer tuned for handouts: ``p_{i}`` not ``{p}_{i}``, ``\\log p_{i}``, factors before functions.

>>> import sympy as sp
>>> p = sp.IndexedBase("p", positive=True); i = sp.Symbol("i", integer=True)
>>> to_latex(-p[i] * sp.log(p[i]))
'- p_{i} \\\\log p_{i}'

Sums start with a positive term, and a product written by hand shows one sign, never a ``(-1)`` factor:

>>> y, y_hat = sp.symbols("y yhat")
>>> to_latex(-y + y_hat)
'\\\\hat{y} - y'
>>> to_latex(sp.Mul(-1, 5, sp.Mul(-1, sp.log(5), evaluate=False), sp.Rational(1, 5), evaluate=False))
'5 \\\\cdot \\\\frac{1}{5} \\\\log 5'

Names are identifiers, not LaTeX: a name with a character LaTeX would read as markup is set
upright with that character escaped, and words shown inside math go through :func:`math_text`.

>>> to_latex(sp.Symbol(r"x{\\input}"))
'\\\\mathrm{x\\\\{\\\\backslash input\\\\}}'
>>> math_text("a <b> & c")
'\\\\text{a }{<}\\\\text{b}{>}\\\\text{ }\\\\&\\\\text{ c}'
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.printing.latex import LatexPrinter
from sympy.printing.precedence import PRECEDENCE

from .special import xlogy

__all__ = ["MATH_ESCAPES", "math_text", "to_latex"]

_SIMPLE_LOG_ARGUMENTS = (sp.Symbol, sp.Indexed, sp.Integer)

#: Characters that are markup in LaTeX or in HTML (``<``: MathJax's text may reach an HTML parser), set in
#: math mode as the character itself. Valid both in LaTeX and in MathJax: ``\\lt`` is MathJax's alone, and
#: ``{<}`` is never an HTML tag (no letter follows the ``<``).
MATH_ESCAPES = {
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "_": r"\_",
    "~": r"\sim ",
    "$": r"\$",
    "\\": r"\backslash ",
    "{": r"\{",
    "}": r"\}",
    "^": r"\hat{}",
    "<": "{<}",
    ">": "{>}",
    "|": r"\vert ",
}
_MATH_SPECIAL = re.compile("([" + re.escape("".join(MATH_ESCAPES)) + "])")
_PLAIN_NAME = re.compile(r"[\w']+")  # what SymPy's own printer may set as it is (x_1, phat, mu_2, x')


def _visible(text: str) -> str:
    """``text`` with control characters and line or paragraph separators as spaces (never a line break in math)."""
    return "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in text)


def math_text(words: str, command: str = r"\text") -> str:
    """Plain words for math mode: ``\\text{...}`` around them, each special character set in math mode.

    Valid in LaTeX and in MathJax, which shows the inside of ``\\text{...}`` literally (so ``\\%``
    cannot go there) and whose input may pass through an HTML parser first (so no raw ``<``).

    >>> math_text("50% more", command=r"\\textbf")
    '\\\\textbf{50}\\\\%\\\\textbf{ more}'
    """
    out = []
    for index, piece in enumerate(_MATH_SPECIAL.split(_visible(words))):
        if index % 2:
            out.append(MATH_ESCAPES[piece])
        elif piece:
            out.append(f"{command}{{{piece}}}")
    return "".join(out)


def _escaped_name(name: str) -> str:
    """A name that is not a plain identifier, set upright with its special characters escaped."""
    escaped = "".join(r"\ " if c == " " else MATH_ESCAPES.get(c, c) for c in _visible(name))
    return r"\mathrm{" + escaped + "}"


def _is_written_term(term: sp.Expr) -> bool:
    """A term ``c * xlogy(a, b)`` with a number ``a``: one written-out term of a definition, like ``0 log 0``."""
    _, rest = term.as_coeff_Mul()
    return isinstance(rest, xlogy) and bool(rest.args[0].is_number)


def _single_variable_derivative(expr: sp.Basic) -> sp.Function | None:
    """``f`` when ``expr`` is ``d f(x) / dx`` for an undefined function ``f`` of one variable, else None."""
    if not isinstance(expr, sp.Derivative) or len(expr.variable_count) != 1:
        return None
    function = expr.expr
    ((variable, order),) = expr.variable_count
    if isinstance(function, AppliedUndef) and function.args == (variable,) and order == 1:
        return function.func
    return None


def _factor_rank(factor: sp.Expr) -> int:
    """Numbers first, then ``\\pi``, ``e``, symbols and their powers, then the rest (functions, sums).

    >>> sigma = sp.Symbol("sigma", positive=True)
    >>> to_latex(2 * sp.pi * sigma**2)
    '2 \\\\pi \\\\sigma^{2}'
    """
    if factor.is_Number:
        return 0
    base = factor.base if isinstance(factor, sp.Pow) else factor
    if base == sp.pi:
        return 1
    if base == sp.E or isinstance(base, sp.NumberSymbol):
        return 2
    if isinstance(base, (sp.Symbol, sp.Indexed, sp.Dummy)):
        return 3
    return 4


def _split_sign(factors: tuple[sp.Expr, ...]) -> tuple[bool, list[sp.Expr]]:
    """The sign of a product and its factors without signs or ones, nested products flattened."""
    negative, kept = False, list[sp.Expr]()
    for factor in factors:
        if isinstance(factor, sp.Mul):
            inner_negative, inner = _split_sign(factor.args)
            negative ^= inner_negative
            kept.extend(inner)
        elif factor.is_Number:
            negative ^= bool(factor.is_negative)
            if abs(factor) != 1:
                kept.append(abs(factor))
        else:
            kept.append(factor)
    return negative, kept


def _signs_pulled_out(expr: sp.Expr) -> tuple[bool, list[sp.Expr]] | None:
    """A product written by hand with a negative number inside (``Mul(-1, 5, Mul(-1, log 5), evaluate=False)``) as
    one sign and its factors in the written order, without ``-1``; None otherwise (``p (-log p)`` stays as written)."""
    if not isinstance(expr, sp.Mul):  # SymPy prints 1/x (a power) through the product printer too
        return None
    numbers = [index for index, factor in enumerate(expr.args) if factor.is_Number]
    negatives = [index for index in numbers if expr.args[index].is_negative]
    if not negatives or numbers == [0]:  # no negative number, or SymPy's own leading coefficient: printed as it is
        return None
    return _split_sign(expr.args)


class HandoutLatexPrinter(LatexPrinter):
    """SymPy's LaTeX printer with a few changes that make derivations read like a textbook."""

    printmethod = "_handout_latex"

    def _print_Symbol(self, expr: sp.Symbol, style: str = "plain") -> str:
        if expr in self._settings["symbol_names"] or _PLAIN_NAME.fullmatch(expr.name):
            return str(super()._print_Symbol(expr, style))
        return _escaped_name(expr.name)

    def _print_Indexed(self, expr: sp.Indexed) -> str:
        indices = ",".join(self._print(index) for index in expr.indices)
        return f"{self._print(expr.base.label)}_{{{indices}}}"

    def _print_log(self, expr: sp.log, exp: str | None = None) -> str:
        (argument,) = expr.args
        name = r"\log" if exp is None else rf"\log^{{{exp}}}"
        if isinstance(argument, _SIMPLE_LOG_ARGUMENTS) and not argument.is_negative:
            return f"{name} {self._print(argument)}"
        return rf"{name}\left({self._print(argument)}\right)"

    def _print_xlogy(self, expr: sp.Expr, exp: str | None = None) -> str:
        x, y = expr.args
        factor = self._print(x) if x.is_Rational else self.parenthesize(x, PRECEDENCE["Mul"])
        body = f"{factor} {self._print(sp.log(y, evaluate=False))}"
        return body if exp is None else rf"\left({body}\right)^{{{exp}}}"

    def _print_Basic(self, expr: sp.Basic) -> str:
        # Objects SymPy prints through their own ``_latex`` (oo, pi, I, ...) would otherwise reach the
        # generic fallback, because this printer's ``printmethod`` is not ``_latex``.
        own = getattr(expr, "_latex", None)
        if callable(own):
            return str(own(self))
        return str(super()._print_Basic(expr))

    def _print_Add(self, expr: sp.Add, order: str | None = None) -> str:
        if order is None and all(_is_written_term(term) for term in expr.args):
            order = "none"  # a definition written out term by term keeps its order
        terms = self._as_ordered_terms(expr, order=order)
        if order != "none" and terms[0].could_extract_minus_sign():
            # a sum starts with a positive term when it has one, as a person writes it: y_hat - y, not -y + y_hat
            first = next((i for i, term in enumerate(terms) if not term.could_extract_minus_sign()), None)
            if first is not None:
                terms = [terms[first], *terms[:first], *terms[first + 1 :]]
                return str(super()._print_Add(sp.Add(*terms, evaluate=False), order="none"))
        return str(super()._print_Add(expr, order=order))

    def _print_Derivative(self, expr: sp.Derivative) -> str:
        function = _single_variable_derivative(expr)
        if function is None:
            return str(super()._print_Derivative(expr))
        return self._prime(function, expr.variables[0])

    def _print_Subs(self, expr: sp.Subs) -> str:
        derivative, old, new = expr.args
        function = _single_variable_derivative(derivative)
        if function is None or len(old) != 1:
            return str(super()._print_Subs(expr))
        return self._prime(function, new[0])

    def _prime(self, function: sp.Function, argument: sp.Basic) -> str:
        """``f'(a)``: the derivative of a one-variable function at ``a``."""
        return rf"{self._print(sp.Symbol(function.__name__))}'{{\left({self._print(argument)} \right)}}"

    def _print_Entropy(self, expr: sp.Expr, exp: str | None = None) -> str:
        return self._named("H", expr.args[:1], exp)

    def _print_CrossEntropy(self, expr: sp.Expr, exp: str | None = None) -> str:
        return self._named("H", expr.args[:2], exp)

    def _print_KLDivergence(self, expr: sp.Expr, exp: str | None = None) -> str:
        p, q = (self._print(arg) for arg in expr.args[:2])
        body = rf"D\left({p} \,\middle\|\, {q}\right)"
        return body if exp is None else rf"{body}^{{{exp}}}"

    # SymPy prints these through their own ``_latex`` methods, which this printer's printmethod bypasses.
    def _print_Infinity(self, expr: sp.Expr) -> str:
        return r"\infty"

    def _print_NegativeInfinity(self, expr: sp.Expr) -> str:
        return r"-\infty"

    def _named(self, name: str, args: tuple[sp.Basic, ...], exp: str | None) -> str:
        body = rf"{name}\left({', '.join(self._print(a) for a in args)}\right)"
        return body if exp is None else rf"{body}^{{{exp}}}"

    def _print_Mul(self, expr: sp.Mul) -> str:
        signed = _signs_pulled_out(expr)
        if signed is None:
            return self._product(expr, list(expr.as_ordered_factors()))
        negative, kept = signed  # no (-1) factors: one sign in front of the product
        if len(kept) > 1:
            body = self._product(sp.Mul(*kept, evaluate=False), kept)
        else:
            body = self._print(kept[0]) if kept else "1"
        return f"- {body}" if negative else body

    def _product(self, expr: sp.Mul, factors: list[sp.Expr]) -> str:
        """``expr`` (the product of ``factors``) with numbers first, then symbols, then functions."""
        reordered = sorted(factors, key=_factor_rank)
        if reordered == factors:
            return str(super()._print_Mul(expr))
        saved_order = self._settings["order"]
        self._settings["order"] = "none"
        try:
            return str(super()._print_Mul(sp.Mul(*reordered, evaluate=False)))
        finally:
            self._settings["order"] = saved_order


def to_latex(expr: Any, **settings: Any) -> str:
    """Render a SymPy object (or a plain number) as LaTeX in the handout style."""
    return str(HandoutLatexPrinter(settings).doprint(expr))
