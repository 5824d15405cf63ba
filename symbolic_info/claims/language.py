"""The claim language as immutable data: its functions, reserved names, relations and limits.

Everything the parser accepts is listed here; anything else is refused. The functions map
to :mod:`symbolic_info.formulas.definitions` (entropy, cross-entropy, KL, sigmoid, logarithms), so the
checker and the derivations share one source of truth.

Each function is one :class:`Function` entry of :data:`FUNCTIONS`, and the entry is all there is
to know about it: its plain spelling and arities, what it means, an example claim, how it is built
in SymPy (its builder, called as its :class:`Kind` says), how it is written in LaTeX and the
spellings the LaTeX reader accepts for it (:mod:`.entries` says what an entry is made of). The
parser (:mod:`.syntax`), the translator (:mod:`.translate`), the renderer (:mod:`.render`) and the
LaTeX reader (:mod:`.from_latex`) read the entry; none of them has a list of functions of its own,
so a function is added by adding an entry (``tests/test_claim_language_table.py`` runs every entry through all four).

>>> FUNCTIONS["KL"].arities
(2,)
>>> FUNCTIONS["log"].builder(sp.Integer(8), 2)
3
>>> [spelling.token for spelling in FUNCTIONS["log"].latex_input]
['\\\\log', '\\\\ln', 'log', 'ln']
>>> sorted(VECTOR_NAMES)
['P', 'Q', 'p', 'q', 'r']
>>> RELATION_LATEX[Relation.LE]
'\\\\leq'
"""

from __future__ import annotations

import ast
from types import MappingProxyType

import sympy as sp

from ..engine.obligations import Relation
from ..errors import InvalidArgumentError
from ..formulas import definitions
from ..formulas.vectors import Vector
from .density_functions import DENSITY_FUNCTIONS, continuous_cross_entropy, continuous_kl
from .entries import Function, Kind, LatexArguments, LatexInput, LatexReading, LatexWriter
from .operator_functions import COUNT_NAME, OPERATOR_FUNCTIONS, SAMPLE_SIZE_NAME
from .statements import STATEMENT_FUNCTIONS, STATEMENT_RELATIONS
from .vector_functions import ENTRY_EXTREMES, VECTOR_FUNCTIONS, VECTOR_VALUED

__all__ = [
    "CONDITION_RELATIONS",
    "CONSTANT_NAMES",
    "COUNT_NAME",
    "DIRECTIONS",
    "FUNCTIONS",
    "GREEK_LETTERS",
    "MAX_DIFF_ORDER",
    "MAX_EXPONENT",
    "MAX_LENGTH",
    "MAX_LIST_LENGTH",
    "MAX_NAME_LENGTH",
    "MAX_NESTING",
    "MAX_NUMBER_DIGITS",
    "MAX_TREE_DEPTH",
    "RELATIONS",
    "RELATION_LATEX",
    "SAMPLE_SIZE_NAME",
    "SIDES",
    "STATEMENT_RELATIONS",
    "SUM_INDEX",
    "VECTOR_NAMES",
    "VECTOR_VALUED",
    "Function",
    "Kind",
    "LatexArguments",
    "LatexInput",
    "LatexReading",
    "LatexWriter",
    "function_of",
]

#: Probability vectors over the categories 1..n (entries > 0, summing to 1); ``P``, ``Q`` as articles write them.
VECTOR_NAMES = frozenset({"p", "q", "r", "P", "Q"})
#: The default summation index (any name bound by ``sum(expr, j)`` is an index inside it).
SUM_INDEX = "i"
#: Names read as constants rather than variables (``oo`` is infinity: a limit's point, or a side's value).
CONSTANT_NAMES = frozenset({"e", "pi", "oo"})
#: The side of a one-sided limit, ``'+'`` or ``'-'`` as typed (with either quote), and the name the parser reads it as.
DIRECTIONS: MappingProxyType[str, str] = MappingProxyType(
    {"'+'": "_above", '"+"': "_above", "'-'": "_below", '"-"': "_below"}
)
#: Each of those names, and the side it stands for (as SymPy's ``limit`` and LaTeX's ``0^+`` write it).
SIDES: MappingProxyType[str, str] = MappingProxyType({name: quoted[1] for quoted, name in DIRECTIONS.items()})

#: Greek letters written as names (``alpha``) or commands (``\\alpha``); sigma, lambda and pi are special.
GREEK_LETTERS = frozenset(
    [
        "alpha",
        "beta",
        "gamma",
        "delta",
        "epsilon",
        "varepsilon",
        "zeta",
        "eta",
        "theta",
        "iota",
        "kappa",
        "mu",
        "nu",
        "xi",
        "rho",
        "tau",
        "phi",
        "varphi",
        "chi",
        "psi",
        "omega",
    ]
)

