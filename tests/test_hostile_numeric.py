"""Hostile input to symbolic_info.numeric: no silent wrong number, only our errors, bounded memory.

Each case is one that once came out wrong: a negative cross-entropy from an unchecked ``q``, a label
row stretched over the classes, a dropped mask, an overflowing ``p/q``, dask and other array
libraries slipping past the checks, and hidden full-size temporaries. Expected values come from
mpmath at 50 digits on the textbook formulas, evaluated on the exact float inputs.
"""

from __future__ import annotations

import math
import re
import tracemalloc
import warnings
from collections.abc import Callable
from typing import Any

import mpmath
import numpy as np
import pytest

from symbolic_info import numeric
from symbolic_info.errors import InvalidArgumentError, InvalidProbabilityError, SymbolicInfoError
from symbolic_info.numeric.chunks import BLOCK

from .conftest import require
from .crosscheck import assert_relative_error, evaluate

try:
    import dask.array
except ImportError:  # pragma: no cover - dask is in the test extra
    dask = None  # type: ignore[assignment]  # a module or None: mypy types the name as the module

# dask's functions carry no annotations, and mypy --strict rejects calls to untyped functions: use them as Any.
da: Any = None if dask is None else dask.array

Call = Callable[[], object]


def _raises(error: type[Exception], fragment: str, call: Call) -> None:
    with pytest.raises(error, match=re.escape(fragment)) as raised:
        call()
    assert isinstance(raised.value, SymbolicInfoError) and isinstance(raised.value, ValueError)


# ---------------------------------------------------------------- textbook formulas in mpmath


def _entropy(p: list[Any]) -> Any:
    return -mpmath.fsum(x * mpmath.log(x) for x in p if x != 0)


def _kl(p: list[Any], q: list[Any]) -> Any:
    """The generalised KL divergence ``sum p log(p/q) - p + q`` (on the simplex, ``D(p || q)``)."""
    return mpmath.fsum((x * mpmath.log(x / y) if x != 0 else 0) - x + y for x, y in zip(p, q, strict=True))


def _softmax_cross_entropy(z: list[Any], y: list[Any]) -> Any:
    """``log sum_j e^{z_j} - sum_j y_j z_j``."""
    return mpmath.log(mpmath.fsum(mpmath.exp(v) for v in z)) - mpmath.fsum(a * b for a, b in zip(y, z, strict=True))


# ---------------------------------------------------------------- 1. silent wrong numbers


@pytest.mark.parametrize(
    ("q", "fragment"),
    [
        ([1.5, -0.5], "q has a negative entry q[1] = -0.5"),  # was -0.405: log(-0.5) = NaN, zeroed where p = 0
        ([1.0, math.nan], "q has a non-finite entry q[1]"),
        ([1.0, math.inf], "q has a non-finite entry q[1]"),
        ([2.0, -math.inf], "q has a non-finite entry q[1]"),
    ],
)
def test_cross_entropy_checks_q_where_p_is_zero(q: list[float], fragment: str) -> None:
    _raises(InvalidProbabilityError, fragment, lambda: numeric.cross_entropy([1.0, 0.0], q))


@pytest.mark.parametrize("layout", ["long row", "axis 0", "axis 1 of 3-D"])
def test_cross_entropy_checks_q_in_every_layout(layout: str) -> None:
    n = 3 * BLOCK + 5  # several column tiles
    p = np.zeros(n)
    p[0] = 1.0
    q = np.full(n, 1.0 / n)
    q[-1], q[0] = -1.0 / n, 3.0 / n  # sums to 1, negative where p = 0
    assert abs(q.sum() - 1) < 1e-12
    if layout == "axis 0":
        _raises(
            InvalidProbabilityError, "negative entry", lambda: numeric.cross_entropy(p[:, None], q[:, None], axis=0)
        )
    elif layout == "axis 1 of 3-D":
        p3, q3 = np.repeat(p[None, :, None], 3, axis=2), np.repeat(q[None, :, None], 3, axis=2)
        _raises(InvalidProbabilityError, "negative entry", lambda: numeric.cross_entropy(p3, q3, axis=1))
    else:
        _raises(InvalidProbabilityError, "negative entry", lambda: numeric.cross_entropy(p, q))


