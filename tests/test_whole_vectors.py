"""Sums and expectations over whole vectors, as articles write them.

``sum(p*log(p/q))`` is ``sum(p[i]*log(p[i]/q[i]), i)``, and ``E(p, f)`` is ``sum(p*f)``.

Each construct: its meaning (the same SymPy sum as the indexed spelling), a true claim proved, a false
one refuted with a counterexample re-checked here in mpmath from the textbook formula, and a malformed
one with a helpful error.
"""

from __future__ import annotations

from collections.abc import Callable

import mpmath
import pytest
import sympy as sp

import symbolic_info as si
from symbolic_info.claims import parse_claim, translate
from symbolic_info.claims.render import render_claim


def _left(text: str) -> object:
    (relation,) = translate(parse_claim(text)).relations
    return relation.left


@pytest.mark.parametrize(
    ("whole", "indexed"),
    [
        ("sum(p)", "sum(p[i], i)"),
        ("sum(p*log(p/q))", "sum(p[i]*log(p[i]/q[i]), i)"),
        ("-sum(p*log(q))", "-sum(p[i]*log(q[i]), i)"),
        ("sum(exp(p) - q**2)", "sum(exp(p[i]) - q[i]**2, i)"),
        ("sum(p*(H(p) + log(q)))", "sum(p[i]*(H(p) + log(q[i])), i)"),  # H(p) takes the whole vector
    ],
)
def test_a_sum_over_whole_vectors_is_the_indexed_sum(whole: str, indexed: str) -> None:
    left = _left(f"{whole} = 0")
    assert isinstance(left, sp.Basic) and left.dummy_eq(_left(f"{indexed} = 0"))  # H(p) holds a dummy index


def test_the_index_is_fresh_and_shown() -> None:
    parsed = parse_claim("sum(p[i]*q[i], i) = sum(p*q)")
    assert render_claim(parsed) == r"\sum_{i=1}^{n} p_{i} q_{i} = \sum_{j=1}^{n} p_{j} q_{j}"
    assert render_claim(parse_claim("H(p) = -sum(p*log(p))")) == r"H\left(p\right) = -\sum_{i=1}^{n} p_{i} \log p_{i}"


@pytest.mark.slow  # checks claims
@pytest.mark.parametrize(
    "claim",
    [
        "sum(p) = 1",
        "H(p) = -sum(p*log(p))",
        "KL(p, q) = sum(p*log(p/q))",
        "H(p, q) = -sum(p*log(q))",
        "sum(p*q) <= 1",
        "sum(p**2) >= 1/n",
        "sum(p[i]*q[i], i) = sum(p*q)",
    ],
)
def test_true_claims_over_whole_vectors_are_proved(claim: str) -> None:
    verdict = si.check(claim)
    assert verdict.verdict == "proved", verdict.report()


def _entries(values: list[str]) -> list[mpmath.mpf]:
    return [mpmath.mpf(value) for value in values]


def _entropy(p: list[mpmath.mpf]) -> mpmath.mpf:
    return -mpmath.fsum(x * mpmath.log(x) for x in p)


def _cross_entropy(p: list[mpmath.mpf], q: list[mpmath.mpf]) -> mpmath.mpf:
    return -mpmath.fsum(a * mpmath.log(b) for a, b in zip(p, q, strict=True))


def _kl(p: list[mpmath.mpf], q: list[mpmath.mpf]) -> mpmath.mpf:
    return mpmath.fsum(a * mpmath.log(a / b) for a, b in zip(p, q, strict=True))


_Sides = Callable[[dict[str, list[mpmath.mpf]], int], tuple[mpmath.mpf, mpmath.mpf]]


@pytest.mark.slow  # checks claims
@pytest.mark.parametrize(
    ("claim", "sides", "holds"),
    [
        (
            "H(p) = -sum(p*log(q))",
            lambda v, n: (_entropy(v["p"]), _cross_entropy(v["p"], v["q"])),
            lambda left, right: abs(left - right) < mpmath.mpf(10) ** -40,
        ),
        ("sum(p) = 2", lambda v, n: (mpmath.fsum(v["p"]), mpmath.mpf(2)), lambda left, right: left == right),
        (
            "sum(p**2) <= 1/n",
            lambda v, n: (mpmath.fsum(x**2 for x in v["p"]), mpmath.mpf(1) / n),
            lambda left, right: left <= right,
        ),
        (
            "sum(p*log(p/q)) < 0",
            lambda v, n: (_kl(v["p"], v["q"]), mpmath.mpf(0)),
            lambda left, right: left < right,
        ),
    ],
)
def test_false_claims_over_whole_vectors_are_refuted_at_a_point_mpmath_confirms(
    claim: str, sides: _Sides, holds: Callable[[mpmath.mpf, mpmath.mpf], bool]
) -> None:
    verdict = si.check(claim)
    assert verdict.verdict == "refuted", verdict.report()
    counterexample = verdict.counterexample
    assert counterexample is not None
    with mpmath.workdps(60):
        values = {name: _entries(entries) for name, entries in counterexample["variables"].items()}
        assert all(abs(mpmath.fsum(entries) - 1) < mpmath.mpf(10) ** -50 for entries in values.values())
        left, right = sides(values, counterexample["n"])
        assert not holds(left, right), (left, right)


