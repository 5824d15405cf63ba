"""Interval certificates where they are used: true inequalities certified, false ones never, steps and claims.

Every false inequality here comes with a counterexample that the test evaluates itself with mpmath at
50 digits from the textbook formula, independently of the code under test; many are false only far
out (x = 1e6 and beyond) or only on a tiny interval, where sampling misses them. The wall-clock guard
and the box budget are tested too.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import mpmath
import pytest
import sympy as sp

from symbolic_info import catalogue
from symbolic_info.claims import check
from symbolic_info.claims.syntax import parse_claim
from symbolic_info.claims.translate import translate
from symbolic_info.engine import StepVerdict
from symbolic_info.engine.certify import Variable, certify
from symbolic_info.engine.certify.obligation import certify_inequality, variables_of
from symbolic_info.engine.domain import Domain, Real
from symbolic_info.errors import InvalidArgumentError
from symbolic_info.formulas import stable

x, y, z = sp.symbols("x y z", real=True)
POSITIVE = Variable.open(x, 0, sp.oo)
LINE = Variable.real(x)
Oracle = Callable[..., mpmath.mpf]


def _mp(value: str) -> mpmath.mpf:
    return mpmath.mpf(value)


def _softplus(t: mpmath.mpf) -> mpmath.mpf:
    return mpmath.log(1 + mpmath.exp(t))


# --- true inequalities: small <= large (< if strict) on the variables' domain ---------------------------------

TRUE = [
    ("x - 1 - log x >= 0 on (0, oo)", sp.log(x), x - 1, [POSITIVE], False),
    ("log(1 + x) <= x on (-1, oo)", sp.log(1 + x), x, [Variable.open(x, -1, sp.oo)], False),
    ("softplus > 0", 0, sp.log(1 + sp.exp(x)), [LINE], True),
    ("softplus(x) > x", x, sp.log(1 + sp.exp(x)), [LINE], True),
    ("softplus(x) > max(x, 0)", sp.Max(x, 0), sp.log(1 + sp.exp(x)), [LINE], True),
    ("softplus(x) <= max(x, 0) + log 2", sp.log(1 + sp.exp(x)), sp.Max(x, 0) + sp.log(2), [LINE], False),
    ("softplus(x) >= log 2 + x/2 (tangent at 0)", sp.log(2) + x / 2, sp.log(1 + sp.exp(x)), [LINE], False),
    (
        "Gibbs, two variables: x log(x/y) >= x - y",
        x - y,
        x * sp.log(x / y),
        [Variable.open(x, 0, sp.oo), Variable.open(y, 0, sp.oo)],
        False,
    ),
    (
        "log(1 + x) + log(1 + y) + log(1 + z) <= x + y + z, three variables",
        sp.log(1 + x) + sp.log(1 + y) + sp.log(1 + z),
        x + y + z,
        [Variable.open(s, -1, sp.oo) for s in (x, y, z)],
        False,
    ),
    (
        "exp x + exp y + exp z >= 3 + x + y + z",
        3 + x + y + z,
        sp.exp(x) + sp.exp(y) + sp.exp(z),
        [Variable.real(s) for s in (x, y, z)],
        False,
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("small", "large", "variables", "strict"), [pytest.param(*case[1:], id=case[0]) for case in TRUE]
)
def test_true_inequalities_are_certified(
    small: sp.Expr, large: sp.Expr, variables: list[Variable], strict: bool
) -> None:
    certificate = certify_inequality(small, large, variables, strict=strict, seconds=20)
    assert certificate is not None
    assert certificate.description.startswith(f"interval arithmetic on {certificate.boxes} box")


# --- false inequalities: never certified; each counterexample checked here with mpmath -------------------------

FALSE: list[tuple[str, sp.Expr, sp.Expr, list[Variable], bool, tuple[str, ...], Oracle]] = [
    # (id, small, large, variables, strict, a counterexample, small - large there by mpmath: > 0, or >= 0 if strict)
    ("log x <= 13 (false beyond e^13)", sp.log(x), 13, [POSITIVE], False, ("1e6",), lambda t: mpmath.log(t) - 13),
    (
        "sqrt x <= 999 (false beyond 998001)",
        sp.sqrt(x),
        999,
        [POSITIVE],
        False,
        ("1e6",),
        lambda t: mpmath.sqrt(t) - 999,
    ),
    (
        "x/(1 + x) <= 1 - 1e-7 (false beyond 1e7)",
        x / (1 + x),
        1 - sp.Rational(1, 10**7),
        [POSITIVE],
        False,
        ("1e8",),
        lambda t: t / (1 + t) - 1 + _mp("1e-7"),
    ),
    (
        "atan x < 1.5707963 (false beyond 3.7e7)",
        sp.atan(x),
        sp.Rational(15707963, 10**7),
        [LINE],
        True,
        ("1e9",),
        lambda t: mpmath.atan(t) - _mp("1.5707963"),
    ),
    (
        "1/(1 + x^2) >= 1e-12 (false beyond 1e6)",
        sp.Rational(1, 10**12),
        1 / (1 + x**2),
        [LINE],
        False,
        ("-2e6",),
        lambda t: _mp("1e-12") - 1 / (1 + t**2),
    ),
    (
        "softplus(x) <= x + 1e-30 (false for x < 69)",
        sp.log(1 + sp.exp(x)),
        x + sp.Rational(1, 10**30),
        [POSITIVE],
        False,
        ("68",),
        lambda t: _softplus(t) - t - _mp("1e-30"),
    ),
    (
        "exp(-1e12 (x - 3/10)^2) <= 1/2 (false within 8e-7 of 0.3)",
        sp.exp(-(10**12) * (x - sp.Rational(3, 10)) ** 2),
        sp.Rational(1, 2),
        [Variable.closed(x, 0, 1)],
        False,
        ("0.3",),
        lambda t: mpmath.exp(-(10**12) * (t - _mp("0.3")) ** 2) - _mp("0.5"),
    ),
    (
        "log x <= x - 1 - 1e-12 (false near x = 1 only)",
        sp.log(x),
        x - 1 - sp.Rational(1, 10**12),
        [POSITIVE],
        False,
        ("1",),
        lambda t: mpmath.log(t) - t + 1 + _mp("1e-12"),
    ),
    ("log(1 + x) < x (equal at 0)", sp.log(1 + x), x, [Variable.open(x, -1, sp.oo)], True, ("0",), lambda t: 0 * t),
    (
        "(x - y)^2 + (x + y - 1)^2 >= 1e-15 (false at (1/2, 1/2) only)",
        sp.Rational(1, 10**15),
        (x - y) ** 2 + (x + y - 1) ** 2,
        [Variable.real(x), Variable.real(y)],
        False,
        ("0.5", "0.5"),
        lambda a, b: _mp("1e-15") - (a - b) ** 2 - (a + b - 1) ** 2,
    ),
    (
        "softplus(x) >= log 2 + x/2 + 1e-9 (false at 0)",
        sp.log(2) + x / 2 + sp.Rational(1, 10**9),
        sp.log(1 + sp.exp(x)),
        [LINE],
        False,
        ("0",),
        lambda t: mpmath.log(2) + t / 2 + _mp("1e-9") - _softplus(t),
    ),
    (
        "softplus(x) < max(x, 0) + log 2 (equal at 0)",
        sp.log(1 + sp.exp(x)),
        sp.Max(x, 0) + sp.log(2),
        [LINE],
        True,
        ("0",),
        lambda t: _softplus(t) - max(t, 0) - mpmath.log(2),
    ),
    (
        "x y z <= 1e17 on [0, 1e6]^3 (false near the far corner)",
        x * y * z,
        10**17,
        [Variable.closed(s, 0, 10**6) for s in (x, y, z)],
        False,
        ("1e6", "1e6", "1e6"),
        lambda a, b, c: a * b * c - _mp("1e17"),
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("small", "large", "variables", "strict", "point", "excess"),
    [pytest.param(*case[1:], id=case[0]) for case in FALSE],
)
def test_false_inequalities_are_never_certified(
    small: sp.Expr,
    large: sp.Expr,
    variables: list[Variable],
    strict: bool,
    point: tuple[str, ...],
    excess: Oracle,
) -> None:
    with mpmath.workdps(50):
        value = excess(*(mpmath.mpf(coordinate) for coordinate in point))
    assert value >= 0 if strict else value > 0  # the oracle: the counterexample is one
    assert certify_inequality(small, large, variables, strict=strict, seconds=3) is None


# --- bounded work --------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_wall_clock_guard_stops_a_long_search() -> None:
    hard = sp.log(1 + sp.exp(x)) - x  # > 0, but no enclosure settles the box that reaches +oo
    started = time.monotonic()
    assert certify(hard, [LINE], strict=True, budget_boxes=10**6, seconds=0.5) is None
    assert time.monotonic() - started < 5


def test_budgets_are_validated() -> None:
    for seconds in (0, -1, float("inf"), float("nan")):
        with pytest.raises(InvalidArgumentError):
            certify(x, [LINE], strict=False, seconds=seconds)
    with pytest.raises(InvalidArgumentError):
        certify(x, [LINE], strict=False, budget_boxes=True)


def test_variables_come_from_the_real_declarations_of_a_domain() -> None:
    p, s = sp.Symbol("p", positive=True), sp.Symbol("s", positive=True)
    variables = variables_of(Domain.of(Real(p, 0, 1), Real(s, low=0)), {p, s})
    assert variables is not None and [str(v) for v in variables] == ["p in (0, 1)", "s in (0, oo)"]
    assert variables_of(Domain.of(Real(p, 0, 1)), {p, s}) is None


# --- the catalogue step and the claims ----------------------------------------------------------------------


@pytest.mark.slow  # verifies stable-kl-divergence (about 20 s)
def test_the_kl_series_size_step_is_certified() -> None:
    verified = catalogue.build("stable-kl-divergence").verify()
    results = {
        step.because: result
        for chain, chain_results in zip(verified.derivation.chains, verified.results, strict=True)
        for step, result in zip(chain.steps, chain_results, strict=True)
    }
    [size] = [result for because, result in results.items() if "dropped tail" in because]
    assert size.verdict is StepVerdict.CERTIFIED
    assert "interval arithmetic on" in size.method and "cut at u = 0" in size.method
    assert verified.counts()["numeric"] == verified.counts()["failed"] == 0


@pytest.mark.slow
def test_the_kl_series_size_bound_itself() -> None:
    """The step's inequality, ratio > 9/10 for |u| < 1/8, certified; 0.97 (false at u = 1/8) is not."""
    s, u = sp.Symbol("s", positive=True), sp.Symbol("u", real=True)
    radius = stable.KL_SERIES_RADIUS
    ratio = stable.kl_term_series(s, u) / (s * u**2)
    variables = [Variable.open(s, 0, sp.oo), Variable.open(u, -radius, radius)]
    assert certify_inequality(sp.Rational(9, 10), ratio, variables, strict=True) is not None
    with mpmath.workdps(50):
        v = mpmath.mpf(1) / 8 - mpmath.mpf(10) ** -30  # inside the domain, next to its end
        at_end = 1 - (1 - v) * (mpmath.atanh(v) - v) / v**2
    assert at_end < mpmath.mpf("0.97")
    assert certify_inequality(sp.Rational(97, 100), ratio, variables, strict=True, seconds=3) is None


