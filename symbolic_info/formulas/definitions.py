"""The symbolic source of truth for every quantity: information content, entropy, cross-entropy, KL.

Every other part of the package (derivations, the claim checker, the numeric functions,
the LaTeX) is built from these expressions. Terms ``p log q`` are written with
:class:`~symbolic_info.formulas.special.xlogy`, so the convention ``0 log 0 = 0`` is part of the
definition rather than an afterthought. The logarithm is natural unless ``base`` is given.

Probabilities are given either as a :class:`~symbolic_info.formulas.vectors.Vector` (general or
explicit ``n``: the result is a ``Sum``) or as a sequence of numbers or expressions (the
result is an explicit sum). Python floats are read as the decimal they print as.

>>> import sympy as sp
>>> entropy([sp.Rational(1, 2), sp.Rational(1, 2)], base=2)
1
>>> entropy([1, 0, 0])
0
>>> from symbolic_info.formulas.vectors import Categories, Vector
>>> p = Vector("p", Categories.general())
>>> entropy(p)
-Sum(log(p[i])*p[i], (i, 1, n))
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeAlias

import sympy as sp

from ..errors import DerivationError, InvalidArgumentError, InvalidProbabilityError
from .special import xlogy
from .vectors import Vector

__all__ = [
    "Probabilities",
    "as_exact",
    "binary_cross_entropy",
    "binary_entropy",
    "cross_entropy",
    "entropy",
    "information_content",
    "kl_divergence",
    "log_in_base",
    "sigmoid",
    "softmax",
]

Probabilities: TypeAlias = Vector | Sequence[object]


def as_exact(value: object) -> sp.Expr:
    """A SymPy number or expression for ``value``; floats become the decimal they print as."""
    if isinstance(value, bool):
        raise InvalidArgumentError(f"expected a number, got the boolean {value!r}")
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise InvalidArgumentError(f"expected a finite number, got {value!r}")
        return sp.Rational(repr(value))
    if isinstance(value, int):
        return sp.Integer(value)
    if isinstance(value, sp.Basic):
        return value
    raise InvalidArgumentError(f"expected a number or a SymPy expression, got {type(value).__name__}")


def _check_base(base: object) -> sp.Expr | None:
    if base is None:
        return None
    b = as_exact(base)
    if b.is_number:
        if not (b.is_real and b.is_positive) or b == 1:
            raise InvalidArgumentError(f"a logarithm base must be positive and not 1, got {base!r}")
    elif b.is_positive is False:
        raise InvalidArgumentError(f"a logarithm base must be positive, got {base!r}")
    return b


def log_in_base(x: sp.Expr, base: object = None) -> sp.Expr:
    """``log(x)`` (natural) or ``log(x)/log(base)``."""
    b = _check_base(base)
    return sp.log(x) if b is None else sp.log(x, b)


def _in_base(nats: sp.Expr, base: object) -> sp.Expr:
    b = _check_base(base)
    return nats if b is None else nats / sp.log(b)


def _exact_entries(values: Sequence[object], name: str) -> list[sp.Expr]:
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
        raise InvalidArgumentError(f"{name} must be a Vector or a sequence of numbers")
    entries = [as_exact(v) for v in values]
    if not entries:
        raise InvalidProbabilityError(f"{name} is empty")
    for k, entry in enumerate(entries, start=1):
        if entry.is_number and (entry.is_extended_real is False or entry.is_negative):
            raise InvalidProbabilityError(f"{name}[{k}] = {entry} is not a nonnegative real number")
    if all(entry.is_number for entry in entries):
        total = sp.nsimplify(sp.Add(*entries))
        if total != 1:
            raise InvalidProbabilityError(f"the entries of {name} sum to {total}, not 1")
    return entries


def _sum_terms(p: Probabilities, q: Probabilities | None, term: Callable[..., sp.Expr]) -> sp.Expr:
    """``sum_i term(p_i, q_i)`` as a ``Sum`` for vectors or an explicit sum for sequences."""
    if isinstance(p, Vector):
        if q is None:
            return p.total(lambda i: term(p[i]))
        if not isinstance(q, Vector) or q.categories != p.categories:
            raise DerivationError("both distributions must be Vectors over the same categories")
        return p.total(lambda i: term(p[i], q[i]))
    p_entries = _exact_entries(p, "p")
    if q is None:
        return sp.Add(*(term(pk) for pk in p_entries))
    if isinstance(q, Vector):
        raise DerivationError("both distributions must be Vectors, or both sequences of numbers")
    q_entries = _exact_entries(q, "q")
    if len(q_entries) != len(p_entries):
        raise InvalidProbabilityError(f"p has {len(p_entries)} entries but q has {len(q_entries)}")
    return sp.Add(*(term(pk, qk) for pk, qk in zip(p_entries, q_entries, strict=True)))


def information_content(probability: object, base: object = None) -> sp.Expr:
    """Self-information ``-log_b(p)`` of an event of probability ``p`` (nats by default).

    >>> information_content(sp.Rational(1, 8), base=2)
    3
    """
    return -log_in_base(as_exact(probability), base)


def entropy(p: Probabilities, base: object = None) -> sp.Expr:
    """Shannon entropy ``H(p) = -sum_i p_i log p_i`` with ``0 log 0 = 0``."""
    return _in_base(-_sum_terms(p, None, lambda pi: xlogy(pi, pi)), base)


def cross_entropy(p: Probabilities, q: Probabilities, base: object = None) -> sp.Expr:
    """Cross-entropy ``H(p, q) = -sum_i p_i log q_i`` with ``0 log q = 0``."""
    return _in_base(-_sum_terms(p, q, lambda pi, qi: xlogy(pi, qi)), base)


def kl_divergence(p: Probabilities, q: Probabilities, base: object = None) -> sp.Expr:
    """Kullback-Leibler divergence ``D(p||q) = sum_i p_i log(p_i / q_i)`` with ``0 log(0/q) = 0``."""
    return _in_base(_sum_terms(p, q, lambda pi, qi: xlogy(pi, pi / qi)), base)


def binary_entropy(p: object, base: object = None) -> sp.Expr:
    """Entropy of a Bernoulli(p) variable: ``-p log p - (1 - p) log(1 - p)``.

    >>> binary_entropy(sp.Rational(1, 2), base=2)
    1
    """
    x = as_exact(p)
    return _in_base(-xlogy(x, x) - xlogy(1 - x, 1 - x), base)


def binary_cross_entropy(y: object, q: object, base: object = None) -> sp.Expr:
    """Binary cross-entropy ``-[y log q + (1 - y) log(1 - q)]`` of a label ``y`` and a prediction ``q``."""
    label, prediction = as_exact(y), as_exact(q)
    return _in_base(-xlogy(label, prediction) - xlogy(1 - label, 1 - prediction), base)


def sigmoid(z: object) -> sp.Expr:
    """The logistic function ``1 / (1 + exp(-z))``.

    >>> sigmoid(0)
    1/2
    """
    return 1 / (1 + sp.exp(-as_exact(z)))


def softmax(z: Vector | Sequence[object], k: sp.Expr | int) -> sp.Expr:
    """Component ``k`` (1-based) of ``softmax(z)``: ``exp(z_k) / sum_j exp(z_j)``."""
    if isinstance(z, Vector):
        j = sp.Dummy("j", integer=True, positive=True)
        return sp.exp(z[k]) / z.categories.total(lambda i: sp.exp(z[i]), index=j)
    entries = [as_exact(v) for v in z]
    if not entries:
        raise InvalidArgumentError("softmax of an empty vector")
    if not isinstance(k, int) or not 1 <= k <= len(entries):
        raise InvalidArgumentError(f"component k must be an int in 1..{len(entries)}, got {k!r}")
    return sp.exp(entries[k - 1]) / sp.Add(*(sp.exp(v) for v in entries))
