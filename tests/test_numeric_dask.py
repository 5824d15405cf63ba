"""Dask arrays go through symbolic_info.numeric unchanged (NumPy's protocols) and stay lazy until computed."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest

from symbolic_info import numeric
from symbolic_info.errors import InvalidProbabilityError

from .conftest import require

try:
    import dask
    import dask.array
except ImportError:  # pragma: no cover - dask is in the test extra
    dask = None  # type: ignore[assignment]

# dask's functions carry no annotations, and mypy --strict rejects calls to untyped functions: use them as Any.
untyped_dask: Any = dask
da: Any = None if dask is None else dask.array


@pytest.fixture
def computations() -> Iterator[list[int]]:
    """Counts every graph dask computes (a scheduler that counts, then runs synchronously)."""
    require(dask is not None, "dask[array] is not installed (it is in the test extra)")
    calls: list[int] = []

    def counting(graph: Any, keys: Any, **options: Any) -> Any:
        calls.append(1)
        return untyped_dask.get(graph, keys, **options)

    with dask.config.set(scheduler=counting):
        yield calls


@pytest.mark.slow
def test_a_chunked_million_element_array_gives_the_numpy_value_lazily(computations: list[int]) -> None:
    rng = np.random.default_rng(12)
    p, q = rng.dirichlet(np.ones(1_000_000)), rng.dirichlet(np.ones(1_000_000))
    lazy_p, lazy_q = da.from_array(p, chunks=125_000), da.from_array(q, chunks=125_000)
    results = {
        "entropy": (numeric.entropy(lazy_p), numeric.entropy(p)),
        "cross_entropy": (numeric.cross_entropy(lazy_p, lazy_q), numeric.cross_entropy(p, q)),
        "kl_divergence": (numeric.kl_divergence(lazy_p, lazy_q, base=2), numeric.kl_divergence(p, q, base=2)),
    }
    assert computations == []  # nothing was computed while building
    for lazy, eager in results.values():
        assert isinstance(lazy, da.Array)
        assert math.isclose(float(lazy.compute()), eager, rel_tol=1e-12)
    assert len(computations) == len(results)


@pytest.mark.slow
def test_elementwise_and_softmax_functions_stay_lazy(computations: list[int]) -> None:
    rng = np.random.default_rng(13)
    z = rng.normal(0, 20, (2_000, 10))
    y = rng.random((2_000, 10))
    lazy_z, lazy_y = da.from_array(z, chunks=(500, 10)), da.from_array(y, chunks=(500, 10))
    labels, soft = rng.integers(0, 10, 2_000), y / y.sum(axis=1)[:, None]
    lazy_soft = lazy_y / lazy_y.sum(axis=1)[:, None]
    pairs = [
        (numeric.sigmoid(lazy_z), numeric.sigmoid(z)),
        (numeric.log_sigmoid(lazy_z), numeric.log_sigmoid(z)),
        (numeric.binary_cross_entropy_with_logits(lazy_z, lazy_y), numeric.binary_cross_entropy_with_logits(z, y)),
        (numeric.log_softmax(lazy_z), numeric.log_softmax(z)),
        (numeric.softmax(lazy_z, axis=0), numeric.softmax(z, axis=0)),
        (numeric.softmax_cross_entropy(lazy_z, labels), numeric.softmax_cross_entropy(z, labels)),
        (numeric.softmax_cross_entropy(lazy_z, lazy_soft), numeric.softmax_cross_entropy(z, soft)),
    ]
    assert computations == []
    for lazy, eager in pairs:
        assert isinstance(lazy, da.Array)
        np.testing.assert_allclose(lazy.compute(), eager, rtol=1e-14, atol=0)


@pytest.mark.slow
def test_invalid_lazy_input_raises_when_computed(computations: list[int]) -> None:
    bad_rows = numeric.entropy(da.from_array(np.array([0.2, 0.2, 0.2]), chunks=2))
    bad_label = numeric.softmax_cross_entropy(da.from_array(np.zeros((4, 3)), chunks=2), np.array([0, 1, 2, 3]))
    assert computations == []
    for lazy in (bad_rows, bad_label):
        with pytest.raises(InvalidProbabilityError, match="checked when computed"):
            lazy.compute()
