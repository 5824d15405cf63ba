"""Gradients and Hessians of the learning models (in the weights ``w``, and the softmax Hessian), lambdified.

The gradients of the losses in their predictions are ``symbolic_info.numeric.*_grad`` (one scheme,
the losses' options); the sigmoid and softmax are ``numeric.sigmoid`` and ``numeric.softmax``. Since
0.x the names ``sigmoid``, ``softmax``, ``softmax_cross_entropy`` and ``softmax_cross_entropy_gradient``
are gone from this module (they meant something else than the functions of the same name in
``numeric``): use ``numeric.softmax_cross_entropy(z, y, reduction="none")`` and
``numeric.softmax_cross_entropy_grad(z, y, reduction="none")``.

Every function evaluates an expression of :mod:`symbolic_info.formulas.learning`, the same one the
derivations ``sigmoid-derivative`` ... ``softmax-hessian`` prove, in its stable form: ``sigma(z)`` as
``e^{(z - |z|)/2} / (1 + e^{-|z|})``, ``sigma(z) - y`` as ``(1 - y) sigma(z) - y sigma(-z)``, ``1 - sigma(z)`` as
``sigma(-z)``, softmax shifted by ``max_j z_j``. So saturated scores (``|z|`` up to ``1e4`` and beyond) give
finite values with full relative accuracy: ``sigma(z) - 1`` for ``z = 40`` is ``-sigma(-40) ~ -4.2e-18``, not 0.

The kernels are elementwise in a score, a label and feature entries; the sums of the formulas are
NumPy reductions: over the examples of a data set (``sum_i``), over the classes (``sum_j``), and the
score ``w^T x`` is a matrix product. Hessians are lambdified with common-subexpression elimination.

Shapes: ``w`` is ``(d,)``; ``x`` is ``(..., d)`` (one example per row); labels ``y`` broadcast
against ``x.shape[:-1]``; softmax scores ``z`` and label distributions have the classes last (label
distributions with all the classes: they broadcast against ``z`` on the other axes only). Bad
input raises :class:`~symbolic_info.errors.InvalidArgumentError` (shapes, NaN, infinity, non-numbers,
masked arrays, other array libraries' arrays: NumPy arrays and array-likes only, no dask here) or
:class:`~symbolic_info.errors.InvalidProbabilityError` (labels outside ``[0, 1]``, label rows not
summing to 1); both are ``ValueError``.

>>> import numpy as np
>>> ce_sigmoid_gradient(np.array([1.0]), np.array([40.0]), 1.0)  # (sigma(40) - 1) * 40 = -40 sigma(-40)
array([-1.6993e-16])
>>> softmax_cross_entropy_hessian(np.array([0.0, 0.0]))
array([[ 0.25, -0.25],
       [-0.25,  0.25]])
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np
import sympy as sp
from sympy.codegen.cfunctions import log1p

from ..errors import InvalidArgumentError
from ..formulas.learning import (
    Sigmoid,
    softmax_loss_shifted,
    softmax_shifted,
    stable_ce_loss,
    stable_logistic_weight,
    stable_mse_gradient_factor,
    stable_mse_loss,
    stable_residual,
    stable_softmax_gradient_entry,
    stable_softmax_hessian_entry,
    to_numeric_form,
)
from ..formulas.vectors import Categories, Vector, index_symbol
from .arrays import as_float_array, check_classes, check_finite, check_probabilities, check_unit_interval
from .kernels import lambdify_numpy

__all__ = [
    "EXPRESSIONS",
    "ce_sigmoid_gradient",
    "ce_sigmoid_loss",
    "logistic_regression_gradient",
    "logistic_regression_hessian",
    "logistic_regression_loss",
    "mse_sigmoid_gradient",
    "mse_sigmoid_loss",
    "numeric_expression",
    "softmax_cross_entropy_hessian",
]

_z, _y, _x_k = sp.symbols("z y x_k", real=True)
_p_k, _p_l, _delta, _rest_k = sp.symbols("p_k p_l delta r_k", real=True)
_c = sp.Symbol("c", real=True)
_CLASSES = Categories(sp.Symbol("n", integer=True, positive=True), index_symbol("k"))
_SCORES, _LABELS = Vector("z", _CLASSES, positive=False), Vector("y", _CLASSES)


@dataclass(frozen=True)
class Expression:
    """A derived expression, the symbols it is lambdified in, and whether to eliminate common subexpressions."""

    expr: sp.Expr
    symbols: tuple[sp.Symbol, ...]
    cse: bool = False


#: Every expression evaluated here, by name: the derivations' results in their stable forms.
EXPRESSIONS: Mapping[str, Expression] = MappingProxyType(
    {
        "sigmoid": Expression(Sigmoid(_z), (_z,)),
        "mse_loss": Expression(stable_mse_loss(_z, _y), (_z, _y)),
        "mse_gradient": Expression(stable_mse_gradient_factor(_z, _y) * _x_k, (_z, _y, _x_k)),
        "ce_loss": Expression(stable_ce_loss(_z, _y), (_z, _y)),
        "ce_gradient": Expression(stable_residual(_z, _y) * _x_k, (_z, _y, _x_k)),
        "logistic_weight": Expression(stable_logistic_weight(_z), (_z,), cse=True),
        "softmax": Expression(softmax_shifted(_SCORES, _CLASSES.index, _c), (_SCORES.base, _c)),
        "softmax_loss": Expression(softmax_loss_shifted(_SCORES, _LABELS, _c), (_SCORES.base, _LABELS.base, _c)),
        "softmax_gradient": Expression(stable_softmax_gradient_entry(_p_k, _rest_k, _y), (_p_k, _rest_k, _y)),
        "softmax_hessian": Expression(
            stable_softmax_hessian_entry(_p_k, _rest_k, _p_l, _delta), (_p_k, _rest_k, _p_l, _delta), cse=True
        ),
    }
)


def numeric_expression(name: str) -> sp.Expr:
    """The expression ``name`` as it is lambdified: ``sigma`` in its stable form, ``log(1 + u)`` as ``log1p(u)``.

    >>> numeric_expression("ce_loss")
    -y*z + z/2 + Abs(z)/2 + log1p(exp(-Abs(z)))
    """
    return to_numeric_form(EXPRESSIONS[name].expr).replace(_is_log_of_one_plus, lambda e: log1p(e.args[0] - 1))


def _is_log_of_one_plus(expr: sp.Basic) -> bool:
    return isinstance(expr, sp.log) and isinstance(expr.args[0], sp.Add) and sp.S.One in expr.args[0].args


def _lambdify(name: str) -> Callable[..., Any]:
    """NumPy code for an elementwise expression: every argument is an array, broadcast together."""
    item = EXPRESSIONS[name]
    return lambdify_numpy(item.symbols, numeric_expression(name), cse=item.cse)


@dataclass(frozen=True)
class _ClassKernel:
    """An expression in class entries ``z_k`` (``k`` the free class index), shifts, and sums over the classes.

    Each ``Sum`` over the classes becomes a NumPy sum over the last axis of its lambdified summand;
    what remains is lambdified elementwise. The arrays have the classes last; scalars get an axis.
    """

    summands: tuple[Callable[..., Any], ...]
    body: Callable[..., Any]

    @classmethod
    def of(cls, name: str) -> _ClassKernel:
        item = EXPRESSIONS[name]
        bases = [s for s in item.symbols if isinstance(s, sp.IndexedBase)]
        scalars = [s for s in item.symbols if not isinstance(s, sp.IndexedBase)]
        entries = [sp.Dummy(str(base.label)) for base in bases]
        k = _CLASSES.index
        hidden: list[tuple[sp.Dummy, sp.Expr]] = []

        def hide(total: sp.Sum) -> sp.Dummy:
            ((index, _, _),) = total.limits
            placeholder = sp.Dummy(f"sum{len(hidden)}")
            hidden.append((placeholder, total.function.xreplace({index: k})))
            return placeholder

        body = numeric_expression(name).replace(lambda e: isinstance(e, sp.Sum), hide)
        as_entries = {base[k]: entry for base, entry in zip(bases, entries, strict=True)}
        arguments = (*entries, *scalars)
        summands = tuple(lambdify_numpy(arguments, summand.xreplace(as_entries)) for _, summand in hidden)
        compiled = lambdify_numpy((*arguments, *(placeholder for placeholder, _ in hidden)), body.xreplace(as_entries))
        return cls(summands, compiled)

    def __call__(self, arrays: tuple[np.ndarray, ...], scalars: tuple[np.ndarray, ...]) -> np.ndarray:
        values = (*arrays, *(np.expand_dims(scalar, -1) for scalar in scalars))
        shape = np.broadcast_shapes(*(array.shape for array in arrays))  # a summand need not use every array
        totals = [np.sum(np.broadcast_to(summand(*values), shape), axis=-1, keepdims=True) for summand in self.summands]
        return np.asarray(self.body(*values, *totals), dtype=np.float64)


_SIGMOID = _lambdify("sigmoid")
_MSE_LOSS, _MSE_GRADIENT = _lambdify("mse_loss"), _lambdify("mse_gradient")
_CE_LOSS, _CE_GRADIENT = _lambdify("ce_loss"), _lambdify("ce_gradient")
_LOGISTIC_WEIGHT = _lambdify("logistic_weight")
_SOFTMAX, _SOFTMAX_LOSS = _ClassKernel.of("softmax"), _ClassKernel.of("softmax_loss")
_SOFTMAX_GRADIENT, _SOFTMAX_HESSIAN = _lambdify("softmax_gradient"), _lambdify("softmax_hessian")


def _finite(value: object, name: str) -> np.ndarray:
    array = as_float_array(value, name)
    check_finite(array, name)
    return array


def _example(w: object, x: object, y: object) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Weights ``(d,)``, examples ``(..., d)``, labels in ``[0, 1]`` broadcast to ``x.shape[:-1]``; the scores."""
    weights, examples, labels = _finite(w, "w"), _finite(x, "x"), _finite(y, "y")
    if weights.ndim != 1:
        raise InvalidArgumentError(f"w must be a vector of shape (d,), got shape {weights.shape}")
    if examples.ndim == 0 or examples.shape[-1] != weights.shape[0]:
        raise InvalidArgumentError(f"x must have shape (..., {weights.shape[0]}) to match w, got {examples.shape}")
    check_unit_interval(labels, "y")
    try:
        labels = np.broadcast_to(labels, examples.shape[:-1])
    except ValueError:
        raise InvalidArgumentError(
            f"y of shape {labels.shape} does not match the examples {examples.shape[:-1]}"
        ) from None
    return examples @ weights, examples, labels


