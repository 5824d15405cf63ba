"""Benchmark: the numeric functions against SciPy and plain NumPy, as ratios of times measured in one run.

On 1e7-element float64 vectors (1e6 x 10 logits): ``entropy`` against ``scipy.stats.entropy``
and against ``np.log`` alone (the floor: one logarithm per entry), ``kl_divergence`` against
``rel_entr(p, q).sum()``, ``cross_entropy`` against ``-xlogy(p, q).sum()``,
``binary_cross_entropy_with_logits`` against the ``log_expit`` formula and
``softmax_cross_entropy`` against SciPy's ``log_softmax`` route. Each pair is timed alternately
(the machine is shared) and the best of the repeats is kept. SciPy is optional: without it only
the ratio against ``np.log`` is measured.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from .. import numeric
from . import Measurement

__all__ = ["Comparison", "comparisons", "run"]

SIZE, QUICK_SIZE = 10_000_000, 1_000_000
CLASSES = 10
REPEATS, QUICK_REPEATS = 7, 3


@dataclass(frozen=True)
class Comparison:
    """Our function against a reference on the same data, with the goal on the ratio of their times."""

    name: str
    ours: Callable[[], Any]
    reference: Callable[[], Any]
    goal: float  # on time(ours) / time(reference)
    needs_scipy: bool = True


def comparisons(size: int, scipy: Any | None) -> list[Comparison]:
    """The measured pairs on seeded data of ``size`` entries (``scipy``: the module, or None)."""
    rng = np.random.default_rng(2024)
    p = rng.random(size)
    p /= p.sum()
    q = rng.random(size)
    q /= q.sum()
    z = rng.normal(0.0, 4.0, size)
    y = (rng.random(size) < 0.5).astype(np.float64)
    logits = rng.normal(0.0, 3.0, (size // CLASSES, CLASSES))
    labels = rng.integers(0, CLASSES, size // CLASSES)
    rows = np.arange(labels.size)
    items = [Comparison("entropy / np.log alone", lambda: numeric.entropy(p), lambda: np.log(p), 1.2, False)]
    if scipy is None:
        return items
    special, stats = scipy.special, scipy.stats
    return [
        Comparison("entropy / scipy.stats.entropy", lambda: numeric.entropy(p), lambda: stats.entropy(p), 0.35),
        *items,
        Comparison(
            "kl_divergence / rel_entr(p, q).sum()",
            lambda: numeric.kl_divergence(p, q),
            lambda: special.rel_entr(p, q).sum(),
            0.5,
        ),
        Comparison(
            "cross_entropy / -xlogy(p, q).sum()",
            lambda: numeric.cross_entropy(p, q),
            lambda: -special.xlogy(p, q).sum(),
            0.6,
        ),
        Comparison(
            "bce_with_logits / log_expit formula",
            lambda: numeric.binary_cross_entropy_with_logits(z, y),
            lambda: -(y * special.log_expit(z) + (1 - y) * special.log_expit(-z)),
            0.5,
        ),
        Comparison(
            "softmax_cross_entropy / scipy log_softmax",
            lambda: numeric.softmax_cross_entropy(logits, labels),
            lambda: -special.log_softmax(logits, axis=1)[rows, labels].mean(),
            0.8,
        ),
    ]


def _best_times(comparison: Comparison, repeats: int) -> tuple[float, float]:
    """The best time of each side over ``repeats`` alternating runs (one warm-up run each first)."""
    comparison.ours()
    comparison.reference()
    ours: list[float] = []
    reference: list[float] = []
    for _ in range(repeats):
        for function, times in ((comparison.ours, ours), (comparison.reference, reference)):
            started = time.perf_counter()
            function()
            times.append(time.perf_counter() - started)
    return min(ours), min(reference)


def _scipy() -> Any | None:
    try:
        import scipy.special
        import scipy.stats
    except ImportError:
        return None
    return scipy


def run(quick: bool = False) -> list[Measurement]:
    size, repeats = (QUICK_SIZE, QUICK_REPEATS) if quick else (SIZE, REPEATS)
    scipy = _scipy()
    if scipy is None:
        print("numeric: scipy is not installed; only the ratio against np.log alone is measured", flush=True)
    measurements = []
    timed: set[str] = set()
    for comparison in comparisons(size, scipy):
        ours, reference = _best_times(comparison, repeats)
        ratio = ours / reference
        label = comparison.name.split(" / ")[0]
        if label not in timed:
            timed.add(label)
            measurements.append(Measurement("numeric", f"{label} ({size:.0e} entries)", ours * 1e3, "ms"))
        if quick:  # the goals are set for 1e7 entries; at 1e6, np.log's output still fits in cache
            measurements.append(Measurement("numeric", comparison.name, ratio, "x"))
        else:
            goal = f"<= {comparison.goal:g}"
            measurements.append(Measurement("numeric", comparison.name, ratio, "x", goal, ratio <= comparison.goal))
    return measurements
