"""Derivatives in vector entries: ``diff(f, z[k])``, ``grad(f, z)[k]``, ``hessian(f, z)[j, k]`` (issue 15).

The gradients are the textbook ones (softmax cross-entropy: ``softmax(z) - p``; log-sum-exp: the softmax;
its Hessian: ``diag(s) - s s^T``); a wrong one is refuted at a point where mpmath's numerical
derivative of the textbook formula (``mpmath.diff``, independent of SymPy) disagrees with it.
"""

from __future__ import annotations

import mpmath
import pytest

import symbolic_info as si
from symbolic_info.claims.from_latex import latex_to_claim

from .claim_errors import assert_error_at

pytestmark = pytest.mark.slow  # these check claims: a second or so each (the quick loop leaves them out)

PROVED = [
    "diff(logsumexp(z), z[k]) = softmax(z)[k]",
    "diff(H(p, softmax(z)), z[k]) = softmax(z)[k] - p[k]",
    "grad(H(p, softmax(z)), z)[k] = softmax(z)[k] - p[k]",
    "grad(logsumexp(z), z)[k] = softmax(z)[k]",
    "diff(softmax(z)[k], z[k]) = softmax(z)[k]*(1 - softmax(z)[k])",
    "hessian(logsumexp(z), z)[k, k] = softmax(z)[k]*(1 - softmax(z)[k])",
    "grad(dot(w, x), w)[k] = x[k]",
]


@pytest.mark.parametrize("claim", PROVED)
def test_textbook_gradients_are_proved(claim: str) -> None:
    verdict = si.check(claim)
    assert verdict.verdict == "proved", verdict.report()


def _numbers(values: list[str]) -> list[mpmath.mpf]:
    return [mpmath.mpf(value) for value in values]


def _cross_entropy(p: list[mpmath.mpf], z: list[mpmath.mpf]) -> mpmath.mpf:
    normaliser = mpmath.log(mpmath.fsum(mpmath.exp(v) for v in z))
    return -mpmath.fsum(pi * (zi - normaliser) for pi, zi in zip(p, z, strict=True))


def test_the_gradient_with_the_wrong_sign_is_refuted_where_the_numerical_derivative_disagrees() -> None:
    verdict = si.check("grad(H(p, softmax(z)), z)[k] = p[k] - softmax(z)[k]")
    assert verdict.verdict == "refuted" and verdict.counterexample is not None
    variables = verdict.counterexample["variables"]
    k = variables["k"]
    with mpmath.workdps(40):
        p, z = _numbers(variables["p"]), _numbers(variables["z"])

        def along_k(t: mpmath.mpf) -> mpmath.mpf:
            return _cross_entropy(p, [v + t if i == k - 1 else v for i, v in enumerate(z)])

        numerical = mpmath.diff(along_k, 0)
        claimed = p[k - 1] - mpmath.exp(z[k - 1]) / mpmath.fsum(mpmath.exp(v) for v in z)
        assert abs(numerical - claimed) > mpmath.mpf(10) ** -6
        assert abs(numerical - mpmath.mpf(verdict.counterexample["left"])) < mpmath.mpf(10) ** -30


def test_the_off_diagonal_hessian_formula_is_refuted_on_the_diagonal() -> None:
    """``-s_j s_k`` is the Hessian of log-sum-exp only for ``j != k``: at ``j = k`` it is ``s_k (1 - s_k)``."""
    verdict = si.check("hessian(logsumexp(z), z)[j, k] = -softmax(z)[j]*softmax(z)[k]")
    assert verdict.verdict == "refuted" and verdict.counterexample is not None
    variables = verdict.counterexample["variables"]
    assert variables["j"] == variables["k"]


@pytest.mark.parametrize(
    ("claim", "column", "message"),
    [
        ("grad(logsumexp(z), z) = 1", 1, "grad(f, z) is not a number: index it, as in grad(f, z)[k]"),
        ("hessian(logsumexp(z), z)[k] = 1", 1, "hessian(f, z) takes 2 index(es): [j, k]"),
        ("grad(logsumexp(z), z)[j, k] = 1", 1, "grad(f, z) takes 1 index(es): [k]"),
        ("grad(logsumexp(z), z[1])[k] = 1", 20, "the second argument of grad is a vector"),
        ("diff(softmax(z)[k], softmax(z)[j]) = 0", 21, "diff differentiates in a variable or a vector's entry"),
        ("p[1, 2] = 0", 1, "an index is one name or one positive integer, as in p[i]"),
    ],
)
def test_misused_derivatives_are_errors_with_a_column(claim: str, column: int, message: str) -> None:
    assert_error_at(claim, column, message)


@pytest.mark.parametrize(
    ("latex", "plain"),
    [
        (r"\frac{\partial}{\partial z_k} \operatorname{LSE}(z) = 1", "diff(logsumexp(z), z[k]) = 1"),
        (r"\left(\nabla_{z} \operatorname{LSE}(z)\right)_{k} = 1", "(grad(logsumexp(z), z))[k] = 1"),
        (r"(\nabla^2_z \operatorname{LSE}(z))_{jk} = 0", "(hessian(logsumexp(z), z))[j, k] = 0"),
        (r"(\nabla^{2}_{z} \operatorname{LSE}(z))_{j, k} = 0", "(hessian(logsumexp(z), z))[j, k] = 0"),
    ],
)
def test_latex_spellings_of_gradients(latex: str, plain: str) -> None:
    assert latex_to_claim(latex) == plain
