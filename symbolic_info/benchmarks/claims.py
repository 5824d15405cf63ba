"""Benchmark: the claim checker on the 203 example claims shipped with the package.

The claims are checked twice: one after another on one core (the per-claim time), then as
a batch in one worker process per CPU, as ``symbolic-info check --jobs`` does (the throughput
and the speed-up; the verdicts must be the same). Goals: the example claims in at most 2 minutes
(issue 5), at most 0.3 s per claim on one core, at least 85 % of the true claims *proved*
rather than only *holding* numerically, and every verdict as annotated in the examples
(true claims proved or holding, false ones refuted, none unreadable).
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence

from ..claims import Verdict, check, check_many
from ..claims.examples import Example, examples
from . import Measurement

__all__ = ["GOAL_PER_CLAIM", "GOAL_PROVED_SHARE", "GOAL_SECONDS", "run"]

GOAL_SECONDS = 120.0  # the whole file, one claim after another
GOAL_PER_CLAIM = 0.3  # seconds per claim on one core
GOAL_PROVED_SHARE = 85.0  # percent of the true claims proved symbolically
QUICK_CLAIMS = 10


def run(quick: bool = False) -> list[Measurement]:
    chosen = examples()[:QUICK_CLAIMS] if quick else examples()
    claims = [example.claim for example in chosen]
    verdicts = []
    slowest = 0.0
    started = time.perf_counter()
    for claim in claims:
        claim_started = time.perf_counter()
        verdicts.append(check(claim))
        slowest = max(slowest, time.perf_counter() - claim_started)
    total = time.perf_counter() - started
    started = time.perf_counter()
    batch = check_many(claims)
    batch_seconds = time.perf_counter() - started

    expected = sum(
        (v.verdict in ("proved", "holds")) if e.true else (v.verdict == "refuted")
        for e, v in zip(chosen, verdicts, strict=True)
    )
    true_verdicts = [v for e, v in zip(chosen, verdicts, strict=True) if e.true]
    proved_share = 100.0 * sum(v.verdict == "proved" for v in true_verdicts) / max(len(true_verdicts), 1)
    holds_share = 100.0 * sum(v.verdict == "holds" for v in true_verdicts) / max(len(true_verdicts), 1)
    per_claim = total / len(claims)
    same = sum(a == b for a, b in zip(batch, verdicts, strict=True))

    def goal(text: str, met: bool) -> tuple[str, bool | None]:
        return (text, met) if not quick else ("", None)

    name = f"check {len(claims)} example claims, one after another"
    jobs = os.cpu_count() or 1
    measurements = [
        Measurement("claims", name, total, "s", *goal(f"<= {GOAL_SECONDS:g} s", total <= GOAL_SECONDS)),
        Measurement(
            "claims",
            "per claim, one core",
            per_claim,
            "s",
            *goal(f"<= {GOAL_PER_CLAIM:g} s", per_claim <= GOAL_PER_CLAIM),
        ),
        Measurement("claims", "slowest claim", slowest, "s"),
        Measurement("claims", f"the same as a batch, {jobs} worker processes", batch_seconds, "s"),
        Measurement("claims", "batch throughput", len(claims) / batch_seconds, "/s"),
        Measurement("claims", "batch speed-up over one core", total / batch_seconds, "x"),
        Measurement(
            "claims", "batch verdicts the same as one by one", same, "of", f"= {len(claims)}", same == len(claims)
        ),
        Measurement("claims", "verdicts as annotated", expected, "of", f"= {len(claims)}", expected == len(claims)),
        Measurement("claims", "true claims", len(true_verdicts), ""),
        Measurement(
            "claims",
            "true claims proved",
            proved_share,
            "%",
            *goal(f">= {GOAL_PROVED_SHARE:g} %", proved_share >= GOAL_PROVED_SHARE),
        ),
        Measurement("claims", "true claims only holding (numeric)", holds_share, "%"),
    ]
    for verdict_name in ("proved", "holds", "refuted", "error"):
        count = sum(v.verdict == verdict_name for v in verdicts)
        measurements.append(Measurement("claims", f"verdict {verdict_name}", count, ""))
    return measurements + _by_section(chosen, verdicts)


def _by_section(chosen: Sequence[Example], verdicts: Sequence[Verdict]) -> list[Measurement]:
    """For each section of the examples file: how many claims were read, how many got the right verdict,
    and the share of its true claims proved (the value)."""
    measurements = []
    for section in dict.fromkeys(example.section for example in chosen):
        pairs = [(e, v) for e, v in zip(chosen, verdicts, strict=True) if e.section == section]
        readable = sum(v.verdict != "error" for _, v in pairs)
        right = sum((v.verdict in ("proved", "holds")) if e.true else (v.verdict == "refuted") for e, v in pairs)
        true = [v for e, v in pairs if e.true]
        proved = 100.0 * sum(v.verdict == "proved" for v in true) / max(len(true), 1)
        name = f"{section[:40]}: {readable}/{len(pairs)} read, {right} right; true proved"
        measurements.append(Measurement("claims", name, proved, "%"))
    return measurements
