"""What each option of the numeric losses means, as formulas: the one source the kernels and the book start from.

The options follow PyTorch's documented semantics (``torch.nn.functional.cross_entropy``,
``binary_cross_entropy_with_logits``, ``kl_div``) where PyTorch has the option, and Keras's
``sample_weight`` where it does not:

- label smoothing mixes the labels with the uniform distribution: ``y'_c = (1 - eps) y_c + eps/C``
  (``(1 - eps) y + eps/2`` for a binary label, as Keras and optax do);
- a class weight ``w_c`` multiplies every term of class ``c``: ``l = -sum_c w_c y'_c log softmax_c``;
- ``pos_weight`` multiplies the positive part of a binary loss: ``-[w y log q + (1 - y) log(1 - q)]``;
- ``reduction="mean"`` divides the (sample-weighted) sum of the losses by the summed class weights of
  the rows that count (:func:`weighted_mean`): PyTorch's mean for class-index labels; with no class
  weights that is the number of counted rows (Keras's ``sum_over_batch_size``);
- log-space inputs: ``D(p||q)`` of ``log p = a`` and ``log q = b`` is ``sum_i e^{a_i} (a_i - b_i)``,
  and ``H(p, q) = -sum_i e^{a_i} b_i``, with ``0 log 0 = 0`` where ``a_i = -oo``.

>>> y, eps = sp.symbols("y epsilon")
>>> smoothed_label(y, eps, 4)
epsilon/4 + y*(1 - epsilon)
>>> weighted_mean([1, 2, 3], [1, 1, 2])
3/2
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy as sp

from ..errors import InvalidArgumentError
from .definitions import as_exact, sigmoid, softmax
from .learning import Sigmoid
from .special import xlogy
from .vectors import Vector

__all__ = [
    "binary_cross_entropy_gradient",
    "binary_smoothed_label",
    "coefficient_softmax_gradient",
    "cross_entropy_from_logs",
    "cross_entropy_term_gradient",
    "entropy_term_gradient",
    "kl_divergence_from_logs",
    "kl_term_from_logs",
    "kl_term_from_logs_gradient",
    "kl_term_gradient",
    "smoothed_label",
    "weighted_binary_cross_entropy",
    "weighted_logistic_gradient",
    "weighted_logistic_loss",
    "weighted_mean",
    "weighted_softmax_cross_entropy",
]


def smoothed_label(label: sp.Expr, smoothing: sp.Expr, classes: sp.Expr | int) -> sp.Expr:
    """``(1 - eps) y_c + eps/C``: the label mixed with the uniform distribution over ``C`` classes."""
    return (1 - smoothing) * label + smoothing / sp.sympify(classes)


def binary_smoothed_label(label: sp.Expr, smoothing: sp.Expr) -> sp.Expr:
    """``(1 - eps) y + eps/2``: a binary label smoothed towards 1/2."""
    return smoothed_label(label, smoothing, 2)


def weighted_binary_cross_entropy(q: sp.Expr, y: sp.Expr, pos_weight: sp.Expr = sp.S.One) -> sp.Expr:
    """``-[w y log q + (1 - y) log(1 - q)]`` of a prediction ``q`` and a label ``y`` (``0 log 0 = 0``).

    >>> q, y = sp.symbols("q y", positive=True)
    >>> weighted_binary_cross_entropy(q, y, 3)
    -3*y*log(q) - xlogy(1 - y, 1 - q)
    """
    return -pos_weight * xlogy(y, q) - xlogy(1 - y, 1 - q)


def weighted_logistic_loss(z: sp.Expr, y: sp.Expr, pos_weight: sp.Expr = sp.S.One) -> sp.Expr:
    """The binary cross-entropy of ``sigma(z)`` and ``y`` with the positive part weighted by ``pos_weight``."""
    return weighted_binary_cross_entropy(sigmoid(z), y, pos_weight)


def weighted_softmax_cross_entropy(z: Vector, y: Vector, w: Vector, smoothing: sp.Expr = sp.S.Zero) -> sp.Expr:
    """``-sum_c w_c y'_c log softmax_c(z)``, ``y'`` the smoothed labels: PyTorch's loss of one row.

    For a class index ``k`` the labels are one-hot (``y_c = [c = k]``): ``(1 - eps) w_k (-log softmax_k)
    + (eps/C) sum_c w_c (-log softmax_c)``, the formula PyTorch evaluates.
    """
    n = z.categories.n
    return -z.categories.total(lambda c: w[c] * smoothed_label(y[c], smoothing, n) * sp.log(softmax(z, c)))


def weighted_mean(losses: Sequence[object], weights: Sequence[object]) -> sp.Expr:
    """``sum_n l_n / sum_n w_n``: PyTorch's mean of weighted losses (``w_n`` the class weight of row ``n``'s label).

    The losses are already multiplied by their weights; rows that do not count (``ignore_index``)
    are left out of both sums. Sample weights multiply the losses only (Keras), so with unit class
    weights this is the sample-weighted sum over the number of counted rows.
    """
    if len(losses) != len(weights) or not losses:
        raise InvalidArgumentError("weighted_mean needs as many weights as losses, and at least one")
    return sp.Add(*map(as_exact, losses)) / sp.Add(*map(as_exact, weights))


def kl_term_from_logs(a: sp.Expr, b: sp.Expr) -> sp.Expr:
    """The generalised KL term ``p log(p/q) - p + q`` at ``p = e^a``, ``q = e^b``: ``e^a (a - b) - e^a + e^b``."""
    return sp.exp(a) * (a - b) - sp.exp(a) + sp.exp(b)


def kl_divergence_from_logs(a: Vector, b: Vector) -> sp.Expr:
    """``D(p||q) = sum_i e^{a_i} (a_i - b_i)`` for ``a = log p``, ``b = log q``."""
    return a.total(lambda i: sp.exp(a[i]) * (a[i] - b[i]))


def cross_entropy_from_logs(a: Vector, b: Vector) -> sp.Expr:
    """``H(p, q) = -sum_i e^{a_i} b_i`` for ``a = log p``, ``b = log q``."""
    return -a.total(lambda i: sp.exp(a[i]) * b[i])


def weighted_logistic_gradient(z: sp.Expr, y: sp.Expr, pos_weight: sp.Expr = sp.S.One) -> sp.Expr:
    """``d/dz`` of :func:`weighted_logistic_loss`: ``(1 - y) sigma(z) - w y sigma(-z)`` (``sigma(z) - y`` if w = 1)."""
    return (1 - y) * Sigmoid(z) - pos_weight * y * Sigmoid(-z)


def binary_cross_entropy_gradient(q: sp.Expr, y: sp.Expr, pos_weight: sp.Expr = sp.S.One) -> sp.Expr:
    """``d/dq`` of :func:`weighted_binary_cross_entropy`: ``(1 - y)/(1 - q) - w y/q``."""
    return (1 - y) / (1 - q) - pos_weight * y / q


def coefficient_softmax_gradient(p_k: sp.Expr, rest_k: sp.Expr, a_k: sp.Expr, others_k: sp.Expr) -> sp.Expr:
    """``d/dz_k sum_c a_c (-log softmax_c) = A p_k - a_k``, as ``(A - a_k) p_k - a_k (1 - p_k)``.

    ``rest_k = 1 - p_k`` and ``others_k = A - a_k = sum_{c != k} a_c``: two products of nonnegative
    factors, so a probability ``p_k`` close to 1 loses nothing (``p_k - 1`` would).
    """
    return others_k * p_k - a_k * rest_k


def kl_term_gradient(p: sp.Expr, q: sp.Expr) -> sp.Expr:
    """``d/dq`` of the generalised KL term ``p log(p/q) - p + q``: ``1 - p/q``."""
    return 1 - p / q


def kl_term_from_logs_gradient(a: sp.Expr, b: sp.Expr) -> sp.Expr:
    """``d/db`` of :func:`kl_term_from_logs` (``b = log q``): ``e^b - e^a = q - p``."""
    return sp.exp(b) - sp.exp(a)


def cross_entropy_term_gradient(p: sp.Expr, q: sp.Expr) -> sp.Expr:
    """``d/dq`` of ``-p log q``: ``-p/q`` (in ``b = log q``: ``-p``)."""
    return -p / q


def entropy_term_gradient(p: sp.Expr) -> sp.Expr:
    """``d/dp`` of ``-p log p``: ``-log p - 1`` (``+oo`` at ``p = 0``)."""
    return -sp.log(p) - 1
