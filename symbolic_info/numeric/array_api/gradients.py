"""The ``<name>_grad`` functions for arrays of any array API library: the proved derivatives, same options.

Each evaluates the derivative the book proves (:mod:`symbolic_info.formulas.losses`, lambdified term by
term for the library's namespace: :func:`.kernels.namespace_gradient`) after the function's own checks,
with the NumPy path's meaning of every argument: the measures' gradients in ``q`` (``p`` for entropy),
the binary losses' and the softmax cross-entropy's in their prediction (summed over broadcast axes).

>>> import array_api_strict as xp
>>> kl_divergence_grad(xp.asarray([0.5, 0.5]), xp.asarray([0.25, 0.75]))
Array([-1.        ,  0.33333333], dtype=array_api_strict.float64)
"""

from __future__ import annotations

import math
from typing import Any

from ..options import check_reduction, check_smoothing
from . import losses, measures
from .checks import dtypes, is_foreign, namespace_of, position_of, prepared, scale_of
from .kernels import namespace_gradient

__all__ = [
    "binary_cross_entropy_grad",
    "binary_cross_entropy_with_logits_grad",
    "cross_entropy_grad",
    "entropy_grad",
    "kl_divergence_grad",
    "softmax_cross_entropy_grad",
]


def _finish(xp: Any, gradient: Any, arrays: list[Any], axis: object, base: object, reduction: str) -> Any:
    position = position_of(gradient, axis)
    scale = scale_of(base)
    if scale is not None:
        gradient = gradient / scale
    if reduction == "mean":
        gradient = gradient / (math.prod(gradient.shape) // gradient.shape[position])
    elif reduction == "batchmean":
        gradient = gradient / (gradient.shape[0] if gradient.ndim > 1 else 1)
    return xp.astype(gradient, dtypes(xp, arrays)[0])


def _pair(p: Any, q: Any) -> tuple[Any, list[Any], Any, Any]:
    xp = namespace_of(p, q)
    arrays = prepared(xp, [(p, "p"), (q, "q")])
    work = dtypes(xp, arrays)[1]
    first, second = xp.broadcast_arrays(*(xp.astype(array, work) for array in arrays))
    return xp, arrays, first, second


def kl_divergence_grad(
    p: Any,
    q: Any,
    *,
    axis: int = -1,
    base: float | None = None,
    log_p: bool = False,
    log_q: bool = False,
    reduction: str = "none",
) -> Any:
    """As :func:`symbolic_info.numeric.kl_divergence_grad`: ``1 - p_i/q_i`` (in ``log q``: ``q_i - p_i``)."""
    measures.kl_divergence(p, q, axis=axis, base=base, log_p=log_p, log_q=log_q, reduction=reduction)
    xp, arrays, first, second = _pair(p, q)
    if log_q:
        gradient = namespace_gradient("kl_logs", xp)(first if log_p else xp.log(first), second)
    else:
        gradient = namespace_gradient("kl", xp)(xp.exp(first) if log_p else first, second)
    return _finish(xp, gradient, arrays, axis, base, reduction)


def cross_entropy_grad(
    p: Any,
    q: Any,
    *,
    axis: int = -1,
    base: float | None = None,
    log_p: bool = False,
    log_q: bool = False,
    reduction: str = "none",
) -> Any:
    """As :func:`symbolic_info.numeric.cross_entropy_grad`: ``-p_i/q_i``, 0 where ``p_i = 0`` (``-p_i`` in log q)."""
    measures.cross_entropy(p, q, axis=axis, base=base, log_p=log_p, log_q=log_q, reduction=reduction)
    xp, arrays, first, second = _pair(p, q)
    probabilities = xp.exp(first) if log_p else first
    gradient = -probabilities if log_q else namespace_gradient("cross_entropy", xp)(probabilities, second)
    return _finish(xp, gradient, arrays, axis, base, reduction)


def entropy_grad(p: Any, *, axis: int = -1, base: float | None = None, reduction: str = "none") -> Any:
    """As :func:`symbolic_info.numeric.entropy_grad`: ``-log p_i - 1`` (``+inf`` at ``p_i = 0``)."""
    check_reduction(reduction)
    measures.entropy(p, axis=axis, base=base)
    xp = namespace_of(p)
    arrays = prepared(xp, [(p, "p")])
    gradient = namespace_gradient("entropy", xp)(xp.astype(arrays[0], dtypes(xp, arrays)[1]))
    return _finish(xp, gradient, arrays, axis, base, reduction)


def summed_to(xp: Any, gradient: Any, shape: tuple[int, ...]) -> Any:
    """The gradient in an argument of ``shape`` that was broadcast: summed over the broadcast axes."""
    extra = gradient.ndim - len(shape)
    summed = xp.sum(gradient, axis=tuple(range(extra))) if extra else gradient
    stretched = tuple(k for k, size in enumerate(shape) if size == 1 and summed.shape[k] != 1)
    return xp.sum(summed, axis=stretched, keepdims=True) if stretched else summed


def _binary(prediction: Any, labels: Any, logits: bool, options: tuple[Any, Any, object, object]) -> Any:
    weight, pos_weight, label_smoothing, reduction = options
    chosen, smoothing = check_reduction(reduction), check_smoothing(label_smoothing)
    loss = losses.binary_cross_entropy_with_logits if logits else losses.binary_cross_entropy
    loss(prediction, labels, weight=weight, pos_weight=pos_weight, label_smoothing=smoothing, reduction=chosen)
    xp = namespace_of(prediction, labels, weight, pos_weight)
    like = prediction if is_foreign(prediction) else None
    x, y = prepared(xp, [(prediction, "z" if logits else "q"), (labels, "y")], like=like)
    output, work = dtypes(xp, [x, y])
    one = xp.ones((), dtype=work)
    w = one if pos_weight is None else xp.astype(prepared(xp, [(pos_weight, "pos_weight")], like=x)[0], work)
    scale = one if weight is None else xp.astype(prepared(xp, [(weight, "weight")], like=x)[0], work)
    xs, ys, ws, scales = xp.broadcast_arrays(xp.astype(x, work), xp.astype(y, work), w, scale)
    smoothed = ys * (1.0 - smoothing) + smoothing / 2
    gradient = namespace_gradient("logits" if logits else "probabilities", xp)(xs, smoothed, ws)
    gradient = xp.where(scales == 0, 0.0, gradient * scales)
    if chosen == "mean":
        gradient = gradient / math.prod(gradient.shape)
    return xp.astype(summed_to(xp, gradient, tuple(x.shape)), output)


def binary_cross_entropy_with_logits_grad(
    z: Any, y: Any, *, weight: Any = None, pos_weight: Any = None, label_smoothing: float = 0.0, reduction: str = "mean"
) -> Any:
    """As :func:`symbolic_info.numeric.binary_cross_entropy_with_logits_grad` (same options)."""
    return _binary(z, y, True, (weight, pos_weight, label_smoothing, reduction))


def binary_cross_entropy_grad(
    q: Any, y: Any, *, weight: Any = None, pos_weight: Any = None, label_smoothing: float = 0.0, reduction: str = "mean"
) -> Any:
    """As :func:`symbolic_info.numeric.binary_cross_entropy_grad`: ``(1 - y)/(1 - q) - w y/q`` (same options)."""
    return _binary(q, y, False, (weight, pos_weight, label_smoothing, reduction))


def _softmax_coefficients(xp: Any, labels: Any, z: Any, options: tuple[Any, float, Any]) -> tuple[Any, Any]:
    """The coefficients ``a_c = w_c y'_c`` of each row (classes last) and the loss's mean denominator."""
    class_weight, smoothing, ignore_index = options
    classes = z.shape[-1]
    everywhere = xp.ones(classes, dtype=z.dtype) if class_weight is None else class_weight
    if xp.isdtype(labels.dtype, "integral"):
        counted = xp.ones(labels.shape, dtype=xp.bool) if ignore_index is None else labels != ignore_index
        one_hot = xp.astype(xp.expand_dims(labels, axis=-1) == xp.arange(classes), z.dtype)
        rows = one_hot * (1.0 - smoothing) + smoothing / classes
        coefficients = xp.where(xp.expand_dims(counted, axis=-1), rows * everywhere, 0.0)
        return coefficients, xp.sum(xp.where(xp.expand_dims(counted, axis=-1), one_hot * everywhere, 0.0))
    rows = labels * (1.0 - smoothing) + smoothing / classes
    return rows * everywhere, math.prod(labels.shape[:-1])


def softmax_cross_entropy_grad(
    logits: Any,
    labels: Any,
    *,
    axis: int = -1,
    weight: Any = None,
    sample_weight: Any = None,
    ignore_index: int | None = None,
    label_smoothing: float = 0.0,
    reduction: str = "mean",
) -> Any:
    """As :func:`symbolic_info.numeric.softmax_cross_entropy_grad`: ``s_n (A p_k - a_k)`` per row, same options."""
    chosen, smoothing = check_reduction(reduction), check_smoothing(label_smoothing)
    options = {"weight": weight, "sample_weight": sample_weight, "ignore_index": ignore_index}
    losses.softmax_cross_entropy(logits, labels, axis=axis, label_smoothing=smoothing, reduction=chosen, **options)
    xp = namespace_of(logits, labels, weight, sample_weight)
    (array,) = prepared(xp, [(logits, "logits")])
    (label_array,) = prepared(xp, [(labels, "labels")], like=array)
    position = position_of(array, axis)
    soft = xp.isdtype(label_array.dtype, "real floating")
    output, work = dtypes(xp, [array, label_array] if soft else [array])
    z = xp.moveaxis(xp.astype(array, work), position, -1)
    if soft:
        moved = xp.moveaxis(xp.astype(label_array, work), position - array.ndim + label_array.ndim, -1)
        label_array = xp.broadcast_to(moved, z.shape)
    class_weight = None if weight is None else xp.astype(prepared(xp, [(weight, "weight")], like=array)[0], work)
    coefficients, denominator = _softmax_coefficients(xp, label_array, z, (class_weight, smoothing, ignore_index))
    probabilities = measures.softmax(z, axis=-1)
    largest = xp.expand_dims(xp.argmax(probabilities, axis=-1), axis=-1) == xp.arange(z.shape[-1])
    others_share = xp.sum(xp.where(largest, 0.0, probabilities), axis=-1, keepdims=True)
    rest = xp.where(largest, others_share, 1.0 - probabilities)
    total = xp.sum(coefficients, axis=-1, keepdims=True)
    gradient = namespace_gradient("softmax", xp)(probabilities, rest, coefficients, total - coefficients)
    if sample_weight is not None:
        samples = xp.astype(prepared(xp, [(sample_weight, "sample_weight")], like=array)[0], work)
        gradient = gradient * xp.expand_dims(xp.broadcast_to(samples, z.shape[:-1]), axis=-1)
    if chosen == "mean":
        gradient = gradient / denominator
    return xp.astype(xp.moveaxis(gradient, -1, position), output)
