"""Certify an inequality between two sides, as a derivation step or a claim states it: ``left <= right``.

:func:`certify_inequality` proves ``right - left >= 0`` (``> 0`` if ``strict``) at every point of the
variables' domain where both sides are defined, with :func:`~.certificate.certify`:

- first the difference as written; then, if that fails, SymPy's ``cancel`` of it (a quotient of
  polynomials in ``u``, ``atanh(u)``, ...), which equals it wherever it is defined and may have fewer
  variables (a common factor ``s`` cancelled) or fewer denominators;
- variables that the expression does not contain are left out (the inequality does not depend on them);
- a point where a denominator that is a polynomial in one variable vanishes (a rational root, such as
  ``u = 0`` in ``(atanh(u) - u)/u**2``) has no value there: the variable's interval is cut at it and
  each piece is certified on its own, with that end open;
- where the expression has a softplus ``log(1 + e^(c x))``, ``|x|``, ``max`` or ``min`` of a variable,
  its interval is cut at 0 (both pieces keep it); on each piece SymPy is told the variable's sign
  (``max(x, 0) = x`` for ``x >= 0``) and a softplus is written in its stable form
  ``c x + log(1 + e^(-c x))`` where ``c x > 0`` (an identity): ``softplus(x) - x`` then has a tight
  enclosure on ``[X, oo)``, where the difference of two unbounded enclosures has none.

:func:`variables_of` reads the variables' intervals from a derivation's domain
(:class:`~symbolic_info.engine.domain.Real` declarations), or gives None when a symbol is not one.

>>> import sympy as sp
>>> u = sp.Symbol("u", real=True)
>>> ratio = (sp.atanh(u) - u) / u**3
>>> print(certify_inequality(ratio, sp.Rational(1, 2), [Variable.open(u, -sp.Rational(1, 8), sp.Rational(1, 8))]))
interval arithmetic on 10 boxes, in 2 pieces, cut at u = 0, where the expression has no value
>>> certify_inequality(ratio, sp.Rational(1, 3), [Variable.open(u, -sp.Rational(1, 8), sp.Rational(1, 8))]) is None
True
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Sequence
from dataclasses import replace

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


def _holes(expr: sp.Expr, variable: Variable) -> set[sp.Rational]:
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
    return found


def _softplus_slope(node: sp.Basic, symbol: sp.Symbol) -> sp.Expr | None:
    """``c`` when ``node`` is ``log(1 + exp(c x))`` for the variable ``x`` and a nonzero number ``c``, else None."""
    if not (isinstance(node, sp.log) and isinstance(node.args[0], sp.Add) and len(node.args[0].args) == 2):
        return None
    one, power = sorted(node.args[0].args, key=lambda term: not term.is_number)
    if one != 1 or not isinstance(power, sp.exp):
        return None
    slope, rest = power.args[0].as_coeff_Mul()
    return slope if rest == symbol and slope.is_nonzero else None


def _stable_softplus(expr: sp.Expr, piece: Sequence[Variable]) -> sp.Expr:
    """``log(1 + e^g)`` as ``g + log(1 + e^-g)`` where ``g = c x > 0`` on the piece (an identity for every ``g``).

    The form of :mod:`symbolic_info.formulas.stable`: ``softplus(x) - x`` becomes ``log(1 + e^-x)``, whose
    enclosure on ``[X, oo)`` is tight, where the difference of two unbounded enclosures is not.
    """
    replacements = {}
    for node in sp.preorder_traversal(expr):
        for variable in piece:
            slope = _softplus_slope(node, variable.symbol)
            positive = variable.low >= 0 if slope is not None and slope > 0 else variable.high <= 0
            if slope is not None and bool(positive):
                g = node.args[0] - 1
                replacements[node] = g.args[0] + sp.log(1 + sp.exp(-g.args[0]))
    return expr.xreplace(replacements) if replacements else expr


def _bends_at_zero(expr: sp.Expr, variable: Variable) -> bool:
    """Whether ``expr`` has a softplus, ``Abs``, ``Max`` or ``Min`` of the variable, and 0 is inside its interval."""
    if not (bool(variable.low < 0) and bool(variable.high > 0)):
        return False
    for node in sp.preorder_traversal(expr):
        if _softplus_slope(node, variable.symbol) is not None:
            return True
        if isinstance(node, (sp.Abs, sp.Max, sp.Min)) and variable.symbol in node.free_symbols:
            return True
    return False


def _signed(expr: sp.Expr, piece: Sequence[Variable]) -> sp.Expr:
    """``expr`` with SymPy told each variable's sign on the piece (``Max(x, 0) = x``, ``|x| = x`` for ``x >= 0``)."""
    for variable in piece:
        if bool(variable.low >= 0):
            signed = sp.Dummy(variable.symbol.name, nonnegative=True)
        elif bool(variable.high <= 0):
            signed = sp.Dummy(variable.symbol.name, nonpositive=True)
        else:
            continue
        expr = expr.subs(variable.symbol, signed).subs(signed, variable.symbol)
    return expr


def _pieces(variable: Variable, holes: set[sp.Rational], joints: set[sp.Rational]) -> list[Variable]:
    """The variable's interval cut at ``holes`` (left out) and at ``joints`` (kept, in both pieces beside it)."""
    cuts = sorted(holes | joints)
    ends = [variable.low, *cuts, variable.high]
    pieces = []
    for index, (low, high) in enumerate(itertools.pairwise(ends)):
        low_included = variable.low_included if index == 0 else low not in holes
        high_included = variable.high_included if index == len(ends) - 2 else high not in holes
        pieces.append(Variable(variable.symbol, low, high, low_included, high_included))
    return pieces


def _certify_pieces(
    expr: sp.Expr, variables: Sequence[Variable], strict: bool, budget: int, deadline: float
) -> Certificate | None:
    """Every piece of the domain (cut where ``expr`` has no value, and at 0 for a softplus), each certified."""
    used = [v for v in variables if v.symbol in expr.free_symbols]
    if len(used) > MAX_VARIABLES:
        return None
    choices, holes_at = [], []
    for variable in used:
        holes = _holes(expr, variable)
        joints = {sp.S.Zero} if _bends_at_zero(expr, variable) else set()
        if len(holes) > _MAX_CUTS:
            return None
        choices.append(_pieces(variable, holes, joints - holes))
        holes_at += [f"{variable.symbol} = {hole}" for hole in sorted(holes)]
    boxes, parts = 0, []
    for piece in itertools.product(*choices):
        seconds = deadline - time.process_time()
        if seconds <= 0 or boxes >= budget:
            return None
        rewritten = _stable_softplus(_signed(expr, piece), piece)
        part = certify(rewritten, piece, strict=strict, budget_boxes=budget - boxes, seconds=seconds)
        if part is None:
            return None
        boxes += part.boxes
        parts.append(part)
    if len(parts) == 1:
        return replace(parts[0], expr=expr)
    where = f", cut at {', '.join(holes_at)}, where the expression has no value" if holes_at else ""
    description = f"interval arithmetic on {boxes} boxes, in {len(parts)} pieces{where}"
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
    deadline = time.process_time() + check_budget(seconds)
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
