"""symbolic-info: machine-checked derivations of the information theory behind ML losses.

>>> import symbolic_info as si
>>> d = si.derivation("entropy-maximum", n=4)
>>> report = d.verify()
>>> report.ok, report.counts()["failed"]
(True, 0)
>>> print(si.render(d, "markdown").splitlines()[0])
# The maximum of entropy: the uniform distribution

Everything needed to write, verify, render and test a derivation of one's own is importable from
here (see docs/authoring.md):

>>> import sympy as sp
>>> x = sp.Symbol("x", positive=True)
>>> chain = si.Chain.start(sp.log(x**2)).equals(2 * sp.log(x), "a power inside the log")
>>> mine = si.Derivation("log-power", "A power in a log", si.Domain.of(si.Real(x, low=0)), [chain],
...                      theorem=[sp.Eq(sp.log(x**2), 2 * sp.log(x), evaluate=False)])
>>> print(si.verify(mine))
log-power: verified (1 step: 1 symbolic, 0 certified, 0 numeric, 0 failed)
"""

from __future__ import annotations

from . import catalogue
from .claims import Verdict, check, check_many
from .engine import (
    ApplyToBothSides,
    BinaryLabel,
    CategoryCount,
    CategoryIndex,
    Chain,
    DefinedFunction,
    Density,
    Derivation,
    Differentiate,
    Domain,
    Gradient,
    Hessian,
    Integrate,
    LabelVector,
    Limit,
    OnSimplex,
    Operation,
    Real,
    RealMatrix,
    RealVector,
    Rearrange,
    Relation,
    Solve,
    Stationarity,
    Step,
    StepResult,
    StepVerdict,
    Substitute,
    SubstituteInto,
    VerifiedDerivation,
    density_function,
    display,
    verify,
)
from .engine.failures import Counterexample
from .engine.theorem import TheoremResult
from .errors import (
    ClaimError,
    DerivationError,
    InvalidArgumentError,
    InvalidProbabilityError,
    LatexError,
    OutputError,
    SymbolicInfoError,
    UndefinedValueError,
    UnknownDerivationError,
)
from .formulas.vectors import Categories, Vector, index_symbol
from .render import api as _render_api
from .render.common import RenderOptions
from .render.html import render_html
from .render.markdown import render_markdown
from .render.mathjax import render_notebook

__all__ = [
    "ApplyToBothSides",
    "BinaryLabel",
    "Categories",
    "CategoryCount",
    "CategoryIndex",
    "Chain",
    "ClaimError",
    "Counterexample",
    "DefinedFunction",
    "Density",
    "Derivation",
    "DerivationError",
    "Differentiate",
    "Domain",
    "Gradient",
    "Hessian",
    "Integrate",
    "InvalidArgumentError",
    "InvalidProbabilityError",
    "LabelVector",
    "LatexError",
    "Limit",
    "OnSimplex",
    "Operation",
    "OutputError",
    "Real",
    "RealMatrix",
    "RealVector",
    "Rearrange",
    "Relation",
    "Solve",
    "Stationarity",
    "Step",
    "StepResult",
    "StepVerdict",
    "Substitute",
    "SubstituteInto",
    "SymbolicInfoError",
    "TheoremResult",
    "UndefinedValueError",
    "UnknownDerivationError",
    "Vector",
    "Verdict",
    "VerifiedDerivation",
    "check",
    "check_many",
    "density_function",
    "derivation",
    "derivation_ids",
    "index_symbol",
    "render",
    "render_notebook",
    "verify",
]

__version__ = "0.1.0"

# The engine shows its objects in notebooks through the renderers registered here, from above; a reference
# to a catalogue derivation shows its section number in the book.
_NOTEBOOK = RenderOptions(numbering=catalogue.section_numbers())
display.register(VerifiedDerivation, "text/latex", lambda verified: render_notebook(verified, _NOTEBOOK))
display.register(VerifiedDerivation, "text/markdown", lambda verified: render_markdown(verified, (), _NOTEBOOK))
display.register(VerifiedDerivation, "text/html", lambda verified: render_html(verified, _NOTEBOOK))


def render(obj: object, format: str = "latex", *, paper: str = "a4", verdicts: bool = True) -> str | bytes:
    """A derivation (catalogue or your own, verified or not) as ``"latex"``, ``"markdown"``, ``"html"`` or ``"pdf"``.

    Text for the first three (a complete LaTeX document, a Markdown page, an HTML fragment), the
    compiled PDF's bytes for ``"pdf"`` (needs a LaTeX engine). A derivation is verified once, the
    result kept on it; figures are included where the derivation has them (with matplotlib).
    ``paper`` is ``"a4"`` or ``"letter"``; ``verdicts=False`` hides the verdict tags.
    An unknown format raises :class:`InvalidArgumentError`, anything but a derivation :class:`DerivationError`.

    >>> import sympy as sp
    >>> from symbolic_info.engine import Domain, Real
    >>> x = sp.Symbol("x", positive=True)
    >>> chain = Chain.start(sp.log(x**2)).equals(2 * sp.log(x), "a power inside the log")
    >>> mine = Derivation("log-power", "A power inside a logarithm", Domain.of(Real(x, low=0)), (chain,))
    >>> r"\\section{A power inside a logarithm}" in render(mine, "latex")
    True
    >>> render(mine, "docx")
    Traceback (most recent call last):
    ...
    symbolic_info.errors.InvalidArgumentError: unknown format 'docx'; choose one of latex, markdown, html, pdf
    """
    numbering = catalogue.section_numbers()
    return _render_api.render(obj, format, numbering=numbering, paper=paper, verdicts=verdicts)


def derivation(derivation_id: str, n: int | None = None) -> Derivation:
    """The derivation ``derivation_id`` (for an explicit ``n`` where it takes one); in a notebook it displays itself.

    >>> derivation("kl-decomposition").title
    'KL divergence is cross-entropy minus entropy'
    """
    return catalogue.build(derivation_id, n=n)


def derivation_ids() -> list[str]:
    """Every derivation id, in book order.

    >>> derivation_ids()[0]
    'information-content'
    """
    return catalogue.ids()