@pytest.mark.parametrize(
    "call",
    [
        lambda: numeric.softmax_cross_entropy(
            [0.0, 1.0, 2.0], [1.0], reduction="none"
        ),  # was -0.59: [1.0] stretched to 3 classes
        lambda: numeric.softmax_cross_entropy_grad([0.0, 1.0, 2.0], [1.0], reduction="none"),
        lambda: numeric.softmax_cross_entropy([[0.0, 1.0, 2.0]], [[1.0], [1.0]], reduction="none"),
        lambda: numeric.softmax_cross_entropy([0.0, 1.0, 2.0], [1.0]),
        lambda: numeric.softmax_cross_entropy([0.0, 1.0, 2.0], [1 / 3]),  # would sum to 1 once stretched
        lambda: numeric.softmax_cross_entropy(np.zeros((3, 4)), np.full((1, 4), 0.25), axis=0),
    ],
)
def test_label_rows_need_every_class(call: Call) -> None:
    _raises(InvalidArgumentError, "classes along the class axis", call)


def test_label_rows_still_broadcast_on_the_other_axes() -> None:
    z = np.array([[0.0, 1.0, 2.0], [3.0, -1.0, 0.5]])
    y = np.array([0.2, 0.3, 0.5])
    per_row = [evaluate(_softmax_cross_entropy, row, y) for row in z]
    for row, value in zip(z, per_row, strict=True):
        assert_relative_error(numeric.softmax_cross_entropy(row, y, reduction="none"), value, 4e-15)
    assert_relative_error(numeric.softmax_cross_entropy(z, y), sum(per_row) / 2, 4e-15)


@pytest.mark.parametrize(
    "call",
    [
        lambda: numeric.entropy(
            np.ma.masked_array([0.25, 0.25, 0.5], mask=[False, False, True])
        ),  # the mask was dropped
        lambda: numeric.kl_divergence([0.5, 0.5], np.ma.masked_array([0.5, 0.5])),
        lambda: numeric.sigmoid(np.ma.masked_array([1.0, 2.0], mask=[True, False])),
        lambda: numeric.softmax(np.ma.masked_array([1.0, 2.0], mask=[True, False])),
        lambda: numeric.softmax_cross_entropy([[1.0, 2.0]], np.ma.masked_array([1], mask=[True])),
        lambda: numeric.sigmoid(np.ma.masked_array([1.0, 2.0], mask=[True, False])),
    ],
)
def test_masked_arrays_are_refused(call: Call) -> None:
    _raises(InvalidArgumentError, "masked", call)


@pytest.mark.parametrize("tiny", [5e-324, 1e-315, 2e-309])
def test_kl_divergence_when_p_over_q_overflows(tiny: float) -> None:
    p, q = [0.5, 0.5], [1.0, tiny]  # 0.5/5e-324 is inf; the term is 0.5 (log 0.5 - log 5e-324) = 371.53...
    expected = evaluate(_kl, p, q)
    assert_relative_error(numeric.kl_divergence(p, q), expected, 1e-14)
    n = 2 * BLOCK  # a long row, in column tiles: n - 1 equal terms and the one with the tiny q
    long_p, long_q = np.full(n, 1 / n), np.full(n, 1 / (n - 1))
    long_q[-1] = tiny
    same = evaluate(_kl, long_p[:1], long_q[:1])
    assert_relative_error(numeric.kl_divergence(long_p, long_q), (n - 1) * same + evaluate(_kl, [1 / n], [tiny]), 1e-13)
    columns = numeric.kl_divergence(np.array([p, p]).T, np.array([q, [0.5, 0.5]]).T, axis=0)
    assert_relative_error(columns[0], expected, 1e-14)
    assert numeric.kl_divergence(p, [1.0, 0.0]) == math.inf  # q = 0 under p > 0: a true infinity stays


