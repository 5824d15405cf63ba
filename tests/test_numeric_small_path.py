"""The small-size path of symbolic_info.numeric agrees with the general path, and with mpmath, on the same input.

Each public function is wrapped by :func:`symbolic_info.numeric.small.small_path`; ``general_path``
gives the general path alone. On the same inputs, at sizes on both sides of the thresholds
(``TINY_LIMIT``: Python floats; ``SMALL_LIMIT``: one block), both must give the same dtype and shape,
values equal to the last bits (bit for bit where the small path runs the same block function), and
both must be within the accuracy goals of ``tests/test_numeric_accuracy.py`` of mpmath at 50 digits
on the textbook formulas. Every validation error must be the same error, with the same message.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from typing import Any

import mpmath
import numpy as np
import pytest

from symbolic_info import numeric
from symbolic_info.errors import SymbolicInfoError
from symbolic_info.numeric.reductions import check_measure
from symbolic_info.numeric.small import SMALL_LIMIT, TINY_LIMIT, general_path

from .crosscheck import assert_relative_error, evaluate

#: Sizes around the thresholds (the softmax family: rows of 8 classes, so ``size // 8`` rows).
SIZES = (1, 2, 8, TINY_LIMIT, TINY_LIMIT + 8, 1000, SMALL_LIMIT, SMALL_LIMIT + 8)
#: Below ``TINY_LIMIT`` the small path sums with ``math.fsum`` and ``math``'s logarithm: a few units of 2^-53 apart.
CLOSE = 1e-14
Function = Callable[..., Any]


def _distribution(size: int, seed: int, dtype: Any = np.float64, zeros: bool = False) -> np.ndarray:
    values = np.random.default_rng(seed).random(size)
    if zeros and size > 2:
        values[::3] = 0.0
    return (values / math.fsum(values.tolist())).astype(dtype)


def _same(small: Any, general: Any, exact: bool) -> None:
    """Same dtype, shape and kind of result; equal values (to :data:`CLOSE` where they may be summed otherwise)."""
    assert type(small) is type(general)
    small_array, general_array = np.asarray(small), np.asarray(general)
    assert small_array.dtype == general_array.dtype and small_array.shape == general_array.shape
    if exact:
        assert np.array_equal(small_array, general_array)
    else:
        np.testing.assert_allclose(small_array.astype(float), general_array.astype(float), rtol=CLOSE, atol=0)


def _both(function: Function, *arguments: Any, **options: Any) -> tuple[Any, Any]:
    return function(*arguments, **options), general_path(function)(*arguments, **options)


def _entropy_exact(p: np.ndarray) -> Any:
    return evaluate(lambda: -mpmath.fsum(mpmath.mpf(x) * mpmath.log(x) for x in p.tolist() if x > 0))


def _kl_exact(p: np.ndarray, q: np.ndarray) -> Any:
    pairs = zip(p.tolist(), q.tolist(), strict=True)
    return evaluate(lambda: mpmath.fsum(mpmath.mpf(a) * mpmath.log(mpmath.mpf(a) / b) for a, b in pairs if a > 0))


def _cross_entropy_exact(p: np.ndarray, q: np.ndarray) -> Any:
    pairs = zip(p.tolist(), q.tolist(), strict=True)
    return evaluate(lambda: -mpmath.fsum(mpmath.mpf(a) * mpmath.log(b) for a, b in pairs if a > 0))


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("zeros", [False, True])
def test_measures_agree_with_each_other_and_with_mpmath(size: int, zeros: bool) -> None:
    p, q = _distribution(size, 1, zeros=zeros), _distribution(size, 2)
    exact = size > TINY_LIMIT  # the same block function on both paths
    for function, arguments, oracle in (
        (numeric.entropy, (p,), _entropy_exact),
        (numeric.cross_entropy, (p, q), _cross_entropy_exact),
        (numeric.kl_divergence, (p, q), _kl_exact),
    ):
        small, general = _both(function, *arguments)
        _same(small, general, exact)
        if size <= 1000:  # mpmath on 8192 entries takes seconds
            reference = oracle(*arguments)
            assert_relative_error(small, reference, 1e-13, function.__name__)
            assert_relative_error(general, reference, 1e-13, function.__name__)


def test_kl_divergence_near_p_equals_q_agrees_at_1e_minus_24() -> None:
    p = np.array([0.5, 0.5])
    q = np.array([0.5 + 2.0**-40, 0.5 - 2.0**-40])
    small, general = _both(numeric.kl_divergence, p, q)
    reference = _kl_exact(p, q)
    assert_relative_error(small, reference, 1e-13, "small")
    assert_relative_error(general, reference, 1e-13, "general")


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64, np.int64])
@pytest.mark.parametrize("size", [4, TINY_LIMIT + 8])
def test_dtypes_and_shapes_are_kept(dtype: Any, size: int) -> None:
    if np.dtype(dtype).kind == "i":
        p = np.zeros((2, size), dtype=dtype)
        p[:, 0] = 1
    else:
        p = np.stack([_distribution(size, 3, dtype), _distribution(size, 4, dtype)])
    q = np.stack([_distribution(size, 5, dtype if np.dtype(dtype).kind == "f" else np.float64)] * 2)
    exact = size > TINY_LIMIT
    _same(*_both(numeric.entropy, p), exact)
    _same(*_both(numeric.entropy, p.T, axis=0, base=2), exact)
    for reduction in ("none", "sum", "mean", "batchmean"):
        _same(*_both(numeric.kl_divergence, p, q, reduction=reduction), exact)
    _same(*_both(numeric.cross_entropy, p, q[0], reduction="mean"), exact)
    z = np.linspace(-30, 30, 2 * size).reshape(2, size).astype(dtype)
    for function in (numeric.sigmoid, numeric.log_sigmoid, numeric.softmax, numeric.log_softmax):
        _same(*_both(function, z), exact=function in (numeric.softmax, numeric.log_softmax) or exact)
    _same(*_both(numeric.softmax, z, axis=0), exact=True)


@pytest.mark.parametrize("size", SIZES)
def test_elementwise_functions_and_binary_losses_agree(size: int) -> None:
    rng = np.random.default_rng(size)
    z = rng.normal(0.0, 20.0, size)
    if size >= 5:
        z[:5] = [40.0, -40.0, 0.0, -800.0, 800.0]
    p = rng.random(size)
    p[::4] = 0.0
    y = (rng.random(size) < 0.5).astype(np.float64)
    exact = size > TINY_LIMIT
    for function, arguments in (
        (numeric.sigmoid, (z,)),
        (numeric.log_sigmoid, (z,)),
        (numeric.binary_entropy, (p,)),
        (numeric.binary_entropy, (p.reshape(1, -1),)),
    ):
        _same(*_both(function, *arguments), exact)
    for reduction in ("none", "sum", "mean"):
        for smoothing in (0.0, 0.1):
            options = {"reduction": reduction, "label_smoothing": smoothing}
            _same(*_both(numeric.binary_cross_entropy_with_logits, z, y, **options), exact)
            _same(*_both(numeric.binary_cross_entropy, p, y, **options), exact or reduction != "none")
        _same(*_both(numeric.sigmoid_focal_loss, z, y, reduction=reduction), exact=True)
        _same(*_both(numeric.sigmoid_focal_loss, z, y, alpha=None, gamma=0.5, reduction=reduction), exact=True)


@pytest.mark.parametrize("size", SIZES)
def test_softmax_family_agrees(size: int) -> None:
    rows = max(1, size // 8)
    rng = np.random.default_rng(size)
    z = rng.normal(0.0, 10.0, (rows, 8))
    labels = rng.integers(0, 8, rows)
    for function, arguments in ((numeric.softmax, (z,)), (numeric.log_softmax, (z,))):
        _same(*_both(function, *arguments), exact=True)
    for reduction in ("none", "sum", "mean"):
        _same(*_both(numeric.softmax_cross_entropy, z, labels, reduction=reduction), exact=True)
    _same(*_both(numeric.softmax_cross_entropy, z[0], labels[0]), exact=True)
    _same(*_both(numeric.softmax_cross_entropy, z.T, labels, axis=0), exact=True)


def test_softmax_cross_entropy_matches_mpmath_on_the_small_path() -> None:
    z = np.array([[1000.0, 0.0, -5.0], [0.5, 0.25, 0.0]])
    labels = np.array([1, 0])
    values = numeric.softmax_cross_entropy(z, labels, reduction="none")
    references = [
        evaluate(lambda row=row, k=k: mpmath.log(mpmath.fsum(mpmath.exp(x) for x in row)) - row[k])
        for row, k in zip(z.tolist(), labels.tolist(), strict=True)
    ]
    assert_relative_error(values, references, 1e-13)


def test_limits_are_the_same_on_the_small_path() -> None:
    z = np.array([np.inf, -np.inf, np.inf, -np.inf, 0.0])
    y = np.array([1.0, 0.0, 0.0, 1.0, 0.5])
    _same(*_both(numeric.binary_cross_entropy_with_logits, z, y, reduction="none"), exact=True)
    q = np.array([0.0, 1.0, 0.0, 1.0])
    _same(*_both(numeric.binary_cross_entropy, q, np.array([0.0, 1.0, 1.0, 0.0]), reduction="none"), exact=True)
    _same(*_both(numeric.cross_entropy, [0.5, 0.5], [1.0, 0.0]), exact=True)
    _same(*_both(numeric.kl_divergence, [0.5, 0.5], [1.0, 0.0]), exact=True)
    _same(*_both(numeric.softmax, [0.0, -np.inf, 1.0]), exact=True)
    _same(*_both(numeric.softmax_cross_entropy, [[0.0, -np.inf, 0.0]], [2]), exact=True)
    assert float(numeric.kl_divergence([0.5, 0.5], [1.0, 0.0])) == math.inf


class _Foreign:
    """Another library's array: it has ``__array_function__``, so NumPy would hand calls to it."""

    def __init__(self, values: list[float]) -> None:
        self.values = values

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        return np.asarray(self.values, dtype=dtype)

    def __array_function__(self, function: Any, types: Any, args: Any, kwargs: Any) -> Any:
        return NotImplemented


