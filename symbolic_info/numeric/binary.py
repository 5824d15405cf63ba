"""The binary cross-entropy losses: prediction first, then the label, with PyTorch's options and default mean.

``binary_cross_entropy(q, y)`` takes probabilities, ``binary_cross_entropy_with_logits(z, y)``
logits; both evaluate a stable form of :mod:`symbolic_info.formulas.stable` proved in the book
(``stable-logistic-loss``, ``stable-binary-entropy``, ``stable-loss-options``), block by block
(:mod:`.chunks`): beyond the output a call needs a few blocks, and with a reduction not even the output.

Options (their formulas: :mod:`symbolic_info.formulas.losses`): ``weight`` multiplies each element's
loss (broadcast: PyTorch's ``weight``, and Keras's ``sample_weight`` as ``weight=s[:, None]``);
``pos_weight`` multiplies the positive part, ``-[w y log q + (1 - y) log(1 - q)]``;
``label_smoothing`` replaces ``y`` with ``(1 - eps) y + eps/2`` (Keras, optax); ``reduction`` is
``"mean"`` (default: the sum over the number of elements, weights or not, as PyTorch), ``"sum"`` or
``"none"``.

Infinite logits are limits: ``z = +inf`` with ``y = 1`` gives 0, ``z = -inf`` with ``y > 0`` gives
``+inf``; a coefficient that is exactly 0 (a label 0 or 1, a weight 0) times an infinite part is 0.
NaN is an error.

>>> float(binary_cross_entropy_with_logits([0.0, 1000.0], [1.0, 0.0], reduction="sum"))  # log 2 + 1000
1000.6931471805599
>>> float(binary_cross_entropy_with_logits(np.inf, 1.0))
0.0
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..errors import InvalidArgumentError
from . import lazy
from .array_api import generic_path
from .arrays import as_real_array, broadcast, check_unit_interval, is_lazy, refuse_beyond_float64
from .chunks import Scratch, map_blocks, sum_blocks
from .kernels import kernel, math_kernel
from .options import check_reduction, check_smoothing, check_weights, result_dtype, typed
from .small import TINY_LIMIT, all_finite, as_result, in_unit_interval, kept_dtype, same_shape, small_path

__all__ = ["binary_cross_entropy", "binary_cross_entropy_with_logits"]

#: Fills one output block from the input blocks (prediction, label, then the weights given).
_Fill = Callable[[Sequence[np.ndarray], np.ndarray], None]


def _no_nan(block: np.ndarray) -> bool:
    return not math.isnan(np.add.reduce(block, axis=None)) or not np.isnan(block).any()


def _unit(block: np.ndarray) -> bool:
    return bool(block.min() >= 0 and block.max() <= 1)  # False for NaN


def _refuse(prediction: np.ndarray, name: str, logits: bool, labels: np.ndarray) -> None:
    """Raise the error for the first invalid argument (found on a block, located in the whole array)."""
    if logits:
        if np.isnan(prediction).any():
            where = tuple(int(k) for k in np.argwhere(np.isnan(prediction))[0])
            raise InvalidArgumentError(f"{name} has a NaN entry at {where}")
    else:
        check_unit_interval(prediction, name)
    check_unit_interval(labels, "y")
    raise InvalidArgumentError(f"{name} or y has an entry beyond the range of float64")  # a long double


def _zero_limits(out: np.ndarray) -> None:
    """0 times an infinite part is 0 (its coefficient is exactly 0): the only NaN valid input can produce."""
    if math.isnan(np.add.reduce(out, axis=None)):
        np.copyto(out, 0.0, where=np.isnan(out))


def _logistic_loss_block(z: np.ndarray, y: np.ndarray, out: np.ndarray, scratch: Scratch) -> None:
    """The kernel ``y*max(0, -z) + (1 - y)*max(0, z) + log1p(exp(-abs(z)))`` in that order, into ``out``."""
    size = z.shape
    first, second, softplus = (scratch.buffer(slot, size) for slot in range(3))
    np.negative(z, out=first)
    np.maximum(first, 0.0, out=first)
    np.multiply(y, first, out=first)
    np.subtract(1.0, y, out=second)
    np.maximum(z, 0.0, out=softplus)
    np.multiply(second, softplus, out=second)
    np.add(first, second, out=first)
    np.abs(z, out=softplus)
    np.negative(softplus, out=softplus)
    np.exp(softplus, out=softplus)
    np.log1p(softplus, out=softplus)
    np.add(first, softplus, out=out)


def _loss(
    prediction: Any,
    labels: Any,
    name: str,
    logits: bool,
    options: tuple[object, object, object, object],
) -> Any:
    weight, pos_weight, label_smoothing, reduction = options
    chosen = check_reduction(reduction)
    smoothing = check_smoothing(label_smoothing)
    if is_lazy(prediction) or is_lazy(labels):
        return _lazy_loss(prediction, labels, name, logits, options, chosen)
    arrays = [as_real_array(prediction, name), as_real_array(labels, "y")]
    refuse_beyond_float64(arrays[0], name)
    names = [name, "y"]
    if pos_weight is not None:
        arrays.append(check_weights(pos_weight, "pos_weight"))
        names.append("pos_weight")
    if weight is not None:
        arrays.append(check_weights(weight, "weight"))
        names.append("weight")
    broadcast(*zip(arrays, names, strict=True))  # or a clear error naming the shapes
    dtype = result_dtype(arrays[0], arrays[1])
    fill = _filler(arrays, name, logits, smoothing, (weight is not None, pos_weight is not None))
    with np.errstate(all="ignore"):
        if chosen == "none":
            return typed(map_blocks(arrays, fill), dtype)
        total, count = sum_blocks(arrays, fill)
    return typed(total if chosen == "sum" else total / count, dtype)


def _filler(arrays: list[np.ndarray], name: str, logits: bool, smoothing: float, weights: tuple[bool, bool]) -> _Fill:
    """A binary loss's block function: each block checked, then its losses (``weights``: weight, pos_weight given)."""
    weight, pos_weight = weights
    scratch = Scratch()
    weighted = kernel("weighted_logistic_loss" if logits else "weighted_binary_cross_entropy")
    plain = kernel("binary_cross_entropy")

    def fill(blocks: Sequence[np.ndarray], out: np.ndarray) -> None:
        q, y = blocks[0], blocks[1]
        if not ((_no_nan(q) if logits else _unit(q)) and _unit(y)):
            _refuse(arrays[0], name, logits, arrays[1])
        if smoothing:
            y = np.multiply(y, 1.0 - smoothing, out=scratch.buffer(8, y.shape))
            np.add(y, smoothing / 2, out=y)
        if pos_weight:
            out[...] = weighted(q, y, blocks[2]) if logits else weighted(y, q, blocks[2])
        elif logits:
            _logistic_loss_block(q, y, out, scratch)
        else:
            out[...] = plain(y, q)
        _zero_limits(out)
        if weight:
            np.multiply(out, blocks[-1], out=out)
            _zero_limits(out)

    return fill


