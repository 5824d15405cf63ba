"""Benchmark: verifying the derivations, and the explicit-n entropy maximum up to n = 200."""

from __future__ import annotations

import time

from .. import catalogue
from ..verification import verify
from . import Measurement

__all__ = ["run"]

VERIFY_ALL_GOAL_SECONDS = 60.0
EXPLICIT_N = (2, 3, 5, 10, 12, 20, 50, 100, 150, 200)
EXPLICIT_N_GOAL_SECONDS = 5.0  # "a few seconds" at n = 200


def run(quick: bool = False) -> list[Measurement]:
    measurements = []
    started = time.perf_counter()
    for derivation_id in catalogue.ids():
        verify(catalogue.build(derivation_id))
    total = time.perf_counter() - started
    measurements.append(
        Measurement(
            "derivations",
            "verify every derivation",
            total,
            "s",
            f"<= {VERIFY_ALL_GOAL_SECONDS:g} s",
            total <= VERIFY_ALL_GOAL_SECONDS,
        )
    )
    for n in EXPLICIT_N if not quick else (2, 12, 200):
        started = time.perf_counter()
        report = verify(catalogue.build("entropy-maximum", n=n))
        seconds = time.perf_counter() - started
        goal = f"<= {EXPLICIT_N_GOAL_SECONDS:g} s" if n == 200 else ""
        ok = (seconds <= EXPLICIT_N_GOAL_SECONDS and report.ok) if n == 200 else report.ok
        measurements.append(Measurement("derivations", f"entropy-maximum --n {n}", seconds, "s", goal, ok))
    return measurements
