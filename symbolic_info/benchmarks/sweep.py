"""Benchmark: the per-call cost of the numeric functions across sizes, against SciPy and the naive NumPy expression.

For 10, 1e3, 1e5 and 1e7 entries (1e7 left out with ``--quick``), in float64 and float32, each function
of :mod:`symbolic_info.numeric` with an equivalent (the softmax family on rows of 10 logits, class-index
labels, the mean; the binary losses and ``sigmoid_focal_loss`` the mean) is timed against SciPy's
equivalent and against the naive NumPy expression for the same result, alternately, best of a few
repeats of enough calls to last a millisecond. The figures are ratios (ours over theirs), with the
goals of issue 13: at most 2x both SciPy and the naive expression at 10 and 1e3 entries, faster than
SciPy (below 1x) from 1e4 up.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np

from .. import numeric
from . import Measurement

__all__ = ["SWEEP_SIZES", "goal", "sweep"]

SWEEP_SIZES, QUICK_SWEEP_SIZES = (10, 1_000, 100_000, 10_000_000), (10, 1_000, 100_000)
_CLASSES = 10
#: A timing runs enough calls to last at least this long (seconds), so a 2 µs call is measured in bulk.
_LEAST = 1e-3

#: A case: its name, and ours, SciPy's and the naive expression's calls.
Case = tuple[str, Callable[[], Any], Callable[[], Any], Callable[[], Any]]


def _scipy_focal(special: Any, z: np.ndarray, y: np.ndarray) -> np.ndarray:
    """torchvision's focal loss (alpha 0.25, gamma 2) from SciPy's ``log_expit`` and ``expit``."""
    cross_entropy = -(y * special.log_expit(z) + (1 - y) * special.log_expit(-z))
    weight = y * special.expit(-z) + (1 - y) * special.expit(z)
    result: np.ndarray = (0.25 * y + 0.75 * (1 - y)) * weight**2 * cross_entropy
    return result


def _naive_focal(z: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The same as torchvision writes it: ``p = sigmoid(z)``, ``p_t``, the BCE from logits, ``(1 - p_t)^2``."""
    p = 1 / (1 + np.exp(-z))
    cross_entropy = np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))
    p_t = p * y + (1 - p) * (1 - y)
    result: np.ndarray = (0.25 * y + 0.75 * (1 - y)) * (1 - p_t) ** 2 * cross_entropy
    return result


def _cases(size: int, dtype: type[np.floating[Any]], scipy: Any) -> list[Case]:
    rng = np.random.default_rng(size)
    p, q = rng.random(size).astype(dtype), rng.random(size).astype(dtype)
    p, q = p / p.sum(dtype=np.float64), q / q.sum(dtype=np.float64)
    p, q = p.astype(dtype), q.astype(dtype)
    rows = max(1, size // _CLASSES)
    z = rng.normal(0.0, 3.0, (rows, _CLASSES)).astype(dtype)
    labels = rng.integers(0, _CLASSES, rows)
    index = np.arange(rows)
    x, y = rng.normal(0.0, 4.0, size).astype(dtype), (rng.random(size) < 0.5).astype(dtype)
    special, stats = scipy.special, scipy.stats

    def naive_softmax_cross_entropy() -> Any:
        shifted = z - z.max(axis=1, keepdims=True)
        return -(shifted[index, labels] - np.log(np.exp(shifted).sum(axis=1))).mean()

    def naive_log_softmax() -> Any:
        shifted = z - z.max(axis=1, keepdims=True)
        return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))

    def naive_softmax() -> Any:
        exponentials = np.exp(z - z.max(axis=1, keepdims=True))
        return exponentials / exponentials.sum(axis=1, keepdims=True)

    return [
        ("entropy", lambda: numeric.entropy(p), lambda: stats.entropy(p), lambda: -(p * np.log(p)).sum()),
        (
            "cross_entropy",
            lambda: numeric.cross_entropy(p, q),
            lambda: -special.xlogy(p, q).sum(),
            lambda: -(p * np.log(q)).sum(),
        ),
        (
            "kl_divergence",
            lambda: numeric.kl_divergence(p, q),
            lambda: special.rel_entr(p, q).sum(),
            lambda: (p * np.log(p / q)).sum(),
        ),
        (
            "binary_entropy",
            lambda: numeric.binary_entropy(p),
            lambda: special.entr(p) + special.entr(1 - p),
            lambda: -(p * np.log(p) + (1 - p) * np.log1p(-p)),
        ),
        ("sigmoid", lambda: numeric.sigmoid(x), lambda: special.expit(x), lambda: 1 / (1 + np.exp(-x))),
        (
            "log_sigmoid",
            lambda: numeric.log_sigmoid(x),
            lambda: special.log_expit(x),
            lambda: np.minimum(x, 0) - np.log1p(np.exp(-np.abs(x))),
        ),
        ("softmax", lambda: numeric.softmax(z), lambda: special.softmax(z, axis=1), naive_softmax),
        ("log_softmax", lambda: numeric.log_softmax(z), lambda: special.log_softmax(z, axis=1), naive_log_softmax),
        (
            "softmax_cross_entropy",
            lambda: numeric.softmax_cross_entropy(z, labels),
            lambda: -special.log_softmax(z, axis=1)[index, labels].mean(),
            naive_softmax_cross_entropy,
        ),
        (
            "binary_cross_entropy",
            lambda: numeric.binary_cross_entropy(p, y),
            lambda: -(special.xlogy(y, p) + special.xlog1py(1 - y, -p)).mean(),
            lambda: -(y * np.log(p) + (1 - y) * np.log1p(-p)).mean(),
        ),
        (
            "bce_with_logits",
            lambda: numeric.binary_cross_entropy_with_logits(x, y),
            lambda: -(y * special.log_expit(x) + (1 - y) * special.log_expit(-x)).mean(),
            lambda: (np.maximum(x, 0) - x * y + np.log1p(np.exp(-np.abs(x)))).mean(),
        ),
        (
            "sigmoid_focal_loss",
            lambda: numeric.sigmoid_focal_loss(x, y),
            lambda: _scipy_focal(special, x, y).mean(),
            lambda: _naive_focal(x, y).mean(),
        ),
    ]


