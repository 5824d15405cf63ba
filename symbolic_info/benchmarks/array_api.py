"""Benchmark: the array API path on JAX under ``jax.jit``, against the naive ``jax.numpy`` expression (and optax).

Each pair is compiled first, then timed alternately (the machine is shared), best of the repeats,
in JAX's default float32 on the CPU: the loss (``reduction="mean"``) and its gradient
(``jax.grad``), for ``binary_cross_entropy_with_logits`` on ``1e6`` logits and
``softmax_cross_entropy`` on ``1e5 x 10`` logits with class-index labels, and ``kl_divergence`` of
``1e5`` rows of 10; ``sigmoid_focal_loss`` (and its gradient) on the ``1e6`` logits,
``gaussian_kl_diagonal`` and ``distillation_kl`` at ``T = 2`` (and its gradient) on ``1e5 x 10``.
The naive expression is the textbook one (``max(z, 0) - z y + log1p(e^{-|z|})``, ``-log_softmax``
gathered, ``sum p log(p/q)``, torchvision's focal loss, the VAE's ``-1/2 sum(1 + l - mu^2 - e^l)``,
PyTorch's ``kl_div`` of two ``log_softmax``); optax's losses are measured too when optax is
installed (it is no dependency). The goal: not slower than the naive expression (ratio <= 1.25,
the noise of a shared machine included). Without JAX the suite measures nothing.
"""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from .. import numeric
from . import Measurement

__all__ = ["GOAL", "pairs", "run"]

#: Goal on time(ours) / time(naive) under jit.
GOAL = 1.25
SIZE, QUICK_SIZE = 1_000_000, 100_000
CLASSES = 10
REPEATS, QUICK_REPEATS = 15, 5


def _timed(function: Callable[[], Any]) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def _compiled(function: Callable[..., Any], *arguments: Any) -> Callable[[], Any]:
    import jax

    jitted = jax.jit(function)
    return lambda: jitted(*arguments).block_until_ready()