#: Bad probability rows, each of at most a few entries (so the small path sees them first).
BAD_ROWS: list[object] = [
    [0.5, math.nan],
    [1.5, -0.5],
    [0.5, 0.6],
    [0.5, math.inf],
    [True, False],
    [0.5 + 0j, 0.5],
    np.array([0.5, 0.5], dtype=object),
    np.ma.masked_array([0.5, 0.5], mask=[False, True]),
    _Foreign([0.5, 0.5]),
    [],
    "0.5",
]


def _error(function: Callable[..., object], *arguments: Any, **options: Any) -> tuple[type[Exception], str] | None:
    try:
        function(*arguments, **options)
    except SymbolicInfoError as error:
        return type(error), str(error)
    return None


@pytest.mark.parametrize("bad", BAD_ROWS, ids=repr)
def test_every_error_fires_on_the_small_path_as_on_the_general_path(bad: object) -> None:
    good = [0.25, 0.75]
    calls: list[tuple[Function, tuple[Any, ...], dict[str, Any]]] = [
        (numeric.entropy, (bad,), {}),
        (numeric.cross_entropy, (bad, good), {}),
        (numeric.cross_entropy, (good, bad), {}),
        (numeric.kl_divergence, (bad, good), {}),
        (numeric.kl_divergence, (good, bad), {"reduction": "sum"}),
        (numeric.binary_entropy, (bad,), {}),
        (numeric.sigmoid, (bad,), {}),
        (numeric.softmax, (bad,), {}),
        (numeric.log_softmax, (bad,), {}),
        (numeric.binary_cross_entropy, (bad, good), {}),
        (numeric.binary_cross_entropy, (good, bad), {}),
        (numeric.binary_cross_entropy_with_logits, (bad, good), {}),
        (numeric.sigmoid_focal_loss, (bad, good), {}),
        (numeric.sigmoid_focal_loss, (good, bad), {}),
        (numeric.softmax_cross_entropy, (bad, 0), {}),
        (numeric.entropy_grad, (bad,), {}),
        (numeric.kl_divergence_grad, (good, bad), {}),
        (numeric.cross_entropy_grad, (bad, good), {}),
    ]
    for function, arguments, options in calls:
        small = _error(function, *arguments, **options)
        general = _error(general_path(function), *arguments, **options)
        assert small == general, f"{function.__name__}{arguments}: {small} != {general}"
    for function, arguments, _ in calls[:5]:  # the measures' checks: each one of them an error here
        assert _error(function, *arguments) is not None