@pytest.mark.parametrize(
    "call",
    [
        lambda: numeric.sigmoid(np.array([np.longdouble("1e400"), 0.0], dtype=np.longdouble)),
        lambda: numeric.binary_cross_entropy_with_logits(np.array([np.longdouble("-1e400")]), 1.0),
        lambda: numeric.softmax(np.array([np.longdouble("1e400"), 0.0], dtype=np.longdouble)),
        lambda: numeric.softmax_cross_entropy(np.array([np.longdouble("1e400"), 0.0], dtype=np.longdouble), 0),
    ],
)
def test_long_doubles_beyond_float64_are_refused(call: Call) -> None:
    """Computed in float64, 1e400 would be inf (it is inf already where long double is double)."""
    with pytest.raises(InvalidArgumentError, match=r"beyond the range of float64|non-finite"):
        call()


def _log_softmax_head(z: list[Any]) -> list[Any]:
    """``z_k - log sum_j e^{z_j}`` for the first 50 entries."""
    total = mpmath.log(mpmath.fsum(mpmath.exp(v) for v in z))
    return [v - total for v in z[:50]]


@pytest.mark.slow  # about 2 s of mpmath
def test_columns_cut_into_tiles_against_mpmath() -> None:
    """Along axis 0 with long columns, each tile is a transposed copy and the columns are cut: exact sums still."""
    rng = np.random.default_rng(11)
    shape = (BLOCK + 100, 3)
    p, q = rng.random(shape), rng.random(shape)
    p[::7] = 0.0
    p /= p.sum(axis=0)
    q /= q.sum(axis=0)
    z = rng.normal(0.0, 5.0, shape).astype(np.float32)  # converted tile by tile
    entropies, divergences = numeric.entropy(p, axis=0), numeric.kl_divergence(p, q, axis=0)
    log_probabilities = numeric.log_softmax(z, axis=0)
    for column in (0, 2):
        assert_relative_error(entropies[column], evaluate(_entropy, p[:, column]), 1e-13)
        assert_relative_error(divergences[column], evaluate(_kl, p[:, column], q[:, column]), 1e-13)
        exact = evaluate(_log_softmax_head, z[:, column])
        assert log_probabilities.dtype == np.float32  # the dtype is kept: computed in float64, rounded once
        assert_relative_error(log_probabilities[:50, column], exact, 2.0**-24)
    losses = evaluate(_softmax_cross_entropy, z[:, 1], p[:, 1])
    single = numeric.softmax_cross_entropy(z[:, 1:2], p[:, 1:2], axis=0)
    assert_relative_error(single, losses, 1e-13)


# ---------------------------------------------------------------- 2. dask arrays get the same checks


def _lazy(values: Any, **options: Any) -> Any:
    require(dask is not None, "dask[array] is not installed (it is in the test extra)")
    return da.from_array(np.asarray(values), **options)


DISTRIBUTION_FUNCTIONS: dict[str, Callable[[Any], Any]] = {
    "entropy": numeric.entropy,
    "cross_entropy": lambda p: numeric.cross_entropy(p, p),
    "kl_divergence": lambda p: numeric.kl_divergence(p, p),
    "softmax": numeric.softmax,
    "log_softmax": numeric.log_softmax,
    "softmax_cross_entropy": lambda z: numeric.softmax_cross_entropy(z, z),
}
ELEMENTWISE_FUNCTIONS: dict[str, Callable[[Any], Any]] = {
    "sigmoid": numeric.sigmoid,
    "log_sigmoid": numeric.log_sigmoid,
    "binary_entropy": numeric.binary_entropy,
    "binary_cross_entropy": lambda q: numeric.binary_cross_entropy(q, q),
    "binary_cross_entropy_with_logits": lambda y: numeric.binary_cross_entropy_with_logits(y, y),
}
ALL_FUNCTIONS = {**DISTRIBUTION_FUNCTIONS, **ELEMENTWISE_FUNCTIONS}


@pytest.mark.parametrize("name", ALL_FUNCTIONS)
@pytest.mark.parametrize(
    ("values", "options", "error", "fragment"),
    [
        (np.array([0.5 + 0j, 0.5]), {}, InvalidArgumentError, "must hold real numbers, got dtype complex128"),
        (np.array([True, False]), {}, InvalidArgumentError, "must hold real numbers, got dtype bool"),
        (np.array([0.5, 0.5], dtype=object), {"chunks": 1}, InvalidArgumentError, "got dtype object"),
        (np.array([], dtype=np.float64), {}, InvalidProbabilityError, "is empty"),
    ],
    ids=["complex", "bool", "object", "empty"],
)
def test_dask_input_is_refused_before_it_is_computed(
    name: str, values: np.ndarray, options: dict[str, Any], error: type[Exception], fragment: str
) -> None:
    _raises(error, fragment, lambda: ALL_FUNCTIONS[name](_lazy(values, **options)))


