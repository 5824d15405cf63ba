"""The claim checker: type what an article claims, get an honest verdict.

``check("KL(p, q) >= 0")`` parses the claim without executing it (an allow-list over
Python's syntax tree), builds it from :mod:`symbolic_info.formulas.definitions`, looks for a
counterexample at 240 seeded points at 50 digits (re-checking any it finds at higher
precision), and tries a symbolic proof. Modules, one job each: :mod:`.syntax` (text to
checked trees), :mod:`.latex` (LaTeX to text), :mod:`.translate` (trees to SymPy),
:mod:`.bounds` (conditions and tolerances), :mod:`.sampling` (points), :mod:`.numeric`
(evaluation), :mod:`.search` (counterexamples), :mod:`.proof` (the prover),
:mod:`.render` (LaTeX of the claim), :mod:`.verdict` and :mod:`.checker`.

>>> check("log(x) <= x - 1 where x > 0").verdict
'proved'
"""

from __future__ import annotations

from .checker import DEFAULT_BUDGET, PROOF_BUDGET, check
from .from_latex import latex_to_claim
from .syntax import parse_claim
from .translate import translate
from .verdict import VERDICTS, Verdict

__all__ = [
    "DEFAULT_BUDGET",
    "PROOF_BUDGET",
    "VERDICTS",
    "Verdict",
    "check",
    "latex_to_claim",
    "parse_claim",
    "translate",
]