@pytest.mark.parametrize(
    ("claim", "column", "message"),
    [
        ("sum(x) = 1", 1, "not supported: sum(x): sum the entries of a vector, as in sum(p*log(p))"),
        ("p*log(p) <= 0", 1, "'p' is a probability vector: sum its entries, as in sum(p*log(p))"),
        ("sum(p) = x*p", 12, "'p' is a probability vector"),
    ],
)
def test_a_vector_outside_a_sum_is_an_error_that_says_how_to_write_it(claim: str, column: int, message: str) -> None:
    verdict = si.check(claim)
    assert (verdict.verdict, verdict.column, verdict.internal) == ("error", column, False)
    assert verdict.message.startswith(f"column {column}: {message}")


@pytest.mark.parametrize(
    ("expectation", "indexed"),
    [
        ("E(p, -log(p))", "sum(p[i]*(-log(p[i])), i)"),
        ("E(p, log(p/q))", "sum(p[i]*log(p[i]/q[i]), i)"),
        ("E(q, -log(q[k]), k)", "sum(q[k]*(-log(q[k])), k)"),
        ("E(p, 1)", "sum(p[i], i)"),
    ],
)
def test_an_expectation_is_the_sum_weighted_by_its_vector(expectation: str, indexed: str) -> None:
    left = _left(f"{expectation} = 0")
    assert isinstance(left, sp.Basic) and left.dummy_eq(_left(f"{indexed} = 0"))


def test_an_expectation_translates_the_same_twice() -> None:
    parsed = parse_claim("E(p, log(p/q)) = KL(p, q)")  # each stage of a check translates the same parsed claim
    first, second = translate(parsed).relations[0].left, translate(parsed).relations[0].left
    assert first == second


@pytest.mark.slow  # checks claims
@pytest.mark.parametrize(
    "claim", ["E(p, -log(p)) = H(p)", "E(p, log(p/q)) = KL(p, q)", "E(p, -log(q[j]), j) = H(p, q)"]
)
def test_the_expectation_forms_of_the_definitions_are_proved(claim: str) -> None:
    verdict = si.check(claim)
    assert verdict.verdict == "proved", verdict.report()


@pytest.mark.slow  # checks claims
def test_a_wrong_expectation_is_refuted_at_a_point_mpmath_confirms() -> None:
    verdict = si.check("E(p, log(q)) = -H(p)")  # the entropy would need log(p)
    assert verdict.verdict == "refuted" and verdict.counterexample is not None
    with mpmath.workdps(60):
        values = {name: _entries(entries) for name, entries in verdict.counterexample["variables"].items()}
        p, q = values["p"], values["q"]
        left = mpmath.fsum(a * mpmath.log(b) for a, b in zip(p, q, strict=True))
        assert abs(left - (-_entropy(p))) > mpmath.mpf(10) ** -10


def test_an_expectation_over_anything_but_a_vector_is_an_error() -> None:
    verdict = si.check("E(x, 1) = 1")
    assert (verdict.verdict, verdict.column) == ("error", 3)
    assert "E(p, expr) is an expectation over a probability vector p, q, r or softmax(z)" in verdict.message


@pytest.mark.parametrize(
    ("claim", "sides"),
    [
        ("sum(softmax(z)) = 1", ["sum(softmax(z)[i], i)", "1"]),
        ("sum(exp(z)) = exp(logsumexp(z))", ["sum(exp(z[i]), i)", "exp(logsumexp(z))"]),
        ("sum(w*w) = dot(w, w)", ["sum(w[i] * w[i], i)", "dot(w, w)"]),
        ("sum(x) = 1", ["sum(x)", "1"]),  # x is no vector here: the structure check explains sum(x)
    ],
)
def test_real_vectors_and_softmax_are_whole_vectors_in_a_sum(claim: str, sides: list[str]) -> None:
    import ast

    assert [ast.unparse(side.tree) for side in parse_claim(claim).sides] == sides


@pytest.mark.parametrize(
    "claim",
    ["sum(softmax(z)) = 1", "sum(exp(z)) = exp(logsumexp(z))", "sum(w*w) = dot(w, w)"],
)
def test_sums_of_whole_real_vectors_are_proved(claim: str) -> None:
    assert si.check(claim).verdict == "proved"


def test_an_expectation_under_a_softmax_is_checked() -> None:
    """E over softmax(z) of z is at most log-sum-exp: the gap is the softmax's entropy (>= 0)."""
    assert si.check("E(softmax(z), z) <= logsumexp(z)").verdict in ("proved", "holds")
    verdict = si.check("E(softmax(z), z) >= logsumexp(z)")
    assert verdict.verdict == "refuted" and verdict.counterexample is not None
    z = [mpmath.mpf(value) for value in verdict.counterexample["variables"]["z"]]
    total = mpmath.fsum(mpmath.exp(entry) for entry in z)
    expectation = mpmath.fsum(mpmath.exp(entry) / total * entry for entry in z)
    assert expectation < mpmath.log(total)