def _small_loss(
    prediction: Any, labels: Any, name: str, logits: bool, options: tuple[object, object, object, object]
) -> Any:
    """The small path (no ``weight``, ``pos_weight``): Python floats for a few entries, else the block function once."""
    weight, pos_weight, label_smoothing, reduction = options
    chosen = check_reduction(reduction)
    smoothing = check_smoothing(label_smoothing)
    arrays = same_shape((prediction, labels))
    if arrays is None or weight is not None or pos_weight is not None:
        return None
    shape, dtype = arrays[0].shape, kept_dtype(arrays)
    values = _tiny_losses(arrays, logits, smoothing) if arrays[0].size <= TINY_LIMIT else None
    if values is not None:
        if chosen != "none":
            total = math.fsum(values)
            return dtype.type(total if chosen == "sum" else total / len(values))
        return dtype.type(values[0]) if not shape else as_result(np.array(values), shape, dtype)
    blocks = [array.reshape(-1).astype(np.float64, copy=False) for array in arrays]
    out = np.empty(blocks[0].size)
    with np.errstate(all="ignore"):
        _filler(arrays, name, logits, smoothing, (False, False))(blocks, out)
    if chosen == "none":
        return as_result(out, shape, dtype)
    total = float(np.add.reduce(out))
    return typed(total if chosen == "sum" else total / out.size, dtype)


