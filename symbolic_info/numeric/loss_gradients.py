"""Gradients of the losses in their prediction: ``<loss>_grad`` takes the loss's arguments and options, one meaning.

``binary_cross_entropy_with_logits_grad(z, y, ...)`` is the gradient in ``z`` of
``binary_cross_entropy_with_logits(z, y, ...)`` with the same ``weight``, ``pos_weight``,
``label_smoothing`` and ``reduction``; likewise ``binary_cross_entropy_grad`` (in ``q``) and
``softmax_cross_entropy_grad`` (in the logits). The result has the prediction's shape and dtype.
``reduction="mean"`` divides by the loss's denominator; ``"sum"`` and ``"none"`` give the gradient
of the sum (each example's loss depends on its own prediction only, so each entry is that example's
own gradient). Each expression is lambdified from the derivative the book proves (``loss-gradients``,
``ce-sigmoid-gradient``, ``softmax-gradient``), in its stable form: ``sigma`` without overflow, and
``A p_k - a_k`` as ``(A - a_k) p_k - a_k (1 - p_k)`` with ``1 - p_k`` summed from the other classes.

Limits: an infinite logit gives the limit of the derivative (finite); a masked class (logit
``-inf``) gets ``-a_k`` (0 without label or smoothing on it); ``binary_cross_entropy_grad`` is
``-inf``/``+inf`` where a label meets a prediction of 0/1 (the true derivative) and 0 where the
coefficient is 0.

>>> binary_cross_entropy_with_logits_grad([0.0, 0.0], [1.0, 0.0], reduction="none").tolist()
[-0.5, 0.5]
>>> softmax_cross_entropy_grad([[0.0, 0.0]], [0]).tolist()
[[-0.5, 0.5]]
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np
import sympy as sp

from ..errors import InvalidArgumentError
from ..formulas import losses
from ..formulas.learning import to_numeric_form
from .array_api import generic_path
from .arrays import (
    as_real_array,
    axis_index,
    broadcast,
    check_probabilities,
    check_unit_interval,
    is_lazy,
    refuse_beyond_float64,
    summed_to,
)
from .classification import class_indices, class_weights, label_rows, sample_weights
from .kernels import lambdify_numpy, lambdify_termwise
from .options import check_reduction, check_smoothing, check_weights, result_dtype, typed
from .small import as_result, kept_dtype, small_array, small_path
from .softmax import check_logits, softmax

__all__ = ["binary_cross_entropy_grad", "binary_cross_entropy_with_logits_grad", "softmax_cross_entropy_grad"]

_z, _y, _w, _q = sp.symbols("z y w q", real=True)
_p, _rest, _a, _others = sp.symbols("p r a o", real=True)


@cache
def _gradient(name: str) -> Callable[..., Any]:
    """The lambdified derivative ``name`` (built once); a binary one term by term, each with the limit 0 of ``0/0``.

    A term of the binary gradients is a label coefficient (``y``, ``1 - y``) times a part that is
    infinite at an end point (``1/q``); where the coefficient is 0 the term is 0, as in the loss.
    """
    if name == "softmax":
        return lambdify_numpy((_p, _rest, _a, _others), losses.coefficient_softmax_gradient(_p, _rest, _a, _others))
    if name == "logits":
        symbols, expression = (_z, _y, _w), to_numeric_form(losses.weighted_logistic_gradient(_z, _y, _w))
    else:
        symbols, expression = (_q, _y, _w), losses.binary_cross_entropy_gradient(_q, _y, _w)
    return lambdify_termwise(symbols, expression)


def _refuse_lazy(*values: Any) -> None:
    if any(is_lazy(value) for value in values):
        raise InvalidArgumentError("the gradients take NumPy arrays (dask arrays: not yet)")


def _binary(prediction: Any, labels: Any, logits: bool, options: tuple[object, object, object, object]) -> Any:
    weight, pos_weight, label_smoothing, reduction = options
    chosen, smoothing = check_reduction(reduction), check_smoothing(label_smoothing)
    _refuse_lazy(prediction, labels)
    name = "z" if logits else "q"
    x, y = as_real_array(prediction, name), as_real_array(labels, "y")
    refuse_beyond_float64(x, name)
    if logits:
        if np.isnan(x).any():
            raise InvalidArgumentError(f"{name} has a NaN entry")
    else:
        check_unit_interval(x, name)
    check_unit_interval(y, "y")
    w = np.float64(1.0) if pos_weight is None else check_weights(pos_weight, "pos_weight")
    scale = np.float64(1.0) if weight is None else check_weights(weight, "weight")
    if weight is None and pos_weight is None and x.shape == y.shape:  # nothing to broadcast or weigh
        xs, ys, ws, scales = x, y, w, None
    else:
        xs, ys, ws, scales = broadcast(
            (x, name), (y, "y"), (np.asarray(w), "pos_weight"), (np.asarray(scale), "weight")
        )
    smoothed = ys.astype(np.float64) * (1.0 - smoothing) + smoothing / 2
    with np.errstate(all="ignore"):
        gradient = np.asarray(_gradient("logits" if logits else "probabilities")(xs.astype(np.float64), smoothed, ws))
        if scales is not None:
            gradient = np.where(scales == 0, 0.0, gradient * scales)
    if chosen == "mean":
        gradient = gradient / gradient.size
    return typed(summed_to(gradient, x.shape), result_dtype(x, y))


def _small_binary(prediction: Any, labels: Any, logits: bool, options: tuple[object, object, object, object]) -> Any:
    """The small path (:mod:`.small`): one block of plain arrays of one shape, no ``weight`` or ``pos_weight``.

    The general path's kernel on the same float64 values, so the result is bit for bit the same; anything
    it does not take (a NaN, a label or probability out of ``[0, 1]``, broadcasting) goes to the general path.
    """
    weight, pos_weight, label_smoothing, reduction = options
    chosen, smoothing = check_reduction(reduction), check_smoothing(label_smoothing)
    if weight is not None or pos_weight is not None:
        return None
    x, y = small_array(prediction), small_array(labels)
    if x is None or y is None or x.shape != y.shape:
        return None
    xs, ys = x.reshape(-1).astype(np.float64, copy=False), y.reshape(-1).astype(np.float64, copy=False)
    with np.errstate(invalid="ignore"):  # inf - inf is NaN: the general path decides
        total = np.add.reduce(xs)
    valid_x = not math.isnan(total) if logits else bool(np.minimum.reduce(xs) >= 0 and np.maximum.reduce(xs) <= 1)
    if not (valid_x and np.minimum.reduce(ys) >= 0 and np.maximum.reduce(ys) <= 1):
        return None
    smoothed = ys * (1.0 - smoothing) + smoothing / 2
    with np.errstate(all="ignore"):
        gradient = np.asarray(_gradient("logits" if logits else "probabilities")(xs, smoothed, np.float64(1.0)))
    if chosen == "mean":
        gradient = gradient / gradient.size
    return as_result(gradient, x.shape, kept_dtype([x, y]))


@generic_path
@small_path(
    lambda z, y, *, weight=None, pos_weight=None, label_smoothing=0.0, reduction="mean": _small_binary(
        z, y, True, (weight, pos_weight, label_smoothing, reduction)
    )
)
def binary_cross_entropy_with_logits_grad(
    z: Any, y: Any, *, weight: Any = None, pos_weight: Any = None, label_smoothing: float = 0.0, reduction: str = "mean"
) -> Any:
    """The gradient in ``z`` of :func:`~symbolic_info.numeric.binary_cross_entropy_with_logits` (same options).

    Each entry is ``weight * [(1 - y) sigma(z) - pos_weight * y * sigma(-z)]`` (over the number of
    elements for the mean): ``sigma(z) - y`` without cancellation at ``y = 1``.

    >>> float(binary_cross_entropy_with_logits_grad(40.0, 1.0))  # -sigma(-40)
    -4.248354255291589e-18
    """
    return _binary(z, y, True, (weight, pos_weight, label_smoothing, reduction))


@generic_path
@small_path(
    lambda q, y, *, weight=None, pos_weight=None, label_smoothing=0.0, reduction="mean": _small_binary(
        q, y, False, (weight, pos_weight, label_smoothing, reduction)
    )
)
def binary_cross_entropy_grad(
    q: Any, y: Any, *, weight: Any = None, pos_weight: Any = None, label_smoothing: float = 0.0, reduction: str = "mean"
) -> Any:
    """The gradient in ``q`` of :func:`~symbolic_info.numeric.binary_cross_entropy`: ``(1 - y)/(1 - q) - w y/q``.

    >>> binary_cross_entropy_grad([0.5, 0.25], [1.0, 0.0], reduction="none").tolist()
    [-2.0, 1.3333333333333333]
    """
    return _binary(q, y, False, (weight, pos_weight, label_smoothing, reduction))


@generic_path
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
    """The gradient in the logits of :func:`~symbolic_info.numeric.softmax_cross_entropy` (same options).

    Per row ``s_n (A p_k - a_k)`` with ``a_c = w_c y'_c`` and ``A = sum_c a_c`` (``p = softmax(z)``;
    ``s_n`` the sample weight; 0 for an ignored row), over the loss's mean denominator for ``"mean"``.

    >>> softmax_cross_entropy_grad([[0.0, 40.0]], [1], reduction="sum").tolist()  # p - y, tiny and exact
    [[4.248354255291589e-18, -4.248354255291589e-18]]
    """
    chosen, smoothing = check_reduction(reduction), check_smoothing(label_smoothing)
    if ignore_index is not None and (isinstance(ignore_index, bool) or not isinstance(ignore_index, (int, np.integer))):
        raise InvalidArgumentError(f"ignore_index must be an int or None, got {ignore_index!r}")
    _refuse_lazy(logits, labels)
    array = as_real_array(logits, "logits")
    if array.ndim == 0:
        raise InvalidArgumentError("logits need at least one dimension (the classes)")
    refuse_beyond_float64(array, "logits")
    position = axis_index(array.ndim, axis)
    classes = array.shape[position]
    rows_shape = tuple(size for k, size in enumerate(array.shape) if k != position)
    check_logits(array, "logits")
    class_weight = class_weights(weight, classes)
    samples = sample_weights(sample_weight, rows_shape)
    everywhere = np.ones(classes) if class_weight is None else class_weight
    indices = class_indices(labels, array.shape, position, None if ignore_index is None else int(ignore_index))
    if indices is not None:
        counted = np.ones(indices.size, dtype=bool) if ignore_index is None else indices != ignore_index
        safe = np.where(counted, indices, 0)
        coefficients = np.broadcast_to(everywhere * (smoothing / classes), (indices.size, classes)).copy()
        coefficients[np.arange(indices.size), safe] += (1.0 - smoothing) * everywhere[safe]
        coefficients[~counted] = 0.0
        denominator = float(np.sum(everywhere[safe][counted]))
        dtype = result_dtype(array)
    else:
        if ignore_index is not None:
            raise InvalidArgumentError("ignore_index needs class-index labels (as in PyTorch)")
        rows = label_rows(labels, array.shape, position)
        check_probabilities(rows, "labels", position)
        moved = np.moveaxis(rows, position, -1).reshape(-1, classes).astype(np.float64)
        coefficients = everywhere * (moved * (1.0 - smoothing) + smoothing / classes)
        denominator = float(coefficients.shape[0])
        dtype = result_dtype(array, rows)
    probabilities = np.moveaxis(np.asarray(softmax(array, axis=position), dtype=np.float64), position, -1)
    probabilities = probabilities.reshape(-1, classes)
    largest = np.argmax(probabilities, axis=-1)[:, None]
    is_largest = np.arange(classes) == largest
    others_share = np.sum(np.where(is_largest, 0.0, probabilities), axis=-1, keepdims=True)
    rest = np.where(is_largest, others_share, 1.0 - probabilities)
    total = coefficients.sum(axis=-1, keepdims=True)
    gradient = np.asarray(_gradient("softmax")(probabilities, rest, coefficients, total - coefficients))
    if samples is not None:
        gradient = gradient * samples[:, None]
    if chosen == "mean":
        if not denominator > 0:
            raise InvalidArgumentError("the mean has nothing to average (every row ignored, or weights all 0)")
        gradient = gradient / denominator
    moved_shape = (*rows_shape, classes)
    return typed(np.moveaxis(gradient.reshape(moved_shape), -1, position), dtype)
