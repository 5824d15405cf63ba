"""The search never says *holds* to a false claim whose counterexamples lie at large sizes, magnitudes or tiny entries.

Each false claim is refuted, and the test re-checks the reported counterexample on its own: the
textbook formula written out here in mpmath at 60 digits, at the values the checker printed (a
vector entry ``v (xk)`` stands for ``k`` entries equal to ``v``), never the checker's evaluator.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

import mpmath
import pytest

from symbolic_info import check
from symbolic_info.claims.search import search
from symbolic_info.claims.syntax import parse_claim
from symbolic_info.claims.translate import translate

Oracle = Callable[[dict[str, Any]], bool]  # the counterexample's variables -> whether the claim fails there


def _number(text: str) -> Any:
    return mpmath.mpf(Fraction(text).numerator) / Fraction(text).denominator


def _entries(values: list[str]) -> list[tuple[Any, int]]:
    """``[(value, multiplicity), ...]`` from the shown entries of a vector."""
    pairs = []
    for shown in values:
        value, _, count = shown.partition(" (x")
        pairs.append((_number(value), int(count.rstrip(")")) if count else 1))
    return pairs


def _entropy(p: list[tuple[Any, int]]) -> Any:
    return -mpmath.fsum(count * value * mpmath.log(value) for value, count in p)


def _kl(p: list[tuple[Any, int]], q: list[tuple[Any, int]]) -> Any:
    assert [count for _, count in p] == [count for _, count in q]
    return mpmath.fsum(count * a * mpmath.log(a / b) for (a, count), (b, _) in zip(p, q, strict=True))


def _cross_entropy(p: list[tuple[Any, int]], q: list[tuple[Any, int]]) -> Any:
    return -mpmath.fsum(count * a * mpmath.log(b) for (a, count), (b, _) in zip(p, q, strict=True))


def _xlog2(decimal: str) -> Any:
    return mpmath.mpf(decimal) * mpmath.log(mpmath.mpf(decimal), 2)


def _total(p: list[tuple[Any, int]]) -> Any:
    return mpmath.fsum(count * value for value, count in p)


FALSE_CLAIMS: list[tuple[str, str, Oracle]] = [
    # sizes: counterexamples need many categories
    ("size", "H(p) <= 3", lambda v: _entropy(_entries(v["p"])) > 3),
    ("size", "log2(n) <= 8", lambda v: mpmath.log(v["n"], 2) > 8),
    ("size", "H(p) <= log(500) where n > 500", lambda v: v["n"] > 500 and _entropy(_entries(v["p"])) > mpmath.log(500)),
    (
        "size",
        "sum(p[i]**2, i) >= 0.001",
        lambda v: mpmath.fsum(c * x**2 for x, c in _entries(v["p"])) < mpmath.mpf("0.001"),
    ),
    ("size", "H(p) <= 40", lambda v: _entropy(_entries(v["p"])) > 40),
    # magnitudes: counterexamples far from 1
    ("magnitude", "log(x) <= 8 where x > 0", lambda v: mpmath.log(_number(v["x"])) > 8),
    ("magnitude", "x**2 <= 10**200", lambda v: _number(v["x"]) ** 2 > mpmath.mpf(10) ** 200),
    ("magnitude", "1/x <= 10**250 where x > 0", lambda v: 1 / _number(v["x"]) > mpmath.mpf(10) ** 250),
    ("magnitude", "log(1 + x) >= x/2 where x > 0", lambda v: mpmath.log(1 + _number(v["x"])) < _number(v["x"]) / 2),
    # tiny probability entries
    ("tiny entries", "KL(p, q) <= 100", lambda v: _kl(_entries(v["p"]), _entries(v["q"])) > 100),
    ("tiny entries", "H(p, q) <= 200", lambda v: _cross_entropy(_entries(v["p"]), _entries(v["q"])) > 200),
    ("tiny entries", "p[1] >= 10**(-200)", lambda v: _entries(v["p"])[0][0] < mpmath.mpf(10) ** -200),
    # narrow conditions: the whole domain is tiny
    (
        "narrow condition",
        "-log(t) < 101.3 where 0 < t < 10**(-44)",
        lambda v: 0 < _number(v["t"]) < mpmath.mpf(10) ** -44 and -mpmath.log(_number(v["t"])) >= mpmath.mpf("101.3"),
    ),
    (
        "narrow condition",
        "x < 1 + 10**(-50) where 1 < x < 1 + 2*10**(-50)",
        lambda v: _number(v["x"]) >= 1 + mpmath.mpf(10) ** -50,
    ),
    # ~= with the precision written on the number
    (
        "approximately",
        "0.44 ~= -0.9*log2(0.9) - 0.1*log2(0.1)",
        lambda v: (
            abs(mpmath.mpf("0.44") + mpmath.mpf("0.9") * mpmath.log(0.9, 2) + mpmath.mpf("0.1") * mpmath.log(0.1, 2))
            > mpmath.mpf("0.005")
        ),
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(("dimension", "claim", "oracle"), FALSE_CLAIMS, ids=[c for _, c, _ in FALSE_CLAIMS])
def test_false_claims_are_refuted_with_a_counterexample_that_mpmath_confirms(
    dimension: str, claim: str, oracle: Oracle
) -> None:
    verdict = check(claim)
    assert verdict.verdict == "refuted", f"{dimension}: {verdict.report()}"
    assert verdict.counterexample is not None
    variables = dict(verdict.counterexample["variables"])
    if "n" in verdict.counterexample:
        variables["n"] = verdict.counterexample["n"]
    with mpmath.workdps(60):
        if "p" in variables:
            assert abs(_total(_entries(variables["p"])) - 1) < mpmath.mpf(10) ** -40  # a probability vector
        assert oracle(variables), f"the reported counterexample does not violate {claim!r}: {variables}"


@pytest.mark.slow
def test_approximately_takes_its_precision_from_the_number_alone() -> None:
    assert check("log2(3) ~= 1.585").ok
    assert check("-0.469 ~= 0.9*log2(0.9) + 0.1*log2(0.1)").ok
    assert not check("0.44 ~= -0.9*log2(0.9) - 0.1*log2(0.1)").ok  # 0.9 and 0.1 are coefficients, not a precision
    unclear = check("x ~= 0.5*log(3)")
    assert unclear.verdict == "error" and "plain decimal" in unclear.message


@pytest.mark.slow
def test_a_holds_verdict_records_what_was_searched() -> None:
    result = search(translate(parse_claim("KL(p, q) >= 0")), seed=1)
    record = result.searched
    assert not result.found
    assert max(record.large_sizes) >= 10**6 and record.structured_points > 100
    assert record.smallest_entry is not None and record.smallest_entry <= Fraction(1, 10**300)
    assert "n -> oo" in record.ends
    scalar = search(translate(parse_claim("x**2 + 1 > 0")), seed=1).searched
    assert scalar.magnitudes is not None
    low, high = scalar.magnitudes
    assert low <= Fraction(1, 10**250) and high >= 10**250
    assert {"x -> -oo", "x -> oo"} <= set(scalar.ends)


@pytest.mark.slow
def test_a_claim_in_n_alone_is_checked_at_every_n_up_to_1000() -> None:
    result = search(translate(parse_claim("(n - 997)**2 > 0")), seed=1)
    assert result.found and result.counterexample is not None and result.counterexample["n"] == 997


@pytest.mark.slow
def test_a_limit_that_violates_the_claim_beyond_every_evaluated_point_is_not_called_holds() -> None:
    result = search(translate(parse_claim("log(log(log(x))) <= 10 where x > 10")), seed=1)
    assert not result.found and "x -> oo" in result.beyond


@pytest.mark.slow
@pytest.mark.parametrize(
    "claim", ["H(p) <= log(2) where n = 2", "H(p) <= log(3) where n <= 3", "log(x) <= 8 where 0 < x < 2"]
)
def test_a_limit_outside_the_conditions_never_refutes(claim: str) -> None:
    assert check(claim).verdict in ("proved", "holds")  # true claims: the limit at the end is not theirs


@pytest.mark.slow
def test_a_counterexample_beyond_1e300_is_reached_through_the_limit() -> None:
    verdict = check("H(p) <= 700")  # uniform over n > e**700 (about 1e304) categories
    assert verdict.verdict == "refuted" and verdict.counterexample is not None
    assert mpmath.log(verdict.counterexample["n"]) > 700


@pytest.mark.slow
@pytest.mark.parametrize("claim", ["sqrt(x) = 0 where x < 0", "sqrt(x) = -1 where x < -10**(-250)"])
def test_a_purely_imaginary_side_is_never_taken_for_a_real_one(claim: str) -> None:
    assert check(claim).verdict == "error"  # no real value anywhere: never holds, never proved


def test_a_fixed_value_that_is_not_real_is_an_empty_domain() -> None:
    assert "is not a real number" in check("x = x where x = log(-1)").message
