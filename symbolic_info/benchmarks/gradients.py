"""Benchmark: verifying the learning derivations, and common-subexpression elimination in a lambdified Hessian.

The Hessian is that of the logistic loss of one example with six weights, ``sp.hessian`` of the
cross-entropy of ``sigma(w^T x)`` built from the definitions: 36 entries that repeat
``exp(-w^T x)`` many times. ``lambdify(cse=True)`` computes each repeated part once; the ratio of
the two evaluation times is measured in the same run, for one example and for a batch.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np
import sympy as sp

from .. import catalogue
from ..engine.derivation import verify
from ..engine.normalization import interior
from ..formulas.learning import ce_loss, unfold
from ..numeric.kernels import lambdify_numpy
from . import Measurement

__all__ = ["LEARNING_PART", "logistic_hessian", "run"]

LEARNING_PART = "Learning: gradients, Hessians and maximum likelihood"
VERIFY_GOAL_SECONDS = 60.0
HESSIAN_WEIGHTS = 6
CSE_GOAL_RATIO = 10.0  # the issue expects about 25x; half of that still shows the elimination works
BATCH = 100
SEED = 20240613


def logistic_hessian(weights: int = HESSIAN_WEIGHTS) -> tuple[tuple[sp.Symbol, ...], sp.Matrix]:
    """The symbols ``(w, x, y)`` and the Hessian in ``w`` of the cross-entropy of ``sigma(w^T x)`` for label ``y``."""
    w = sp.symbols(f"w1:{weights + 1}", real=True)
    x = sp.symbols(f"x1:{weights + 1}", real=True)
    y = sp.Symbol("y", real=True)
    loss = interior(unfold(ce_loss(sum(a * b for a, b in zip(w, x, strict=True)), y)))
    return (*w, *x, y), sp.hessian(loss, w)


def _best_seconds(function: Callable[[], Any], calls: int, rounds: int = 5) -> float:
    """The fastest of ``rounds`` timings of ``calls`` calls, per call."""
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for _ in range(calls):
            function()
        best = min(best, (time.perf_counter() - started) / calls)
    return best


def _cse_measurements(quick: bool) -> list[Measurement]:
    symbols, hessian = logistic_hessian()
    plain = lambdify_numpy(symbols, hessian)
    eliminated = lambdify_numpy(symbols, hessian, cse=True)
    rng = np.random.default_rng(SEED)
    measurements = []
    for size in (1, BATCH):
        w = list(rng.normal(size=HESSIAN_WEIGHTS))
        x = list(rng.normal(size=(HESSIAN_WEIGHTS, size)) if size > 1 else rng.normal(size=HESSIAN_WEIGHTS))
        y = rng.integers(0, 2, size=size).astype(float) if size > 1 else 1.0
        arguments = (*w, *x, y)
        if not np.allclose(np.array(plain(*arguments), float), np.array(eliminated(*arguments), float), rtol=1e-12):
            raise AssertionError("the two lambdified Hessians disagree")
        calls = 20 if quick else 100
        without = _best_seconds(partial(plain, *arguments), calls)
        with_cse = _best_seconds(partial(eliminated, *arguments), calls)
        where = "one example" if size == 1 else f"{size} examples"
        ratio = without / with_cse
        measurements += [
            Measurement("gradients", f"6-weight logistic Hessian, {where}: lambdify", without * 1e3, "ms"),
            Measurement("gradients", f"6-weight logistic Hessian, {where}: cse=True", with_cse * 1e3, "ms"),
            Measurement(
                "gradients",
                f"6-weight logistic Hessian, {where}: speed-up",
                ratio,
                "x",
                f">= {CSE_GOAL_RATIO:g}x (issue: ~25x)",
                ratio >= CSE_GOAL_RATIO,
            ),
        ]
    return measurements


def run(quick: bool = False) -> list[Measurement]:
    (part,) = [part for part in catalogue.parts() if part.title == LEARNING_PART]
    started = time.perf_counter()
    reports = [verify(catalogue.build(entry.id)) for entry in part.entries]
    seconds = time.perf_counter() - started
    ok = seconds <= VERIFY_GOAL_SECONDS and all(report.ok for report in reports)
    measurements = [
        Measurement(
            "gradients",
            f"verify the {len(reports)} learning derivations",
            seconds,
            "s",
            f"<= {VERIFY_GOAL_SECONDS:g} s",
            ok,
        )
    ]
    return measurements + _cse_measurements(quick)
