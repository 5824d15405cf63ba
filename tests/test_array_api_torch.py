"""PyTorch tensors on the array API path, when PyTorch is installed (it is no dependency of the package).

The cases of ``tests/test_array_api.py``: tensors in, tensors out on the same device with the dtype
kept and NumPy's values; the ``_grad`` functions; and autograd: ``backward()`` of each loss gives
the proved gradient, never NaN, also at masked classes and infinite logits (the rules of
:func:`symbolic_info.numeric.array_api.autodiff.ruled`). CI does not install PyTorch (a CPU build is
hundreds of MB): there the whole module is skipped, and says so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from symbolic_info import numeric

from . import test_array_api as cases

torch = pytest.importorskip("torch", reason="PyTorch is optional: install it to test its tensors")


def _tensor(value: Any, dtype: Any = None) -> Any:
    array = np.ascontiguousarray(value)
    tensor = torch.as_tensor(array)
    return tensor.to(dtype) if dtype is not None and array.dtype.kind == "f" else tensor


@pytest.mark.parametrize("name", list(cases.CASES))
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_tensors_in_tensors_out_with_the_dtype_and_device_kept(name: str, dtype: str) -> None:
    function, args, kwargs = cases.CASES[name]
    wanted = getattr(torch, dtype)
    tensors = [_tensor(arg, wanted) for arg in args]
    result = function(*tensors, **kwargs)
    assert isinstance(result, torch.Tensor)
    assert result.dtype == wanted and result.device == tensors[0].device
    expected = function(*args, **kwargs)
    np.testing.assert_allclose(result.numpy(), expected, rtol=1e-6 if dtype == "float32" else 1e-14)


@pytest.mark.parametrize(("gradient", "args", "kwargs"), cases.GRADIENT_FUNCTIONS)
def test_gradient_functions_on_tensors_equal_the_numpy_ones(
    gradient: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    result = gradient(*(_tensor(arg) for arg in args), **kwargs)
    assert isinstance(result, torch.Tensor)
    cases._close_to_proved(result.numpy(), gradient(*args, **kwargs))


@pytest.mark.parametrize(("name", "args", "kwargs"), cases.GRADIENT_CASES)
def test_backward_of_each_loss_is_the_proved_gradient(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    loss, proved = cases.GRADIENTS[name]
    first, second = (_tensor(arg) for arg in args)
    if name in {"kl_divergence", "cross_entropy"}:  # the measures: the gradient in q (the second argument)
        variable = second.clone().requires_grad_(True)
        loss(first, variable, **kwargs).sum().backward()
    else:
        variable = first.clone().requires_grad_(True)
        loss(variable, second, **kwargs).backward()
    cases._close_to_proved(variable.grad.numpy(), proved(*args, **kwargs))


@pytest.mark.parametrize(("gamma", "alpha"), [(2.0, None), (0.5, 0.25)])
def test_backward_of_the_focal_loss_has_the_limits_at_infinite_logits(gamma: float, alpha: float | None) -> None:
    z = np.array([np.inf, -np.inf, np.inf, -np.inf, 800.0, -800.0, 1.5])
    y = np.array([1.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.3])
    options: dict[str, Any] = {"gamma": gamma, "alpha": alpha, "reduction": "sum"}
    logits = _tensor(z).requires_grad_(True)
    numeric.sigmoid_focal_loss(logits, _tensor(y), **options).backward()
    cases._close_to_proved(logits.grad.numpy(), numeric.sigmoid_focal_loss_grad(z, y, **options))
