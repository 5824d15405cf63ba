"""Limits in claims: ``limit(expr, x, a)``, ``limit(expr, x, a, '+')``, and ``\\lim_{x \\to 0^+}`` in LaTeX.

The limit's value comes from SymPy's ``limit`` when the claim is translated; the tests check it against
mpmath at points approaching the limit (an independent oracle), that a true claim is proved, a false one
refuted, and that misuse gets an error with a column and the way to write it.
"""

from __future__ import annotations

from collections.abc import Callable

import mpmath
import pytest
import sympy as sp

import symbolic_info as si
from symbolic_info.claims import parse_claim, translate
from symbolic_info.claims.from_latex import latex_to_claim
from symbolic_info.claims.render import render_claim

from .claim_errors import assert_error_at


def _sigmoid(z: mpmath.mpf) -> mpmath.mpf:
    return 1 / (1 + mpmath.exp(-z))


#: (the limit as written, the function, points tending to the limit's point: made at the working precision)
LIMITS: list[tuple[str, Callable[[mpmath.mpf], mpmath.mpf], Callable[[], list[mpmath.mpf]]]] = [
    ("limit(x*log(x), x, 0, '+')", lambda x: x * mpmath.log(x), lambda: [mpmath.mpf(10) ** -k for k in (20, 40, 80)]),
    ("limit(sigmoid(z), z, oo)", _sigmoid, lambda: [mpmath.mpf(k) for k in (50, 100, 200)]),
    ("limit(sigmoid(z), z, -oo)", _sigmoid, lambda: [mpmath.mpf(-k) for k in (50, 100, 200)]),
    ("limit((1 + 1/t)**t, t, oo)", lambda t: (1 + 1 / t) ** t, lambda: [mpmath.mpf(10) ** k for k in (20, 30, 40)]),
    ("limit(log(1 + x)/x, x, 0)", lambda x: mpmath.log1p(x) / x, lambda: [mpmath.mpf(10) ** -k for k in (20, 30, 40)]),
    (
        "limit(log(x)/(x - 1), x, 1, '-')",
        lambda x: mpmath.log(x) / (x - 1),
        lambda: [1 - mpmath.mpf(10) ** -k for k in (20, 30)],
    ),
]


@pytest.mark.parametrize(("limit", "function", "points"), LIMITS, ids=[limit for limit, _, _ in LIMITS])
def test_the_limits_value_is_what_mpmath_approaches(
    limit: str, function: Callable[[mpmath.mpf], mpmath.mpf], points: Callable[[], list[mpmath.mpf]]
) -> None:
    (relation,) = translate(parse_claim(f"{limit} = 0")).relations
    value = relation.left
    assert isinstance(value, sp.Expr) and value.is_number and not value.free_symbols  # the variable is bound
    with mpmath.workdps(120):
        approach = [function(point) for point in points()]
        target = mpmath.mpf(sp.N(value, 60))
        assert all(abs(value - target) < mpmath.mpf(10) ** -15 for value in approach[-1:])
        assert abs(approach[-1] - target) <= abs(approach[0] - target)  # closer and closer


@pytest.mark.slow  # checks claims
@pytest.mark.parametrize(
    "claim",
    [
        "limit(x*log(x), x, 0, '+') = 0",
        "limit(sigmoid(z), z, oo) = 1",
        "limit(sigmoid(z), z, -oo) = 0",
        "limit((1 + 1/n)**n, n, oo) = e",
        "limit(log(1 + x*y)/x, x, 0) = y",
        "limit(exp(-t), t, oo) + x = x",
    ],
)
def test_true_limits_are_proved(claim: str) -> None:
    verdict = si.check(claim)
    assert verdict.verdict == "proved", verdict.report()


