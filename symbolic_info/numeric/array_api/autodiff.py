"""``xlogy`` and ``xlog1py`` (``0 log 0 = 0``) for an array namespace, with derivatives that keep their limits.

The generic pair is the double ``where``: ``x log y`` evaluated on ``y`` replaced by 1 where ``x = 0``,
then 0 there, so no ``log 0`` is ever taken (nor differentiated). For JAX the pair has its own
derivative rule (``jax.custom_jvp`` with symbolic zeros), the derivative of the convention:

- in ``x``: ``log y`` (``-inf`` at ``y = 0``: ``-p log p`` has derivative ``+inf`` at ``p = 0``, as
  :func:`~symbolic_info.numeric.entropy_grad` says);
- in ``y``: ``x / y``, and 0 where ``x = 0`` (the limit: the gradient of ``-p log q`` in ``q`` is 0
  where ``p = 0``, also at ``q = 0``).

A tangent that is known to be zero is skipped (``0 * log 0`` would be NaN).

>>> import numpy as np
>>> xlogy, _ = pair(np)
>>> xlogy(np.array([0.0, 2.0]), np.array([0.0, 1.0])).tolist()
[0.0, 0.0]
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

__all__ = ["constant", "is_jax", "is_torch", "pair", "ruled"]

Pair = tuple[Callable[[Any, Any], Any], Callable[[Any, Any], Any]]


def is_jax(namespace: Any) -> bool:
    """The namespace is ``jax.numpy`` (JAX arrays: traced, differentiated)."""
    return getattr(namespace, "__name__", "").startswith("jax")


def _where_pair(xp: Any) -> Pair:
    def xlogy(x: Any, y: Any) -> Any:
        zero = x == 0
        return xp.where(zero, 0.0, x * xp.log(xp.where(zero, 1.0, y)))

    def xlog1py(x: Any, y: Any) -> Any:
        zero = x == 0
        return xp.where(zero, 0.0, x * xp.log1p(xp.where(zero, 0.0, y)))

    return xlogy, xlog1py


def _jax_pair() -> Pair:
    import jax
    import jax.numpy as jnp

    generic_xlogy, generic_xlog1py = _where_pair(jnp)

    def rule(logarithm: Callable[[Any], Any], shift: float, value: Callable[[Any, Any], Any]) -> Callable[..., Any]:
        def derivative(primals: tuple[Any, Any], tangents: tuple[Any, Any]) -> tuple[Any, Any]:
            (x, y), (dx, dy) = primals, tangents
            out = value(x, y)
            change = jnp.zeros_like(out)
            if not isinstance(dx, jax.custom_derivatives.SymbolicZero):
                change = change + dx * logarithm(y)
            if not isinstance(dy, jax.custom_derivatives.SymbolicZero):
                zero = x == 0
                change = change + dy * jnp.where(zero, 0.0, x / jnp.where(zero, 1.0, shift + y))
            return out, change

        return derivative

    xlogy = jax.custom_jvp(generic_xlogy)
    xlogy.defjvp(rule(jnp.log, 0.0, generic_xlogy), symbolic_zeros=True)
    xlog1py = jax.custom_jvp(generic_xlog1py)
    xlog1py.defjvp(rule(jnp.log1p, 1.0, generic_xlog1py), symbolic_zeros=True)
    return xlogy, xlog1py


@cache
def pair(namespace: Any) -> Pair:
    """``(xlogy, xlog1py)`` for ``namespace``: JAX's with the derivative rule, else the double ``where``."""
    return _jax_pair() if is_jax(namespace) else _where_pair(namespace)


def _unchanged(value: Any) -> Any:
    return value


def constant(namespace: Any) -> Callable[[Any], Any]:
    """A value held constant by differentiation (``jax.lax.stop_gradient``; the identity for other libraries).

    For a shift that cancels in the result (the row maximum of a softmax): its own derivative would
    add up to 0, and skipping it saves the backward pass through ``max``.
    """
    if not is_jax(namespace):
        return _unchanged
    import jax

    return jax.lax.stop_gradient


def is_torch(namespace: Any) -> bool:
    """The namespace is PyTorch's (``array_api_compat.torch``): tensors that autograd differentiates."""
    return "torch" in getattr(namespace, "__name__", "")


Evaluate = Callable[[Any, Any], Any]


def ruled(namespace: Any, value: Evaluate, gradient: Evaluate, summed: bool) -> Evaluate:
    """``value(a, b)`` whose derivative in ``a`` is ``gradient(a, b)``, for JAX and PyTorch's autodiff.

    ``value`` is elementwise in ``a`` (``summed=False``) or sums over its last axis (``summed=True``);
    ``gradient`` has ``a``'s shape. The derivative in ``b`` is ``value``'s own. Where differentiating
    ``value`` would give ``0 * inf`` (an infinite logit, a masked class), ``gradient`` has the limit.
    Other libraries get ``value`` itself.
    """
    if is_jax(namespace):
        return _jax_ruled(value, gradient, summed)
    if is_torch(namespace):
        return _torch_ruled(value, gradient, summed)
    return value


def _jax_ruled(value: Evaluate, gradient: Evaluate, summed: bool) -> Evaluate:
    import jax
    import jax.numpy as jnp

    def derivative(primals: tuple[Any, Any], tangents: tuple[Any, Any]) -> tuple[Any, Any]:
        (a, b), (da, db) = primals, tangents
        out = value(a, b)
        change = jnp.zeros_like(out)
        if not isinstance(da, jax.custom_derivatives.SymbolicZero):
            along = da * gradient(a, b)
            change = change + (jnp.sum(along, axis=-1) if summed else along)
        if not isinstance(db, jax.custom_derivatives.SymbolicZero):
            change = change + jax.jvp(lambda other: value(a, other), (b,), (db,))[1]
        return out, change

    rule = jax.custom_jvp(value)
    rule.defjvp(derivative, symbolic_zeros=True)
    return rule


def _torch_ruled(value: Evaluate, gradient: Evaluate, summed: bool) -> Evaluate:
    import torch

    class Rule(torch.autograd.Function):
        @staticmethod
        def forward(ctx: Any, a: Any, b: Any) -> Any:
            ctx.save_for_backward(a, b)
            return value(a, b)

        @staticmethod
        def backward(ctx: Any, incoming: Any) -> tuple[Any, Any]:
            a, b = ctx.saved_tensors
            in_a = in_b = None
            if ctx.needs_input_grad[0]:
                in_a = gradient(a, b) * (incoming[..., None] if summed else incoming)
            if ctx.needs_input_grad[1]:
                with torch.enable_grad():
                    other = b.detach().requires_grad_(True)
                    (in_b,) = torch.autograd.grad(value(a.detach(), other), other, incoming)
            return in_a, in_b

    apply: Evaluate = Rule.apply  # typed here: with or without PyTorch's stubs
    return apply
