"""The stable forms of :mod:`symbolic_info.numeric.kernels` and the proved derivatives, once per array namespace.

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

import sympy as sp

from ...formulas import losses
from ...formulas.learning import to_numeric_form
from ..kernels import AUXILIARY, FORMS, SYMBOLS, kernel
from .autodiff import pair
from .printer import lambdify_namespace

__all__ = ["namespace_gradient", "namespace_kernel", "namespace_termwise"]


@cache
def namespace_kernel(name: str, namespace: Any) -> Callable[..., Any]:
    """The stable form ``name`` as a function over ``namespace`` (built once per pair, then cached)."""
    kernel(name)  # the NumPy pipeline's check of the name
    xlogy, xlog1py = pair(namespace)
    functions = {"xlogy": xlogy, "xlog1py": xlog1py}
    return lambdify_namespace(SYMBOLS[name], FORMS[name], namespace, functions, AUXILIARY.get(name, ()))


def _gradient_forms() -> dict[str, tuple[tuple[sp.Symbol, ...], sp.Basic]]:
    p, q, a, b, z, y, w = sp.symbols("p q a b z y w", real=True)
    rest, others = sp.symbols("r o", real=True)
    return {
        "softmax": ((p, rest, a, others), losses.coefficient_softmax_gradient(p, rest, a, others)),
        "kl": ((p, q), losses.kl_term_gradient(p, q)),
        "kl_logs": ((a, b), losses.kl_term_from_logs_gradient(a, b)),
        "cross_entropy": ((p, q), losses.cross_entropy_term_gradient(p, q)),
        "entropy": ((p,), losses.entropy_term_gradient(p)),
        "logits": ((z, y, w), to_numeric_form(losses.weighted_logistic_gradient(z, y, w))),
        "probabilities": ((q, y, w), losses.binary_cross_entropy_gradient(q, y, w)),
    }


@cache
def namespace_gradient(name: str, namespace: Any) -> Callable[..., Any]:
    """The proved derivative ``name`` over ``namespace``, term by term, a term that is ``0/0`` (NaN) taken as 0.

    The same expressions as the NumPy gradients (:mod:`symbolic_info.formulas.losses`): a term is a
    coefficient times a part infinite at an end point (``y/q``); where the coefficient is 0 it is 0.
    """
    symbols, expression = _gradient_forms()[name]
    return namespace_termwise(symbols, sp.Add.make_args(expression), namespace)


def namespace_termwise(
    symbols: tuple[sp.Symbol, ...], terms: tuple[sp.Basic, ...], namespace: Any
) -> Callable[..., Any]:
    """The sum of ``terms`` over ``namespace``, each lambdified on its own, a term that is ``0/0`` (NaN) taken as 0.

    A term is a coefficient times a part infinite at an end point; where the coefficient is 0, the
    term's limit is 0.
    """
    xlogy, xlog1py = pair(namespace)
    functions = {"xlogy": xlogy, "xlog1py": xlog1py}
    lambdified = [lambdify_namespace(symbols, term, namespace, functions) for term in terms]

    def termwise(*values: Any) -> Any:
        total: Any = 0.0
        for term in lambdified:
            value = term(*values)
            if isinstance(value, (int, float)):  # a constant term (the 1 of 1 - p/q)
                total = total + value
            else:
                total = total + namespace.where(namespace.isnan(value), 0.0, value)
        return total

    return termwise
