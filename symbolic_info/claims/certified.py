"""Prove a claim's inequalities by interval arithmetic, when the quick symbolic proof and the lemmas found none.

A claim in at most three real scalar variables (no vectors, no ``n``), each on the interval its
``where`` conditions give (:func:`~.bounds.bound_scalars`; unbounded without one), whose relations are
all inequalities (``<=``, ``<``, ``>=``, ``>``, or ``~=`` as ``|a - b| <= tolerance``), is handed to
:func:`symbolic_info.engine.certify.obligation.certify_inequality`: branch and bound with outward-rounded
interval arithmetic. A certificate proves the claim at every point of the box where both sides are
defined. Conditions that are not intervals (``x < y``) are left out: a proof without them is a proof
with them. The caller bounds the time (:mod:`symbolic_info.engine.bounded`).

>>> from symbolic_info.claims.syntax import parse_claim
>>> from symbolic_info.claims.translate import translate
>>> certify_claim(translate(parse_claim("log(x) <= x - 1 where x > 0")), seconds=10)
'interval arithmetic on 1 box (1 by a Taylor bound of order 2 at x = 1)'
>>> certify_claim(translate(parse_claim("log(x) <= x - 1.001 where x > 0")), seconds=10) is None
True
"""

from __future__ import annotations

import time

import sympy as sp

from ..engine.bounded import check_budget, run_bounded
from ..engine.certify import MAX_VARIABLES, Variable
from ..engine.certify.obligation import certify_inequality
from ..engine.obligations import Relation
from .bounds import Scalar
from .syntax import ParsedClaim
from .translate import Claim, Comparison, translate

__all__ = ["CERTIFY_BUDGET", "certifiable", "certificate_within", "certify_claim"]

CERTIFY_BUDGET = 5.0  # seconds at most for an interval certificate of one claim


def _variable(scalar: Scalar) -> Variable:
    low = sp.S.NegativeInfinity if scalar.low is None else scalar.low
    high = sp.S.Infinity if scalar.high is None else scalar.high
    return Variable(scalar.symbol, low, high, scalar.low_closed, scalar.high_closed)


def _inequality(relation: Comparison, claim: Claim) -> tuple[sp.Expr, sp.Expr, bool] | None:
    """``(small, large, strict)`` with the claim ``small <= large`` (``<``), or None for an equation."""
    left, right = relation.left, relation.right
    if relation.relation is Relation.LE:
        return left, right, False
    if relation.relation is Relation.LT:
        return left, right, True
    if relation.relation is Relation.GE:
        return right, left, False
    if relation.relation is Relation.GT:
        return right, left, True
    if relation.relation is Relation.APPROX and claim.tolerance is not None:
        return sp.Abs(left - right), claim.tolerance, False
    return None


def certifiable(claim: Claim) -> bool:
    """Whether :func:`certify_claim` applies: inequalities in at most three real scalar variables.

    >>> from symbolic_info.claims.syntax import parse_claim
    >>> from symbolic_info.claims.translate import translate
    >>> certifiable(translate(parse_claim("exp(x) >= 1 + x"))), certifiable(translate(parse_claim("KL(p, q) >= 0")))
    (True, False)
    """
    variables = claim.variables
    if variables.n is not None or variables.vectors or variables.indices or len(variables.scalars) > MAX_VARIABLES:
        return False
    return all(_inequality(relation, claim) is not None for relation in claim.relations)


def certify_claim(claim: Claim, *, seconds: float) -> str | None:
    """The certificate of every relation of ``claim`` (described), or None: not applicable, or not found in time."""
    deadline = time.monotonic() + check_budget(seconds)
    if not certifiable(claim):
        return None
    box = [_variable(scalar) for scalar in claim.variables.scalars]
    inequalities = [_inequality(relation, claim) for relation in claim.relations]
    descriptions, boxes = [], 0
    for inequality in inequalities:
        remaining = deadline - time.monotonic()
        if inequality is None or remaining <= 0:
            return None
        small, large, strict = inequality
        certificate = certify_inequality(small, large, box, strict=strict, seconds=remaining)
        if certificate is None:
            return None
        descriptions.append(certificate.description)
        boxes += certificate.boxes
    if len(descriptions) == 1:
        return descriptions[0]
    return f"interval arithmetic on {boxes} boxes in all ({'; '.join(descriptions)})"


def certificate_within(parsed: ParsedClaim, remaining: float) -> str | None:
    """:func:`certify_claim` in a child process, within :data:`CERTIFY_BUDGET` and ``remaining`` seconds; or None."""
    seconds = min(CERTIFY_BUDGET, remaining)
    if seconds < 0.5 or Relation.EQ in parsed.relations:  # an equation is not an inequality: no child for it
        return None
    status, description = run_bounded(lambda: certify_claim(translate(parsed), seconds=seconds * 0.9), seconds)
    return description if status == "ok" and isinstance(description, str) else None
