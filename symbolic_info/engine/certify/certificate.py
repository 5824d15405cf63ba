"""Prove ``expr >= 0`` (``> 0``) for every value of up to three real variables, by interval arithmetic.

:func:`certify` returns a :class:`Certificate` or ``None``. It never issues a certificate for a false
inequality: sampled points are only used to give up early (a point where the interval enclosure of
``expr`` lies below 0 is a refutation), never as a reason to accept.

**What a certificate says.** At every point of the domain (the product of the variables' intervals,
each end open or closed as declared), ``expr`` is defined (each function's argument inside its domain:
no logarithm of a value ``<= 0``, no division by 0, no even root of a negative number) and
``expr >= 0`` (``> 0`` if ``strict``). A finite end that is not rational (``pi``) is first widened to a
rational bound, so the certificate then covers a slightly larger set.

**How.** Branch and bound over boxes (:mod:`.boxes`), each variable split in a bounded parameter so
that an unbounded domain takes finitely many boxes (:mod:`.axes`), evaluated with outward-rounded
enclosures (:mod:`.enclosures`, :mod:`.programs`): a box is proved by its enclosure, by monotonicity,
by the mean-value form, or by a Taylor bound where ``expr`` touches 0 (:mod:`.touching`). A quotient
that resists (a removable singularity, such as ``(atanh(u) - u)/u**3`` at ``u -> 0``) is also tried
as ``numerator >= 0`` and ``denominator > 0`` (or both negated), proved together with every condition
that makes the original expression defined.

**Bounded.** At most ``budget_boxes`` boxes over all routes, and at most ``seconds`` of CPU
time (checked between boxes; one SymPy ``simplify`` of a small expression may overrun it).

**What the proof trusts.** mpmath's directed rounding (the transcendental functions with a margin, see
:mod:`.ends`), SymPy's ``diff`` (the derivatives are compiled from it), and, for touching points and
surfaces only, SymPy's ``simplify`` to recognise an exact 0 (confirmed numerically at 100 digits).

>>> import sympy as sp
>>> x = sp.Symbol("x")
>>> print(certify(x - 1 - sp.log(x), [Variable.open(x, 0, sp.oo)], strict=False))
interval arithmetic on 1 box (1 by a Taylor bound of order 2 at x = 1)
>>> certify(x - 2 - sp.log(x), [Variable.open(x, 0, sp.oo)], strict=False) is None  # -1 at x = 1
True
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, replace

import sympy as sp
from sympy.codegen.cfunctions import log1p

from ...errors import InvalidArgumentError
from ...formulas.special import xlog1py, xlogy
from ..bounded import check_budget
from .axes import Axis, Variable
from .boxes import BranchAndBound
from .ends import Unsupported
from .functions import PROVED, REFUTED, UNSUPPORTED

__all__ = ["DEFAULT_BUDGET", "DEFAULT_SECONDS", "MAX_VARIABLES", "Certificate", "certify"]

#: The most variables :func:`certify` handles (more: ``None``).
MAX_VARIABLES = 3
#: Boxes examined before :func:`certify` gives up (all routes and sub-proofs together).
DEFAULT_BUDGET = 1000
#: Wall-clock seconds before :func:`certify` gives up.
DEFAULT_SECONDS = 10.0


@dataclass(frozen=True)
class Certificate:
    """A proof that ``expr >= 0`` (``> 0`` if ``strict``) at every point of the variables' domain.

    ``boxes`` counts the boxes the proof examined (its sub-proofs included); ``leaves`` the boxes
    proved, which together cover the domain; ``methods`` how many leaves each argument proved;
    ``budget_spent`` every box :func:`certify` examined, a route that failed first included.
    ``substitutions`` say how each variable was split; ``touch_points`` and ``touch_surfaces`` are the
    exact places where ``expr`` touches 0 and a Taylor bound was used; ``parts`` are the sub-certificates
    of a numerator/denominator proof. ``str()`` gives the short ``description``.
    """

    expr: sp.Expr
    variables: tuple[Variable, ...]
    strict: bool
    boxes: int
    leaves: int
    methods: tuple[tuple[str, int], ...]
    substitutions: tuple[str, ...]
    touch_points: tuple[tuple[sp.Expr, ...], ...] = ()
    touch_surfaces: tuple[sp.Eq, ...] = ()
    parts: tuple[Certificate, ...] = ()
    description: str = ""
    budget_spent: int = 0

    @property
    def statement(self) -> str:
        """What is proved, in words."""
        domain = ", ".join(str(v) for v in self.variables) or "no variables"
        return f"{self.expr} {'>' if self.strict else '>='} 0 for all {domain}"

    def __str__(self) -> str:
        return self.description


def _describe_point(symbols: Sequence[sp.Symbol], point: Sequence[sp.Expr]) -> str:
    if len(symbols) == 1:
        return f"{symbols[0]} = {point[0]}"
    return f"({', '.join(map(str, symbols))}) = ({', '.join(map(str, point))})"


def _from_run(run: BranchAndBound, expr: sp.Expr, variables: tuple[Variable, ...], strict: bool) -> Certificate:
    parts = [
        f"{run.methods[method]} {words}"
        for method, words in (
            ("enclosure", "by enclosure"),
            ("monotonicity", "by monotonicity"),
            ("mean value", "by the mean-value form"),
        )
        if run.methods[method]
    ]
    points = [touch for touch in run.touches if touch.used]
    for touch in points:
        order = touch.order if len(run.axes) == 1 else 2
        parts.append(f"{touch.used} by a Taylor bound of order {order} at {_describe_point(run.symbols, touch.point)}")
    surfaces = [surface for surface in run._surfaces or () if surface.used]
    equations = tuple(sp.Eq(run.symbols[s.j], s.sign * run.symbols[s.i]) for s in surfaces)
    for surface, equation in zip(surfaces, equations, strict=True):
        parts.append(f"{surface.used} by a Taylor bound of order 2 across {equation.lhs} = {equation.rhs}")
    description = f"interval arithmetic on {run.boxes} box{'' if run.boxes == 1 else 'es'}"
    if parts:
        description += f" ({', '.join(parts)})"
    return Certificate(
        expr=expr,
        variables=variables,
        strict=strict,
        boxes=run.boxes,
        leaves=run.leaves,
        methods=tuple(sorted(run.methods.items())),
        substitutions=tuple(axis.describe(v.symbol) for axis, v in zip(run.axes, variables, strict=True)),
        touch_points=tuple(touch.point for touch in points),
        touch_surfaces=equations,
        description=description,
    )


def _attempt(
    expr: sp.Expr, variables: tuple[Variable, ...], strict: bool, budget: int, deadline: float
) -> tuple[str, Certificate | None, int]:
    """One branch-and-bound run: its verdict, the certificate if proved, and the boxes it examined."""
    symbols, axes = tuple(v.symbol for v in variables), tuple(Axis.of(v) for v in variables)
    try:
        run = BranchAndBound(expr, symbols, axes, strict, deadline=deadline, budget=budget)
    except Unsupported:
        return UNSUPPORTED, None, 0
    verdict = run.run()
    return verdict, (_from_run(run, expr, variables, strict) if verdict == PROVED else None), run.boxes


def _conditions(expr: sp.Expr) -> list[tuple[str, sp.Expr]]:
    """What makes ``expr`` defined, as :mod:`.intervals_iv` reads it: ("positive" | "nonnegative" | "nonzero", g)."""
    found: list[tuple[str, sp.Expr]] = []
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Pow):
            base, exponent = node.args
            if exponent.is_Integer:
                if exponent < 0:
                    found.append(("nonzero", base))
            elif exponent.is_Rational:
                found.append(("nonnegative" if exponent > 0 else "positive", base))
            else:
                found.append(("positive", base))
        elif isinstance(node, sp.log):
            found.append(("positive", node.args[0]))
        elif isinstance(node, log1p):
            found.append(("positive", 1 + node.args[0]))
        elif isinstance(node, sp.atanh):
            found += [("positive", 1 - node.args[0]), ("positive", 1 + node.args[0])]
        elif isinstance(node, xlogy):
            found.append(("positive", node.args[1]))
        elif isinstance(node, xlog1py):
            found.append(("positive", 1 + node.args[1]))
    return list(dict.fromkeys(found))


def _as_quotient(
    expr: sp.Expr, variables: tuple[Variable, ...], strict: bool, budget: int, deadline: float
) -> tuple[Certificate | None, int]:
    """``expr = N/D``: ``D > 0`` and ``N >= 0`` (or both negated), and every condition for ``expr`` to be defined."""
    numerator, denominator = expr.as_numer_denom()
    spent = 0

    def prove(target: sp.Expr, strictly: bool) -> Certificate | None:
        nonlocal spent
        if spent >= budget:
            return None
        _, certificate, boxes = _attempt(target, variables, strictly, budget - spent, deadline)
        spent += boxes
        return certificate

    for sign in (1, -1):
        denominator_proof = prove(sign * denominator, True)
        if denominator_proof is not None:
            break
    else:
        return None, spent
    numerator_proof = prove(sign * numerator, strict)
    if numerator_proof is None:
        return None, spent
    parts = [denominator_proof, numerator_proof]
    for kind, condition in _conditions(expr):
        proof = prove(condition, kind != "nonnegative")
        if proof is None and kind == "nonzero":
            proof = prove(-condition, True)
        if proof is None:
            return None, spent
        parts.append(proof)
    conditions = len(parts) - 2
    description = (
        f"numerator {sign * numerator} {'>' if strict else '>='} 0 and denominator {sign * denominator} > 0"
        + (
            f", and {conditions} condition{'s' if conditions != 1 else ''} for the expression to be defined"
            if conditions
            else ""
        )
        + f", by interval arithmetic on {spent} boxes"
    )
    return Certificate(
        expr=expr,
        variables=variables,
        strict=strict,
        boxes=spent,
        leaves=sum(part.leaves for part in parts),
        methods=(("numerator/denominator", 1),),
        substitutions=numerator_proof.substitutions,
        touch_points=tuple(dict.fromkeys(point for part in parts for point in part.touch_points)),
        touch_surfaces=tuple(dict.fromkeys(surface for part in parts for surface in part.touch_surfaces)),
        parts=tuple(parts),
        description=description,
    ), spent


def certify(
    expr: sp.Expr,
    variables: Sequence[Variable],
    *,
    strict: bool,
    budget_boxes: int = DEFAULT_BUDGET,
    seconds: float = DEFAULT_SECONDS,
) -> Certificate | None:
    """A certificate that ``expr >= 0`` (``> 0`` if ``strict``) on the variables' domain, or None.

    None when the inequality is false, when ``expr`` is undefined somewhere on the domain, when it uses a
    function outside the table of :mod:`.intervals_iv` or a symbol that is not one of the variables, when
    there are more than :data:`MAX_VARIABLES` variables or a symbol's assumptions (``positive=True``) do
    not hold on its interval, when SymPy or mpmath fail on the expression, and when ``budget_boxes`` boxes
    did not suffice. Raises only for malformed arguments (:class:`~symbolic_info.errors.InvalidArgumentError`:
    a symbol twice, a budget below 1). Deterministic: the same call gives the same certificate.

    >>> x, y = sp.symbols("x y", real=True)
    >>> print(certify(x**2 + y**2 - 2*x*y, [Variable.real(x), Variable.real(y)], strict=False))
    interval arithmetic on 1 box (1 by a Taylor bound of order 2 at (x, y) = (0, 0))
    >>> print(certify(sp.exp(x), [Variable.real(x)], strict=True))
    interval arithmetic on 1 box (1 by enclosure)
    >>> certify(x**2, [Variable.real(x)], strict=True) is None  # 0 at x = 0
    True
    >>> certify(sp.gamma(x), [Variable.open(x, 1, 2)], strict=True) is None  # no interval gamma
    True
    """
    variables = tuple(variables)
    symbols = [v.symbol for v in variables]
    if len(set(symbols)) != len(symbols):
        raise InvalidArgumentError(f"each variable may appear once, got {symbols}")
    if isinstance(budget_boxes, bool) or not isinstance(budget_boxes, int) or budget_boxes < 1:
        raise InvalidArgumentError(f"budget_boxes must be an integer of at least 1, got {budget_boxes!r}")
    deadline = time.process_time() + check_budget(seconds)
    try:
        expr = sp.sympify(expr)
    except (sp.SympifyError, TypeError, ValueError):
        return None
    if not isinstance(expr, sp.Expr) or len(variables) > MAX_VARIABLES:
        return None
    if not expr.free_symbols <= set(symbols) or not all(v.assumptions_hold() for v in variables):
        return None
    try:
        return _certify(expr, variables, strict, budget_boxes, deadline)
    except Exception:  # SymPy or mpmath failed on something in the expression: no certificate, no crash
        return None


def _certify(
    expr: sp.Expr, variables: tuple[Variable, ...], strict: bool, budget: int, deadline: float
) -> Certificate | None:
    """The direct proof and, for a quotient, the numerator/denominator proof, each with half the budget.

    The quotient goes first when its denominator vanishes at an end of the domain (a removable
    singularity there defeats the direct proof); the second route gets what the first left.
    """
    _, denominator = expr.as_numer_denom()
    if not denominator.free_symbols:
        _, certificate, spent = _attempt(expr, variables, strict, budget, deadline)
        return None if certificate is None else replace(certificate, budget_spent=spent)
    ends = [(v.symbol, end) for v in variables for end in (v.low, v.high) if end.is_finite]
    quotient_first = any(denominator.xreplace({symbol: end}) == 0 for symbol, end in ends)
    spent = 0
    for route in ("quotient", "direct") if quotient_first else ("direct", "quotient"):
        share = budget // 2 if spent == 0 else budget - spent
        if route == "direct":
            verdict, certificate, boxes = _attempt(expr, variables, strict, max(share, 1), deadline)
            if verdict in (REFUTED, UNSUPPORTED):
                return None
        else:
            certificate, boxes = _as_quotient(expr, variables, strict, share, deadline)
        spent += boxes
        if certificate is not None:
            return replace(certificate, budget_spent=spent)
    return None
