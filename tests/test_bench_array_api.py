"""``symbolic-info bench array_api``: each timed pair computes the same thing (ours against the naive expression)."""

from __future__ import annotations

import numpy as np
import pytest

from symbolic_info.benchmarks import array_api


@pytest.mark.slow  # compiles a JAX function for each pair: seconds
def test_each_pair_computes_the_same_values() -> None:
    measured = array_api.pairs(2_000)
    assert "distillation_kl grad" in measured and "sigmoid_focal_loss" in measured
    for name, functions in measured.items():
        ours, naive = np.asarray(functions["ours"]()), np.asarray(functions["naive"]())
        assert ours.shape == naive.shape, name
        np.testing.assert_allclose(ours, naive, rtol=2e-4, atol=1e-6, err_msg=name)  # float32, JAX's default
