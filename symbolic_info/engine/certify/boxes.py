"""Branch and bound: prove ``f >= 0`` (``> 0``) on every box of a domain, or give up, within a budget.

A box (one interval of each variable's parameter ``t``, :mod:`.axes`) is proved by the first of:

1. its enclosure: the lower bound of ``f`` on the box is ``>= 0`` (``> 0``);
2. monotonicity: a partial derivative with a sign on the box (by its enclosure, or because the next
   derivative has a sign) bounds ``f`` by its value at that end of the box (a finite end; an open end
   of the domain counts as a limit when ``f`` is defined there);
3. the mean-value form ``f(c) + grad f(box) . (x - c)`` on a bounded box;
4. a Taylor bound where ``f`` touches 0 (:mod:`.touching`).

Otherwise it is bisected in its widest parameter. A run ends *proved* when every box is, *refuted*
when an enclosure lies below 0 on a box or at a point (a quick way out, never a reason to accept),
and *unknown* when ``budget`` boxes were examined, a box became too narrow to split, or the
CPU-time deadline passed.

>>> import sympy as sp
>>> from .axes import Axis, Variable
>>> x = sp.Symbol("x")
>>> run = BranchAndBound(sp.exp(x) - 1 - x, (x,), (Axis.of(Variable.real(x)),), strict=False, budget=50)
>>> run.run(), run.boxes
('proved', 1)
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from fractions import Fraction

import sympy as sp
from mpmath import libmp

from .axes import Box
from .enclosures import Enclosure, add, mul
from .ends import Undefined
from .functions import MAX_ORDER, PROVED, REFUTED, SPLIT, UNKNOWN, point_enclosure
from .touching import Touching

__all__ = ["BranchAndBound"]

_FINEST = Fraction(1, 2**44)  # a box narrower than this (relative to its variable's range) is not split


@dataclass
class BranchAndBound(Touching):
    """One branch-and-bound run for one expression on one domain, at most ``budget`` boxes."""

    budget: int = 1000
    boxes: int = 0
    leaves: int = 0

    def split(self, box: Box) -> list[Box] | None:
        """Two halves of the box, cut across its widest variable (relative to the variable's range)."""
        widths = [(t1 - t0) / (a.t_range[1] - a.t_range[0]) for a, (t0, t1) in zip(self.axes, box, strict=True)]
        if not widths or max(widths) < _FINEST:
            return None
        i = widths.index(max(widths))
        t0, t1 = box[i]
        middle = (t0 + t1) / 2
        return [(*box[:i], (t0, middle), *box[i + 1 :]), (*box[:i], (middle, t1), *box[i + 1 :])]

    def run(self) -> str:
        """:data:`PROVED`, :data:`REFUTED`, or :data:`UNKNOWN` (out of budget, or too fine a split)."""
        start: Box = tuple(axis.t_range for axis in self.axes)
        if self.sample_refutes(start):
            return REFUTED
        queue = deque([start])
        while queue:
            if self.boxes >= self.budget or self.expired():
                return UNKNOWN
            box = queue.popleft()
            self.boxes += 1
            verdict = self.examine(box)
            if verdict == REFUTED:
                return REFUTED
            if verdict == PROVED:
                self.leaves += 1
                continue
            children = self.split(box)
            if children is None:
                return UNKNOWN
            queue.extend(children)
        return PROVED

    def sample_refutes(self, box: Box) -> bool:
        """A grid of points, each evaluated in interval arithmetic: one below 0 refutes (a quick way out)."""
        per_axis = {0: 1, 1: 24, 2: 7, 3: 4}[len(self.axes)]
        grids = []
        for axis, (t0, t1) in zip(self.axes, box, strict=True):
            grids.append([axis.x(t0 + (t1 - t0) * Fraction(2 * i + 1, 2 * per_axis)) for i in range(per_axis)])
        for index in range(per_axis ** len(self.axes)):
            point = [grid[(index // per_axis**k) % per_axis] for k, grid in enumerate(grids)]
            value = self.at_point([x for x in point if x is not None])  # inner points: never infinite
            if value is not None and self.refutes(value):
                return True
        return False

    def examine(self, box: Box) -> str:
        """:data:`PROVED`, :data:`REFUTED` or :data:`SPLIT`."""
        coordinates = self.coordinates(box)
        try:
            [value] = self.value.evaluate(coordinates)
        except Undefined as undefined:
            return REFUTED if undefined.definite else SPLIT
        if self.proves(value):
            self.methods["enclosure"] += 1
            return PROVED
        if self.refutes(value):
            return REFUTED
        if not self.axes:
            return SPLIT
        at_middle = self.at_point(self.middle(box))
        if at_middle is not None and self.refutes(at_middle):
            return REFUTED
        gradient = self.evaluate("gradient", coordinates)
        if gradient is not None:
            gradient = self.refine(box, coordinates, gradient)
            if self.monotone(box, gradient):
                self.methods["monotonicity"] += 1
                return PROVED
            if self.mean_value(box, gradient):
                self.methods["mean value"] += 1
                return PROVED
        return self.taylor(box, coordinates)

    # -- first order: monotonicity and the mean-value form --

    def refine(self, box: Box, coordinates: list[Enclosure], gradient: list[Enclosure]) -> list[Enclosure]:
        """Tighter enclosures of the partial derivatives that have no sign, from second derivatives' signs.

        Where ``d2f/dx_i dx_j`` has a sign on the box, ``df/dx_i`` is monotone in ``x_j``, so its bounds
        are at the box's ends in ``x_j``. In one variable the argument goes up to the 4th derivative.
        """
        unsigned = [i for i, g in enumerate(gradient) if not (g.nonnegative() or g.nonpositive())]
        if not unsigned:
            return gradient
        if len(self.axes) == 1:
            sign = self.derivative_sign(box, coordinates, order=1)
            g = gradient[0]
            if sign > 0:
                return [Enclosure(libmp.fzero, g.hi, False, g.hi_open)]
            if sign < 0:
                return [Enclosure(g.lo, libmp.fzero, g.lo_open, False)]
            return gradient
        hessian = self.evaluate("hessian", coordinates)
        if hessian is None:
            return gradient
        n, ends = len(self.axes), self.ends(box)
        packed = [(a, b) for a in range(n) for b in range(a, n)]
        refined = list(gradient)
        for i in unsigned:
            low_face, high_face = list(coordinates), list(coordinates)
            for j in range(n):
                h = hessian[packed.index((min(i, j), max(i, j)))]
                if h.nonnegative():
                    smallest_at, largest_at = ends[j].low, ends[j].high
                elif h.nonpositive():
                    smallest_at, largest_at = ends[j].high, ends[j].low
                else:
                    continue
                if smallest_at is not None:
                    low_face[j] = point_enclosure(smallest_at)
                if largest_at is not None:
                    high_face[j] = point_enclosure(largest_at)
            at_low, at_high = self.evaluate("gradient", low_face), self.evaluate("gradient", high_face)
            g = refined[i]
            lo, lo_open, hi, hi_open = g.lo, g.lo_open, g.hi, g.hi_open
            if at_low is not None and libmp.mpf_lt(lo, at_low[i].lo):
                lo, lo_open = at_low[i].lo, False
            if at_high is not None and libmp.mpf_lt(at_high[i].hi, hi):
                hi, hi_open = at_high[i].hi, False
            if libmp.mpf_le(lo, hi):
                refined[i] = Enclosure(lo, hi, lo_open, hi_open)
        return refined

    def derivative_sign(self, box: Box, coordinates: list[Enclosure], *, order: int) -> int:
        """One variable: +1 if ``f^(order) >= 0`` on the box, -1 if ``<= 0``, 0 if unknown.

        When the next derivative has a sign (by enclosure, or by this same argument, up to order 4),
        ``f^(order)`` is monotone: its bounds are its values at the ends of the box.
        """
        values = self.evaluate(f"order {order + 1}", coordinates)
        if values is None:
            return 0
        slope = 1 if values[0].nonnegative() else -1 if values[0].nonpositive() else 0
        if slope == 0 and order + 1 < MAX_ORDER:
            slope = self.derivative_sign(box, coordinates, order=order + 1)
        if slope == 0:
            return 0
        ends = self.ends(box)[0]
        smallest_at, largest_at = (ends.low, ends.high) if slope > 0 else (ends.high, ends.low)
        if smallest_at is not None:
            at = self.evaluate(f"order {order}", [point_enclosure(smallest_at)])
            if at is not None and at[0].nonnegative():
                return 1
        if largest_at is not None:
            at = self.evaluate(f"order {order}", [point_enclosure(largest_at)])
            if at is not None and at[0].nonpositive():
                return -1
        return 0

    def monotone(self, box: Box, gradient: list[Enclosure]) -> bool:
        """``f(x) >= f(face)``: a variable whose partial derivative has a sign moves to the end where ``f`` is smaller.

        An open end of the domain is a limit: the face is evaluated there only if ``f`` is defined (and so
        continuous) there. A strict inequality also follows from ``f(face) >= 0`` when ``f`` strictly
        increases away from an open end of the domain.
        """
        face = self.coordinates(box)
        fixed: list[Fraction] = []
        strict_at_open_end = False
        for i, (partial, ends) in enumerate(zip(gradient, self.ends(box), strict=True)):
            if partial.nonnegative() and ends.low is not None:
                end, is_open, strictly = ends.low, ends.low_open, partial.positive()
            elif partial.nonpositive() and ends.high is not None:
                end, is_open, strictly = ends.high, ends.high_open, partial.negative()
            else:
                continue
            face[i] = point_enclosure(end)
            fixed.append(end)
            strict_at_open_end = strict_at_open_end or (strictly and is_open)
        if not fixed:
            return False
        result = self.evaluate("value", face)
        if result is None:
            return False
        at_face = result[0]
        if self.proves(at_face) or (self.strict and strict_at_open_end and at_face.nonnegative()):
            return True
        if len(fixed) == len(self.axes) and at_face.contains_zero() and (strict_at_open_end or not self.strict):
            point = tuple(sp.Rational(x.numerator, x.denominator) for x in fixed)
            return self.is_zero("value", 0, point, at_face) is True  # f(corner) = 0 exactly
        return False

    def mean_value(self, box: Box, gradient: list[Enclosure]) -> bool:
        """``f(c) + sum_i df/dx_i(box) (x_i - c_i) >= 0`` on a bounded box, ``c`` its centre."""
        ends = self.ends(box)
        spans = [(e.low, e.high) for e in ends if e.low is not None and e.high is not None]
        if len(spans) < len(ends):
            return False
        centre = [(low + high) / 2 for low, high in spans]
        total = self.at_point(centre)
        if total is None:
            return False
        for partial, (low, high), c in zip(gradient, spans, centre, strict=True):
            total = add(total, mul(partial, Enclosure.between(low - c, high - c)))
        return self.proves(total)

    # -- second order: where f touches 0 --