@pytest.mark.slow  # checks claims
@pytest.mark.parametrize(
    ("claim", "function", "point", "claimed"),
    [
        ("limit(sigmoid(z), z, oo) = 0", _sigmoid, "1e6", 0),
        ("limit(x*log(x), x, 0, '+') = -1", lambda x: x * mpmath.log(x), "1e-60", -1),
        ("limit((1 + 1/n)**n, n, oo) = 3", lambda n: (1 + 1 / n) ** n, "1e40", 3),
    ],
)
def test_a_wrong_limit_is_refuted_and_mpmath_agrees(
    claim: str, function: Callable[[mpmath.mpf], mpmath.mpf], point: str, claimed: int
) -> None:
    verdict = si.check(claim)
    assert verdict.verdict == "refuted", verdict.report()
    assert verdict.counterexample is not None
    with mpmath.workdps(120):
        near = function(
            mpmath.mpf(point)
        )  # the function close to the limit point: the limit's value, not the claimed one
        left = mpmath.mpf(verdict.counterexample["left"])
        assert abs(near - left) < mpmath.mpf(10) ** -5 and abs(near - claimed) > mpmath.mpf(10) ** -2


def test_an_infinite_limit_is_proved_in_the_extended_reals() -> None:
    verdict = si.check("limit(log(x), x, 0, '+') = -oo")
    assert (verdict.verdict, verdict.method) == ("proved", "exact: in the extended reals"), verdict.report()
    assert si.check("limit(1/x, x, 0, '+') = -oo").verdict == "refuted"


@pytest.mark.parametrize(
    ("claim", "column", "fragment"),
    [
        ("limit(1/x, x, 0) = oo", 1, "SymPy finds no limit here"),  # from the left -oo, from the right +oo
        ("limit(x, x, 0) + x = 0", 18, "'x' is the variable of a limit: use it inside limit(...)"),
        ("limit(x, 2, 0) = 0", 10, "the second argument of limit is its variable"),
        ("limit(x, x, 0, 1) = 0", 16, "the fourth argument of limit is the side, '+' or '-' in quotes"),
        ("limit(x, x, 0, '*') = 0", 16, "strings are not part of the claim language (only '+' and '-'"),
        ("'+' = 0", 1, "'+' and '-' in quotes are the side of a limit"),
        ("x + limit(x, x, 0) = 0", 14, "'x' is used as a real variable and as a limit variable"),
        ("limit(x, x, x) = 0", 13, "the point of a limit cannot depend on its variable x"),
        ("limit(1/n, n, n) = 0", 15, "the point of a limit cannot depend on its variable n"),
        ("limit(x, x, 0, '+', 1) = 0", 1, "limit takes 3 or 4 argument(s), got 5"),
    ],
)
def test_misuse_is_an_error_with_a_column(claim: str, column: int, fragment: str) -> None:
    assert_error_at(claim, column, fragment)


@pytest.mark.parametrize(
    ("latex", "plain"),
    [
        (r"\lim_{x \to 0^+} x \log x = 0", "limit(x*log(x), x, 0, '+') = 0"),
        (r"\lim_{z \to \infty} \sigma(z) = 1", "limit(sigmoid(z), z, oo) = 1"),
        (r"\lim_{z \to -\infty} \sigma(z) = 0", "limit(sigmoid(z), z, -oo) = 0"),
        (r"\lim_{x \to 1^{-}} \log x = 0", "limit(log(x), x, 1, '-') = 0"),
        (r"\lim\limits_{n \rightarrow \infty} (1 + 1/n)^n = e", "limit((1 + 1/n)**(n), n, oo) = e"),
    ],
)
def test_latex_limits_read_as_textbooks_write_them(latex: str, plain: str) -> None:
    assert latex_to_claim(latex) == plain


def test_a_limit_is_rendered_as_a_textbook_writes_it() -> None:
    latex = render_claim(parse_claim("limit(x*log(x), x, 0, '+') = limit(sigmoid(z), z, oo) - 1"))
    assert latex == r"\lim_{x \to 0^{+}} x \log x = \lim_{z \to \infty} \sigma\left(z\right) - 1"
