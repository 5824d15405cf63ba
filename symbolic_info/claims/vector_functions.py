"""The claim language's functions of whole vectors: ``softmax``, ``logsumexp``, ``dot``, ``grad``, ``hessian``,
and ``max(z)``, ``min(z)`` (the largest and smallest entry: :data:`ENTRY_EXTREMES`, the one-argument forms).

Their arguments are vectors over the claim's ``n`` categories: the probability vectors ``p``, ``q``,
``r`` or real vectors (any other indexed name, such as the logits ``z``). ``softmax(z)`` is itself a
probability vector (:class:`SoftmaxVector`): an argument of ``H`` and ``KL``, or indexed,
``softmax(z)[k]``. ``grad(f, z)[k]`` and ``hessian(f, z)[j, k]`` are partial derivatives in the
entries. The formulas are those of :mod:`symbolic_info.formulas.definitions`.

>>> from symbolic_info.formulas.vectors import Categories
>>> z = Vector("z", Categories.general(), positive=False)
>>> SoftmaxVector.of(z)[2]
exp(z[2])/Sum(exp(z[_j]), (_j, 1, n))
>>> logsumexp(z)
log(Sum(exp(z[i]), (i, 1, n)))
"""

from __future__ import annotations

from types import MappingProxyType

import sympy as sp

from ..errors import InvalidArgumentError
from ..formulas import definitions
from ..formulas.vectors import Vector
from .entries import Function, Kind, LatexArguments, LatexInput, LatexReading, operator_operand

__all__ = [
    "ENTRY_EXTREMES",
    "VECTOR_FUNCTIONS",
    "VECTOR_VALUED",
    "SoftmaxVector",
    "dot",
    "logsumexp",
    "partial_derivative",
]


class SoftmaxVector(Vector):
    """``softmax(z)``, a probability vector over ``z``'s categories: entry ``k`` is ``e^{z_k} / sum_j e^{z_j}``.

    It has no ``IndexedBase`` of its own (its entries are expressions in ``z``); ``name`` is ``z``'s.
    """

    @classmethod
    def of(cls, scores: Vector) -> SoftmaxVector:
        """The softmax of the real vector ``scores``."""
        return cls(scores.name, scores.categories, positive=True)

    @property
    def scores(self) -> Vector:
        """The vector of scores (logits) this is the softmax of."""
        return Vector(self.name, self.categories, positive=False)

    @property
    def base(self) -> sp.IndexedBase:
        raise InvalidArgumentError(f"softmax({self.name}) is a vector of expressions, not an indexed name")

    def __getitem__(self, k: sp.Expr | int) -> sp.Expr:  # an expression, not an Indexed
        return definitions.softmax(self.scores, k)


def softmax(scores: Vector) -> SoftmaxVector:
    """``softmax(z)`` (``z`` a real vector; a probability vector's softmax is allowed too)."""
    return SoftmaxVector.of(Vector(scores.name, scores.categories, positive=False))


def logsumexp(scores: Vector) -> sp.Expr:
    """``log(sum_j e^{z_j})``."""
    return sp.log(scores.total(lambda j: sp.exp(scores[j])))


def dot(left: Vector, right: Vector) -> sp.Expr:
    """``sum_j w_j x_j``."""
    return left.total(lambda j: left[j] * right[j])


_R = LatexReading

#: The functions whose value is a (probability) vector: indexed, or an argument of H, KL, E.
VECTOR_VALUED = frozenset({"softmax"})

