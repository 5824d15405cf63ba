"""The stable forms of :mod:`symbolic_info.numeric.kernels`, lambdified once per array namespace.

The same SymPy expressions (:data:`~symbolic_info.numeric.kernels.FORMS`), the same symbols and
intermediate values, printed for ``xp`` by :mod:`.printer`, with ``xlogy``/``xlog1py`` from
:mod:`.autodiff`.

>>> import numpy as np
>>> float(namespace_kernel("log_sigmoid", np)(np.float64(-800.0)))
-800.0
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from ..kernels import AUXILIARY, FORMS, SYMBOLS, kernel
from .autodiff import pair
from .printer import lambdify_namespace

__all__ = ["namespace_kernel"]


@cache
def namespace_kernel(name: str, namespace: Any) -> Callable[..., Any]:
    """The stable form ``name`` as a function over ``namespace`` (built once per pair, then cached)."""
    kernel(name)  # the NumPy pipeline's check of the name
    xlogy, xlog1py = pair(namespace)
    functions = {"xlogy": xlogy, "xlog1py": xlog1py}
    return lambdify_namespace(SYMBOLS[name], FORMS[name], namespace, functions, AUXILIARY.get(name, ()))
