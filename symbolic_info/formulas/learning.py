"""The symbolic formulas of the learning derivations, shared by the catalogue and the numeric gradients.

The derivations in ``catalogue/sigmoid.py``, ``logistic.py`` and ``softmax.py`` prove these
formulas; :mod:`symbolic_info.numeric.gradients` lambdifies the very same expressions. Each formula
is a function of its atoms (a score ``z``, a label ``y``, a feature ``x_k``), so a derivation
calls it with ``w^T x`` and indexed entries and the numeric code with plain symbols.

:class:`Sigmoid` and :class:`Dot` are display names in the style of :mod:`symbolic_info.formulas.named`:
``sigma(z)`` and ``w^T x`` on the page, unfolding to :func:`symbolic_info.formulas.definitions.sigmoid`
and to a ``Sum`` for the prover and the numeric check.

>>> import sympy as sp
>>> z, y = sp.symbols("z y", real=True)
>>> ce_gradient_factor(z, y)
-y + Sigmoid(z)
>>> sp.simplify(unfold(stable_residual(z, y) - ce_gradient_factor(z, y)))
0
>>> to_numeric_form(Sigmoid(z))
exp(Min(0, z))/(1 + exp(-Abs(z)))
"""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.concrete.delta import deltasummation

from . import stable
from .definitions import binary_cross_entropy, sigmoid, softmax
from .named import NamedQuantity, unfold
from .vectors import Categories, Vector, index_symbol

__all__ = [
    "Dot",
    "Sigmoid",
    "Softmax",
    "ce_gradient_factor",
    "ce_loss",
    "ce_loss_softplus",
    "logistic_hessian_term",
    "logistic_weight",
    "mse_gradient_factor",
    "mse_loss",
    "softmax_complement",
    "softmax_gradient_entry",
    "softmax_hessian_entry",
    "softmax_loss_shifted",
    "softmax_shifted",
    "softplus_stable",
    "stable_ce_loss",
    "stable_logistic_weight",
    "stable_mse_gradient_factor",
    "stable_mse_loss",
    "stable_residual",
    "stable_sigmoid",
    "stable_softmax_gradient_entry",
    "stable_softmax_hessian_entry",
    "to_numeric_form",
    "unfold",
]

_SIMPLE_ARGUMENTS = (sp.Symbol, sp.Indexed, sp.Number)


class Sigmoid(NamedQuantity):
    """``sigma(z)``, shown by name; it unfolds to ``1 / (1 + exp(-z))``."""

    nargs = 1

    def unfold(self) -> sp.Expr:
        return sigmoid(self.args[0])

    def _eval_is_positive(self) -> bool | None:
        return True if self.args[0].is_extended_real else None

    def _handout_latex(self, printer: Any, exp: str | None = None) -> str:
        (argument,) = self.args
        simple = isinstance(argument, (*_SIMPLE_ARGUMENTS, Dot)) or isinstance(-argument, _SIMPLE_ARGUMENTS)
        inner = printer._print(argument)
        body = rf"\sigma({inner})" if simple else rf"\sigma\left({inner}\right)"
        return body if exp is None else rf"{body}^{{{exp}}}"

    _latex = _handout_latex


class Dot(NamedQuantity):
    """``w^T x`` (or ``w^T x_i`` for row ``i`` of a matrix ``x``): arguments ``(w, x, d[, i])``.

    It unfolds to ``Sum(w[j] * x[j], (j, 1, d))``; its derivative in ``w_k`` is summed over the
    Kronecker delta at once (``x_k`` for ``1 <= k <= d``).
    """

    nargs = (3, 4)
    #: The prover keeps ``w^T x`` folded, as a real value whose derivative is given by the rule below.
    atomic_in_proofs = True

    def unfold(self) -> sp.Expr:
        w, x, d, *row = self.args
        j = sp.Symbol("j", integer=True, positive=True)
        return sp.Sum(w[j] * x[(*row, j)], (j, 1, d))

    def _eval_derivative(self, variable: sp.Basic) -> sp.Expr:
        w, x, d, *row = self.args
        j = sp.Dummy("j", integer=True, positive=True)
        summand = sp.diff(w[j] * x[(*row, j)], variable)
        if summand.has(sp.KroneckerDelta):  # d(w_j)/d(w_k): only the term j = k survives
            return deltasummation(summand, (j, 1, d))
        return sp.Sum(summand, (j, 1, d)).doit()

    def _handout_latex(self, printer: Any, exp: str | None = None) -> str:
        w, x, _, *row = self.args
        vector = printer._print(x.label) + (f"_{{{printer._print(row[0])}}}" if row else "")
        body = rf"{printer._print(w.label)}^{{\top}} {vector}"
        return body if exp is None else rf"\left({body}\right)^{{{exp}}}"

    _latex = _handout_latex


