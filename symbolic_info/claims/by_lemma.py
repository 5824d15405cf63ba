"""Prove an inequality from a result of the book: ``H(p, q) >= H(p)`` because ``D(p || q) >= 0``.

A claim ``D >= 0`` (any inequality, moved to one side) follows from a lemma ``G >= 0`` of the
catalogue (:mod:`symbolic_info.catalogue.lemmas`) when ``D - G >= 0`` can be proved, or ``D = c G``
for a positive constant ``c``; for a strict claim, the lemma or the rest must be strict. The lemma's
variables are instantiated with the claim's: its probability vectors by the claim's vectors (every
assignment), its real variables by the claim's variables or by the arguments of the same function
in the claim (``log(x)`` in ``x - log(x) - 1 >= 0`` against ``log(1 + t)`` gives ``x = 1 + t``), each
checked to lie in the lemma's domain.

>>> from symbolic_info.claims.syntax import parse_claim
>>> from symbolic_info.claims.translate import translate
>>> claim = translate(parse_claim("KL(p, q) >= 0"))
>>> prove_by_lemma(claim.relations[0], claim, facts=(), forms=())
'by gibbs-inequality, then direct'
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import mpmath
import sympy as sp

from ..catalogue.lemmas import Lemma, lemmas
from ..engine.domain import Real
from ..engine.normalization import Facts, normalize
from ..engine.obligations import Relation
from ..engine.prover import prove_sign, prove_zero
from ..errors import UndefinedValueError
from ..formulas.named import unfold
from .bounds import finite_counts
from .evaluate import Evaluator
from .sampling import sample
from .translate import Claim, Comparison

__all__ = ["prove_by_lemma"]

_STRICT = (Relation.LT, Relation.GT)


def _side(lemma: Lemma) -> sp.Expr:
    """The lemma as ``side >= 0`` (or ``> 0``)."""
    return _nonnegative_side(sp.sympify(lemma.left), lemma.relation, sp.sympify(lemma.right))


def _nonnegative_side(left: sp.Expr, relation: Relation, right: sp.Expr) -> sp.Expr:
    """``left relation right`` as ``difference >= 0`` (``> 0`` for a strict relation)."""
    return right - left if relation in (Relation.LE, Relation.LT) else left - right


def _kinds(expr: sp.Basic) -> frozenset[type]:
    """The kinds of functions and operators in ``expr`` (after unfolding names): a cheap filter for lemmas."""
    unfolded = unfold(sp.sympify(expr))
    found = unfolded.atoms(sp.Function, sp.Sum, sp.Integral, sp.Derivative)
    return frozenset(type(item) for item in found)


def _reals(lemma: Lemma) -> list[Real]:
    used = sp.sympify(lemma.left).free_symbols | sp.sympify(lemma.right).free_symbols
    return [d for d in lemma.domain.declarations if isinstance(d, Real) and d.symbol in used]


def _arguments(expr: sp.Basic, function: type) -> set[sp.Basic]:
    return {item.args[0] for item in expr.atoms(function) if len(item.args) == 1}


def _scalar_candidates(real: Real, difference: sp.Expr, lemma_side: sp.Expr, claim: Claim) -> list[sp.Basic]:
    """Expressions of the claim that the lemma's variable ``real`` may stand for."""
    candidates: list[sp.Basic] = [scalar.symbol for scalar in claim.variables.scalars]
    for function in {type(item) for item in lemma_side.atoms(sp.Function) if item.args == (real.symbol,)}:
        candidates.extend(sorted(_arguments(difference, function), key=sp.default_sort_key))
    return list(dict.fromkeys(candidates))


def _in_domain(value: sp.Basic, real: Real, facts: Facts, forms: Facts) -> bool:
    checks = []
    if real.low is not None:
        checks.append(value - real.low)
    if real.high is not None:
        checks.append(real.high - value)
    return all(prove_sign(check, facts, strict=True, positive_forms=forms, quick=True) is not None for check in checks)