@pytest.mark.parametrize(
    ("function", "arguments", "options"),
    [
        (numeric.entropy, ([0.5, 0.5],), {"axis": 1}),
        (numeric.entropy, ([0.5, 0.5],), {"axis": 1.0}),
        (numeric.entropy, ([0.5, 0.5],), {"base": 1}),
        (numeric.entropy, (0.5,), {}),
        (numeric.kl_divergence, ([0.5, 0.5], [0.5, 0.5]), {"reduction": "median"}),
        (numeric.kl_divergence, ([0.5, 0.5], [0.5, 0.5]), {"log_q": 1}),
        (numeric.cross_entropy, ([0.5, 0.5], [[0.5, 0.5, 0.0]]), {}),
        (numeric.binary_cross_entropy, ([0.5, 0.5], [1.0, 0.0, 1.0]), {}),
        (numeric.binary_cross_entropy, ([0.5], [1.0]), {"label_smoothing": 2.0}),
        (numeric.binary_cross_entropy_with_logits, ([0.5], [1.0]), {"reduction": None}),
        (numeric.softmax_cross_entropy, ([[0.0, 1.0]], [2]), {}),
        (numeric.softmax_cross_entropy, ([[0.0, 1.0]], [[0, 1]]), {}),
        (numeric.softmax_cross_entropy, ([[0.0, 1.0]], [0]), {"ignore_index": 1.5}),
        (numeric.softmax, ([[-np.inf, -np.inf]],), {}),
        (numeric.softmax, ([0.0, np.nan],), {}),
        (numeric.entropy_grad, ([0.5, 0.5],), {"reduction": "batchmean"}),
        (numeric.kl_divergence_grad, ([0.5, 0.5], [0.5, 0.6]), {"log_p": "yes"}),
    ],
)
def test_option_and_shape_errors_are_the_same(function: Function, arguments: Any, options: Any) -> None:
    small = _error(function, *arguments, **options)
    assert small is not None
    assert small == _error(general_path(function), *arguments, **options)


