"""The claim language as one Markdown table, for the README: every construct, its plain text and its LaTeX.

The rows come from the language's own table (:data:`.language.FUNCTIONS`: each function's example and
meaning) and from a short list of the constructs that are not functions (vectors and their entries, real vectors,
explicit vectors, sums over whole vectors, conditions, ``~=``, chains, constants). The LaTeX column is
what the renderer writes for the example, which is also what ``--latex`` reads back, so the table
cannot drift from the code: ``tests/test_readme.py`` checks that the README holds it.

>>> print(markdown_table().splitlines()[0])
| construct | plain text (an example claim) | LaTeX (as rendered, and read by --latex) | meaning |
"""

from __future__ import annotations

from .connectives import claim_latex
from .language import FUNCTIONS
from .vector_functions import ENTRY_EXTREMES

__all__ = ["OTHER_CONSTRUCTS", "markdown_table"]

#: The constructs that are not functions: (construct, an example claim, what it means).
OTHER_CONSTRUCTS = (
    (
        "`p`, `q`, `r`, `P`, `Q`, `p[i]`",
        "p[k] <= 1",
        "probability vectors over the categories 1..n, and their entries",
    ),
    (
        "`P(x)`, `p(x_i)`",
        "KL(P, Q) = sum(P(x)*log(P(x)/Q(x)), x)",
        "an entry written as a function's value, as articles do: P(x) is P[x], p(x_i) is p[i]",
    ),
    (
        "`z[k]`, `w[j]`",
        "sum(exp(z[j]), j) >= exp(z[k])",
        "real vectors over the categories 1..n (logits, weights): any indexed name but p, q, r",
    ),
    (
        "`base=`",
        "H([0.5, 0.5], base=2) = 1",
        "H and KL in another unit: base=2 in bits (a logarithm base b > 0, b != 1)",
    ),
    (
        "`n`, `N`",
        "sum(1/n, i) = 1",
        "the number of entries, any integer >= 2 (or as the conditions say): categories n, or a sample's size N "
        "(a claim writes one of them)",
    ),
    ("`[a, b, ...]`", "H([0.25, 0.75]) <= log(2)", "an explicit probability vector: entries >= 0 summing to 1"),
    ("`sum(expr)`", "sum(p*log(p/q)) >= 0", "a sum over whole vectors: arithmetic and functions entry by entry"),
    ("`where`", "log(x) <= x - 1 where x > 0", "conditions on the variables, after the claim"),
    (
        "`in {0, 1}`",
        "y**2 = y where y in {0, 1}",
        "a real variable that takes only the values listed: checked case by case (y = 0, y = 1)",
    ),
    (
        "`0 < t[i] < 1`, `y[i] in {0, 1}`",
        "log(prod(t[i]**y[i]*(1 - t[i])**(1 - y[i]), i)) = sum(y[i]*log(t[i]) + (1 - y[i])*log(1 - t[i]), i) "
        "where 0 < t[i] < 1, y[i] in {0, 1}",
        "a condition on every entry of a real vector (an index the claim does not use freely): an interval, "
        "or values listed (a sample of predictions and labels)",
    ),
    ("`~=`", "log2(3) ~= 1.585", "approximately: to the decimals of the number written"),
    ("chains", "0 < sigmoid(z) < 1", "several relations at once"),
    (
        "`argmin(f, x) = argmin(g, x)`",
        "argmin(H(p, q), q) = argmin(KL(p, q), q)",
        "two problems with the same solutions: g - c f free of x (c > 0; c < 0 against an argmax), "
        "or the same only optimum",
    ),
    (
        "`implies`, `iff`",
        "x > 1 implies log(x) > 0",
        "between two relations: A implies B is checked as B where A; A iff B as both directions",
    ),
    (
        "`p = q` (whole vectors)",
        "p = q where KL(p, q) = 0",
        "two probability vectors equal where a function is at its only minimum: argmin(g, q) = p and g = c at q = p",
    ),
    (
        "`!=`",
        "sigmoid(z) != 1",
        "not equal: proved as < or >; refuted where the sides are equal, or change order continuously (they cross)",
    ),
    ("`e`, `pi`, `oo`", "limit(exp(-x), x, oo) = 0", "the constants e, pi and infinity"),
)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _row(construct: str, example: str, meaning: str) -> str:
    latex = claim_latex(example)
    return f"| {construct} | `{_cell(example)}` | `{_cell(latex)}` | {_cell(meaning)} |"


def markdown_table() -> str:
    """Every construct of the claim language, one row each, functions first, in the table's order."""
    rows = [
        "| construct | plain text (an example claim) | LaTeX (as rendered, and read by --latex) | meaning |",
        "|---|---|---|---|",
    ]
    for function in FUNCTIONS.values():
        rows.append(_row(f"`{function.name}`", function.example, function.meaning))
        if function.name in ENTRY_EXTREMES:  # max(z) after max(f, x)
            entry = ENTRY_EXTREMES[function.name]
            rows.append(_row(f"`{entry.name}` (one argument)", entry.example, entry.meaning))
    rows += [_row(construct, example, meaning) for construct, example, meaning in OTHER_CONSTRUCTS]
    return "\n".join(rows)
