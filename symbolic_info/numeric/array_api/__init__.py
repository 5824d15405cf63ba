"""Arrays of other libraries (JAX, array-api-strict, CuPy, ...): the functions of :mod:`symbolic_info.numeric` on them.

Each public function of :mod:`symbolic_info.numeric` is wrapped by :func:`generic_path`: an argument
that is not a NumPy or dask array but has ``__array_namespace__`` sends the call to the function
of the same name here, which evaluates the same stable forms lambdified for that library's namespace
(:mod:`.printer`, :mod:`.kernels`; ``array_api_compat`` finds the namespace, imported only then) and
returns that library's arrays, with the NumPy path's dtype rules. With JAX, ``jax.jit`` and
``jax.grad`` go through every loss and measure: no gradient is NaN (:mod:`.autodiff`, and the
double ``where`` of :func:`.printer.guarded`), and the value checks, which need values, are skipped
under tracing (:mod:`.checks`).

The ``<name>_grad`` functions evaluate the proved derivatives (:mod:`.gradients`) the same way.
``sigmoid_focal_loss``, ``gaussian_kl_diagonal`` and ``distillation_kl`` with their gradients are in
:mod:`.focal`, :mod:`.gaussian` and :mod:`.distillation`: every public function has this path.

>>> import array_api_strict as xp
>>> from symbolic_info import numeric
>>> numeric.entropy(xp.asarray([0.5, 0.5]), base=2)
Array(1., dtype=array_api_strict.float64)
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, ParamSpec, TypeVar

import numpy as np

from . import distillation, focal, gaussian, gradients, losses, measures
from .checks import is_foreign

__all__ = ["GENERIC", "generic_path"]

_Arguments = ParamSpec("_Arguments")
_Result = TypeVar("_Result")


#: The function of the generic path for each public name of :mod:`symbolic_info.numeric`.
GENERIC: Mapping[str, Callable[..., Any]] = MappingProxyType(
    {
        **{name: getattr(measures, name) for name in measures.__all__ if name != "shifted_rows"},
        **{name: getattr(losses, name) for name in losses.__all__},
        **{name: getattr(gradients, name) for name in gradients.__all__},
        **{name: getattr(focal, name) for name in focal.__all__},
        **{name: getattr(gaussian, name) for name in gaussian.__all__},
        **{name: getattr(distillation, name) for name in distillation.__all__},
    }
)


#: Types that are never another library's arrays (checked first, by identity).
_PLAIN = frozenset({np.ndarray, list, tuple, float, int, bool, str, type(None), np.float64, np.float32})


def generic_path(function: Callable[_Arguments, _Result]) -> Callable[_Arguments, _Result]:
    """``function`` for NumPy and dask input; its namesake in :data:`GENERIC` when an argument is another library's."""
    generic = GENERIC[function.__name__]

    @functools.wraps(function)
    def dispatched(*args: _Arguments.args, **kwargs: _Arguments.kwargs) -> _Result:
        # NumPy arrays, lists and numbers cost a type test each (no generator: the small calls are timed)
        for value in (*args, *kwargs.values()) if kwargs else args:
            if type(value) not in _PLAIN and is_foreign(value):
                with np.errstate(all="ignore"):  # NumPy-backed libraries warn on 0 log 0 and friends
                    result: _Result = generic(*args, **kwargs)
                return result
        return function(*args, **kwargs)

    return dispatched