AXIS_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "entropy": numeric.entropy,
    "cross_entropy": lambda p, axis: numeric.cross_entropy(p, p, axis=axis),
    "kl_divergence": lambda p, axis: numeric.kl_divergence(p, p, axis=axis),
    "softmax": numeric.softmax,
    "log_softmax": numeric.log_softmax,
    "softmax_cross_entropy": lambda z, axis: numeric.softmax_cross_entropy(z, z, axis=axis),
}


@pytest.mark.parametrize("name", AXIS_FUNCTIONS)
def test_dask_scalars_and_bad_axes_are_refused(name: str) -> None:
    function = AXIS_FUNCTIONS[name]
    _raises(InvalidArgumentError, "at least one dimension", lambda: function(_lazy(1.0), axis=-1))
    _raises(InvalidArgumentError, "axis 2 is out of range", lambda: function(_lazy([0.5, 0.5]), axis=2))
    _raises(InvalidArgumentError, "axis must be an int", lambda: function(_lazy([0.5, 0.5]), axis=0.0))


def test_dask_shapes_labels_masks_and_unknown_chunks_are_refused() -> None:
    p = _lazy([0.5, 0.5])
    _raises(InvalidArgumentError, "do not broadcast", lambda: numeric.cross_entropy(p, _lazy([0.2, 0.3, 0.5])))
    _raises(InvalidArgumentError, "do not broadcast", lambda: numeric.binary_cross_entropy(p, [0.2, 0.3, 0.5]))
    _raises(InvalidArgumentError, "one per row", lambda: numeric.softmax_cross_entropy(_lazy(np.zeros((4, 3))), [0]))
    _raises(InvalidArgumentError, "classes", lambda: numeric.softmax_cross_entropy(_lazy([0.0, 1.0, 2.0]), [1.0]))
    masked = da.ma.masked_array(_lazy([0.5, 0.5]), mask=[0, 1])
    _raises(InvalidArgumentError, "masked dask array", lambda: numeric.entropy(masked))
    unknown = _lazy([0.5, 0.5, 0.2], chunks=1)
    unknown = unknown[unknown > 0.3]
    _raises(InvalidArgumentError, "unknown chunk sizes", lambda: numeric.entropy(unknown))


@pytest.mark.slow
@pytest.mark.parametrize("dtype", [np.int8, np.uint16, np.float16, np.float32])
def test_dask_computes_in_float64_like_numpy(dtype: type[np.generic]) -> None:
    p = np.array([1, 0, 0, 0], dtype=dtype) if np.dtype(dtype).kind in "iu" else np.array([0.25, 0.75], dtype=dtype)
    lazy = _lazy(p, chunks=1)
    entropy = numeric.entropy(lazy)
    assert entropy.dtype == np.float64
    assert_relative_error(float(entropy.compute()), evaluate(_entropy, p.tolist()), 1e-15)
    for function in (numeric.sigmoid, numeric.log_softmax):
        result = function(lazy)
        assert result.dtype == np.float64 and result.compute().dtype == np.float64
    z = lazy.compute()
    assert_relative_error(
        float(numeric.sigmoid(lazy).compute()[0]), evaluate(lambda v: 1 / (1 + mpmath.exp(-v)), z[0]), 4e-16
    )


@pytest.mark.slow
def test_dask_values_are_checked_when_computed_without_warnings() -> None:
    bad = numeric.cross_entropy(_lazy([1.0, 0.0], chunks=1), _lazy([1.5, -0.5], chunks=1))
    with pytest.raises(InvalidProbabilityError, match="checked when computed"):
        bad.compute()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # 0 log 0 divides by zero on the way: no RuntimeWarning may escape
        assert float(numeric.entropy(_lazy([1.0, 0.0], chunks=1)).compute()) == 0.0
        assert float(numeric.kl_divergence(_lazy([1.0, 0.0]), _lazy([0.5, 0.5])).compute()) == math.log(2)


