"""Fast, accurate NumPy versions of the information-theory functions, from their symbolic definitions.

Each function evaluates a numerically stable form of its definition in
:mod:`symbolic_info.formulas.definitions`: the form is a SymPy expression
(:mod:`symbolic_info.formulas.stable`), lambdified into NumPy code (:mod:`.kernels`) and reduced
with NumPy; a certificate in the book (Part "Stable numeric forms") proves it equal to the textbook
formula. Where speed matters the same expression
runs as fused NumPy calls over cache-sized blocks (:mod:`.chunks`).

One convention: the information measures keep the mathematical order (``entropy(p)``,
``cross_entropy(p, q)`` = H(p, q), ``kl_divergence(p, q)`` = D(p||q); ``reduction="none"`` by default),
the losses take the prediction first, then the target (``binary_cross_entropy(q, y)``,
``binary_cross_entropy_with_logits(z, y)``, ``softmax_cross_entropy(logits, labels)``,
``sigmoid_focal_loss(logits, targets)``; ``reduction="mean"``
by default), with PyTorch's options (:mod:`.options`, :mod:`symbolic_info.formulas.losses`), and each loss
has a gradient in its prediction with the same arguments, ``<loss>_grad`` (:mod:`.loss_gradients`).
Two losses of today's models: ``distillation_kl(student_logits, teacher_logits, temperature)``
(:mod:`.distillation`) and the VAE's ``gaussian_kl_diagonal(mu, log_var)`` (:mod:`.gaussian`), each
with its ``_grad``.

Conventions: NumPy broadcasting, an ``axis`` for the functions of distributions, the dtype kept for
float16/32/64 (computed in float64, rounded once; integers give float64), a scalar (NumPy scalar)
for a scalar input or a 1-D distribution. ``0 log 0 = 0``; ``p > 0`` where ``q = 0`` gives ``+inf``;
a logit ``-inf`` is a masked class, and infinite logits of the binary losses give the limit. Every
argument is checked in full, whatever the others hold. Bad input raises
:class:`~symbolic_info.errors.InvalidProbabilityError` or :class:`~symbolic_info.errors.InvalidArgumentError`
(both ``ValueError``): negative entries, NaN, shapes that do not broadcast, empty input,
out-of-range labels, label rows without every class, probability rows whose sum is off 1 by more
than :data:`SUM_TOLERANCE` (``1e-6``; rows are never renormalised), bool, complex or object data,
masked arrays (refused: the mask would be dropped), and arrays of other libraries without the array API
(sparse, ...). Arrays of array API libraries (JAX, array-api-strict, CuPy, ...) take the generic path of
:mod:`.array_api` and come back as that library's arrays (``jax.jit``, ``jax.grad`` work through it).

Small inputs take a small-size path (:mod:`.small`): up to 32 entries the stable forms run on Python
floats (:func:`.kernels.math_kernel`), up to one block (8192 entries) the block function runs once,
with the checks in the same few passes; anything else (and any input that fails a check) goes to
the general path, which raises the errors.

Dask arrays stay lazy (the default options only, for now): their dtype, shape, axis and label shapes
are checked at once on the metadata (float64 out), their values when computed (:mod:`.lazy`). Memory: every function
walks its data in cache-sized blocks (:mod:`.chunks`), so beyond its output it needs a few blocks,
also along a non-last ``axis`` (no transposed copy) and for one long softmax row.

>>> from symbolic_info import numeric
>>> float(numeric.entropy([0.5, 0.5], base=2))
1.0
>>> float(numeric.kl_divergence([0.5, 0.5], [0.9, 0.1]))  # 0.5 log(0.5/0.9) + 0.5 log(0.5/0.1)
0.5108256237659907
"""

from __future__ import annotations

from .arrays import SUM_TOLERANCE
from .binary import binary_cross_entropy, binary_cross_entropy_with_logits
from .classification import softmax_cross_entropy
from .distillation import distillation_kl, distillation_kl_grad
from .focal import sigmoid_focal_loss, sigmoid_focal_loss_grad
from .gaussian import gaussian_kl_diagonal, gaussian_kl_diagonal_grad
from .loss_gradients import binary_cross_entropy_grad, binary_cross_entropy_with_logits_grad, softmax_cross_entropy_grad
from .measure_gradients import cross_entropy_grad, entropy_grad, kl_divergence_grad
from .pointwise import binary_entropy, log_sigmoid, sigmoid
from .reductions import cross_entropy, entropy, kl_divergence
from .softmax import log_softmax, softmax

__all__ = [
    "SUM_TOLERANCE",
    "binary_cross_entropy",
    "binary_cross_entropy_grad",
    "binary_cross_entropy_with_logits",
    "binary_cross_entropy_with_logits_grad",
    "binary_entropy",
    "cross_entropy",
    "cross_entropy_grad",
    "distillation_kl",
    "distillation_kl_grad",
    "entropy",
    "entropy_grad",
    "gaussian_kl_diagonal",
    "gaussian_kl_diagonal_grad",
    "kl_divergence",
    "kl_divergence_grad",
    "log_sigmoid",
    "log_softmax",
    "sigmoid",
    "sigmoid_focal_loss",
    "sigmoid_focal_loss_grad",
    "softmax",
    "softmax_cross_entropy",
    "softmax_cross_entropy_grad",
]
