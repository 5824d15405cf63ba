"""symbolic-info: machine-checked derivations of the information theory behind ML losses.

>>> import symbolic_info as si
>>> d = si.derivation("entropy-maximum", n=4)
>>> report = d.verify()
>>> report.ok, report.counts()["failed"]
(True, 0)
"""

from __future__ import annotations

from . import catalogue
from .claims import Verdict, check, check_many
from .engine import Chain, Derivation, Relation, Step, StepVerdict, VerifiedDerivation, display, verify
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
from .render.latex import render_notebook

__all__ = [
    "Chain",
    "ClaimError",
    "Derivation",
    "DerivationError",
    "InvalidArgumentError",
    "InvalidProbabilityError",
    "LatexError",
    "OutputError",
    "Relation",
    "Step",
    "StepVerdict",
    "SymbolicInfoError",
    "UndefinedValueError",
    "UnknownDerivationError",
    "Verdict",
    "VerifiedDerivation",
    "check",
    "check_many",
    "derivation",
    "derivation_ids",
    "verify",
]

__version__ = "0.1.0"

# The engine shows its objects in notebooks through the renderer registered here, from above.
display.register(VerifiedDerivation, "text/latex", render_notebook)


def derivation(derivation_id: str, n: int | None = None) -> Derivation:
    """The derivation ``derivation_id`` (for an explicit ``n`` where it takes one); in a notebook it displays itself."""
    return catalogue.build(derivation_id, n=n)


def derivation_ids() -> list[str]:
    """Every derivation id, in book order."""
    return catalogue.ids()
