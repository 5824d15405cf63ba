"""The claim checker: type what an article claims, get an honest verdict.

``check("KL(p, q) >= 0")`` parses the claim without executing it (an allow-list over
Python's syntax tree), builds it from :mod:`symbolic_info.formulas.definitions`, looks for a
counterexample over the whole domain (re-checking any it finds at higher precision), and tries
a symbolic proof, with the book's results as lemmas, then an interval-arithmetic certificate.
Modules, one job each: :mod:`.language` (the language as one table), :mod:`.syntax` (text to
checked trees), :mod:`.from_latex` and :mod:`.latex_operands` (LaTeX to text), :mod:`.translate`
(trees to SymPy), :mod:`.bounds` (conditions and tolerances), :mod:`.sampling` and
:mod:`.structured` (points, small and large ``n``), :mod:`.limits` (the ends of the domain),
:mod:`.evaluate` (evaluation), :mod:`.search` and :mod:`.searched` (counterexamples, and where
they were sought), :mod:`.proof` and :mod:`.by_lemma` (proofs), :mod:`.certified` (interval
certificates), :mod:`.render` (LaTeX of the claim), :mod:`.verdict` and :mod:`.outcomes` (verdicts),
:mod:`.checker` (one claim) and :mod:`.batch` (many).
``check`` never raises for a ``str`` claim; ``check_many(claims)`` checks many in parallel,
in worker processes or on any :class:`concurrent.futures.Executor`.

>>> check("log(x) <= x - 1 where x > 0").verdict
'proved'
"""

from __future__ import annotations

from .batch import check_each, check_many
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
    "check_each",
    "check_many",
    "latex_to_claim",
    "parse_claim",
    "translate",
]
