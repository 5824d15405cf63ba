"""What MathJax (notebooks, code hosts) accepts, as a hand-written oracle for the renderers' output.

The macro list is taken from MathJax's documentation ("Supported TeX/LaTeX commands",
base and ams packages); it is a subset: a macro missing here but listed there may be
added. ``problems`` reports what MathJax would reject or show wrongly: unknown macros,
text-mode macros (``\\parbox``), ``\\tag`` (not allowed inside ``aligned``), macros inside
``\\text{...}`` (MathJax prints them literally), unbalanced braces, environments or
``\\left``/``\\right``.
"""

from __future__ import annotations

import re

_GREEK = (
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi pi varpi rho "
    "varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi "
    "Psi Omega"
)
_MACROS = frozenset(
    (
        _GREEK
        + " frac tfrac dfrac sqrt log ln exp sin cos tan sinh cosh tanh max min arg sup inf lim det sum prod int "
        "left right middle big Big bigg Bigg bigl bigr Bigl Bigr limits nolimits substack "
        "mathcal mathbb mathbf mathrm mathit mathsf mathtt boldsymbol operatorname text textbf textsf textit "
        "texttt textrm mbox hbox displaystyle textstyle scriptstyle tiny scriptsize footnotesize small "
        "normalsize large quad qquad thinspace enspace mskip mkern hspace kern "
        "cdot cdots dots ldots vdots ddots times div pm mp ast star circ bullet infty partial nabla prime backslash "
        "to rightarrow leftarrow Rightarrow Leftarrow leftrightarrow Leftrightarrow implies impliedby iff mapsto "
        "xrightarrow xleftarrow longrightarrow uparrow downarrow "
        "le leq ge geq lt gt ne neq approx sim simeq equiv propto ll gg leqslant geqslant "
        "in notin ni subset subseteq supset supseteq cup cap setminus emptyset varnothing forall exists neg "
        "land lor wedge vee mid nmid parallel perp top bot "
        "langle rangle lbrace rbrace lvert rvert lVert rVert vert Vert lceil rceil lfloor rfloor "
        "hat bar tilde vec dot ddot overline underline widehat widetilde overbrace underbrace "
        "begin end unicode colon ell Re Im log exp binom tbinom dbinom pmod bmod mod "
        "therefore because checkmark square blacksquare boxed "
        "xleftrightarrow overset underset stackrel"
    ).split()
)
_ENVIRONMENTS = frozenset(
    ["aligned", "gathered", "split", "cases", "array", "matrix", "pmatrix", "bmatrix", "Bmatrix", "vmatrix"]
)
_SYMBOL_MACROS = frozenset(",;:!{}|%&#_$> \\")
_CONTROL_SEQUENCE = re.compile(r"\\([A-Za-z]+|.)", re.DOTALL)
_TEXT_GROUP = re.compile(r"\\(?:text|textbf|textsf|textit|texttt|textrm|mbox)\{([^{}]*)\}")


def _balanced(latex: str) -> bool:
    depth = 0
    for match in re.finditer(r"\\.|[{}]", latex, re.DOTALL):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def problems(latex: str) -> list[str]:
    """Everything in ``latex`` (math-mode content, without ``$`` delimiters) that MathJax would not render right."""
    found = []
    for match in _CONTROL_SEQUENCE.finditer(latex):
        name = match.group(1)
        known = name in _MACROS if name[0].isalpha() else name in _SYMBOL_MACROS
        if not known:
            found.append(f"\\{name} is not a MathJax macro (or is missing from tests/mathjax.py)")
    for text in _TEXT_GROUP.findall(latex):
        if "\\" in text:
            found.append(f"a macro inside \\text{{{text}}} is shown literally by MathJax")
    if not _balanced(latex):
        found.append("unbalanced braces")
    begins = re.findall(r"\\begin\{([^}]*)\}", latex)
    for environment in begins:
        if environment not in _ENVIRONMENTS:
            found.append(f"environment {environment} is not available in MathJax math")
    if sorted(begins) != sorted(re.findall(r"\\end\{([^}]*)\}", latex)):
        found.append("unbalanced \\begin/\\end")
    if len(re.findall(r"\\left(?![a-zA-Z])", latex)) != len(re.findall(r"\\right(?![a-zA-Z])", latex)):
        found.append("unbalanced \\left/\\right")
    return found


def math_pieces(document: str) -> list[str]:
    """The math of a Markdown page or a notebook output: each ``$$...$$`` block and each inline ``$...$``."""
    pieces = []
    for index, piece in enumerate(re.split(r"\$\$", document)):
        if index % 2:
            pieces.append(piece)
            continue
        pieces.extend(inline for position, inline in enumerate(piece.split("$")) if position % 2)
    return pieces
