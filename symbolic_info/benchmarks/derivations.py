"""Benchmark: verifying the derivations, and the explicit-n entropy maximum up to n = 200.

The reference for the explicit-n maximum is SymPy's plain ``solve`` of the Lagrange system
(n + 1 equations in n + 1 unknowns), measured in the same run at small n: it grows like
n^2.3, while the symmetric derivation solves one equation for a symbolic index k.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial

import sympy as sp

from .. import catalogue
from ..engine.derivation import verify
from ..render.latex import render_derivation
from . import Measurement

__all__ = ["plain_lagrange_solve", "run"]

VERIFY_ALL_GOAL_SECONDS = 60.0
EXPLICIT_N = (2, 3, 5, 10, 12, 20, 50, 100, 150, 200)
EXPLICIT_N_GOAL_SECONDS = 5.0  # "a few seconds" at n = 200
PLAIN_SOLVE_N = (4, 8, 12)


def plain_lagrange_solve(n: int) -> list[dict[sp.Symbol, sp.Expr]]:
    """SymPy's ``solve`` of the entropy-maximum Lagrange system, written out for ``n`` categories."""
    p = sp.symbols(f"p1:{n + 1}", positive=True)
    lam = sp.Symbol("lambda", real=True)
    lagrangian = -sum(pk * sp.log(pk) for pk in p) + lam * (sum(p) - 1)
    equations = [sp.diff(lagrangian, pk) for pk in p] + [sum(p) - 1]
    solutions: list[dict[sp.Symbol, sp.Expr]] = sp.solve(equations, [*p, lam], dict=True)
    return solutions


def _timed(function: Callable[[], object]) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def run(quick: bool = False) -> list[Measurement]:
    measurements = []
    started = time.perf_counter()
    reports = [verify(catalogue.build(derivation_id)) for derivation_id in catalogue.ids()]
    total = time.perf_counter() - started
    ok = total <= VERIFY_ALL_GOAL_SECONDS and all(report.ok for report in reports)
    measurements.append(
        Measurement("derivations", "verify every derivation", total, "s", f"<= {VERIFY_ALL_GOAL_SECONDS:g} s", ok)
    )
    for n in (2, 12, 200) if quick else EXPLICIT_N:
        started = time.perf_counter()
        report = verify(catalogue.build("entropy-maximum", n=n))
        render_derivation(report)
        seconds = time.perf_counter() - started
        goal = f"<= {EXPLICIT_N_GOAL_SECONDS:g} s" if n == 200 else ""
        passed = report.ok and (seconds <= EXPLICIT_N_GOAL_SECONDS if n == 200 else True)
        measurements.append(
            Measurement(
                "derivations", f"entropy-maximum --n {n}: derive (build, verify, render)", seconds, "s", goal, passed
            )
        )
    for n in PLAIN_SOLVE_N[:2] if quick else PLAIN_SOLVE_N:
        seconds = _timed(partial(plain_lagrange_solve, n))
        measurements.append(Measurement("derivations", f"reference: sympy.solve of the system, n = {n}", seconds, "s"))
    return measurements