def test_check_measure_raises_what_the_measures_raise() -> None:
    cases: list[tuple[tuple[Any, ...], dict[str, Any], Function]] = [
        (([0.5, -0.5, 1.0],), {}, numeric.entropy),
        (([0.5, 0.5], [1.5, -0.5]), {}, numeric.cross_entropy),
        (([0.5, 0.5], [0.5, 0.6]), {"reduction": "batchmean"}, numeric.cross_entropy),
        (([0.5, 0.5], [0.0, 0.1]), {"log_q": True}, numeric.kl_divergence),
        ((np.full((3, 5000), 0.001),), {}, numeric.entropy),  # beyond the small path
    ]
    for arguments, options, measure in cases:
        expected = _error(measure, *arguments, **options)
        assert expected is not None
        assert _error(check_measure, arguments, **options) == expected
    assert _error(check_measure, ([0.5, 0.5], [0.5, 0.5])) is None


def test_the_small_path_warns_nothing_on_valid_input_and_gives_way_under_errstate_raise() -> None:
    p = np.array([0.5, 0.0, 0.5, 0.0])
    q = np.array([0.25, 0.25, 0.0, 0.5])
    z = np.array([-800.0, 800.0, 0.0, 1e-300])
    calls: list[Callable[[], Any]] = [
        lambda: numeric.entropy(p),
        lambda: numeric.cross_entropy(p, q),
        lambda: numeric.kl_divergence(p, q),
        lambda: numeric.kl_divergence(q, p),
        lambda: numeric.binary_entropy(p),
        lambda: numeric.sigmoid(z),
        lambda: numeric.log_sigmoid(z),
        lambda: numeric.softmax(z),
        lambda: numeric.log_softmax(np.tile(z, 100)),
        lambda: numeric.binary_cross_entropy(p, q),
        lambda: numeric.binary_cross_entropy_with_logits(z, p),
        lambda: numeric.softmax_cross_entropy(np.tile(z, (100, 1)), np.zeros(100, dtype=int)),
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        quiet = [call() for call in calls]
    with np.errstate(all="raise"):
        raised = [call() for call in calls]
    for first, second in zip(quiet, raised, strict=True):
        np.testing.assert_array_equal(first, second)


#: Losses that have no small path yet (issue 13 is open on them): the general path at every size.
WITHOUT_SMALL_PATH = frozenset({"distillation_kl", "gaussian_kl_diagonal"})


@pytest.mark.parametrize(
    "function",
    [
        getattr(numeric, name)
        for name in numeric.__all__
        if name[0].islower() and "_grad" not in name and name not in WITHOUT_SMALL_PATH
    ],
)
def test_every_public_function_has_a_small_path(function: Function) -> None:
    assert general_path(function) is not function


@pytest.mark.parametrize("size", [4, TINY_LIMIT + 8])
def test_gradients_of_small_input_are_unchanged(size: int) -> None:
    """The gradients' leaner general path (validation without the loss, no broadcast of absent weights)."""
    p, q = _distribution(size, 7), _distribution(size, 8)
    np.testing.assert_allclose(numeric.kl_divergence_grad(p, q), 1.0 - p / q, rtol=1e-15, atol=1e-15)
    np.testing.assert_allclose(numeric.cross_entropy_grad(p, q, reduction="mean"), -p / q, rtol=1e-15)
    z = np.linspace(-5.0, 5.0, size)
    y = (np.arange(size) % 2).astype(np.float64)
    with mpmath.workdps(50):
        expected = [float((1 / (1 + mpmath.exp(-x)) - t) / size) for x, t in zip(z.tolist(), y.tolist(), strict=True)]
    got = numeric.binary_cross_entropy_with_logits_grad(z, y)
    np.testing.assert_allclose(got, expected, rtol=1e-14, atol=1e-300)


@pytest.mark.parametrize("function", [numeric.binary_cross_entropy_with_logits_grad, numeric.binary_cross_entropy_grad])
def test_binary_gradients_on_the_small_path_are_the_general_paths_bit_for_bit(function: Function) -> None:
    """The same kernel on the same values: every reduction, smoothing, dtype, an infinite logit or a q of 0."""
    rng = np.random.default_rng(3)
    logits = function is numeric.binary_cross_entropy_with_logits_grad
    for trial in range(30):
        shape = (int(rng.integers(1, 40)),) if trial % 3 else (2, 5)
        x = rng.normal(0.0, 30.0, shape) if logits else rng.random(shape)
        x.flat[0] = (np.inf if logits else 0.0) if trial % 4 == 0 else x.flat[0]
        y = rng.random(shape)
        y.flat[-1] = float(trial % 2)
        for reduction, smoothing, dtype in [
            ("none", 0.0, np.float64),
            ("mean", 0.1, np.float32),
            ("sum", 0.0, np.float16),
        ]:
            arguments = (x.astype(dtype), y.astype(dtype))
            small = function(*arguments, reduction=reduction, label_smoothing=smoothing)
            general = general_path(function)(*arguments, reduction=reduction, label_smoothing=smoothing)
            assert small.dtype == general.dtype and small.shape == general.shape
            np.testing.assert_array_equal(small, general)
