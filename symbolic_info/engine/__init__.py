"""The proof engine: derivations as chains of steps over a domain, each step proved or checked.

Data flows through the modules in this order: :mod:`.operations` (what justifies an ``=>`` step),
:mod:`.domain` (where the variables live), :mod:`.chain` (steps), :mod:`.normalization` and
:mod:`.prover` (symbolic strategies), :mod:`.obligations` (what must hold, proved or compared at a
point: shared with the claim checker), :mod:`.evaluation` (values at a sampled point),
:mod:`.bounded` (time budgets in a child process), :mod:`.failures` (why a step failed, as written),
:mod:`.certify` (interval-arithmetic certificates of inequalities in up to three real variables),
:mod:`.verification` (one step's verdict), :mod:`.theorem` (what a chain composes, against the stated
theorem), :mod:`.derivation` (a derivation, verified once) and :mod:`.collect` (the derivations of a
user's file). The engine depends only on
:mod:`symbolic_info.formulas`; renderers attach notebook display from above (:mod:`.display`).
"""

from __future__ import annotations

from .chain import Chain, Relation, Step
from .density_declarations import DefinedFunction, Density, density_function
from .derivation import Derivation, VerifiedDerivation, verify
from .domain import (
    BinaryLabel,
    CategoryCount,
    CategoryIndex,
    Domain,
    LabelVector,
    OnSimplex,
    Real,
    RealMatrix,
    RealVector,
)
from .operations import (
    ApplyToBothSides,
    Differentiate,
    Gradient,
    Hessian,
    Integrate,
    Limit,
    Operation,
    Rearrange,
    Solve,
    Stationarity,
    Substitute,
    SubstituteInto,
)
from .verification import DEFAULT_BUDGET, DEFAULT_POINTS, NUMERIC_BUDGET, WORKING_DIGITS, StepResult, StepVerdict

__all__ = [
    "DEFAULT_BUDGET",
    "DEFAULT_POINTS",
    "NUMERIC_BUDGET",
    "WORKING_DIGITS",
    "ApplyToBothSides",
    "BinaryLabel",
    "CategoryCount",
    "CategoryIndex",
    "Chain",
    "DefinedFunction",
    "Density",
    "Derivation",
    "Differentiate",
    "Domain",
    "Gradient",
    "Hessian",
    "Integrate",
    "LabelVector",
    "Limit",
    "OnSimplex",
    "Operation",
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
    "VerifiedDerivation",
    "density_function",
    "verify",
]