def _data_set(w: object, x: object, y: object) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    scores, examples, labels = _example(w, x, y)
    if examples.ndim != 2:
        raise InvalidArgumentError(f"x must be a matrix (N, d) of examples, got shape {examples.shape}")
    return scores, examples, labels


def mse_sigmoid_loss(w: object, x: object, y: object) -> np.ndarray:
    """``(sigma(w^T x) - y)^2 / 2`` for each example (shape ``x.shape[:-1]``)."""
    scores, _, labels = _example(w, x, y)
    return np.asarray(_MSE_LOSS(scores, labels), dtype=np.float64)


def mse_sigmoid_gradient(w: object, x: object, y: object) -> np.ndarray:
    """``(sigma(z) - y) sigma(z)(1 - sigma(z)) x`` with ``z = w^T x``, for each example (shape of ``x``).

    >>> mse_sigmoid_gradient([0.0, 0.0], [1.0, 2.0], 1.0)
    array([-0.125, -0.25 ])
    """
    scores, examples, labels = _example(w, x, y)
    return np.asarray(_MSE_GRADIENT(scores[..., None], labels[..., None], examples), dtype=np.float64)


def ce_sigmoid_loss(w: object, x: object, y: object) -> np.ndarray:
    """``-[y log sigma(z) + (1 - y) log(1 - sigma(z))] = log(1 + e^z) - yz`` for each example."""
    scores, _, labels = _example(w, x, y)
    return np.asarray(_CE_LOSS(scores, labels), dtype=np.float64)


