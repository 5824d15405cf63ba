"""Notebook display of the engine's objects, attached from above: the engine never imports a renderer.

A renderer (in :mod:`symbolic_info.render`) registers, for a type and a MIME type, the function
that renders an object of that type; the package's ``__init__`` does so on import. The engine's
objects ask here for their ``_repr_latex_`` and friends, so the engine knows only that a renderer
may exist, not which one.

>>> class Note:
...     def __init__(self, text: str) -> None:
...         self.text = text
>>> register(Note, "text/plain", lambda note: note.text.upper())
>>> rendered(Note("hi"), "text/plain")
'HI'
>>> rendered(Note("hi"), "text/latex") is None
True
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["register", "rendered"]

T = TypeVar("T")

#: (type, MIME type) -> renderer. Filled once, on import of the package, by the renderers.
_RENDERERS: dict[tuple[type, str], Callable[[Any], str]] = {}


def register(kind: type[T], mimetype: str, renderer: Callable[[T], str]) -> None:
    """Render objects of ``kind`` (and its subclasses) as ``mimetype`` with ``renderer``."""
    _RENDERERS[(kind, mimetype)] = renderer


def rendered(obj: object, mimetype: str) -> str | None:
    """``obj`` rendered as ``mimetype`` by the renderer registered for its type, or None when there is none."""
    for kind in type(obj).__mro__:
        renderer = _RENDERERS.get((kind, mimetype))
        if renderer is not None:
            return renderer(obj)
    return None