#: Relations of a claim, as written after normalisation (``==`` is read as ``=``).
RELATIONS = (Relation.APPROX, Relation.NE, Relation.LE, Relation.GE, Relation.EQ, Relation.LT, Relation.GT)
#: Relations allowed in the conditions after ``where``.
CONDITION_RELATIONS = (Relation.LE, Relation.GE, Relation.EQ, Relation.LT, Relation.GT, Relation.NE)
RELATION_LATEX: MappingProxyType[Relation, str] = MappingProxyType(
    {
        Relation.EQ: "=",
        Relation.LE: r"\leq",
        Relation.GE: r"\geq",
        Relation.LT: "<",
        Relation.GT: ">",
        Relation.APPROX: r"\approx",
        Relation.NE: r"\neq",
    }
)

MAX_LENGTH = 2000  # characters of one claim
MAX_NESTING = 40  # brackets inside brackets
MAX_TREE_DEPTH = 100  # operations inside operations
MAX_NAME_LENGTH = 32
MAX_NUMBER_DIGITS = 300  # digits of any exact number, written or computed
MAX_EXPONENT = 1000  # |k| for a numeric exponent x**k
MAX_LIST_LENGTH = 100  # entries of an explicit probability vector
MAX_DIFF_ORDER = 10


# -- builders and writers --------------------------------------------------------------------------
def _logarithm(value: sp.Expr, base: object = None) -> sp.Expr:
    """``log(value)``, in ``base`` when given; ``log(0)`` is refused rather than built."""
    if value == 0:
        raise InvalidArgumentError("log(0) is undefined")
    return definitions.log_in_base(value, base)


def _logarithm_2(value: sp.Expr) -> sp.Expr:
    """``log(value)`` in base 2."""
    return _logarithm(value, 2)


def _logarithm_10(value: sp.Expr) -> sp.Expr:
    """``log(value)`` in base 10."""
    return _logarithm(value, 10)


def _entropy(p: Vector | list[sp.Expr], q: Vector | list[sp.Expr] | None = None, base: object = None) -> sp.Expr:
    """``H(p)``, the entropy, or ``H(p, q)``, the cross-entropy (in nats, or in ``base``)."""
    return definitions.entropy(p, base) if q is None else definitions.cross_entropy(p, q, base)


def _in_base(symbol: str, arguments: LatexArguments) -> str:
    """``H`` or ``H_{2}``: a quantity's letter, with the logarithm's base as a subscript when one is given."""
    base = arguments.keyword("base")
    return symbol if base is None else f"{symbol}_{{{base}}}"


def _entropy_latex(arguments: LatexArguments) -> str:
    return (
        _in_base("H", arguments) + r"\left(" + ", ".join(arguments.latex(k) for k in range(len(arguments))) + r"\right)"
    )


def _log_latex(arguments: LatexArguments) -> str:
    base = r"\log_{" + arguments.latex(1) + "}" if len(arguments) == 2 else r"\log"
    return base + arguments.operand(0)


_R = LatexReading