#: The table's entries for the functions of whole vectors (:data:`.language.FUNCTIONS` includes them).
VECTOR_FUNCTIONS = (
    Function(
        "softmax",
        (1,),
        "softmax(z): the probability vector e^{z_k} / sum_j e^{z_j}; index it, softmax(z)[k], or give it to H or KL",
        example="H(p, softmax(z)) = logsumexp(z) - dot(p, z)",
        kind=Kind.VECTORS,
        builder=softmax,
        latex=lambda a: rf"\operatorname{{softmax}}\left({a.latex(0)}\right)",
        latex_input=(
            LatexInput(
                "softmax",
                _R.ARGUMENTS,
                (r"\operatorname{softmax}(z)_k", r"\mathrm{softmax}\left(z\right)_{j}", r"\operatorname{softmax}(w)_1"),
            ),
        ),
    ),
    Function(
        "logsumexp",
        (1,),
        "logsumexp(z) = log(sum_j exp(z[j])), of a real vector z",
        example="logsumexp(z) >= z[k]",
        kind=Kind.VECTORS,
        builder=logsumexp,
        latex=lambda a: rf"\operatorname{{logsumexp}}\left({a.latex(0)}\right)",
        latex_input=(
            LatexInput("logsumexp", _R.ARGUMENTS, (r"\operatorname{logsumexp}(z)", r"\mathrm{logsumexp}(w)")),
            LatexInput("LSE", _R.ARGUMENTS, (r"\operatorname{LSE}(z)", r"\mathrm{LSE}\left(z\right)")),
        ),
    ),
    Function(
        "dot",
        (2,),
        "dot(w, x) = sum_j w[j]*x[j], the inner product of two vectors (in LaTeX also w^\\top x)",
        example="dot(w, w) >= 0",
        kind=Kind.VECTORS,
        builder=dot,
        latex=lambda a: _dot_latex(a),
        latex_input=(LatexInput("dot", _R.ARGUMENTS, (r"\operatorname{dot}(w, x)", r"\mathrm{dot}(p, z)")),),
    ),
    Function(
        "grad",
        (2,),
        "grad(f, z)[k]: entry k of the gradient of f in the vector z, diff(f, z[k])",
        example="grad(logsumexp(z), z)[k] = softmax(z)[k]",
        kind=Kind.GRADIENT,
        value_indices=1,
        builder=lambda expression, entry: partial_derivative(expression, entry),
        latex=lambda a: rf"\nabla_{{{a.latex(1)}}} {operator_operand(a)}",
        latex_input=(
            LatexInput(
                r"\nabla",
                _R.GRADIENT,
                (r"\left(\nabla_{z} \operatorname{LSE}(z)\right)_{k}", r"(\nabla_w \operatorname{dot}(w, x))_1"),
            ),
        ),
    ),
    Function(
        "hessian",
        (2,),
        "hessian(f, z)[j, k]: entry (j, k) of the Hessian of f in the vector z, diff(diff(f, z[j]), z[k])",
        example="hessian(logsumexp(z), z)[k, k] = softmax(z)[k]*(1 - softmax(z)[k])",
        kind=Kind.GRADIENT,
        value_indices=2,
        builder=lambda expression, entry: partial_derivative(expression, entry),
        latex=lambda a: rf"\nabla^{{2}}_{{{a.latex(1)}}} {operator_operand(a)}",
        latex_input=(),  # \nabla^2_z f is read by the spelling of grad
    ),
)


def partial_derivative(expression: sp.Expr, entry: sp.Basic, order: int = 1) -> sp.Expr:
    """``d expression / d entry`` (``entry`` a vector's entry ``z[k]``, the others held fixed)."""
    return sp.diff(expression, entry, order)


def _extreme_entry(name: str) -> Function:
    """``max(z)`` or ``min(z)``: the largest (smallest) entry, ``\\max_i z_i``."""
    word = "largest" if name == "max" else "smallest"
    example = {"max": "logsumexp(z) <= max(z) + log(n)", "min": "min(z) <= dot(p, z)"}[name]
    samples = {"max": (r"\max_i z_i", r"\max_{j} w_{j}", r"\max(z)"), "min": (r"\min_i z_i", r"\min(w)")}[name]

    def build(vector: Vector) -> sp.Expr:
        if isinstance(vector, SoftmaxVector):
            raise InvalidArgumentError(
                f"not supported: {name}(softmax({vector.name})); you can write {name} of a vector's name, "
                f"as in {name}({vector.name}), or an entry softmax({vector.name})[k]"
            )
        return vector.largest() if name == "max" else vector.smallest()

    return Function(
        name,
        (1,),
        f"{name}(z): the {word} entry of a vector z (with two arguments, {name}(f, x) is f's {word} value over x)",
        example=example,
        kind=Kind.VECTORS,
        builder=build,
        latex=lambda a: rf"\{name}_{{i}} {_entries_of(a.latex(0))}",
        latex_input=(LatexInput(rf"\{name}", _R.OPTIMUM, samples),),
    )


def _entries_of(vector: str) -> str:
    """``z_{i}`` for the vector ``z`` (``\\max_i`` ranges over its entries)."""
    return f"{vector}_{{i}}"


#: The one-argument forms of ``max`` and ``min`` (:func:`.language.function_of` picks them by the number of arguments).
ENTRY_EXTREMES = MappingProxyType({name: _extreme_entry(name) for name in ("max", "min")})


def _dot_latex(arguments: LatexArguments) -> str:
    return rf"\operatorname{{dot}}\left({arguments.latex(0)}, {arguments.latex(1)}\right)"
