"""Benchmark: the numeric functions against SciPy and plain NumPy, as ratios of times measured in one run.

On 1e7-element float64 vectors (1e6 x 10 logits): ``entropy`` against ``scipy.stats.entropy``
and against ``np.log`` alone (the floor: one logarithm per entry), ``kl_divergence`` against
``rel_entr(p, q).sum()``, ``cross_entropy`` against ``-xlogy(p, q).sum()``,
``binary_cross_entropy_with_logits`` against the ``log_expit`` formula, ``sigmoid_focal_loss``
against the same formula with SciPy's ``expit`` weight, and ``softmax_cross_entropy`` against SciPy's
``log_softmax`` route. Each pair is timed alternately
(the machine is shared) and the best of the repeats is kept. Then the size sweep of :mod:`.sweep`
(10 to 1e7 entries, float64 and float32, against SciPy and the naive expression). SciPy is optional:
without it only the ratio against ``np.log`` is measured.

:func:`run_memory` measures memory instead of time: for each function, the peak of what it allocates
beyond its output (traced with :mod:`tracemalloc`, which sees NumPy's buffers), as a multiple of the
size of one float64 input of ``size`` entries. Every function walks its data in blocks
(:mod:`symbolic_info.numeric.chunks`), so the figure is a few blocks' worth: near 0 for ``size = 1e8``.
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from .. import numeric
from . import Measurement
from .sweep import sweep

__all__ = ["Comparison", "comparisons", "memory", "memory_cases", "peak_beyond_output", "run", "run_memory"]

SIZE, QUICK_SIZE = 10_000_000, 1_000_000
CLASSES = 10
REPEATS, QUICK_REPEATS = 7, 3
MEMORY_SIZE, QUICK_MEMORY_SIZE = 100_000_000, 1_000_000
#: Goal on the peak beyond the output, as a multiple of one input: a few blocks of scratch, whatever the size.
MEMORY_GOAL = 0.1


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
            lambda: numeric.binary_cross_entropy_with_logits(z, y, reduction="none"),
            lambda: -(y * special.log_expit(z) + (1 - y) * special.log_expit(-z)),
            0.5,
        ),
        Comparison(
            "sigmoid_focal_loss / log_expit formula",
            lambda: numeric.sigmoid_focal_loss(z, y, reduction="none"),
            lambda: _focal_reference(special, z, y),
            1.0,
        ),
        Comparison(
            "softmax_cross_entropy / scipy log_softmax",
            lambda: numeric.softmax_cross_entropy(logits, labels),
            lambda: -special.log_softmax(logits, axis=1)[rows, labels].mean(),
            0.8,
        ),
    ]


def _focal_reference(special: Any, z: np.ndarray, y: np.ndarray) -> np.ndarray:
    """torchvision's focal loss (alpha 0.25, gamma 2) with SciPy's stable pieces: ``log_expit`` and ``expit``."""
    cross_entropy = -(y * special.log_expit(z) + (1 - y) * special.log_expit(-z))
    weight = y * special.expit(-z) + (1 - y) * special.expit(z)  # 1 - q_t
    balance = 0.25 * y + 0.75 * (1 - y)
    result: np.ndarray = balance * weight**2 * cross_entropy
    return result


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
    return measurements + sweep(quick, scipy)


def memory_cases(size: int) -> dict[str, Callable[[], Callable[[], Any]]]:
    """Per function, a maker of seeded data of ``size`` entries that returns the call to measure.

    The data are made only when a case runs (at ``1e8`` entries each input is 800 MB), and
    released after it.
    """
    side = max(1, round(size**0.5))

    def distribution(shape: tuple[int, ...], seed: int, axis: int = -1) -> np.ndarray:
        values = np.random.default_rng(seed).random(shape)
        values /= values.sum(axis=axis, keepdims=True)
        return values

    def uniform(seed: int) -> np.ndarray:
        return np.random.default_rng(seed).random(size)

    def logits(seed: int, shape: tuple[int, ...] = (size,)) -> np.ndarray:
        return np.random.default_rng(seed).normal(0.0, 4.0, shape)

    def call(function: Callable[..., Any], *arguments: Any, **options: Any) -> Callable[[], Any]:
        return lambda: function(*arguments, **options)

    return {
        "entropy": lambda: call(numeric.entropy, distribution((size,), 1)),
        "entropy(axis=0)": lambda: call(numeric.entropy, distribution((side, size // side), 2, axis=0), axis=0),
        "cross_entropy": lambda: call(numeric.cross_entropy, distribution((size,), 3), distribution((size,), 4)),
        "kl_divergence": lambda: call(numeric.kl_divergence, distribution((size,), 5), distribution((size,), 6)),
        "sigmoid": lambda: call(numeric.sigmoid, logits(7)),
        "log_sigmoid": lambda: call(numeric.log_sigmoid, logits(8)),
        "binary_entropy": lambda: call(numeric.binary_entropy, uniform(9)),
        "binary_cross_entropy": lambda: call(numeric.binary_cross_entropy, uniform(10), uniform(11), reduction="none"),
        "bce_with_logits": lambda: call(
            numeric.binary_cross_entropy_with_logits, logits(12), uniform(13), reduction="none"
        ),
        "sigmoid_focal_loss": lambda: call(numeric.sigmoid_focal_loss, logits(19), uniform(20), reduction="none"),
        "softmax (one row)": lambda: call(numeric.softmax, logits(14)),
        "log_softmax (one row)": lambda: call(numeric.log_softmax, logits(15)),
        "softmax(axis=0)": lambda: call(numeric.softmax, logits(16, (side, size // side)), axis=0),
        "softmax_cross_entropy (one row)": lambda: call(
            numeric.softmax_cross_entropy, logits(17), distribution((size,), 18)
        ),
    }


def peak_beyond_output(function: Callable[[], Any]) -> tuple[int, int]:
    """The peak of the memory ``function()`` allocates (traced by :mod:`tracemalloc`), and its output's size."""
    started = not tracemalloc.is_tracing()
    if started:
        tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        baseline = tracemalloc.get_traced_memory()[0]
        result = function()
        peak = tracemalloc.get_traced_memory()[1] - baseline
    finally:
        if started:
            tracemalloc.stop()
    return peak, int(np.asarray(result).nbytes)