class _ForeignArray:
    """A stand-in for CuPy, sparse & co.: NumPy's protocols, and ``__array__`` that hands out entries unchecked."""

    def __init__(self, values: Any) -> None:
        self.values = np.asarray(values, dtype=np.float64)
        self.shape, self.dtype, self.ndim = self.values.shape, self.values.dtype, self.values.ndim

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        return self.values

    def __array_function__(self, function: Any, types: Any, args: Any, kwargs: Any) -> Any:
        return NotImplemented

    def __array_ufunc__(self, ufunc: Any, method: str, *inputs: Any, **kwargs: Any) -> Any:
        return NotImplemented


@pytest.mark.parametrize(
    "call",
    [
        *(lambda name=name: ALL_FUNCTIONS[name](_ForeignArray([-0.5, 1.5])) for name in ALL_FUNCTIONS),
        lambda: numeric.cross_entropy([1.0, 0.0], _ForeignArray([1.5, -0.5])),
        lambda: numeric.binary_cross_entropy_with_logits([0.0], _ForeignArray([2.0])),
        lambda: numeric.softmax_cross_entropy([0.0, 1.0], _ForeignArray([1.5, -0.5])),
        lambda: numeric.softmax_cross_entropy([[0.0, 1.0]], _ForeignArray([1])),
        lambda: numeric.sigmoid(_ForeignArray([1.0])),
        lambda: numeric.softmax_cross_entropy([0.0, 1.0], _ForeignArray([1.5, -0.5]), reduction="none"),
    ],
)
def test_other_array_libraries_are_refused(call: Call) -> None:
    _raises(InvalidArgumentError, "_ForeignArray, whose entries cannot be checked", call)


def test_a_dask_array_of_foreign_chunks_is_refused() -> None:
    lazy = _lazy([0.5, 0.5])
    lazy._meta = _ForeignArray(np.zeros(0))  # what a dask array of CuPy chunks would report
    _raises(InvalidArgumentError, "only NumPy chunks", lambda: numeric.entropy(lazy))


# ---------------------------------------------------------------- 3. memory: a few blocks beyond the output

MEMORY_SIZE = 1_000_000
#: Allowed peak beyond the output, as a multiple of one float64 input: a few 64 KiB blocks at 8 MB.
MEMORY_SLACK = 0.1


def _peak_and_output(call: Call) -> tuple[float, float]:
    """The peak traced while ``call()`` runs and the size of its output, both in multiples of the input."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        result = call()
        peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    size = 8 * MEMORY_SIZE
    return peak / size, np.asarray(result).nbytes / size


def _memory_cases() -> dict[str, Call]:
    rng = np.random.default_rng(7)
    z = rng.normal(0.0, 4.0, MEMORY_SIZE)
    u = rng.random(MEMORY_SIZE)
    p = u / u.sum()
    columns = rng.random((1000, MEMORY_SIZE // 1000))
    columns /= columns.sum(axis=0)
    return {
        "sigmoid": lambda: numeric.sigmoid(z),
        "log_sigmoid": lambda: numeric.log_sigmoid(z),
        "binary_entropy": lambda: numeric.binary_entropy(u),
        "binary_cross_entropy": lambda: numeric.binary_cross_entropy(u, u[::-1]),
        "softmax of one row": lambda: numeric.softmax(z),
        "log_softmax along axis 0": lambda: numeric.log_softmax(columns, axis=0),
        "softmax_cross_entropy of one row": lambda: numeric.softmax_cross_entropy(z, p),
        "entropy along axis 0": lambda: numeric.entropy(columns, axis=0),
        "kl_divergence": lambda: numeric.kl_divergence(p, p[::-1]),
        "sigmoid_focal_loss": lambda: numeric.sigmoid_focal_loss(z, u, reduction="none"),
    }


@pytest.mark.slow
@pytest.mark.parametrize("name", list(_memory_cases()))
def test_memory_is_the_output_and_a_few_blocks(name: str) -> None:
    call = _memory_cases()[name]
    call()  # kernels lambdified, buffers of NumPy's caches in place
    peak, output = _peak_and_output(call)
    assert peak <= output + MEMORY_SLACK, f"{name}: peak {peak:.3f}x the input, output {output:.3f}x"
    assert peak <= 1.0 + MEMORY_SLACK
