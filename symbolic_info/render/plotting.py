"""What a figure of the book is, and the one way its curves are computed: from the symbolic formulas.

Every curve is computed from an expression of :mod:`symbolic_info.formulas` (or its SymPy derivative),
turned into a NumPy function by the numeric kernels' lambdify pipeline (:func:`numeric`): the
pictures show the same formulas the derivations prove things about. :class:`Figure` is plain data
(name, title, caption, the derivation it illustrates, and its drawing function), so the book can
refer to a figure whether or not matplotlib is installed to draw it.

>>> numeric(sp.Symbol("p") * 2, sp.Symbol("p"))(np.array([1.0, 2.0])).tolist()
[2.0, 4.0]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy as sp

from ..numeric.kernels import lambdify_numpy

if TYPE_CHECKING:
    from matplotlib.figure import Figure as MplFigure

__all__ = ["LN2", "Figure", "numeric"]

#: ``log 2``: one bit in nats.
LN2 = float(np.log(2.0))


def numeric(expression: sp.Expr, *symbols: sp.Symbol) -> Callable[..., Any]:
    """A vectorised NumPy function of ``symbols`` computing ``expression`` (the numeric kernels' pipeline)."""
    function = lambdify_numpy(symbols, expression)

    def quiet(*arguments: Any) -> Any:
        with np.errstate(divide="ignore", invalid="ignore"):  # log 0 at the ends of a plotted range
            return function(*arguments)

    return quiet


@dataclass(frozen=True)
class Figure:
    """One figure: file stem, a plain-text title, a caption (prose with ``$...$``), the derivation it illustrates."""

    name: str
    title: str
    caption: str
    near: str
    draw: Callable[[MplFigure], None]
    size: tuple[float, float] = (6.0, 3.4)
