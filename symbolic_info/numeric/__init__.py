"""Fast, accurate NumPy versions of the information-theory functions, from their symbolic definitions.

Each function evaluates a numerically stable form of its definition in
:mod:`symbolic_info.formulas.definitions`: the form is a SymPy expression
(:mod:`symbolic_info.formulas.stable`), lambdified into NumPy code (:mod:`.kernels`) and reduced
with NumPy; a certificate in the book (Part "Stable numeric forms") proves it equal to the textbook
formula. Where speed matters the same expression
runs as fused NumPy calls over cache-sized blocks (:mod:`.chunks`).

Conventions: NumPy broadcasting, an ``axis`` for the functions of distributions, float64 in and
out, a scalar (NumPy scalar) for a scalar input or a 1-D distribution. ``0 log 0 = 0``; ``p > 0``
where ``q = 0`` gives ``+inf``. Bad input raises :class:`~symbolic_info.errors.InvalidProbabilityError`
or :class:`~symbolic_info.errors.InvalidArgumentError` (both ``ValueError``): negative entries,
NaN or infinity, shapes that do not broadcast, empty input, out-of-range labels, and probability
rows whose sum is off 1 by more than :data:`SUM_TOLERANCE` (``1e-6``; rows are never renormalised).
Dask arrays go through NumPy's protocols and stay lazy (their checks run when computed).

>>> from symbolic_info import numeric
>>> float(numeric.entropy([0.5, 0.5], base=2))
1.0
>>> float(numeric.kl_divergence([0.5, 0.5], [0.9, 0.1]))  # 0.5 log(0.5/0.9) + 0.5 log(0.5/0.1)
0.5108256237659907
"""

from __future__ import annotations

from .arrays import SUM_TOLERANCE
from .pointwise import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    binary_entropy,
    log_sigmoid,
    sigmoid,
)
from .reductions import cross_entropy, entropy, kl_divergence
from .softmax import log_softmax, softmax, softmax_cross_entropy

__all__ = [
    "SUM_TOLERANCE",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "binary_entropy",
    "cross_entropy",
    "entropy",
    "kl_divergence",
    "log_sigmoid",
    "log_softmax",
    "sigmoid",
    "softmax",
    "softmax_cross_entropy",
]
