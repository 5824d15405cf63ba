"""The proof stages of a check: the quick proofs and the certificate, then the full prover, each with a budget.

:mod:`.checker` runs them around its searches: :func:`quick_proof_after` names the quick proof that runs
in the child of the first points, :func:`quick_stages` adds the interval certificate where it applies,
:func:`full_proof_after` names what is left after the whole search, and :func:`full_stage` or
:func:`prove_stages` (when no quick attempt ran) say what came of it, as a :class:`Proof`.

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
    "full_proof_after",
    "full_stage",
    "no_proof",
    "proof_seconds",
    "prove_stages",
    "quick_proof_after",
    "quick_stages",
]


def quick_proof_child(parsed: ParsedClaim) -> tuple[str | None, bool]:
    """``(how the quick rewritings or a lemma prove it, or None; whether an interval certificate applies)``."""
    claim = translate(parsed)
    return prove(claim, full=False), certifiable(claim)


def prove_child(parsed: ParsedClaim, certificate_next: bool) -> tuple[str | None, bool]:
    """``(how it is proved, or None; whether to try the interval certificate before the full prover)``.

    With ``certificate_next``, a claim the certificate applies to gets only the quick rewritings and the
    lemmas here: a certificate takes a fraction of a second where the full prover may try for seconds.
    """
    claim = translate(parsed)
    if certificate_next and certifiable(claim):
        method = prove(claim, full=False)
        return method, method is None
    return prove(claim), False


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
    """The quick proof and its budget, after the first points (run in their child: one fork for both)."""
    if not searched_something(timed):
        return None
    return cpu_timed(lambda: quick_proof_child(parsed)), proof_seconds(proof_budget, budget - timed[1])


def full_proof_after(
    parsed: ParsedClaim, budget: float, proof_budget: float, quick_tried: bool, timed: Any
) -> tuple[Callable[[], Any], float] | None:
    """After the whole search, the proof stage left: the full prover, or (no quick attempt yet) the first stage.

    It runs in the search's child (one fork for both): on both sides of the fork, the same answer.
    """
    if not searched_something(timed) or proof_budget < 0.5:  # the quick attempts used the proof's budget
        return None
    return cpu_timed(lambda: prove_child(parsed, not quick_tried)), proof_seconds(proof_budget, budget - timed[1])


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


def prove_stages(parsed: ParsedClaim, proof_budget: float, remaining: float, first: Outcome | None) -> Proof:
    """The symbolic proof, with the certificate between its quick and its full attempts where that applies.

    ``first`` is the outcome of the quick attempts (and, where no certificate applies, the full ones),
    run in the search's child; None runs them here.
    """
    seconds = proof_seconds(proof_budget, remaining)
    if first is None:
        first = run_bounded(cpu_timed(lambda: prove_child(parsed, True)), seconds)
    status, outcome = first
    (method, certificate_next), used = outcome if status == "ok" else ((None, False), seconds)
    if status == "ok" and method:
        return Proof(method, seconds=used)
    if certificate_next:
        certificate = certificate_within(parsed, remaining - used)
        if certificate is not None:
            return Proof(certificate=certificate, reason="no quick symbolic proof or proof by a lemma", seconds=used)
        rest = min(proof_budget - used, remaining - used)
        if rest >= 0.5:
            status, outcome = run_bounded(cpu_timed(lambda: prove_child(parsed, False)), rest)
            (method, _), more = outcome if status == "ok" else ((None, False), rest)
            used += more
            seconds = rest
            if status == "ok" and method:
                return Proof(method, seconds=used)
    reason = no_proof(status, seconds)
    if certificate_next:
        return Proof(reason=reason, seconds=used)
    return Proof(certificate=certificate_within(parsed, remaining - used), reason=reason, seconds=used)


def full_stage(quick: Proof, proof_budget: float, remaining: float, full: Outcome | None) -> Proof:
    """The full prover's outcome (None: no budget was left for it) after the quick attempts and the certificate."""
    if full is None:
        return quick
    status, outcome = full
    seconds = proof_seconds(proof_budget, remaining)
    (method, _), used = outcome if status == "ok" else ((None, False), seconds)
    if status == "ok" and method:
        return Proof(method, seconds=quick.seconds + used)
    return Proof(reason=no_proof(status, seconds), seconds=quick.seconds + used)
