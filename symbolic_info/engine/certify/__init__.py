"""Interval-arithmetic certificates: ``f >= 0`` proved on a box of up to three real variables.

The modules, lowest first: :mod:`.ends` (outward-rounded ends of mpmath raw floats),
:mod:`.enclosures` (intervals with open and closed ends, and their operations), :mod:`.programs`
(SymPy expressions compiled to interval programs), :mod:`.axes` (variables on intervals, unbounded
ones through a change of variable), :mod:`.functions` (an expression and its derivatives, compiled),
:mod:`.search` (numeric candidates for touching points: no proof), :mod:`.touching` (Taylor bounds
where the expression touches 0), :mod:`.boxes` (branch and bound), :mod:`.certificate` (the public
:func:`certify`) and :mod:`.obligation` (an inequality between two sides, as the derivation engine
and the claim checker state it).

>>> import sympy as sp
>>> x = sp.Symbol("x")
>>> print(certify(x - sp.log(1 + x), [Variable.open(x, -1, sp.oo)], strict=False))
interval arithmetic on 1 box (1 by a Taylor bound of order 2 at x = 0)
"""

from __future__ import annotations

from .axes import Variable
from .certificate import DEFAULT_BUDGET, DEFAULT_SECONDS, MAX_VARIABLES, Certificate, certify

__all__ = ["DEFAULT_BUDGET", "DEFAULT_SECONDS", "MAX_VARIABLES", "Certificate", "Variable", "certify"]
