"""Check ``symbolic_info.numeric`` on another array library or device: the worst error of each function.

Run from a clone, with the library installed, for example on a GPU::

    python docs/device_accuracy.py --library torch --device cuda
    python docs/device_accuracy.py --library cupy
    python docs/device_accuracy.py --library jax

Every public function of :mod:`symbolic_info.numeric` (the ``_grad`` functions included) is called
on seeded inputs, hard ones among them (logits of 1e3, probabilities of 1e-30, masked classes,
students within 1e-9 of their teachers), as float64 arrays of that library on that device, and
compared with the NumPy path, whose accuracy the test suite checks against mpmath. The script
prints, per function, the worst difference in units of float64's epsilon relative to the largest
value of the output, and exits 1 if one exceeds ``--ulps`` (default 64: a device's transcendental
functions may be a few units off where NumPy's are within one) or if a result comes back as
another kind of array, in another dtype or on another device.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from symbolic_info import numeric

Case = tuple[str, Callable[..., Any], tuple[Any, ...], dict[str, Any]]


def _simplex(rng: np.random.Generator, rows: int, classes: int, tiny: bool) -> np.ndarray:
    p = rng.dirichlet(np.ones(classes), rows)
    if tiny:
        p[:, 0] = 1e-30
        p /= p.sum(axis=1, keepdims=True)
    return p


def cases(seed: int = 0) -> Iterator[Case]:
    """``(name, function, arguments, options)`` for every public function, on seeded hard inputs."""
    rng = np.random.default_rng(seed)
    p, q = _simplex(rng, 64, 7, tiny=True), _simplex(rng, 64, 7, tiny=False)
    z = np.concatenate([rng.normal(0.0, 4.0, 200), [0.0, 40.0, -40.0, 1e3, -1e3]])
    y = rng.random(z.size)
    logits = rng.normal(0.0, 5.0, (64, 7))
    logits[0, 3] = -np.inf  # a masked class
    labels = rng.integers(0, 7, 64)
    teacher = logits + rng.normal(0.0, 1e-9, logits.shape)
    mu, log_var = rng.normal(0.0, 1.0, (64, 7)), rng.normal(0.0, 3.0, (64, 7))
    yield from (
        ("entropy", numeric.entropy, (p,), {}),
        ("cross_entropy", numeric.cross_entropy, (p, q), {}),
        ("kl_divergence", numeric.kl_divergence, (p, q), {}),
        ("sigmoid", numeric.sigmoid, (z,), {}),
        ("log_sigmoid", numeric.log_sigmoid, (z,), {}),
        ("binary_entropy", numeric.binary_entropy, (y,), {}),
        ("softmax", numeric.softmax, (logits,), {}),
        ("log_softmax", numeric.log_softmax, (logits,), {}),
        ("binary_cross_entropy", numeric.binary_cross_entropy, (y, y[::-1].copy()), {}),
        ("binary_cross_entropy_with_logits", numeric.binary_cross_entropy_with_logits, (z, y), {"reduction": "none"}),
        ("softmax_cross_entropy", numeric.softmax_cross_entropy, (logits, labels), {"reduction": "none"}),
        ("sigmoid_focal_loss", numeric.sigmoid_focal_loss, (z, y), {"reduction": "none"}),
        ("gaussian_kl_diagonal", numeric.gaussian_kl_diagonal, (mu, log_var), {}),
        ("distillation_kl", numeric.distillation_kl, (logits, teacher, 2.0), {"reduction": "none"}),
        ("entropy_grad", numeric.entropy_grad, (q,), {}),
        ("cross_entropy_grad", numeric.cross_entropy_grad, (p, q), {}),
        ("kl_divergence_grad", numeric.kl_divergence_grad, (p, q), {}),
        ("binary_cross_entropy_grad", numeric.binary_cross_entropy_grad, (y, y[::-1].copy()), {}),
        ("binary_cross_entropy_with_logits_grad", numeric.binary_cross_entropy_with_logits_grad, (z, y), {}),
        ("softmax_cross_entropy_grad", numeric.softmax_cross_entropy_grad, (logits, labels), {}),
        ("sigmoid_focal_loss_grad", numeric.sigmoid_focal_loss_grad, (z, y), {}),
        ("gaussian_kl_diagonal_grad mu", lambda m, v: numeric.gaussian_kl_diagonal_grad(m, v)[0], (mu, log_var), {}),
        (
            "gaussian_kl_diagonal_grad log_var",
            lambda m, v: numeric.gaussian_kl_diagonal_grad(m, v)[1],
            (mu, log_var),
            {},
        ),
        ("distillation_kl_grad", numeric.distillation_kl_grad, (logits, teacher, 2.0), {}),
    )


def _library(name: str, device: str | None) -> tuple[Callable[[np.ndarray], Any], Callable[[Any], np.ndarray], Any]:
    """``(to the library, back to NumPy, the device)`` for ``name``."""
    if name == "torch":
        torch = importlib.import_module("torch")
        where = torch.device(device or "cpu")
        return (lambda a: torch.as_tensor(a, device=where)), (lambda t: t.detach().cpu().numpy()), where
    if name == "cupy":
        cupy = importlib.import_module("cupy")
        return cupy.asarray, cupy.asnumpy, None
    if name == "jax":
        jax = importlib.import_module("jax")
        jax.config.update("jax_enable_x64", True)
        where = jax.devices(device)[0] if device else None
        return (lambda a: jax.device_put(a, where)), np.asarray, where
    module = importlib.import_module(name)  # array_api_strict and other array API namespaces
    return module.asarray, (lambda a: np.asarray(a._array) if hasattr(a, "_array") else np.asarray(a)), None


def worst_ulps(expected: np.ndarray, actual: np.ndarray) -> float:
    """The largest difference, in units of float64's epsilon times the largest finite magnitude of ``expected``."""
    expected, actual = np.asarray(expected, dtype=np.float64), np.asarray(actual, dtype=np.float64)
    finite = np.isfinite(expected)
    if not np.array_equal(finite, np.isfinite(actual)) or not np.array_equal(expected[~finite], actual[~finite]):
        return float("inf")  # an infinity or NaN where NumPy has none (or the other way round)
    scale = float(np.max(np.abs(expected[finite]), initial=0.0)) or 1.0
    error = float(np.max(np.abs(expected[finite] - actual[finite]), initial=0.0))
    return error / scale / float(np.finfo(np.float64).eps)


def main(arguments: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", default="torch", help="torch, cupy, jax or an array API namespace")
    parser.add_argument("--device", default=None, help="cuda, cuda:1, gpu, ... (default: the library's own)")
    parser.add_argument("--ulps", type=float, default=64.0, help="the largest error allowed, in float64 epsilons")
    options = parser.parse_args(arguments)
    to_library, to_numpy, device = _library(options.library, options.device)
    failed = False
    for name, function, args, kwargs in cases():
        expected = function(*args, **kwargs)
        result = function(
            *(to_library(np.ascontiguousarray(arg)) if isinstance(arg, np.ndarray) else arg for arg in args), **kwargs
        )
        kind_kept = not isinstance(result, np.ndarray) and str(getattr(result, "dtype", "")).endswith("float64")
        device_kept = device is None or getattr(result, "device", device) == device
        ulps = worst_ulps(expected, to_numpy(result))
        bad = not (kind_kept and device_kept and ulps <= options.ulps)
        failed = failed or bad
        note = "" if kind_kept and device_kept else "  (a different kind of array, dtype or device came back)"
        print(f"{name:40s} {ulps:10.2f} ulps{'  FAIL' if bad else ''}{note}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
