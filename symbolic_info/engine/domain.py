"""Where a derivation's variables live, as declarations that can be described, sampled and used.

Each declaration knows three things: its LaTeX description (for the rendered
assumptions), how to draw seeded random points from it at high precision (for the numeric
check), and which facts it gives the prover (``sum_i p_i = 1``, ``1 <= k <= n``).

>>> import sympy as sp
>>> from symbolic_info.formulas.vectors import Categories, Vector
>>> cats = Categories.general()
>>> domain = Domain.of(CategoryCount(cats.n), OnSimplex(Vector("p", cats)))
>>> points = domain.sample(seed=1, count=3)
>>> [point.integers[cats.n] for point in points]
[2, 3, 4]
>>> p = sp.IndexedBase("p", positive=True)
>>> abs(sum(points[1].values[p[k]] for k in (1, 2, 3)) - 1) < 1e-55
True
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import mpmath
import sympy as sp

from ..errors import DerivationError
from .scalar_declarations import (
    WORKING_DIGITS,
    BinaryLabel,
    CategoryCount,
    CategoryIndex,
    Declaration,
    Point,
    Real,
)
from .vector_declarations import DefinedVector, JointDistribution, LabelVector, OnSimplex, RealMatrix, RealVector

__all__ = [
    "WORKING_DIGITS",
    "BinaryLabel",
    "CategoryCount",
    "CategoryIndex",
    "Declaration",
    "DefinedVector",
    "Domain",
    "JointDistribution",
    "LabelVector",
    "OnSimplex",
    "Point",
    "Real",
    "RealMatrix",
    "RealVector",
]


@dataclass(frozen=True)
class Domain:
    """The declarations of a derivation's variables.

    >>> x = sp.Symbol("x", positive=True)
    >>> Domain.of(Real(x, low=0)).latex()
    'x > 0'
    """

    declarations: tuple[Declaration, ...] = ()

    @classmethod
    def of(cls, *declarations: Declaration) -> Domain:
        """The domain of ``declarations`` (:class:`Real`, :class:`OnSimplex`, :class:`CategoryCount`, ...).

        >>> print(Domain.of(Real(sp.Symbol("x"))).latex())
        x \\in \\mathbb{R}
        >>> Domain.of("x > 0")
        Traceback (most recent call last):
        ...
        symbolic_info.errors.DerivationError: a domain is made of declarations such as Real(x, low=0), \
OnSimplex(p) or CategoryCount(n), got 'x > 0'
        """
        for declaration in declarations:
            if not hasattr(declaration, "sample") or not hasattr(declaration, "latex"):
                raise DerivationError(
                    "a domain is made of declarations such as Real(x, low=0), OnSimplex(p) or CategoryCount(n), "
                    f"got {declaration!r}"
                )
        return cls(tuple(declarations))

    def latex(self) -> str:
        """The assumptions as one line of LaTeX (empty when there are none)."""
        return ",\\quad ".join(d.latex() for d in self.declarations)

    def facts(self) -> tuple[tuple[sp.Basic, sp.Basic], ...]:
        """Substitutions that hold on the whole domain, for the prover."""
        return tuple(fact for d in self.declarations for fact in d.facts())

    def positive_forms(self) -> tuple[tuple[sp.Basic, sp.Basic], ...]:
        """Bounded real variables rewritten with positive symbols, for sign proofs."""
        forms = []
        for declaration in self.declarations:
            if isinstance(declaration, Real):
                form = declaration.positive_form()
                if form is not None:
                    forms.append((declaration.symbol, form))
            elif isinstance(declaration, OnSimplex):
                forms.append((declaration.vector.base, declaration.positive_form()))
        return tuple(forms)

    def sample(self, seed: int, count: int) -> list[Point]:
        """``count`` points drawn with ``random.Random(seed)``: identical on every run."""
        rng = random.Random(seed)
        ordered = sorted(self.declarations, key=lambda d: d.stage)
        points = []
        with mpmath.workdps(WORKING_DIGITS):
            for draw in range(count):
                point = Point()
                for declaration in ordered:
                    declaration.sample(rng, point, draw)
                points.append(point)
        return points