def ce_sigmoid_gradient(w: object, x: object, y: object) -> np.ndarray:
    """``(sigma(z) - y) x`` with ``z = w^T x``, for each example (shape of ``x``).

    >>> ce_sigmoid_gradient([0.0, 0.0], [1.0, 2.0], 1.0)
    array([-0.5, -1. ])
    """
    scores, examples, labels = _example(w, x, y)
    return np.asarray(_CE_GRADIENT(scores[..., None], labels[..., None], examples), dtype=np.float64)


def logistic_regression_loss(w: object, x: object, y: object) -> np.float64:
    """``J(w) = sum_i [log(1 + e^{z_i}) - y_i z_i]``: the summed cross-entropy of ``N`` examples ``x`` ``(N, d)``."""
    scores, _, labels = _data_set(w, x, y)
    return np.float64(np.sum(_CE_LOSS(scores, labels)))


def logistic_regression_gradient(w: object, x: object, y: object) -> np.ndarray:
    """``sum_i (h_i - y_i) x_i`` with ``h_i = sigma(w^T x_i)`` (shape ``(d,)``).

    >>> logistic_regression_gradient([0.0], [[1.0], [2.0]], [1.0, 0.0])
    array([0.5])
    """
    scores, examples, labels = _data_set(w, x, y)
    gradient: np.ndarray = np.sum(_CE_GRADIENT(scores[:, None], labels[:, None], examples), axis=0)
    return gradient


