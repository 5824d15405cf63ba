"""Certify an inequality between two sides, as a derivation step or a claim states it: ``left <= right``.

:func:`certify_inequality` proves ``right - left >= 0`` (``> 0`` if ``strict``) at every point of the
variables' domain where both sides are defined, with :func:`~.certificate.certify`:

- first the difference as written; then, if that fails, SymPy's ``cancel`` of it (a quotient of
  polynomials in ``u``, ``atanh(u)``, ...), which equals it wherever it is defined and may have fewer
  variables (a common factor ``s`` cancelled) or fewer denominators;
- variables that the expression does not contain are left out (the inequality does not depend on them);
- a point where a denominator that is a polynomial in one variable vanishes (a rational root, such as
  ``u = 0`` in ``(atanh(u) - u)/u**2``) has no value there: the variable's interval is cut at it and
  each piece is certified on its own, with that end open.

:func:`variables_of` reads the variables' intervals from a derivation's domain
(:class:`~symbolic_info.engine.domain.Real` declarations), or gives None when a symbol is not one.

>>> import sympy as sp
>>> u = sp.Symbol("u", real=True)
>>> ratio = (sp.atanh(u) - u) / u**3
>>> print(certify_inequality(ratio, sp.Rational(1, 2), [Variable.open(u, -sp.Rational(1, 8), sp.Rational(1, 8))]))
interval arithmetic on 10 boxes, in 2 pieces (cut at u = 0, where the expression has no value)
>>> certify_inequality(ratio, sp.Rational(1, 3), [Variable.open(u, -sp.Rational(1, 8), sp.Rational(1, 8))]) is None
True
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Sequence

import sympy as sp

from ..bounded import check_budget
from ..domain import Domain, Real
from .axes import Variable
from .certificate import DEFAULT_BUDGET, DEFAULT_SECONDS, MAX_VARIABLES, Certificate, certify

__all__ = ["certify_inequality", "variables_of"]

_MAX_OPS = 400  # larger differences are not given to sp.cancel (it can take long on them)
_MAX_CUTS = 4  # at most this many points cut out of one variable's interval


def variables_of(domain: Domain, symbols: set[sp.Basic]) -> list[Variable] | None:
    """The certificate variables of ``symbols`` from the domain's ``Real`` declarations (None: one is missing).

    >>> x = sp.Symbol("x", positive=True)
    >>> [str(v) for v in variables_of(Domain.of(Real(x, low=0)), {x})]
    ['x in (0, oo)']
    """
    reals = {d.symbol: d for d in domain.declarations if isinstance(d, Real)}
    if not symbols <= set(reals):
        return None
    variables = []
    for symbol in sorted(symbols, key=str):
        declared = reals[symbol]
        low = sp.S.NegativeInfinity if declared.low is None else declared.low
        high = sp.S.Infinity if declared.high is None else declared.high
        variables.append(Variable.open(declared.symbol, low, high))
    return variables


def _cuts(expr: sp.Expr, variable: Variable) -> list[sp.Rational]:
    """Rational points inside the variable's interval where a denominator (in that variable alone) vanishes."""
    found: set[sp.Rational] = set()
    for node in sp.preorder_traversal(expr):
        if not (isinstance(node, sp.Pow) and node.exp.is_number and node.exp.is_negative):
            continue
        base = node.base
        if base.free_symbols != {variable.symbol} or not base.is_polynomial(variable.symbol):
            continue
        for root in sp.Poly(base, variable.symbol).ground_roots():
            if root.is_Rational and bool(variable.low < root) and bool(root < variable.high):
                found.add(root)
    return sorted(found)


def _pieces(variable: Variable, cuts: Sequence[sp.Rational]) -> list[Variable]:
    ends = [variable.low, *cuts, variable.high]
    pieces = []
    for index, (low, high) in enumerate(itertools.pairwise(ends)):
        low_included = variable.low_included if index == 0 else False
        high_included = variable.high_included if index == len(ends) - 2 else False
        pieces.append(Variable(variable.symbol, low, high, low_included, high_included))
    return pieces


def _certify_pieces(
    expr: sp.Expr, variables: Sequence[Variable], strict: bool, budget: int, deadline: float
) -> Certificate | None:
    """Every piece of the domain cut at the points where ``expr`` has no value, each certified."""
    used = [v for v in variables if v.symbol in expr.free_symbols]
    if len(used) > MAX_VARIABLES:
        return None
    choices, cut_at = [], []
    for variable in used:
        cuts = _cuts(expr, variable)
        if len(cuts) > _MAX_CUTS:
            return None
        choices.append(_pieces(variable, cuts))
        cut_at += [f"{variable.symbol} = {cut}" for cut in cuts]
    boxes, parts = 0, []
    for piece in itertools.product(*choices):
        seconds = deadline - time.monotonic()
        if seconds <= 0 or boxes >= budget:
            return None
        part = certify(expr, piece, strict=strict, budget_boxes=budget - boxes, seconds=seconds)
        if part is None:
            return None
        boxes += part.boxes
        parts.append(part)
    if len(parts) == 1:
        return parts[0]
    description = (
        f"interval arithmetic on {boxes} boxes, in {len(parts)} pieces (cut at {', '.join(cut_at)}, "
        "where the expression has no value)"
    )
    return Certificate(
        expr=expr,
        variables=tuple(used),
        strict=strict,
        boxes=boxes,
        leaves=sum(part.leaves for part in parts),
        methods=(("pieces", len(parts)),),
        substitutions=(),
        parts=tuple(parts),
        description=description,
        budget_spent=boxes,
    )


def certify_inequality(
    left: sp.Expr,
    right: sp.Expr,
    variables: Sequence[Variable],
    *,
    strict: bool = False,
    budget_boxes: int = DEFAULT_BUDGET,
    seconds: float = DEFAULT_SECONDS,
) -> Certificate | None:
    """A certificate that ``left <= right`` (``<`` if ``strict``) wherever both are defined on the domain, or None.

    The same promises and limits as :func:`~.certificate.certify`: ``budget_boxes`` for each form tried,
    ``seconds`` for all of them together; raises only for malformed arguments.
    """
    deadline = time.monotonic() + check_budget(seconds)
    try:
        difference = sp.sympify(right) - sp.sympify(left)
    except (sp.SympifyError, TypeError, ValueError):
        return None
    if not isinstance(difference, sp.Expr):
        return None
    candidates = [difference]
    if sp.count_ops(difference) <= _MAX_OPS:
        try:
            reduced = sp.cancel(difference)
        except (sp.PolynomialError, TypeError, ValueError):
            reduced = difference
        if reduced != difference:
            candidates.append(reduced)
    candidates.sort(key=lambda expr: (len(expr.free_symbols), sp.count_ops(expr)))  # the simpler form first
    for candidate in candidates:
        certificate = _certify_pieces(candidate, variables, strict, budget_boxes, deadline)
        if certificate is not None:
            return certificate
    return None