def pairs(size: int) -> dict[str, dict[str, Callable[[], Any]]]:
    """For each measured function, ``ours``, ``naive`` and (with optax) ``optax``, compiled on seeded data."""
    import jax
    import jax.numpy as jnp

    rng = np.random.default_rng(2024)
    z, y = jnp.asarray(rng.normal(0.0, 4.0, size), jnp.float32), jnp.asarray(rng.random(size), jnp.float32)
    rows = size // CLASSES
    logits = jnp.asarray(rng.normal(0.0, 3.0, (rows, CLASSES)), jnp.float32)
    labels = jnp.asarray(rng.integers(0, CLASSES, rows), jnp.int32)
    p, q = (jnp.asarray(np.asarray(rng.dirichlet(np.ones(CLASSES), rows)), jnp.float32) for _ in range(2))

    def naive_logistic(x: Any, t: Any) -> Any:
        return jnp.mean(jnp.maximum(x, 0) - x * t + jnp.log1p(jnp.exp(-jnp.abs(x))))

    def naive_softmax(x: Any, k: Any) -> Any:
        return -jnp.mean(jnp.take_along_axis(jax.nn.log_softmax(x), k[:, None], axis=1))

    def naive_kl(a: Any, b: Any) -> Any:
        return jnp.sum(a * jnp.log(a / b), axis=-1)

    def naive_focal(x: Any, t: Any) -> Any:  # torchvision's: q_t from sigmoid(x), the stable cross-entropy
        probability = jax.nn.sigmoid(x)
        cross = jnp.maximum(x, 0) - x * t + jnp.log1p(jnp.exp(-jnp.abs(x)))
        complement = 1 - (probability * t + (1 - probability) * (1 - t))
        return jnp.mean((0.25 * t + 0.75 * (1 - t)) * cross * complement**2)

    def naive_gaussian(m: Any, v: Any) -> Any:  # the VAE's -1/2 sum(1 + log_var - mu^2 - exp(log_var))
        return -0.5 * jnp.sum(1 + v - m**2 - jnp.exp(v), axis=-1)

    def naive_distillation(s: Any, t: Any) -> Any:  # PyTorch's kl_div of log_softmax at T = 2, batchmean, T^2
        teacher = jax.nn.log_softmax(t / 2.0)
        return 4.0 * jnp.sum(jnp.exp(teacher) * (teacher - jax.nn.log_softmax(s / 2.0))) / s.shape[0]

    student = logits + jnp.asarray(rng.normal(0.0, 1.0, (rows, CLASSES)), jnp.float32)
    log_var = jnp.asarray(rng.normal(0.0, 1.0, (rows, CLASSES)), jnp.float32)

    measured: dict[str, dict[str, Callable[[], Any]]] = {
        "binary_cross_entropy_with_logits": {
            "ours": _compiled(numeric.binary_cross_entropy_with_logits, z, y),
            "naive": _compiled(naive_logistic, z, y),
        },
        "binary_cross_entropy_with_logits grad": {
            "ours": _compiled(jax.grad(numeric.binary_cross_entropy_with_logits), z, y),
            "naive": _compiled(jax.grad(naive_logistic), z, y),
        },
        "softmax_cross_entropy": {
            "ours": _compiled(numeric.softmax_cross_entropy, logits, labels),
            "naive": _compiled(naive_softmax, logits, labels),
        },
        "softmax_cross_entropy grad": {
            "ours": _compiled(jax.grad(numeric.softmax_cross_entropy), logits, labels),
            "naive": _compiled(jax.grad(naive_softmax), logits, labels),
        },
        "kl_divergence": {"ours": _compiled(numeric.kl_divergence, p, q), "naive": _compiled(naive_kl, p, q)},
        "sigmoid_focal_loss": {
            "ours": _compiled(numeric.sigmoid_focal_loss, z, y),
            "naive": _compiled(naive_focal, z, y),
        },
        "sigmoid_focal_loss grad": {
            "ours": _compiled(jax.grad(numeric.sigmoid_focal_loss), z, y),
            "naive": _compiled(jax.grad(naive_focal), z, y),
        },
        "gaussian_kl_diagonal": {
            "ours": _compiled(numeric.gaussian_kl_diagonal, logits, log_var),
            "naive": _compiled(naive_gaussian, logits, log_var),
        },
        "distillation_kl": {
            "ours": _compiled(lambda s, t: numeric.distillation_kl(s, t, 2.0), student, logits),
            "naive": _compiled(naive_distillation, student, logits),
        },
        "distillation_kl grad": {
            "ours": _compiled(jax.grad(lambda s, t: numeric.distillation_kl(s, t, 2.0)), student, logits),
            "naive": _compiled(jax.grad(naive_distillation), student, logits),
        },
    }
    if importlib.util.find_spec("optax") is not None:
        import optax

        measured["binary_cross_entropy_with_logits"]["optax"] = _compiled(
            lambda x, t: jnp.mean(optax.sigmoid_binary_cross_entropy(x, t)), z, y
        )
        measured["softmax_cross_entropy"]["optax"] = _compiled(
            lambda x, k: jnp.mean(optax.softmax_cross_entropy_with_integer_labels(x, k)), logits, labels
        )
    return measured


def run(quick: bool = False) -> list[Measurement]:
    """Time ours and the references alternately; report the ratios to the naive expression (and to optax)."""
    if importlib.util.find_spec("jax") is None:
        return []
    repeats = QUICK_REPEATS if quick else REPEATS
    measurements = []
    for name, functions in pairs(QUICK_SIZE if quick else SIZE).items():
        for function in functions.values():
            function()  # compiled and run once
        times: dict[str, list[float]] = {side: [] for side in functions}
        for _ in range(repeats):
            for side, function in functions.items():
                times[side].append(_timed(function))
        best = {side: min(values) for side, values in times.items()}
        ratio = best["ours"] / best["naive"]
        measurements.append(
            Measurement("array_api", f"jax jit {name} / naive", ratio, "x", f"<= {GOAL}", ratio <= GOAL)
        )
        if "optax" in best:
            measurements.append(Measurement("array_api", f"jax jit {name} / optax", best["ours"] / best["optax"], "x"))
    return measurements
