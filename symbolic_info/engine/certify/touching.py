"""Second-order arguments where the expression touches 0: Taylor bounds at exact points and across surfaces.

Where ``f >= 0`` is tight, no enclosure of ``f`` on a box around the touching place is ``>= 0``, however
small the box. *Points*: a local minimum found numerically (:mod:`.search`) is made exact and SymPy
checks (``simplify``, confirmed at 100 digits) that ``f(c) = 0`` exactly and which derivatives vanish
there; then ``f(x) = f^(m)(xi) (x - c)^m / m!`` in one variable (``m <= 4``: every lower derivative
vanishes at ``c``) or ``f(x) >= 1/2 (x - c)^T H(xi) (x - c)`` in several (a gradient component may be
nonzero only at an end of the box, pointing inward), with the enclosure of ``f^(m)`` of a sign, or of
the Hessian positive semidefinite, on the box. *Surfaces*: ``x_j = x_i`` or ``x_j = -x_i`` where ``f``
and ``df/dx_j`` vanish identically (SymPy, with the signs of the domain), and ``d2f/dx_j2 >= 0`` on a
box that contains the surface over its range. A touching point inside the domain where ``f`` changes
sign, or where a strict inequality is claimed, refutes.

>>> import sympy as sp
>>> from .axes import Axis, Variable
>>> x = sp.Symbol("x")
>>> f = Touching(x - 1 - sp.log(x), (x,), (Axis.of(Variable.open(x, 0, sp.oo)),), strict=False)
>>> touch = f.verify((sp.Integer(1),))
>>> touch.order, touch.in_domain
(2, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import mpmath
import sympy as sp

from .axes import Axis, Box, exact_fraction, rational, surely_above, surely_below
from .enclosures import Enclosure, absolute, add, mul, neg, power_int, sub
from .ends import Undefined, Unsupported
from .functions import MAX_ORDER, PROVED, REFUTED, SIMPLIFY_OPS, SPLIT, Compiled, point_enclosure
from .programs import constant
from .search import identify, local_minimum

__all__ = ["Surface", "Touch", "Touching"]

_MAX_SEARCHES = 16  # numeric searches for touching points in one run


@dataclass
class Touch:
    """An exact point ``c`` with ``f(c) = 0``, and what vanishes there."""

    point: tuple[sp.Expr, ...]
    exact: tuple[Fraction | None, ...]
    enclosures: tuple[Enclosure, ...]
    in_domain: bool
    order: int = 2  # one variable: the Taylor remainder's order (every lower derivative vanishes at c)
    order_nonzero: bool = False  # one variable: f^(order)(c) != 0 is known
    gradient: tuple[int, ...] = ()  # several variables: the sign of each partial derivative at c
    used: int = 0


@dataclass
class Surface:
    """A surface ``x_j = sign * x_i`` on which ``f`` and ``df/dx_j`` vanish identically."""

    j: int
    i: int
    sign: int
    used: int = 0


def _maps_into(source: Axis, target: Axis, sign: int) -> bool:
    """``sign * x`` is a point of ``target`` for every point ``x`` of ``source``."""
    low, high, low_open, high_open = source.low, source.high, source.low_open, source.high_open
    if sign < 0:
        low, high = (None if high is None else -high), (None if low is None else -low)
        low_open, high_open = high_open, low_open
    above = target.low is None or (
        low is not None and (target.low < low or (target.low == low and (low_open or not target.low_open)))
    )
    below = target.high is None or (
        high is not None and (high < target.high or (high == target.high and (high_open or not target.high_open)))
    )
    return above and below


def _signed_dummy(axis: Axis, symbol: sp.Symbol) -> sp.Dummy:
    """A dummy for ``symbol`` with the sign its interval gives it (for SymPy's simplification)."""
    if axis.low is not None and (axis.low > 0 or (axis.low == 0 and axis.low_open)):
        return sp.Dummy(symbol.name, positive=True)
    if axis.low is not None and axis.low >= 0:
        return sp.Dummy(symbol.name, nonnegative=True)
    if axis.high is not None and (axis.high < 0 or (axis.high == 0 and axis.high_open)):
        return sp.Dummy(symbol.name, negative=True)
    if axis.high is not None and axis.high <= 0:
        return sp.Dummy(symbol.name, nonpositive=True)
    return sp.Dummy(symbol.name, real=True)


def _semidefinite(entries: Sequence[Enclosure], n: int, *, definite: bool) -> bool:
    """Every symmetric matrix with entries in the enclosures (upper triangle, row by row) is PSD (PD if ``definite``).

    Diagonal dominance first, then the principal minors: all of them ``>= 0`` (semidefinite), or the
    leading ones ``> 0`` (definite), each evaluated in interval arithmetic from the entries.
    """
    packed = [(i, j) for i in range(n) for j in range(i, n)]

    def m(i: int, j: int) -> Enclosure:
        return entries[packed.index((min(i, j), max(i, j)))]

    def holds(value: Enclosure) -> bool:
        return value.positive() if definite else value.nonnegative()

    def minor(i: int, j: int) -> Enclosure:
        return sub(mul(m(i, i), m(j, j)), power_int(m(i, j), 2))

    dominant = True
    for i in range(n):
        slack = m(i, i)
        for j in range(n):
            if j != i:
                slack = sub(slack, absolute(m(i, j)))
        dominant = dominant and holds(slack)
    if dominant:
        return True
    if n == 1:
        return holds(m(0, 0))
    if n == 2:
        return holds(m(0, 0)) and m(1, 1).nonnegative() and holds(minor(0, 1))
    # [[a, b, c], [b, d, e], [c, e, f]]: det = a (d f - e^2) - b (b f - c e) + c (b e - c d)
    a, b, c, d, e, f = m(0, 0), m(0, 1), m(0, 2), m(1, 1), m(1, 2), m(2, 2)
    determinant = add(
        sub(mul(a, sub(mul(d, f), power_int(e, 2))), mul(b, sub(mul(b, f), mul(c, e)))),
        mul(c, sub(mul(b, e), mul(c, d))),
    )
    if definite:
        return a.positive() and minor(0, 1).positive() and determinant.positive()
    diagonal = all(m(d, d).nonnegative() for d in range(3))
    return (
        diagonal and all(minor(p, q).nonnegative() for p, q in ((0, 1), (0, 2), (1, 2))) and determinant.nonnegative()
    )


@dataclass
class Touching(Compiled):
    """A compiled expression with the places where it touches 0: exact points and surfaces, found on demand."""

    touches: list[Touch] = field(default_factory=list)
    _tried: set[tuple[sp.Expr, ...]] = field(default_factory=set)
    _surfaces: list[Surface] | None = None
    _searches: int = 0

    def verify(self, point: tuple[sp.Expr, ...]) -> Touch | None:
        """A :class:`Touch` when ``f(point) = 0`` exactly, with what vanishes there; None otherwise."""
        try:
            enclosures = tuple(constant(c) for c in point)
        except (Unsupported, Undefined):
            return None
        at = self.evaluate("value", enclosures)  # defined at c: f is continuous there
        if at is None or self.is_zero("value", 0, point, at[0]) is not True:
            return None
        exact = tuple(rational(c) if c.is_Rational else None for c in point)
        inside = all(axis.contains(e, c) for axis, e, c in zip(self.axes, exact, enclosures, strict=True))
        touch = Touch(point, exact, enclosures, inside)
        if len(self.axes) == 1:
            for k in range(1, MAX_ORDER + 1):
                derivative = self.evaluate(f"order {k}", enclosures)
                if derivative is None:
                    if k == 1:
                        return None
                    break  # keep order k - 1: every derivative below it vanishes at c
                zero = self.is_zero(f"order {k}", 0, point, derivative[0])
                touch.order, touch.order_nonzero = k, zero is False
                if zero is not True:
                    break
            return touch
        gradient = self.evaluate("gradient", enclosures)
        if gradient is None:
            return None
        signs = []
        for i, partial in enumerate(gradient):
            zero = self.is_zero("gradient", i, point, partial)
            if zero is None:
                return None
            signs.append(0 if zero else 1 if partial.positive() else -1)
        touch.gradient = tuple(signs)
        return touch

    def position(self, touch: Touch, box: Box) -> list[str] | None:
        """Where the touching point lies in each variable of the box: "low", "high", "inside"; None: outside."""
        places = []
        for ends, exact, enclosure in zip(self.ends(box), touch.exact, touch.enclosures, strict=True):
            if exact is not None and exact == ends.low:
                places.append("low")
            elif exact is not None and exact == ends.high:
                places.append("high")
            elif surely_below(ends.low, exact, enclosure) and surely_above(ends.high, exact, enclosure):
                places.append("inside")
            else:
                return None
        return places

    def taylor(self, box: Box, coordinates: list[Enclosure]) -> str:
        """Prove the box from a touching point or surface in it (searching for a point first if none is known)."""
        inside = [(touch, places) for touch in self.touches if (places := self.position(touch, box)) is not None]
        if not inside and self._searches < _MAX_SEARCHES and not self.expired():
            self._searches += 1
            if self.search(box) == REFUTED:
                return REFUTED
            inside = [(touch, places) for touch in self.touches if (places := self.position(touch, box)) is not None]
        for touch, places in inside:
            verdict = self.taylor_at(touch, places, coordinates)
            if verdict == PROVED:
                touch.used += 1
                self.methods[f"Taylor {touch.order if len(self.axes) == 1 else 2}"] += 1
            if verdict != SPLIT:
                return verdict
        if len(self.axes) >= 2 and not self.strict:
            for surface in self.surfaces():
                if self.across(surface, box, coordinates):
                    surface.used += 1
                    self.methods["Taylor across a surface"] += 1
                    return PROVED
        return SPLIT

    def taylor_at(self, touch: Touch, places: list[str], coordinates: list[Enclosure]) -> str:
        """Prove the box from a touching point ``c`` in it, or refute (``f`` is 0 or changes sign at ``c``)."""
        if self.strict and touch.in_domain:
            return REFUTED  # f(c) = 0 at a point of the domain
        if len(self.axes) == 1:
            m, place = touch.order, places[0]
            if place == "inside" and m % 2 == 1:
                return REFUTED if touch.order_nonzero and touch.in_domain else SPLIT
            # f, ..., f^(m-1) vanish at c and are continuous on the box: f(x) = f^(m)(xi) (x - c)^m / m!
            derivatives = [self.evaluate(f"order {k}", coordinates) for k in range(1, m + 1)]
            last = derivatives[-1]
            if last is None or any(d is None for d in derivatives):
                return SPLIT
            bound = neg(last[0]) if place == "high" and m % 2 == 1 else last[0]  # (x - c)^m <= 0 below c
            return PROVED if self.proves(bound) else SPLIT
        for sign, place in zip(touch.gradient, places, strict=True):
            if sign == 0 or (sign > 0 and place == "low") or (sign < 0 and place == "high"):
                continue  # the linear term sign * (x_i - c_i) is >= 0 on the box
            return REFUTED if place == "inside" and touch.in_domain else SPLIT
        gradient, hessian = self.evaluate("gradient", coordinates), self.evaluate("hessian", coordinates)
        if gradient is None or hessian is None:
            return SPLIT
        return PROVED if _semidefinite(hessian, len(self.axes), definite=self.strict) else SPLIT

    def surfaces(self) -> list[Surface]:
        """The surfaces ``x_j = x_i`` and ``x_j = -x_i`` on which ``f`` and ``df/dx_j`` vanish identically.

        Screened numerically at two points of the surface, then checked with SymPy's ``simplify``, each
        variable replaced by a dummy with the sign its interval gives it. Computed once per run.
        """
        if self._surfaces is None:
            self._surfaces = []
            if self.program("gradient") is not None:
                n = len(self.axes)
                for j in range(n):
                    for i in range(n):
                        for sign in (1, -1):
                            if i != j and _maps_into(self.axes[i], self.axes[j], sign) and self.vanishes_on(j, i, sign):
                                self._surfaces.append(Surface(j, i, sign))
        return self._surfaces

    def vanishes_on(self, j: int, i: int, sign: int) -> bool:
        start: Box = tuple(axis.t_range for axis in self.axes)
        for fraction in (Fraction(1, 3), Fraction(5, 7)):
            point = [axis.x(t0 + (t1 - t0) * fraction) for axis, (t0, t1) in zip(self.axes, start, strict=True)]
            source = point[i]
            assert source is not None
            point[j] = sign * source
            at = [point_enclosure(v) for v in point if v is not None]
            values, slopes = self.evaluate("value", at), self.evaluate("gradient", at)
            if values is None or slopes is None or not (values[0].contains_zero() and slopes[j].contains_zero()):
                return False
        signed = {x: _signed_dummy(axis, x) for x, axis in zip(self.symbols, self.axes, strict=True)}
        on_surface = {signed[self.symbols[j]]: sign * signed[self.symbols[i]]}
        for expr in (self.expr, self.derivative_exprs("gradient")[j]):
            restricted = expr.xreplace(signed).xreplace(on_surface)
            if restricted == 0:
                continue
            if sp.count_ops(restricted) > SIMPLIFY_OPS or sp.simplify(restricted) != 0:
                return False
        return True

    def across(self, surface: Surface, box: Box, coordinates: list[Enclosure]) -> bool:
        """``f(x) = 1/2 d2f/dx_j2(xi) (x_j - s(x))^2``, ``s(x) = +-x_i`` inside the box's range of ``x_j``."""
        ends = self.ends(box)
        low, high = ends[surface.i].low, ends[surface.i].high
        if surface.sign < 0:
            low, high = (None if high is None else -high), (None if low is None else -low)
        target = ends[surface.j]
        if not (target.low is None or (low is not None and target.low <= low)):
            return False
        if not (target.high is None or (high is not None and high <= target.high)):
            return False
        gradient, hessian = self.evaluate("gradient", coordinates), self.evaluate("hessian", coordinates)
        if gradient is None or hessian is None:
            return False
        n, j = len(self.axes), surface.j
        return hessian[[(a, b) for a in range(n) for b in range(a, n)].index((j, j))].nonnegative()

    def search(self, box: Box) -> str:
        """Look for a touching point in the box numerically; keep it if it checks out exactly.

        A local minimum where ``f`` is about 0 is made exact (:func:`identify`) and checked (:meth:`verify`);
        a point where the enclosure of ``f`` lies below 0 refutes the inequality.
        """
        found = local_minimum(self, box)
        if found is None:
            return SPLIT
        exact = [exact_fraction(v._mpf_) for v in found.point]
        in_domain = all(axis.contains(x, point_enclosure(x)) for axis, x in zip(self.axes, exact, strict=True))
        value = self.at_point(exact)
        if in_domain and value is not None and self.refutes(value):  # an open end of the domain refutes nothing
            return REFUTED
        if abs(found.value) > mpmath.mpf(10) ** -9 * max(1, abs(found.start)):
            return SPLIT  # f is not about 0 at this minimum: nothing touches 0 here
        point = []
        for v, ends, start in zip(found.point, self.ends(box), self.middle(box), strict=True):
            size = exact_fraction(mpmath.mpf(1 + abs(v))._mpf_)
            step = exact_fraction(mpmath.mpf(found.step)._mpf_) if mpmath.isfinite(found.step) else size
            tolerance = min(max(Fraction(1, 10**25) * size, 100 * step), size / 10**4)
            point.append(identify(v, (ends.low, ends.high, start), tolerance))
        if any(c is None for c in point):
            return SPLIT  # no simple exact number there: nothing to check symbolically
        candidate = tuple(point)
        if candidate not in self._tried:
            self._tried.add(candidate)
            touch = self.verify(candidate)
            if touch is not None:
                self.touches.append(touch)
        return SPLIT
