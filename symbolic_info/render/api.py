"""One entry point for rendering a derivation, catalogue or user-made, verified or not: :func:`render`.

A :class:`~symbolic_info.engine.Derivation` is verified first (once: the result is kept on it);
a :class:`~symbolic_info.engine.VerifiedDerivation` is rendered as it is. The formats:

- ``"latex"``: a complete document (its figures are read from ``figures/NAME.pdf`` beside it);
- ``"markdown"``: a page for a code host, figures embedded as SVG images;
- ``"html"``: a fragment (what a notebook shows), figures embedded;
- ``"pdf"``: the LaTeX document compiled with its figures, as bytes (needs a LaTeX engine).

Figures are drawn when matplotlib (the ``plots`` extra) is installed; without it they are left out.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping

from ..engine.derivation import Derivation, VerifiedDerivation
from ..errors import DerivationError, InvalidArgumentError
from . import figures as figure_drawing
from .common import RenderOptions
from .figures import FIGURE_FOLDER, Figure, figures_for
from .html import render_html
from .latex import render_document
from .markdown import render_markdown
from .pdf import build_pdf

__all__ = ["FORMATS", "render", "verified_of"]

#: The formats of :func:`render`.
FORMATS = ("latex", "markdown", "html", "pdf")
_MAIN = "derivation.tex"


def verified_of(obj: object) -> VerifiedDerivation:
    """``obj`` verified (a derivation: once, the result kept on it); a :class:`DerivationError` for anything else."""
    if isinstance(obj, VerifiedDerivation):
        return obj
    if isinstance(obj, Derivation):
        return obj.verify()
    shown = repr(obj) if len(repr(obj)) <= 60 else type(obj).__name__
    hint = " (a catalogue id? use si.derivation(id))" if isinstance(obj, str) else ""
    raise DerivationError(f"render takes a Derivation or a VerifiedDerivation, not {shown}{hint}")


def _drawn(shown: tuple[Figure, ...], file_format: str) -> dict[str, bytes]:
    if not shown or not figure_drawing.matplotlib_available():
        return {}
    return figure_drawing.draw_all(file_format, shown)


def render(
    obj: object,
    format: str = "latex",
    *,
    numbering: Mapping[str, int] | None = None,
    paper: str = "a4",
    verdicts: bool = True,
) -> str | bytes:
    """``obj`` (a derivation, verified or not) as ``format``: text, or the PDF's bytes for ``"pdf"``.

    ``numbering`` gives the book's section number of each derivation a cross-reference may name;
    ``paper`` is ``"a4"`` or ``"letter"``; ``verdicts=False`` hides the verdict tags (a clean handout).
    """
    if format not in FORMATS:
        raise InvalidArgumentError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    options = RenderOptions(numbering=dict(numbering or {}), verdicts=verdicts, paper=paper)
    verified = verified_of(obj)
    shown = figures_for(verified.derivation.id)
    if format == "latex":
        return render_document(verified, options, shown)
    if format == "pdf":
        sources: dict[str, str | bytes] = {_MAIN: render_document(verified, options, shown)}
        sources.update({f"{FIGURE_FOLDER}/{name}": data for name, data in _drawn(shown, "pdf").items()})
        return build_pdf(sources, _MAIN)
    svgs = _drawn(shown, "svg")
    drawn = [figure for figure in shown if f"{figure.name}.svg" in svgs]
    if format == "markdown":
        images = {
            figure.name: "data:image/svg+xml;base64," + base64.b64encode(svgs[f"{figure.name}.svg"]).decode("ascii")
            for figure in drawn
        }
        return render_markdown(verified, drawn, options, images)
    return render_html(verified, options, [(figure, svgs[f"{figure.name}.svg"]) for figure in drawn])
