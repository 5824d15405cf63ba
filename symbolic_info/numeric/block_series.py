"""The series branch of the KL term, ``t u^2 - t (1 - u) (atanh(u) - u)``, evaluated into reused buffers.

The kernels lambdified from :func:`symbolic_info.formulas.stable.kl_term_series` allocate an array per
operation and evaluate ``u**3`` with ``pow`` (some 50 ns an entry): fine for a handful of entries,
not for the block walks. :func:`series_into` evaluates the same expression, operation for operation
in the lambdified code's order (Horner's rule in ``u^2`` with the coefficients of
:func:`~symbolic_info.formulas.stable.odd_series_tail`, then ``-t u^3 (1 - u) P + t u^2``), into
scratch buffers; only ``u^3`` is ``u * u^2`` (within one unit of ``pow``'s), which moves the
result by far less than a unit: the part it multiplies is below ``1/20`` of the total for
``|u| <= 1/8``. The callers gather the entries of the series region (usually a fraction of a block).

>>> u = np.array([0.0, 0.1, -0.125])
>>> out = series_into(np.full(3, 2.0), u, np.empty(3), Scratch(), 0)
>>> bool(np.allclose(out, 2 * (u**2 - (1 - u) * (np.arctanh(u) - u)), rtol=1e-15, atol=0))
True
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from ..formulas.stable import KL_SERIES_TERMS, odd_series_tail
from .chunks import Scratch

__all__ = ["SERIES_COEFFICIENTS", "series_into"]


def _coefficients() -> tuple[float, ...]:
    """``1/3, 1/5, ..., 1/(2K+1)``: the coefficients of ``u^3, u^5, ...`` in the truncated series, as doubles."""
    u = sp.Symbol("u")
    polynomial = sp.Poly(sp.expand(odd_series_tail(u, KL_SERIES_TERMS)), u)
    return tuple(float(polynomial.coeff_monomial(u ** (2 * k + 1))) for k in range(1, KL_SERIES_TERMS + 1))


#: The coefficients of ``atanh(u) - u = u^3 (1/3 + u^2/5 + ...)``, truncated as the stable forms truncate it.
SERIES_COEFFICIENTS = _coefficients()


def series_into(total: np.ndarray, u: np.ndarray, out: np.ndarray, scratch: Scratch, slot: int) -> np.ndarray:
    """``t u^2 - t (1 - u) u^3 P(u^2)`` of 1-D ``total`` (``t``) and ``u`` into ``out``; scratch slots ``slot``, +1, +2.

    ``P`` is the nested polynomial of :func:`~symbolic_info.formulas.stable.odd_series_tail`; ``out``
    may not be ``total`` or ``u``.
    """
    square, nested, other = (scratch.buffer(slot + k, u.shape) for k in range(3))
    np.multiply(u, u, out=square)
    np.multiply(square, SERIES_COEFFICIENTS[-1], out=nested)
    for coefficient in reversed(SERIES_COEFFICIENTS[1:-1]):
        np.add(nested, coefficient, out=nested)
        np.multiply(square, nested, out=nested)
    np.add(nested, SERIES_COEFFICIENTS[0], out=nested)  # P(u^2)
    np.negative(total, out=out)
    np.multiply(out, np.multiply(u, square, out=other), out=out)  # -t u^3
    np.multiply(out, np.subtract(1.0, u, out=other), out=out)
    np.multiply(out, nested, out=out)
    np.add(out, np.multiply(total, square, out=other), out=out)
    return out
