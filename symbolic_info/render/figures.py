"""Figures for the book, drawn with matplotlib from functions lambdified from the symbolic definitions.

Every curve is computed from an expression of :mod:`symbolic_info.formulas.definitions` (or its
SymPy derivative), turned into a NumPy function by ``sympy.lambdify``: the pictures show
the same formulas the derivations prove things about. matplotlib is optional (the
``plots`` extra); :data:`FIGURES` (names, titles, captions, and the derivation each
figure illustrates) is plain data and needs no matplotlib, so the book can refer to the
figures whether or not they were drawn.

The files are deterministic: no creation date, a fixed SVG hash salt, matplotlib's
default style whatever the user's ``matplotlibrc`` says, so drawing twice gives
byte-identical files.

>>> [figure.name for figure in FIGURES][:2]
['binary-entropy-curve', 'entropy-simplex']
"""

from __future__ import annotations

import importlib.util
import io
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

from ..errors import InvalidArgumentError
from .information_figures import INFORMATION_FIGURES
from .loss_figures import LOSS_FIGURES
from .plotting import Figure, numeric

__all__ = ["FIGURES", "FIGURE_FOLDER", "Figure", "draw_all", "figures_for", "matplotlib_available", "numeric"]

#: Sub-folder of the output directory that holds the figure files.
FIGURE_FOLDER = "figures"

_RC: Mapping[str, Any] = MappingProxyType(
    {
        "svg.hashsalt": "symbolic-info",  # element ids from a fixed salt, not a random one
        "svg.fonttype": "path",  # glyphs as paths: the SVG looks the same without the fonts
        "pdf.fonttype": 3,
        "savefig.dpi": 120,  # the resolution of embedded images (the simplex heat map)
        "axes.grid": True,
        "grid.alpha": 0.3,
        "font.size": 9,
    }
)
_METADATA: Mapping[str, Mapping[str, Any]] = MappingProxyType(
    {"pdf": {"CreationDate": None, "ModDate": None}, "svg": {"Date": None}}
)


def _in_order(names: Sequence[str]) -> tuple[Figure, ...]:
    by_name = {figure.name: figure for figure in (*INFORMATION_FIGURES, *LOSS_FIGURES)}
    return tuple(by_name[name] for name in names)


#: Every figure of the book: the curves of :mod:`.information_figures` and :mod:`.loss_figures`, in book order.
FIGURES: tuple[Figure, ...] = _in_order(
    (
        "binary-entropy-curve",
        "entropy-simplex",
        "gradient-saturation",
        "squared-error-nonconvex",
        "focal-loss-curves",
        "kl-asymmetry",
        "js-kl-path",
        "perplexity-cross-entropy",
    )
)


def figures_for(derivation_id: str) -> tuple[Figure, ...]:
    """The figures that illustrate ``derivation_id`` (shown after it).

    >>> [figure.name for figure in figures_for("binary-entropy")]
    ['binary-entropy-curve']
    """
    return tuple(figure for figure in FIGURES if figure.near == derivation_id)


def matplotlib_available() -> bool:
    """Whether matplotlib (the ``plots`` extra) is installed."""
    return importlib.util.find_spec("matplotlib") is not None


def _render(figure: Figure, file_format: str) -> bytes:
    import matplotlib.style
    from matplotlib.figure import Figure as MplFigure

    with matplotlib.style.context(["default", dict(_RC)]):
        drawing = MplFigure(figsize=figure.size, layout="constrained")
        figure.draw(drawing)
        buffer = io.BytesIO()
        drawing.savefig(buffer, format=file_format, metadata=dict(_METADATA[file_format]))
    return buffer.getvalue()


def draw_all(file_format: str = "pdf", figures: Sequence[Figure] = FIGURES) -> dict[str, bytes]:
    """Each figure as ``{"name.pdf": bytes}`` (or ``.svg``); needs matplotlib."""
    if file_format not in _METADATA:
        raise InvalidArgumentError(f"figures are drawn as pdf or svg, not {file_format!r}")
    return {f"{figure.name}.{file_format}": _render(figure, file_format) for figure in figures}
