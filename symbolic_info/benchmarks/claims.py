"""Benchmark: the claim checker on the 70 example claims shipped with the package.

The goal (issue 5): a file of 70 typical claims checks in at most 2 minutes on this
machine. The suite also counts the verdicts and how many match the examples' annotation
(true claims proved or holding, false ones refuted, none unreadable).
"""

from __future__ import annotations

import time

from ..claims import check
from ..claims.examples import examples
from . import Measurement

__all__ = ["GOAL_SECONDS", "run"]

GOAL_SECONDS = 120.0
QUICK_CLAIMS = 10


def run(quick: bool = False) -> list[Measurement]:
    chosen = examples()[:QUICK_CLAIMS] if quick else examples()
    verdicts = []
    slowest = 0.0
    started = time.perf_counter()
    for example in chosen:
        claim_started = time.perf_counter()
        verdicts.append(check(example.claim))
        slowest = max(slowest, time.perf_counter() - claim_started)
    total = time.perf_counter() - started
    expected = sum(
        (v.verdict in ("proved", "holds")) if e.true else (v.verdict == "refuted")
        for e, v in zip(chosen, verdicts, strict=True)
    )
    name = f"check {len(chosen)} example claims"
    goal = f"<= {GOAL_SECONDS:g} s" if not quick else ""
    measurements = [
        Measurement("claims", name, total, "s", goal, total <= GOAL_SECONDS if not quick else None),
        Measurement("claims", "slowest claim", slowest, "s"),
        Measurement("claims", "verdicts as annotated", expected, "of", f"= {len(chosen)}", expected == len(chosen)),
    ]
    for verdict_name in ("proved", "holds", "refuted", "error"):
        count = sum(v.verdict == verdict_name for v in verdicts)
        measurements.append(Measurement("claims", f"verdict {verdict_name}", count, ""))
    return measurements
