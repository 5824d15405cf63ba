"""What an entry of the claim language's table is made of: how a function is built, written and read.

A :class:`Function` holds everything about one function of the language (:data:`.language.FUNCTIONS`
is the table of them): its spelling and arities, its builder (called as its :class:`Kind` says), its
LaTeX writer (a :data:`LatexWriter`, given :class:`LatexArguments`) and the LaTeX spellings it is read
from (each a :class:`LatexInput` with its :class:`LatexReading`).

>>> Kind.SUM.binds, Kind.SCALAR.binds
(True, False)
>>> LatexInput("|", LatexReading.DELIMITERS, ("|x|",), closing="|").closing
'|'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import KW_ONLY, dataclass
from enum import Enum
from typing import Protocol

import sympy as sp

__all__ = ["Function", "Kind", "LatexArguments", "LatexInput", "LatexReading", "LatexWriter", "operator_operand"]


class Kind(Enum):
    """How the translator prepares a call's arguments before it calls the function's builder.

    ``SCALAR``: ``builder(*values)`` of the arguments' values (it may raise :class:`InvalidArgumentError`).
    ``DISTRIBUTIONS``: ``builder(*vectors)``, each argument a probability vector ``p``, ``q``, ``r`` or an
    explicit list. ``SUM``: ``builder(summand, index, count)`` for ``sum(expr, i)``, which binds ``i`` over
    ``1..n``. ``DERIVATIVE``: ``builder(expr, variable, order)`` for ``diff(expr, x[, k])``. ``LIMIT``:
    ``builder(expr, variable, point, side)`` for ``limit(expr, x, a[, '+' or '-'])``, which binds ``x``.
    ``EXPECTATION``: ``E(p, expr)`` is the sum ``sum(p*(expr))`` over the categories (``expr`` entry by
    entry), built by the ``sum`` entry's builder. ``VECTORS``: ``builder(*vectors)``, each argument a whole
    vector, ``p``, ``q``, ``r`` or a real vector such as ``z`` (``softmax(z)``, ``dot(w, x)``). ``GRADIENT``:
    ``grad(f, z)[k]`` and ``hessian(f, z)[j, k]``, always indexed, are ``builder(f, z[k], 1)`` and
    ``builder(builder(f, z[j], 1), z[k], 1)`` (partial derivatives, as ``diff(f, z[k])``). ``DENSITY``:
    ``builder(*values)`` is a continuous distribution (``normal(mu, sigma)``), only an argument of
    ``h``, ``KL`` or ``H``. ``DENSITIES``: ``builder(*distributions)`` (``h(normal(0, 1))``); ``KL`` and ``H``
    take distributions too, through their :attr:`Function.continuous` builder. ``INTEGRAL``:
    ``builder(f, x, a, b)`` for ``integrate(f, x, a, b)``, which binds ``x``. ``STATEMENT``: a whole claim
    on its own, ``convex(f, x)`` or ``psd(hessian(f, z))``, checked through a second derivative
    (:mod:`.convexity`); its builder is never called. ``OPTIMUM``: ``argmin(f, x)``, a whole side of an
    equation, ``argmin(f, x) = e`` (:mod:`.optimum`); its builder is never called.
    """

    SCALAR = "scalar"
    DISTRIBUTIONS = "distributions"
    SUM = "sum"
    DERIVATIVE = "derivative"
    LIMIT = "limit"
    EXPECTATION = "expectation"
    VECTORS = "vectors"
    GRADIENT = "gradient"
    DENSITY = "density"
    DENSITIES = "densities"
    INTEGRAL = "integral"
    STATEMENT = "statement"
    OPTIMUM = "optimum"

    @property
    def binds(self) -> bool:
        """Whether a call binds a name (a sum's index, a derivative's or limit's variable), not only takes values."""
        return self in (Kind.SUM, Kind.DERIVATIVE, Kind.LIMIT, Kind.EXPECTATION, Kind.INTEGRAL)


class LatexArguments(Protocol):
    """A call's arguments as the renderer typesets them; a :data:`LatexWriter` receives one."""

    def __len__(self) -> int:
        """The number of arguments."""
        ...

    def latex(self, index: int) -> str:
        """Argument ``index`` (negative counts from the end) in full."""
        ...

    def operand(self, index: int) -> str:
        """Argument ``index`` as an operator's operand: after a space when simple (``\\log x``), else bracketed."""
        ...

    def factor(self, index: int) -> str:
        """Argument ``index`` as a factor of a product: bracketed when it is a sum or a difference."""
        ...

    def keyword(self, name: str) -> str | None:
        """The keyword argument ``name`` (``base`` in ``H(p, base=2)``) in full, None when not given."""
        ...

    @property
    def count(self) -> str:
        """The number of entries as the claim writes it: ``n``, or ``N`` for a sample's size."""
        ...


#: How a function is written in LaTeX, from its typeset arguments.
LatexWriter = Callable[[LatexArguments], str]


def operator_operand(arguments: LatexArguments) -> str:
    """The first argument after an operator (``\\nabla_z``, ``\\arg\\min_x``, ``\\min_x``): a factor, bracketed
    also when it starts with a minus sign (``\\min_{x} \\left(-x^{2}\\right)``, not ``\\min_{x} -x^{2}``)."""
    factor = arguments.factor(0)
    return rf"\left({factor}\right)" if factor.startswith("-") else factor


class LatexReading(Enum):
    """How the LaTeX reader reads a function from the token that spells it.

    ``OPERAND``: the next factor or a parenthesised expression (``\\exp x``, ``\\exp(x)``); a subscript
    is the second argument when the function takes one (``\\log_2 x`` is ``log(x, 2)``).
    ``CALL``: as ``OPERAND``, only with a parenthesis right after (``\\sigma(z)``; a lone ``\\sigma`` is a name).
    ``ARGUMENTS``: arguments in parentheses right after, separated by ``,`` ``;`` or ``\\|`` (``H(p, q)``);
    otherwise the token is a name. ``LABELLED_ARGUMENTS``: the same after an optional subscript, a label
    that is dropped (``D_{\\mathrm{KL}}(p \\| q)``). ``ROOT``: a braced group (``\\sqrt{x}``; ``\\sqrt[k]{x}``
    is read as the power ``1/k``). ``DELIMITERS``: an expression up to the closing token (``|x|``).
    ``BIG_OPERATOR``: ``\\sum_{i=1}^{n}`` and the product after it. ``DERIVATIVE``: ``\\frac{d}{dx}`` or
    ``\\frac{d^k}{dx^k}`` (or with ``\\partial``) and the operand after it; any other fraction is a fraction.
    ``LIMIT``: ``\\lim_{x \\to a}``, ``\\lim_{x \\to 0^+}`` and the product after it. ``EXPECTATION``:
    ``\\mathbb{E}_{p}[...]`` (or ``_{i \\sim p}``), the brackets' content the expression. ``GRADIENT``:
    ``\\nabla_{z} f`` (``\\nabla^{2}_{z} f`` for the Hessian) and the product after it, indexed from
    outside its brackets, ``\\left(\\nabla_{z} f\\right)_{k}``. ``VARIANCE``: as ``ARGUMENTS``, the second
    argument a variance, the function's a standard deviation (``\\mathcal{N}(\\mu, \\sigma^2)``).
    ``INTEGRAL``: ``\\int_{a}^{b}`` and the integrand up to its ``dx``. ``STATEMENT``: a whole claim, read
    after its first expression: ``f \\text{ is convex in } x`` (the token is the word in the text) or
    ``\\nabla^2_z f \\succeq 0`` (the token is the relation). ``OPTIMUM``: ``\\arg\\min_{x} f`` (``\\arg``,
    then ``\\min`` or ``\\max``: the function so named) or ``\\operatorname{argmin}_{x} f``, and the product after it.
    """

    OPERAND = "operand"
    CALL = "call"
    ARGUMENTS = "arguments"
    LABELLED_ARGUMENTS = "labelled arguments"
    ROOT = "root"
    DELIMITERS = "delimiters"
    BIG_OPERATOR = "big operator"
    DERIVATIVE = "derivative"
    LIMIT = "limit"
    EXPECTATION = "expectation"
    GRADIENT = "gradient"
    VARIANCE = "variance"
    INTEGRAL = "integral"
    STATEMENT = "statement"
    OPTIMUM = "optimum"


@dataclass(frozen=True)
class LatexInput:
    """One spelling the LaTeX reader accepts for a function.

    ``token`` is the reader's token that starts it (a command such as ``\\log``, a word such as ``ln``,
    also accepted inside ``\\mathrm{..}``, or a delimiter such as ``|``); ``reading`` says how the rest is
    read; ``samples`` are LaTeX expressions written this way, each read as a call of the function (the
    tests read them; they document the spelling); ``closing`` ends a ``DELIMITERS`` reading.
    """

    token: str
    reading: LatexReading
    samples: tuple[str, ...]
    closing: str = ""

    def __post_init__(self) -> None:
        if (self.reading is LatexReading.DELIMITERS) != bool(self.closing):
            raise ValueError(f"{self.token}: a closing token is given with, and only with, a DELIMITERS reading")
        if not self.samples:
            raise ValueError(f"{self.token}: give at least one sample of the spelling")


@dataclass(frozen=True)
class Function:
    """A function of the claim language, everything about it in one entry.

    ``name`` is its plain spelling, ``arities`` the numbers of arguments it takes, ``meaning`` what it
    means, ``example`` a claim that uses it (with every arity; the tests run it through parse, translate,
    render and the LaTeX reader). ``builder`` builds its SymPy form, called as ``kind`` says;
    ``latex`` writes it in LaTeX; ``latex_input`` lists the spellings the LaTeX reader accepts for it.
    """

    name: str
    arities: tuple[int, ...]
    meaning: str
    _: KW_ONLY
    example: str
    builder: Callable[..., sp.Expr]
    latex: LatexWriter
    latex_input: tuple[LatexInput, ...]
    kind: Kind = Kind.SCALAR
    #: How many indices its value takes: 0 for a number, 1 for a vector (``grad(f, z)[k]``), 2 for a matrix.
    value_indices: int = 0
    #: The keyword arguments it takes, passed to its builder by name (``base`` in ``H(p, base=2)``).
    keywords: tuple[str, ...] = ()
    #: Its builder for continuous distributions (``KL(normal(0, 1), normal(1, 1))``), when it takes them.
    continuous: Callable[..., sp.Expr] | None = None
