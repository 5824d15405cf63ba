"""The handout printer reorders terms and pulls signs out of products: the printed formula must keep its value.

Oracle: the printed LaTeX is read back by the claim checker's LaTeX reader (an independent path from LaTeX
to the plain claim language), evaluated with mpmath by a small evaluator over its syntax tree, and compared
with the original SymPy expression evaluated by mpmath at the same point.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable

import mpmath
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from symbolic_info.claims.from_latex import latex_to_claim
from symbolic_info.formulas.printer import to_latex

x, y = sp.symbols("x y", positive=True)
POINT = {"x": "0.37", "y": "1.9"}  # made mpf inside the working precision
_FUNCTIONS: dict[str, Callable[[mpmath.mpf], mpmath.mpf]] = {"log": mpmath.log, "exp": mpmath.exp}
_OPERATORS: dict[type, Callable[[mpmath.mpf, mpmath.mpf], mpmath.mpf]] = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
    ast.Pow: lambda a, b: a**b,
}


def _value(node: ast.AST) -> mpmath.mpf:
    """The value of a claim-language expression tree at :data:`POINT` (numbers, x, y, e, pi, + - * / **, log, exp)."""
    if isinstance(node, ast.Expression):
        return _value(node.body)
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return mpmath.mpf(node.value)
    if isinstance(node, ast.Name):
        return {"e": +mpmath.e, "pi": +mpmath.pi, **{name: mpmath.mpf(value) for name, value in POINT.items()}}[node.id]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_value(node.operand)
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
        return _OPERATORS[type(node.op)](_value(node.left), _value(node.right))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and len(node.args) == 1:
        return _FUNCTIONS[node.func.id](_value(node.args[0]))
    raise AssertionError(f"unexpected node {ast.dump(node)}")


def _printed_value(expr: sp.Expr) -> mpmath.mpf:
    return _value(ast.parse(latex_to_claim(to_latex(expr)), mode="eval"))


def _true_value(expr: sp.Expr) -> mpmath.mpf:
    return mpmath.mpf(str(sp.N(expr.subs({x: sp.Rational(37, 100), y: sp.Rational(19, 10)}), 30)))


EXAMPLES = [
    1 / (sp.exp(x) + 2 + sp.exp(-x)),
    -3 / (x + 1) ** 2,
    sp.Mul(-1, 5, sp.Mul(-1, sp.log(5), evaluate=False), sp.Rational(1, 5), evaluate=False),
    sp.Mul(5, sp.Rational(-1, 5), sp.log(5), evaluate=False),
    sp.Mul(x, -1, evaluate=False),
    sp.Mul(-1, -1, x, evaluate=False),
    sp.Mul(2, sp.Mul(-3, y, evaluate=False), evaluate=False),
    -y + x,
    -x - y + 1,
    sp.Add(-x, -2 * y, sp.log(x), evaluate=False),
    sp.log(2 * sp.pi * x**2) / 2,
    sp.log(2 * sp.pi * sp.E * x**2) / 2,
    x / (sp.Mul(-1, y, evaluate=False)),
]


@pytest.mark.parametrize("expr", EXAMPLES, ids=[str(index) for index in range(len(EXAMPLES))])
def test_the_printed_formula_has_the_value_of_the_expression(expr: sp.Expr) -> None:
    with mpmath.workdps(30):
        assert mpmath.almosteq(_printed_value(expr), _true_value(expr), rel_eps=mpmath.mpf(10) ** -25)


def test_sums_start_with_a_positive_term_and_products_have_no_minus_one_factor() -> None:
    assert to_latex(-y + x) == "x - y"
    assert to_latex(sp.Mul(-1, 5, sp.Mul(-1, sp.log(5), evaluate=False), sp.Rational(1, 5), evaluate=False)) == (
        r"5 \cdot \frac{1}{5} \log 5"
    )
    assert "(-1)" not in to_latex(sp.Mul(x, -1, evaluate=False)).replace(r"\left", "").replace(r"\right", "")
    assert to_latex(sp.log(2 * sp.pi * x**2) / 2) == r"\frac{\log\left(2 \pi x^{2}\right)}{2}"


_LEAVES = st.sampled_from([x, y, sp.Integer(2), sp.Integer(-1), sp.Rational(1, 5), sp.Rational(-3, 2)])


def _combine(children: st.SearchStrategy[sp.Expr]) -> st.SearchStrategy[sp.Expr]:
    pair = st.tuples(children, children)
    return st.one_of(
        pair.map(lambda ab: sp.Mul(*ab, evaluate=False)),
        pair.map(lambda ab: sp.Add(*ab, evaluate=False)),
        pair.map(lambda ab: ab[0] - ab[1]),
        children.map(lambda a: sp.exp(a)),
        children.map(lambda a: 1 / (a**2 + 1)),
    )


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(st.recursive(_LEAVES, _combine, max_leaves=6))
def test_hand_written_sums_and_products_print_to_their_value(expr: sp.Expr) -> None:
    with mpmath.workdps(30):
        expected = _true_value(expr)
        if not math.isfinite(float(expected)):
            return
        assert mpmath.almosteq(_printed_value(expr), expected, rel_eps=mpmath.mpf(10) ** -20, abs_eps=1e-20)