def _instances(lemma: Lemma, difference: sp.Expr, claim: Claim, facts: Facts, forms: Facts) -> Iterator[sp.Expr]:
    """The lemma's ``G`` (with ``G >= 0``) under each assignment of its variables to the claim's."""
    side = _side(lemma)
    bases = sorted(side.atoms(sp.IndexedBase), key=str)
    reals = _reals(lemma)
    labels = {base.label for base in bases}
    others = side.free_symbols - labels - {real.symbol for real in reals} - {claim.variables.n}
    if others or len(bases) > len(claim.variables.vectors):
        return  # an index or a parameter the claim does not have
    for targets in itertools.permutations(claim.variables.vectors, len(bases)):
        renamed = side.xreplace(dict(zip(bases, targets, strict=True)))
        options = [_scalar_candidates(real, difference, renamed, claim) for real in reals]
        for values in itertools.product(*options):
            if all(_in_domain(value, real, facts, forms) for value, real in zip(values, reals, strict=True)):
                yield renamed.xreplace({real.symbol: value for real, value in zip(reals, values, strict=True)})


#: How many lemmas one proof may combine (``KL(p, q) + KL(q, p) >= 0`` needs two).
MAX_LEMMAS = 2
_SCREEN_POINTS = 4
_SCREEN_DIGITS = 30


def _rest_holds(rest: sp.Expr, strict: bool, facts: Facts, forms: Facts, maybe_zero: bool = True) -> str | None:
    """How ``rest >= 0`` (``> 0``) is proved without a lemma: a quick rewriting (to 0 only if it ``maybe_zero``)."""
    if not strict:
        zero = prove_zero(rest, facts, forms, quick=True) if maybe_zero else None
        proof = zero or prove_sign(rest, facts, positive_forms=forms, quick=True)
    else:
        proof = prove_sign(rest, facts, strict=True, positive_forms=forms, quick=True)
    return None if proof is None else str(proof)


def _rest_holds_at_each_n(rest: sp.Expr, strict: bool, claim: Claim, facts: Facts, forms: Facts) -> str | None:
    """How ``rest >= 0`` is proved at each ``n`` the conditions allow, when they allow finitely many (``n <= 3``).

    ``log(3) - log(n) >= 0`` is proved at ``n = 2`` and at ``n = 3``; a rest that does not involve ``n``,
    or a claim whose ``n`` is not bounded by a constant, gets None (the general attempt decides).
    """
    n = claim.variables.n
    if n is None or n not in rest.free_symbols:
        return None
    counts = finite_counts(claim.conditions, n)
    if not counts:
        return None
    hows = []
    for count in counts:
        how = _rest_holds(rest.xreplace({n: sp.Integer(count)}), strict, facts, forms)
        if how is None:
            return None
        hows.append(how)
    return f"{' / '.join(dict.fromkeys(hows))} at each n = {', '.join(map(str, counts))}"


def _positive_multiple(difference: sp.Expr, instance: sp.Expr, facts: Facts) -> str | None:
    """How ``difference = c * instance`` for a positive number ``c`` (``direct``: the rest is 0), else None."""
    ratio = sp.cancel(normalize(difference, facts) / normalize(instance, facts))
    if not (ratio.is_number and ratio.is_positive):
        return None
    return "direct" if ratio == 1 else "a positive multiple"


def _smaller(rest: sp.Expr, difference: sp.Expr, facts: Facts) -> bool:
    """Whether subtracting a lemma made the statement simpler: only then is a second lemma tried on the rest."""
    return bool(sp.count_ops(normalize(rest, facts)) < sp.count_ops(normalize(difference, facts)))


class _Screen:
    """A few points of the claim's domain: an attempt whose rest is negative at one of them cannot succeed.

    Only a filter: it skips attempts, it never proves anything.
    """

    def __init__(self, claim: Claim) -> None:
        self.points = list(sample(claim.variables, seed=0, count=_SCREEN_POINTS))
        self.evaluator = Evaluator()
        self.kept: dict[sp.Expr, list[Any] | None] = {}  # the values of the lemmas' instances

    def values(self, expr: sp.Expr) -> list[Any] | None:
        unfolded = unfold(sp.sympify(expr))
        try:
            return [self.evaluator.value(unfolded, p.integers, p.values, _SCREEN_DIGITS) for p in self.points]
        except (UndefinedValueError, TypeError, ValueError, ArithmeticError):
            return None  # no screening: the symbolic attempt decides

    def hopeless(self, values: list[Any] | None) -> bool:
        """Whether a rest with these :meth:`values` is negative at a point (no attempt can prove it >= 0)."""
        return values is not None and any(value < -(mpmath.mpf(10) ** (10 - _SCREEN_DIGITS)) for value in values)

    def maybe_zero(self, values: list[Any] | None) -> bool:
        """Whether a rest with these :meth:`values` may be 0 everywhere (else no rewriting shows that it is)."""
        return values is None or all(abs(value) <= mpmath.mpf(10) ** (10 - _SCREEN_DIGITS) for value in values)

    def multiple(self, top: list[Any] | None, instance: sp.Expr) -> bool:
        """Whether a difference whose :meth:`values` are ``top``, divided by ``instance``, looks like one positive
        constant at the points (both may be 0 at some); the instances' values are kept."""
        if instance not in self.kept:
            self.kept[instance] = self.values(instance)
        bottom = self.kept[instance]
        if top is None or bottom is None:
            return False
        tiny = mpmath.mpf(10) ** (10 - _SCREEN_DIGITS)
        if any(abs(b) <= tiny and abs(a) > tiny for a, b in zip(top, bottom, strict=True)):
            return False  # where the instance is 0, so must the difference be
        ratios = [a / b for a, b in zip(top, bottom, strict=True) if abs(b) > tiny]
        return bool(ratios) and all(
            ratio > 0 and abs(ratio - ratios[0]) <= abs(ratios[0]) * 10**-20 for ratio in ratios
        )


