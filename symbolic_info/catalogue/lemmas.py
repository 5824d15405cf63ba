"""The catalogue's results as lemmas: what each proved chain establishes, for the claim checker to build on.

Every chain of the book composes its steps into one statement, ``first relation last``
(:meth:`~symbolic_info.engine.chain.Chain.conclusion`): Gibbs' inequality's chain ends in
``D(p || q) >= 0``, another in ``x - log(x) - 1 >= 0`` for ``x > 0``. Such a statement is a lemma
when every step of its chain is proved (symbolic or certified), not only sampled. Which chains those
are is recorded in :data:`PROVED_FILE`, a file generated from the verified catalogue (regenerate it
with ``python -m symbolic_info.catalogue``; a test checks it against a fresh verification),
so the checker never has to verify the book before it can use it. The statements themselves are
built from the catalogue each time: nothing about a lemma is typed twice.

>>> gibbs = [lemma for lemma in lemmas() if lemma.source == "gibbs-inequality"]
>>> sorted({lemma.relation.value for lemma in gibbs})
['>', '>=']
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import sympy as sp

from ..engine import Derivation, Domain, Relation, StepVerdict, VerifiedDerivation
from . import build, ids

__all__ = ["PROVED_FILE", "Lemma", "lemmas", "proved_chains", "proved_text", "statements", "write_proved_file"]

PROVED_FILE = "proved.txt"
_INEQUALITIES = (Relation.LE, Relation.LT, Relation.GE, Relation.GT)


@dataclass(frozen=True)
class Lemma:
    """``left relation right`` on ``domain``: what chain ``chain`` of derivation ``source`` proves."""

    source: str
    chain: int
    left: sp.Expr
    relation: Relation
    right: sp.Expr
    domain: Domain

    @property
    def name(self) -> str:
        return self.source


def _statements_of(derivation: Derivation) -> Iterable[Lemma]:
    for index, chain in enumerate(derivation.chains):
        conclusion = chain.conclusion()
        if conclusion is None:
            continue
        first, relation, last = (sp.sympify(conclusion[0]), conclusion[1], sp.sympify(conclusion[2]))
        sides_are_expressions = isinstance(first, sp.Expr) and isinstance(last, sp.Expr)
        if relation in _INEQUALITIES and sides_are_expressions and (first.free_symbols | last.free_symbols):
            yield Lemma(derivation.id, index, first, relation, last, derivation.domain_of(chain))


def statements() -> tuple[Lemma, ...]:
    """Every general inequality that a chain of the catalogue concludes, proved or not."""
    return tuple(lemma for derivation_id in ids() for lemma in _statements_of(build(derivation_id)))


def proved_chains(verified: Iterable[VerifiedDerivation]) -> list[str]:
    """``"id:chain"`` for every lemma statement whose chain is proved in every step (none only sampled)."""
    proved = []
    for report in verified:
        for lemma in _statements_of(report.derivation):
            if all(result.verdict is StepVerdict.SYMBOLIC for result in report.results[lemma.chain]):
                proved.append(f"{lemma.source}:{lemma.chain}")
    return proved


def proved_text(verified: Iterable[VerifiedDerivation]) -> str:
    """The contents of :data:`PROVED_FILE` for a verification of the whole catalogue."""
    header = "# The catalogue's inequalities proved in every step. Generated: python -m symbolic_info.catalogue\n"
    return header + "".join(f"{entry}\n" for entry in proved_chains(verified))


def _proved() -> frozenset[str]:
    text = resources.files(__package__).joinpath(PROVED_FILE).read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@cache
def lemmas() -> tuple[Lemma, ...]:
    """The statements whose chains are proved: the lemmas (built once per process, in book order)."""
    proved = _proved()
    sources = [
        derivation_id for derivation_id in ids() if any(entry.startswith(f"{derivation_id}:") for entry in proved)
    ]
    found = (lemma for source in sources for lemma in _statements_of(build(source)))
    return tuple(lemma for lemma in found if f"{lemma.source}:{lemma.chain}" in proved)


def write_proved_file() -> None:
    """Verify the catalogue and write :data:`PROVED_FILE` beside this module (``python -m symbolic_info.catalogue``)."""
    text = proved_text(build(derivation_id).verify() for derivation_id in ids())
    Path(__file__).with_name(PROVED_FILE).write_text(text, encoding="utf-8")
    print(f"wrote {PROVED_FILE}: {len(text.splitlines()) - 1} proved chains", file=sys.stderr)
