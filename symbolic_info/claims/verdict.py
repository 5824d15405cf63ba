"""The result of checking a claim: proved, holds, refuted or error, with the evidence.

>>> verdict = Verdict("x = x", "proved", "symbolic: direct", None, "proved symbolically", latex="x = x")
>>> verdict.ok, sorted(verdict.to_dict())
(True, ['claim', 'counterexample', 'message', 'method', 'searched', 'verdict'])
>>> print(verdict.report())
proved   x = x
         proved symbolically
>>> Verdict("x = x", "error", "internal error", None, "internal error: ...", internal=True).to_dict()["internal"]
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from ..formulas.printer import math_text

__all__ = ["VERDICTS", "Verdict", "VerdictName", "assignment"]

VerdictName = Literal["proved", "holds", "refuted", "error"]
VERDICTS: tuple[str, ...] = ("proved", "holds", "refuted", "error")
_INDENT = " " * 9


def _latex_text(text: str) -> str:
    """Plain text for math mode, valid in LaTeX and MathJax; non-ASCII characters are dropped.

    The words go in ``\\text{...}``; each character that is markup in LaTeX or HTML (``\\``, braces,
    ``$``, ``<``, ``&`` ...) is set in math mode between them, so a claim's text can neither run a
    macro nor open an HTML tag where a notebook shows ``text/latex``.

    >>> _latex_text("<img src=x> = $1")
    '{<}\\\\text{img src=x}{>}\\\\text{ = }\\\\$\\\\text{1}'
    """
    return math_text(text.encode("ascii", "ignore").decode("ascii"))


def _printable(text: str) -> str:
    """``text`` for a terminal: each character that is not printable (a line break, an escape code) as ``?``."""
    return "".join(c if c.isprintable() else "?" for c in text)


def assignment(counterexample: dict[str, Any]) -> list[str]:
    """``n = 3``, ``p = [0.2, 0.3, 0.5]``, ...: the values of a counterexample, as text."""
    parts = [f"n = {counterexample['n']}"] if "n" in counterexample else []
    for name, value in counterexample.get("variables", {}).items():
        shown = "[" + ", ".join(value) + "]" if isinstance(value, list) else str(value)
        parts.append(f"{name} = {shown}")
    return parts


@dataclass(frozen=True)
class Verdict:
    """The verdict on one claim.

    ``verdict`` is ``proved`` (a symbolic proof, for every ``n`` where the claim is about
    ``n``), ``holds`` (no proof, and no counterexample where the search looked: ``searched``),
    ``refuted`` (``counterexample`` gives every variable, ``n``, and both sides at 50 digits,
    re-checked at higher precision) or ``error`` (the claim cannot be read; ``message`` says
    where). ``latex`` is the claim as understood; ``column`` points at an error when known.
    ``internal`` marks an ``error`` that is a fault of symbolic-info rather than of the claim
    (an exception inside the checker, a worker process that died); ``details`` then holds its
    traceback, for ``symbolic-info --debug``. ``to_dict()`` has ``"internal": true`` only for
    those. ``searched`` records where the search for counterexamples looked (see
    :class:`~symbolic_info.claims.searched.Searched`; None when no search ran), for every verdict that
    rests on it: a *holds* promises nothing beyond it.
    """

    claim: str
    verdict: VerdictName
    method: str
    counterexample: dict[str, Any] | None = field(default=None, hash=False)
    message: str = ""
    latex: str = field(default="", compare=False)
    column: int | None = field(default=None, compare=False)
    note: str = field(default="", compare=False)  # replaces the message in report() when the evidence is shown
    internal: bool = False
    details: str = field(default="", compare=False, repr=False)
    searched: dict[str, Any] | None = field(default=None, compare=False, hash=False)

    @property
    def ok(self) -> bool:
        """True for ``proved`` and ``holds``."""
        return self.verdict in ("proved", "holds")

    def to_dict(self) -> dict[str, Any]:
        """The JSON form printed by ``symbolic-info check --json``."""
        shown = {
            "claim": self.claim,
            "verdict": self.verdict,
            "method": self.method,
            "counterexample": self.counterexample,
            "message": self.message,
            "searched": self.searched,
        }
        return (shown | {"internal": True}) if self.internal else shown

    def report(self) -> str:
        """A few lines of plain text: the verdict, the claim, the evidence."""
        lines = [f"{self.verdict:<8} {_printable(self.claim)}"]
        if self.verdict == "error" and self.column is not None:
            lines.append(_INDENT + " " * (self.column - 1) + "^")
        if self.counterexample is not None:
            values = ", ".join(assignment(self.counterexample)) or "(the claim has no variables)"
            lines.append(_INDENT + "counterexample: " + values)
            if "relation" in self.counterexample:
                lines.append(_INDENT + f"  where {self.counterexample['relation']} fails:")
            lines.append(_INDENT + f"  left  = {self.counterexample['left']}")
            lines.append(_INDENT + f"  right = {self.counterexample['right']}")
            if "tolerance" in self.counterexample:
                lines.append(_INDENT + f"  (they differ by more than {self.counterexample['tolerance']})")
        lines.append(_INDENT + _printable(self.note or self.message))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.report()

    def _repr_latex_(self) -> str:
        label = rf"\quad\textsf{{[{self.verdict}]}}"
        if self.verdict == "error" or not self.latex:
            return f"${_latex_text(self.claim)}{label}\\quad{_latex_text(self.message)}$"
        body = self.latex + label
        if self.counterexample is not None:
            values = _latex_text("counterexample: " + ", ".join(assignment(self.counterexample)))
            left, right = self.counterexample["left"], self.counterexample["right"]
            body += (
                rf" \\ {values} \\ "
                rf"\text{{left}} = {_latex_text(str(left))},\quad \text{{right}} = {_latex_text(str(right))}"
            )
            return rf"$$\begin{{gathered}}{body}\end{{gathered}}$$"
        return f"$${body}$$"