def goal(size: int, against: str) -> float | None:
    """Issue 13's goal on the ratio at ``size`` entries: 2x both below 1e4 entries, below SciPy (1x) from 1e4 up.

    >>> goal(10, "naive"), goal(100_000, "scipy"), goal(100_000, "naive")
    (2.0, 1.0, None)
    """
    if size < 10_000:
        return 2.0
    return 1.0 if against == "scipy" else None


def _per_call(function: Callable[[], Any], calls: int) -> float:
    started = time.perf_counter()
    for _ in range(calls):
        function()
    return (time.perf_counter() - started) / calls


def _best(functions: tuple[Callable[[], Any], ...], repeats: int) -> list[float]:
    """The best time per call of each function, timed alternately (each with enough calls to last a millisecond)."""
    for function in functions:  # the first call builds kernels and caches
        function()
    calls = [max(1, int(_LEAST / max(_per_call(function, 1), 1e-9))) for function in functions]
    best = [float("inf")] * len(functions)
    for _ in range(repeats):
        for k, function in enumerate(functions):
            best[k] = min(best[k], _per_call(function, calls[k]))
    return best


def sweep(quick: bool = False, scipy: Any = None) -> list[Measurement]:
    """The size sweep: for each case, size and dtype, the ratio of our time to SciPy's and to the naive one's."""
    if scipy is None:
        return []
    measurements = []
    with np.errstate(all="ignore"):
        for size in QUICK_SWEEP_SIZES if quick else SWEEP_SIZES:
            for dtype in (np.float64, np.float32):
                for name, ours, reference, naive in _cases(size, dtype, scipy):
                    mine, reference_time, naive_time = _best((ours, reference, naive), 3 if quick else 5)
                    label = f"{name} {np.dtype(dtype).name} n={size:.0e}"
                    measurements.append(Measurement("numeric", f"{label} µs", mine * 1e6, "µs"))
                    for against, theirs in (("scipy", reference_time), ("naive", naive_time)):
                        ratio, limit = mine / theirs, goal(size, against)
                        if limit is None:
                            measurements.append(Measurement("numeric", f"{label} / {against}", ratio, "x"))
                        else:
                            ok = ratio <= limit if limit > 1 else ratio < limit
                            goal_text = f"<= {limit:g}" if limit > 1 else f"< {limit:g}"
                            measurements.append(
                                Measurement("numeric", f"{label} / {against}", ratio, "x", goal_text, ok)
                            )
    return measurements
