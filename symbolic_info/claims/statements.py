"""The claim language's statements (``convex(f, x)``, ``psd(hessian(f, z))`` and the like) and optima (``argmin``).

A statement is a whole claim on its own, not a number: ``convex(x**2, x) where x > 0``. Each one is
checked as an inequality on the second derivative of ``f`` along every direction
(:mod:`.convexity` builds it), with the relation its entry gives: ``>= 0`` for ``convex`` and
``psd``, ``<= 0`` for ``concave`` and ``nsd``, ``> 0`` and ``< 0`` (for every direction but 0) for
``pd`` and ``nd``. In LaTeX, ``f \\text{ is convex in } x`` and ``\\nabla^2_z f \\succeq 0``. ``argmin(f, x)``
and ``argmax(f, x)`` are a whole side of an equation, ``argmin(f, x) = e`` (:mod:`.optimum` checks it).

>>> [function.name for function in STATEMENT_FUNCTIONS]
['convex', 'concave', 'psd', 'nsd', 'pd', 'nd', 'argmin', 'argmax', 'min', 'max']
>>> STATEMENT_RELATIONS["concave"].value
'<='
"""

from __future__ import annotations

from types import MappingProxyType

import sympy as sp

from ..engine.obligations import Relation
from .entries import Function, Kind, LatexArguments, LatexInput, LatexReading, operator_operand

__all__ = ["DEFINITENESS", "POINT_OPTIMA", "STATEMENT_FUNCTIONS", "STATEMENT_RELATIONS"]

#: The relation each statement's second derivative is checked with, against 0.
STATEMENT_RELATIONS = MappingProxyType(
    {
        "convex": Relation.GE,
        "concave": Relation.LE,
        "psd": Relation.GE,
        "nsd": Relation.LE,
        "pd": Relation.GT,
        "nd": Relation.LT,
    }
)
#: The statements about a Hessian, and how LaTeX writes each (``\nabla^2 f \succeq 0``).
DEFINITENESS = MappingProxyType({"psd": r"\succeq", "nsd": r"\preceq", "pd": r"\succ", "nd": r"\prec"})
_WORDS = {"psd": "positive semidefinite", "nsd": "negative semidefinite"}
_WORDS |= {"pd": "positive definite", "nd": "negative definite"}


def _not_a_value(*_: sp.Expr) -> sp.Expr:
    """A statement has no value of its own: :mod:`.convexity` translates it (never called)."""
    raise AssertionError("a statement is translated by claims.convexity")  # pragma: no cover


def _shape(name: str) -> Function:
    """``convex`` or ``concave``: ``f \\text{ is convex in } x``."""
    example = {"convex": "convex(x**2, x)", "concave": "concave(H(p), p)"}[name]
    samples = {
        "convex": (r"x^2 \text{ is convex in } x", r"-\log \sigma(z) \text{ is convex in } z"),
        "concave": (r"\log x \text{ is concave in } x \text{ where } x > 0",),
    }[name]
    meaning = (
        f"{name}(f, x): f is {name} in x on its domain (p, q, r: the simplex; a real vector z: all of R^n; "
        "x: its bounds after where), checked through the second derivative along every direction"
    )
    return Function(
        name,
        (2,),
        meaning,
        example=example,
        kind=Kind.STATEMENT,
        builder=_not_a_value,
        latex=lambda a: rf"{a.latex(0)} \text{{ is {name} in }} {a.latex(1)}",
        latex_input=(LatexInput(name, LatexReading.STATEMENT, samples),),
    )


def _definiteness(name: str) -> Function:
    """``psd``, ``nsd``, ``pd`` or ``nd`` of a Hessian: ``\\nabla^2_z f \\succeq 0``."""
    command = DEFINITENESS[name]
    example = {
        "psd": "psd(hessian(logsumexp(z), z))",
        "nsd": "nsd(hessian(H(p), p))",
        "pd": "pd(hessian(dot(w, w), w))",
        "nd": "nd(hessian(-dot(w, w), w))",
    }[name]
    sample = rf"\nabla^2_z \operatorname{{LSE}}(z) {command} 0"
    meaning = f"{name}(hessian(f, z)): the Hessian of f in z is {_WORDS[name]} at every point of the domain"

    def latex(arguments: LatexArguments) -> str:
        return rf"{arguments.latex(0)} {command} 0"

    return Function(
        name,
        (1,),
        meaning,
        example=example,
        kind=Kind.STATEMENT,
        builder=_not_a_value,
        latex=latex,
        latex_input=(LatexInput(command, LatexReading.STATEMENT, (sample,)),),
    )


def _optimum(name: str) -> Function:
    """``argmin`` or ``argmax``: ``\\arg\\min_{x} f``, a whole side of an equation."""
    extreme = name.removeprefix("arg")
    example = {"argmin": "argmin(H(p, q), q) = p", "argmax": "argmax(-(x - a)**2, x) = a"}[name]
    spellings = [LatexInput(name, LatexReading.OPTIMUM, (rf"\operatorname{{{name}}}_{{x}} \left(-x^2\right)",))]
    if name == "argmin":  # \arg\max is read by this spelling too, as argmax
        samples = (r"\arg\min_{x} (x - 1)^2", r"\arg\min_x \left(x^2 + 1\right)")
        spellings.insert(0, LatexInput(r"\arg", LatexReading.OPTIMUM, samples))
    meaning = (
        f"{name}(f, x) = e: e is the only {'minimiser' if extreme == 'min' else 'maximiser'} of f over x's domain "
        f"(f {'>=' if extreme == 'min' else '<='} its value at e everywhere, e in the domain, and f strictly "
        f"{'convex' if extreme == 'min' else 'concave'} for 'only')"
    )

    def latex(arguments: LatexArguments) -> str:
        return rf"\arg\{extreme}_{{{arguments.latex(1)}}} {operator_operand(arguments)}"

    return Function(
        name,
        (2,),
        meaning,
        example=example,
        kind=Kind.OPTIMUM,
        builder=_not_a_value,
        latex=latex,
        latex_input=tuple(spellings),
    )


def _extreme_value(name: str) -> Function:
    """``min`` or ``max``: ``\\min_{x} f``, a whole side of an equation with the value."""
    example = {"min": "min((x - a)**2 + b, x) = b", "max": "max(x*(1 - x), x) = 1/4"}[name]
    word, relation = ("smallest", ">=") if name == "min" else ("largest", "<=")
    meaning = (
        f"{name}(f, x) = m: the {word} value of f over x's domain is m (f {relation} m everywhere, and f = m somewhere)"
    )

    def latex(arguments: LatexArguments) -> str:
        return rf"\{name}_{{{arguments.latex(1)}}} {operator_operand(arguments)}"

    sample = rf"\{name}_{{x}} \left(x^2 + 1\right)"
    return Function(
        name,
        (2,),
        meaning,
        example=example,
        kind=Kind.OPTIMUM,
        builder=_not_a_value,
        latex=latex,
        latex_input=(LatexInput(rf"\{name}", LatexReading.OPTIMUM, (sample,)),),
    )


#: The optima whose value is a point (a set of points: two of them can be compared, ``argmin(f, x) = argmin(g, x)``).
POINT_OPTIMA = ("argmin", "argmax")

#: The statements, in the table's order, then ``argmin`` and ``argmax``, ``min`` and ``max``.
STATEMENT_FUNCTIONS: tuple[Function, ...] = (
    _shape("convex"),
    _shape("concave"),
    *(_definiteness(name) for name in DEFINITENESS),
    *(_optimum(name) for name in POINT_OPTIMA),
    _extreme_value("min"),
    _extreme_value("max"),
)