# -- the functions ---------------------------------------------------------------------------------
FUNCTIONS: MappingProxyType[str, Function] = MappingProxyType(
    {
        f.name: f
        for f in (
            Function(
                "H",
                (1, 2),
                "H(p) entropy, H(p, q) cross-entropy (nats; H(p, base=2) in bits)",
                example="H(p, q) >= H(p)",
                kind=Kind.DISTRIBUTIONS,
                keywords=("base",),
                continuous=continuous_cross_entropy,
                builder=_entropy,
                latex=_entropy_latex,
                latex_input=(
                    LatexInput(
                        "H",
                        _R.LABELLED_ARGUMENTS,
                        ("H(p)", "H(p, q)", r"H\left(p; q\right)", r"\mathrm{H}(p, q)", "H_2(p)", r"H_{10}(p, q)"),
                    ),
                ),
            ),
            Function(
                "KL",
                (2,),
                "KL(p, q) = D(p || q), Kullback-Leibler divergence (nats; KL(p, q, base=2) in bits)",
                example="KL(p, q) = H(p, q) - H(p)",
                kind=Kind.DISTRIBUTIONS,
                keywords=("base",),
                continuous=continuous_kl,
                builder=definitions.kl_divergence,
                latex=lambda a: _in_base("D", a) + rf"\left({a.latex(0)} \,\middle\|\, {a.latex(-1)}\right)",
                latex_input=(
                    LatexInput(
                        "D",
                        _R.LABELLED_ARGUMENTS,
                        (
                            r"D(p \| q)",
                            r"D_{\mathrm{KL}}(p \| q)",
                            r"D\left(p \,\middle\|\, q\right)",
                            r"D(p \parallel q)",
                            r"D_{2}(p \| q)",
                        ),
                    ),
                    LatexInput(
                        "KL", _R.LABELLED_ARGUMENTS, ("KL(p, q)", r"\mathrm{KL}(p||q)", r"\text{KL}(p \Vert q)")
                    ),
                ),
            ),
            Function(
                "log",
                (1, 2),
                "log(x) natural, log(x, b) in base b",
                example="log(x, b) = log(x)/log(b) where x > 0, b > 1",
                builder=_logarithm,
                latex=_log_latex,
                latex_input=(
                    LatexInput(
                        r"\log", _R.OPERAND, (r"\log x", r"\log(x + 1)", r"\log_2 x", r"\log_{10} x", r"\log_b x")
                    ),
                    LatexInput(r"\ln", _R.OPERAND, (r"\ln x", r"\ln\left(1 + x\right)")),
                    LatexInput("log", _R.OPERAND, ("log(x)", r"\mathrm{log}\, x", r"\operatorname{log}(x)")),
                    LatexInput("ln", _R.OPERAND, ("ln(x)", r"\mathrm{ln}\, x")),
                ),
            ),
            Function(
                "log2",
                (1,),
                "logarithm in base 2",
                example="log2(1/x) = -log2(x) where x > 0",
                builder=_logarithm_2,
                latex=lambda a: r"\log_{2}" + a.operand(0),
                latex_input=(),  # \log_2 x and \log_{2} x are read as log(x, 2): see log
            ),
            Function(
                "log10",
                (1,),
                "logarithm in base 10",
                example="log10(x*y) = log10(x) + log10(y) where x > 0, y > 0",
                builder=_logarithm_10,
                latex=lambda a: r"\log_{10}" + a.operand(0),
                latex_input=(),  # \log_{10} x is read as log(x, 10): see log
            ),
            Function(
                "exp",
                (1,),
                "exponential",
                example="exp(x) >= 1 + x",
                builder=sp.exp,
                latex=lambda a: f"e^{{{a.latex(0)}}}",
                latex_input=(
                    LatexInput(r"\exp", _R.OPERAND, (r"\exp x", r"\exp(-x^2)", r"\exp\left(x\right)")),
                    LatexInput("exp", _R.OPERAND, ("exp(x)", r"\mathrm{exp}(x)")),
                ),
            ),
            Function(
                "sqrt",
                (1,),
                "square root",
                example="sqrt(x*y) <= (x + y)/2 where x > 0, y > 0",
                builder=sp.sqrt,
                latex=lambda a: rf"\sqrt{{{a.latex(0)}}}",
                latex_input=(
                    LatexInput(r"\sqrt", _R.ROOT, (r"\sqrt{x}", r"\sqrt{x^2 + 1}")),
                    LatexInput("sqrt", _R.OPERAND, ("sqrt(x)", r"\operatorname{sqrt}(x)")),
                ),
            ),
            Function(
                "abs",
                (1,),
                "absolute value",
                example="abs(x + y) <= abs(x) + abs(y)",
                builder=sp.Abs,
                latex=lambda a: rf"\left|{a.latex(0)}\right|",
                latex_input=(
                    LatexInput("|", _R.DELIMITERS, ("|x|", r"\left|x - 1\right|"), closing="|"),
                    LatexInput(r"\lvert", _R.DELIMITERS, (r"\lvert x \rvert",), closing=r"\rvert"),
                ),
            ),
            Function(
                "sigmoid",
                (1,),
                "logistic function 1 / (1 + exp(-z))",
                example="sigmoid(-z) = 1 - sigmoid(z)",
                builder=definitions.sigmoid,
                latex=lambda a: rf"\sigma\left({a.latex(0)}\right)",
                latex_input=(
                    LatexInput(r"\sigma", _R.CALL, (r"\sigma(z)", r"\sigma\left(-z\right)")),
                    LatexInput("sigmoid", _R.OPERAND, ("sigmoid(z)", r"\operatorname{sigmoid}(z)")),
                ),
            ),
            *OPERATOR_FUNCTIONS,
            *VECTOR_FUNCTIONS,
            *DENSITY_FUNCTIONS,
            *STATEMENT_FUNCTIONS,
        )
    }
)


def function_of(call: ast.AST) -> Function | None:
    """The entry a call is read by: the function of its name, and for ``max(z)`` and ``min(z)``, with one
    argument, the largest or smallest entry of a vector (:data:`.vector_functions.ENTRY_EXTREMES`); None for
    anything but a call of a name of the language.

    >>> one, two = (ast.parse(text, mode="eval").body for text in ("max(z)", "max(f, x)"))
    >>> function_of(one).kind, function_of(two).kind
    (<Kind.VECTORS: 'vectors'>, <Kind.OPTIMUM: 'optimum'>)
    """
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)):
        return None
    name = call.func.id
    if len(call.args) == 1 and name in ENTRY_EXTREMES:
        return ENTRY_EXTREMES[name]
    return FUNCTIONS.get(name)
