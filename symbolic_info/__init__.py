"""symbolic-info: machine-checked derivations of the information theory behind ML losses.

>>> import symbolic_info as si
>>> d = si.derivation("entropy-maximum", n=4)
>>> report = d.verify()
>>> report.ok, report.counts()["failed"]
(True, 0)

Everything needed to write, verify and test a derivation of one's own is importable from here
(see docs/authoring.md):

>>> import sympy as sp
>>> x = sp.Symbol("x", positive=True)
>>> chain = si.Chain.start(sp.log(x**2)).equals(2 * sp.log(x), "a power inside the log")
>>> mine = si.Derivation("log-power", "A power in a log", si.Domain.of(si.Real(x, low=0)), [chain],
...                      theorem=[sp.Eq(sp.log(x**2), 2 * sp.log(x), evaluate=False)])
>>> print(si.verify(mine))
log-power: verified (1 step: 1 symbolic, 0 numeric, 0 failed)
"""

from __future__ import annotations

from . import catalogue
from .claims import Verdict, check, check_many
from .engine import (
    ApplyToBothSides,
    BinaryLabel,
    CategoryCount,
    CategoryIndex,
    Chain,
    Derivation,
    Differentiate,
    Domain,
    Gradient,
    Hessian,
    Integrate,
    LabelVector,
    Limit,
    OnSimplex,
    Operation,
    Real,
    RealMatrix,
    RealVector,
    Rearrange,
    Relation,
    Solve,
    Stationarity,
    Step,
    StepResult,
    StepVerdict,
    Substitute,
    SubstituteInto,
    VerifiedDerivation,
    display,
    verify,
)
from .engine.failures import Counterexample
from .engine.theorem import TheoremResult
from .errors import (
    ClaimError,
    DerivationError,
    InvalidArgumentError,
    InvalidProbabilityError,
    LatexError,
    OutputError,
    SymbolicInfoError,
    UndefinedValueError,
    UnknownDerivationError,
)
from .formulas.vectors import Categories, Vector, index_symbol
from .render.latex import render_notebook

__all__ = [
    "ApplyToBothSides",
    "BinaryLabel",
    "Categories",
    "CategoryCount",
    "CategoryIndex",
    "Chain",
    "ClaimError",
    "Counterexample",
    "Derivation",
    "DerivationError",
    "Differentiate",
    "Domain",
    "Gradient",
    "Hessian",
    "Integrate",
    "InvalidArgumentError",
    "InvalidProbabilityError",
    "LabelVector",
    "LatexError",
    "Limit",
    "OnSimplex",
    "Operation",
    "OutputError",
    "Real",
    "RealMatrix",
    "RealVector",
    "Rearrange",
    "Relation",
    "Solve",
    "Stationarity",
    "Step",
    "StepResult",
    "StepVerdict",
    "Substitute",
    "SubstituteInto",
    "SymbolicInfoError",
    "TheoremResult",
    "UndefinedValueError",
    "UnknownDerivationError",
    "Vector",
    "Verdict",
    "VerifiedDerivation",
    "check",
    "check_many",
    "derivation",
    "derivation_ids",
    "index_symbol",
    "render_notebook",
    "verify",
]

__version__ = "0.1.0"

# The engine shows its objects in notebooks through the renderer registered here, from above.
display.register(VerifiedDerivation, "text/latex", render_notebook)


def derivation(derivation_id: str, n: int | None = None) -> Derivation:
    """The derivation ``derivation_id`` (for an explicit ``n`` where it takes one); in a notebook it displays itself.

    >>> derivation("kl-decomposition").title
    'KL divergence is cross-entropy minus entropy'
    """
    return catalogue.build(derivation_id, n=n)


def derivation_ids() -> list[str]:
    """Every derivation id, in book order.

    >>> derivation_ids()[0]
    'information-content'
    """
    return catalogue.ids()
