"""The losses for arrays of any array API library: prediction first, PyTorch's options, the default mean.

The same stable forms as the NumPy path (:mod:`.kernels`) and the same meaning of every option
(:mod:`symbolic_info.formulas.losses`): ``weight``, ``pos_weight``, ``label_smoothing``,
``reduction``; for the softmax cross-entropy class weights, ``sample_weight`` and ``ignore_index``
too, with PyTorch's mean denominators. A coefficient that is exactly 0 times an infinite part is 0
(a masked logit without label, an infinite logit with the label it predicts), also in the
gradient, which is never NaN there.

>>> import array_api_strict as xp
>>> float(binary_cross_entropy_with_logits(xp.asarray([0.0, 1000.0]), xp.asarray([1.0, 0.0]), reduction="sum"))
1000.6931471805599
"""

from __future__ import annotations

import math
from typing import Any

from ...errors import InvalidArgumentError, InvalidProbabilityError
from ..options import check_reduction, check_smoothing
from .checks import check, check_probability_rows, dtypes, is_foreign, namespace_of, position_of, prepared
from .kernels import namespace_kernel
from .measures import shifted_rows

__all__ = ["binary_cross_entropy", "binary_cross_entropy_with_logits", "softmax_cross_entropy"]


def _weights(xp: Any, value: Any, name: str, work: Any, like: Any) -> Any:
    (array,) = prepared(xp, [(value, name)], like=like)
    weights = xp.astype(array, work)
    check(
        xp.all(xp.isfinite(weights) & (weights >= 0)), InvalidArgumentError, f"{name} must be finite and >= 0", weights
    )
    return weights


def reduced(xp: Any, values: Any, reduction: str, denominator: Any = None) -> Any:
    if reduction == "none":
        return values
    total = xp.sum(values)
    if reduction == "sum":
        return total
    count = math.prod(values.shape) if denominator is None else denominator
    check(count > 0, InvalidArgumentError, "the mean has nothing to average (every row ignored, or weights all 0)")
    return total / count


def _limits(xp: Any, x: Any, y: Any, values: Any, logits: bool, pos_weight: Any) -> Any:
    """0 times an infinite part is 0: at an infinite logit whose label agrees (``z = +inf, y = 1``; ``-inf, w y = 0``).

    The mask reads the inputs only, not the values: a gradient then needs no forward pass through the
    logarithms (a ``where`` on ``isnan(values)`` would keep them). Elsewhere an infinite logit gives
    ``+inf`` and the finite derivative of the kernel. For probabilities ``xlogy`` already has 0 log 0 = 0.
    """
    if not logits:
        return values
    positive = y if pos_weight is None else y * pos_weight
    agrees = xp.isinf(x) & xp.where(x > 0, y == 1, positive == 0)
    return xp.where(agrees, 0.0, values)


def _binary(prediction: Any, labels: Any, logits: bool, options: tuple[Any, Any, object, object]) -> Any:
    weight, pos_weight, label_smoothing, reduction = options
    chosen, smoothing = check_reduction(reduction), check_smoothing(label_smoothing)
    name = "z" if logits else "q"
    xp = namespace_of(prediction, labels, weight, pos_weight)
    x, y = prepared(xp, [(prediction, name), (labels, "y")], like=prediction if is_foreign(prediction) else None)
    output, work = dtypes(xp, [x, y])
    x, y = xp.astype(x, work), xp.astype(y, work)
    if logits:
        check(xp.all(~xp.isnan(x)), InvalidArgumentError, f"{name} has a NaN entry", x)
    else:
        check(xp.all((x >= 0) & (x <= 1)), InvalidProbabilityError, f"{name} has an entry outside [0, 1]", x)
    check(xp.all((y >= 0) & (y <= 1)), InvalidProbabilityError, "y has an entry outside [0, 1]", y)
    if smoothing:
        y = y * (1.0 - smoothing) + smoothing / 2
    try:
        x, y = xp.broadcast_arrays(x, y)
        w = None
        if pos_weight is None:
            values = namespace_kernel("logistic_loss" if logits else "binary_cross_entropy", xp)(
                *((x, y) if logits else (y, x))
            )
        else:
            w = _weights(xp, pos_weight, "pos_weight", work, x)
            kernel = namespace_kernel("weighted_logistic_loss" if logits else "weighted_binary_cross_entropy", xp)
            values = kernel(x, y, w) if logits else kernel(y, x, w)
        values = _limits(xp, x, y, values, logits, w)
        if weight is not None:
            scale = _weights(xp, weight, "weight", work, x)
            values = xp.where(scale == 0, 0.0, values * scale)
    except ValueError as error:
        raise InvalidArgumentError(f"shapes do not broadcast ({error})") from None
    return xp.astype(reduced(xp, values, chosen), output)


def binary_cross_entropy(
    q: Any, y: Any, *, weight: Any = None, pos_weight: Any = None, label_smoothing: float = 0.0, reduction: str = "mean"
) -> Any:
    """As :func:`symbolic_info.numeric.binary_cross_entropy`: ``-[w y log q + (1 - y) log(1 - q)]``, reduced."""
    return _binary(q, y, False, (weight, pos_weight, label_smoothing, reduction))