def logistic_regression_hessian(w: object, x: object) -> np.ndarray:
    """``sum_i h_i (1 - h_i) x_i x_i^T`` (shape ``(d, d)``): the weight ``sigma(z_i) sigma(-z_i)`` of each example.

    >>> logistic_regression_hessian([0.0, 0.0], [[1.0, 0.0], [1.0, 2.0]])
    array([[0.5, 0.5],
           [0.5, 1. ]])
    """
    scores, examples, _ = _data_set(w, x, 0.0)
    weights = np.asarray(_LOGISTIC_WEIGHT(scores), dtype=np.float64)
    return np.asarray(examples.T @ (weights[:, None] * examples))


def _scores(z: object) -> np.ndarray:
    scores = _finite(z, "z")
    if scores.ndim == 0:
        raise InvalidArgumentError("z must have the classes along its last axis; got a scalar")
    return scores


def _distribution(z: object, y: object) -> tuple[np.ndarray, np.ndarray]:
    """Scores and label distributions broadcast together; the labels must have the classes' length (no stretching)."""
    scores, labels = _scores(z), as_float_array(y, "y")
    check_classes(labels.shape, scores.shape, scores.ndim - 1, "y")
    check_probabilities(labels, "y")
    try:
        scores, labels = np.broadcast_arrays(scores, labels)
    except ValueError:
        raise InvalidArgumentError(f"z {scores.shape} and y {labels.shape} do not broadcast") from None
    return scores, labels


def _softmax(scores: np.ndarray) -> np.ndarray:
    """``e^{z_k} / sum_j e^{z_j}`` along the last axis, shifted by ``max_j z_j``."""
    return _SOFTMAX((scores,), (scores.max(axis=-1),))


def _with_rest(scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``yhat = softmax(z)`` and ``1 - yhat_k = sum_{j != k} yhat_j``, summed directly for the largest class.

    For any other class ``yhat_k <= 1/2``, so ``1 - yhat_k`` is exact to rounding; for the largest,
    the sum of the other classes keeps its relative accuracy when ``yhat_k`` is within 1e-16 of 1.
    """
    probabilities = _softmax(scores)
    largest = np.argmax(probabilities, axis=-1)[..., None]
    is_largest = np.arange(probabilities.shape[-1]) == largest
    others = np.sum(np.where(is_largest, 0.0, probabilities), axis=-1, keepdims=True)
    return probabilities, np.where(is_largest, others, 1.0 - probabilities)


def softmax_cross_entropy_hessian(z: object) -> np.ndarray:
    """``diag(yhat) - yhat yhat^T`` with ``yhat = softmax(z)`` (shape ``z.shape + (n,)``).

    >>> softmax_cross_entropy_hessian([0.0, 0.0])
    array([[ 0.25, -0.25],
           [-0.25,  0.25]])
    """
    probabilities, rest = _with_rest(_scores(z))
    identity = np.eye(probabilities.shape[-1])
    entries = _SOFTMAX_HESSIAN(probabilities[..., :, None], rest[..., :, None], probabilities[..., None, :], identity)
    return np.asarray(entries, dtype=np.float64)