class Softmax(NamedQuantity):
    """``yhat_k``, component ``k`` of ``softmax(z)`` for scores ``z_1..z_n``: arguments ``(z, n, k)``.

    It unfolds to :func:`symbolic_info.formulas.definitions.softmax`, ``e^{z_k} / sum_j e^{z_j}``.
    """

    nargs = 3

    def unfold(self) -> sp.Expr:
        scores, n, k = self.args
        return softmax(Vector(str(scores.label), Categories(n, index_symbol("i")), positive=False), k)

    def _eval_is_positive(self) -> bool:
        return True

    def _eval_derivative(self, variable: sp.Basic) -> sp.Expr:
        return sp.diff(self.unfold(), variable)

    def _handout_latex(self, printer: Any, exp: str | None = None) -> str:
        body = rf"\hat{{y}}_{{{printer._print(self.args[2])}}}"
        return body if exp is None else rf"{body}^{{{exp}}}"

    _latex = _handout_latex


# The losses of one example with score z = w^T x and label y.


def mse_loss(z: sp.Expr, y: sp.Expr) -> sp.Expr:
    """Squared error of the sigmoid output: ``(sigma(z) - y)^2 / 2``."""
    return (Sigmoid(z) - y) ** 2 / 2


def ce_loss(z: sp.Expr, y: sp.Expr) -> sp.Expr:
    """Binary cross-entropy of the sigmoid output: ``-[y log sigma(z) + (1 - y) log(1 - sigma(z))]``."""
    return binary_cross_entropy(y, Sigmoid(z))


def ce_loss_softplus(z: sp.Expr, y: sp.Expr) -> sp.Expr:
    """The same loss simplified: ``log(1 + e^z) - y z``."""
    return sp.log(1 + sp.exp(z)) - y * z


# Their derivatives in z (the gradient in w is this factor times x).


def mse_gradient_factor(z: sp.Expr, y: sp.Expr) -> sp.Expr:
    """``dL/dz`` of the squared error: ``(sigma(z) - y) sigma(z) (1 - sigma(z))``."""
    return (Sigmoid(z) - y) * Sigmoid(z) * (1 - Sigmoid(z))


def ce_gradient_factor(z: sp.Expr, y: sp.Expr) -> sp.Expr:
    """``dL/dz`` of the cross-entropy: ``sigma(z) - y``."""
    return Sigmoid(z) - y


def logistic_weight(z: sp.Expr) -> sp.Expr:
    """``sigma'(z) = sigma(z) (1 - sigma(z))``: the weight of an example in the logistic Hessian."""
    return Sigmoid(z) * (1 - Sigmoid(z))


def logistic_hessian_term(z: sp.Expr, x_k: sp.Expr, x_l: sp.Expr) -> sp.Expr:
    """One example's term of the Hessian entry ``(k, l)``: ``sigma(z) sigma(-z) x_k x_l`` (the stable weight)."""
    return stable_logistic_weight(z) * x_k * x_l


def softmax_hessian_entry(p_k: sp.Expr, p_l: sp.Expr, delta_kl: sp.Expr) -> sp.Expr:
    """Entry ``(k, l)`` of ``diag(p) - p p^T`` for ``p = softmax(z)``: ``p_k delta_kl - p_k p_l``."""
    return p_k * delta_kl - p_k * p_l


# Forms without cancellation or overflow, proved equal in the derivations.


def stable_sigmoid(z: sp.Expr) -> sp.Expr:
    """``sigma(z) = e^{min(z, 0)} / (1 + e^{-|z|})``: no exponent is ever positive.

    The same form as the numeric kernels' (:func:`symbolic_info.formulas.stable.sigmoid`, certified
    by the ``stable-sigmoid`` derivation): one expression serves both.
    """
    return stable.sigmoid(z)


