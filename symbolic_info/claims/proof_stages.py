"""The proof stages of a check: the quick proofs and the certificate, then the full prover, each with a budget.

:mod:`.checker` runs them around its searches: :func:`quick_proof_after` names the quick proof that runs
in the child of a search (the first points; the whole search when none of the first points was in the
domain), :func:`quick_stages` adds the interval certificate where it applies, :func:`full_proof_after`
names the full prover that runs in the whole search's child (or :func:`full_proof` runs it in a child of
its own), and :func:`full_stage` says what came of it, as a :class:`Proof`.

>>> Proof().reason
'no symbolic proof found'
>>> no_proof("timeout", 5.0)
'no symbolic proof within 5 s of CPU time'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..engine.bounded import Outcome, cpu_timed, run_bounded
from .certified import certifiable, certificate_within
from .proof import prove
from .syntax import ParsedClaim
from .translate import translate

__all__ = [
    "Proof",
    "full_proof",
    "full_proof_after",
    "full_stage",
    "no_proof",
    "proof_seconds",
    "quick_proof_after",
    "quick_stages",
]


def quick_proof_child(parsed: ParsedClaim) -> tuple[str | None, bool]:
    """``(how the quick rewritings or a lemma prove it, or None; whether an interval certificate applies)``."""
    claim = translate(parsed)
    return prove(claim, full=False), certifiable(claim)


def full_proof_child(parsed: ParsedClaim) -> str | None:
    """How every rewriting the prover has (the quick ones and the lemmas first) proves it, or None."""
    return prove(translate(parsed))


@dataclass(frozen=True)
class Proof:
    """What the proof stages found: a symbolic method, or a certificate, and why there is none."""

    method: str | None = None
    certificate: str | None = None
    reason: str = "no symbolic proof found"
    seconds: float = 0.0  # the CPU seconds the symbolic attempts used


def searched_something(timed: Any) -> bool:
    """Whether the search's outcome ``timed`` leaves a claim to prove: no counterexample, some points checked."""
    outcome, _ = timed
    if outcome[0] != "ok":
        return False
    result = outcome[1][0]
    return not (result.found or result.beyond or (result.points == 0 and result.searched.structured_points == 0))


def quick_proof_after(parsed: ParsedClaim, budget: float, proof_budget: float, timed: Any) -> Any:
    """The quick proof and its budget, after a search (run in the search's child: one fork for both)."""
    if not searched_something(timed):
        return None
    return cpu_timed(lambda: quick_proof_child(parsed)), proof_seconds(proof_budget, budget - timed[1])


def full_proof_after(
    parsed: ParsedClaim, budget: float, proof_budget: float, timed: Any
) -> tuple[Callable[[], Any], float] | None:
    """The full prover and its budget, after the whole search (run in its child: one fork for both)."""
    if not searched_something(timed) or proof_budget < 0.5:  # the quick attempts used the proof's budget
        return None
    return cpu_timed(lambda: full_proof_child(parsed)), proof_seconds(proof_budget, budget - timed[1])


def full_proof(parsed: ParsedClaim, proof_budget: float, remaining: float) -> Outcome | None:
    """The full prover in a child of its own (where no search ran before it), or None without budget for it."""
    if proof_budget < 0.5:
        return None
    return run_bounded(cpu_timed(lambda: full_proof_child(parsed)), proof_seconds(proof_budget, remaining))


def proof_seconds(proof_budget: float, remaining: float) -> float:
    return min(proof_budget, max(remaining, 0.5))


def quick_stages(parsed: ParsedClaim, proof_budget: float, remaining: float, quick: Outcome) -> Proof:
    """The quick proof's outcome, then the interval certificate where it applies (or may: the quick proof
    did not finish)."""
    status, outcome = quick
    seconds = proof_seconds(proof_budget, remaining)
    (method, certificate_applies), used = outcome if status == "ok" else ((None, True), seconds)
    if status == "ok" and method:
        return Proof(method, seconds=used)
    reason = no_proof(status, seconds)
    if status == "ok":
        reason = "no quick symbolic proof or proof by a lemma"
    certificate = certificate_within(parsed, remaining - used) if certificate_applies else None
    return Proof(certificate=certificate, reason=reason, seconds=used)


def no_proof(status: str, seconds: float) -> str:
    """Why there is no proof, from the prover's outcome ``status``."""
    return {"timeout": f"no symbolic proof within {seconds:g} s of CPU time", "error": "the prover failed"}.get(
        status, "no symbolic proof found"
    )


def full_stage(quick: Proof, proof_budget: float, remaining: float, full: Outcome | None) -> Proof:
    """The full prover's outcome (None: no budget was left for it) after the quick attempts and the certificate."""
    if full is None:
        return quick
    status, outcome = full
    seconds = proof_seconds(proof_budget, remaining)
    method, used = outcome if status == "ok" else (None, seconds)
    if status == "ok" and method:
        return Proof(method, seconds=quick.seconds + used)
    return Proof(reason=no_proof(status, seconds), seconds=quick.seconds + used)
