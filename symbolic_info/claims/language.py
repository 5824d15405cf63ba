"""The claim language as immutable data: its functions, reserved names, relations and limits.

Everything the parser accepts is listed here; anything else is refused. The functions map
to :mod:`symbolic_info.formulas.definitions` (entropy, cross-entropy, KL, sigmoid, logarithms), so the
checker and the derivations share one source of truth.

>>> FUNCTIONS["KL"].arities
(2,)
>>> sorted(VECTOR_NAMES)
['p', 'q', 'r']
>>> RELATION_LATEX[Relation.LE]
'\\\\leq'
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from ..engine.obligations import Relation

__all__ = [
    "CONDITION_RELATIONS",
    "CONSTANT_NAMES",
    "COUNT_NAME",
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
    "SUM_INDEX",
    "VECTOR_NAMES",
    "Function",
]


@dataclass(frozen=True)
class Function:
    """A function of the claim language: how many arguments it takes and what it means."""

    name: str
    arities: tuple[int, ...]
    meaning: str


FUNCTIONS: MappingProxyType[str, Function] = MappingProxyType(
    {
        f.name: f
        for f in (
            Function("H", (1, 2), "H(p) entropy, H(p, q) cross-entropy (nats)"),
            Function("KL", (2,), "KL(p, q) = D(p || q), Kullback-Leibler divergence (nats)"),
            Function("log", (1, 2), "log(x) natural, log(x, b) in base b"),
            Function("log2", (1,), "logarithm in base 2"),
            Function("log10", (1,), "logarithm in base 10"),
            Function("exp", (1,), "exponential"),
            Function("sqrt", (1,), "square root"),
            Function("abs", (1,), "absolute value"),
            Function("sigmoid", (1,), "logistic function 1 / (1 + exp(-z))"),
            Function("diff", (2, 3), "diff(expr, x) derivative, diff(expr, x, k) k-th derivative"),
            Function("sum", (2,), "sum(expr, i) over i = 1..n"),
        )
    }
)

#: Probability vectors over the categories 1..n (entries > 0, summing to 1).
VECTOR_NAMES = frozenset({"p", "q", "r"})
#: The number of categories, an integer >= 2.
COUNT_NAME = "n"
#: The default summation index (any name bound by ``sum(expr, j)`` is an index inside it).
SUM_INDEX = "i"
#: Names read as constants rather than variables.
CONSTANT_NAMES = frozenset({"e", "pi"})

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
RELATIONS = (Relation.APPROX, Relation.LE, Relation.GE, Relation.EQ, Relation.LT, Relation.GT)
#: Relations allowed in the conditions after ``where``.
CONDITION_RELATIONS = (Relation.LE, Relation.GE, Relation.EQ, Relation.LT, Relation.GT)
RELATION_LATEX: MappingProxyType[Relation, str] = MappingProxyType(
    {
        Relation.EQ: "=",
        Relation.LE: r"\leq",
        Relation.GE: r"\geq",
        Relation.LT: "<",
        Relation.GT: ">",
        Relation.APPROX: r"\approx",
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