def stable_residual(z: sp.Expr, y: sp.Expr) -> sp.Expr:
    """``sigma(z) - y = (1 - y) sigma(z) - y sigma(-z)``: for ``y = 1`` it is ``-sigma(-z)``, with no cancellation."""
    return (1 - y) * Sigmoid(z) - y * Sigmoid(-z)


def stable_logistic_weight(z: sp.Expr) -> sp.Expr:
    """``sigma(z) (1 - sigma(z)) = sigma(z) sigma(-z)``."""
    return Sigmoid(z) * Sigmoid(-z)


def stable_mse_gradient_factor(z: sp.Expr, y: sp.Expr) -> sp.Expr:
    """``(sigma(z) - y) sigma(z) (1 - sigma(z))`` from the stable residual and weight."""
    return stable_residual(z, y) * stable_logistic_weight(z)


def softplus_stable(z: sp.Expr) -> sp.Expr:
    """``log(1 + e^z) = (z + |z|)/2 + log(1 + e^{-|z|})``."""
    return (z + sp.Abs(z)) / 2 + sp.log(1 + sp.exp(-sp.Abs(z)))


def stable_mse_loss(z: sp.Expr, y: sp.Expr) -> sp.Expr:
    """``(sigma(z) - y)^2 / 2`` from the stable residual."""
    return stable_residual(z, y) ** 2 / 2


def stable_ce_loss(z: sp.Expr, y: sp.Expr) -> sp.Expr:
    """``log(1 + e^z) - y z`` with the stable ``log(1 + e^z)``."""
    return softplus_stable(z) - y * z


# Softmax: scores z_1..z_n (a Vector), a label distribution y, a shift c.


def softmax_shifted(z: Vector, k: sp.Expr, c: sp.Expr) -> sp.Expr:
    """``softmax(z)_k = e^{z_k - c} / sum_j e^{z_j - c}`` for any shift ``c`` (``max_j z_j`` when computing)."""
    j = index_symbol("j")
    return sp.exp(z[k] - c) / sp.Sum(sp.exp(z[j] - c), (j, 1, z.n))


def softmax_loss_shifted(z: Vector, y: Vector, c: sp.Expr) -> sp.Expr:
    """``H(y, softmax(z)) = c + log sum_j e^{z_j - c} - sum_j y_j z_j`` (for ``sum_j y_j = 1``)."""
    j = index_symbol("j")
    return c + sp.log(sp.Sum(sp.exp(z[j] - c), (j, 1, z.n))) - sp.Sum(y[j] * z[j], (j, 1, z.n))


def softmax_gradient_entry(p_k: sp.Expr, y_k: sp.Expr) -> sp.Expr:
    """``dL/dz_k = yhat_k - y_k`` for the prediction ``yhat_k = p_k``."""
    return p_k - y_k


def softmax_complement(p: Vector, k: sp.Expr) -> sp.Expr:
    """``1 - yhat_k = sum_{j != k} yhat_j``: the other classes' share, summed without cancellation."""
    j = index_symbol("j")
    return sp.Sum((1 - sp.KroneckerDelta(j, k)) * p[j], (j, 1, p.n))


def stable_softmax_gradient_entry(p_k: sp.Expr, rest_k: sp.Expr, y_k: sp.Expr) -> sp.Expr:
    """``yhat_k - y_k = (1 - y_k) yhat_k - y_k rest_k`` with ``rest_k = 1 - yhat_k``: no cancellation at ``y_k = 1``."""
    return (1 - y_k) * p_k - y_k * rest_k


def stable_softmax_hessian_entry(p_k: sp.Expr, rest_k: sp.Expr, p_l: sp.Expr, delta_kl: sp.Expr) -> sp.Expr:
    """``yhat_k delta_kl - yhat_k yhat_l`` as ``delta_kl yhat_k rest_k - (1 - delta_kl) yhat_k yhat_l``.

    With ``rest_k = 1 - yhat_k``: on the diagonal ``yhat_k - yhat_k^2`` would cancel when ``yhat_k`` is close to 1.
    """
    return delta_kl * p_k * rest_k - (1 - delta_kl) * p_k * p_l


def to_numeric_form(expr: sp.Expr) -> sp.Expr:
    """``expr`` with every ``sigma(a)`` written in the stable form, ready to lambdify."""
    return expr.replace(lambda e: isinstance(e, Sigmoid), lambda e: stable_sigmoid(e.args[0]))