def _tiny_losses(arrays: list[np.ndarray], logits: bool, smoothing: float) -> list[float] | None:
    """Each element's loss on Python floats (None for an entry out of range, an infinite logit, a logarithm of 0)."""
    predictions, labels = (array.reshape(-1).tolist() for array in arrays)
    if not (in_unit_interval(labels) and (all_finite(predictions) if logits else in_unit_interval(predictions))):
        return None
    if smoothing:
        labels = [label * (1.0 - smoothing) + smoothing / 2 for label in labels]
    try:
        if logits:
            return list(map(math_kernel("logistic_loss"), predictions, labels))
        return list(map(math_kernel("binary_cross_entropy"), labels, predictions))
    except (ArithmeticError, ValueError):
        return None


def _lazy_loss(
    prediction: Any, labels: Any, name: str, logits: bool, options: tuple[object, ...], reduction: str
) -> Any:
    """Dask arrays: the unweighted loss, reduced lazily (the other options are not supported there yet)."""
    weight, pos_weight, smoothing, _ = options
    if weight is not None or pos_weight is not None or smoothing:
        raise InvalidArgumentError("weight, pos_weight and label_smoothing are not supported for dask arrays yet")
    if logits:
        values = lazy.elementwise("logistic_loss", [(prediction, name, False), (labels, "y", True)])
    else:
        values = lazy.elementwise("binary_cross_entropy", [(labels, "y", True), (prediction, name, True)])
    if reduction == "none":
        return values
    return np.sum(values) if reduction == "sum" else np.mean(values)


@generic_path
@small_path(
    lambda q, y, *, weight=None, pos_weight=None, label_smoothing=0.0, reduction="mean": _small_loss(
        q, y, "q", False, (weight, pos_weight, label_smoothing, reduction)
    )
)
def binary_cross_entropy(
    q: Any,
    y: Any,
    *,
    weight: Any = None,
    pos_weight: Any = None,
    label_smoothing: float = 0.0,
    reduction: str = "mean",
) -> Any:
    """``-[w y log q + (1 - y) log(1 - q)]`` of predictions ``q`` and labels ``y`` in ``[0, 1]``, reduced.

    PyTorch's ``F.binary_cross_entropy(q, y, weight, reduction)`` (and ``pos_weight``, which PyTorch
    has only from logits). ``0 log 0 = 0``; a confident wrong prediction (``q = 0`` where ``y > 0``)
    gives ``+inf``. ``log(1 - q)`` is taken as ``log1p(-q)``.

    >>> binary_cross_entropy([0.5, 0.5, 0.0], [1.0, 0.0, 1.0], reduction="none").tolist() == [
    ...     np.log(2), np.log(2), np.inf]
    True
    >>> float(binary_cross_entropy([0.5, 0.5], [1.0, 0.0]))  # the mean
    0.6931471805599453
    """
    return _loss(q, y, "q", False, (weight, pos_weight, label_smoothing, reduction))


@generic_path
@small_path(
    lambda z, y, *, weight=None, pos_weight=None, label_smoothing=0.0, reduction="mean": _small_loss(
        z, y, "z", True, (weight, pos_weight, label_smoothing, reduction)
    )
)
def binary_cross_entropy_with_logits(
    z: Any,
    y: Any,
    *,
    weight: Any = None,
    pos_weight: Any = None,
    label_smoothing: float = 0.0,
    reduction: str = "mean",
) -> Any:
    """The binary cross-entropy of ``sigma(z)`` and labels ``y`` in ``[0, 1]``, from the logits ``z``, reduced.

    PyTorch's ``F.binary_cross_entropy_with_logits(z, y, weight, reduction=..., pos_weight=...)``.
    Evaluated as ``w y max(-z, 0) + (1 - y) max(z, 0) + (w y + 1 - y) log1p(e^{-|z|})`` (``w`` the
    ``pos_weight``): nonnegative terms, accurate for any ``z`` and any ``y`` (also ``y`` close to 1,
    where ``max(z, 0) - z y`` cancels). ``z = ±inf`` gives the limit.

    >>> binary_cross_entropy_with_logits([0.0, 1000.0], [1.0, 0.0], reduction="none").tolist() == [np.log(2), 1000.0]
    True
    >>> float(binary_cross_entropy_with_logits(-np.inf, 1.0))
    inf
    """
    return _loss(z, y, "z", True, (weight, pos_weight, label_smoothing, reduction))
