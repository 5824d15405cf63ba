"""Label smoothing and knowledge distillation as formulas: the smoothed cross-entropy, softmax at a temperature.

Label smoothing trains on ``(1 - eps) y + eps/K`` instead of the label ``y``; distillation trains a
student's logits ``z_s`` on the probabilities ``softmax(z_t / T)`` of a teacher at a temperature
``T``, with the loss ``T^2 KL(softmax(z_t/T) || softmax(z_s/T))`` (Hinton, Vinyals and Dean, 2015).
The catalogue (``label-smoothing``, ``distillation-temperature``) proves what these forms say, and
:mod:`symbolic_info.numeric.distillation` lambdifies the gradients.

>>> from .vectors import Categories, Vector
>>> z = Vector("z", Categories.explicit(2), positive=False)
>>> T = sp.Symbol("T", positive=True)
>>> tempered_softmax(z, 1, T).doit()
exp(z[1]/T)/(exp(z[1]/T) + exp(z[2]/T))
>>> distillation_gradient(sp.Symbol("q"), sp.Symbol("p"), T)
T*(-p + q)
"""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.codegen.cfunctions import expm1

from .losses import smoothed_label
from .named import NamedQuantity
from .vectors import Categories, Vector, index_symbol

__all__ = [
    "SoftmaxCurvature",
    "TemperedSoftmax",
    "distillation_gradient",
    "distillation_kl_gradient",
    "high_temperature_gradient",
    "smoothed_cross_entropy",
    "softmax_curvature",
    "stable_distillation_gradient",
    "tempered_log_sum_exp",
    "tempered_softmax",
    "uniform_cross_entropy",
]


def smoothed_cross_entropy(y: Vector, q: Vector, smoothing: sp.Expr) -> sp.Expr:
    """``-sum_c ((1 - eps) y_c + eps/K) log q_c``: the cross-entropy of ``q`` against the smoothed label."""
    n = y.n
    return -y.total(lambda c: smoothed_label(y[c], smoothing, n) * sp.log(q[c]))


def uniform_cross_entropy(q: Vector) -> sp.Expr:
    """``-sum_c (1/K) log q_c``: the cross-entropy of ``q`` against the uniform distribution ``u``."""
    return -q.total(lambda c: sp.log(q[c]) / q.n)


def tempered_log_sum_exp(z: Vector, temperature: sp.Expr) -> sp.Expr:
    """``log sum_j e^{z_j / T}``: the normaliser of the softmax at temperature ``T``."""
    j = index_symbol("j")
    return sp.log(sp.Sum(sp.exp(z[j] / temperature), (j, 1, z.n)))


def tempered_softmax(z: Vector, k: sp.Expr | int, temperature: sp.Expr) -> sp.Expr:
    """``softmax_T(z)_k = e^{z_k / T} / sum_j e^{z_j / T}``: the softmax of ``z / T``."""
    j = index_symbol("j")
    return sp.exp(z[k] / temperature) / sp.Sum(sp.exp(z[j] / temperature), (j, 1, z.n))


def distillation_kl_gradient(q_k: sp.Expr, p_k: sp.Expr, temperature: sp.Expr) -> sp.Expr:
    """``d/dz_{s,k} KL(p || softmax_T(z_s)) = (q_k - p_k) / T`` (``q = softmax_T(z_s)``, ``p`` the teacher's)."""
    return (q_k - p_k) / temperature


def distillation_gradient(q_k: sp.Expr, p_k: sp.Expr, temperature: sp.Expr) -> sp.Expr:
    """The gradient of the scaled loss ``T^2 KL``: ``T (q_k - p_k)``, what ``distillation_kl_grad`` evaluates."""
    return temperature * (q_k - p_k)


def high_temperature_gradient(gap_k: sp.Expr, mean_gap: sp.Expr, classes: sp.Expr, temperature: sp.Expr) -> sp.Expr:
    """``(g_k - mean(g)) / (K T^2)`` with ``g = z_s - z_t``: the KL gradient to first order in ``1/T``."""
    return (gap_k - mean_gap) / (classes * temperature**2)


def stable_distillation_gradient(p_k: sp.Expr, q_k: sp.Expr, gap: sp.Expr, temperature: sp.Expr) -> sp.Expr:
    """``T (q_k - p_k)`` with ``q_k = p_k e^{d}``: ``T p_k expm1(d)`` for ``d <= 0``, ``-T q_k expm1(-d)`` beyond.

    Each branch is a product, with the smaller of the two probabilities outside ``expm1``: nothing
    cancels when the student is close to the teacher, and nothing overflows.
    """
    return temperature * sp.Piecewise((p_k * expm1(gap), gap <= 0), (-q_k * expm1(-gap), True))


class TemperedSoftmax(NamedQuantity):
    """``softmax_T(z)_k``, shown by name: arguments ``(z, n, k, T)``; it unfolds to :func:`tempered_softmax`.

    >>> T = sp.Symbol("T", positive=True)
    >>> TemperedSoftmax(sp.IndexedBase("s"), 3, 1, T).unfold().doit()
    exp(s[1]/T)/(exp(s[1]/T) + exp(s[2]/T) + exp(s[3]/T))
    """

    nargs = 4

    @classmethod
    def of(cls, z: Vector, k: sp.Expr | int, temperature: sp.Expr) -> TemperedSoftmax:
        return cls(z.base, z.n, k, temperature)

    def unfold(self) -> sp.Expr:
        scores, n, k, temperature = self.args
        vector = Vector(str(scores.label), Categories(n, index_symbol("i")), positive=False)
        return tempered_softmax(vector, k, temperature)

    def _eval_is_positive(self) -> bool:
        return True

    def _handout_latex(self, printer: Any, exp: str | None = None) -> str:
        scores, _, k, temperature = (printer._print(argument) for argument in self.args)
        body = rf"\operatorname{{softmax}}_{{{temperature}}}({scores})_{{{k}}}"
        return body if exp is None else rf"\left({body}\right)^{{{exp}}}"

    _latex = _handout_latex


def softmax_curvature(z: Vector, k: sp.Expr | int) -> sp.Expr:
    """``((z_k - mean z)^2 - mean((z - mean z)^2)) / K``: ``d^2/dx^2 softmax(x z)_k`` at ``x = 0``."""
    j = index_symbol("j")
    mean = sp.Sum(z[j], (j, 1, z.n)) / z.n
    spread = sp.Sum((z[j] - mean) ** 2, (j, 1, z.n)) / z.n
    return ((z[k] - mean) ** 2 - spread) / z.n


class SoftmaxCurvature(NamedQuantity):
    """``kappa_k(z)``, the second-order coefficient of ``softmax(z/T)_k`` in ``1/T``: arguments ``(z, n, k)``.

    >>> sp.simplify(SoftmaxCurvature(sp.IndexedBase("z"), 2, 1).unfold().doit())  # two classes: odd about 0
    0
    """

    nargs = 3

    @classmethod
    def of(cls, z: Vector, k: sp.Expr | int) -> SoftmaxCurvature:
        return cls(z.base, z.n, k)

    def unfold(self) -> sp.Expr:
        scores, n, k = self.args
        return softmax_curvature(Vector(str(scores.label), Categories(n, index_symbol("i")), positive=False), k)

    def _handout_latex(self, printer: Any, exp: str | None = None) -> str:
        scores, _, k = (printer._print(argument) for argument in self.args)
        body = rf"\kappa_{{{k}}}({scores})"
        return body if exp is None else rf"{body}^{{{exp}}}"

    _latex = _handout_latex