@pytest.mark.slow  # several claims, each with a symbolic attempt before the certificate
def test_claims_are_proved_by_interval_arithmetic() -> None:
    verdict = check("x*log(x/y) >= x - y where x > 0, y > 0")
    assert verdict.verdict == "proved" and verdict.method.startswith("interval arithmetic: interval arithmetic on")
    assert verdict.message.startswith("proved by interval arithmetic on ")
    wrong = check("log(x) <= 13 where x > 0")
    assert wrong.verdict == "refuted"


@pytest.mark.slow
def test_a_claim_is_certified_from_its_where_conditions() -> None:
    from symbolic_info.claims.certified import certify_claim

    claim = translate(parse_claim("log(1 + x) <= x where x > -1"))
    assert certify_claim(claim, seconds=10) == "interval arithmetic on 1 box (1 by a Taylor bound of order 2 at x = 0)"
    narrow = translate(parse_claim("log(x) <= 10 where 0 < x < 22026"))  # e^10 = 22026.47: true
    assert certify_claim(narrow, seconds=10) is not None
    wider = translate(parse_claim("log(x) <= 10 where 0 < x < 22027"))  # false at 22026.5
    with mpmath.workdps(50):
        assert mpmath.log(mpmath.mpf("22026.5")) > 10
    assert certify_claim(wider, seconds=10) is None
    assert certify_claim(translate(parse_claim("KL(p, q) >= 0")), seconds=10) is None  # vectors: not its job


@pytest.mark.slow
def test_a_claim_in_one_variable_gets_its_certificate_before_the_full_prover() -> None:
    """exp(x) >= 1 + x: no quick rewriting and no lemma prove it; the certificate does, before the slow rewritings."""
    verdict = check("exp(x) >= 1 + x")
    assert verdict.verdict == "proved" and verdict.method.startswith("interval arithmetic: ")
    assert "(no quick symbolic proof or proof by a lemma)" in verdict.message
