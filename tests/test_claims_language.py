"""The claim language: what each construct means, as SymPy objects, and the errors that point at a column."""

from __future__ import annotations

import pytest
import sympy as sp

from symbolic_info.claims import parse_claim, translate
from symbolic_info.claims.render import render_claim
from symbolic_info.claims.translate import Claim
from symbolic_info.engine import Relation
from symbolic_info.errors import ClaimError, ClaimSyntaxError

n = sp.Symbol("n", integer=True, positive=True)
i = sp.Symbol("i", integer=True, positive=True)
p = sp.IndexedBase("p", positive=True)
q = sp.IndexedBase("q", positive=True)


def _claim(text: str) -> Claim:
    return translate(parse_claim(text))


def _sides(text: str) -> tuple[sp.Expr, sp.Expr]:
    (relation,) = _claim(text).relations
    return relation.left, relation.right


def _same(a: sp.Expr, b: sp.Expr) -> bool:
    return bool(sp.simplify(sp.sympify(a - b).doit()) == 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("log(x) = 0", lambda x: sp.log(x)),
        ("log(x, 3) = 0", lambda x: sp.log(x) / sp.log(3)),
        ("log2(x) = 0", lambda x: sp.log(x) / sp.log(2)),
        ("log10(x) = 0", lambda x: sp.log(x) / sp.log(10)),
        ("exp(x) = 0", lambda x: sp.exp(x)),
        ("sqrt(x) = 0", lambda x: sp.sqrt(x)),
        ("abs(x) = 0", lambda x: sp.Abs(x)),
        ("sigmoid(x) = 0", lambda x: 1 / (1 + sp.exp(-x))),
        ("diff(x**3, x) = 0", lambda x: 3 * x**2),
        ("diff(x**3, x, 2) = 0", lambda x: 6 * x),
        ("x^2 = 0", lambda x: x**2),
        ("e**x * pi = 0", lambda x: sp.exp(x) * sp.pi),
        ("x \u2212 1 = 0", lambda x: x - 1),
    ],
)
def test_scalar_functions_mean_what_they_say(text: str, expected: object) -> None:
    x = sp.Symbol("x", real=True)
    left, _ = _sides(text)
    assert _same(left, expected(x))  # type: ignore[operator]


def test_numbers_are_exact_as_written() -> None:
    left, right = _sides("0.1 + 1/3 = 1.50e-3")
    assert left == sp.Rational(1, 10) + sp.Rational(1, 3)
    assert right == sp.Rational(3, 2000)


def _at_three(expr: sp.Expr) -> sp.Expr:
    """``expr`` for n = 3, p = (1/2, 1/3, 1/6), q = (1/4, 1/4, 1/2)."""
    values = {p[1]: sp.Rational(1, 2), p[2]: sp.Rational(1, 3), p[3]: sp.Rational(1, 6)}
    values |= {q[1]: sp.Rational(1, 4), q[2]: sp.Rational(1, 4), q[3]: sp.Rational(1, 2)}
    return sp.nsimplify(sp.sympify(expr).xreplace({n: 3}).doit().xreplace(values))


P = (sp.Rational(1, 2), sp.Rational(1, 3), sp.Rational(1, 6))
Q = (sp.Rational(1, 4), sp.Rational(1, 4), sp.Rational(1, 2))


@pytest.mark.slow
def test_information_quantities_come_from_the_definitions() -> None:
    entropy, cross = _sides("H(p) = H(p, q)")
    assert _same(_at_three(entropy), -sum(a * sp.log(a) for a in P))
    assert _same(_at_three(cross), -sum(a * sp.log(b) for a, b in zip(P, Q, strict=True)))
    kl, total = _sides("KL(p, q) = sum(p[i]*q[i], i)")
    assert _same(_at_three(kl), sum(a * sp.log(a / b) for a, b in zip(P, Q, strict=True)))
    assert total == sp.Sum(p[i] * q[i], (i, 1, n))


def test_explicit_vectors_are_exact_with_zero_log_zero() -> None:
    assert _sides("H([0.25, 0.25, 0.25, 0.25]) = 0")[0] == sp.log(4)
    assert _sides("H([1, 0, 0]) = 0")[0] == 0
    kl, _ = _sides("KL([1/2, 1/2], [1/4, 3/4]) = 0")
    assert _same(kl, sp.Rational(1, 2) * sp.log(2) + sp.Rational(1, 2) * sp.log(sp.Rational(2, 3)))


def test_roles_of_names() -> None:
    claim = _claim("p[k] + x <= sum(q[j], j) + n")
    variables = claim.variables
    assert variables.n == n and [str(b) for b in variables.vectors] == ["p", "q"]
    assert [str(k) for k in variables.indices] == ["k"] and variables.indices[0].is_integer
    assert [s.symbol.name for s in variables.scalars] == ["x"] and variables.scalars[0].symbol.is_real
    assert variables.n_values[:2] == (2, 3) and len(variables.n_values) >= 3