def binary_cross_entropy_with_logits(
    z: Any, y: Any, *, weight: Any = None, pos_weight: Any = None, label_smoothing: float = 0.0, reduction: str = "mean"
) -> Any:
    """As :func:`symbolic_info.numeric.binary_cross_entropy_with_logits`: from the logits, never overflowing."""
    return _binary(z, y, True, (weight, pos_weight, label_smoothing, reduction))


def _index_loss(xp: Any, labels: Any, z: Any, options: tuple[Any, float, int | None]) -> tuple[Any, Any]:
    """Per-row losses of class-index labels (the label's term gathered, one per row) and PyTorch's denominator."""
    class_weight, smoothing, ignore_index = options
    classes = z.shape[-1]
    if tuple(labels.shape) != tuple(z.shape[:-1]):
        raise InvalidArgumentError(f"class labels need shape {tuple(z.shape[:-1])} (one per row), got {labels.shape}")
    ignored = xp.zeros(labels.shape, dtype=xp.bool) if ignore_index is None else labels == ignore_index
    counted, inside = ~ignored, (labels >= 0) & (labels < classes)
    check(
        xp.all(inside | ignored), InvalidArgumentError, f"a label is out of range: there are {classes} classes", labels
    )
    safe = xp.where(counted & inside, labels, 0)
    shifted, rest = shifted_rows(xp, z, z.ndim - 1)
    term = namespace_kernel("softmax_cross_entropy_term", xp)
    picked = xp.take_along_axis(shifted, xp.expand_dims(safe, axis=-1), axis=-1)
    values = term(1.0, picked, rest)[..., 0]
    if class_weight is None:
        label_weight = None
    else:
        label_weight = xp.reshape(xp.take(class_weight, xp.reshape(safe, (-1,))), safe.shape)
        values = xp.where(label_weight == 0, 0.0, values * label_weight)
    if smoothing:
        everywhere = 1.0 if class_weight is None else class_weight
        spread = xp.sum(xp.where(everywhere == 0, 0.0, term(everywhere, shifted, rest)), axis=-1)
        values = (1.0 - smoothing) * values + (smoothing / classes) * spread
    if ignore_index is not None:
        values = xp.where(counted, values, 0.0)
    if label_weight is None:
        return values, (math.prod(values.shape) if ignore_index is None else xp.sum(xp.astype(counted, z.dtype)))
    return values, xp.sum(xp.where(counted, label_weight, 0.0))


def _soft_loss(xp: Any, labels: Any, z: Any, options: tuple[Any, float, int | None]) -> Any:
    """Per-row losses of probability labels (classes last): ``sum_c a_c (log1p(s) - d_c)``."""
    class_weight, smoothing, ignore_index = options
    if ignore_index is not None:
        raise InvalidArgumentError("ignore_index needs class-index labels (as in PyTorch)")
    classes = z.shape[-1]
    rows = labels * (1.0 - smoothing) + smoothing / classes if smoothing else labels
    coefficients = rows if class_weight is None else rows * class_weight
    shifted, rest = shifted_rows(xp, z, z.ndim - 1)
    terms = namespace_kernel("softmax_cross_entropy_term", xp)(coefficients, shifted, rest)
    return xp.sum(xp.where(coefficients == 0, 0.0, terms), axis=-1)


def softmax_cross_entropy(
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
    """As :func:`symbolic_info.numeric.softmax_cross_entropy`: ``sum_c a_c (log1p(s) - d_c)`` per row, reduced."""
    chosen, smoothing = check_reduction(reduction), check_smoothing(label_smoothing)
    if ignore_index is not None and (isinstance(ignore_index, bool) or not isinstance(ignore_index, int)):
        raise InvalidArgumentError(f"ignore_index must be an int or None, got {ignore_index!r}")
    xp = namespace_of(logits, labels, weight, sample_weight)
    (array,) = prepared(xp, [(logits, "logits")])
    if array.ndim == 0:
        raise InvalidArgumentError("logits need at least one dimension (the classes)")
    (label_array,) = prepared(xp, [(labels, "labels")], like=array)
    position = position_of(array, axis)
    soft = xp.isdtype(label_array.dtype, "real floating")
    output, work = dtypes(xp, [array, label_array] if soft else [array])
    z = xp.moveaxis(xp.astype(array, work), position, -1)
    classes = z.shape[-1]
    if soft:
        label_array = xp.moveaxis(xp.astype(label_array, work), position - array.ndim + label_array.ndim, -1)
        if label_array.shape[-1] != classes:
            raise InvalidArgumentError(f"probability labels need the {classes} classes along the class axis")
        check_probability_rows(xp, label_array, "labels", -1, output)
        label_array = xp.broadcast_to(label_array, z.shape)
    class_weight = None if weight is None else _weights(xp, weight, "weight", work, z)
    if class_weight is not None and tuple(class_weight.shape) != (classes,):
        raise InvalidArgumentError(f"weight needs one entry per class, shape ({classes},); got {class_weight.shape}")
    options = (class_weight, smoothing, ignore_index)
    if soft:
        values, denominator = _soft_loss(xp, label_array, z, options), None
    else:
        values, denominator = _index_loss(xp, label_array, z, options)
    if sample_weight is not None:
        samples = xp.broadcast_to(_weights(xp, sample_weight, "sample_weight", work, values), values.shape)
        values = xp.where(samples == 0, 0.0, values * samples)
    return xp.astype(reduced(xp, values, chosen, denominator), output)