def _multiple_of_an_instance(
    rest: sp.Expr,
    values: list[Any] | None,
    strict: bool,
    instances: list[tuple[Lemma, sp.Expr]],
    facts: Facts,
    screen: _Screen,
) -> tuple[str, str] | None:
    """The lemma of which ``rest`` is a positive multiple of an instance (``KL(q, p)`` after ``KL(p, q)``), and how.

    Looked for among the instances already found, first at the screen's points (cheap), then exactly.
    """
    for lemma, instance in instances:
        if strict and lemma.relation not in _STRICT:
            continue
        how = _positive_multiple(rest, instance, facts) if screen.multiple(values, instance) else None
        if how is not None:
            return lemma.source, how
    return None


def _prove(
    difference: sp.Expr, strict: bool, claim: Claim, facts: Facts, forms: Facts, depth: int, screen: _Screen
) -> list[str] | None:
    kinds = _kinds(difference)
    size = sp.count_ops(unfold(difference))
    candidates = [lemma for lemma in lemmas() if _kinds(_side(lemma)) <= kinds]
    candidates.sort(key=lambda lemma: abs(sp.count_ops(unfold(_side(lemma))) - size))  # the likeliest first
    deeper: list[tuple[Lemma, sp.Expr, bool]] = []  # one lemma each first; a second lemma only after all failed
    instances = [(lemma, item) for lemma in candidates for item in _instances(lemma, difference, claim, facts, forms)]
    difference_values = screen.values(difference)
    for lemma, instance in instances:
        rest_strict = strict and lemma.relation not in _STRICT
        if not rest_strict and screen.multiple(difference_values, instance):
            multiple = _positive_multiple(difference, instance, facts)
            if multiple is not None:
                return [lemma.source, multiple]
        rest = difference - instance
        values = screen.values(rest)
        if screen.hopeless(values):
            continue
        if depth < MAX_LEMMAS:
            other = _multiple_of_an_instance(rest, values, rest_strict, instances, facts, screen)
            if other is not None:
                return [lemma.source, *other]
        maybe_zero = screen.maybe_zero(values)
        how = _rest_holds(rest, rest_strict, facts, forms, maybe_zero) or _rest_holds_at_each_n(
            rest, rest_strict, claim, facts, forms
        )
        if how is not None:
            return [lemma.source, how]
        if depth < MAX_LEMMAS and _smaller(difference - instance, difference, facts):
            deeper.append((lemma, instance, rest_strict))
    for lemma, instance, rest_strict in deeper:
        more = _prove(difference - instance, rest_strict, claim, facts, forms, depth + 1, screen)
        if more is not None:
            return [lemma.source, *more]
    return None


def prove_by_lemma(relation: Comparison, claim: Claim, facts: Facts, forms: Facts) -> str | None:
    """``by LEMMA[, LEMMA], then STRATEGY`` when lemmas of the catalogue prove the inequality, else None."""
    if relation.relation not in (Relation.LE, Relation.LT, Relation.GE, Relation.GT):
        return None
    difference = _nonnegative_side(relation.left, relation.relation, relation.right)
    screen = _Screen(claim)
    steps = _prove(difference, relation.relation in _STRICT, claim, facts, forms, depth=1, screen=screen)
    if steps is None:
        return None
    *sources, how = steps
    named = [name if sources.count(name) == 1 else f"{name} (twice)" for name in dict.fromkeys(sources)]
    return f"by {', '.join(named)}, then {how}"