def run_memory(size: int = MEMORY_SIZE) -> list[Measurement]:
    """Per function: the peak allocated beyond the output, as a multiple of one float64 input of ``size`` entries."""
    for make in memory_cases(1_000).values():  # lambdify the kernels first: their SymPy objects are no data
        make()()
    measurements = []
    for name, make in memory_cases(size).items():
        function = make()
        peak, output = peak_beyond_output(function)
        del function
        ratio = (peak - output) / (8 * size)
        goal = f"<= {MEMORY_GOAL:g}"
        label = f"{name} memory ({size:.0e})"  # beyond the output, in inputs
        measurements.append(Measurement("numeric", label, ratio, "x", goal, ratio <= MEMORY_GOAL))
    return measurements


def memory(quick: bool = False) -> list[Measurement]:
    """:func:`run_memory` at :data:`MEMORY_SIZE` entries, or :data:`QUICK_MEMORY_SIZE` with ``quick``."""
    return run_memory(QUICK_MEMORY_SIZE if quick else MEMORY_SIZE)


if __name__ == "__main__":  # python -m symbolic_info.benchmarks.numeric --memory [--quick]
    if "--memory" in sys.argv:
        for measurement in memory("--quick" in sys.argv):
            status = {True: "ok", False: "MISSED", None: ""}[measurement.ok]
            print(f"{measurement.name:<48} {measurement.value:>8.3f} x  goal {measurement.goal}  {status}", flush=True)