def test_conditions_become_intervals_and_assumptions() -> None:
    claim = _claim("log(x) <= x - 1 where x > 0, 0 < y < 1, z >= 0, w = 2")
    scalars = {s.symbol.name: s for s in claim.variables.scalars}
    assert scalars["x"].symbol.is_positive and scalars["x"].low == 0 and scalars["x"].high is None
    assert scalars["y"].low == 0 and scalars["y"].high == 1 and not scalars["y"].low_closed
    assert scalars["z"].symbol.is_nonnegative and scalars["z"].low_closed
    assert "w" not in scalars  # a fixed value is substituted


def test_conditions_on_n_choose_the_numbers_of_categories() -> None:
    assert _claim("H(p) <= log(n) where n >= 30").variables.n_values[0] == 30
    assert _claim("H(p) <= log(2) where n = 2").variables.n_values == (2,)
    assert _claim("p[5] > 0").variables.n_values[0] == 5


def test_a_vector_condition_names_the_same_vector() -> None:
    left, _ = _sides("KL(p, q) = 0 where q = p")
    assert sp.sympify(left).doit() == 0


def test_approximate_relation_takes_the_precision_of_the_decimals() -> None:
    assert _claim("log2(3) ~= 1.585").tolerance == sp.Rational(5, 10000)
    assert _claim("H([0.9, 0.1]) ~= 0.33").tolerance == sp.Rational(5, 1000)  # vector entries do not count
    assert _claim("1.5 ~= x").tolerance == sp.Rational(5, 100)  # the left side when the right has none


def test_chains_are_several_relations() -> None:
    claim = _claim("0 <= H(p) <= log(n)")
    assert [r.relation for r in claim.relations] == [Relation.LE, Relation.LE]
    assert claim.relations[0].right == claim.relations[1].left


@pytest.mark.parametrize(
    ("text", "column", "fragment"),
    [
        ("p + 1 = 2", 1, "'p' is a probability vector"),
        ("x = i", 5, "'i' is a summation index"),
        ("p[i] = 1", 3, "use p[i] inside sum"),
        ("H(p, [0.5, 0.5]) = 1", 1, "not a mix"),
        ("H([0.5, 0.6]) = 1", 3, "must sum to 1"),
        ("H([-0.5, 1.5]) = 1", 4, "not a number >= 0"),
        ("log(x, 1) = 0", 1, "base must be positive and not 1"),
        ("x = 1/0", 7, "division by zero"),
        ("x = log(0)", 5, "log(0) is undefined"),
        ("sum(x, p) = 1", 8, "cannot be a summation index"),
        ("diff(x, p) = 1", 9, "differentiates with respect to a real variable"),
        ("diff(x, x, 11) = 1", 12, "between 1 and 10"),
        ("log(x, 2, 3) = 1", 1, "takes 1 or 2 argument(s)"),
        ("x + sum(x, x) = 1", 12, "'x' is used as a real variable and as a summation index"),
        ("x ~= y", 6, "'~=' compares an expression with a number"),
        ("x > 0 where x > 1, x < 0", None, "no value of x"),
        ("x = 2**2000", 8, "exponents are limited"),
        ("x = 1e400", 5, "numbers are limited"),
        ("x = [1, 2]", 5, "only be an argument of H or KL"),
        ("x = log", 5, "'log' is a function"),
        ("n[1] = 1", 1, "'n' is not a vector"),
        ("p[x + 1] = 1", 3, "an index is a name or a positive integer"),
    ],
)
def test_misuse_is_an_error_at_its_column(text: str, column: int | None, fragment: str) -> None:
    with pytest.raises(ClaimSyntaxError) as raised:
        _claim(text)
    assert fragment in str(raised.value)
    assert raised.value.column == column
    assert isinstance(raised.value, ClaimError)


def test_rendered_latex_reads_as_written() -> None:
    shown = render_claim(parse_claim("KL(p, q) = -sum(p[i]*log(q[i]/p[i]), i) where n >= 2"))
    assert shown == (
        r"D\left(p \,\middle\|\, q\right) = -\sum_{i=1}^{n} p_{i} \log\left(\frac{q_{i}}{p_{i}}\right)"
        r" \quad \text{where } n \geq 2"
    )
    derivative = render_claim(parse_claim("diff(sigmoid(z), z, 2) ~= 0.1"))
    assert derivative == r"\frac{d^{2}}{d z^{2}} \sigma\left(z\right) \approx 0.1"
    assert render_claim(parse_claim("log2(x**2) >= sqrt(abs(x))")) == (
        r"\log_{2}\left(x^{2}\right) \geq \sqrt{\left|x\right|}"
    )
